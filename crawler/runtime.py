"""What one crawl job holds while it runs: config, servers, store, render channel, job record.

Created once per Scrapy crawler (:meth:`CrawlRuntime.of`), shared by the spider, the
Mongo pipeline and the extensions. It starts embedded servers when none is
configured, local render workers when rendering is on, keeps the ``jobs``
document current, feeds links found by render workers back into the crawl, and
keeps the spider open while renders are pending.
"""

from __future__ import annotations

import logging
import secrets
import time
from datetime import datetime
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.spiders import Spider
from scrapy.utils.defer import deferred_from_coro
from scrapy.utils.asyncio import create_looping_call

from crawler.config import CrawlerConfig
from crawler.coordination import JobChannel
from crawler.local_workers import LocalWorkers
from crawler.services import Endpoints, resolve
from crawler.storage import ArticleStore, utcnow

logger = logging.getLogger(__name__)

POLL_INTERVAL_S = 0.25
JOB_SAVE_INTERVAL_S = 2.0


def new_job_id() -> str:
    return f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


class CrawlRuntime:
    def __init__(self, crawler: Crawler, config: CrawlerConfig) -> None:
        self.crawler = crawler
        self.config = config
        self.endpoints: Endpoints = resolve(config)
        self.store = ArticleStore(self.endpoints.mongo_uri, config.mongo_database)
        self.job_id: str = crawler.settings.get("CRAWL_JOB_ID") or new_job_id()
        self.channel = JobChannel.from_url(self.endpoints.redis_url, self.job_id)
        self.workers: LocalWorkers | None = None
        self._celery: Any = None
        self._job: dict[str, Any] = {}
        self._poll: Any = None
        self._last_save = 0.0
        self._held_open = False
        crawler.signals.connect(self._opened, signal=signals.spider_opened)
        crawler.signals.connect(self._idle, signal=signals.spider_idle)
        crawler.signals.connect(self._closed, signal=signals.spider_closed)

    @classmethod
    def of(cls, crawler: Crawler) -> CrawlRuntime:
        runtime = getattr(crawler, "_newscrawler_runtime", None)
        if runtime is None:
            runtime = cls(crawler, CrawlerConfig.from_scrapy_settings(crawler.settings))
            crawler._newscrawler_runtime = runtime  # type: ignore[attr-defined]
        return runtime

    @property
    def rendering(self) -> bool:
        return self.config.render_mode != "never"

    # -- render queue -------------------------------------------------------------------

    def submit_render(self, url: str, reason: str) -> bool:
        """Queue ``url`` for a render worker; False if it is already queued."""
        if not self.channel.mark_pending(url):
            return False
        if self._celery is None:
            from workers.app import create_app

            self._celery = create_app(self.endpoints.broker_url, self.config)
        from workers.app import RENDER_QUEUE, RENDER_TASK

        self._celery.send_task(RENDER_TASK, args=[url, self.job_id, reason], queue=RENDER_QUEUE)
        return True

    # -- lifecycle ----------------------------------------------------------------------

    def _opened(self, spider: Spider) -> None:
        self.store.ensure_indexes()
        if self.rendering and self.config.render_workers > 0:
            self.config.require_chromium()
            self.workers = LocalWorkers(self.config.render_workers, self.endpoints,
                                        self.config.crawler_data_dir.resolve())
            self.workers.start()
        self._job = {
            "job_id": self.job_id, "spider": spider.name, "status": "running",
            "seeds": list(getattr(spider, "start_urls", [])),
            "settings": {"render_mode": self.config.render_mode,
                         "render_workers": self.config.render_workers,
                         "max_pages": self.crawler.settings.getint("CLOSESPIDER_PAGECOUNT")},
            "started_at": utcnow(), "finished_at": None, "counters": {},
        }
        self._save_job()
        self._poll = create_looping_call(self._tick)
        self._poll.start(POLL_INTERVAL_S, now=False)

    def _tick(self) -> None:
        """Schedule links found by render workers; close the spider once all is done."""
        engine = self.crawler.engine
        spider = self.crawler.spider
        if engine is None or spider is None:
            return
        for url in self.channel.pop_links():
            engine.crawl(Request(url, callback=spider.parse, errback=spider.on_error))
        now = time.monotonic()
        if now - self._last_save >= JOB_SAVE_INTERVAL_S:
            self._last_save = now
            self._save_job()
        if self._held_open and engine.spider_is_idle() and not self.channel.pending() and (
            not self.channel.has_links()
        ):
            # Scrapy re-checks idleness every 5 s; close as soon as the last render is in.
            self._held_open = False
            deferred_from_coro(engine.close_spider_async(reason="finished"))

    def _idle(self, spider: Spider) -> None:
        if self.channel.pending() or self.channel.has_links():
            if self.workers is not None and not self.workers.alive():
                logger.error("local render workers died; see %s", self.workers.log_path)
                return
            self._held_open = True
            raise DontCloseSpider

    def _closed(self, spider: Spider, reason: str) -> None:
        if self._poll is not None and self._poll.running:
            self._poll.stop()
        if self.workers is not None:
            self.workers.stop()
        self._job["status"] = "finished" if reason == "finished" else f"stopped:{reason}"
        self._job["finished_at"] = utcnow()
        self._save_job()

    def counters(self) -> dict[str, int]:
        stats = self.crawler.stats
        assert stats is not None
        render = self.channel.stats()
        return {
            "pages_fetched": int(stats.get_value("response_received_count", 0)),
            "articles_static": int(stats.get_value("mongo/items", 0)),
            "render_queued": int(stats.get_value("render/queued", 0)),
            "render_pending": self.channel.pending(),
            "rendered_articles": render.get("stored", 0),
            "rendered_other": render.get("rendered", 0),
            "render_failed": render.get("failed", 0),
            "errors": int(stats.get_value("newscrawler/errors", 0)) + render.get("failed", 0),
        }

    def _save_job(self) -> None:
        if not self._job:
            return
        self._job["counters"] = self.counters()
        self._job["updated_at"] = utcnow()
        try:
            self.store.save_job(self._job)
        except Exception as exc:  # noqa: BLE001 - a job record must not stop the crawl
            logger.warning("job %s not saved: %s", self.job_id, exc)

    def record_error(self, url: str, stage: str, reason: str, **extra: Any) -> None:
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("newscrawler/errors")
        stats.inc_value(f"newscrawler/errors/{stage}")
        try:
            self.store.record_error(url, stage, reason, self.job_id, **extra)
        except Exception as exc:  # noqa: BLE001
            logger.error("error for %s not stored (%s): %s %s", url, exc, stage, reason)
