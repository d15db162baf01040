"""The links of a page, absolute and without fragments."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

_HREFS = etree.XPath("//a/@href", smart_strings=False)
_BASE = etree.XPath("(//base[@href])[1]/@href", smart_strings=False)


def document_base(root: HtmlElement, url: str) -> str:
    """The URL the page's relative links resolve against: its first ``<base href>``
    (made absolute against ``url``) when that is http(s), else ``url`` itself."""
    found = _BASE(root)
    if found:
        base = http_url(url, str(found[0]))
        if base:
            return base
    return url


def links(root: HtmlElement, base_url: str) -> list[str]:
    """Every http(s) link of the page, absolute, in document order, without fragments."""
    out: dict[str, None] = {}
    joined: dict[str, str] = {}  # menus repeat the same hrefs
    base = urlsplit(base_url)
    origin = f"{base.scheme}://{base.netloc}" if base.scheme in ("http", "https") else ""
    for href in _HREFS(root):
        if not href or href.startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        if (href.startswith(("http://", "https://")) and not href.endswith(("?", "#"))
                and "[" not in href and "]" not in href):
            out[href.split("#", 1)[0]] = None  # absolute already: nothing to join
            continue
        if (origin and href[0] == "/" and not href.startswith("//") and "/." not in href
                and not href.endswith(("?", "#"))):
            # A root-relative path with no dot segments: what urljoin would return.
            out[origin + href.split("#", 1)[0]] = None
            continue
        url = joined.get(href)
        if url is None:
            url = joined[href] = http_url(base_url, href) or ""
        if url:
            out[url] = None
    return list(out)


_FEEDS = etree.XPath(
    "//link[contains(concat(' ', normalize-space(@rel), ' '), ' alternate ')]"
    "[@type='application/rss+xml' or @type='application/atom+xml' or "
    "@type='application/feed+json']/@href", smart_strings=False)


def feed_links(root: HtmlElement, base_url: str) -> list[str]:
    """The RSS, Atom and JSON feeds a page declares (``<link rel=alternate>``), absolute."""
    return list(dict.fromkeys(u for href in _FEEDS(root) if (u := http_url(base_url, href))))


def http_url(base_url: str, href: str) -> str | None:
    """``href`` made absolute against ``base_url``, without its fragment, when that is a
    http(s) URL urllib can split; None for other schemes and for what it cannot (an
    unclosed IPv6 bracket)."""
    try:
        url = urljoin(base_url, href.strip())
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    return url.split("#", 1)[0]


def same_host(href: str, base_url: str) -> bool:
    """A link within the page's own site (share buttons lead elsewhere)."""
    if not base_url or not href or href.startswith(("#", "javascript:")):
        return False  # a button, not a page
    url = http_url(base_url, href)
    return (url is not None and urlsplit(url).netloc == urlsplit(base_url).netloc
            and url != base_url.split("#", 1)[0])


_ROOT_PATH = re.compile(r"^/?(?:(?:index|default|home)\.\w+)?$", re.IGNORECASE)


def site_root(url: str) -> bool:
    """Whether ``url`` is a site's home page ("/", "/index.html"), whose prose (a blurb,
    a lead story's opening) is no article of its own: every story has its own URL."""
    parts = urlsplit(url)
    return not parts.query and bool(_ROOT_PATH.match(parts.path))
