"""Idempotent upserts against the embedded Mongo wire server through pymongo."""

from __future__ import annotations

import threading
from datetime import timedelta

from crawler.storage import ArticleStore, utcnow


def _doc(url: str, title: str = "t") -> dict[str, object]:
    return {"url": url, "title": title, "published_at": utcnow() - timedelta(days=1),
            "domain": "news.example", "text": "body"}


def test_new_then_known_article(store: ArticleStore) -> None:
    assert store.upsert_articles([_doc("u1"), _doc("u2")], "job-a") == {"inserted": 2, "updated": 0}
    first = store.articles.find_one({"url": "u1"})
    assert first is not None and first["crawl"]["crawl_count"] == 1

    assert store.upsert_articles([_doc("u1", "new title")], "job-b") == {"inserted": 0, "updated": 1}
    again = store.articles.find_one({"url": "u1"})
    assert again is not None
    assert store.articles.count_documents({}) == 2
    assert again["title"] == "new title"
    assert again["crawl"]["crawl_count"] == 2
    assert again["crawl"]["job_id"] == "job-b"
    assert again["crawl"]["first_seen"] == first["crawl"]["first_seen"]
    assert again["crawl"]["last_seen"] >= first["crawl"]["last_seen"]


def test_dates_stay_dates_after_updates(store: ArticleStore) -> None:
    store.upsert_articles([_doc("u1")], "j")
    store.upsert_articles([_doc("u1")], "j")
    since = utcnow() - timedelta(days=2)
    assert store.articles.count_documents({"published_at": {"$gte": since}}) == 1
    assert store.articles.count_documents({"crawl.last_seen": {"$gte": since}}) == 1


def test_concurrent_writers_lose_no_increment(store: ArticleStore) -> None:
    writers, rounds = 4, 5
    uri = store.client.address
    assert uri is not None

    def write() -> None:
        own = ArticleStore(f"mongodb://{uri[0]}:{uri[1]}/", store.articles.database.name)
        for _ in range(rounds):
            own.upsert_articles([_doc("shared")], "j")
        own.close()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    docs = list(store.articles.find({"url": "shared"}))
    assert len(docs) == 1
    assert docs[0]["crawl"]["crawl_count"] == writers * rounds


def test_indexes_and_errors(store: ArticleStore) -> None:
    names = {ix["name"] for ix in store.articles.list_indexes()}
    assert any("url" in n for n in names)
    store.record_error("http://x/", "fetch", "HTTP 500", "j", status=500)
    err = store.errors.find_one({"job_id": "j"})
    assert err is not None and err["stage"] == "fetch" and err["status"] == 500
