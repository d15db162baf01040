"""Prometheus metrics and a health check, served over HTTP by spiders and render workers.

A process with ``METRICS_PORT`` set serves ``/metrics`` (Prometheus text format, from
``prometheus-client``'s registry: the process's own collectors plus its CPU, memory and
file descriptors) and ``/healthz`` (200 ``ok``, or 503 with one line per failed check).
Figures the process already keeps (Scrapy's stats, the browser pool's counters) are
read at scrape time by custom collectors, so nothing is counted twice.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import redis
from prometheus_client import REGISTRY, CollectorRegistry, Histogram, make_wsgi_app
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

logger = logging.getLogger(__name__)

# Celery's Redis transport keeps a queue's tasks in one list per priority step:
# QUEUE, then QUEUE + "\x06\x16" + step for the steps above 0.
_PRIORITY_SEP = "\x06\x16"
_PRIORITY_STEPS = (3, 6, 9)

HealthCheck = Callable[[], list[str]]

# How long one write of articles to MongoDB takes (a spider's batch, a worker's article):
# observed where it happens, in every process (cheap when nothing scrapes it). Buckets
# from 1 ms to 30 s, about 1.6 apart, fine enough for a p50 and a p99.
MONGO_WRITE_SECONDS = Histogram(
    "newscrawler_mongo_write_seconds", "Duration of one write of articles to MongoDB.",
    ["writer"], buckets=tuple(round(0.001 * 1.6 ** i, 6) for i in range(23)))


def queue_depth(client: redis.Redis, queue: str) -> int:
    """Tasks waiting in a Celery queue on Redis (every priority list)."""
    keys = [queue, *(f"{queue}{_PRIORITY_SEP}{step}" for step in _PRIORITY_STEPS)]
    with client.pipeline(transaction=False) as pipe:
        for key in keys:
            pipe.llen(key)
        return sum(int(n) for n in pipe.execute())


def gauge(name: str, doc: str, value: float, labels: dict[str, str] | None = None
          ) -> GaugeMetricFamily:
    family = GaugeMetricFamily(name, doc, labels=list(labels or {}))
    family.add_metric(list((labels or {}).values()), value)
    return family


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        logger.debug("metrics: " + format, *args)


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class MetricsServer:
    """``/metrics`` and ``/healthz`` on ``host:port`` in a daemon thread."""

    def __init__(self, host: str, port: int, health: HealthCheck,
                 registry: CollectorRegistry = REGISTRY) -> None:
        self.health = health
        self._metrics = make_wsgi_app(registry)
        self._server = make_server(host, port, self._app, _ThreadingServer, _Quiet)
        self.port = int(self._server.server_port)
        self._thread = threading.Thread(target=self._server.serve_forever, name="metrics",
                                        daemon=True)
        self._thread.start()

    def _app(self, environ: dict[str, Any], start_response: Callable[..., Any]
             ) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == "/healthz":
            try:
                problems = self.health()
            except Exception as exc:  # noqa: BLE001 - a check that breaks is a failure
                problems = [f"health check failed: {type(exc).__name__}: {exc}"]
            body = ("\n".join(problems) if problems else "ok").encode() + b"\n"
            start_response("503 Service Unavailable" if problems else "200 OK",
                           [("Content-Type", "text/plain; charset=utf-8")])
            return [body]
        result: Iterable[bytes] = self._metrics(environ, start_response)
        return result

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def serve(host: str, port: int, health: HealthCheck, collector: Collector,
          registry: CollectorRegistry = REGISTRY) -> MetricsServer | None:
    """Register ``collector`` and serve it; None (logged) when the port is taken."""
    registry.register(collector)
    try:
        server = MetricsServer(host, port, health, registry)
    except OSError as exc:
        registry.unregister(collector)
        logger.error("metrics not served on %s:%d: %s", host, port, exc)
        return None
    logger.info("metrics on http://%s:%d/metrics", host, server.port)
    return server


def checks(named: Iterable[tuple[str, Callable[[], object]]]) -> list[str]:
    """Run each check; one line per one that raised."""
    problems = []
    for name, check in named:
        try:
            check()
        except Exception as exc:  # noqa: BLE001 - every failure is reported, none raised
            problems.append(f"{name}: {exc}")
    return problems
