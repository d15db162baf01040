"""Redis state a crawl job shares between its spider and the render workers.

Keys (all under the job's prefix, ``newscrawler:{JOB}``, beside the frontier's):

- ``render:pending`` (set): URLs sent to the render queue and not yet finished. A
  set, not a counter, so a redelivered task finishing twice removes its URL once.
- ``render:stats`` (hash): ``rendered``, ``stored``, ``failed`` counters.
- ``spill`` (hash): ``spilled`` and ``replayed`` documents of the job, by every process
  (spiders and render workers, on any machine); the difference is still on some disk.
"""

from __future__ import annotations

import json
from typing import cast

import redis

from crawler.frontier.core import JOB_TTL_S, job_prefix


class JobChannel:
    """The spider's and the workers' view of one job's shared Redis state."""

    def __init__(self, client: redis.Redis, job_id: str) -> None:
        self.client = client
        self.job_id = job_id
        base = job_prefix(job_id)
        self.pending_key = f"{base}:render:pending"
        self.stats_key = f"{base}:render:stats"

    def mark_pending(self, url: str) -> bool:
        """Record a render as under way; False when it already was."""
        with self.client.pipeline() as pipe:
            pipe.sadd(self.pending_key, url)
            pipe.expire(self.pending_key, JOB_TTL_S)
            added, _ = pipe.execute()
        return bool(added)

    def finish(self, url: str, outcome: str) -> None:
        """A render ended (``outcome``: stored, rendered or failed); counted once per URL."""
        if self.client.srem(self.pending_key, url):
            self.client.hincrby(self.stats_key, outcome, 1)
            self.client.expire(self.stats_key, JOB_TTL_S)

    def pending(self) -> int:
        return int(self.client.scard(self.pending_key))

    def count_spill(self, outcome: str, n: int) -> None:
        """``n`` of the job's documents were ``spilled`` to disk or ``replayed`` from it."""
        if n:
            key = f"{job_prefix(self.job_id)}:spill"
            self.client.hincrby(key, outcome, n)
            self.client.expire(key, JOB_TTL_S)

    def spill_counts(self) -> dict[str, int]:
        """``spilled``, ``replayed`` and ``pending`` (their difference) for the job."""
        raw = cast("dict[bytes, bytes]",
                   self.client.hgetall(f"{job_prefix(self.job_id)}:spill"))
        counts = {k.decode(): int(v) for k, v in raw.items()}
        spilled, replayed = counts.get("spilled", 0), counts.get("replayed", 0)
        return {"spilled": spilled, "replayed": replayed,
                "pending": max(0, spilled - replayed)}

    def stats(self) -> dict[str, int]:
        raw = cast("dict[bytes, bytes]", self.client.hgetall(self.stats_key))
        return {k.decode(): int(v) for k, v in raw.items()}

    # -- the spider processes of the job ----------------------------------------------------

    @property
    def spiders_key(self) -> str:
        return f"{job_prefix(self.job_id)}:spiders"

    def report_spider(self, spider_id: str, report: dict[str, object]) -> None:
        """Publish one spider process's own counters; the job's are their sums."""
        self.client.hset(self.spiders_key, spider_id, json.dumps(report, default=str))
        self.client.expire(self.spiders_key, JOB_TTL_S)

    def spiders(self) -> list[dict[str, object]]:
        raw = self.client.hgetall(self.spiders_key)
        return [json.loads(v) for _, v in sorted(raw.items())]
