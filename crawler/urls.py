"""URLs: hosts and sites, and which links a crawl follows.

The one link policy of the project: the spider and the render workers pass a page's
links through the same :class:`LinkPolicy`, so a link one fetch path refuses is
refused by the other too.
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy.linkextractors import IGNORED_EXTENSIONS
from w3lib.url import safe_url_string

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


_NUMBER = re.compile(r"^\d+$|^[0-9a-f]{8,}$|^\d[\w-]*\d$")
_SLUG = re.compile(r"^[\w%.~]+(?:-[\w%.~]+){2,}$")


def url_pattern(url: str) -> str:
    """The site and the shape of the path: numbers, ids and slugs made generic."""
    parts = urlsplit(url)
    shape = []
    for segment in parts.path.split("/")[1:]:
        stem = segment.rsplit(".", 1)[0] if "." in segment[-6:] else segment
        if _NUMBER.match(stem):
            shape.append("{n}")
        elif _SLUG.match(stem):
            shape.append("{slug}")
        else:
            shape.append(segment.lower())
    return f"{site_of(url)}/{'/'.join(shape)}"


def trap_pattern(url: str) -> str:
    """The URL pattern a trap is judged on: the path's shape, and whether a query follows
    (every combination of a faceted search's filters is one pattern)."""
    return url_pattern(url) + ("?" if urlsplit(url).query else "")


# The click and campaign trackers' names, as courlan's TRACKERS_RE spells its first three
# groups (its fourth, any name holding "ref", "uid", "source" or "cid", would drop real
# parameters like a category id).
_TRACKERS = re.compile(
    r"^(?:dc|fbc|gc|twc|yc|ysc)lid|^(?:click|gbra|msclk|igsh|partner|wbra)id"
    r"|^(?:ads?|mc|ga|gs|itm|mkt|ml|mtm|oly|pk|utm|vero|hs)_|^_(?:ga|gl|hsenc|hsmi)$")
_PATH_SESSION = re.compile(r";(?:jsessionid|phpsessid|sessionid|sid)=[^/?#]*", re.IGNORECASE)


def without_session_ids(url: str, names: frozenset[str]) -> str:
    """``url`` without the query parameters ``names`` (lower case: session ids such as
    ``sid``), a ``;jsessionid=`` path parameter, and tracking parameters (``utm_*``,
    ``fbclid``, ...), so one page has one URL; other parameters keep their order.
    (w3lib's ``url_query_cleaner`` needs every name spelled out: no ``utm_*``.)"""
    if "?" not in url and ";" not in url:
        return url
    parts = urlsplit(url)
    path = _PATH_SESSION.sub("", parts.path) if ";" in parts.path else parts.path
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        kept = [(k, v) for k, v in pairs
                if k.lower() not in names and not _TRACKERS.search(k.lower())]
        if len(kept) != len(pairs):
            query = urlencode(kept)
    if path == parts.path and query == parts.query:
        return url
    return urlunsplit((parts.scheme, parts.netloc, path, query, parts.fragment))


# A path segment or query value that is a year or a date ("2031", "2031-04", "2031-04-01").
_DATE_VALUE = re.compile(r"^((?:19|20|21|99)\d\d)(-\d\d){0,2}$")
_MONTH = re.compile(r"^(?:0?[1-9]|1[0-2])$")
_SEGMENT_REPEATS = 3


def far_future(url: str, now: datetime | None = None) -> bool:
    """A calendar page more than a year ahead: a date after next year, as a path segment
    or query value. Calendars link next month for ever; no article is filed there.

    A bare four-digit number is a year only when the next path segment is a month
    (``/calendar/2031/04``). Alone it is as likely an id (``/blogs/2030/a-title``,
    WordPress's ``?p=2100``), and refusing an article's link loses it, where missing a
    calendar costs the trap finder's few pages."""
    parts = urlsplit(url)
    limit = (now or datetime.now(UTC)).year + 1
    segments = parts.path.split("/")
    values = [(v, i + 1 < len(segments) and bool(_MONTH.match(segments[i + 1])))
              for i, v in enumerate(segments)]
    values += [(v, False) for _, v in parse_qsl(parts.query)]
    for value, month_follows in values:
        match = _DATE_VALUE.match(value) if value[:1].isdigit() else None
        if (match is not None and int(match.group(1)) > limit
                and (match.group(2) is not None or month_follows)):
            return True
    return False


def repeats_a_segment(url: str) -> bool:
    """A path that holds one name three times or more (``/a/b/a/b/a/b``): relative links
    stacking on themselves. Numbers do not count (``/2024/01/01/``)."""
    segments = [s for s in urlsplit(url).path.lower().split("/") if s and not s.isdigit()]
    return len(segments) >= _SEGMENT_REPEATS and any(
        n >= _SEGMENT_REPEATS for n in Counter(segments).values())


def as_fetched(url: str) -> str | None:
    """``url`` as Scrapy's ``Request`` (w3lib) will fetch it, or None when no request can
    be made for it (a port out of range, a host that does not parse: ``http://h:99999/``,
    ``http://[::1]x/``).

    Scope is judged on this form, never on another parser's: ``http://a.example\\@b/``
    is host ``b`` to urllib but ``a.example`` to w3lib and browsers, which fetch that."""
    try:
        return safe_url_string(url)
    except ValueError:
        return None


class TrapRules(Protocol):
    """What the link policy asks of the job's trap finder."""

    def trapped(self, pattern: str) -> bool:
        """Whether links of this :func:`trap_pattern` are no longer followed."""


class RobotsRules(Protocol):
    """What the link policy asks of a job's robots.txt rules."""

    def known(self, site: str) -> bool:
        """Whether the site's rules are at hand (fetched already)."""

    def allowed(self, url: str) -> bool:
        """Whether ``url`` may be fetched; only after ``known`` said True for its site."""


@dataclass
class Followed:
    """A page's links to queue, the links its site's robots.txt disallows, and how many
    links were refused, by reason (``other-site``, ``extension``, ``malformed``,
    ``calendar``, ``repeated-path``, ``trap``, ``robots``)."""

    links: list[str] = field(default_factory=list)
    disallowed: list[str] = field(default_factory=list)
    refused: Counter[str] = field(default_factory=Counter)


class LinkPolicy:
    """Which of a page's links are queued, and in what form.

    A link loses its session-id and tracking parameters first (``drop_params`` and
    ``utm_*``, ``fbclid``, ...). It is queued when it is well-formed, on the page's own
    site, not a file Scrapy would not crawl (``.pdf``, ``.jpg``, ...), not a trap (a
    calendar page more than a year ahead, a path repeating one name, a URL pattern the
    job found to give nothing new), and not disallowed by the site's robots.txt when its
    rules are known (unknown rules are checked at fetch time)."""

    def __init__(self, robots: RobotsRules | None = None, *, traps: TrapRules | None = None,
                 drop_params: Iterable[str] = ()) -> None:
        self.robots = robots
        self.traps = traps
        self.drop_params = frozenset(p.lower() for p in drop_params)

    def follow(self, page_url: str, links: Iterable[str], *, cap: int = 0) -> Followed:
        """The page's links to queue. ``cap``: judge the first ``cap`` links only (a page of
        a hundred thousand links would hold up the process); the rest count as ``cap``."""
        out = Followed()
        if cap:
            links = list(links)
            if len(links) > cap:
                out.refused["cap"] = len(links) - cap
                links = links[:cap]
        site = host_of(page_url)
        known: dict[str, bool] = {}  # robots.known() may ask Redis: once per site, not per link
        kept: set[str] = set()
        for raw in links:
            fetched = as_fetched(raw)
            if fetched is None:
                out.refused["malformed"] += 1
                continue
            link = without_session_ids(fetched, self.drop_params)
            if link in kept:
                continue  # the same page once its session id is gone
            reason = self._refusal(link, site)
            if reason is None and self.robots is not None:
                link_site = site_of(link)
                if link_site not in known:
                    known[link_site] = self.robots.known(link_site)
                if known[link_site] and not self.robots.allowed(link):
                    out.disallowed.append(link)
                    reason = "robots"
            if reason is not None:
                out.refused[reason] += 1
                continue
            kept.add(link)
            out.links.append(link)
        return out

    def _refusal(self, link: str, site: str) -> str | None:
        if host_of(link) != site:
            return "other-site"
        if ignored_extension(link):
            return "extension"
        if far_future(link):
            return "calendar"
        if repeats_a_segment(link):
            return "repeated-path"
        if self.traps is not None and self.traps.trapped(trap_pattern(link)):
            return "trap"
        return None
