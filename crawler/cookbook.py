"""The queries downstream teams run on ``articles``, each backed by an index
(``ArticleStore.ensure_indexes``), written so that they give the same answer on MongoDB
and on the embedded nx-27017 server. The README's "Query cookbook" shows each in mongosh;
``tests/test_cookbook.py`` runs each on a database built for it.

    from pymongo import MongoClient
    from crawler import cookbook
    db = MongoClient(URI).newscrawler
    cookbook.latest_per_domain(db)
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pymongo import ASCENDING, DESCENDING
from pymongo.database import Database

Doc = dict[str, Any]
# The index each query relies on (crawler.storage.ARTICLE_INDEXES, and the text index).
USES = {"latest_per_domain": "domain_published", "by_category_between": "category_published",
        "full_text": "title_text", "changed_since": "changed",
        "near_duplicate_candidates": "simhash_bands", "low_confidence": "confidence"}
# What a listing of articles shows; the body is left out (fetch it by URL).
SUMMARY = {"_id": 0, "url": 1, "title": 1, "domain": 1, "category": 1, "published_at": 1,
           "authors": 1, "crawl": 1, "extraction": 1}


def latest_per_domain(db: Database[Doc], per_domain: int = 1) -> dict[str, list[Doc]]:
    """The newest ``per_domain`` articles of every domain (index: domain + published_at).

    One indexed query per domain rather than a ``$group`` over the collection: it reads
    ``per_domain`` documents per domain whatever the collection's size."""
    latest = {}
    for domain in sorted(db.articles.distinct("domain")):
        latest[domain] = list(db.articles.find({"domain": domain}, SUMMARY)
                              .sort("published_at", DESCENDING).limit(per_domain))
    return latest


def by_category_between(db: Database[Doc], category: str, start: datetime, end: datetime,
                        limit: int = 100) -> list[Doc]:
    """A category's articles published in [start, end), newest first (index: category +
    published_at)."""
    query = {"category": category, "published_at": {"$gte": start, "$lt": end}}
    return list(db.articles.find(query, SUMMARY).sort("published_at", DESCENDING)
                .limit(limit))


def full_text(db: Database[Doc], words: str, limit: int = 20) -> list[Doc]:
    """Articles whose title or body has the words (the text index on title + text, no
    language stemming: every language is indexed alike). Best match first on MongoDB; on
    nx-27017, which gives no ``textScore``, in its own order."""
    found = db.articles.find({"$text": {"$search": words}}, SUMMARY).limit(limit)
    return list(found)


def changed_since(db: Database[Doc], since: datetime, limit: int = 1000) -> list[Doc]:
    """Articles new or changed at or after ``since``, oldest change first (index:
    crawl.changed_at). For reading every change exactly once, use the change feed
    (``export --since CURSOR``); this is for a look at a period."""
    found = db.articles.find({"crawl.changed_at": {"$gte": since}}, SUMMARY).sort(
        "crawl.changed_at", ASCENDING).limit(limit)
    # nx-27017's find compares dates to the second (its count, to the millisecond): what
    # changed earlier in the same second as ``since`` is dropped here. A no-op on MongoDB.
    return [doc for doc in found if doc["crawl"]["changed_at"] >= since]


def near_duplicate_candidates(db: Database[Doc], url: str, limit: int = 100) -> list[Doc]:
    """Articles that may be copies of the one at ``url``: sharing a simhash band or a
    paragraph (indexes: simhash_bands, paragraph_keys; ``$in``, which nx-27017 answers
    where it does not answer an equality on an indexed array). ``python -m crawler
    similar URL`` then measures each (``ArticleStore.near_duplicates``)."""
    this = db.articles.find_one({"url": url}, {"simhash_bands": 1, "paragraph_keys": 1})
    if this is None:
        return []
    query = {"url": {"$ne": url}, "$or": [
        {"simhash_bands": {"$in": this.get("simhash_bands") or []}},
        {"paragraph_keys": {"$in": this.get("paragraph_keys") or []}}]}
    return list(db.articles.find(query, SUMMARY).limit(limit))


def low_confidence(db: Database[Doc], below: float = 0.5, limit: int = 100) -> list[Doc]:
    """Bodies worth a look: extraction confidence under ``below``, least sure first
    (index: extraction.confidence)."""
    return list(db.articles.find({"extraction.confidence": {"$lt": below}}, SUMMARY)
                .sort("extraction.confidence", ASCENDING).limit(limit))
