"""MongoDB storage: articles, jobs and errors.

Articles are upserted in bulk, keyed on the canonical URL. Each write replaces
the whole document under an optimistic version check on ``crawl.crawl_count``:
the previous document is read, ``crawl.first_seen`` kept and the count bumped
in Python, then ``ReplaceOne({url, crawl.crawl_count: old}, doc, upsert=True)``.
A concurrent writer makes the filter miss, the upsert hit the unique index and
the write is retried from a fresh read, so no increment is lost and no
duplicate is created.

Why not ``$set``/``$setOnInsert``/``$inc``: the embedded nx-27017 server stores
dotted ``$setOnInsert``/``$inc`` paths as literal field names on insert and
turns datetimes written with ``$set`` into strings, after which date range
queries miss them. Whole-document replacement keeps real dates on it and on
MongoDB alike.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import random
import time
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

from pymongo import ASCENDING, DESCENDING, TEXT, MongoClient, ReplaceOne
from pymongo.collection import Collection
from pymongo.errors import BulkWriteError, OperationFailure
from w3lib.url import canonicalize_url

from crawler.contract import violation
from crawler.feed import Feed, change_key

logger = logging.getLogger(__name__)

# 2: crawl.seq, crawl.changed_at, crawl.change_key (the change feed); python -m crawler
# migrate brings version-1 articles there.
SCHEMA_VERSION = 2
_DUPLICATE_KEY = 11000
# Optimistic retries under contention: enough for a few writers racing on one URL
# (tests: 4 writers x 5 rounds), with jittered backoff so they stop colliding.
_MAX_WRITE_ATTEMPTS = 20
_BACKOFF_S = 0.005
# Keys of edited copies of a story (a paragraph dropped or added, one word in a hundred
# changed) measured 0 to 13 bits apart; different stories 18 or more (5,356 pairs of
# benchmark articles).
NEAR_DUPLICATE_MAX_DISTANCE = 10
NEAR_DUPLICATE_MAX_CANDIDATES = 10_000  # a safety cap on the articles compared
BOILERPLATE_PARAGRAPH_ARTICLES = 100

Document = dict[str, Any]
# The indexes of ``articles`` by name (and the text index "title_text" on title + text):
# each documented query, crawler.cookbook's included, names the one it relies on.
ARTICLE_INDEXES: dict[str, list[tuple[str, int]]] = {
    "url_unique": [("url", ASCENDING)],
    "domain_published": [("domain", ASCENDING), ("published_at", DESCENDING)],
    "category": [("category", ASCENDING)],
    "category_published": [("category", ASCENDING), ("published_at", DESCENDING)],
    "content_hash": [("content_hash", ASCENDING)],
    "simhash_bands": [("simhash_bands", ASCENDING)],
    "paragraph_keys": [("paragraph_keys", ASCENDING)],
    "job": [("crawl.job_id", ASCENDING)],
    "jobs": [("crawl.job_ids", ASCENDING)],
    "confidence": [("extraction.confidence", ASCENDING)],
    "feed": [("crawl.seq", ASCENDING)],
    "changed": [("crawl.changed_at", ASCENDING)],
}


def utcnow() -> datetime:
    # Mongo keeps milliseconds; truncating here makes stored and in-memory values equal.
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


class ArticleStore:
    """The three collections of a crawl database, and the writes made to them."""

    def __init__(self, uri: str, database: str, *, timeout_ms: int = 10_000) -> None:
        # timeout_ms: how long a write waits for an unreachable server before it fails
        # (and the caller spills).
        self.client: MongoClient[Document] = MongoClient(
            uri, tz_aware=True, serverSelectionTimeoutMS=timeout_ms, appname="newscrawler"
        )
        db = self.client[database]
        self.db = db
        self.feed = Feed(db)
        self.articles: Collection[Document] = db["articles"]
        self.jobs: Collection[Document] = db["jobs"]
        self.errors: Collection[Document] = db["errors"]
        self.revisions: Collection[Document] = db["article_revisions"]

    def close(self) -> None:
        self.client.close()

    def ensure_indexes(self) -> None:
        """Create the indexes the documented queries rely on (idempotent)."""
        for name, keys in ARTICLE_INDEXES.items():
            self.articles.create_index(keys, name=name, unique=name == "url_unique")
        try:
            self.articles.create_index(
                [("title", TEXT), ("text", TEXT)], name="title_text", default_language="none"
            )
        except OperationFailure as exc:  # a server without text indexes still stores articles
            # nx-27017 fails ("constraint failed") to create again a text index it has
            # (and does not list it): a text search that works says it is there.
            try:
                self.articles.find_one({"$text": {"$search": "index"}})
            except OperationFailure:
                logger.warning("text index not created: %s", exc)
        self.errors.create_index([("job_id", ASCENDING), ("at", DESCENDING)], name="job_at")
        self.revisions.create_index([("url", ASCENDING), ("seen_at", DESCENDING)],
                                    name="url_seen")
        self.jobs.create_index([("job_id", ASCENDING)], unique=True, name="job_unique")

    # -- articles -----------------------------------------------------------------------

    def upsert_articles(self, docs: Iterable[Mapping[str, Any]], job_id: str) -> dict[str, int]:
        """Insert new articles and refresh known ones; returns inserted/updated counts, and
        ``own_url``: articles stored under their fetched URL because the canonical URL
        they declared belongs to a different story (see :func:`_same_story`)."""
        counts = {"inserted": 0, "updated": 0, "own_url": 0, "refused": 0}
        pending: dict[str, Document] = {}
        for given in docs:
            doc = dict(given)
            held = pending.get(doc["url"])
            if held is not None and not _same_story(held, doc):
                borrower = doc if _borrowed(doc) or not _borrowed(held) else held
                if borrower is held:
                    pending[doc["url"]] = doc
                counts["own_url"] += 1
                doc = _under_own_url(borrower)
            pending[doc["url"]] = doc
        for attempt in range(_MAX_WRITE_ATTEMPTS):
            if not pending:
                return counts
            if attempt:
                time.sleep(random.uniform(0, _BACKOFF_S * attempt))
            pending = self._write_round(pending, job_id, counts)
        raise RuntimeError(f"gave up writing {len(pending)} articles after concurrent updates")

    def _write_round(
        self, pending: dict[str, Document], job_id: str, counts: dict[str, int]
    ) -> dict[str, Document]:
        # Whole "fetch" projected: nx-27017 drops dotted sub-field projections.
        stored = {d["url"]: d for d in self._by_urls(
            pending, {"url": 1, "crawl": 1, "fetch": 1, "content_hash": 1, "simhash": 1})}
        now = utcnow()
        entries: list[tuple[str, int, Document]] = []  # url, crawl_count it had, document
        changed: list[Document] = []  # written with a new number of the change feed
        retry: dict[str, Document] = {}
        for url, doc in list(pending.items()):
            held = stored.get(url)
            if held is not None and not _same_story(held, doc):
                counts["own_url"] += 1
                if _borrowed(doc):  # it claims a page that is another story's
                    moved = _under_own_url(doc)
                    retry[moved["url"]] = moved
                    continue
                if _borrowed(held):  # the page itself arrives: its claimant moves out
                    full = self.articles.find_one({"url": {"$eq": url}}, {"_id": 0})
                    if full is not None:
                        moved = _under_own_url(full)
                        retry[moved["url"]] = moved
            old = (held or {}).get("crawl") or {}
            count = int(old.get("crawl_count", 0))
            key = change_key(doc)
            doc["crawl"] = {
                "job_id": job_id,
                "job_ids": _jobs_seen(old, job_id),
                "first_seen": old.get("first_seen", now),
                "last_seen": now,
                "crawl_count": count + 1,
                "change_key": key,
            }
            if old.get("change_key") == key and "seq" in old:  # nothing changed
                doc["crawl"].update(seq=old["seq"], changed_at=old.get("changed_at", now))
            else:
                doc["crawl"]["changed_at"] = now
                changed.append(doc)
            doc["schema_version"] = SCHEMA_VERSION
            entries.append((url, count, doc))
        if not entries:
            return retry
        details: Mapping[str, Any]
        numbers: contextlib.AbstractContextManager[list[int]] = (
            self.feed.numbers(len(changed)) if changed else contextlib.nullcontext([]))
        urls: list[str] = []
        try:
            with numbers as taken:
                for doc, number in zip(changed, taken, strict=True):
                    doc["crawl"]["seq"] = number
                fitting = self._fitting(entries, job_id, counts)
                # Before the articles: a write cut short leaves a revision too many
                # (stored once: its id is its content), never one too few.
                self._keep_revisions([(stored[url], doc) for url, _, doc in fitting
                                      if url in stored and _same_story(stored[url], doc)],
                                     job_id, now)
                ops = []
                for url, count, doc in fitting:
                    # $eq: nx-27017 translates it to a lookup its url index answers;
                    # without it every replace read every article (95 % of its time,
                    # an upsert 8 ms at 1,000 articles and 48 ms at 4,000).
                    ops.append(ReplaceOne({"url": {"$eq": url},
                                           "crawl.crawl_count": {"$eq": count}}, doc,
                                          upsert=True))
                    urls.append(url)
                if not ops:
                    return retry
                result = self.articles.bulk_write(ops, ordered=False)
            details = result.bulk_api_result
        except BulkWriteError as exc:
            details = exc.details
            for err in details.get("writeErrors", []):
                if err.get("code") != _DUPLICATE_KEY:
                    raise
                url = urls[err["index"]]
                retry[url] = pending[url]
        counts["inserted"] += int(details.get("nUpserted", 0))
        counts["updated"] += int(details.get("nModified", 0))
        return retry

    @cached_property
    def one_by_one(self) -> bool:
        """Whether the server is nx-27017, whose ``$in`` and ``$or`` read every document
        (measured at 7,450 articles: 484 ms for ``$in`` of 50 URLs, 1,112 ms for ``$or``
        of 50 ``$eq``; 1.3 ms a URL looked up alone with ``$eq``)."""
        try:
            return self.client.admin.command("buildInfo").get("process") == "nx_27017"
        except OperationFailure:
            return False

    def _by_urls(self, urls: Iterable[str], keys: Mapping[str, int]) -> Iterator[Document]:
        """The articles stored under ``urls`` (fields ``keys``)."""
        return find_each(self.articles, "url", urls, keys, self.one_by_one)

    def _fitting(self, entries: list[tuple[str, int, Document]], job_id: str,
                 counts: dict[str, int]) -> list[tuple[str, int, Document]]:
        """The entries whose document fits the published schema; each one that does not
        is refused with an ``errors`` document (stage ``schema``) saying why."""
        fitting = []
        for url, count, doc in entries:
            why = violation("article", doc)
            if why is None:
                fitting.append((url, count, doc))
            else:
                counts["refused"] += 1
                self._refuse("article", url, why, job_id)
        return fitting

    def _refuse(self, kind: str, url: str, why: str, job_id: str | None) -> None:
        """A document that does not fit its schema is not written: an ``errors`` document
        (stage ``schema``) says which field and why."""
        logger.error("%s %s refused by the schema: %s", kind, url, why)
        self.errors.insert_one(error_document(url, "schema",
                                              f"{kind} refused by the schema: {why}", job_id))

    def _keep_revisions(self, pairs: list[tuple[Document, Document]], job_id: str,
                        now: datetime) -> None:
        """Keep the stored version of each article whose body changed (a new
        ``content_hash``) in ``article_revisions``."""
        replaced = [held["url"] for held, doc in pairs if held.get("content_hash")
                    and doc.get("content_hash") != held.get("content_hash")]
        if not replaced:
            return
        revisions = []
        for old in self._by_urls(replaced, {"url": 1, "title": 1, "text": 1,
                                            "content_hash": 1, "crawl": 1, "_id": 0}):
            crawl = old.get("crawl") or {}
            revision = {"url": old["url"], "content_hash": old["content_hash"],
                        "title": old.get("title"), "text": old.get("text", ""),
                        "seen_at": crawl.get("last_seen", now),
                        "first_seen": crawl.get("first_seen", now),
                        "seq": crawl.get("seq"), "replaced_at": now, "replaced_by": job_id}
            revision["_id"] = _revision_id(revision)
            why = violation("revision", revision)
            if why is None:
                revisions.append(revision)
            else:
                self._refuse("revision", old["url"], why, job_id)
        if revisions:
            try:
                self.revisions.insert_many(revisions, ordered=False)
            except BulkWriteError as exc:  # kept already by a write that was cut short
                if any(e.get("code") != _DUPLICATE_KEY for e in exc.details["writeErrors"]):
                    raise

    def history(self, url: str) -> list[Document] | None:
        """The article at ``url`` as stored now, then its earlier versions, newest first;
        None when no article is stored under ``url``."""
        current = self.articles.find_one({"url": url}, {"_id": 0, "url": 1, "title": 1,
                                                         "text": 1, "content_hash": 1,
                                                         "crawl": 1})
        if current is None:
            return None
        crawl = current.pop("crawl", {})
        current.update(seen_at=crawl.get("last_seen"), first_seen=crawl.get("first_seen"),
                       seq=crawl.get("seq"))
        earlier = sorted(self.revisions.find({"url": url}, {"_id": 0}),
                         key=lambda r: r["seen_at"], reverse=True)
        return [current, *earlier]

    def near_duplicates(
        self, url: str, max_distance: int = NEAR_DUPLICATE_MAX_DISTANCE, limit: int = 100
    ) -> list[Document] | None:
        """Stored articles whose body is a near-duplicate of the article at ``url``: a
        simhash at most ``max_distance`` bits away, or at least half of the shorter body's
        paragraphs shared word for word (a paragraph 100 articles share is boilerplate and
        does not count). Closest first, each with ``distance`` and
        ``shared_paragraphs``; None when no article is stored under ``url``.

        Candidates come from indexed ``$in`` lookups (simhash bands, paragraph keys), not
        from comparing with every stored article.
        """
        # Imported here: the extraction package loads trafilatura, which export does not need.
        from crawler.extract.fingerprints import simhash_bands, simhash_distance

        keys = {"simhash": 1, "simhash_bands": 1, "paragraph_keys": 1}
        doc = self.articles.find_one({"url": url}, keys)
        if doc is None:
            return None
        key, own = doc.get("simhash"), set(doc.get("paragraph_keys") or [])
        if not key:  # no body
            return []
        fields = {"_id": 0, "url": 1, "title": 1, "domain": 1, "published_at": 1, "simhash": 1,
                  "paragraph_keys": 1}
        bands = doc.get("simhash_bands") or simhash_bands(key)  # stored before bands were
        # A paragraph a hundred articles share is boilerplate (a disclaimer, a bio), not
        # a sign of a copy: looked up by it, every article of the site would be a candidate.
        common = BOILERPLATE_PARAGRAPH_ARTICLES
        rare = {k for k in own
                if self.articles.count_documents({"paragraph_keys": k}, limit=common) < common}
        query = {"url": {"$ne": url}, "$or": [{"simhash_bands": {"$in": bands}},
                                              {"paragraph_keys": {"$in": sorted(rare)}}]}
        found = []
        for other in self.articles.find(query, fields).limit(NEAR_DUPLICATE_MAX_CANDIDATES):
            distance = simhash_distance(key, other.pop("simhash"))
            theirs = set(other.pop("paragraph_keys", None) or [])
            shared = len(rare & theirs)
            if distance <= max_distance or shared * 2 >= min(len(own), len(theirs)) > 0:
                found.append({**other, "distance": distance, "shared_paragraphs": shared})
        found.sort(key=lambda d: (d["distance"], -d["shared_paragraphs"], d["url"]))
        return found[:limit]

    # -- errors and jobs ----------------------------------------------------------------

    def record_error(
        self, url: str, stage: str, reason: str, job_id: str | None, **extra: Any
    ) -> None:
        """Keep what failed, where and why; the crawl goes on."""
        self.errors.insert_one(error_document(url, stage, reason, job_id, **extra))

    def save_job(self, job: Mapping[str, Any]) -> None:
        """Write the whole job document (one owner per job writes it); one that does not
        fit the schema is refused with an ``errors`` document instead."""
        why = violation("job", job)
        if why is not None:
            self._refuse("job document", str(job.get("job_id")), why, str(job.get("job_id")))
            return
        self.jobs.replace_one({"job_id": job["job_id"]}, dict(job), upsert=True)

    def get_job(self, job_id: str) -> Document | None:
        return self.jobs.find_one({"job_id": job_id}, {"_id": 0})


JOBS_KEPT = 20


def _jobs_seen(crawl: Mapping[str, Any], job_id: str) -> list[str]:
    """Every job that stored the article (the last ``JOBS_KEPT``), this one last: a job's
    articles are still its own when a later job stores them again."""
    earlier = list(crawl.get("job_ids") or ([crawl["job_id"]] if crawl.get("job_id") else []))
    return [j for j in earlier if j != job_id][-(JOBS_KEPT - 1):] + [job_id]


def _revision_id(revision: Mapping[str, Any]) -> str:
    """A revision's id, from what it is: written twice, it is stored once."""
    raw = f"{revision['url']}\n{revision['content_hash']}\n{revision['seen_at'].isoformat()}"
    return hashlib.blake2b(raw.encode(), digest_size=16).hexdigest()


def find_each(collection: Collection[Document], field: str, values: Iterable[Any],
              keys: Mapping[str, int] | None, one_by_one: bool) -> Iterator[Document]:
    """The documents whose ``field`` is one of ``values``, found through the field's
    index on any server: one ``$in`` on MongoDB, one ``$eq`` a value on nx-27017
    (``one_by_one``: its ``$in`` reads every document, and its implicit equality also
    looks inside arrays, which its index does not hold)."""
    if not one_by_one:
        yield from collection.find({field: {"$in": list(values)}}, keys)
        return
    for value in values:
        doc = collection.find_one({field: {"$eq": value}}, keys)
        if doc is not None:
            yield doc


def by_job(job_id: str) -> dict[str, Any]:
    """The query for the articles a job stored (as new or again). ``$in`` rather than
    equality: nx-27017, with an index on an array field, finds nothing by equality on it
    (while counting right); ``$in`` of one value means the same on MongoDB."""
    return {"crawl.job_ids": {"$in": [job_id]}}


def error_document(url: str, stage: str, reason: str, job_id: str | None, **extra: Any
                   ) -> Document:
    """One ``errors`` document, fitting the published schema: where the one asked for
    would not (a bug of ours), one that says so and keeps the stage and reason."""
    doc = {"url": url, "stage": stage, "reason": reason[:2000], "job_id": job_id,
           "at": utcnow(), **extra}
    why = violation("error", doc)
    if why is None:
        return doc
    logger.error("errors document for %s does not fit the schema: %s", url, why)
    return {"url": str(url), "stage": "schema", "job_id": job_id, "at": doc["at"],
            "reason": f"an errors document failed the schema ({why}): {stage}: {reason}"[:2000]}


def _borrowed(doc: Mapping[str, Any]) -> bool:
    """The document is keyed on a canonical URL its page declared, not the URL fetched."""
    fetched = (doc.get("fetch") or {}).get("url")
    return isinstance(fetched, str) and doc["url"] != canonicalize_url(fetched)


def _same_story(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Two documents for one URL are one story: the same page fetched again, the same
    body, or near-duplicate bodies (an AMP or print copy declaring its article)."""
    fetched_a, fetched_b = ((d.get("fetch") or {}).get("url") for d in (a, b))
    if not fetched_a or not fetched_b or canonicalize_url(fetched_a) == canonicalize_url(
            fetched_b):
        return True
    if a.get("content_hash") and a.get("content_hash") == b.get("content_hash"):
        return True
    from crawler.extract.fingerprints import simhash_distance  # see near_duplicates

    key_a, key_b = a.get("simhash"), b.get("simhash")
    return bool(key_a and key_b and simhash_distance(key_a, key_b)
                <= NEAR_DUPLICATE_MAX_DISTANCE)


def _under_own_url(doc: Mapping[str, Any]) -> Document:
    """The document keyed on the URL it was fetched from (its declared canonical kept in
    ``canonical_url``)."""
    moved = {k: v for k, v in doc.items() if k != "_id"}
    moved["url"] = canonicalize_url(doc["fetch"]["url"])
    return moved
