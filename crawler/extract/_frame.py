"""The article frame around the body: the region holding headline and body, and the
byline, time, counters, category, tags and figures read from it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml.html import HtmlElement

from crawler.extract._article import Image
from crawler.extract._links import http_url
from crawler.extract._text import clean, parse_count
from crawler.extract._tree import attrs_text, fits_in, own_text, region_elements

CATEGORY_HREF = re.compile(r"/(category|categories|kategori|section|topics?)/", re.IGNORECASE)
TAG_HREF = re.compile(r"/(tags?|etiket|hashtag)/", re.IGNORECASE)
_VIEWS = re.compile(r"view|hit|read|okunma|görüntülen|izlen|eye", re.IGNORECASE)
_COMMENTS = re.compile(r"comment|yorum|reply|replies", re.IGNORECASE)
AUTHOR_CLASS = re.compile(r"author|byline|writer|yazar", re.IGNORECASE)
# A link to a person's archive page: "/author/jane-doe", "/yazar/ayse-yilmaz/".
AUTHOR_HREF = re.compile(
    r"/(?:authors?|autor(?:en)?|auteurs?|yazar(?:lar)?|writers?|reporters?|journalists?|"
    r"columnists?|contributors?)/[^/?#]+/?(?:[?#]|$)", re.IGNORECASE)
# Text that introduces a byline's link: "By <a>Jane Doe</a>", "von", "par", "Yazan:".
# Only the byline's own lead-in counts, not "help by" or "Reviewed by" in a sentence.
_BY_BEFORE = re.compile(
    r"(?:^|[|·•—–,;:]\s*)(?:(?:submitted|posted|written|words|reported|published|text) )?"
    r"(?:by|von|par|por|door|yazan)\s*:?\s*$", re.IGNORECASE)
_TIME_CLASS = re.compile(r"(^|[\s_-])(time|date|moment|published|posted)", re.IGNORECASE)


def article_region(root: HtmlElement, body: HtmlElement | None) -> HtmlElement:
    """The smallest element holding the main heading and the body container."""
    h1s = root.xpath("//h1")
    if body is None:
        return h1s[0].getparent() if h1s else root
    for heading in h1s:
        for ancestor in [body, *body.iterancestors()]:
            if heading in ancestor.iter("h1"):
                return ancestor
    return body


def body_container(root: HtmlElement) -> HtmlElement | None:
    """The element that directly holds the most paragraph text (readability's core idea)."""
    scores: dict[HtmlElement, int] = {}
    for p in root.iter("p"):
        parent = p.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + len(own_text(p))
    return max(scores, key=lambda el: scores[el]) if scores else None


def counters(
    region: HtmlElement, excluded: list[HtmlElement | None]
) -> tuple[int | None, int | None]:
    """(views, comments) from counter elements labelled by class, title or icon."""
    views = comments = None
    for el in region_elements(region, excluded):
        if not fits_in(el, 24):  # a counter's text is a number, maybe "2.5K"
            continue
        if el.tag == "a" and len(own_text(el)) > 12:
            continue
        value = parse_count(own_text(el))
        if value is None:
            continue
        label = attrs_text(el) + " " + " ".join(attrs_text(c) for c in el.iterdescendants()
                                                 if isinstance(c.tag, str))
        if comments is None and _COMMENTS.search(label):
            comments = value
        elif views is None and _VIEWS.search(label):
            views = value
    return views, comments


_BYLINE_PREFIX = re.compile(r"^(by|yazar|written by|posted by|words by)\s*:?\s+", re.IGNORECASE)
# Where a byline's name ends: "Troy L. Smith, Cleveland.com", "Amy K. | NJ Advance Media".
_NAME_END = re.compile(r"\s+[|–—-]\s+|,\s+|\s+/\s+")
# Words of a link or label near a byline that are not a name.
_NOT_A_NAME = re.compile(
    r"@|https?:|www\.|\.com\b|\d|\b(author|authors|archive|email|e-mail|rss|feed|follow|"
    r"view|profile|posts|articles|more|contact|columnist|correspondent|reporter|editor|"
    r"contributor|writer|yazarlar|tüm yazıları)\b|^(by|yazar)$",
    re.IGNORECASE)
_NAME_MAX_WORDS = 5


def _names_an_author(el: HtmlElement) -> bool:
    """A link marked as the author's, or a leaf element (no link inside) whose class or
    id says author or byline: "<span class='author'>Ayşe Yılmaz</span>"."""
    if el.tag == "a":
        return el.get("rel") == "author" or bool(AUTHOR_CLASS.search(attrs_text(el)))
    return (el.tag in ("span", "div", "p", "strong", "b", "em", "address", "li")
            and bool(AUTHOR_CLASS.search(attrs_text(el))) and el.find(".//a") is None
            and all(not isinstance(c.tag, str) or c.tag in ("span", "strong", "b", "em", "i")
                    for c in el))


_BYLINE_LEVELS = 3


def _near(a: HtmlElement) -> list[HtmlElement]:
    """The elements a link's byline may be: its nearest ancestors."""
    return list(a.iterancestors())[:_BYLINE_LEVELS]


def _plain_byline_link(a: HtmlElement, byline: set[HtmlElement] | None) -> bool:
    """A link with no author markup that still names the author: "By <a>Jane</a>", or a
    link to an author archive. Only in one byline: once one is found, links elsewhere
    (teasers of other stories, a reviewer's note) are not the author's."""
    if byline is not None and not byline.intersection(_near(a)):
        return False
    return bool(AUTHOR_HREF.search(a.get("href", ""))) or _after_by(a)


_NAME_JOINER = re.compile(r"^\s*(?:,|&|and|ve|und|et|y)\s*$", re.IGNORECASE)


def _after_by(a: HtmlElement) -> bool:
    """Whether link ``a`` follows "By" (or its kin in other languages), directly or after
    other names: "By <a>A</a>, <a>B</a> and <a>C</a>"."""
    el = a
    for _ in range(_NAME_MAX_WORDS):
        previous = el.getprevious()
        if previous is None:
            parent = el.getparent()
            return bool(_BY_BEFORE.search((parent.text or "") if parent is not None else ""))
        if _BY_BEFORE.search(previous.tail or ""):
            return True
        if previous.tag != "a" or not _NAME_JOINER.match(previous.tail or ""):
            return False
        el = previous
    return False


_AND = re.compile(r"\s+(?:and|&|ve|und|et|y)\s+", re.IGNORECASE)


def author_names(text: str) -> list[str]:
    """The people named in a byline's text ("By Jane Doe and John Roe, Reuters"); none
    when the text is not a name (an archive link, a handle, an e-mail address, a date)."""
    names = _NAME_END.split(_BYLINE_PREFIX.sub("", clean(text)), maxsplit=1)[0].strip(" ,;:|")
    out = []
    for name in _AND.split(names):
        words = name.split()
        if words and len(words) <= _NAME_MAX_WORDS and not _NOT_A_NAME.search(name):
            out.append(name)
    return out


def byline(region: HtmlElement, excluded: list[HtmlElement | None]) -> tuple[list[str], str | None]:
    """(authors, time text) from byline markup: rel=author, author classes, time elements."""
    authors: list[str] = []
    when: str | None = None
    stamp: str | None = None
    byline: set[HtmlElement] | None = None  # around the first plain byline link
    for el in region_elements(region, excluded):
        if _names_an_author(el):
            authors += [n for n in author_names(own_text(el)) if n not in authors]
        elif el.tag == "a" and _plain_byline_link(el, byline):
            byline = byline or set(_near(el))
            authors += [n for n in author_names(own_text(el)) if n not in authors]
        if stamp is None and (el.tag == "time" or _TIME_CLASS.search(el.get("class", ""))):
            # A machine-readable stamp ("2025-02-14T16:21:00+03:00") beats the shown text
            # ("February 14, 2025"), which is often the day only.
            stamp = el.get("datetime") or el.get("data-time")
            if when is None:
                when = stamp or el.get("title") or own_text(el)
    return authors, stamp or when


def category_and_tags(
    region: HtmlElement, excluded: list[HtmlElement | None], base_url: str = ""
) -> tuple[str | None, list[str]]:
    category: str | None = None
    tags: list[str] = []
    for a in region_elements(region, excluded):
        if a.tag != "a":
            continue
        href, label = a.get("href", ""), own_text(a)
        if not label:
            continue
        if category is None and (a.get("rel") == "category" or CATEGORY_HREF.search(href)):
            category = label
        elif ("tag" in (a.get("rel") or "") or TAG_HREF.search(href)
              or (_in_tag_list(a) and _same_host(href, base_url))) and label not in tags:
            tags.append(label.lstrip("#"))
    return category, tags


_TAG_LIST = re.compile(r"(?<![a-z])(?:tags?|etiket\w*|keywords?|schlagw\w*)(?![a-z])",
                       re.IGNORECASE)


def _same_host(href: str, base_url: str) -> bool:
    """A link within the page's own site (share buttons lead elsewhere)."""
    if not base_url or not href or href.startswith(("#", "javascript:")):
        return False  # a button, not a page
    url = http_url(base_url, href)
    return (url is not None and urlsplit(url).netloc == urlsplit(base_url).netloc
            and url != base_url.split("#", 1)[0])


def _in_tag_list(a: HtmlElement) -> bool:
    """A link in a list named for tags ("field--name-field-tags", "post-tags") whatever
    its URL looks like ("/taxonomy/term/12")."""
    return any(_TAG_LIST.search(attrs_text(el)) for el in list(a.iterancestors())[:4])


def figures(region: HtmlElement, base_url: str) -> list[Image]:
    """Images of the article with alt text and caption (figcaption or caption class)."""
    out: list[Image] = []
    seen: set[str] = set()
    for img in region.iter("img", "amp-img"):
        src = img.get("src") or img.get("data-src")
        if not src or src.startswith("data:"):
            continue
        url = http_url(base_url, src)
        if url is None or url in seen:
            continue
        seen.add(url)
        out.append(Image(src=url, alt=clean(img.get("alt")) or None,
                         caption=_caption(img) or None))
    return out


_CAPTION_CLASS = re.compile(r"caption|credit|legend|cutline|wp-caption-text", re.IGNORECASE)
_CAPTION_MAX = 400


def _caption(img: HtmlElement) -> str | None:
    """The caption of an image: its figure's figcaption, or else the element right after
    the image (or after a wrapper holding nothing but it) whose class or id says
    caption or credit ("<div class='photo-credit'>...</div>")."""
    figure = next((a for a in img.iterancestors() if a.tag == "figure"), None)
    if figure is not None:
        cap = figure.find(".//figcaption")
        if cap is not None:
            return own_text(cap)
    holder = img
    for _ in range(3):
        sibling = holder.getnext()
        if sibling is not None and isinstance(sibling.tag, str) and _CAPTION_CLASS.search(
                attrs_text(sibling)) and 0 < len(text := own_text(sibling)) <= _CAPTION_MAX:
            return text
        parent = holder.getparent()
        if parent is None or own_text(parent) or len(parent) > 1:
            return None
        holder = parent
    return None
