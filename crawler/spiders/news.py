"""The ``news`` spider: start URLs -> listings, categories, pagination, articles, "Read More".

``scrapy crawl news -a start_urls=URL[,URL] [-a render=auto|always|never] [-a job=ID]``
starts a job (or resumes job ID); ``scrapy crawl news -a job=ID`` joins a running job
from any machine that reaches its Redis and MongoDB.

Every request it takes carries a lease on the job's frontier. The lease is settled
once the page is fully handled: its links queued, then its article stored (by the
pipeline, after the batch is written), handed to the render queue, or its error
recorded. A spider killed before that leaves the lease to expire, and the page to
be fetched again by another.
"""

from __future__ import annotations

import logging
import posixpath
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure

from crawler.config import ConfigError
from crawler.documents import article_document
from crawler.extract import extract
from crawler.extract._extract import ExtractionError
from crawler.frontier import site_of
from crawler.frontier.requests import LEASE_META, LISTING_PRIORITY
from crawler.middlewares import RENDER_DIRECT_FLAG
from crawler.pipelines import LEASE_FIELD
from crawler.render_policy import render_reason
from crawler.runtime import CrawlRuntime
from crawler.urls import host_of, validate_start_url

logger = logging.getLogger(__name__)

_FOLLOWED_MAX = 1_000_000
_IGNORED_SUFFIXES = frozenset(f".{ext}" for ext in IGNORED_EXTENSIONS)


def _ignored_extension(url: str) -> bool:
    """A link to a file Scrapy's link extractors skip (images, archives, documents...).

    Scrapy's ``url_has_any_extension`` tries every one of its ~150 suffixes in turn; on
    ~20 links a page that was a visible share of the spider's time. One set lookup of
    the path's extension answers the same question."""
    return posixpath.splitext(urlsplit(url).path)[1].lower() in _IGNORED_SUFFIXES


class NewsSpider(Spider):
    name = "news"

    def __init__(self, start_urls: str | list[str] | None = None, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if isinstance(start_urls, str):
            start_urls = [u for u in start_urls.split(",") if u.strip()]
        self.start_urls = list(start_urls or [])
        self.runtime: CrawlRuntime
        self._followed: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        for arg, setting in (("render", "RENDER_MODE"), ("job", "CRAWL_JOB_ID"),
                             ("max_pages", "CLOSESPIDER_PAGECOUNT")):
            if arg in kwargs:
                crawler.settings.set(setting, kwargs.pop(arg), priority="spider")
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.runtime = CrawlRuntime.of(crawler)
        allow_private = spider.runtime.config.crawler_allow_private
        try:
            spider.start_urls = [validate_start_url(u, allow_private) for u in spider.start_urls]
            spider.runtime.open_frontier(spider.start_urls)
        except ConfigError as exc:
            # Raising here would end in Scrapy's traceback; say it in one line and stop.
            logger.error("%s", exc)
            spider.runtime.refuse_start(str(exc))
        return spider

    async def start(self) -> AsyncIterator[Request]:
        if self.runtime.start_error:
            return
        for url in self.start_urls:
            yield Request(url, callback=self.parse, errback=self.on_error,
                          priority=LISTING_PRIORITY, dont_filter=True)

    def parse(self, response: Response) -> Iterator[Any]:
        lease = response.meta.get(LEASE_META)
        if RENDER_DIRECT_FLAG in response.flags:
            self._render(response.url, "learned-pattern", None)
            self.runtime.settle(lease)
            return
        item = self._handle(response)
        if item is None:
            self.runtime.settle(lease)
        else:
            item[LEASE_FIELD] = lease  # settled by the pipeline once stored
            yield item

    def _handle(self, response: Response) -> dict[str, Any] | None:
        """Queue the page's links; return its article document if it is one to store."""
        if not isinstance(response, TextResponse):
            self.runtime.record_error(response.url, "parse", "not a text response",
                                      status=response.status)
            return None
        try:
            article = extract(response.body, response.url,
                              (response.headers.get("Content-Type") or b"").decode("latin-1"),
                              links_only_if_not_article=True)
        except ExtractionError as exc:
            self.runtime.record_error(response.url, "parse", str(exc), status=response.status)
            return None
        self._follow(response, article.links, article.page_type)
        reason = render_reason(article, self.runtime.config.render_mode, response.url,
                               self.runtime.learner)
        if reason:
            self._render(response.url, reason, article.word_count)
        elif article.js_shell:
            self.runtime.record_error(response.url, "render", "the page needs JavaScript and "
                                      "rendering is off (RENDER_MODE=never)")
        elif article.page_type == "article" and article.text:
            return article_document(
                article, fetched_url=response.url, status=response.status, rendered=False,
                elapsed_ms=int(response.meta.get("download_latency", 0) * 1000),
            )
        return None

    def _render(self, url: str, reason: str, static_words: int | None) -> None:
        stats = self.crawler.stats
        assert stats is not None
        if self.runtime.submit_render(url, reason, static_words):
            stats.inc_value("render/queued")
            stats.inc_value(f"render/queued/{reason}")

    def _follow(self, response: Response, links: list[str], page_type: str) -> None:
        """Schedule same-site links now (not yielded), so they are in the frontier before
        this page's lease is settled."""
        engine, stats = self.crawler.engine, self.crawler.stats
        assert engine is not None and stats is not None
        site = host_of(response.url)
        robots = self.runtime.robots
        known: dict[str, bool] = {}  # robots.known() may ask Redis: once per site, not per link
        followed = self._followed
        if len(followed) > _FOLLOWED_MAX:
            followed.clear()
        for link in links:
            # Every page links the same menus: a link this process queued once is in the
            # job's seen-set already, so it is not built into a request again.
            if link in followed or host_of(link) != site or _ignored_extension(link):
                continue
            followed.add(link)
            link_site = site_of(link)
            if link_site not in known:
                known[link_site] = robots.known(link_site)
            if known[link_site] and not robots.allowed(link):
                stats.inc_value("robotstxt/forbidden")  # not queued: saves the site's budget
                continue
            engine.crawl(Request(link, callback=self.parse, errback=self.on_error,
                                 priority=LISTING_PRIORITY if page_type == "listing" else 0))

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        # robots.txt or the private-address guard saying no is a decision, not a failure.
        if not isinstance(failure.value, IgnoreRequest) or isinstance(failure.value, HttpError):
            response = getattr(failure.value, "response", None)
            reason = (f"HTTP {response.status}" if response is not None
                      else f"{type(failure.value).__name__}: {failure.getErrorMessage()}")
            self.runtime.record_error(request.url, "fetch", reason,
                                      status=response.status if response is not None else None)
        self.runtime.settle(request.meta.get(LEASE_META))
