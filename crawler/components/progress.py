"""A live progress line for ad-hoc crawls (``PROGRESS_DISPLAY = True``; the CLI sets it)."""

from __future__ import annotations

import time
from typing import Any

from rich.console import Console
from rich.live import Live
from rich.text import Text
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import create_looping_call

from crawler.components.job import CrawlJob

REFRESH_S = 0.5


class ProgressDisplay:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.job: CrawlJob | None = None
        self.console = Console(stderr=True)
        self.live = Live(console=self.console, transient=True, auto_refresh=False)
        self.loop: Any = None
        self.started = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ProgressDisplay:
        if not crawler.settings.getbool("PROGRESS_DISPLAY"):
            raise NotConfigured
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self, spider: Spider) -> None:
        self.job = self.crawler.get_extension(CrawlJob)
        if self.job is None or self.job.frontier is None:
            return  # no job record to show (the crawl did not start)
        self.started = time.monotonic()
        self.live.start()
        self.loop = create_looping_call(self.refresh)
        self.loop.start(REFRESH_S)

    def refresh(self) -> None:
        assert self.job is not None
        c = self.job.counters()
        elapsed = time.monotonic() - self.started
        rate = c["pages_fetched"] / elapsed if elapsed else 0.0
        line = Text.assemble(
            ("crawling ", "bold"), f"{elapsed:5.1f}s  pages {c['pages_fetched']} ",
            f"({rate:.0f}/s)  articles {c['articles_static'] + c['rendered_articles']}  ",
            f"rendered {c['rendered_articles'] + c['rendered_other']}/{c['render_queued']}  ",
            (f"errors {c['errors']}", "red" if c["errors"] else ""),
        )
        self.live.update(line, refresh=True)

    def closed(self, spider: Spider) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        self.live.stop()
