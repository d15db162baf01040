"""URLs: hosts and sites, private addresses, and which links a crawl follows.

The one link policy of the project: the spider and the render workers pass a page's
links through the same :class:`LinkPolicy`, so a link one fetch path refuses is
refused by the other too.
"""

from __future__ import annotations

import ipaddress
import posixpath
import socket
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import urlsplit

from scrapy.linkextractors import IGNORED_EXTENSIONS

# Seeds and listing pages go before articles, so the frontier widens early.
LISTING_PRIORITY = 10

_IGNORED_SUFFIXES = frozenset(f".{ext}" for ext in IGNORED_EXTENSIONS)


def host_of(url: str) -> str:
    """The host name in lower case, without a leading ``www.``."""
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def site_of(url: str) -> str:
    """The politeness unit: host and port, without a leading ``www.``."""
    return urlsplit(url).netloc.lower().rpartition("@")[2].removeprefix("www.")


def same_site(url: str, other: str) -> bool:
    return host_of(url) == host_of(other) and bool(host_of(url))


def ignored_extension(url: str) -> bool:
    """A link to a file Scrapy's link extractors skip (images, archives, documents...).

    Scrapy's ``url_has_any_extension`` tries every one of its ~150 suffixes in turn; on
    ~20 links a page that was a visible share of the spider's time. One set lookup of
    the path's extension answers the same question."""
    return posixpath.splitext(urlsplit(url).path)[1].lower() in _IGNORED_SUFFIXES


def is_private_host(host: str) -> bool:
    """True for loopback, private, link-local and unresolvable-to-public hosts."""
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        addresses = {ipaddress.ip_address(host)}
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None)
        except OSError:
            return False  # unresolvable: the fetch will say so
        addresses = {ipaddress.ip_address(info[4][0]) for info in infos}
    return any(a.is_private or a.is_loopback or a.is_link_local or a.is_reserved
               for a in addresses)


class RobotsRules(Protocol):
    """What the link policy asks of a job's robots.txt rules."""

    def known(self, site: str) -> bool:
        """Whether the site's rules are at hand (fetched already)."""

    def allowed(self, url: str) -> bool:
        """Whether ``url`` may be fetched; only after ``known`` said True for its site."""


@dataclass
class Followed:
    """A page's links to queue, the links its site's robots.txt disallows, and how many
    links were refused, by reason (``other-site``, ``extension``, ``robots``)."""

    links: list[str] = field(default_factory=list)
    disallowed: list[str] = field(default_factory=list)
    refused: Counter[str] = field(default_factory=Counter)


class LinkPolicy:
    """Which of a page's links are queued: links to the page's own site, not to a file
    Scrapy would not crawl (``.pdf``, ``.jpg``, ...), and not disallowed by the site's
    robots.txt when its rules are known (unknown rules are checked at fetch time)."""

    def __init__(self, robots: RobotsRules | None = None) -> None:
        self.robots = robots

    def follow(self, page_url: str, links: Iterable[str]) -> Followed:
        out = Followed()
        site = host_of(page_url)
        known: dict[str, bool] = {}  # robots.known() may ask Redis: once per site, not per link
        for link in links:
            if host_of(link) != site:
                out.refused["other-site"] += 1
                continue
            if ignored_extension(link):
                out.refused["extension"] += 1
                continue
            if self.robots is not None:
                link_site = site_of(link)
                if link_site not in known:
                    known[link_site] = self.robots.known(link_site)
                if known[link_site] and not self.robots.allowed(link):
                    out.disallowed.append(link)
                    out.refused["robots"] += 1
                    continue
            out.links.append(link)
        return out
