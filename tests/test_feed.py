"""The change feed: numbers only for changes, and a reader resuming from its cursors sees
every change exactly once, in order, while four writers write for 30 s, some of them
slow between taking their numbers and writing (the case a plain counter gets wrong)."""

from __future__ import annotations

import contextlib
import json
import random
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from crawler.contract import violation
from crawler.documents import article_document
from crawler.extract import Article
from crawler.feed import Feed, read_changes
from crawler.services import Endpoints
from crawler.storage import ArticleStore, error_document
from tests.conftest import ROOT, run_cli

WRITERS = 4
WRITE_FOR_S = 30.0


def _article(url: str, version: int, views: int = 0) -> dict[str, Any]:
    article = Article(url=url, canonical_url=url, domain="feed.test", page_type="article",
                      title=f"Story {url[-6:]} v{version}", text=f"Body {version}.",
                      paragraphs=[f"Body {version}."], word_count=2, views=views,
                      content_hash=f"{url}-{version}")
    return article_document(article, fetched_url=url, status=200, rendered=False,
                            elapsed_ms=1)


def _seq(store: ArticleStore, url: str) -> int:
    doc = store.articles.find_one({"url": url}, {"crawl": 1})
    assert doc is not None
    return int(doc["crawl"]["seq"])


def test_only_a_change_takes_a_new_number(store: ArticleStore) -> None:
    url = "https://feed.test/a"
    store.upsert_articles([_article(url, 1)], "job-1")
    first = _seq(store, url)
    store.upsert_articles([_article(url, 1, views=500)], "job-2")  # crawled again, counters moved
    assert _seq(store, url) == first
    store.upsert_articles([_article(url, 2)], "job-3")  # the story changed
    assert _seq(store, url) > first
    docs, cursor = read_changes(store.db, first)
    assert [d["url"] for d in docs] == [url] and cursor == _seq(store, url)
    assert read_changes(store.db, cursor) == ([], cursor)


class _SlowFeed(Feed):
    """Holds its numbers a while before the write, as a writer descheduled or on a slow
    link would: a reader that passed them would never see the write."""

    @contextlib.contextmanager
    def numbers(self, count: int) -> Iterator[list[int]]:
        with super().numbers(count) as taken:
            time.sleep(random.uniform(0, 0.15))
            yield taken


def _write(store: ArticleStore, stop: threading.Event, urls: list[str], lock: threading.Lock,
           rng: random.Random) -> None:
    versions: dict[str, int] = {}
    while not stop.is_set():
        batch = []
        for _ in range(rng.randint(1, 6)):
            with lock:
                if urls and rng.random() < 0.3:  # an update of a known article
                    url = rng.choice(urls)
                else:
                    url = f"https://feed.test/{uuid.uuid4().hex}"
                    urls.append(url)
            versions[url] = versions.get(url, 0) + 1
            batch.append(_article(url, versions[url]))
        store.upsert_articles(batch, "feed-job")


@pytest.fixture
def writers_db(endpoints: Endpoints) -> Iterator[str]:
    name = f"feed_{uuid.uuid4().hex[:8]}"
    ArticleStore(endpoints.mongo_uri, name).ensure_indexes()
    yield name
    ArticleStore(endpoints.mongo_uri, name).client.drop_database(name)


def test_a_reader_sees_every_change_once_in_order_under_concurrent_writers(
        endpoints: Endpoints, writers_db: str) -> None:
    stores = [ArticleStore(endpoints.mongo_uri, writers_db) for _ in range(WRITERS)]
    for st in stores[::2]:  # half the writers are slow between numbers and write
        st.feed = _SlowFeed(st.db)
    stop, lock, urls = threading.Event(), threading.Lock(), []
    threads = [threading.Thread(target=_write, args=(st, stop, urls, lock, random.Random(i)),
                                daemon=True) for i, st in enumerate(stores)]
    reader = ArticleStore(endpoints.mongo_uri, writers_db)
    seen: list[tuple[str, int]] = []
    cursor = 0
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + WRITE_FOR_S
    while time.monotonic() < deadline:
        docs, after = read_changes(reader.db, cursor, limit=random.choice([0, 7]))
        seen += [(d["url"], int(d["crawl"]["seq"])) for d in docs]
        assert after >= cursor
        cursor = after
        time.sleep(0.05)
    stop.set()
    for thread in threads:
        thread.join(30)
    while True:  # what the writers left
        docs, after = read_changes(reader.db, cursor)
        seen += [(d["url"], int(d["crawl"]["seq"])) for d in docs]
        if after == cursor:
            break
        cursor = after

    numbers = [seq for _, seq in seen]
    assert len(seen) > 500, "the writers wrote too little to prove anything"
    assert numbers == sorted(numbers) and len(set(numbers)) == len(numbers), \
        "changes out of order, or read twice"
    # Every article's last change was seen: none was skipped behind a cursor.
    final = {(d["url"], int(d["crawl"]["seq"])) for d in reader.articles.find({}, {"url": 1,
                                                                                 "crawl": 1})}
    missed = final - set(seen)
    assert not missed, f"{len(missed)} changes skipped, e.g. {sorted(missed)[:3]}"
    assert len(final) == len(urls)
    for st in [*stores, reader]:
        st.close()


def test_export_since_resumes_where_it_stopped(endpoints: Endpoints, store: ArticleStore
                                               ) -> None:
    env = {"MONGO_URI": endpoints.mongo_uri, "MONGO_DATABASE": store.db.name}
    store.upsert_articles([_article(f"https://feed.test/{i}", 1) for i in range(5)], "job")
    first = run_cli("export", "--since", "0", "--limit", "3", env=env)
    assert first.returncode == 0, first.stderr
    assert len(first.stdout.splitlines()) == 3
    cursor = first.stderr.split("next cursor: ")[1].split()[0]
    store.upsert_articles([_article("https://feed.test/0", 2)], "job")  # changed meanwhile
    rest = run_cli("export", "--since", cursor, env=env)
    urls = [line.split('"url": "')[1].split('"')[0] for line in rest.stdout.splitlines()]
    assert urls == ["https://feed.test/3", "https://feed.test/4", "https://feed.test/0"]
    refused = run_cli("export", "--since", "0", "--job", "x", env=env)
    assert refused.returncode == 2 and "--since" in refused.stderr


def test_the_feed_benchmark_runs_and_reports_its_keys() -> None:
    """Its speed is the benchmark's business; that it runs and counts right is this test's."""
    done = subprocess.run([sys.executable, "-m", "benchmarks.feed", "--articles", "120",
                           "--rounds", "1"], cwd=ROOT, capture_output=True, text=True,
                          timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["feed_changes"] == result["feed_read_paged"] == 120
    assert result["numbers_taken_by_rewrite"] == 0
    for key in ("upserts_per_s_with_seq", "upserts_per_s_without_seq", "seq_overhead",
                "rewrite_unchanged_per_s", "feed_read_per_s", "feed_read_paged_per_s"):
        assert isinstance(result[key], float), key


def test_migrate_brings_version_1_articles_into_the_feed(endpoints: Endpoints,
                                                         store: ArticleStore) -> None:
    env = {"MONGO_URI": endpoints.mongo_uri, "MONGO_DATABASE": store.db.name}
    seen = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
    old = [{**_article(f"https://feed.test/v1/{i}", 1), "schema_version": 1,
            "crawl": {"job_id": "old", "job_ids": ["old"], "first_seen": seen,
                      "last_seen": seen, "crawl_count": 1}} for i in range(7)]
    store.articles.insert_many(old)
    store.upsert_articles([_article("https://feed.test/v2", 1)], "new")  # already v2
    assert [d["url"] for d in read_changes(store.db, 0)[0]] == ["https://feed.test/v2"]

    done = run_cli("migrate", env=env)
    assert done.returncode == 0, done.stderr
    assert "7 article(s) migrated to schema_version 2 (7 found older)" in done.stderr
    docs = {d["url"]: d for d in store.articles.find({})}
    assert {d["schema_version"] for d in docs.values()} == {2}
    migrated = docs["https://feed.test/v1/3"]["crawl"]
    assert migrated["changed_at"] == seen and migrated["crawl_count"] == 1
    feed = [d["url"] for d in read_changes(store.db, 0)[0]]
    assert sorted(feed) == sorted(docs) and len(feed) == 8

    # Crawled again unchanged, a migrated article keeps its number; nothing is left to do.
    number = migrated["seq"]
    store.upsert_articles([_article("https://feed.test/v1/3", 1)], "again")
    assert _seq(store, "https://feed.test/v1/3") == number
    again = run_cli("migrate", env=env)
    assert again.returncode == 0 and "0 article(s) migrated" in again.stderr


def test_a_changed_body_keeps_the_version_it_replaced(endpoints: Endpoints,
                                                      store: ArticleStore) -> None:
    env = {"MONGO_URI": endpoints.mongo_uri, "MONGO_DATABASE": store.db.name}
    url = "https://feed.test/revised"
    store.upsert_articles([_article(url, 1)], "job-1")
    store.upsert_articles([_article(url, 1, views=9)], "job-2")  # counters only: no revision
    assert store.revisions.count_documents({}) == 0
    store.upsert_articles([_article(url, 2)], "job-3")
    store.upsert_articles([_article(url, 3)], "job-4")
    revisions = sorted(store.revisions.find({"url": url}), key=lambda r: r["seen_at"])
    assert [(r["text"], r["replaced_by"]) for r in revisions] == [
        ("Body 1.", "job-3"), ("Body 2.", "job-4")]
    assert all(violation("revision", r) is None for r in revisions)
    assert revisions[0]["content_hash"] == f"{url}-1"

    done = run_cli("history", url, "--json", env=env)
    assert done.returncode == 0, done.stderr
    texts = [json.loads(line)["text"] for line in done.stdout.splitlines()]
    assert texts == ["Body 3.", "Body 2.", "Body 1."]
    table = run_cli("history", url, env=env)
    assert table.returncode == 0 and "2 earlier version(s)" in table.stderr
    missing = run_cli("history", "https://feed.test/never", env=env)
    assert missing.returncode == 2 and "no article is stored" in missing.stderr


def test_an_errors_document_always_fits_its_schema() -> None:
    fine = error_document("https://feed.test/x", "fetch", "HTTP 500", "job", status=500)
    assert violation("error", fine) is None and fine["stage"] == "fetch"
    broken = error_document("https://feed.test/x", "fetch", "HTTP 500", "job", status="500")
    assert violation("error", broken) is None
    assert broken["stage"] == "schema" and "status" in broken["reason"]
    assert "fetch: HTTP 500" in broken["reason"]
