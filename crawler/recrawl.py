"""Incremental recrawls: what each URL looked like when last fetched, and when it is due.

The ``url_state`` collection keeps one document per URL fetched by a scheduled job
(``_id`` the URL): its ``site``, ``kind`` (``article``, ``listing``, ``sitemap``,
``feed`` or ``other``), the validators the server gave (``etag``, ``last_modified``),
a ``signature`` of what the page said (an article's ``content_hash``; for a listing,
whether it linked anything the job had not seen), ``fetched_at``, ``interval_s``,
``next_at`` and the ``changes`` and ``unchanged`` visits counted. Times are floats of
seconds since the epoch (nx-27017 turns datetimes written with ``$set`` into strings).

On a site whose sitemap or feed dates its entries (``lastmod``, a news sitemap's
``publication_date``, a feed entry's ``updated``), articles are not revisited on an
interval: a job fetches again every entry dated after the previous job's start, and an
article at the latest ``RECRAWL_MAX_S`` after its last fetch. Elsewhere the revisit
interval adapts per URL, as StormCrawler's adaptive scheduler does: a first visit sets
it to ``RECRAWL_ARTICLE_S`` (articles) or ``RECRAWL_LISTING_S`` (the rest);
each later visit halves it when the page changed and multiplies it by 1.5 when it did
not, within ``RECRAWL_MIN_S`` and ``RECRAWL_MAX_S``. A listing "changed" when it linked
a page the job had not seen: a deep page of a pagination that only shifted by one story
is unchanged, and is read less and less often, while the first page of a busy section
stays at the minimum.

A scheduled job is planned from this state before a spider starts (:func:`plan`):
URLs that are not due are marked seen in the job's frontier, so links to them are not
followed; due URLs are queued with ``If-None-Match`` / ``If-Modified-Since``; seeds,
sitemaps and feeds are queued every job, with their validators. A ``304 Not Modified``
counts as an unchanged visit and costs no extraction.
"""

from __future__ import annotations

import time
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pymongo import ASCENDING, ReplaceOne
from pymongo.collection import Collection
from pymongo.database import Database

from crawler.storage import find_each
from crawler.urls import site_of

# Fetched every job of a schedule (with their validators): they are how new pages are found.
ALWAYS_DUE = frozenset({"sitemap", "feed"})
# Request meta of a conditional request; the callback a kind of page is parsed with.
REVISIT = "revisit"
CALLBACKS = {"sitemap": "parse_sitemap", "feed": "parse_feed"}
_CHANGED_FACTOR = 0.5
_UNCHANGED_FACTOR = 1.5

State = dict[str, Any]


@dataclass(frozen=True)
class RecrawlPolicy:
    """Revisit intervals, in seconds."""

    min_s: float
    max_s: float
    article_s: float
    listing_s: float

    def interval(self, previous: float | None, kind: str, changed: bool) -> float:
        if previous is None:
            first = self.article_s if kind == "article" else self.listing_s
            return min(self.max_s, max(self.min_s, first))
        factor = _CHANGED_FACTOR if changed else _UNCHANGED_FACTOR
        return min(self.max_s, max(self.min_s, previous * factor))


@dataclass(frozen=True)
class Visit:
    """One fetch of a URL by a scheduled job, as the spider saw it."""

    url: str
    kind: str
    status: int
    etag: str | None = None
    last_modified: str | None = None
    # What the page said: an article's content hash; "new" or "same" for a listing
    # (whether it linked a page the job had not seen); None when unknown (not modified,
    # handed to the browser).
    signature: str | None = None
    at: float = 0.0
    # A sitemap or feed that dates its entries (lastmod, updated): its site's articles
    # are fetched again when their date moves, not on an interval.
    dated: bool = False


def next_state(old: Mapping[str, Any] | None, visit: Visit, policy: RecrawlPolicy) -> State:
    """The URL's state after ``visit``."""
    old = old or {}
    at = visit.at or time.time()
    if visit.status == 304 or visit.signature is None:
        changed = False
    elif visit.kind == "listing":
        changed = visit.signature == "new"
    else:
        changed = bool(old) and old.get("signature") not in (None, visit.signature)
    previous = old.get("interval_s") if old else None
    interval = policy.interval(previous, visit.kind, changed)
    kept_signature = visit.signature if visit.signature is not None else old.get("signature")
    return {
        "_id": visit.url, "url": visit.url, "site": site_of(visit.url),
        "kind": visit.kind if visit.status != 304 else old.get("kind", visit.kind),
        "status": visit.status,
        # A 304 keeps the validators the 200 gave, unless it sends new ones.
        "etag": visit.etag or old.get("etag"),
        "last_modified": visit.last_modified or old.get("last_modified"),
        "signature": kept_signature, "fetched_at": at, "interval_s": interval,
        "next_at": at + interval,
        "changes": int(old.get("changes", 0)) + (1 if changed else 0),
        "unchanged": int(old.get("unchanged", 0)) + (0 if changed or not old else 1),
        "first_fetched_at": old.get("first_fetched_at", at),
        "dated": visit.dated if visit.status != 304 else bool(old.get("dated")),
    }


class RecrawlState:
    """The ``url_state`` collection."""

    def __init__(self, db: Database[Any], policy: RecrawlPolicy, one_by_one: bool) -> None:
        self.states: Collection[State] = db["url_state"]
        self.policy = policy
        # nx-27017 reads every document for $in: one $eq lookup a URL there.
        self.one_by_one = one_by_one

    def ensure_indexes(self) -> None:
        self.states.create_index([("site", ASCENDING)], name="site")

    def get_many(self, urls: list[str]) -> dict[str, State]:
        return {d["_id"]: d for d in find_each(self.states, "_id", urls, None,
                                                 self.one_by_one)}

    def record(self, visits: list[Visit]) -> dict[str, int]:
        """Write the state after these visits; how many were changed and unchanged."""
        last: dict[str, Visit] = {v.url: v for v in visits}
        old = self.get_many(list(last))
        ops, counts = [], {"changed": 0, "unchanged": 0, "new": 0}
        for url, visit in last.items():
            state = next_state(old.get(url), visit, self.policy)
            if url not in old:
                counts["new"] += 1
            elif state["changes"] > int(old[url].get("changes", 0)):
                counts["changed"] += 1
            else:
                counts["unchanged"] += 1
            ops.append(ReplaceOne({"_id": {"$eq": url}}, state, upsert=True))
        if ops:
            self.states.bulk_write(ops, ordered=False)
        return counts

    def of_sites(self, sites: Iterable[str]) -> Iterator[State]:
        for site in sorted(set(sites)):
            yield from self.states.find({"site": {"$eq": site}})


@dataclass
class Plan:
    """What a scheduled job queues before its spiders start, and what it skips."""

    due: list[State]
    not_due: list[str]


def plan(states: Iterable[State], now: float, seeds: Iterable[str], max_s: float) -> Plan:
    """Split the known URLs of a job's sites: due ones (sitemaps and feeds always, seeds
    always, the rest once their ``next_at`` has come) are fetched again, with their
    validators; the rest are not fetched. On a site with a dated sitemap or feed an
    article is due only ``max_s`` after its last fetch: in between, the spider fetches it
    when the sitemap or feed says it changed since the previous job."""
    seed_set = set(seeds)
    known = list(states)
    dated_sites = {s["site"] for s in known if s.get("kind") in ALWAYS_DUE and s.get("dated")}
    due, not_due = [], []
    for state in known:
        if state.get("kind") == "article" and state["site"] in dated_sites:
            next_at = float(state.get("fetched_at", 0)) + max_s
        else:
            next_at = float(state.get("next_at", 0))
        if state["_id"] in seed_set or state.get("kind") in ALWAYS_DUE or next_at <= now:
            due.append(state)
        else:
            not_due.append(state["_id"])
    return Plan(due, not_due)


def conditional_headers(state: Mapping[str, Any]) -> dict[str, list[str]]:
    headers = {}
    if state.get("etag"):
        headers["If-None-Match"] = [str(state["etag"])]
    if state.get("last_modified"):
        headers["If-Modified-Since"] = [str(state["last_modified"])]
    return headers
