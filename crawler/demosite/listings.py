"""A news site that lists every article many times over, on 127.0.0.1 (a thread, or
``python -m crawler.demosite.listings --seed N --port P``).

Real archives list one article in the latest news, its category, each of its tags, its
author's page and the month's archive, each paginated and all read side by side by a
crawler: only one of them is first to each article, and each pagination runs deeper
than any trap or hop limit. The seed draws the site's shape, so no rule can lean on
one: the article URLs (an id and a slug, a dated path, an id alone, a WordPress-style
``?p=`` query; ids run through 2000-2300, numbers that look like years), the pagination
(``?page=N``, ``/page/N/``, ``?start=OFFSET``), the page size and the listings' names.

Two traps besides, with the same "most read" box on every page: a calendar of events,
each month linking the next for ever (one URL pattern), and a folder browser whose every
folder holds one more, with a name never used before (a new URL pattern each level).
:attr:`ListingSite.truth` is the article paths; the server counts every fetch
(:meth:`ListingSite.fetches_under`).
"""

from __future__ import annotations

import argparse
import html
import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

from crawler.demosite._serving import CountingServer

_WORDS = ["council", "budget", "river", "harbour", "school", "vote", "market", "rail",
          "festival", "museum", "report", "weather", "bridge", "court", "hospital", "union",
          "library", "election", "stadium", "farmers", "energy", "transport", "housing"]
_SECTIONS = [("category", "topics"), ("section", "tags"), ("rubrik", "stichwort"),
             ("kategori", "etiket")]


@dataclass(frozen=True)
class Story:
    id: int
    slug: str
    category: str
    tags: tuple[str, ...]
    author: str
    published: datetime


class ListingShape:
    """What the seed drew: URL shapes, page size, names."""

    def __init__(self, seed: int, count: int) -> None:
        rng = random.Random(seed)
        self.article_shape = rng.choice(["id-slug", "dated", "id", "query"])
        self.paging = rng.choice(["query", "path", "offset"])
        self.page_size = rng.randint(4, 9)
        self.category_word, self.tag_word = rng.choice(_SECTIONS)
        categories = rng.sample(_WORDS, 4)
        tags = rng.sample([w for w in _WORDS if w not in categories], 6)
        authors = [f"{rng.choice(['ana', 'tom', 'mia', 'omar', 'ela'])}-{n}" for n in range(3)]
        start = datetime(2025, 1, 1, 8, tzinfo=UTC)
        self.stories = [
            Story(id=2000 + 3 * n, slug="-".join(rng.sample(_WORDS, 4)),
                  category=rng.choice(categories), tags=tuple(rng.sample(tags, 2)),
                  author=rng.choice(authors), published=start + timedelta(hours=7 * n))
            for n in range(count)]
        self.newest_first = sorted(self.stories, key=lambda s: s.published, reverse=True)
        self.by_id = {s.id: s for s in self.stories}

    def article_path(self, story: Story) -> str:
        if self.article_shape == "id-slug":
            return f"/news/{story.id}/{story.slug}"
        if self.article_shape == "dated":
            return f"/{story.published:%Y/%m/%d}/{story.id}-{story.slug}"
        if self.article_shape == "id":
            return f"/story/{story.id}"
        return f"/?p={story.id}"

    def story_at(self, path: str, query: dict[str, list[str]]) -> Story | None:
        if self.article_shape == "query":
            ids = query.get("p", [""])
            return self.by_id.get(int(ids[0])) if ids[0].isdigit() else None
        for part in path.split("/"):
            head = part.split("-", 1)[0]
            if head.isdigit() and int(head) in self.by_id:
                story = self.by_id[int(head)]
                if self.article_path(story) == path:
                    return story
        return None

    def page_href(self, base: str, page: int) -> str:
        if page == 1:
            return base
        if self.paging == "query":
            return f"{base}?page={page}"
        if self.paging == "path":
            return f"{base.rstrip('/')}/page/{page}/"
        return f"{base}?start={(page - 1) * self.page_size}"

    def page_of(self, path: str, query: dict[str, list[str]]) -> tuple[str, int]:
        """(listing base, page number) of a listing URL."""
        if self.paging == "path" and "/page/" in path:
            base, _, number = path.rstrip("/").rpartition("/page/")
            return (base or "/"), int(number) if number.isdigit() else 0
        if self.paging == "offset":
            start = query.get("start", ["0"])[0]
            offset = int(start) if start.isdigit() else -1
            return path, (offset // self.page_size + 1 if offset % self.page_size == 0 else 0)
        number = query.get("page", ["1"])[0]
        return path, int(number) if number.isdigit() else 0

    def listings(self) -> dict[str, list[Story]]:
        """Every listing's base path and its stories, newest first."""
        out: dict[str, list[Story]] = {"/latest": self.newest_first}
        for story in self.newest_first:
            for base in (f"/{self.category_word}/{story.category}",
                         *(f"/{self.tag_word}/{t}" for t in story.tags),
                         f"/author/{story.author}", f"/archive/{story.published:%Y/%m}"):
                out.setdefault(base, []).append(story)
        return out


class ListingSite(CountingServer):
    def __init__(self, port: int = 0, seed: int = 1, count: int = 150,
                 host: str = "127.0.0.1") -> None:
        self.shape = ListingShape(seed, count)
        self._listings = self.shape.listings()
        super().__init__(port, _Handler, host)

    @property
    def truth(self) -> set[str]:
        return {self.shape.article_path(s) for s in self.shape.stories}

    def fetches_under(self, prefix: str) -> int:
        with self._lock:
            return sum(n for path, n in self.hits.items() if path.startswith(prefix))

    # -- pages ---------------------------------------------------------------------------

    def _page(self, title: str, body: str, og_type: str = "website") -> str:
        shape = self.shape
        menu = " ".join(f'<a href="{html.escape(base)}">{html.escape(base.strip("/"))}</a>'
                        for base in self._listings if base.count("/") == 2
                        and not base.startswith("/archive/"))
        most_read = "".join(f'<li><a href="{html.escape(shape.article_path(s))}">'
                            f"{html.escape(s.slug)}</a></li>" for s in shape.stories[:5])
        return (f"<!doctype html><html lang='en'><head><title>{html.escape(title)}</title>"
                f"<meta property='og:type' content='{og_type}'></head><body>"
                f"<nav><a href='/'>Home</a> <a href='/events/2025/01'>Events</a> <a href='/browse/files/'>Files</a> {menu}</nav>"
                f"<main>{body}</main><aside><h2>Most read</h2><ul>{most_read}</ul></aside>"
                "</body></html>")

    def article(self, story: Story) -> str:
        rng = random.Random(story.id)
        paragraphs = "".join(
            "<p>" + " ".join(rng.choice(_WORDS) for _ in range(50)).capitalize() + ".</p>"
            for _ in range(4))
        title = story.slug.replace("-", " ").capitalize()
        return self._page(title, f"<article><h1>{html.escape(title)}</h1>"
                          f"<time datetime='{story.published.isoformat()}'></time>"
                          f"<p class='byline'>By {story.author}</p>{paragraphs}</article>",
                          og_type="article")

    def listing(self, base: str, page: int) -> str | None:
        stories = self._listings.get(base)
        size = self.shape.page_size
        if stories is None or page < 1 or (page - 1) * size >= len(stories):
            return None
        items = "".join(
            f'<li><h3><a href="{html.escape(self.shape.article_path(s))}">'
            f"{html.escape(s.slug)}</a></h3></li>"
            for s in stories[(page - 1) * size:page * size])
        nav = ""
        if page * size < len(stories):
            nav = f'<a rel="next" href="{html.escape(self.shape.page_href(base, page + 1))}">Next</a>'
        return self._page(f"{base} page {page}", f"<h1>{html.escape(base)}</h1>"
                          f"<ul class='teasers'>{items}</ul><nav>{nav}</nav>")

    def calendar(self, year: int, month: int) -> str:
        after = (year, month + 1) if month < 12 else (year + 1, 1)
        return self._page(f"Events {year}-{month:02d}", "<h1>Events</h1><p>No events.</p>"
                          f"<a href='/events/{after[0]}/{after[1]:02d}'>Next month</a>")

    def folder(self, path: str) -> str:
        depth = path.rstrip("/").count("/")
        name = "".join(random.Random(f"{path}{depth}").choices("bcdfghjklmnpqrstvwz", k=6))
        return self._page(f"Folder {path}", f"<h1>{html.escape(path)}</h1><p>Empty.</p>"
                          f"<a href='{html.escape(path.rstrip('/'))}/{name}/'>{name}</a>")

    def route(self, path: str, query: dict[str, list[str]]) -> str | None:
        if path == "/robots.txt":
            return None
        story = self.shape.story_at(path, query)
        if story is not None:
            return self.article(story)
        if path == "/":
            return self.listing("/latest", 1)
        if path.startswith("/browse/"):
            return self.folder(path)
        if path.startswith("/events/"):
            parts = path.split("/")
            if len(parts) == 4 and parts[2].isdigit() and parts[3].isdigit():
                return self.calendar(int(parts[2]), int(parts[3]))
            return None
        base, page = self.shape.page_of(path, query)
        return self.listing(base, page)


class _Handler(BaseHTTPRequestHandler):
    server: ListingSite

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        self.server.count(parts.path)
        body = self.server.route(parts.path, parse_qs(parts.query))
        if body is None:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        data = body.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8940)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--articles", type=int, default=150)
    args = parser.parse_args()
    site = ListingSite(args.port, args.seed, args.articles)
    print(site.url, flush=True)
    site.serve_forever()


if __name__ == "__main__":
    main()
