"""The render step, outside Celery: render, extract, store, hand links back.

One :class:`Renderer` per worker process owns the browser, the Mongo client and
the Redis connection; the Celery task only calls :meth:`Renderer.run`. A render
obeys the job's robots.txt rules and takes a slot of the site's budget, like a
spider's fetch, and the links it finds go into the job's frontier.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from crawler import settings as scrapy_settings
from crawler.config import CrawlerConfig
from crawler.coordination import JobChannel
from crawler.documents import article_document
from crawler.extract import extract
from crawler.extract._extract import ExtractionError
from crawler.frontier import Entry, Frontier, connect, site_of
from crawler.frontier.requests import LISTING_PRIORITY, blob_for_url
from crawler.frontier.robots import SharedRobots, wait_politely
from crawler.storage import ArticleStore
from crawler.urls import same_site
from workers.browser import BrowserPool, RenderError

logger = logging.getLogger(__name__)

Outcome = Literal["stored", "rendered", "denied"]


@dataclass
class _Job:
    channel: JobChannel
    frontier: Frontier
    robots: SharedRobots


class Renderer:
    def __init__(self, config: CrawlerConfig, redis_url: str, mongo_uri: str) -> None:
        self.config = config
        self.redis = connect(redis_url)
        block_types, block_hosts = config.blocked_resources()
        self.pool = BrowserPool(config.require_chromium(), config.render_timeout_s,
                                block_types, block_hosts)
        self.store = ArticleStore(mongo_uri, config.mongo_database)
        self._jobs: dict[str, _Job] = {}

    def job(self, job_id: str) -> _Job:
        """The job's shared state; JobNotFound if its frontier is gone."""
        if job_id not in self._jobs:
            frontier = Frontier.join(self.redis, job_id)
            self._jobs[job_id] = _Job(JobChannel(self.redis, job_id), frontier,
                                      SharedRobots(frontier, scrapy_settings.USER_AGENT))
        return self._jobs[job_id]

    def close(self) -> None:
        self.pool.close()
        self.store.close()

    def run(self, url: str, job_id: str, reason: str | None) -> Outcome:
        """Render ``url``; store it if it is an article. Raises RenderError to retry."""
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
            raise RenderError(f"HTTP {page.status}")
        try:
            article = extract(page.html, page.url)
        except ExtractionError as exc:
            self.fail(url, job_id, "parse", str(exc))
            return "rendered"
        priority = LISTING_PRIORITY if article.page_type == "listing" else 0
        job.frontier.push(Entry(*blob_for_url(link, priority), url=link, priority=priority)
                          for link in article.links if same_site(link, url))
        if article.page_type != "article" or not article.text:
            channel.finish(url, "rendered")
            return "rendered"
        doc = article_document(article, fetched_url=url, status=page.status, rendered=True,
                               elapsed_ms=page.elapsed_ms, render_reason=reason)
        self.store.upsert_articles([doc], job_id)
        channel.finish(url, "stored")
        return "stored"

    def fail(self, url: str, job_id: str, stage: str, reason: str, **extra: object) -> None:
        """The last attempt failed: keep an error document and release the URL."""
        self.store.record_error(url, stage, reason, job_id, **extra)
        JobChannel(self.redis, job_id).finish(url, "failed")
