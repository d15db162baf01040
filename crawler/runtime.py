"""What one crawl job holds while it runs: config, servers, store, frontier, job record.

Created once per Scrapy crawler (:meth:`CrawlRuntime.of`), shared by the spider, the
scheduler, the robots middleware, the Mongo pipeline and the extensions. It starts
embedded servers when none is configured and local render workers when rendering is
on; it creates or joins the job's frontier in Redis, acknowledges a request's lease
once the request is fully handled, renews the leases this process holds, requeues
expired ones (of any process), and closes the spider when the whole job is done:
nothing queued, nothing leased, nothing rendering.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import time
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING, Any, cast

import redis
from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.spiders import Spider
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.defer import deferred_from_coro

from crawler.config import ConfigError, CrawlerConfig
from crawler.coordination import JobChannel
from crawler.frontier import Frontier, JobNotFound, connect
from crawler.frontier.requests import LEASE_META
from crawler.frontier.robots import SharedRobots
from crawler.local_workers import LocalWorkers
from crawler.render_policy import RenderLearner
from crawler.services import Endpoints, check_redis, resolve
from crawler.storage import ArticleStore, utcnow

if TYPE_CHECKING:
    from crawler.frontier.scheduler import FrontierScheduler
    from crawler.pipelines import MongoPipeline

logger = logging.getLogger(__name__)

POLL_INTERVAL_S = 0.25
JOB_SAVE_INTERVAL_S = 2.0
REAP_INTERVAL_S = 1.0


def new_job_id() -> str:
    return f"{datetime.now():%Y%m%d-%H%M%S}-{secrets.token_hex(3)}"


def create_frontier(client: redis.Redis, job_id: str, config: CrawlerConfig,
                    seeds: list[str]) -> Frontier:
    """Create the job's frontier with this config's settings (or join it if it exists)."""
    info = {"seeds": "\n".join(seeds), "render_mode": config.render_mode}
    return Frontier.create(client, job_id, config.frontier_settings(), info)


class CrawlRuntime:
    def __init__(self, crawler: Crawler, config: CrawlerConfig) -> None:
        self.crawler = crawler
        self.config = config
        self.endpoints: Endpoints = resolve(config)
        self.store = ArticleStore(self.endpoints.mongo_uri, config.mongo_database)
        self.job_id: str = crawler.settings.get("CRAWL_JOB_ID") or new_job_id()
        self.redis = connect(self.endpoints.redis_url)
        self.channel = JobChannel(self.redis, self.job_id)
        self.spider_id = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(2)}"
        self._frontier: Frontier | None = None
        self._robots: SharedRobots | None = None
        self.scheduler: FrontierScheduler | None = None
        self.pipeline: MongoPipeline | None = None
        self.held: set[str] = set()
        self.workers: LocalWorkers | None = None
        self._celery: Any = None
        self._job: dict[str, Any] = {}
        self._poll: Any = None
        self._last = {"save": 0.0, "reap": 0.0, "renew": time.monotonic()}
        self._held_open = False
        self._started_at = utcnow()
        self.start_error: str | None = None
        crawler.signals.connect(self._opened, signal=signals.spider_opened)
        crawler.signals.connect(self._idle, signal=signals.spider_idle)
        crawler.signals.connect(self._closed, signal=signals.spider_closed)
        crawler.signals.connect(self._left_downloader, signal=signals.request_left_downloader)

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

    # -- frontier -----------------------------------------------------------------------

    def open_frontier(self, seeds: list[str]) -> Frontier:
        """Create the job's frontier (given seeds), or join it (none given)."""
        if self.config.redis_url:
            check_redis(self.endpoints.redis_url)  # fail fast: the client itself retries minutes
        if seeds:
            self._frontier = create_frontier(self.redis, self.job_id, self.config, seeds)
        else:
            try:
                self._frontier = Frontier.join(self.redis, self.job_id)
            except JobNotFound:
                raise ConfigError(
                    f"no start URLs, and no crawl job {self.job_id!r} in Redis at "
                    f"{self.endpoints.redis_url}: pass -a start_urls=URL, or -a job=ID of a "
                    "job created with python -m crawler crawl --distributed"
                ) from None
        return self._frontier

    def refuse_start(self, reason: str) -> None:
        """The crawl cannot start (bad start URL, no such job, Redis away): close at once."""
        self.start_error = reason

    @property
    def frontier(self) -> Frontier:
        if self._frontier is None:
            raise RuntimeError("the frontier is opened by the spider (open_frontier)")
        return self._frontier

    @property
    def robots(self) -> SharedRobots:
        if self._robots is None:
            agent = self.crawler.settings.get("USER_AGENT") or "newscrawler"
            self._robots = SharedRobots(self.frontier, agent)
        return self._robots

    def hold(self, lease_id: str) -> None:
        self.held.add(lease_id)

    def settle(self, *lease_ids: str | None) -> None:
        """These requests are fully handled: queue what they led to, then let them go."""
        ids = [i for i in lease_ids if i is not None]
        if self.scheduler is not None:
            self.scheduler.flush()
        if ids:
            self.frontier.ack(ids)
            self.held.difference_update(ids)

    def _left_downloader(self, request: Request, spider: Spider) -> None:
        lease = request.meta.get(LEASE_META)
        if lease is not None:
            self.frontier.fetched(lease)

    def hand_back_leases(self) -> int:
        """Requeue what this process took but did not finish (it is stopping)."""
        ids, self.held = list(self.held), set()
        return self.frontier.requeue(ids) if ids else 0

    def wake_engine(self) -> None:
        # Scrapy's engine asks its scheduler again only after a response or every 5 s;
        # a request that a site's budget held back is due sooner.
        slot = getattr(self.crawler.engine, "_slot", None)
        if slot is not None:
            slot.nextcall.schedule()

    # -- render queue -------------------------------------------------------------------

    @cached_property
    def learner(self) -> RenderLearner | None:
        """What this job learned about which pages need a browser (``auto`` only)."""
        if self.config.render_mode != "auto":
            return None
        return RenderLearner(self.redis, self.job_id, batch=True)

    def submit_render(self, url: str, reason: str, static_words: int | None = None) -> bool:
        """Queue ``url`` for a render worker; False if it was pending already.

        Sent either way: a page is fetched again only when the spider that queued it died,
        perhaps after marking it pending but before sending it. A second task is harmless
        (storage is idempotent; the pending mark is cleared once)."""
        fresh = self.channel.mark_pending(url)
        if self._celery is None:
            from workers.app import create_app

            self._celery = create_app(self.endpoints.broker_url, self.config)
        from workers.app import RENDER_QUEUE, RENDER_TASK

        self._celery.send_task(RENDER_TASK, args=[url, self.job_id, reason],
                               kwargs={"static_words": static_words}, queue=RENDER_QUEUE)
        return fresh

    # -- lifecycle ----------------------------------------------------------------------

    def _opened(self, spider: Spider) -> None:
        if self.start_error is not None:
            assert self.crawler.engine is not None
            deferred_from_coro(self.crawler.engine.close_spider_async(reason="config_error"))
            return
        self.store.ensure_indexes()
        if self.rendering and self.config.render_workers > 0:
            self.config.require_chromium()
            self.workers = LocalWorkers(self.config.render_workers, self.endpoints,
                                        self.config.crawler_data_dir.resolve())
            self.workers.start()
        meta = self.frontier.meta()
        self._job = {
            "job_id": self.job_id, "spider": spider.name, "status": "running",
            "seeds": [u for u in meta.get("seeds", "").split("\n") if u],
            "settings": {"render_mode": self.config.render_mode,
                         "render_workers": self.config.render_workers,
                         "max_pages": self.crawler.settings.getint("CLOSESPIDER_PAGECOUNT"),
                         "frontier": self.frontier.settings.__dict__},
            "started_at": datetime.fromtimestamp(float(meta["created_at"])).astimezone(),
            "finished_at": None, "counters": {},
        }
        self._save_job()
        self._poll = create_looping_call(self._tick)
        self._poll.start(POLL_INTERVAL_S, now=False)

    def _tick(self) -> None:
        try:
            self._tick_once()
        except Exception as exc:  # noqa: BLE001 - one failed tick (Redis away) must not end ticking
            logger.warning("frontier upkeep failed, trying again: %s", exc)

    def _tick_once(self) -> None:
        """Renew and reap leases, report, and close the spider once the job is done."""
        engine = self.crawler.engine
        if engine is None or self.crawler.spider is None:
            return
        now = time.monotonic()
        if now - self._last["renew"] >= self.frontier.settings.lease_s / 3:
            self._last["renew"] = now
            self.frontier.renew(self.held)
        if now - self._last["reap"] >= REAP_INTERVAL_S:
            self._last["reap"] = now
            self._reap()
        if self.learner is not None:
            self.learner.flush_due()
        if now - self._last["save"] >= JOB_SAVE_INTERVAL_S:
            self._last["save"] = now
            if self.pipeline is not None:
                self.pipeline.flush()  # a slow crawl must not hold its leases for long
            self._save_job()
        if self._held_open and engine.spider_is_idle() and self._job_done():
            # Scrapy re-checks idleness every 5 s; close as soon as the job is done.
            self._held_open = False
            deferred_from_coro(engine.close_spider_async(reason="finished"))

    def _reap(self) -> None:
        requeued, dropped = self.frontier.reap()
        if requeued:
            logger.info("%d expired leases returned to the frontier", requeued)
        for blob in self.frontier.pop_dropped() if dropped else ():
            self.record_error(_blob_url(blob), "frontier",
                              f"given up after {self.frontier.settings.max_attempts} expired "
                              "leases (the fetching process died or hung each time)")

    def _job_done(self) -> bool:
        """True once nothing is queued, leased or rendering in the whole job."""
        if self.pipeline is not None:
            self.pipeline.flush()
        marked = self.frontier.try_finish(self.channel.pending_key)
        if marked == 1:
            logger.info("job %s finished", self.job_id)
        return marked >= 0

    def _idle(self, spider: Spider) -> None:
        if self.start_error is not None:
            return
        if self.workers is not None and not self.workers.alive() and self.channel.pending():
            logger.error("local render workers died; see %s", self.workers.log_path)
            return
        if not self._job_done():
            self._held_open = True
            raise DontCloseSpider

    def _closed(self, spider: Spider, reason: str) -> None:
        if self.start_error is not None:
            return
        if self._poll is not None and self._poll.running:
            self._poll.stop()
        if self.learner is not None:
            self.learner.flush()  # what this spider learned is the job's
        if self.workers is not None:
            self.workers.request_stop()  # they shut down while the job is saved
        self._job["status"] = "finished" if self.frontier.finished() else f"stopped:{reason}"
        self._save_job(stopped=reason)
        if self.workers is not None:
            self.workers.stop()

    def counters(self, spiders: list[dict[str, Any]] | None = None) -> dict[str, int]:
        """The job's counters: this process's own plus those the others published
        (``spiders``, as :meth:`JobChannel.spiders` gives them, when already read)."""
        render = self.channel.stats()
        frontier = self.frontier.counts()
        totals: dict[str, int] = {}
        others = self.channel.spiders() if spiders is None else spiders
        for report in [r for r in others if r.get("id") != self.spider_id] + [
            self._spider_report(None)
        ]:
            for key, value in cast("dict[str, int]", report.get("counters", {})).items():
                totals[key] = totals.get(key, 0) + int(value)
        return {
            **totals,
            "render_pending": self.channel.pending(),
            "rendered_articles": render.get("stored", 0),
            "rendered_other": render.get("rendered", 0),
            "render_failed": render.get("failed", 0),
            "errors": totals.get("errors", 0) + render.get("failed", 0),
            "frontier_queued": frontier.get("queued", 0),
            "frontier_leased": frontier.get("leased", 0),
            "frontier_seen": frontier.get("pushed", 0),
            "frontier_requeued": frontier.get("requeued", 0),
        }

    def _spider_report(self, stopped: str | None) -> dict[str, Any]:
        stats = self.crawler.stats
        assert stats is not None
        return {
            "id": self.spider_id, "started_at": self._started_at.isoformat(),
            "stopped": stopped,
            "counters": {
                "pages_fetched": int(stats.get_value("response_received_count", 0)),
                "articles_static": int(stats.get_value("mongo/items", 0)),
                "render_queued": int(stats.get_value("render/queued", 0)),
                "errors": int(stats.get_value("newscrawler/errors", 0)),
            },
        }

    def _save_job(self, stopped: str | None = None) -> None:
        if not self._job:
            return
        try:
            self.frontier.touch()
            self.channel.report_spider(self.spider_id, self._spider_report(stopped))
            spiders = self.channel.spiders()
            self._job["counters"] = self.counters(spiders)
            self._job["spiders"] = spiders
            self._job["frontier"] = {"seen_bytes_per_url": self.frontier.seen_bytes_per_url(),
                                     "seen": self.frontier.settings.seen}
            if self.frontier.finished():
                self._job["status"] = "finished"
            if self._job["status"] == "finished" and not self._job["finished_at"]:
                self._job["finished_at"] = utcnow()
            self._job["updated_at"] = utcnow()
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


def _blob_url(blob: str) -> str:
    try:
        return str(json.loads(blob)["url"])
    except (ValueError, KeyError, TypeError):
        return blob[:200]
