"""HTML of the demo portal, modelled on a Sngine blog: header with search, ad slots
labelled "Sponsorluk", a sidebar with "Kategoriler", and a "Read More" block."""

from __future__ import annotations

import json
from html import escape

from crawler.demosite._content import (
    CATEGORIES,
    Listing,
    Post,
    category_id,
    category_slug,
    display_count,
    newest_first,
    related,
)

SITE_NAME = "Sngine Demo News"
PAGE_SIZE = 10
VERIFICATION = "google-site-verification: google037b30823fc02426.html"


def _category_href(name: str) -> str:
    return f"/blogs/category/{category_id(name)}/{category_slug(name)}"


def _ad(slot: int) -> str:
    return (f'<div class="ads-wrapper"><div class="ads-title">Sponsorluk</div>'
            f'<a href="/ads/click/{slot}" rel="nofollow"><img src="/static/ads/{slot}.png" '
            f'alt=""></a></div>')


def _layout(title: str, main: str, *, og_type: str = "website", head: str = "",
            path: str = "/") -> str:
    cats = "".join(f'<li><a href="{_category_href(c)}">{c}</a></li>' for c in CATEGORIES)
    return f"""<!DOCTYPE html>
<html lang="en" dir="ltr"><head><meta charset="utf-8">
<title>{escape(title)} | {SITE_NAME}</title>
<meta property="og:site_name" content="{SITE_NAME}">
<meta property="og:type" content="{og_type}">
<meta property="og:title" content="{escape(title)}">
<link rel="canonical" href="{path}">
{head}</head>
<body>
<div class="main-header"><a class="logo" href="/">{SITE_NAME}</a>
<form class="search" action="/search" method="get"><input name="query"
 placeholder="Site içinde arama yapın"></form>
<ul class="nav"><li><a href="/">Home</a></li><li><a href="/blogs">Blogs</a></li></ul></div>
<div class="container"><div class="row">
<div class="col-lg-8">{main}</div>
<div class="col-lg-4 sidebar">
<div class="card"><form action="/search"><input name="query"
 placeholder="Site içinde arama yapın"></form></div>
{_ad(90)}
<div class="card"><div class="card-header">Kategoriler</div><ul>{cats}</ul></div>
</div></div></div>
<footer>{_ad(99)}<span class="verification">{VERIFICATION}</span></footer>
</body></html>"""


def _meta_line(post: Post) -> str:
    return (f'<div class="post-meta">By <a class="post-author" href="/{escape(post.author)}">'
            f'{escape(post.author)}</a> <span class="js_moment" data-time="'
            f'{post.published:%Y-%m-%d %H:%M:%S}">{post.published:%Y-%m-%d %H:%M:%S}</span> '
            f'<span class="post-stats-comments" title="Comments"><i class="fa fa-comments"></i>'
            f' {post.comments}</span> <span class="post-stats-views" title="Views">'
            f'<i class="fa fa-eye"></i> {display_count(post.views)}</span></div>')


def teaser(post: Post) -> str:
    return (f'<div class="blog-container"><div class="blog-category">'
            f'<a href="{_category_href(post.category)}">{post.category}</a></div>'
            f'<h3 class="blog-title"><a href="{post.path}">{escape(post.title)}</a></h3>'
            f'<div class="blog-text">{escape(post.snippet)}</div>{_meta_line(post)}</div>')


def read_more(post: Post) -> str:
    items = "".join(teaser(p) for p in related(post))
    return f'<div class="blog-more"><div class="title">Read More</div><div class="row">{items}</div></div>'


def body_html(post: Post) -> str:
    parts = []
    for i, para in enumerate(post.paragraphs):
        if post.second_title and post.second_title[0] == i:
            parts.append(f"<h2>{escape(post.second_title[1])}</h2>")
        parts.append(f"<p>{escape(para)}</p>")
        if i == 0 and post.caption:
            alt = post.caption + (" (Handout)" if post.id == 1 else "")
            parts.append(f'<figure><img src="/static/photos/{post.id}.jpg" alt="{escape(alt)}">'
                         f"<figcaption>{escape(post.caption)}</figcaption></figure>")
    return "".join(parts)


def _article_head(post: Post) -> str:
    return (f'<h1 class="blog-title">{escape(post.title)}</h1>'
            f'<div class="blog-category"><a href="{_category_href(post.category)}">'
            f'{post.category}</a></div>{_meta_line(post)}')


def _tags(post: Post) -> str:
    links = "".join(f'<a href="/blogs/tag/{escape(t.lower())}">#{escape(t)}</a> ' for t in post.tags)
    return (f'<div class="blog-tags">{links}</div><div class="post-actions">'
            f'<a href="#like">Like</a> <a href="/share/{post.id}">Share</a> '
            f'<a href="/report/{post.id}">Report</a></div>')


def article_page(post: Post) -> str:
    """A post as the portal serves it: static, body fetched by script, or an app shell."""
    if post.js_mode == "app":
        return _app_shell(post)
    if post.js_mode == "fetch":
        body = ('<div class="blog-text" id="post-body"><noscript>Please enable JavaScript '
                'to read this article.</noscript></div><div id="read-more"></div>'
                f"<script>{_FETCH_SCRIPT % post.id}</script>")
        more = ""
    else:
        body = f'<div class="blog-text">{body_html(post)}</div>'
        more = read_more(post)
    main = (f'{_ad(1)}<article class="blog-container post">{_article_head(post)}{body}'
            f"{_tags(post)}</article>{_ad(2)}{more}{_ad(3)}")
    head = (f'<meta property="og:url" content="{post.path}">'
            f'<meta property="og:description" content="{escape(post.snippet)}">')
    return _layout(post.title, main, og_type="article", head=head, path=post.path)


def post_json(post: Post) -> str:
    """The API view the "fetch" variant loads: body HTML and Read More block."""
    return json.dumps({"id": post.id, "body": body_html(post), "read_more": read_more(post)})


def _app_shell(post: Post) -> str:
    """No content until the script draws the whole page from embedded data."""
    data = {"main": _article_head(post) + f'<div class="blog-text">{body_html(post)}</div>'
            + _tags(post), "more": read_more(post), "title": post.title}
    payload = json.dumps(data).replace("</", "<\\/")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{SITE_NAME}</title></head>
<body><div id="app"></div>
<noscript>You need to enable JavaScript to run this app.</noscript>
<script>window.__POST__ = {payload};</script>
<script>{_APP_SCRIPT}</script></body></html>"""


_FETCH_SCRIPT = """
fetch('/api/posts/%d.json').then(r => r.json()).then(d => {
  setTimeout(() => {
    document.getElementById('post-body').innerHTML = d.body;
    document.getElementById('read-more').innerHTML = d.read_more;
  }, 50);
});"""

_APP_SCRIPT = """
setTimeout(function () {
  var d = window.__POST__;
  document.title = d.title;
  document.getElementById('app').innerHTML =
    '<article class="blog-container post">' + d.main + '</article>' + d.more;
}, 30);"""


def listing_page(title: str, base: str, page: int, items: list[Post], total: int) -> str:
    pages = max(1, -(-total // PAGE_SIZE))
    nav = []
    if page > 1:
        nav.append(f'<a class="page-link" href="{base}?page={page - 1}">Previous</a>')
    if page < pages:
        nav.append(f'<a class="page-link" href="{base}?page={page + 1}">Next</a>')
    body = "".join(teaser(p) for p in items)
    main = (f'{_ad(5)}<h1>{escape(title)}</h1><div class="blogs-list">{body}</div>'
            f'<nav class="pagination">{" ".join(nav)}</nav>{_ad(6)}')
    path = f"{base}?page={page}" if page > 1 else base
    return _layout(title, main, path=path)


def blogs_listing(page: int, base: str = "/blogs") -> str | None:
    return _listing_page("Latest blogs", base, page, None)


def filtered_listing(title: str, base: str, page: int, listing: Listing) -> str | None:
    """Posts of one category, author or tag, newest first."""
    return _listing_page(title, base, page, listing)


def _listing_page(title: str, base: str, page: int, listing: Listing | None) -> str | None:
    items, total = newest_first((page - 1) * PAGE_SIZE, page * PAGE_SIZE, listing)
    if not items:
        return None
    return listing_page(title, base, page, items, total)


def category_listing(cat_id: int, page: int) -> str | None:
    if not 1 <= cat_id <= len(CATEGORIES):
        return None
    name = CATEGORIES[cat_id - 1]
    return filtered_listing(name, _category_href(name), page, ("category", name))
