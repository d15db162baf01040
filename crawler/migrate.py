"""``python -m crawler migrate``: bring stored articles to the current ``schema_version``.

Version 1 to 2: the change feed. A version-1 article gets ``crawl.seq`` (a number of the
feed, so readers from cursor 0 see it), ``crawl.change_key`` and ``crawl.changed_at``
(its ``last_seen``). Each article is replaced under a check on its version: one a
crawl rewrote meanwhile (it is version 2 then) is left as the crawl wrote it. Running it
again migrates nothing.
"""

from __future__ import annotations

from typing import Any

from pymongo import ReplaceOne

from crawler.feed import change_key
from crawler.storage import SCHEMA_VERSION, ArticleStore, utcnow

BATCH = 500


def _old(version: int) -> dict[str, Any]:
    return {"$or": [{"schema_version": {"$lt": version}},
                    {"schema_version": {"$exists": False}}]}


def pending(store: ArticleStore) -> int:
    """Articles stored under an older schema version."""
    return store.articles.count_documents(_old(SCHEMA_VERSION))


def migrate_articles(store: ArticleStore, batch: int = BATCH) -> int:
    """Migrate every older article to ``SCHEMA_VERSION``; how many were."""
    migrated = 0
    skipped: set[Any] = set()  # rewritten by a crawl meanwhile, or refused
    while True:
        query = {**_old(SCHEMA_VERSION), "_id": {"$nin": list(skipped)}}
        docs = list(store.articles.find(query).sort("_id", 1).limit(batch))
        if not docs:
            return migrated
        with store.feed.numbers(len(docs)) as numbers:
            ops = [ReplaceOne({"_id": doc["_id"], "schema_version": doc.get("schema_version")},
                              _to_v2(doc, number)) for doc, number in zip(docs, numbers,
                                                                           strict=True)]
            result = store.articles.bulk_write(ops, ordered=False)
        migrated += result.modified_count
        if result.modified_count < len(docs):
            skipped |= {doc["_id"] for doc in docs}


def _to_v2(doc: dict[str, Any], number: int) -> dict[str, Any]:
    crawl = dict(doc.get("crawl") or {})
    crawl.update(seq=number, change_key=change_key(doc),
                 changed_at=crawl.get("last_seen") or utcnow())
    return {**doc, "crawl": crawl, "schema_version": SCHEMA_VERSION}
