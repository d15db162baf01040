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

# A robots.txt fetched by a schedule's job is used by its next jobs this long (RFC 9309:
# 24 hours at most).
ROBOTS_MAX_AGE_S = 24 * 3600
# How long a fetcher may hold a site's lock; others fetch it themselves after that.
LOCK_S = 30
POLL_S = 0.1
_FETCH_TIMEOUT_S = 20


def robots_url(url: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, "/robots.txt", "", ""))


def carry_over(previous_prefix: str, robots: SharedRobots, now: float) -> int:
    """Give a job the robots.txt files the previous job of its schedule fetched less than
    ``ROBOTS_MAX_AGE_S`` ago (their Crawl-delay included); how many. RFC 9309 lets a
    crawler use a fetched robots.txt for 24 hours, and a schedule every few minutes
    would otherwise fetch each site's again every job."""
    client = robots.frontier.client
    old = f"{previous_prefix}:robots"
    carried = 0
    for raw_site, raw_at in client.hgetall(f"{old}:at").items():
        at = float(raw_at)
        raw = cast("bytes | None", client.hget(old, raw_site))
        if now - at > ROBOTS_MAX_AGE_S or raw is None:
            continue
        status, _, body = raw.decode("utf-8", "replace").partition("\n")
        site = raw_site.decode() if isinstance(raw_site, bytes) else str(raw_site)
        robots.store(site, int(status), body, at=at)
        carried += 1
    return carried


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

    def store(self, site: str, status: int, body: str, at: float | None = None) -> None:
        """Keep the site's robots.txt for the job (``at``: when it was fetched, now if
        not given)."""
        client = self.frontier.client
        client.hset(self.key, site, f"{status}\n{body}")
        client.hset(f"{self.key}:at", site, repr(at if at is not None else time.time()))
        client.expire(self.key, JOB_TTL_S)
        client.expire(f"{self.key}:at", JOB_TTL_S)
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
