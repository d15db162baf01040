"""A live world of news sites on 127.0.0.1 that publish and update articles while they
are crawled (``benchmarks.freshness`` and the schedule tests).

Each site is a server of its own (one port, one site) whose shape a seed draws: its
article URLs (``/news/ID-slug``, ``/YYYY/MM/DD/slug``, ``/article/ID``), how its new
articles can be found, and whether it answers conditional requests:

- ``links+feed``: the home page lists the newest articles and links each section, whose
  pages are paginated newest first; an Atom feed (``<link rel=alternate>`` on every
  page) lists the 20 articles changed last, with ``published`` and ``updated``.
- ``links``: the same pages, no feed and no sitemap: an update shows nowhere.
- ``sitemap``: the home page shows a fixed set of editor's picks; new articles are only
  in ``/sitemap.xml`` (named in robots.txt), each with its ``lastmod``.
- ``feed``: the same picks; new articles only in the feed.

By default the sites take ``links+feed``, ``sitemap`` and ``feed`` in turn (news sites
have a sitemap or a feed); ``families`` chooses others.

A *conditional* site sends ``ETag`` and ``Last-Modified`` and answers
``If-None-Match`` / ``If-Modified-Since`` with ``304``; the others send neither.

Time is the real clock. Before :meth:`Newsroom.start`, every site has
``initial`` articles, published in the past; during the publishing window each site
publishes new articles at random times (about ``per_site`` each) and updates some old
ones (a paragraph added, its modified time moved). :attr:`Newsroom.published` and
:attr:`Newsroom.updated` are the truth: URL -> when. Every fetch is counted by
User-Agent, so two crawlers of the same world are told apart.
"""

from __future__ import annotations

import hashlib
import html
import random
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler
from typing import Self
from urllib.parse import parse_qs, urlsplit

from crawler.demosite._serving import CountingServer

_WORDS = ["council", "budget", "river", "harbour", "school", "vote", "market", "rail",
          "festival", "museum", "report", "weather", "bridge", "court", "hospital", "union",
          "library", "election", "stadium", "farmers", "energy", "transport", "housing",
          "minister", "village", "airport", "police", "season", "doctors", "teachers"]
_SECTIONS = ["city", "politics", "sport", "culture", "business"]
FAMILIES = ("links+feed", "sitemap", "feed")
_PICKS = 5
_HOME_NEWEST = 10
_PAGE_SIZE = 8


@dataclass
class Story:
    id: int
    slug: str
    section: str
    published: float
    updated: float | None = None  # when its update appears (None: never updated)

    def modified(self, now: float) -> float:
        return self.updated if self.updated is not None and self.updated <= now else (
            self.published)

    def revision(self, now: float) -> int:
        return 1 if self.updated is not None and self.updated <= now else 0


@dataclass
class SiteShape:
    index: int
    discovery: str
    conditional: bool
    url_shape: str
    stories: list[Story] = field(default_factory=list)

    def path(self, story: Story) -> str:
        if self.url_shape == "id-slug":
            return f"/news/{story.id}-{story.slug}"
        if self.url_shape == "dated":
            return f"/{datetime.fromtimestamp(story.published, UTC):%Y/%m/%d}/{story.slug}"
        return f"/article/{story.id}"


class Newsroom:
    """``sites`` news sites publishing during ``[start + warmup_s, + publish_s]``."""

    def __init__(self, sites: int = 10, seed: int = 1, initial: int = 30, per_site: float = 6,
                 updates: int = 2, warmup_s: float = 60, publish_s: float = 600,
                 host: str = "127.0.0.1", families: tuple[str, ...] = FAMILIES) -> None:
        self.rng = random.Random(seed)
        self.host = host
        self.warmup_s, self.publish_s = warmup_s, publish_s
        self.initial, self.per_site, self.updates_per_site = initial, per_site, updates
        self.shapes = [SiteShape(i, families[i % len(families)], i % 2 == 0,
                                 self.rng.choice(["id-slug", "dated", "id"]))
                       for i in range(sites)]
        self.servers: list[_SiteServer] = []
        self.fetches: Counter[tuple[str, int]] = Counter()  # (user agent, status)
        self._lock = threading.Lock()
        self.started_at = 0.0

    # -- the world's time line ------------------------------------------------------------

    def start(self) -> Self:
        now = self.started_at = time.time()
        begin, end = now + self.warmup_s, now + self.warmup_s + self.publish_s
        for shape in self.shapes:
            ids = iter(range(100 + shape.index * 1000, 100 + (shape.index + 1) * 1000))
            for n in range(self.initial):
                shape.stories.append(self._story(next(ids), now - 3600 * (self.initial - n)))
            count = max(1, round(self.rng.gauss(self.per_site, self.per_site ** 0.5)))
            for when in sorted(self.rng.uniform(begin, end) for _ in range(count)):
                shape.stories.append(self._story(next(ids), when))
            for old in self.rng.sample(shape.stories[:self.initial], self.updates_per_site):
                old.updated = self.rng.uniform(begin, end)
        self.servers = [_SiteServer(self, shape, self.host).start() for shape in self.shapes]
        return self

    def publish(self, site: int) -> str:
        """Publish a new article on site ``site`` now; its URL (for tests)."""
        shape = self.shapes[site]
        story = self._story(max(s.id for s in shape.stories) + 1, time.time())
        shape.stories.append(story)
        return self._absolute(shape, story)

    def update(self, site: int) -> str:
        """Update an old article of site ``site`` now; its URL (for tests)."""
        shape = self.shapes[site]
        story = next(s for s in shape.stories[:self.initial] if s.updated is None)
        story.updated = time.time()
        return self._absolute(shape, story)

    def hits(self, site: int) -> dict[str, int]:
        """Fetches of site ``site`` by path."""
        server = self.servers[site]
        with server._lock:
            return dict(server.hits)

    def _story(self, story_id: int, published: float) -> Story:
        return Story(story_id, "-".join(self.rng.sample(_WORDS, 4)),
                     self.rng.choice(_SECTIONS), published)

    @property
    def publishing_ends(self) -> float:
        return self.started_at + self.warmup_s + self.publish_s

    @property
    def urls(self) -> list[str]:
        return [server.url for server in self.servers]

    def _absolute(self, shape: SiteShape, story: Story) -> str:
        return self.servers[shape.index].url.rstrip("/") + shape.path(story)

    @property
    def published(self) -> dict[str, float]:
        """New articles (published after the start): URL -> publication time."""
        return {self._absolute(sh, s): s.published for sh in self.shapes for s in sh.stories
                if s.published > self.started_at}

    @property
    def updated(self) -> dict[str, float]:
        """Old articles updated during the run: URL -> when the update appeared."""
        return {self._absolute(sh, s): s.updated for sh in self.shapes for s in sh.stories
                if s.updated is not None}

    def count(self, agent: str, status: int) -> None:
        with self._lock:
            self.fetches[(agent, status)] += 1

    def fetched_by(self, agent_part: str) -> dict[str, int]:
        """Responses to user agents containing ``agent_part``, by status."""
        with self._lock:
            out: Counter[str] = Counter()
            for (agent, status), n in self.fetches.items():
                if agent_part in agent:
                    out[str(status)] += n
            return dict(out)

    def stop(self) -> None:
        for server in self.servers:
            server.stop()


class _SiteServer(CountingServer):
    def __init__(self, world: Newsroom, shape: SiteShape, host: str) -> None:
        self.world, self.shape = world, shape
        super().__init__(0, _Handler, host)

    # -- pages ---------------------------------------------------------------------------

    def visible(self, now: float) -> list[Story]:
        """Published stories, newest first."""
        return sorted((s for s in self.shape.stories if s.published <= now),
                      key=lambda s: s.published, reverse=True)

    def _page(self, title: str, body: str, head: str = "") -> str:
        feed = ('<link rel="alternate" type="application/atom+xml" href="/feed.xml">'
                if self.shape.discovery.endswith("feed") else "")
        sections = "" if not self.shape.discovery.startswith("links") else " ".join(
            f'<a href="/section/{s}">{s.capitalize()}</a>' for s in _SECTIONS)
        return (f"<!doctype html><html lang='en'><head><meta charset='utf-8'>"
                f"<title>{html.escape(title)} - Site {self.shape.index}</title>{feed}{head}"
                f"</head><body><header><a href='/'>Site {self.shape.index}</a> {sections}"
                f"</header><main>{body}</main><footer><a href='/about'>About</a></footer>"
                "</body></html>")

    def article(self, story: Story, now: float) -> str:
        rng = random.Random(f"{self.shape.index}-{story.id}")
        paragraphs = ["<p>" + " ".join(rng.choice(_WORDS) for _ in range(45)).capitalize()
                      + ".</p>" for _ in range(5)]
        if story.revision(now):
            paragraphs.append(f"<p>Update: the {story.slug.replace('-', ' ')} story "
                              "changed after publication, and this paragraph says how.</p>")
        title = story.slug.replace("-", " ").capitalize()
        url = self.url.rstrip("/") + self.shape.path(story)
        published = datetime.fromtimestamp(story.published, UTC).isoformat()
        modified = datetime.fromtimestamp(story.modified(now), UTC).isoformat()
        head = (f'<link rel="canonical" href="{url}"><meta property="og:type" '
                f'content="article"><meta property="article:published_time" '
                f'content="{published}"><meta property="article:modified_time" '
                f'content="{modified}">')
        return self._page(title, f"<article><h1>{html.escape(title)}</h1><p class='byline'>"
                          f"By Staff Writer</p><time datetime='{published}'></time>"
                          + "".join(paragraphs) + "</article>", head)

    def teasers(self, stories: list[Story]) -> str:
        return "<ul>" + "".join(
            f'<li><h3><a href="{html.escape(self.shape.path(s))}">'
            f"{html.escape(s.slug.replace('-', ' '))}</a></h3></li>" for s in stories) + "</ul>"

    def home(self, now: float) -> str:
        stories = self.visible(now)
        if self.shape.discovery.startswith("links"):
            shown = stories[:_HOME_NEWEST]
        else:  # editor's picks among the oldest: new articles are not linked
            shown = sorted(stories, key=lambda s: s.id)[:_PICKS]
        return self._page("Home", "<h1>Latest</h1>" + self.teasers(shown))

    def section(self, name: str, page: int, now: float) -> str | None:
        stories = [s for s in self.visible(now) if s.section == name]
        start = (page - 1) * _PAGE_SIZE
        if name not in _SECTIONS or page < 1 or (page > 1 and start >= len(stories)):
            return None
        more = (f'<a rel="next" href="/section/{name}?page={page + 1}">Older</a>'
                if start + _PAGE_SIZE < len(stories) else "")
        return self._page(f"{name} page {page}", f"<h1>{name.capitalize()}</h1>"
                          + self.teasers(stories[start:start + _PAGE_SIZE]) + more)

    def sitemap(self, now: float) -> str:
        urls = "".join(
            f"<url><loc>{html.escape(self.url.rstrip('/') + self.shape.path(s))}</loc>"
            f"<lastmod>{datetime.fromtimestamp(s.modified(now), UTC).isoformat()}</lastmod>"
            "</url>" for s in self.visible(now))
        return ('<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org'
                f'/schemas/sitemap/0.9">{urls}</urlset>')

    def feed(self, now: float) -> str:
        newest = sorted(self.visible(now), key=lambda s: s.modified(now), reverse=True)[:20]
        entries = "".join(
            f"<entry><title>{html.escape(s.slug)}</title><id>tag:site{self.shape.index},"
            f"{s.id}</id><link href=\"{html.escape(self.url.rstrip('/') + self.shape.path(s))}\"/>"
            f"<published>{datetime.fromtimestamp(s.published, UTC).isoformat()}</published>"
            f"<updated>{datetime.fromtimestamp(s.modified(now), UTC).isoformat()}</updated>"
            "</entry>" for s in newest)
        return ('<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/'
                f'Atom"><title>Site {self.shape.index}</title><id>tag:site{self.shape.index}'
                f"</id><updated>{datetime.fromtimestamp(now, UTC).isoformat()}</updated>"
                f"{entries}</feed>")

    def route(self, path: str, query: dict[str, list[str]], now: float
              ) -> tuple[str, str, float] | None:
        """(body, content type, last modified) of a path, or None (404)."""
        stories = self.visible(now)
        newest = max((s.modified(now) for s in stories), default=self.world.started_at)
        if path == "/robots.txt":
            line = "Sitemap: /sitemap.xml\n" if self.shape.discovery == "sitemap" else ""
            sitemap = line.replace("/sitemap.xml", self.url.rstrip("/") + "/sitemap.xml")
            return f"User-agent: *\nAllow: /\n{sitemap}", "text/plain", self.world.started_at
        if path == "/":
            return self.home(now), "text/html; charset=utf-8", newest
        if path == "/about":
            return (self._page("About", "<h1>About</h1><p>A local news site.</p>"),
                    "text/html; charset=utf-8", self.world.started_at)
        if path == "/sitemap.xml" and self.shape.discovery == "sitemap":
            return self.sitemap(now), "application/xml", newest
        if path == "/feed.xml" and self.shape.discovery.endswith("feed"):
            return self.feed(now), "application/atom+xml", newest
        if path.startswith("/section/") and self.shape.discovery.startswith("links"):
            number = query.get("page", ["1"])[0]
            page = self.section(path.removeprefix("/section/"),
                                int(number) if number.isdigit() else 0, now)
            return (page, "text/html; charset=utf-8", newest) if page else None
        for story in stories:
            if self.shape.path(story) == path:
                return self.article(story, now), "text/html; charset=utf-8", story.modified(now)
        return None


class _Handler(BaseHTTPRequestHandler):
    server: _SiteServer

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        self.server.count(parts.path)
        now = time.time()
        agent = self.headers.get("User-Agent", "")
        found = self.server.route(parts.path, parse_qs(parts.query), now)
        if found is None:
            self._reply(agent, 404, b"", {})
            return
        body, kind, modified = found
        data = body.encode()
        headers = {"Content-Type": kind}
        if self.server.shape.conditional:
            etag = '"' + hashlib.blake2b(data, digest_size=8).hexdigest() + '"'
            last = datetime.fromtimestamp(int(modified), UTC)
            headers |= {"ETag": etag, "Last-Modified": format_datetime(last, usegmt=True)}
            if self._not_modified(etag, last):
                self._reply(agent, 304, b"", headers)
                return
        self._reply(agent, 200, data, headers)

    def _not_modified(self, etag: str, last: datetime) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:
            return etag in [m.strip() for m in match.split(",")]
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return last <= parsedate_to_datetime(since)
            except (TypeError, ValueError):
                return False
        return False

    def _reply(self, agent: str, status: int, data: bytes, headers: dict[str, str]) -> None:
        self.server.world.count(agent, status)
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if status != 304:
            self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass
