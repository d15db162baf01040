"""Lua scripts of the frontier. Each runs atomically inside Redis, so spiders and render
workers on many machines see one consistent queue, seen-set, lease table and site budget.

Keys (``P`` is ``newscrawler:{JOB}``; the braces make every key of a job hash to one
Redis Cluster slot):

- ``P:q:SITE`` zset: queued request blobs of one site, scored by priority then age.
- ``P:sites`` zset: sites with queued requests, scored by when the site may next be
  fetched (ms); ``BLOCKED`` while the site is at its concurrency cap.
- ``P:site:SITE`` hash: ``inflight``, ``next`` (ms), ``interval`` (ms), ``conc``.
- ``P:leases`` zset: lease id -> expiry (ms); ``P:leased`` hash: lease id ->
  ``SITE \\n SCORE \\n BLOB``.
- ``P:seen:N`` sets (exact) or ``P:bloom`` bitmap: fingerprints already queued.
- ``P:counts`` hash: queued, pushed, duplicates, taken, acked, requeued, dropped.
- ``P:attempts`` hash: blob -> times its lease expired; ``P:dropped`` list: blobs given
  up after ``max_attempts`` expiries.
- ``P:meta`` hash: the job's settings and ``finished_at``.

Time comes from the Redis server (``TIME``), so clocks of the machines do not matter.

Each script lives in ``lua/NAME.lua`` with what it takes and returns; ``lua/prelude.lua``
(shared helpers) is put before each. They are read once, and redis-py calls them by SHA.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

SCRIPTS = ("push", "take", "ack", "renew", "requeue", "acquire", "release", "finish", "fetched",
           "pace", "mark_seen")


@cache
def source(name: str) -> str:
    """The Lua source of script ``name``, the prelude first."""
    folder = files("crawler.frontier") / "lua"
    return (folder / "prelude.lua").read_text("utf-8") + (folder / f"{name}.lua").read_text("utf-8")
