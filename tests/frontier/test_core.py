"""The frontier's Lua scripts on a real Redis: dedup, priorities, budgets, leases."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator

import pytest
import redis

from crawler.config import CrawlerConfig
from crawler.frontier import Entry, Frontier, FrontierSettings, Lease, connect, job_prefix
from crawler.frontier.requests import blob_for_url
from crawler.frontier.traps import PatternLinks
from crawler.services import Endpoints


@pytest.fixture
def client(endpoints: Endpoints) -> Iterator[redis.Redis]:
    yield connect(endpoints.redis_url)


def _settings(**settings: object) -> FrontierSettings:
    """The configured defaults with ``settings`` (FRONTIER_* without the prefix) changed."""
    return CrawlerConfig.load(**{f"frontier_{k}": v for k, v in settings.items()}
                              ).frontier_settings()


def _frontier(client: redis.Redis, **settings: object) -> Iterator[Frontier]:
    job = f"test-{uuid.uuid4().hex[:8]}"
    yield Frontier.create(client, job, _settings(**settings))
    keys = list(client.scan_iter(match=f"{job_prefix(job)}*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def fast(client: redis.Redis) -> Iterator[Frontier]:
    yield from _frontier(client, site_rps=1000, site_concurrency=100, lease_s=1)


def entries(site: str, paths: list[str], priority: int = 0) -> list[Entry]:
    out = []
    for path in paths:
        url = f"http://{site}{path}"
        blob, fp = blob_for_url(url, priority)
        out.append(Entry(blob, fp, url, priority))
    return out


def take_all(frontier: Frontier, limit: float = 5.0) -> list[Lease]:
    taken: list[Lease] = []
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        got = frontier.take()
        if isinstance(got, Lease):
            taken.append(got)
        elif got < 0:
            break
        else:
            time.sleep(min(got, 50) / 1000)
    return taken


@pytest.mark.parametrize("seen", ["exact", "bloom"])
def test_a_url_is_queued_once(client: redis.Redis, seen: str) -> None:
    for frontier in _frontier(client, seen=seen, expected_urls=10_000, site_rps=1000,
                              site_concurrency=100):
        batch = entries("a.test", [f"/{i}" for i in range(50)])
        assert frontier.push(batch) == 50
        assert frontier.push(batch[:10] + entries("a.test", ["/new"])) == 1
        assert frontier.counts()["duplicates"] == 10
        assert len(take_all(frontier)) == 51


def test_dont_filter_requests_are_queued_again_and_marked_seen(fast: Frontier) -> None:
    [seed] = entries("a.test", ["/"])
    forced = Entry(seed.blob, seed.fingerprint, seed.url, dont_filter=True)
    assert fast.push([forced]) == 1
    assert fast.push([forced]) == 0  # the same request is still queued: once is enough
    assert fast.push([seed]) == 0  # a plain link to it later is a duplicate
    assert len(take_all(fast)) == 1
    assert fast.push([forced]) == 1
    assert fast.queued() == 1


def test_higher_priority_first_then_oldest(fast: Frontier) -> None:
    fast.push(entries("a.test", ["/deep1", "/deep2"]))
    fast.push(entries("a.test", ["/listing"], priority=10))
    urls = [lease.blob.split('"url":"')[1].split('"')[0] for lease in take_all(fast)]
    assert urls == ["http://a.test/listing", "http://a.test/deep1", "http://a.test/deep2"]


def test_site_budget_spaces_fetches_and_caps_concurrency(client: redis.Redis) -> None:
    for frontier in _frontier(client, site_rps=20, site_concurrency=2, lease_s=30):
        frontier.push(entries("a.test", [f"/{i}" for i in range(4)]))
        frontier.push(entries("b.test", ["/x"]))
        first = frontier.take()
        second = frontier.take()  # the other site: no wait
        assert isinstance(first, Lease) and isinstance(second, Lease)
        wait = frontier.take()
        assert isinstance(wait, int) and 0 < wait <= 50  # a.test's next slot is 50 ms away
        time.sleep(0.06)
        third = frontier.take()
        assert isinstance(third, Lease)
        time.sleep(0.06)
        blocked = frontier.take()  # two of a.test in flight: at its cap
        assert isinstance(blocked, int) and blocked > 10**9
        frontier.fetched(first.id)  # its download is over: the slot is free, the lease held
        time.sleep(0.06)
        assert isinstance(frontier.take(), Lease)
        assert frontier.leased() == 4


def test_an_expired_lease_returns_to_the_queue(fast: Frontier) -> None:
    fast.push(entries("a.test", ["/1", "/2"]))
    first, second = take_all(fast)
    fast.ack([second.id])
    assert fast.reap() == (0, 0)
    time.sleep(1.1)
    assert fast.reap() == (1, 0)
    [again] = take_all(fast)
    assert again.blob == first.blob and again.id != first.id
    assert fast.ack([first.id]) == 0  # the old holder is too late; nothing breaks
    assert fast.ack([again.id]) == 1
    assert fast.try_finish("no-renders") == 1
    assert fast.try_finish("no-renders") == 0  # marked once


def test_renewed_leases_do_not_expire(fast: Frontier) -> None:
    fast.push(entries("a.test", ["/1"]))
    [lease] = take_all(fast)
    for _ in range(3):
        time.sleep(0.5)
        assert fast.renew([lease.id]) == 1
    assert fast.reap() == (0, 0)


def test_a_request_that_keeps_expiring_is_given_up(client: redis.Redis) -> None:
    for frontier in _frontier(client, site_rps=1000, lease_s=1, max_attempts=2):
        frontier.push(entries("a.test", ["/poison"]))
        for expected in ((1, 0), (0, 1)):
            assert len(take_all(frontier)) == 1
            time.sleep(1.05)
            assert frontier.reap() == expected
        assert "/poison" in frontier.pop_dropped()[0]
        assert frontier.try_finish("no-renders") == 1


def test_job_is_not_finished_while_work_remains(fast: Frontier, client: redis.Redis) -> None:
    fast.push(entries("a.test", ["/1"]))
    assert fast.try_finish("no-renders") == -1
    [lease] = take_all(fast)
    assert fast.try_finish("no-renders") == -1
    fast.ack([lease.id])
    pending = f"{fast.prefix}:render:pending"
    client.sadd(pending, "http://a.test/js")
    assert fast.try_finish(pending) == -1
    client.srem(pending, "http://a.test/js")
    assert fast.try_finish(pending) == 1


def test_joining_keeps_the_creators_settings(fast: Frontier, client: redis.Redis) -> None:
    joined = Frontier.create(client, fast.job_id, _settings(site_rps=1.0))
    assert joined.settings == fast.settings


def test_exact_seen_set_is_compact(client: redis.Redis) -> None:
    for frontier in _frontier(client, expected_urls=20_000, site_rps=1000):
        for start in range(0, 20_000, 1000):
            frontier.push(entries("a.test", [f"/{i}" for i in range(start, start + 1000)]))
        # 8-byte intset members plus per-key overhead; scrapy-redis's hex set is ~100.
        assert frontier.seen_bytes_per_url() < 12


def test_a_site_takes_no_more_than_its_cap(client: redis.Redis) -> None:
    for frontier in _frontier(client, site_rps=1000, max_pages_per_site=3):
        assert frontier.push(entries("a.test", [f"/{i}" for i in range(5)])) == 3
        assert frontier.push(entries("b.test", ["/1"])) == 1  # another site's own cap
        assert frontier.push(entries("a.test", ["/9"])) == 0
        counts = frontier.counts()
        assert (counts["queued"], counts["capped"]) == (4, 3)


def test_pattern_links_tell_a_listing_from_a_trap() -> None:
    """A listing's next page lists other pages; a trap's next page links what its
    pattern's pages linked already, even when other patterns linked those first."""
    listed = PatternLinks(capacity=1_000)
    assert listed.record("s/tag/{slug}?", ["s/a/1", "s/a/2"]) == (False, True)
    assert listed.record("s/tag/{slug}?", ["s/a/2", "s/a/3"]) == (True, True)  # a/3 is new
    assert listed.record("s/tag/{slug}?", ["s/a/1", "s/a/3"]) == (True, False)
    # Another pattern's history is its own.
    assert listed.record("s/latest?", ["s/a/1"]) == (False, True)
    assert listed.record("s/latest?", []) == (True, False)
    # Past its capacity the memory starts again rather than err more often.
    for n in range(600):
        listed.record("s/cal/{n}", [f"s/x/{n}", f"s/y/{n}"])
    assert listed.record("s/tag/{slug}?", ["s/a/1"]) == (False, True)


@pytest.mark.parametrize("seen", ["exact", "bloom"])
def test_pages_marked_seen_are_not_queued_and_are_reported_seen(client: redis.Redis,
                                                                seen: str) -> None:
    for frontier in _frontier(client, seen=seen, expected_urls=1000):
        known = entries("a.test", ["/old/1", "/old/2"])
        assert frontier.mark_seen(e.fingerprint for e in known) == 2
        assert frontier.mark_seen(e.fingerprint for e in known) == 0  # once
        fresh = entries("a.test", ["/new/1"])
        assert frontier.contains([e.fingerprint for e in known + fresh]) == [True, True, False]
        assert frontier.push(known + fresh) == 1  # only the page not marked
        assert [lease.blob for lease in take_all(frontier)] == [fresh[0].blob]
