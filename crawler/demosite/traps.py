"""A news site full of crawler traps, on 127.0.0.1 (a thread, or ``python -m
crawler.demosite.traps --port N``).

Its eighteen articles (``/news/<n>-<slug>``, the ground truth: :data:`ARTICLES`): the
home page links twelve; four are listed only in its sitemaps (robots.txt names a
sitemap index, which names a news sitemap and a gzipped one) and two only in its RSS
feed (``<link rel=alternate>``). Everything else is a trap, each under a path prefix
of its own so that its fetches can be counted (:meth:`TrapSite.fetches`):

- ``/calendar/<year>/<month>``: a month links the month before and after, for ever;
- ``/login?sid=<n>``: a session id in every link, a new one each page;
- ``/shop?...``: a faceted search, every page linking itself with one more filter;
- ``/archive/page/<n>``: a pagination that never ends (pages past the second list no
  article);
- ``/loop/a`` and ``/loop/b``: redirects to each other;
- ``/docs/``: a relative link that stacks on itself (``docs/docs/docs/...``).
"""

from __future__ import annotations

import argparse
import gzip
import random
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qsl, urlencode, urlsplit

from crawler.demosite._serving import CountingServer

ARTICLE_COUNT = 18
LINKED, IN_SITEMAPS = 12, 16  # articles 1-12 linked, 13-16 in sitemaps, 17-18 in the feed
TRAPS = ("/calendar/", "/login", "/shop", "/archive/", "/loop/", "/docs/")
_FACETS = {"color": ["red", "blue", "green"], "size": ["s", "m", "l"],
           "brand": ["acme", "zenith"], "sort": ["new", "price"], "page": ["1", "2", "3"]}
_WORDS = ["council", "budget", "river", "harbour", "school", "vote", "market", "rail",
          "festival", "museum", "report", "weather", "bridge", "court", "hospital", "union",
          "library", "election", "stadium"]


def _slug(n: int) -> str:
    return f"{n}-" + "-".join(random.Random(n).sample(_WORDS, 3))


ARTICLES = [f"/news/{_slug(n)}" for n in range(1, ARTICLE_COUNT + 1)]


def _page(title: str, body: str, og_type: str = "website") -> str:
    return (f"<!doctype html><html lang='en'><head><title>{title}</title>"
            f"<meta property='og:type' content='{og_type}'>"
            "<link rel='alternate' type='application/rss+xml' href='/feed.xml'></head><body>"
            "<nav><a href='/'>Home</a> <a href='/calendar/2024/01'>Calendar</a> "
            "<a href='/shop?color=red'>Shop</a> <a href='/archive/page/1'>Archive</a> "
            "<a href='/login?sid=1'>Log in</a> <a href='/loop/a'>Elsewhere</a> "
            f"<a href='/docs/'>Docs</a></nav>{body}</body></html>")


def article(n: int) -> str:
    rng = random.Random(n * 7919)
    paragraphs = "".join(
        "<p>" + " ".join(rng.choice(_WORDS) for _ in range(45)).capitalize() + ".</p>"
        for _ in range(4))
    title = f"Story {n}: the {' '.join(rng.sample(_WORDS, 3))}"
    return _page(title, f"<article><h1>{title}</h1><time datetime='2024-03-{n:02d}T09:30:00Z'>"
                 f"March {n}</time>{paragraphs}</article>", og_type="article")


def _listing(title: str, links: list[tuple[str, str]]) -> str:
    items = "".join(f"<li><a href='{href}'>{text}</a></li>" for href, text in links)
    return _page(title, f"<h1>{title}</h1><ul>{items}</ul>")


def calendar(year: int, month: int) -> str:
    before = (year, month - 1) if month > 1 else (year - 1, 12)
    after = (year, month + 1) if month < 12 else (year + 1, 1)
    return _listing(f"Events, {year}-{month:02d}", [
        (f"/calendar/{before[0]}/{before[1]:02d}", "Previous month"),
        (f"/calendar/{after[0]}/{after[1]:02d}", "Next month")])


def shop(query: str) -> str:
    chosen = dict(parse_qsl(query))
    links = [(f"/shop?{urlencode({**chosen, name: value})}", f"{name}: {value}")
             for name, values in _FACETS.items() for value in values if chosen.get(name) != value]
    return _listing("Shop", links + [(ARTICLES[0], "Our story")])


def archive(number: int) -> str:
    listed = ARTICLES[(number - 1) * 6:number * 6]
    return _listing(f"Archive, page {number}", [(href, href) for href in listed]
                    + [(f"/archive/page/{number + 1}", "Older")])


def _urlset(paths: list[str], news: bool = False) -> str:
    ns = " xmlns:news='http://www.google.com/schemas/sitemap-news/0.9'" if news else ""
    extra = ("<news:news><news:publication_date>2024-03-01</news:publication_date>"
             "</news:news>" if news else "")
    urls = "".join(f"<url><loc>{{origin}}{p}</loc>{extra}</url>" for p in paths)
    return ("<?xml version='1.0' encoding='UTF-8'?><urlset "
            f"xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'{ns}>{urls}</urlset>")


SITEMAPS = {
    "/sitemaps/index.xml": ("<?xml version='1.0' encoding='UTF-8'?><sitemapindex "
                            "xmlns='http://www.sitemaps.org/schemas/sitemap/0.9'>"
                            "<sitemap><loc>{origin}/sitemaps/news.xml</loc></sitemap>"
                            "<sitemap><loc>{origin}/sitemaps/pages.xml.gz</loc></sitemap>"
                            "</sitemapindex>"),
    "/sitemaps/news.xml": _urlset(ARTICLES[LINKED:IN_SITEMAPS - 1], news=True),
    "/sitemaps/pages.xml.gz": _urlset(ARTICLES[IN_SITEMAPS - 1:IN_SITEMAPS]),
}


def feed(origin: str) -> str:
    items = "".join(f"<item><title>Story {n}</title><link>{origin}{ARTICLES[n - 1]}</link>"
                    "</item>" for n in range(IN_SITEMAPS + 1, ARTICLE_COUNT + 1))
    return ("<?xml version='1.0'?><rss version='2.0'><channel><title>Trap Times</title>"
            f"<link>{origin}/</link>{items}</channel></rss>")


class TrapSite(CountingServer):
    def __init__(self, port: int = 0, host: str = "127.0.0.1") -> None:
        super().__init__(port, _Handler, host)

    def fetches(self) -> dict[str, int]:
        """Fetches of each trap (by path prefix), of the articles and of the rest."""
        with self._lock:
            hits = dict(self.hits)
        out = {trap: 0 for trap in (*TRAPS, "articles", "other")}
        for path, n in hits.items():
            trap = next((t for t in TRAPS if path.startswith(t)), None)
            out[trap or ("articles" if path.split("?")[0] in ARTICLES else "other")] += n
        return out


class _Handler(BaseHTTPRequestHandler):
    server: TrapSite

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.count(self.path)
        parts = urlsplit(self.path)
        status, body, location = self._route(parts.path, parts.query)
        data = body.encode()
        if parts.path.endswith(".gz"):
            data = gzip.compress(data)
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        kind = ("application/gzip" if parts.path.endswith(".gz") else "application/xml"
                if parts.path.endswith(".xml") else "text/plain" if parts.path == "/robots.txt"
                else "text/html; charset=utf-8")
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _route(self, path: str, query: str) -> tuple[int, str, str | None]:
        segments = [s for s in path.split("/") if s]
        origin = self.server.url.rstrip("/")
        if path == "/":
            return 200, _listing("Trap Times", [(href, href) for href in ARTICLES[:LINKED]]), None
        if path == "/robots.txt":
            return 200, f"User-agent: *\nAllow: /\nSitemap: {origin}/sitemaps/index.xml\n", None
        if path in SITEMAPS:
            return 200, SITEMAPS[path].format(origin=origin), None
        if path == "/feed.xml":
            return 200, feed(origin), None
        if path in ARTICLES:
            return 200, article(ARTICLES.index(path) + 1), None
        if len(segments) == 3 and segments[0] == "calendar" and all(
                s.isdigit() for s in segments[1:]):
            return 200, calendar(int(segments[1]), int(segments[2])), None
        if path == "/login":
            sid = int(dict(parse_qsl(query)).get("sid", "1") or 1)
            return 200, _listing("Log in", [(f"/login?sid={sid + 1}", "Try again")]), None
        if path == "/shop":
            return 200, shop(query), None
        if len(segments) == 3 and segments[:2] == ["archive", "page"] and segments[2].isdigit():
            return 200, archive(int(segments[2])), None
        if path in ("/loop/a", "/loop/b"):
            return 302, "", "/loop/b" if path == "/loop/a" else "/loop/a"
        if segments and segments[0] == "docs":
            return 200, _listing("Docs", [("docs/", "More docs")]), None
        return 404, "<html><body>not found</body></html>", None


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m crawler.demosite.traps")
    parser.add_argument("--port", type=int, default=8766)
    args = parser.parse_args()
    site = TrapSite(args.port)
    print(site.url, flush=True)
    try:
        site.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        site.server_close()


if __name__ == "__main__":
    main()
