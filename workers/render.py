"""The render step, outside Celery: render, extract, store, hand links back.

One :class:`Renderer` per worker process owns the browser, the Mongo client and
the Redis connection; the Celery task only calls :meth:`Renderer.run`.
"""

from __future__ import annotations

import logging
from typing import Literal

from crawler.config import CrawlerConfig
from crawler.coordination import JobChannel
from crawler.documents import article_document
from crawler.extract import extract
from crawler.extract._extract import ExtractionError
from crawler.storage import ArticleStore
from crawler.urls import same_site
from workers.browser import BrowserPool, RenderError

logger = logging.getLogger(__name__)

Outcome = Literal["stored", "rendered"]


class Renderer:
    def __init__(self, config: CrawlerConfig, redis_url: str, mongo_uri: str) -> None:
        self.config = config
        self.redis_url = redis_url
        self.pool = BrowserPool(config.require_chromium(), config.render_timeout_s)
        self.store = ArticleStore(mongo_uri, config.mongo_database)
        self._channels: dict[str, JobChannel] = {}

    def channel(self, job_id: str) -> JobChannel:
        if job_id not in self._channels:
            self._channels[job_id] = JobChannel.from_url(self.redis_url, job_id)
        return self._channels[job_id]

    def close(self) -> None:
        self.pool.close()
        self.store.close()

    def run(self, url: str, job_id: str, reason: str | None) -> Outcome:
        """Render ``url``; store it if it is an article. Raises RenderError to retry."""
        page = self.pool.render(url)
        if page.status >= 500:
            raise RenderError(f"HTTP {page.status}")
        try:
            article = extract(page.html, page.url)
        except ExtractionError as exc:
            self.fail(url, job_id, "parse", str(exc))
            return "rendered"
        channel = self.channel(job_id)
        channel.push_links(link for link in article.links if same_site(link, url))
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
        self.channel(job_id).finish(url, "failed")
