"""Redis state a crawl job shares between its spider and the render workers.

Keys (all under ``newscrawler:{job_id}:``):

- ``render:pending`` (set): URLs sent to the render queue and not yet finished. A
  set, not a counter, so a redelivered task finishing twice removes its URL once.
- ``links`` (list): links the render workers discovered, for the spider to schedule.
- ``render:stats`` (hash): ``rendered``, ``stored``, ``failed`` counters.
"""

from __future__ import annotations

from collections.abc import Iterable

import redis

KEY_PREFIX = "newscrawler"
# Job state outlives the job by a week so late workers and reports still find it.
JOB_TTL_S = 7 * 24 * 3600


class JobChannel:
    """The spider's and the workers' view of one job's shared Redis state."""

    def __init__(self, client: redis.Redis, job_id: str) -> None:
        self.client = client
        self.job_id = job_id
        base = f"{KEY_PREFIX}:{job_id}"
        self.pending_key = f"{base}:render:pending"
        self.links_key = f"{base}:links"
        self.stats_key = f"{base}:render:stats"

    @classmethod
    def from_url(cls, url: str, job_id: str) -> JobChannel:
        return cls(redis.Redis.from_url(url, socket_timeout=10, health_check_interval=30), job_id)

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

    def push_links(self, urls: Iterable[str]) -> None:
        batch = list(urls)
        if batch:
            self.client.rpush(self.links_key, *batch)
            self.client.expire(self.links_key, JOB_TTL_S)

    def pop_links(self, limit: int = 500) -> list[str]:
        values = self.client.lpop(self.links_key, limit) or []
        return [v.decode() if isinstance(v, bytes) else str(v) for v in values]

    def has_links(self) -> bool:
        return bool(self.client.llen(self.links_key))

    def stats(self) -> dict[str, int]:
        raw = self.client.hgetall(self.stats_key)
        return {k.decode(): int(v) for k, v in raw.items()}
