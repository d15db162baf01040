"""Downloader middleware: requests of a URL pattern the job found to be a trap are not
fetched, though they were queued before it was found (a faceted search queues many).

It holds the process's :class:`~crawler.frontier.traps.TrapGuard`; the spider records
its pages there (``crawler.get_downloader_middleware(TrapFilter).traps``), so what it
finds stops fetches at once."""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler

from crawler.components.scheduler import require_job_frontier
from crawler.components.signals import Declined
from crawler.frontier.traps import TrapGuard
from crawler.urls import trap_pattern


class TrapFilter:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._traps: TrapGuard | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> TrapFilter:
        return cls(crawler)

    @property
    def traps(self) -> TrapGuard:
        """The job's traps (on the frontier the scheduler opened)."""
        if self._traps is None:
            frontier = require_job_frontier(self.crawler, "the trap filter")
            self._traps = TrapGuard(frontier.client, frontier.job_id,
                                    frontier.settings.trap_pages)
        return self._traps

    def process_request(self, request: Request) -> None:
        # A request with no callback is not the spider's (robots.txt).
        if request.callback is None:
            return
        if self.traps.trapped(trap_pattern(request.url)):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("traps/skipped")
            raise Declined(f"URL pattern found to be a trap: {request.url}")
