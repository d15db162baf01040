"""Downloader middleware that routes pages to the render workers.

:class:`RenderDispatch` is the crawl's side of rendering: it sends pages to the
Celery render queue (:meth:`RenderDispatch.submit`, called by the spider), holds what
the job learned about which URL patterns need a browser (``--render auto``), skips the
static fetch of those patterns, and starts and stops the render workers a crawl runs
on this machine (``RENDER_WORKERS``).
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider
from scrapy.http import HtmlResponse
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.defer import deferred_from_coro

from crawler.components.scheduler import job_frontier
from crawler.config import RENDER_QUEUE, ConfigError, CrawlerConfig
from crawler.frontier import JobChannel, connect
from crawler.local_workers import LocalWorkers
from crawler.render_policy import RenderLearner
from crawler.services import Endpoints, resolve

logger = logging.getLogger(__name__)

RENDER_DIRECT_FLAG = "render-direct"
_FLUSH_EVERY_S = 0.25


class RenderDispatch:
    """A request whose URL pattern was learned to need JavaScript is not fetched: an
    empty response flagged ``render-direct`` stands in, and the spider sends the page to
    the render queue. The site's budget slot goes back when the lease is settled."""

    def __init__(self, crawler: Crawler, config: CrawlerConfig, endpoints: Endpoints) -> None:
        self.crawler = crawler
        self.config = config
        self.endpoints = endpoints
        job_id = config.crawl_job_id or ""
        client = connect(endpoints.redis_url)
        self.channel = JobChannel(client, job_id)
        self.learner = (RenderLearner(client, job_id, batch=True)
                        if config.render_mode == "auto" else None)
        self.workers: LocalWorkers | None = None
        self._celery: Any = None
        self._flush: Any = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RenderDispatch:
        config = CrawlerConfig.from_crawler(crawler)
        dispatch = cls(crawler, config, resolve(config))
        crawler.signals.connect(dispatch._opened, signal=signals.spider_opened)
        crawler.signals.connect(dispatch._idle, signal=signals.spider_idle)
        crawler.signals.connect(dispatch._closed, signal=signals.spider_closed)
        crawler.signals.connect(dispatch._stopped, signal=signals.engine_stopped)
        return dispatch

    @property
    def rendering(self) -> bool:
        return self.config.render_mode != "never"

    def process_request(self, request: Request) -> HtmlResponse | None:
        # A request with no callback is not the spider's (robots.txt).
        if self.learner is None or request.callback is None:
            return None
        if not self.learner.render_directly(request.url):
            return None
        return HtmlResponse(request.url, status=200, body=b"", request=request,
                            flags=[RENDER_DIRECT_FLAG])

    def submit(self, url: str, reason: str, static_words: int | None = None) -> bool:
        """Queue ``url`` for a render worker; False if it was pending already.

        Sent either way: a page is fetched again only when the spider that queued it died,
        perhaps after marking it pending but before sending it. A second task is harmless
        (storage is idempotent; the pending mark is cleared once)."""
        fresh = self.channel.mark_pending(url)
        # Imported on the first render: a crawl that renders nothing needs no Celery app.
        from workers.app import RENDER_TASK, create_app

        if self._celery is None:
            self._celery = create_app(self.endpoints.broker_url, self.config)
        self._celery.send_task(RENDER_TASK, args=[url, self.channel.job_id, reason],
                               kwargs={"static_words": static_words}, queue=RENDER_QUEUE)
        return fresh

    # -- lifecycle ----------------------------------------------------------------------

    def _opened(self, spider: Spider) -> None:
        frontier = job_frontier(self.crawler)
        if frontier is None:
            return  # the job did not start: nothing to render
        if self.learner is not None:
            self._flush = create_looping_call(self.learner.flush_due)
            self._flush.start(_FLUSH_EVERY_S, now=False)
        if not self.rendering or self.config.render_workers == 0:
            return
        try:
            self.config.require_chromium()
        except ConfigError as exc:
            logger.error("%s", exc)
            raise CloseSpider("config_error") from None
        # The workers connect under the job's address policy (--allow-private), whoever
        # created the job: they render any job's pages from the shared queue.
        policy = frontier.settings.address_policy()
        self.workers = LocalWorkers(self.config.render_workers, self.endpoints,
                                    self.config.crawler_data_dir.resolve(),
                                    environ={**policy.environ(),
                                             # its spills beside the crawl's
                                             "CRAWLER_DATA_DIR": str(
                                                 self.config.crawler_data_dir.resolve())},
                                    metrics_port=self.config.metrics_port)
        self.workers.start()

    def _idle(self, spider: Spider) -> None:
        workers = self.workers
        if workers is None:
            return
        workers.restart_dead()
        if not workers.alive() and self.channel.pending():
            logger.error("local render workers died; see %s", workers.log_path)
            assert self.crawler.engine is not None
            deferred_from_coro(self.crawler.engine.close_spider_async(
                reason="render_workers_died"))

    def _closed(self, spider: Spider) -> None:
        if self._flush is not None and self._flush.running:
            self._flush.stop()
        if self.learner is not None:
            self.learner.flush()  # what this spider learned is the job's
        if self.workers is not None:
            self.workers.request_stop()  # they shut down while the job is saved

    def _stopped(self) -> None:
        if self.workers is not None:
            self.workers.stop()
