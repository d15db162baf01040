"""What each render worker process is doing, published to Redis every few seconds and,
with ``METRICS_PORT`` set, served to Prometheus.

Every worker process keeps one field of the ``newscrawler:workers`` hash up to date:
renders per second over the last interval, renders and failures so far, retries and
dead letters, pages in flight and allowed, browser launches and crashes, and the
resident memory of the process and its browser. ``python -m crawler workers`` prints
them; a field not refreshed for ``STALE_S`` belongs to a worker that is gone.
:class:`WorkerCollector` gives Prometheus the same figures, read at scrape time.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import threading
import time
from collections import Counter
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

import redis
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric

from crawler.config import RENDER_QUEUE
from crawler.telemetry import queue_depth

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
        self.failures: Counter[str] = Counter()
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._last = (time.monotonic(), 0)
        self.started_at = time.time()

    def count(self, outcome: str) -> None:
        with self._lock:
            self.outcomes[outcome] += 1

    def tallies(self) -> tuple[dict[str, int], dict[str, int]]:
        """The task outcomes and the failures by kind so far (copies)."""
        with self._lock:
            return dict(self.outcomes), dict(self.failures)

    def count_failure(self, exc: BaseException) -> None:
        """A render attempt failed: count it by kind (timeout, network, browser, http,
        download, address-refused; redis or mongodb when storage failed)."""
        kind = getattr(exc, "kind", None)
        if not isinstance(kind, str):
            module = type(exc).__module__.split(".")[0]
            kind = {"redis": "redis", "pymongo": "mongodb", "kombu": "redis"}.get(module,
                                                                                  "other")
        with self._lock:
            self.failures[kind] += 1

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
        outcomes, _ = self.tallies()
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


class WorkerCollector:
    """A render worker process's figures for Prometheus, read at each scrape."""

    def __init__(self, metrics: WorkerMetrics) -> None:
        self.metrics = metrics

    def collect(self) -> Iterator[Metric]:
        pool = self.metrics.pool
        stats = pool.stats
        outcomes, failures = self.metrics.tallies()
        yield CounterMetricFamily("newscrawler_renders", "Renders this worker process "
                                  "attempted (renders/s: its rate).", value=stats.renders)
        done = CounterMetricFamily("newscrawler_render_outcomes", "Render tasks ended, by "
                                   "outcome.", labels=["outcome"])
        for outcome, n in sorted(outcomes.items()):
            done.add_metric([outcome], n)
        yield done
        failed = CounterMetricFamily("newscrawler_render_failures", "Failed render attempts, "
                                     "by reason.", labels=["reason"])
        for reason, n in sorted(failures.items()):
            failed.add_metric([reason], n)
        yield failed
        yield CounterMetricFamily("newscrawler_browser_launches", "Chromium launches.",
                                  value=stats.browser_launches)
        yield CounterMetricFamily("newscrawler_browser_restarts", "Chromium relaunched after "
                                  "it crashed or was killed.", value=stats.browser_crashes)
        yield GaugeMetricFamily("newscrawler_render_pages_active", "Pages rendering now.",
                                value=stats.active)
        yield GaugeMetricFamily("newscrawler_render_pages_max", "Pages this process renders "
                                "at once at most (RENDER_PAGES).", value=pool.pages)
        for proportional, name, doc in (
            (False, "newscrawler_worker_rss_bytes", ("Resident memory of the worker process "
             "and of its browser (driver and Chromium; shared pages once per process).")),
            (True, "newscrawler_worker_pss_bytes", ("Proportional memory (PSS) of the worker "
             "process and of its browser: what they cost together.")),
        ):
            own, browsers = pool.rss_split(proportional)
            family = GaugeMetricFamily(name, doc, labels=["process"])
            family.add_metric(["worker"], own)
            family.add_metric(["browser"], browsers)
            yield family
        try:
            depth = queue_depth(self.metrics.client, RENDER_QUEUE)
        except redis.RedisError:
            return  # Redis away: the rest still answers
        yield GaugeMetricFamily("newscrawler_render_queue_depth", "Tasks waiting in the "
                                "render queue (all jobs).", value=depth)
