"""robots.txt fetched once per site per job and obeyed by spiders and render workers.

The body is kept in Redis (``P:robots`` hash, site -> ``STATUS\\nBODY``); whoever needs
a site's rules first takes a short lock, fetches the file inside the site's budget and
stores it, and everyone else waits for it. Rules are parsed with protego, as Scrapy's
own robots middleware does; ``Crawl-delay`` slows the site's budget for the whole job.
As in Scrapy, a missing file (4xx) or one that cannot be fetched allows everything.

Spiders fetch the file through Scrapy (``crawler.components.robots``); render workers
fetch it here, blocking (:meth:`SharedRobots.check_blocking`).
"""

from __future__ import annotations

import asyncio
import logging
import time
import urllib.error
import urllib.request
from typing import cast
from urllib.parse import urlsplit, urlunsplit

from protego import Protego

from crawler.addresses import AddressPolicy, guarded_opener
from crawler.frontier.core import JOB_TTL_S, Frontier
from crawler.urls import site_of

logger = logging.getLogger(__name__)

# How long a fetcher may hold a site's lock; others fetch it themselves after that.
LOCK_S = 30
POLL_S = 0.1
_FETCH_TIMEOUT_S = 20


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


def is_robots_url(url: str) -> bool:
    return urlsplit(url).path == "/robots.txt"


class SharedRobots:
    """The job's robots.txt rules: a local cache over the shared copy in Redis."""

    def __init__(self, frontier: Frontier, user_agent: str,
                 opener: urllib.request.OpenerDirector | None = None) -> None:
        self.frontier = frontier
        self.user_agent = user_agent
        # Blocking fetches (render workers): every connection, redirects included, under
        # the address policy; the strict one unless the worker's is given.
        self.opener = opener or guarded_opener(AddressPolicy())
        self.key = f"{frontier.prefix}:robots"
        self._rules: dict[str, Protego | None] = {}

    def known(self, site: str) -> bool:
        if site in self._rules:
            return True
        raw = cast("bytes | None", self.frontier.client.hget(self.key, site))
        if raw is None:
            return False
        status, _, body = raw.decode("utf-8", "replace").partition("\n")
        self._rules[site] = self._parse(site, int(status), body)
        return True

    def allowed(self, url: str) -> bool:
        """Only after :meth:`known` said True for the URL's site."""
        rules = self._rules[site_of(url)]
        return rules is None or rules.can_fetch(url, self.user_agent)

    def sitemaps(self, site: str) -> list[str]:
        """The ``Sitemap:`` lines of the site's robots.txt (after :meth:`known`)."""
        rules = self._rules.get(site)
        return list(rules.sitemaps) if rules is not None else []

    def claim(self, site: str) -> bool:
        return bool(self.frontier.client.set(f"{self.key}:lock:{site}", 1, nx=True, ex=LOCK_S))

    def store(self, site: str, status: int, body: str) -> None:
        client = self.frontier.client
        client.hset(self.key, site, f"{status}\n{body}")
        client.expire(self.key, JOB_TTL_S)
        rules = self._parse(site, status, body)
        self._rules[site] = rules
        delay = rules.crawl_delay(self.user_agent) if rules is not None else None
        if delay:
            self.frontier.slow_site(site, float(delay))

    def _parse(self, site: str, status: int, body: str) -> Protego | None:
        if not 200 <= status < 300 or not body.strip():
            return None
        try:
            return Protego.parse(body)
        except Exception:  # noqa: BLE001 - a broken robots.txt allows everything
            logger.warning("robots.txt of %s does not parse; treated as absent", site)
            return None

    # -- render workers: blocking ---------------------------------------------------------

    def check_blocking(self, url: str) -> bool:
        """True if ``url`` may be fetched; fetches the site's robots.txt first if needed."""
        site = site_of(url)
        deadline = time.monotonic() + LOCK_S + 5
        while not self.known(site):
            if self.claim(site) or time.monotonic() > deadline:
                self._fetch_blocking(url, site)
                break
            time.sleep(POLL_S)
        return self.allowed(url)

    def _fetch_blocking(self, url: str, site: str) -> None:
        wait_politely(self.frontier, site)
        request = urllib.request.Request(robots_url(url), headers={"User-Agent": self.user_agent})
        try:
            with self.opener.open(request, timeout=_FETCH_TIMEOUT_S) as response:
                status, body = response.status, response.read(512_000).decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            status, body = exc.code, ""
        except (urllib.error.URLError, OSError):
            status, body = 599, ""
        finally:
            self.frontier.release(site)
        self.store(site, status, body)


def wait_politely(frontier: Frontier, site: str) -> None:
    """Block until the site's budget gives a fetch slot; :meth:`Frontier.release` after."""
    while (wait_ms := frontier.acquire(site)) > 0:
        time.sleep(min(wait_ms, 1000) / 1000)


async def wait_politely_async(frontier: Frontier, site: str) -> None:
    while (wait_ms := frontier.acquire(site)) > 0:
        await asyncio.sleep(min(wait_ms, 1000) / 1000)
