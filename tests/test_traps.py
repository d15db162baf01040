"""Traps end by themselves: a calendar, session ids, a faceted search, an endless
pagination, a redirect loop and self-stacking relative links, on a site of their own;
the site's server counts every fetch. The same site lists some articles only in its
sitemaps (named by robots.txt: an index, a news sitemap, a gzipped one) and some only
in its RSS feed."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from crawler.demosite.traps import ARTICLES, TrapSite
from crawler.services import Endpoints
from crawler.storage import ArticleStore
from crawler.urls import LinkPolicy, far_future, repeats_a_segment, without_session_ids
from tests.conftest import run_cli

TRAP_PAGES = 10


@pytest.fixture(scope="module")
def crawled(endpoints: Endpoints) -> Iterator[tuple[TrapSite, ArticleStore, str]]:
    site = TrapSite(0).start()
    database = f"traps_{uuid.uuid4().hex[:8]}"
    job = f"traps-{uuid.uuid4().hex[:8]}"
    result = run_cli(
        "crawl", site.url, "--allow-private", "--render", "never", "--job", job, timeout=180,
        env={"REDIS_URL": endpoints.redis_url, "MONGO_URI": endpoints.mongo_uri,
             "MONGO_DATABASE": database, "FRONTIER_SITE_RPS": "20",
             "FRONTIER_SITE_CONCURRENCY": "4", "FRONTIER_TRAP_PAGES": str(TRAP_PAGES)})
    assert result.returncode == 0, result.stderr  # the crawl ended by itself
    store = ArticleStore(endpoints.mongo_uri, database)
    yield site, store, job
    store.client.drop_database(database)
    store.close()
    site.stop()


def test_every_article_is_stored_and_nothing_else(  # sitemap- and feed-only ones too
        crawled: tuple[TrapSite, ArticleStore, str]) -> None:
    site, store, job = crawled
    stored = {d["url"] for d in store.articles.find({"crawl.job_id": job}, {"url": 1})}
    assert stored == {site.url.rstrip("/") + path for path in ARTICLES}


def test_each_trap_costs_a_bounded_number_of_fetches(
        crawled: tuple[TrapSite, ArticleStore, str]) -> None:
    fetches = crawled[0].fetches()
    assert fetches["articles"] == len(ARTICLES)
    assert fetches["/login"] <= 2  # one page once its session id is gone
    assert fetches["/loop/"] <= 3
    assert fetches["/docs/"] <= 3
    for trap in ("/calendar/", "/shop", "/archive/"):
        # The pattern's pages until it is found, plus those already in flight.
        assert fetches[trap] <= TRAP_PAGES + 15, (trap, fetches)


def test_traps_found_are_reported(crawled: tuple[TrapSite, ArticleStore, str]) -> None:
    _, store, job = crawled
    reasons = [e["reason"] for e in store.errors.find({"job_id": job, "stage": "trap"})]
    for pattern in ("/calendar/{n}/{n}", "/shop?", "/archive/page/{n}"):
        assert any(pattern in reason for reason in reasons), (pattern, reasons)
    document = store.get_job(job)
    assert document is not None and document["status"] == "finished"
    # Pages by type and why: the articles declare themselves; calendar, shop and archive
    # pages show no article frame.
    assert document["page_types"]["article/declared"] == len(ARTICLES)
    assert document["page_types"].get("other/og:type=website", 0) >= 3 * TRAP_PAGES
    # Links not queued, by why, reach the job document too.
    refused = document["links_refused"]
    assert refused.get("repeated-path", 0) > 0  # docs/docs/docs/


def test_session_and_tracking_parameters_are_dropped() -> None:
    names = frozenset({"sid", "jsessionid"})
    assert without_session_ids("https://a.example/p?id=3&sid=99&utm_source=x&fbclid=1",
                               names) == "https://a.example/p?id=3"
    assert without_session_ids("https://a.example/p;jsessionid=AB12?id=3", names) == \
        "https://a.example/p?id=3"
    assert without_session_ids("https://a.example/p?cid=4&ref=home", names) == \
        "https://a.example/p?cid=4&ref=home"  # a category id, a real parameter
    page = "https://a.example/"
    decision = LinkPolicy(drop_params=names).follow(
        page, ["https://a.example/login?sid=1", "https://a.example/login?sid=2"])
    assert decision.links == ["https://a.example/login"]


def test_calendar_and_stacked_paths_are_refused() -> None:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    assert far_future("https://a.example/calendar/2028/01", now)
    assert far_future("https://a.example/events?month=2031-04", now)
    assert not far_future("https://a.example/calendar/2027/12", now)
    assert not far_future("https://a.example/2026/11/30/budget-vote", now)
    assert far_future("https://a.example/archive?from=2031-04-01&to=2031-04-30", now)
    # A four-digit id is not a year unless a month stands beside it.
    assert not far_future("https://a.example/blogs/2030/tram-line-opens", now)
    assert not far_future("https://a.example/story/2100", now)
    assert not far_future("https://a.example/?p=2100&page=3", now)
    assert not far_future("https://a.example/news/9912-harbour-report", now)
    assert repeats_a_segment("https://a.example/docs/docs/docs/")
    assert repeats_a_segment("https://a.example/a/b/a/b/a/b")
    assert not repeats_a_segment("https://a.example/2024/01/01/01-news")
