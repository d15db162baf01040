"""Prometheus metrics of a spider process (``METRICS_PORT``): its own figures, read from
Scrapy's stats at scrape time, and its job's, read from Redis. ``/healthz`` checks the
job's Redis and MongoDB."""

from __future__ import annotations

import time
from collections.abc import Iterator

from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from crawler.components.job import CrawlJob
from crawler.config import RENDER_QUEUE, CrawlerConfig
from crawler.telemetry import MetricsServer, checks, gauge, queue_depth, serve

_ERRORS_PREFIX = "newscrawler/errors/"


def _counter(name: str, doc: str, value: float) -> CounterMetricFamily:
    return CounterMetricFamily(name, doc, value=value)


class SpiderCollector:
    """Read at each scrape; nothing is counted twice."""

    def __init__(self, crawler: Crawler, job: CrawlJob) -> None:
        self.crawler = crawler
        self.job = job
        self.started = time.monotonic()
        self.ended: float | None = None

    def collect(self) -> Iterator[Metric]:
        stats = dict(self.crawler.stats.get_stats()) if self.crawler.stats else {}
        job = {"job": self.job.job_id}
        yield _counter("newscrawler_pages_fetched", "Responses this spider received.",
                       stats.get("response_received_count", 0))
        yield _counter("newscrawler_articles_stored", "Articles this spider handed to "
                       "storage (static pages; rendered ones are the workers').",
                       stats.get("mongo/items", 0))
        yield _counter("newscrawler_render_queued", "Pages this spider sent to the render "
                       "queue.", stats.get("render/queued", 0))
        errors = CounterMetricFamily("newscrawler_errors", "errors documents this spider "
                                     "recorded, by stage.", labels=["stage"])
        for key, value in stats.items():
            if key.startswith(_ERRORS_PREFIX):
                errors.add_metric([key.removeprefix(_ERRORS_PREFIX)], value)
        yield errors
        end = self.ended if self.ended is not None else time.monotonic()
        yield gauge("newscrawler_job_duration_seconds", "How long this spider has worked on "
                    "its job (final once it closed).", end - self.started, job)
        yield from self._job_figures(job)

    def _job_figures(self, job: dict[str, str]) -> Iterator[Metric]:
        """The whole job's, from Redis; left out while Redis does not answer."""
        frontier = self.job.frontier
        client = self.job.channel.client
        try:
            figures = {
                "queued": frontier.queued() if frontier else 0,
                "leased": frontier.leased() if frontier else 0,
                "pending": self.job.channel.pending(),
                "spills": self.job.channel.spill_counts()["pending"],
                "depth": queue_depth(client, RENDER_QUEUE),
            }
        except Exception:  # noqa: BLE001 - a scrape during an outage still answers
            return
        yield gauge("newscrawler_frontier_queued", "Requests of the job waiting in the "
                    "frontier.", figures["queued"], job)
        yield gauge("newscrawler_frontier_leased", "Requests of the job taken by a spider "
                    "and not yet settled.", figures["leased"], job)
        yield gauge("newscrawler_render_pending", "Pages of the job sent to render and not "
                    "yet rendered.", figures["pending"], job)
        yield gauge("newscrawler_spills_pending", "Documents of the job spilled to disk and "
                    "not yet replayed into MongoDB.", figures["spills"], job)
        yield GaugeMetricFamily("newscrawler_render_queue_depth", "Tasks waiting in the "
                                "render queue (all jobs).", value=figures["depth"])


class SpiderMetrics:
    """Scrapy extension: serves the collector on ``METRICS_PORT`` from the spider's
    opening; ``NotConfigured`` when the port is 0."""

    def __init__(self, crawler: Crawler, config: CrawlerConfig) -> None:
        self.crawler = crawler
        self.config = config
        self.collector: SpiderCollector | None = None
        self.server: MetricsServer | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SpiderMetrics:
        config = CrawlerConfig.from_crawler(crawler)
        if not config.metrics_port:
            raise NotConfigured
        ext = cls(crawler, config)
        crawler.signals.connect(ext._opened, signal=signals.spider_opened)
        crawler.signals.connect(ext._closed, signal=signals.spider_closed)
        return ext

    def _opened(self, spider: Spider) -> None:
        job = self.crawler.get_extension(CrawlJob)
        if job is None:
            return
        self.collector = SpiderCollector(self.crawler, job)
        self.server = serve(self.config.metrics_host, self.config.metrics_port,
                            self._health, self.collector)

    def _health(self) -> list[str]:
        assert self.collector is not None
        job = self.collector.job
        return checks([("redis", job.channel.client.ping),
                       ("mongodb", lambda: job.store.client.admin.command("ping"))])

    def _closed(self, spider: Spider) -> None:
        if self.collector is not None:
            self.collector.ended = time.monotonic()
