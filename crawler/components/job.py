"""The crawl job's lifecycle, as a Scrapy extension (``EXTENSIONS``).

:class:`CrawlJob` keeps the job document in MongoDB (settings, status, the whole job's
counters, every spider process's report; saved every 2 seconds), records what fails
(``crawl_error``) in ``errors``, and decides when a spider may stop: an idle spider
stays while anything is queued, leased or rendering anywhere in the job, and closes as
soon as nothing is. The first spider to see that marks the job finished.

Documents MongoDB did not take (:mod:`crawler.spill`) hold the job open too: while any
of the job's spilled documents, on any machine, wait to be replayed, the job is not
finished. A spider whose job is otherwise done waits ``MONGO_OUTAGE_WAIT_S`` for them,
then stops with reason ``spills_pending`` (they are replayed at the next start, or by
``python -m crawler replay``).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import time
from datetime import datetime
from typing import Any, cast

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider
from scrapy.utils.asyncio import create_looping_call
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.defer import Deferred
from twisted.internet.threads import deferToThread

from crawler.components.scheduler import job_frontier
from crawler.components.signals import crawl_error
from crawler.config import CrawlerConfig
from crawler.frontier import Frontier, JobChannel, connect
from crawler.jobs import INCREMENTAL_META, SCHEDULE_META
from crawler.services import resolve
from crawler.spill import Spill, store_error
from crawler.storage import ArticleStore, error_document, utcnow

logger = logging.getLogger(__name__)

POLL_INTERVAL_S = 0.25
JOB_SAVE_INTERVAL_S = 2.0


class CrawlJob:
    def __init__(self, crawler: Crawler, config: CrawlerConfig, store: ArticleStore,
                 channel: JobChannel) -> None:
        self.crawler = crawler
        self.config = config
        self.store = store
        self.channel = channel
        self.job_id = channel.job_id
        self.spider_id = f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(2)}"
        self.frontier: Frontier | None = None
        self._job: dict[str, Any] = {}
        self._poll: Any = None
        self._last_save = 0.0
        self._held_open = False
        self._started_at = utcnow()
        self._spill_wait_since: float | None = None
        self._saving: Deferred[Any] | None = None
        self.spill = Spill.at(config.crawler_data_dir / "spill")

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlJob:
        config = CrawlerConfig.from_crawler(crawler)
        endpoints = resolve(config)
        store = ArticleStore(endpoints.mongo_uri, config.mongo_database)
        channel = JobChannel(connect(endpoints.redis_url), config.crawl_job_id or "")
        job = cls(crawler, config, store, channel)
        crawler.signals.connect(job._opened, signal=signals.spider_opened)
        crawler.signals.connect(job._idle, signal=signals.spider_idle)
        crawler.signals.connect(job._closed, signal=signals.spider_closed)
        crawler.signals.connect(job.record_error, signal=crawl_error)
        return job

    # -- lifecycle ----------------------------------------------------------------------

    def _opened(self, spider: Spider) -> None:
        frontier = self.frontier = job_frontier(self.crawler)
        if frontier is None:
            return  # the job did not start (the scheduler said why)
        self.store.ensure_indexes()
        meta = frontier.meta()
        self._job = {
            "job_id": self.job_id, "spider": spider.name, "status": "running",
            "seeds": [u for u in meta.get("seeds", "").split("\n") if u],
            "settings": {"render_mode": self.config.render_mode,
                         "render_workers": self.config.render_workers,
                         "max_pages": self.crawler.settings.getint("CLOSESPIDER_PAGECOUNT"),
                         "frontier": frontier.settings.as_dict()},
            "started_at": datetime.fromtimestamp(float(meta["created_at"])).astimezone(),
            "finished_at": None, "counters": {},
        }
        if meta.get(SCHEDULE_META):
            self._job["schedule"] = meta[SCHEDULE_META]
            self._job["settings"]["incremental"] = meta.get(INCREMENTAL_META) == "1"
        self._save_job()
        self._poll = create_looping_call(self._tick)
        self._poll.start(POLL_INTERVAL_S, now=False)

    def _tick(self) -> None:
        try:
            self._tick_once()
        except Exception as exc:  # noqa: BLE001 - one failed tick (Redis away) must not end ticking
            logger.warning("job upkeep failed, trying again: %s", exc)

    def _tick_once(self) -> None:
        """Save the job now and then; close the spider once the job is done."""
        engine = self.crawler.engine
        if engine is None or self.crawler.spider is None:
            return
        now = time.monotonic()
        if now - self._last_save >= JOB_SAVE_INTERVAL_S:
            self._last_save = now
            self._save_job()
        if self._held_open and engine.spider_is_idle() and self._job_done():
            # Scrapy re-checks idleness every 5 s; close as soon as the job is done.
            self._held_open = False
            deferred_from_coro(engine.close_spider_async(reason="finished"))

    def _job_done(self) -> bool:
        """True once nothing is queued, leased, rendering or spilled in the whole job."""
        assert self.frontier is not None
        if self.channel.spill_counts()["pending"] > 0 and not self.frontier.finished():
            self._wait_for_spills()
            return False
        self._spill_wait_since = None
        marked = self.frontier.try_finish(self.channel.pending_key)
        if marked == 1:
            logger.info("job %s finished", self.job_id)
        return marked >= 0

    def _wait_for_spills(self) -> None:
        """Spilled documents wait for MongoDB (replayed by whoever spilled them); past
        MONGO_OUTAGE_WAIT_S with nothing else to do, the spider stops without them."""
        engine = self.crawler.engine
        if engine is None or not engine.spider_is_idle():
            return
        now = time.monotonic()
        if self._spill_wait_since is None:
            self._spill_wait_since = now
            logger.warning("job %s: %d spilled documents wait for MongoDB (up to %g s)",
                           self.job_id, self.channel.spill_counts()["pending"],
                           self.config.mongo_outage_wait_s)
        elif now - self._spill_wait_since >= self.config.mongo_outage_wait_s:
            self._spill_wait_since = None
            logger.error("job %s: MongoDB did not take the spilled documents in %g s; "
                         "stopping (replayed at the next start, or by python -m crawler "
                         "replay)", self.job_id, self.config.mongo_outage_wait_s)
            deferred_from_coro(engine.close_spider_async(reason="spills_pending"))

    def _idle(self, spider: Spider) -> None:
        if self.frontier is not None and not self._job_done():
            self._held_open = True
            raise DontCloseSpider

    def _closed(self, spider: Spider, reason: str) -> Deferred[Any] | None:
        if self._poll is not None and self._poll.running:
            self._poll.stop()
        if self.frontier is None:
            return None
        self._job["status"] = "finished" if self.frontier.finished() else f"stopped:{reason}"
        # Scrapy waits for a Deferred returned here: the last save lands before the end.
        return self._save_job(stopped=reason)

    # -- counters and records -----------------------------------------------------------

    def counters(self, spiders: list[dict[str, Any]] | None = None) -> dict[str, int]:
        """The job's counters: this process's own plus those the others published
        (``spiders``, as :meth:`JobChannel.spiders` gives them, when already read)."""
        assert self.frontier is not None
        render = self.channel.stats()
        spill = self.channel.spill_counts()
        frontier = self.frontier.counts()
        others = self.channel.spiders() if spiders is None else spiders
        totals = self._summed(others, "counters")
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
            "frontier_capped": frontier.get("capped", 0),
            "spilled": spill["spilled"],
            "replayed": spill["replayed"],
            "spill_pending": spill["pending"],
        }

    def _summed(self, spiders: list[dict[str, Any]], part: str) -> dict[str, int]:
        """One part of every spider's report (``counters``, ``page_types``, ...) summed
        over the job: the others' as published, this process's own as it is now."""
        totals: dict[str, int] = {}
        for report in [r for r in spiders if r.get("id") != self.spider_id] + [
            self._spider_report(None)
        ]:
            for key, value in cast("dict[str, int]", report.get(part, {})).items():
                totals[key] = totals.get(key, 0) + int(value)
        return totals

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
                # A schedule's incremental job: 304s, and known pages a sitemap or feed
                # said changed since the previous job.
                "not_modified": int(stats.get_value("recrawl/not_modified", 0)),
                "modified_since": int(stats.get_value("recrawl/modified_since", 0)),
                # Pages whose recrawl state MongoDB did not take (fetched again next job).
                "recrawl_state_lost": int(stats.get_value("recrawl/not_written", 0)),
            },
            # Pages by type and why ("article/declared", "listing/link-list", ...), and
            # links not queued, by why ("robots", "trap", "extension", ...).
            "page_types": _group(stats.get_stats(), "pages/"),
            "links_refused": _group(stats.get_stats(), "links/refused/"),
        }

    def _save_job(self, stopped: str | None = None) -> Deferred[Any] | None:
        """Save the job document: in a pool thread, one save at a time; the last one
        (``stopped``) after any still in flight, so a stale one never lands last."""
        if not self._job or self.frontier is None:
            return None
        try:
            self.frontier.touch()
            self.channel.report_spider(self.spider_id, self._spider_report(stopped))
            spiders = self.channel.spiders()
            self._job["counters"] = self.counters(spiders)
            self._job["spiders"] = spiders
            self._job["page_types"] = self._summed(spiders, "page_types")
            self._job["links_refused"] = self._summed(spiders, "links_refused")
            self._job["frontier"] = {"seen_bytes_per_url": self.frontier.seen_bytes_per_url(),
                                     "seen": self.frontier.settings.seen}
            if self.frontier.finished():
                self._job["status"] = "finished"
            if self._job["status"] == "finished" and not self._job["finished_at"]:
                self._job["finished_at"] = utcnow()
            self._job["updated_at"] = utcnow()
        except Exception as exc:  # noqa: BLE001 - a job record must not stop the crawl
            logger.warning("job %s not saved: %s", self.job_id, exc)
            return None
        doc = dict(self._job)
        if stopped is not None:  # the last save: before the process ends
            if self._saving is not None:
                return self._saving.addBoth(lambda _: self._write_job(doc))
            self._write_job(doc)
        elif self._saving is None:
            # In a pool thread: with MongoDB away a write waits for its timeout, and the
            # reactor must go on fetching meanwhile. One save in flight; later ones skip.
            self._saving = deferToThread(self._write_job, doc)
            self._saving.addBoth(self._saved)
        return None

    def _saved(self, _: Any) -> None:
        self._saving = None

    def _write_job(self, doc: dict[str, Any]) -> None:
        try:
            self.store.save_job(doc)
        except Exception as exc:  # noqa: BLE001 - saved again in 2 s
            logger.warning("job %s not saved: %s", self.job_id, exc)

    def record_error(self, url: str, stage: str, reason: str,
                     extra: dict[str, Any] | None = None) -> None:
        """Count a failure and keep it in ``errors`` (the ``crawl_error`` signal)."""
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("newscrawler/errors")
        stats.inc_value(f"newscrawler/errors/{stage}")
        doc = error_document(url, stage, reason, self.job_id, **(extra or {}))
        # In a pool thread, as the articles are: MongoDB away must not stall the reactor.
        deferToThread(store_error, self.store, self.spill, self.channel, doc).addErrback(
            lambda f: logger.critical("error for %s neither stored nor spilled: %s %s (%s)",
                                      url, stage, reason, f.value))


def _group(stats: dict[str, Any], prefix: str) -> dict[str, int]:
    return {key[len(prefix):]: int(value) for key, value in stats.items()
            if key.startswith(prefix)}
