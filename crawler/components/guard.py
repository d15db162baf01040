"""Downloader middleware: refuse private and loopback targets unless allowed."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest, NotConfigured

from crawler.config import CrawlerConfig
from crawler.urls import host_of, is_private_host


class PrivateAddressGuard:
    """Drops requests to private, loopback or link-local hosts (links and redirects
    included), so a public crawl cannot be steered into the local network."""

    def __init__(self) -> None:
        self._verdicts: dict[str, bool] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> PrivateAddressGuard:
        if CrawlerConfig.from_crawler(crawler).crawler_allow_private:
            raise NotConfigured("private addresses allowed")
        return cls()

    def process_request(self, request: Request) -> None:
        host = host_of(request.url)
        if host not in self._verdicts:
            self._verdicts[host] = is_private_host(host)
        if self._verdicts[host]:
            raise IgnoreRequest(f"private address refused: {request.url}")
