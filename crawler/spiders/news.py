"""The ``news`` spider: start URLs -> listings, categories, pagination, articles, "Read More".

``scrapy crawl news -a start_urls=URL[,URL] [-a render=auto|always|never] [-a job=ID]``
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import IGNORED_EXTENSIONS
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.url import url_has_any_extension
from twisted.python.failure import Failure

from crawler.config import ConfigError
from crawler.documents import article_document
from crawler.extract import extract
from crawler.extract._extract import ExtractionError
from crawler.render_policy import render_reason
from crawler.runtime import CrawlRuntime
from crawler.urls import host_of, validate_start_url

logger = logging.getLogger(__name__)

# Listings and seeds go before articles so the frontier widens early.
LISTING_PRIORITY = 10


class NewsSpider(Spider):
    name = "news"

    def __init__(self, start_urls: str | list[str] | None = None, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if isinstance(start_urls, str):
            start_urls = [u for u in start_urls.split(",") if u.strip()]
        self.start_urls = list(start_urls or [])
        self.runtime: CrawlRuntime

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
        except ConfigError as exc:
            raise CloseSpider(str(exc)) from None
        spider.allowed_domains = sorted({urlsplit(u).hostname or "" for u in spider.start_urls})
        return spider

    async def start(self) -> AsyncIterator[Request]:
        if not self.start_urls:
            logger.error("no start URLs: scrapy crawl news -a start_urls=https://site/")
        for url in self.start_urls:
            yield Request(url, callback=self.parse, errback=self.on_error,
                          priority=LISTING_PRIORITY, dont_filter=True)

    def parse(self, response: Response) -> Iterator[Any]:
        if not isinstance(response, TextResponse):
            self.runtime.record_error(response.url, "parse", "not a text response",
                                      status=response.status)
            return
        try:
            article = extract(response.body, response.url,
                              response.headers.get("Content-Type", b"").decode("latin-1"))
        except ExtractionError as exc:
            self.runtime.record_error(response.url, "parse", str(exc), status=response.status)
            return
        reason = render_reason(article, self.runtime.config.render_mode)
        if reason:
            if self.runtime.submit_render(response.url, reason):
                self.crawler.stats.inc_value("render/queued")  # type: ignore[union-attr]
        elif article.js_shell:
            self.runtime.record_error(response.url, "render", "the page needs JavaScript and "
                                      "rendering is off (RENDER_MODE=never)")
        elif article.page_type == "article" and article.text:
            yield article_document(
                article, fetched_url=response.url, status=response.status, rendered=False,
                elapsed_ms=int(response.meta.get("download_latency", 0) * 1000),
            )
        yield from self._follow(response, article.links, article.page_type)

    def _follow(self, response: Response, links: list[str], page_type: str) -> Iterator[Request]:
        site = host_of(response.url)
        for link in links:
            if host_of(link) != site or url_has_any_extension(link, IGNORED_EXTENSIONS):
                continue
            yield Request(link, callback=self.parse, errback=self.on_error,
                          priority=LISTING_PRIORITY if page_type == "listing" else 0)

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(IgnoreRequest) and not failure.check(HttpError):
            return  # robots.txt or the private-address guard said no: a decision, not a failure
        response = getattr(failure.value, "response", None)
        reason = (f"HTTP {response.status}" if response is not None
                  else f"{failure.type.__name__}: {failure.getErrorMessage()}")
        self.runtime.record_error(request.url, "fetch", reason,
                                  status=response.status if response is not None else None)
