"""robots.txt for spiders: fetched once per site for the whole job through Scrapy's
downloader, kept in Redis with render workers (:mod:`crawler.frontier.robots`), obeyed
before every fetch. Replaces Scrapy's RobotsTxtMiddleware when ``ROBOTSTXT_OBEY``."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from crawler.components.scheduler import require_job_frontier
from crawler.components.signals import LEASE, Declined
from crawler.config import CrawlerConfig
from crawler.frontier.robots import (
    LOCK_S,
    POLL_S,
    SharedRobots,
    is_robots_url,
    robots_url,
    wait_politely_async,
)
from crawler.urls import site_of

logger = logging.getLogger(__name__)


class SharedRobotsTxtMiddleware:
    """Downloader middleware in place of Scrapy's RobotsTxtMiddleware (``ROBOTSTXT_OBEY``)."""

    def __init__(self, crawler: Crawler, user_agent: str) -> None:
        self.crawler = crawler
        self.user_agent = user_agent
        self._robots: SharedRobots | None = None
        self._fetching: dict[str, asyncio.Future[None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SharedRobotsTxtMiddleware:
        if not crawler.settings.getbool("ROBOTSTXT_OBEY"):
            raise NotConfigured("ROBOTSTXT_OBEY is off")
        return cls(crawler, CrawlerConfig.from_crawler(crawler).user_agent)

    @property
    def robots(self) -> SharedRobots:
        """The job's rules, on the frontier the scheduler opened."""
        if self._robots is None:
            frontier = require_job_frontier(self.crawler, "shared robots.txt")
            self._robots = SharedRobots(frontier, self.user_agent)
        return self._robots

    async def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt") or is_robots_url(request.url):
            return
        robots = self.robots
        site = site_of(request.url)
        if not robots.known(site):
            await self._learn(robots, site, request.url, LEASE in request.meta)
            if robots.allowed(request.url):
                # Its budget slot went by while robots.txt was fetched: wait for a new one.
                while (wait_ms := robots.frontier.pace(site)) > 0:
                    await asyncio.sleep(min(wait_ms, 1000) / 1000)
        if not robots.allowed(request.url):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("robotstxt/forbidden")
            raise Declined(f"forbidden by robots.txt: {request.url}")

    async def _learn(self, robots: SharedRobots, site: str, url: str, in_slot: bool) -> None:
        running = self._fetching.get(site)
        if running is not None:
            await running
            return
        future: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._fetching[site] = future
        try:
            deadline = time.monotonic() + LOCK_S + 5
            while not robots.known(site):
                if robots.claim(site) or time.monotonic() > deadline:
                    await self._fetch(robots, site, url, in_slot)
                    break
                await asyncio.sleep(POLL_S)
        finally:
            future.set_result(None)
            del self._fetching[site]

    async def _fetch(self, robots: SharedRobots, site: str, url: str, in_slot: bool) -> None:
        """Fetch and keep the site's robots.txt. ``in_slot``: the request waiting for it
        came from the frontier and holds one of the site's fetch slots, which the
        robots.txt fetch uses: when as many requests as the site's concurrency were taken
        before its rules were known, each holds a slot and waits for the rules, and a
        fetch waiting for a free slot would wait for ever."""
        download: Callable[[Request], Awaitable[Response]] = self.crawler.engine.download_async
        if not in_slot:
            await wait_politely_async(robots.frontier, site)
        else:  # the site's request rate still holds
            while (wait_ms := robots.frontier.pace(site)) > 0:
                await asyncio.sleep(min(wait_ms, 1000) / 1000)
        try:
            response = await download(Request(robots_url(url), priority=100, meta={
                "dont_obey_robotstxt": True, "dont_retry": True, "handle_httpstatus_all": True,
            }))
            status, body = response.status, response.body.decode("utf-8", "replace")
        except Exception as exc:  # noqa: BLE001 - an unreachable robots.txt allows everything
            logger.info("robots.txt of %s not fetched (%s); treated as absent", site, exc)
            status, body = 599, ""
        finally:
            if not in_slot:
                robots.frontier.release(site)
        robots.store(site, status, body)
