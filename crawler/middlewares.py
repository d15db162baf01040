"""Downloader middlewares: refuse private and loopback targets unless allowed; skip the
static fetch of pages known to need a browser."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured
from scrapy.http import HtmlResponse

from crawler.config import CrawlerConfig
from crawler.urls import host_of, is_private_host


class PrivateAddressGuard:
    """Drops requests to private, loopback or link-local hosts (links and redirects
    included), so a public crawl cannot be steered into the local network."""

    def __init__(self) -> None:
        self._verdicts: dict[str, bool] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressGuard:
        if CrawlerConfig.from_scrapy_settings(crawler.settings).crawler_allow_private:
            raise NotConfigured("private addresses allowed")
        return cls()

    def process_request(self, request: Request) -> None:
        host = host_of(request.url)
        if host not in self._verdicts:
            self._verdicts[host] = is_private_host(host)
        if self._verdicts[host]:
            raise IgnoreRequest(f"private address refused: {request.url}")


RENDER_DIRECT = "render_direct"
RENDER_DIRECT_FLAG = "render-direct"


class RenderDirect:
    """A request marked ``render_direct`` (its URL pattern needs JavaScript) is not
    fetched: an empty response flagged ``render-direct`` stands in, and the spider sends
    the page to the render queue. The site's budget slot goes back when the lease is
    settled."""

    def process_request(self, request: Request) -> HtmlResponse | None:
        if not request.meta.get(RENDER_DIRECT):
            return None
        return HtmlResponse(request.url, status=200, body=b"", request=request,
                            flags=[RENDER_DIRECT_FLAG])
