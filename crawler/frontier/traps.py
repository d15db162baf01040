"""Crawler traps found per URL pattern, for the whole job.

A calendar that links next month for ever, a faceted search whose every filter
combination is a new URL, a pagination that never ends: each is one URL pattern
(:func:`crawler.urls.trap_pattern`) whose pages keep coming and give nothing new.
A page of a pattern is *productive* when it is an article or links a page of another
pattern that no page of its own pattern linked before; ``trap_pages`` unproductive
pages of a pattern in a row (a productive one starts the count again) make the pattern a
trap, and its links are no longer queued, by any spider or render worker of the job.

"Not linked by the pattern before", not "new to the job": a site lists the same
articles in many listings (latest, each category, each tag, each author), read side by
side; whichever reaches an article first is the only one to find it new, and judged on
that, every listing but one would look like a trap after ``trap_pages`` pages and be
cut off, with the articles only its deeper pages list. A real listing's pages each list
other articles; a trap's pages (the next month of an empty calendar, one more filter on
the same results, a page number past the end) link what its pages linked already.
What each pattern's pages linked is kept per process (:class:`PatternLinks`).

Keys (under the job's prefix): ``traps:streak`` hash, pattern -> unproductive pages in
a row; ``traps:found`` set, the patterns found to be traps.

Spiders count in memory and write every ``FLUSH_EVERY_S`` (one round trip); what this
process has not written yet counts in its own decisions.
"""

from __future__ import annotations

import time
from collections import Counter

import redis
from rbloom import Bloom

from crawler.frontier.core import JOB_TTL_S, job_prefix

_CACHE_S = 1.0


class PatternLinks:
    """Which links the pages of each URL pattern have linked, in this process.

    A Bloom filter of (pattern, link) pairs: a fixed size (``capacity`` pairs at a
    false-positive rate of ``error``, 1.8 MB for a million at 0.001) whatever the
    crawl's length. A false positive takes a link the pattern never linked for one it
    did: a page can look unproductive that was not, at that rate. Past ``capacity``
    pairs it starts empty again, so the rate stays what was asked (every pattern's next
    page then looks productive once).
    """

    def __init__(self, capacity: int = 1_000_000, error: float = 0.001) -> None:
        self.capacity = capacity
        self._seen = Bloom(capacity, error)
        self._added = 0

    def record(self, pattern: str, links: list[str]) -> tuple[bool, bool]:
        """Record that a page of ``pattern`` linked ``links``: (whether a page of the
        pattern came before, whether any link is one no page of the pattern linked)."""
        if self._added + len(links) + 1 > self.capacity:
            self._seen.clear()
            self._added = 0
        known = (pattern, None) in self._seen
        if not known:
            self._seen.add((pattern, None))
            self._added += 1
        novel = False
        for link in links:
            pair = (pattern, link)
            if pair not in self._seen:
                self._seen.add(pair)
                self._added += 1
                novel = True
        return known, novel


class TrapGuard:
    FLUSH_EVERY_S = 0.5

    def __init__(self, client: redis.Redis, job_id: str, limit: int) -> None:
        self.client = client
        self.limit = limit
        prefix = job_prefix(job_id)
        self.streak_key = f"{prefix}:traps:streak"
        self.found_key = f"{prefix}:traps:found"
        self._unproductive: Counter[str] = Counter()
        self._productive: set[str] = set()
        self._found: set[str] = set()
        self._examples: dict[str, str] = {}
        self._read_at = 0.0
        self._flushed_at = time.monotonic()

    def record(self, pattern: str, productive: bool, url: str) -> list[tuple[str, str]]:
        """Page ``url`` of ``pattern`` was handled; the patterns found to be traps since
        the last call, with a page of each (to report)."""
        if self.limit <= 0:
            return []
        if productive:
            self._productive.add(pattern)
            self._unproductive.pop(pattern, None)
        else:
            self._unproductive[pattern] += 1
            self._examples[pattern] = url
        if time.monotonic() - self._flushed_at >= self.FLUSH_EVERY_S:
            return self.flush()
        return []

    def flush(self) -> list[tuple[str, str]]:
        """Write what was counted; the patterns that have just become traps, with a page
        of each."""
        self._flushed_at = time.monotonic()
        productive, self._productive = self._productive, set()
        unproductive, self._unproductive = self._unproductive, Counter()
        if not productive and not unproductive:
            return []
        with self.client.pipeline(transaction=False) as pipe:
            for pattern in productive:
                pipe.hset(self.streak_key, pattern, 0)
            for pattern, count in unproductive.items():
                pipe.hincrby(self.streak_key, pattern, count)
            pipe.expire(self.streak_key, JOB_TTL_S)
            results = pipe.execute()
        streaks = results[len(productive):len(productive) + len(unproductive)]
        over = [p for p, n in zip(unproductive, streaks, strict=True) if int(n) >= self.limit]
        if not over:
            return []
        with self.client.pipeline(transaction=False) as pipe:
            for pattern in over:
                pipe.sadd(self.found_key, pattern)
            pipe.expire(self.found_key, JOB_TTL_S)
            added = pipe.execute()[:-1]
        self._found.update(over)
        return [(p, self._examples.pop(p, "")) for p, new in zip(over, added, strict=True)
                if new]

    def trapped(self, pattern: str) -> bool:
        """Whether ``pattern`` is a trap (the job's list, read at most once a second)."""
        if self.limit <= 0:
            return False
        now = time.monotonic()
        if now - self._read_at >= _CACHE_S:
            self._read_at = now
            self._found = {m.decode() if isinstance(m, bytes) else str(m)
                           for m in self.client.smembers(self.found_key)}
        return pattern in self._found or self._unproductive[pattern] >= self.limit

    def found(self) -> list[str]:
        """Every pattern the job found to be a trap."""
        return sorted(m.decode() if isinstance(m, bytes) else str(m)
                      for m in self.client.smembers(self.found_key))
