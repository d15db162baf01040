"""The render step, outside Celery: render, extract, store, hand links back.

One :class:`Renderer` per worker process owns the browser, the Mongo client and
the Redis connection; the Celery task only calls :meth:`Renderer.run`. A render
obeys the job's robots.txt rules and takes a slot of the site's budget, like a
spider's fetch, and the links it finds pass the spider's link policy
(:class:`crawler.urls.LinkPolicy`) into the job's frontier. What MongoDB does not take
is spilled to disk and replayed by a thread of the worker every few seconds.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from typing import Literal

from prometheus_client import REGISTRY
from pymongo.errors import PyMongoError

from crawler.addresses import guarded_opener
from crawler.config import CrawlerConfig
from crawler.documents import article_document
from crawler.extract import ExtractionError, extract
from crawler.frontier import Entry, Frontier, JobChannel, connect
from crawler.frontier.requests import blob_for_url
from crawler.frontier.robots import SharedRobots, wait_politely
from crawler.frontier.traps import TrapGuard
from crawler.render_policy import RenderLearner, needed_js
from crawler.spill import Spill, replay_counted, store_error
from crawler.storage import ArticleStore, error_document
from crawler.telemetry import MONGO_WRITE_SECONDS, MetricsServer, checks, serve
from crawler.urls import LISTING_PRIORITY, LinkPolicy, site_of
from workers.browser import BrowserPool, RenderError
from workers.metrics import WorkerCollector, WorkerMetrics

logger = logging.getLogger(__name__)

REPLAY_EVERY_S = 5.0

Outcome = Literal["stored", "rendered", "denied", "failed", "dead-letter"]


@dataclass
class _Job:
    channel: JobChannel
    frontier: Frontier
    robots: SharedRobots
    learner: RenderLearner
    links: LinkPolicy


class Renderer:
    def __init__(self, config: CrawlerConfig, redis_url: str, mongo_uri: str) -> None:
        self.config = config
        self.redis = connect(redis_url)
        self.pool = BrowserPool(
            config.require_chromium(), config.render_timeout_s, pages=config.render_pages,
            context_pages=config.render_context_pages, browser_pages=config.render_browser_pages,
            block_types=config.render_block, block_hosts=config.render_block_hosts,
            wait_for=config.render_wait_for, policy=config.address_policy())
        self.store = ArticleStore(mongo_uri, config.mongo_database)
        self.spill = Spill.at(config.crawler_data_dir / "spill")
        self.metrics = WorkerMetrics(self.redis, self.pool)
        self._jobs: dict[str, _Job] = {}
        self._jobs_guard = threading.Lock()
        self._stop = threading.Event()
        self._replayer: threading.Thread | None = None
        self._collector: WorkerCollector | None = None
        self._server: MetricsServer | None = None

    def start(self) -> None:
        """Launch the browser, start publishing metrics (and serving them, with
        METRICS_PORT) and replaying spills."""
        self.pool.start()
        self.metrics.start()
        if self.config.metrics_port and self._server is None:
            self._collector = WorkerCollector(self.metrics)
            self._server = serve(self.config.metrics_host, self.config.metrics_port,
                                 self.health, self._collector)
        self._stop.clear()
        self._replayer = threading.Thread(target=self._replay_loop, name="spill-replay",
                                          daemon=True)
        self._replayer.start()

    def _replay_loop(self) -> None:
        """Every few seconds while spills wait (this worker's, or an earlier run's on this
        disk): write them to MongoDB and count them for their jobs."""
        while not self._stop.wait(REPLAY_EVERY_S):
            if self.spill.waiting():
                try:
                    self.replay()
                except Exception as exc:  # noqa: BLE001 - Redis away: the next round
                    logger.warning("spill replay failed: %s", exc)

    def replay(self) -> int:
        return replay_counted(self.spill, self.store, self.redis).total

    def job(self, job_id: str) -> _Job:
        """The job's shared state; JobNotFound if its frontier is gone."""
        with self._jobs_guard:
            if job_id not in self._jobs:
                frontier = Frontier.join(self.redis, job_id)
                robots = SharedRobots(frontier, self.config.user_agent,
                                      opener=guarded_opener(self.config.address_policy()))
                traps = TrapGuard(self.redis, job_id, frontier.settings.trap_pages)
                links = LinkPolicy(robots, traps=traps,
                                   drop_params=frontier.settings.drop_params)
                self._jobs[job_id] = _Job(JobChannel(self.redis, job_id), frontier, robots,
                                          RenderLearner(self.redis, job_id), links)
            return self._jobs[job_id]

    def health(self) -> list[str]:
        """One line per part this worker cannot work without that fails now."""
        return checks([("redis", self.redis.ping),
                       ("mongodb", lambda: self.store.client.admin.command("ping")),
                       ("chromium", self._browser_check)])

    def _browser_check(self) -> None:
        problem = self.pool.problem()
        if problem:
            raise RuntimeError(problem)

    def close(self) -> None:
        if self._server is not None:
            self._server.close()
            self._server = None
        if self._collector is not None:
            REGISTRY.unregister(self._collector)
            self._collector = None
        self._stop.set()
        if self._replayer is not None:
            self._replayer.join(30)
        self.metrics.stop()
        self.pool.close()
        self.store.close()

    def run(self, url: str, job_id: str, reason: str | None,
            static_words: int | None = None) -> Outcome:
        """Render ``url``; store it if it is an article. Raises RenderError to retry.

        A page rendered because its static body was thin (``static_words``) tells the
        job's learner whether it needed JavaScript after all."""
        job = self.job(job_id)
        channel = job.channel
        if not job.robots.check_blocking(url):
            channel.finish(url, "denied")
            return "denied"
        site = site_of(url)
        wait_politely(job.frontier, site)
        try:
            page = self.pool.render(url)
        finally:
            job.frontier.release(site)
        if page.status >= 500:
            raise RenderError(f"HTTP {page.status}", "http")
        try:
            article = extract(page.html, page.url)
        except ExtractionError as exc:
            self._record_error(url, "parse", str(exc), job_id)
            channel.finish(url, "rendered")
            return "rendered"
        priority = LISTING_PRIORITY if article.page_type == "listing" else 0
        job.frontier.push(Entry(*blob_for_url(link, priority), url=link, priority=priority)
                          for link in job.links.follow(
                              url, article.links,
                              cap=job.frontier.settings.max_links_per_page).links)
        if reason == "thin-body":
            job.learner.record(url, js=needed_js(article.word_count, static_words))
        if article.js_shell and article.page_type == "article":
            # Nothing lost silently: the article frame is there, its body never came.
            self._record_error(url, "render", "no article body after rendering (the page "
                               "still shows only its frame)", job_id)
            channel.finish(url, "failed")
            return "failed"
        if article.page_type != "article" or not article.text:
            channel.finish(url, "rendered")
            return "rendered"
        doc = article_document(article, fetched_url=url, status=page.status, rendered=True,
                               elapsed_ms=page.elapsed_ms, render_reason=reason)
        try:
            with MONGO_WRITE_SECONDS.labels("render").time():
                self.store.upsert_articles([doc], job_id)
        except PyMongoError as exc:
            # Rendered and kept: on disk until MongoDB takes it (SpillError if not even
            # that: the task is then not acknowledged).
            logger.error("MongoDB did not take the article of %s: %s", url, exc)
            channel.count_spill("spilled", self.spill.add("articles", job_id, [doc]))
        channel.finish(url, "stored")
        return "stored"

    def fail(self, url: str, job_id: str, reason: str,
             dead_letter: dict[str, object] | None = None) -> Outcome:
        """The render cannot succeed: keep an error document (with the task to send again,
        for a ``dead_letter``) and release the URL."""
        extra = {"dead_letter": dead_letter} if dead_letter else {}
        self._record_error(url, "render", reason, job_id, **extra)
        JobChannel(self.redis, job_id).finish(url, "failed")
        return "dead-letter" if dead_letter else "failed"

    def _record_error(self, url: str, stage: str, reason: str, job_id: str,
                      **extra: object) -> None:
        """An ``errors`` document, spilled when MongoDB does not take it."""
        store_error(self.store, self.spill, JobChannel(self.redis, job_id),
                    error_document(url, stage, reason, job_id, **extra))
