"""The frontier of one crawl job in Redis: queue, seen-set, leases, site budgets.

Every operation is one Lua script (``lua/*.lua``, keys in :mod:`crawler.frontier._lua`), so any number
of spider processes and render workers can share a job:

It is a plain Redis library: it knows requests only as JSON blobs and imports no
Scrapy component; the Scrapy scheduler on it lives with the crawler's components.

- :meth:`Frontier.push` queues requests not seen before (checked and marked in the
  same step, so a crash between the two cannot lose a URL).
- :meth:`Frontier.take` hands out the best request of a site whose budget allows a
  fetch now, and leases it. The request stays in Redis until :meth:`Frontier.ack`;
  a lease that is neither acknowledged nor renewed expires and :meth:`Frontier.reap`
  queues its request again.
- :meth:`Frontier.acquire` / :meth:`Frontier.release` take a fetch slot of a site's
  budget outside the queue: render workers and robots.txt fetches.
"""

from __future__ import annotations

import ipaddress
import secrets
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import Any

import redis
from redis.backoff import ExponentialBackoff
from redis.retry import Retry

from crawler.addresses import AddressPolicy
from crawler.frontier import _lua
from crawler.frontier.seen import BloomSeen, ExactSeen, seen_set
from crawler.urls import site_of

KEY_PREFIX = "newscrawler"
# Kept a week after the last write, so late workers and reports still find a job.
JOB_TTL_S = 7 * 24 * 3600
# Priorities are clamped so that priority * 1e13 + a time in ms stays exact in a double.
_MAX_PRIORITY = 400
# A Redis that went away (restart, failover) is retried with backoff for about 3 minutes.
_REDIS_RETRIES = 40


def job_prefix(job_id: str) -> str:
    # The braces are a Redis Cluster hash tag: all of a job's keys live in one slot.
    return f"{KEY_PREFIX}:{{{job_id}}}"


def new_job_id() -> str:
    return f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def connect(url: str) -> redis.Redis:
    """A Redis client that rides out a restart: reconnects with backoff, then fails."""
    return redis.Redis.from_url(
        url, socket_timeout=15, socket_connect_timeout=5, health_check_interval=30,
        retry=Retry(ExponentialBackoff(cap=5.0, base=0.1), _REDIS_RETRIES),
        retry_on_error=[redis.ConnectionError, redis.TimeoutError, ConnectionError],
    )


class JobNotFound(LookupError):
    """No frontier exists for the job id."""


@dataclass(frozen=True)
class FrontierSettings:
    """A job's frontier settings, fixed when the job is created and read by joiners
    (their defaults and bounds are the ``FRONTIER_*`` settings of
    :class:`crawler.config.CrawlerConfig`)."""

    site_rps: float
    site_concurrency: int
    lease_s: float
    seen: str
    expected_urls: int
    fp_rate: float
    max_attempts: int
    max_pages_per_site: int
    trap_pages: int
    max_hops: int
    drop_params: tuple[str, ...]
    max_links_per_page: int = 0
    # The job's address policy (crawler.addresses): every spider that joins follows it.
    allow_private: bool = False
    allow_metadata: bool = False
    allow_networks: tuple[str, ...] = ()

    def address_policy(self) -> AddressPolicy:
        return AddressPolicy(self.allow_private, self.allow_metadata,
                             tuple(ipaddress.ip_network(n) for n in self.allow_networks))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def to_meta(self) -> dict[str, str]:
        return {
            "site_interval_ms": str(round(1000 / self.site_rps, 3)),
            "site_concurrency": str(self.site_concurrency), "lease_ms": str(int(self.lease_s * 1000)),
            "seen": self.seen, "expected_urls": str(self.expected_urls),
            "fp_rate": str(self.fp_rate), "max_attempts": str(self.max_attempts),
            "max_pages_per_site": str(self.max_pages_per_site),
            "trap_pages": str(self.trap_pages), "max_hops": str(self.max_hops),
            "drop_params": ",".join(self.drop_params),
            "max_links_per_page": str(self.max_links_per_page),
            "allow_private": "1" if self.allow_private else "0",
            "allow_metadata": "1" if self.allow_metadata else "0",
            "allow_networks": ",".join(self.allow_networks),
        }

    @classmethod
    def from_meta(cls, meta: dict[str, str]) -> FrontierSettings:
        return cls(
            site_rps=1000 / float(meta["site_interval_ms"]),
            site_concurrency=int(meta["site_concurrency"]), lease_s=int(meta["lease_ms"]) / 1000,
            seen=meta["seen"], expected_urls=int(meta["expected_urls"]),
            fp_rate=float(meta["fp_rate"]), max_attempts=int(meta["max_attempts"]),
            # Jobs created before these settings existed ran without them.
            max_pages_per_site=int(meta.get("max_pages_per_site", 0)),
            trap_pages=int(meta.get("trap_pages", 0)), max_hops=int(meta.get("max_hops", 0)),
            drop_params=tuple(p for p in meta.get("drop_params", "").split(",") if p),
            max_links_per_page=int(meta.get("max_links_per_page", 0)),
            allow_private=meta.get("allow_private") == "1",
            allow_metadata=meta.get("allow_metadata") == "1",
            allow_networks=tuple(n for n in meta.get("allow_networks", "").split(",") if n),
        )


@dataclass(frozen=True)
class Lease:
    id: str
    blob: str


@dataclass(frozen=True)
class Entry:
    """A request to queue: its blob, fingerprint, URL and priority."""

    blob: str
    fingerprint: bytes
    url: str
    priority: int = 0
    dont_filter: bool = False


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)


class Frontier:
    def __init__(self, client: redis.Redis, job_id: str, settings: FrontierSettings) -> None:
        self.client = client
        self.job_id = job_id
        self.settings = settings
        self.prefix = job_prefix(job_id)
        self.seen: ExactSeen | BloomSeen = seen_set(settings.seen, settings.expected_urls,
                                                    settings.fp_rate)
        self.lease_ms = int(settings.lease_s * 1000)
        self._scripts = {name: client.register_script(_lua.source(name)) for name in _lua.SCRIPTS}

    # -- a job ------------------------------------------------------------------------

    @classmethod
    def create(cls, client: redis.Redis, job_id: str, settings: FrontierSettings,
               info: dict[str, str] | None = None) -> Frontier:
        """Create the job's frontier; joining an existing one keeps its settings."""
        prefix = job_prefix(job_id)
        fields: dict[Any, Any] = {**settings.to_meta(), **(info or {}),
                                  "created_at": str(time.time())}
        if client.hsetnx(f"{prefix}:meta", "seen", settings.seen):
            client.hset(f"{prefix}:meta", mapping=fields)
            frontier = cls(client, job_id, settings)
            if isinstance(frontier.seen, BloomSeen):
                frontier.seen.allocate(client, prefix)
            frontier.touch()
            return frontier
        return cls.join(client, job_id)

    @classmethod
    def join(cls, client: redis.Redis, job_id: str) -> Frontier:
        meta = cls.read_meta(client, job_id)
        if "site_interval_ms" not in meta:
            raise JobNotFound(job_id)
        return cls(client, job_id, FrontierSettings.from_meta(meta))

    @staticmethod
    def read_meta(client: redis.Redis, job_id: str) -> dict[str, str]:
        raw = client.hgetall(f"{job_prefix(job_id)}:meta")
        return {_text(k): _text(v) for k, v in raw.items()}

    def meta(self) -> dict[str, str]:
        return self.read_meta(self.client, self.job_id)

    def touch(self) -> None:
        """Push back the expiry of the job's bookkeeping keys."""
        with self.client.pipeline(transaction=False) as pipe:
            for suffix in ("meta", "counts", "sites", "leases", "leased", "fetched", "lease_seq",
                           "bloom", "attempts", "dropped"):
                pipe.expire(f"{self.prefix}:{suffix}", JOB_TTL_S)
            pipe.execute()

    # -- queue ------------------------------------------------------------------------

    def push(self, entries: Iterable[Entry]) -> int:
        """Queue the entries not seen before; returns how many were new."""
        args: list[str] = [self.prefix, self.seen.mode]
        now_ms = int(time.time() * 1000)
        for entry in entries:
            priority = max(-_MAX_PRIORITY, min(_MAX_PRIORITY, entry.priority))
            shard, member, bits = self.seen.args(entry.fingerprint)
            args += ["1" if entry.dont_filter else "0", shard, member, bits,
                     site_of(entry.url), str(-priority * 10**13 + now_ms), entry.blob]
        if len(args) == 2:
            return 0
        return int(self._scripts["push"](args=args))

    def contains(self, fingerprints: list[bytes]) -> list[bool]:
        """Which fingerprints the job's seen-set holds (queued, or marked seen)."""
        return self.seen.contains(self.client, self.prefix, fingerprints)

    def mark_seen(self, fingerprints: Iterable[bytes]) -> int:
        """Mark fingerprints seen without queuing anything: links to them are not
        followed (an incremental job's pages that are not due); how many were new."""
        args: list[str] = [self.prefix, self.seen.mode]
        for fp in fingerprints:
            args += list(self.seen.args(fp))
        return int(self._scripts["mark_seen"](args=args)) if len(args) > 2 else 0

    def take(self) -> Lease | int:
        """A leased request, or the ms until a site may be fetched (-1: nothing queued)."""
        result = self._scripts["take"](args=[self.prefix, self.lease_ms])
        if int(result[0]) == 1:
            return Lease(_text(result[1]), _text(result[2]))
        return int(result[1])

    def ack(self, lease_ids: Iterable[str]) -> int:
        ids = list(lease_ids)
        return int(self._scripts["ack"](args=[self.prefix, *ids])) if ids else 0

    def fetched(self, lease_id: str) -> None:
        """The lease's download is over (a response or a failure): its site slot is free,
        though the lease is held until the page is fully handled."""
        self._scripts["fetched"](args=[self.prefix, lease_id])

    def renew(self, lease_ids: Iterable[str]) -> int:
        ids = list(lease_ids)
        if not ids:
            return 0
        return int(self._scripts["renew"](args=[self.prefix, self.lease_ms, *ids]))

    def requeue(self, lease_ids: Iterable[str]) -> int:
        """Hand leases back now (a spider closing early); no attempt is counted."""
        ids = list(lease_ids)
        if not ids:
            return 0
        back, _ = self._scripts["requeue"](args=[self.prefix, self.settings.max_attempts, *ids])
        return int(back)

    def reap(self) -> tuple[int, int]:
        """Queue again the requests of expired leases: (requeued, dropped)."""
        back, dropped = self._scripts["requeue"](args=[self.prefix, self.settings.max_attempts])
        return int(back), int(dropped)

    def pop_dropped(self, limit: int = 100) -> list[str]:
        """Blobs given up after ``max_attempts`` expired leases, for error reports."""
        return [_text(b) for b in self.client.lpop(f"{self.prefix}:dropped", limit) or []]

    # -- site budgets -----------------------------------------------------------------

    def acquire(self, site: str) -> int:
        """0 if a fetch of ``site`` may start now (call :meth:`release` after), else ms to wait."""
        return int(self._scripts["acquire"](args=[self.prefix, site]))

    def pace(self, site: str) -> int:
        """0 once a fetch of ``site`` may go out now (its next slot moves on), else ms to
        wait; for a request taken earlier whose fetch was held up."""
        return int(self._scripts["pace"](args=[self.prefix, site]))

    def release(self, site: str) -> None:
        self._scripts["release"](args=[self.prefix, site])

    def slow_site(self, site: str, interval_s: float) -> None:
        """Space fetches of ``site`` at least ``interval_s`` apart (robots Crawl-delay)."""
        key = f"{self.prefix}:site:{site}"
        default_ms = 1000 / self.settings.site_rps
        self.client.hset(key, "interval", max(default_ms, interval_s * 1000))
        self.client.expire(key, JOB_TTL_S)

    # -- state ------------------------------------------------------------------------

    def counts(self) -> dict[str, int]:
        raw = self.client.hgetall(f"{self.prefix}:counts")
        counts = {_text(k): int(v) for k, v in raw.items()}
        counts["leased"] = int(self.client.zcard(f"{self.prefix}:leases"))
        return counts

    def queued(self) -> int:
        return int(self.client.hget(f"{self.prefix}:counts", "queued") or 0)

    def leased(self) -> int:
        return int(self.client.zcard(f"{self.prefix}:leases"))

    def try_finish(self, render_pending_key: str) -> int:
        """1 if this call marks the job finished, 0 if it was already, -1 if work remains."""
        return int(self._scripts["finish"](args=[self.prefix, render_pending_key]))

    def first(self, name: str) -> bool:
        """True for the first caller in the whole job to ask about ``name`` (a site's
        sitemaps, say: read once per job, whichever spider gets there first)."""
        return bool(self.client.set(f"{self.prefix}:once:{name}", 1, nx=True, ex=JOB_TTL_S))

    def finished(self) -> bool:
        return bool(self.client.hexists(f"{self.prefix}:meta", "finished_at"))

    def seen_bytes_per_url(self) -> float:
        pushed = int(self.client.hget(f"{self.prefix}:counts", "pushed") or 0)
        if not pushed:
            return 0.0
        return round(self.seen.memory_bytes(self.client, self.prefix) / pushed, 2)
