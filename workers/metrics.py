"""What each render worker process is doing, published to Redis every few seconds.

Every worker process keeps one field of the ``newscrawler:workers`` hash up to date:
renders per second over the last interval, renders and failures so far, retries and
dead letters, pages in flight and allowed, browser launches and crashes, and the
resident memory of the process and its browser. ``python -m crawler workers`` prints
them; a field not refreshed for ``STALE_S`` belongs to a worker that is gone.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from collections import Counter
from typing import TYPE_CHECKING, Any

import redis

if TYPE_CHECKING:
    from workers.browser import BrowserPool

logger = logging.getLogger(__name__)

WORKERS_KEY = "newscrawler:workers"
INTERVAL_S = 5.0
STALE_S = 30.0


def worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


class WorkerMetrics:
    def __init__(self, client: redis.Redis, pool: BrowserPool, interval_s: float = INTERVAL_S,
                 ) -> None:
        self.client = client
        self.pool = pool
        self.interval_s = interval_s
        self.id = worker_id()
        self.outcomes: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last = (time.monotonic(), 0)
        self.started_at = time.time()

    def count(self, outcome: str) -> None:
        with self._lock:
            self.outcomes[outcome] += 1

    def start(self) -> None:
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name="worker-metrics", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(5)
        try:
            self.client.hdel(WORKERS_KEY, self.id)
        except redis.RedisError:
            pass

    def snapshot(self) -> dict[str, Any]:
        pool = self.pool.snapshot()
        now = time.monotonic()
        then, renders_then = self._last
        self._last = (now, pool["renders"])
        with self._lock:
            outcomes = dict(self.outcomes)
        return {
            "worker": self.id, "updated_at": time.time(), "started_at": self.started_at,
            "renders_per_s": round((pool["renders"] - renders_then) / max(now - then, 1e-3), 2),
            **pool, "outcomes": outcomes,
        }

    def publish(self) -> None:
        self.client.hset(WORKERS_KEY, self.id, json.dumps(self.snapshot()))

    def _run(self) -> None:
        while not self._stop.wait(self.interval_s):
            try:
                self.publish()
            except Exception:
                logger.debug("could not publish worker metrics", exc_info=True)


def read_workers(client: redis.Redis, stale_s: float = STALE_S) -> list[dict[str, Any]]:
    """The live workers' last reports, oldest worker first; stale ones are dropped."""
    now = time.time()
    live = []
    for field, raw in client.hgetall(WORKERS_KEY).items():
        report = json.loads(raw)
        if now - report.get("updated_at", 0) <= stale_s:
            live.append(report)
        else:
            client.hdel(WORKERS_KEY, field)
    return sorted(live, key=lambda r: r.get("started_at", 0))
