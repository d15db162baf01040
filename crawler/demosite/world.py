"""Sites of several CMS families on 127.0.0.1, with ground truth, for ``benchmarks.world``.

Every family serves the same kind of news site (a home page, articles with byline,
time, category, tags, a captioned image and related links, ads and a sidebar) in the
markup of another publishing system: WordPress-like, Drupal-like, Ghost-like, a site
whose metadata is in JSON-LD only, a client-rendered Next.js-style app (the story in
``__NEXT_DATA__``, the home page's links drawn by script, a sitemap named by
robots.txt), an AMP site, a "load more" site whose archive is only in its sitemap, and
a windows-1254 Turkish site. The home pages and the Drupal-like articles declare
``og:type`` "website", as many templates do on every page. Within a family, wrappers,
generated class names and the order of the byline's parts vary from article to
article, so no rule can lean on one theme's names. :func:`truth` gives what each
article must be stored as.
"""

from __future__ import annotations

import html
import json
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import unquote, urlsplit

from crawler.demosite._serving import CountingServer

ARTICLES_PER_SITE = 8
_WORDS = ["council", "budget", "river", "harbour", "school", "vote", "market", "rail",
          "festival", "museum", "report", "weather", "bridge", "court", "hospital", "union",
          "library", "election", "stadium", "farmers", "energy", "transport", "housing"]
_TR_WORDS = ["belediye", "bütçe", "nehir", "liman", "okul", "seçim", "pazar", "tren",
             "şenlik", "müze", "rapor", "hava", "köprü", "mahkeme", "hastane", "çiftçi"]
_NAMES = ["Ana Li", "Tom Roe", "Mia Chen", "Omar Haddad", "Ela Novak", "Sam Okafor",
          "Ayşe Yılmaz", "Can Demir"]
_CATEGORIES = ["City", "Politics", "Culture", "Sport"]
_TAGS = ["harbour", "budget", "elections", "transport", "schools", "weather"]
AD_LABEL = "Advertisement"
SIDEBAR_TEASER = "Sidebar teaser that is no part of any story"


@dataclass
class Story:
    family: str
    n: int
    path: str
    title: str
    authors: list[str]
    published: datetime
    category: str
    tags: list[str]
    paragraphs: list[str]
    caption: str
    image: str
    related: list[str] = field(default_factory=list)  # paths of related stories
    js: bool = False  # the body is drawn by script


def _story(family: str, n: int, language: str = "en") -> Story:
    rng = random.Random(f"{family}:{n}")
    words = _TR_WORDS if language == "tr" else _WORDS
    title = " ".join(rng.sample(words, 4)).capitalize() + f" ({n})"
    slug = "-".join(title.lower().replace("(", "").replace(")", "").split())
    offset = timezone(timedelta(hours=rng.choice([-5, 0, 1, 3])))
    published = datetime(2025, 3, n, rng.randrange(6, 22), rng.randrange(60), tzinfo=offset)
    paragraphs = [" ".join(rng.choice(words) for _ in range(rng.randrange(35, 55))).capitalize()
                  + "." for _ in range(rng.randrange(4, 7))]
    return Story(
        family=family, n=n, path=f"/2025/03/{n:02d}/{slug}/", title=title,
        authors=rng.sample(_NAMES, rng.choice([1, 1, 2])),
        published=published, category=rng.choice(_CATEGORIES),
        tags=rng.sample(_TAGS, 2), paragraphs=paragraphs,
        caption=f"The {rng.choice(words)} at dawn, seen from the {rng.choice(words)}. "
                f"(Photo: Agency {n})",
        image=f"/media/{family}-{n}.jpg")


def _stories(family: str, language: str = "en") -> list[Story]:
    stories = [_story(family, n, language) for n in range(1, ARTICLES_PER_SITE + 1)]
    for s in stories:
        s.related = [o.path for o in stories if o.n != s.n][s.n % 3:s.n % 3 + 3]
    return stories


def _cls(rng: random.Random, base: str) -> str:
    """A class name as themes generate them: a prefix, the part's name, a hash."""
    prefix = rng.choice(["", "c-", "td-", "jeg_", "x", "site-", "tw-"])
    return f"{prefix}{base}{rng.choice(['', '-' + str(rng.randrange(10, 99)), '__' + rng.choice('abcxyz')])}"


def _wrap(rng: random.Random, inner: str) -> str:
    for _ in range(rng.randrange(0, 3)):
        inner = f"<div class='{_cls(rng, rng.choice(['wrap', 'inner', 'col', 'box']))}'>{inner}</div>"
    return inner


def _when(d: datetime) -> str:
    return d.isoformat()


def _ad() -> str:
    return f"<div class='ad-slot'><span>{AD_LABEL}</span><img src='/ads/1.gif'></div>"


def _sidebar(stories: list[Story]) -> str:
    links = "".join(f"<li><a href='{s.path}'>{html.escape(s.title)}</a></li>" for s in stories[:4])
    return (f"<aside class='sidebar'><h3>Most read</h3><ul>{links}</ul>"
            f"<p>{SIDEBAR_TEASER}.</p>{_ad()}</aside>")


def _nav() -> str:
    return ("<nav class='menu'>" + "".join(f"<a href='/category/{c.lower()}/'>{c}</a>"
                                          for c in _CATEGORIES) + "</nav>")


def _document(head: str, body: str, lang: str = "en", charset: str = "utf-8") -> str:
    return (f"<!doctype html><html lang='{lang}'><head><meta charset='{charset}'>{head}</head>"
            f"<body>{body}</body></html>")


def _related_cards(story: Story, by_path: dict[str, Story], heading: str) -> str:
    cards = "".join(
        f"<div class='card'><a class='card-cat' href='/category/{o.category.lower()}/'>"
        f"{o.category}</a><h4><a href='{o.path}'>{html.escape(o.title)}</a></h4>"
        f"<p>{o.paragraphs[0][:90]}...</p></div>" for o in (by_path[p] for p in story.related))
    return f"<section class='more'><h3>{heading}</h3>{cards}</section>"


def _home(stories: list[Story], title: str, listed: int | None = None,
          charset: str = "utf-8", lang: str = "en") -> str:
    items = "".join(f"<article class='teaser'><h2><a href='{s.path}'>{html.escape(s.title)}</a>"
                    f"</h2><p>{s.paragraphs[0][:120]}</p></article>"
                    for s in stories[:listed])
    return _document(f"<title>{title}</title><meta property='og:type' content='website'>",
                     f"<header>{_nav()}</header><main><h1>{title}</h1>{items}</main>"
                     f"{_sidebar(stories)}", lang=lang, charset=charset)


# -- families ---------------------------------------------------------------------------


def wordpress(story: Story, by_path: dict[str, Story], rng: random.Random) -> str:
    cats = f"<a href='/category/{story.category.lower()}/' rel='category tag'>{story.category}</a>"
    tags = ", ".join(f"<a href='/tag/{t}/' rel='tag'>{t}</a>" for t in story.tags)
    byline = ("<span class='byline'> by " + " and ".join(
        f"<span class='author vcard'><a class='url fn n' href='/author/{a.lower().replace(' ', '-')}/'>"
        f"{a}</a></span>" for a in story.authors) + "</span>")
    posted = (f"<span class='posted-on'><a href='{story.path}' rel='bookmark'><time class='entry-date "
              f"published' datetime='{_when(story.published)}'>{story.published:%B %d, %Y}</time></a>"
              "</span>")
    meta = posted + byline if rng.random() < 0.5 else byline + posted
    body = "".join(f"<p>{p}</p>" for p in story.paragraphs)
    figure = (f"<figure class='wp-caption aligncenter'><img src='{story.image}' alt=''>"
              f"<figcaption class='wp-caption-text'>{story.caption}</figcaption></figure>")
    article = (f"<article class='post-{story.n} post type-post'><header class='entry-header'>"
               f"<span class='cat-links'>{cats}</span><h1 class='entry-title'>{story.title}</h1>"
               f"<div class='entry-meta'>{meta}</div></header><div class='entry-content'>"
               f"{figure}{body[:len(body) // 2]}{_ad()}{body[len(body) // 2:]}</div>"
               f"<footer class='entry-footer'><span class='tags-links'>Tagged {tags}</span></footer>"
               f"</article>{_related_cards(story, by_path, 'Related')}")
    return _document(f"<title>{story.title} – WP Daily</title>",
                     f"<header>{_nav()}</header><div id='primary'>{_wrap(rng, article)}</div>"
                     f"{_sidebar(list(by_path.values()))}")


def drupal(story: Story, by_path: dict[str, Story], rng: random.Random) -> str:
    authors = " and ".join(f"<a href='/user/{i + 10}' class='username'>{a}</a>"
                           for i, a in enumerate(story.authors))
    body = "".join(f"<p>{p}</p>" for p in story.paragraphs)
    tags = "".join(f"<div class='field__item'><a href='/taxonomy/term/{i}' hreflang='en'>{t}</a>"
                   "</div>" for i, t in enumerate(story.tags))
    node = (f"<div class='node node--type-article node--view-mode-full'><h1 class='page-title'>"
            f"<span>{story.title}</span></h1><div class='node__meta'>Submitted by {authors} on "
            f"<time datetime='{_when(story.published.astimezone(UTC))}'>"
            f"{story.published:%a, %m/%d/%Y - %H:%M}</time></div>"
            f"<div class='field field--name-field-section'><a href='/section/"
            f"{story.category.lower()}'>{story.category}</a></div>"
            f"<div class='field field--name-field-image'><img src='{story.image}' alt='photo'>"
            f"<div class='field--name-field-image-caption'>{story.caption}</div></div>"
            f"<div class='field field--name-body field--type-text-with-summary'>"
            f"<div class='field__item'>{body}</div></div>"
            f"<div class='field field--name-field-tags field--type-entity-reference'>"
            f"<div class='field__label'>Tags</div><div class='field__items'>{tags}</div></div></div>")
    related = "".join(f"<div class='views-row'><a href='{p}'>{html.escape(by_path[p].title)}</a>"
                      "</div>" for p in story.related)
    block = f"<div class='block-views-related'><h2>Related content</h2>{related}</div>"
    # og:type "website" on every page, articles included: many themes' default.
    return _document(f"<title>{story.title} | Drupal Times</title>"
                     "<meta property='og:type' content='website'>",
                     f"<header>{_nav()}</header><main>{_wrap(rng, node)}{block}</main>"
                     f"{_sidebar(list(by_path.values()))}")


def ghost(story: Story, by_path: dict[str, Story], rng: random.Random) -> str:
    authors = ", ".join(f"<a href='/author/{a.lower().replace(' ', '-')}/'>{a}</a>"
                        for a in story.authors)
    body = "".join(f"<p>{p}</p>" for p in story.paragraphs)
    cards = "".join(f"<article class='post-card'><a class='post-card-image-link' href='{p}'>"
                    f"<img src='/media/t.jpg'></a><div class='post-card-content'><a href='{p}'>"
                    f"<h2 class='post-card-title'>{html.escape(by_path[p].title)}</h2></a></div>"
                    "</article>" for p in story.related)
    tags = "".join(f"<a href='/tag/{t}/'>{t}</a>" for t in story.tags)
    article = (f"<article class='gh-article post'><header class='gh-article-header gh-canvas'>"
               f"<a class='gh-article-tag' href='/category/{story.category.lower()}/'>"
               f"{story.category}</a><h1 class='gh-article-title'>{story.title}</h1>"
               f"<div class='gh-article-meta'><div class='gh-article-author-name'>{authors}</div>"
               f"<time class='gh-article-meta-date' datetime='{_when(story.published)}'>"
               f"{story.published:%d %b %Y}</time></div></header>"
               f"<figure class='gh-article-image'><img src='{story.image}'>"
               f"<figcaption>{story.caption}</figcaption></figure>"
               f"<section class='gh-content gh-canvas'>{body}</section>"
               f"<footer class='gh-article-tags'>{tags}</footer></article>")
    more = f"<aside class='gh-readmore'><h3 class='gh-readmore-title'>Read next</h3>{cards}</aside>"
    return _document(f"<title>{story.title}</title>",
                     f"<header>{_nav()}</header><main class='gh-main'>{_wrap(rng, article)}{more}"
                     "</main>")


def jsonld(story: Story, by_path: dict[str, Story], rng: random.Random) -> str:
    data = {"@context": "https://schema.org", "@type": "NewsArticle", "headline": story.title,
            "author": [{"@type": "Person", "name": a} for a in story.authors],
            "datePublished": _when(story.published), "articleSection": story.category,
            "keywords": ", ".join(story.tags),
            "image": {"@type": "ImageObject", "url": story.image, "caption": story.caption}}
    body = "".join(f"<p class='{_cls(rng, 'para')}'>{p}</p>" for p in story.paragraphs)
    related = "".join(f"<li><a href='{p}'>{html.escape(by_path[p].title)}</a></li>"
                      for p in story.related)
    page = (f"<div class='{_cls(rng, 'story')}'><h1 class='{_cls(rng, 'hl')}'>{story.title}</h1>"
            f"<div class='{_cls(rng, 'pic')}'><img src='{story.image}'><span class='"
            f"{_cls(rng, 'caption')}'>{story.caption}</span></div>"
            f"<div class='{_cls(rng, 'txt')}'>{body}</div></div>"
            f"<div class='{_cls(rng, 'rel')}'><h3>You might also like</h3><ul>{related}</ul></div>")
    return _document(f"<title>{story.title}</title><script type='application/ld+json'>"
                     f"{json.dumps(data)}</script>", _wrap(rng, page))


def nextjs(story: Story, by_path: dict[str, Story], rng: random.Random) -> str:
    data = {"props": {"pageProps": {"post": {
        "title": story.title, "authors": story.authors, "category": story.category,
        "body": "".join(f"<p>{p}</p>" for p in story.paragraphs),
        "related": [{"href": p, "title": by_path[p].title} for p in story.related]}}},
        "page": "/[y]/[m]/[d]/[slug]", "buildId": "abc123"}
    head = (f"<title>{story.title}</title><meta property='og:type' content='article'>"
            f"<meta property='og:title' content='{html.escape(story.title)}'>"
            f"<meta property='article:published_time' content='{_when(story.published)}'>"
            f"<meta property='article:section' content='{story.category}'>"
            + "".join(f"<meta property='article:tag' content='{t}'>" for t in story.tags)
            + f"<meta name='author' content='{' and '.join(story.authors)}'>")
    return _document(head, "<div id='__next'></div><noscript>You need to enable JavaScript to "
                     "run this app.</noscript><script id='__NEXT_DATA__' type='application/json'>"
                     f"{json.dumps(data)}</script><script src='/_next/app.js'></script>")


def amp(story: Story, by_path: dict[str, Story], rng: random.Random) -> str:
    body = "".join(f"<p>{p}</p>" for p in story.paragraphs)
    related = "".join(f"<li><a href='{p}'>{html.escape(by_path[p].title)}</a></li>"
                      for p in story.related)
    authors = " and ".join(story.authors)
    article = (f"<article><h1 class='amp-title'>{story.title}</h1><div class='amp-byline'>"
               f"<span class='amp-author'>By {authors}</span> <time datetime='"
               f"{_when(story.published)}'>{story.published:%d.%m.%Y %H:%M}</time></div>"
               f"<a class='amp-section' href='/section/{story.category.lower()}/'>{story.category}"
               f"</a><figure><amp-img src='{story.image}' width='800' height='450' layout="
               f"'responsive'></amp-img><figcaption>{story.caption}</figcaption></figure>"
               f"{body}<div class='amp-tags'>"
               + "".join(f"<a href='/tags/{t}/'>{t}</a>" for t in story.tags)
               + f"</div></article><div class='amp-related'><h2>More news</h2><ul>{related}</ul></div>")
    return (f"<!doctype html><html amp lang='en'><head><meta charset='utf-8'><title>{story.title}"
            f"</title><link rel='canonical' href='{story.path}'><script async "
            f"src='/amp/v0.js'></script></head><body>{_wrap(rng, article)}</body></html>")


def turkish(story: Story, by_path: dict[str, Story], rng: random.Random) -> str:
    months = ["Ocak", "Şubat", "Mart", "Nisan", "Mayıs", "Haziran", "Temmuz", "Ağustos",
              "Eylül", "Ekim", "Kasım", "Aralık"]
    local = story.published
    body = "".join(f"<p>{p}</p>" for p in story.paragraphs)
    related = "".join(f"<li><a href='{p}'>{html.escape(by_path[p].title)}</a></li>"
                      for p in story.related)
    page = (f"<div class='haber-detay'><a class='kategori' href='/kategori/"
            f"{story.category.lower()}/'>{story.category}</a><h1>{story.title}</h1>"
            f"<div class='haber-bilgi'>" + "".join(
                f"<a href='/yazar/{a.lower().replace(' ', '-')}/'>{a}</a> " for a in story.authors)
            + f"<time datetime='{_when(local)}'>{local.day} {months[local.month - 1]} "
            f"{local.year} {local:%H:%M}</time></div><div class='resim'><img src='{story.image}'>"
            f"<div class='resim-altyazi caption'>{story.caption}</div></div>"
            f"<div class='haber-metni'>{body}</div><div class='etiketler'>"
            + "".join(f"<a href='/etiket/{t}/'>{t}</a>" for t in story.tags)
            + f"</div></div><div class='ilgili'><h3>İlgili Haberler</h3><ul>{related}</ul></div>")
    return _document(f"<title>{story.title} - Haber</title>", page, lang="tr",
                     charset="windows-1254")


@dataclass
class Family:
    name: str
    page: Callable[[Story, dict[str, Story], random.Random], str]
    language: str = "en"
    charset: str = "utf-8"
    home_listed: int | None = None  # articles the home page links (None: all)
    home_by_script: bool = False  # the home page's links are drawn by script
    sitemap: bool = False
    # The fields its pages give in their static HTML (the app's images and related links
    # exist only once its script has run).
    fields: tuple[str, ...] = ("title", "authors", "published_at", "category", "tags",
                               "captions", "related")


FAMILIES = [
    Family("wordpress", wordpress), Family("drupal", drupal), Family("ghost", ghost),
    Family("jsonld", jsonld),
    Family("nextjs", nextjs, home_by_script=True, sitemap=True,
           fields=("title", "authors", "published_at", "category", "tags")),
    Family("amp", amp), Family("loadmore", wordpress, home_listed=3, sitemap=True),
    Family("turkish", turkish, language="tr", charset="windows-1254"),
]


def truth(family: Family) -> list[Story]:
    """The articles of a family's site, as they must be stored."""
    stories = _stories(family.name, family.language)
    for s in stories:
        s.js = family.home_by_script
    return stories


class FamilySite(CountingServer):
    def __init__(self, family: Family, port: int = 0) -> None:
        super().__init__(port, _Handler)
        self.family = family
        self.stories = truth(family)
        self.by_path = {s.path: s for s in self.stories}

    def render(self, path: str) -> tuple[int, str, str]:
        family, origin = self.family, self.url.rstrip("/")
        if path == "/robots.txt":
            lines = "User-agent: *\nDisallow: /admin/\n"
            if family.sitemap:
                lines += f"Sitemap: {origin}/sitemap.xml\n"
            return 200, lines, "text/plain"
        if path == "/sitemap.xml" and family.sitemap:
            urls = "".join(f"<url><loc>{origin}{s.path}</loc><lastmod>{_when(s.published)}"
                           "</lastmod></url>" for s in self.stories)
            return 200, ("<?xml version='1.0' encoding='UTF-8'?><urlset xmlns='http://www."
                         f"sitemaps.org/schemas/sitemap/0.9'>{urls}</urlset>"), "application/xml"
        if path == "/":
            if family.home_by_script:
                return 200, _document("<title>App News</title>", "<div id='__next'></div>"
                                      "<script src='/_next/app.js'></script>"), "text/html"
            return 200, _home(self.stories, f"{family.name.title()} News",
                              listed=family.home_listed, charset=family.charset,
                              lang=family.language), "text/html"
        story = self.by_path.get(path)
        if story is not None:
            rng = random.Random(f"{family.name}:{story.n}:markup")
            return 200, family.page(story, self.by_path, rng), "text/html"
        return 404, "<html><body>not found</body></html>", "text/html"


class _Handler(BaseHTTPRequestHandler):
    server: FamilySite

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        self.server.count(path)
        status, body, kind = self.server.render(path)
        charset = self.server.family.charset
        data = body.encode(charset, "xmlcharrefreplace")
        self.send_response(status)
        # The Turkish site declares its charset only in the page, as many do.
        self.send_header("Content-Type", kind if charset != "utf-8" or kind != "text/html"
                         else "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
