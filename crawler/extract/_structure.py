"""Structural signals read off the page tree: ad slots, the article region, bylines,
counters, figures and the "Read More" block of related posts.

These are the parts of a news or blog page (Sngine-style portals in particular)
that generic body extractors either swallow into the text (ad labels, counters,
teasers) or drop (counters, related links). Rules work on class names, ARIA
labels and text shapes, never on one site's exact markup.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from itertools import accumulate
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract._article import Image, RelatedLink
from crawler.extract._text import clean, parse_count

# Labels that mark an ad slot, in the languages of the sites we crawl.
AD_LABELS = frozenset(
    {"sponsorluk", "reklam", "advertisement", "advertising", "sponsored", "ad", "ads",
     "anzeige", "publicidad", "publicité", "pubblicità", "werbung", "sponsorlu"}
)
_AD_CLASS = re.compile(r"(^|[\s_-])(ads?|advert\w*|sponsor\w*|banner|dfp|adsense)([\s_-]|$)", re.IGNORECASE)
_SIGNUP_CLASS = re.compile(r"newsletter|subscri(be|ption)|sign-?up", re.IGNORECASE)
_SIGNUP_MAX_TEXT = 400
# Either kind of box, for one scan over all of a page's class and id values in lower
# case (a case-sensitive pattern with a look-behind scans about twice as fast).
_BOX_NAME = re.compile(
    r"(?<![^\s_-])(?:ads?|advert\w*|sponsor\w*|banner|dfp|adsense)(?![^\s_-])"
    r"|newsletter|subscri(?:be|ption)|sign-?up")
# An ad slot wrapper holds a label and an image or two, never article prose.
_AD_WRAPPER_MAX_TEXT = 120

_RELATED_HEADING = re.compile(
    r"^(read more|related( posts| articles| stories| news)?|more (stories|news|from)\b.*|"
    r"you may also like|recommended|devamını oku|ilgili (haberler|yazılar)|benzer (haberler|yazılar))$",
    re.IGNORECASE,
)
_RELATED_NAME = re.compile(r"related|read-?more|blog-more|more-posts|recommend")  # lower case
_CATEGORY_HREF = re.compile(r"/(category|categories|kategori|section|topics?)/", re.IGNORECASE)
_TAG_HREF = re.compile(r"/(tags?|etiket|hashtag)/", re.IGNORECASE)
_VIEWS = re.compile(r"view|hit|read|okunma|görüntülen|izlen|eye", re.IGNORECASE)
_COMMENTS = re.compile(r"comment|yorum|reply|replies", re.IGNORECASE)
_AUTHOR_CLASS = re.compile(r"author|byline|writer|yazar", re.IGNORECASE)
_TIME_CLASS = re.compile(r"(^|[\s_-])(time|date|moment|published|posted)", re.IGNORECASE)

_BOILERPLATE_TAGS = ("script", "style", "noscript", "template", "iframe", "form", "button",
                     "select", "input", "textarea", "svg", "canvas")


def attrs_text(el: HtmlElement) -> str:
    """Class, id, title and ARIA label of an element, for keyword matching."""
    return " ".join(
        el.get(name, "") for name in ("class", "id", "title", "aria-label", "itemprop")
    )


def own_text(el: HtmlElement) -> str:
    return clean(el.text_content())


def drop(el: HtmlElement) -> None:
    """Remove ``el`` and its subtree, keeping the text that follows it."""
    parent = el.getparent()
    if parent is not None:
        el.drop_tree()


_AD_LABEL_MAX = max(map(len, AD_LABELS))


# Every text node's value, as plain strings: cheap to list, and only the few that pass
# a test are looked up again as nodes. (An XPath that trims and measures every text
# node in C, returning nodes, cost twice as much.)
_TEXT_VALUES = etree.XPath("//text()", smart_strings=False)
_TEXT_NODES_EQUAL = etree.XPath("//text()[. = $value]")


ShortTexts = list[tuple[str, str]]
_SHORT_TEXT_MAX = 39  # the longest label looked for: a "Read More" heading


def short_texts(root: HtmlElement) -> ShortTexts:
    """``(raw, trimmed)`` of the page's distinct text values that trim to at most 39
    characters, in document order: listed once a page for every label scan."""
    out: dict[str, str] = {}
    for raw in _TEXT_VALUES(root):
        if len(raw) > 200 or raw in out:  # a short label is never padded that much
            continue
        text = " ".join(raw.split())
        if text and len(text) <= _SHORT_TEXT_MAX:
            out[raw] = text
    return list(out.items())


def short_text_nodes(root: HtmlElement, limit: int, accept: Callable[[str], bool],
                     texts: ShortTexts | None = None) -> Iterator[Any]:
    """Text nodes whose trimmed text is at most ``limit`` characters long and passes
    ``accept``; nodes of equal text come together, at the first one's place. ``texts``
    is the page's ``short_texts``, when already listed (nodes removed since are not
    returned)."""
    for raw, text in short_texts(root) if texts is None else texts:
        if len(text) <= limit and accept(text):
            yield from _TEXT_NODES_EQUAL(root, value=raw)


_NAME_VALUES = etree.XPath("//@class | //@id")


class Names:
    """The class and id values of a page, joined in one lower-cased string, so that a
    regex finds the elements they name in one scan instead of one call per element
    (which cost about 3 ms a page)."""

    __slots__ = ("_lowered", "_starts", "_values")

    def __init__(self, root: HtmlElement) -> None:
        self._values = _NAME_VALUES(root)
        joined = "\n".join(self._values)
        self._lowered = joined.lower()
        if len(self._lowered) != len(joined):
            # A letter whose lower case is longer ("İ") would shift every offset after
            # it; values holding one (never an ASCII class name) are left out.
            self._values = [v for v in self._values if len(v.lower()) == len(v)]
            self._lowered = "\n".join(self._values).lower()
        self._starts = list(accumulate((len(v) + 1 for v in self._values), initial=0))

    def matching(self, pattern: re.Pattern[str]) -> list[HtmlElement]:
        """Elements (still in the tree or not) whose class or id matches ``pattern``,
        which must be written in lower case; in document order."""
        found: dict[HtmlElement, None] = {}
        for match in pattern.finditer(self._lowered):
            found[self._values[bisect_right(self._starts, match.start()) - 1].getparent()] = None
        return list(found)


def _text_owner(node: Any) -> HtmlElement | None:
    """The element a text node is the text of (a tail belongs to its parent's parent)."""
    el = node.getparent()
    return el.getparent() if el is not None and node.is_tail else el


def box_candidates(root: HtmlElement, names: Names | None = None) -> list[HtmlElement]:
    """Elements whose class or id may name an ad slot or a sign-up box, in document
    order."""
    return (names or Names(root)).matching(_BOX_NAME)


def _is_ad_label(text: str) -> bool:
    return text.lower() in AD_LABELS


def ad_slots(root: HtmlElement, named: list[HtmlElement] | None = None,
             texts: ShortTexts | None = None) -> list[HtmlElement]:
    """Ad slot elements: wrappers of an ad label, or elements with an ad class name
    (among ``named``, the page's box candidates, when already listed)."""
    found: list[HtmlElement] = []
    for node in short_text_nodes(root, _AD_LABEL_MAX, _is_ad_label, texts):
        el = _text_owner(node)
        if el is None or el.tag in ("html", "body") or own_text(el).lower() not in AD_LABELS:
            continue
        wrapper, parent = el, el.getparent()
        while parent is not None and parent.tag not in ("body", "html", "article"):
            if len(own_text(parent)) > _AD_WRAPPER_MAX_TEXT:
                break
            wrapper, parent = parent, parent.getparent()
        found.append(wrapper)
    found += _named_boxes(box_candidates(root) if named is None else named, _AD_CLASS,
                          _AD_WRAPPER_MAX_TEXT)
    return found


def _named_boxes(named: list[HtmlElement], pattern: re.Pattern[str],
                 max_text: int) -> list[HtmlElement]:
    """Elements whose class or id matches ``pattern`` and whose text is short."""
    return [el for el in named
            if el.tag not in ("html", "body")
            and pattern.search(el.get("class", "") + " " + el.get("id", ""))
            and len(own_text(el)) <= max_text]


def _short_text(el: HtmlElement, limit: int) -> bool:
    """Whether ``el``'s whole text may be at most ``limit`` characters, judged from its
    first few nodes only (a cheap filter before reading the whole subtree's text)."""
    if len(el) > 8:
        return False
    size = 0
    for count, node in enumerate(el.iter()):
        if count > 8:
            return False
        size += len((node.text or "").strip()) + (len((node.tail or "").strip()) if count else 0)
        if size > limit + 8:
            return False
    return True


def holders(body: HtmlElement | None) -> frozenset[HtmlElement]:
    """``body`` and its ancestors: the elements no clean-up may remove."""
    return frozenset() if body is None else frozenset([body, *body.iterancestors()])


def signup_boxes(root: HtmlElement, named: list[HtmlElement] | None = None
                 ) -> list[HtmlElement]:
    """Newsletter and subscription boxes: named so, and too short to be an article."""
    return _named_boxes(box_candidates(root) if named is None else named, _SIGNUP_CLASS,
                        _SIGNUP_MAX_TEXT)


def strip_boilerplate(root: HtmlElement, keep: frozenset[HtmlElement],
                      texts: ShortTexts | None = None, names: Names | None = None) -> None:
    """Remove scripts, forms, ad slots and sign-up boxes in place, never an element of
    ``keep`` (some sites wrap the whole page in one <form>)."""
    named = box_candidates(root, names)  # one scan for both kinds of box
    for el in [*root.iter(*_BOILERPLATE_TAGS), *ad_slots(root, named, texts),
               *signup_boxes(root, named)]:
        if el not in keep:
            drop(el)


# -- teaser cards ------------------------------------------------------------------------

_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_TEASER_MIN_WORDS = 3
_LINKS_OF_HEADING = etree.XPath(".//a[@href] | ancestor::a[@href]")
# A paragraph wrapped in a link: the summary of a teaser, never prose of the page itself.
_LINKED_SUMMARIES = etree.XPath("//a[@href][p]")


def teaser_cards(root: HtmlElement, body: HtmlElement | None,
                 keep: frozenset[HtmlElement]) -> list[HtmlElement]:
    """Cards that tease another page: a heading outside the article body whose text is
    a link to one other page, or a paragraph wrapped in such a link, taken with its
    largest ancestor that links nowhere else (the card's picture and summary). Body
    extractors keep such "latest news", guide and promo rows as prose when they sit in
    or near the main column."""
    inside = set(body.iter()) if body is not None else set()
    teasers: list[tuple[HtmlElement, str]] = []
    for heading in root.iter(*_HEADINGS):
        if heading in inside:
            continue
        text = own_text(heading)
        if len(text.split()) < _TEASER_MIN_WORDS:
            continue
        anchors = _LINKS_OF_HEADING(heading)
        hrefs = {a.get("href") for a in anchors}
        if len(hrefs) == 1 and sum(len(own_text(a)) for a in anchors) >= 0.8 * len(text):
            teasers.append((heading, hrefs.pop()))
    teasers += [(a, a.get("href")) for a in _LINKED_SUMMARIES(root) if a not in inside
                and len(own_text(a).split()) >= _TEASER_MIN_WORDS]
    cards: list[HtmlElement] = []
    for start, href in teasers:
        if href.startswith("#"):
            continue
        card, parent = start, start.getparent()
        while (parent is not None and parent not in keep and parent.tag not in ("body", "html")
               and all(a.get("href") in (None, href) for a in parent.iter("a"))):
            card, parent = parent, parent.getparent()
        if card not in keep:
            cards.append(card)
    return cards


# -- the "Read More" block ----------------------------------------------------------------


def related_block(root: HtmlElement, keep: frozenset[HtmlElement],
                  texts: ShortTexts | None = None, names: Names | None = None
                  ) -> HtmlElement | None:
    """The container of a "Read More" / related-posts block, if the page has one; never
    an element of ``keep`` (the article body and what holds it)."""
    for node in short_text_nodes(root, 39, _is_related_heading, texts):
        el = node.getparent()  # a heading's label is its element's own first text
        if node.is_tail or el is None or el.tag in ("a", "html", "body"):
            continue
        container = el.getparent()
        while container is not None and len(container.xpath(".//a[@href]")) < 2:
            container = container.getparent()
        if container is not None and container.tag not in ("body", "html") and (
            container not in keep
        ):
            return container
    for el in (names or Names(root)).matching(_RELATED_NAME):
        if (el.tag in ("div", "section", "aside", "ul") and el not in keep
                and len(el.xpath(".//a[@href]")) >= 2):
            return el
    return None


def inline_related(root: HtmlElement, keep: frozenset[HtmlElement],
                   texts: ShortTexts | None = None) -> list[HtmlElement]:
    """A "Read More" heading inside the body, with the link-only lines after it: the
    headline list some CMSs put between paragraphs ("You may also like..." then one
    linked headline per paragraph)."""
    found: list[HtmlElement] = []
    for node in short_text_nodes(root, 39, _is_related_heading, texts):
        el = _text_owner(node)
        if el is None or el.getparent() not in keep or own_text(el) != clean(node):
            continue
        links = []
        for sibling in el.itersiblings():
            anchors = sibling.findall(".//a[@href]") if isinstance(sibling.tag, str) else []
            text = own_text(sibling)
            if not anchors or not text or sum(len(own_text(a)) for a in anchors) < len(text):
                break
            links.append(sibling)
        if links:
            found += [el, *links]
    return found


# Posts quoted from social networks: the text is the post, in the publishers' markup
# (Twitter/X, Instagram, TikTok, Threads, Bluesky).
_EMBEDDED_POSTS = etree.XPath(
    "//blockquote[contains(concat(' ', normalize-space(@class), ' '), ' twitter-tweet ')"
    " or contains(@class, 'instagram-media') or contains(@class, 'tiktok-embed')"
    " or contains(@class, 'text-post-media') or contains(@class, 'bluesky-embed')]")


def quoted_posts(root: HtmlElement) -> None:
    """Embedded social posts as plain quotes, in place of their widget wrappers.

    A journalist quotes a post as she quotes a person; body extractors drop the whole
    widget (its class names say "tweet", "social", "embed"). Each post becomes a bare
    <blockquote> where its outermost wrapper stood that holds nothing else.
    """
    for post in _EMBEDDED_POSTS(root):
        outer, text = post, own_text(post)
        for parent in post.iterancestors():
            if parent.tag in ("body", "html", "article", "main") or own_text(parent) != text:
                break
            outer = parent
        for p in post.iter("p"):  # the post, then on a line of its own who posted it
            if p.tail and p.tail.strip():
                br = etree.Element("br")
                br.tail, p.tail = p.tail, None
                p.addnext(br)
        quote = etree.Element("blockquote")
        quote.text = post.text
        quote.extend(list(post))
        quote.tail = outer.tail
        outer.getparent().replace(outer, quote)


# A picture and links inside a paragraph's inline element: a hover card ("the person's
# photo and latest stories") that only shows on pointing at a name.
_INLINE_CARDS = etree.XPath("//p//span[.//img][count(.//a[@href]) >= 2]")
_CARD_MIN_LINK_SHARE = 0.8


def inline_cards(root: HtmlElement, keep: frozenset[HtmlElement]) -> list[HtmlElement]:
    """Hover cards inside paragraphs: the innermost span holding a picture and two
    links or more, nearly all of whose text is link text."""
    candidates = [el for el in _INLINE_CARDS(root) if el not in keep]
    inner = set(candidates)
    for el in candidates:
        inner.difference_update(el.iterancestors())
    cards = []
    for el in candidates:
        text = len(own_text(el))
        linked = sum(len(own_text(a)) for a in el.iter("a"))
        if el in inner and text and linked >= _CARD_MIN_LINK_SHARE * text:
            cards.append(el)
    return cards


_LINKED_PARAGRAPHS = etree.XPath("//p[.//a[@href]]")
# A headline rather than a name: a product or a title linked on its own stays prose.
_HEADLINE_MIN_WORDS = 6
_SHOUT_MIN_WORDS = 3


def linked_headlines(root: HtmlElement, keep: frozenset[HtmlElement]) -> list[HtmlElement]:
    """Paragraphs that are one link to another story and nothing else: a headline set
    between the paragraphs ("SEAN SPICER ELIMINATED FROM ..."), not the story's prose.
    A short linked name stays: in lists of products or titles, it is content."""
    found = []
    for p in _LINKED_PARAGRAPHS(root):
        anchors = p.findall(".//a[@href]")
        if len(anchors) != 1 or p in keep or anchors[0].get("href", "").startswith("#"):
            continue
        text = own_text(p)
        if own_text(anchors[0]) != text:
            continue
        n_words = len(text.split())
        letters = [c for c in text if c.isalpha()]
        shouted = bool(letters) and all(c.isupper() for c in letters)
        if n_words >= _HEADLINE_MIN_WORDS or (shouted and n_words >= _SHOUT_MIN_WORDS):
            found.append(p)
    return found


def _is_related_heading(text: str) -> bool:
    return bool(_RELATED_HEADING.match(text.rstrip(":.…! ")))


def related_links(block: HtmlElement, base_url: str) -> list[RelatedLink]:
    """One entry per teaser: its link, title and category. Links within the page itself
    (tabs, anchors) are none."""
    out: dict[str, RelatedLink] = {}
    page = base_url.split("#", 1)[0]
    anchors = list(block.iter("a"))
    # Links that count as a teaser's own: neither an author's nor a category's. Judged
    # once per link, not again at every level a teaser is looked for.
    plain = {a: not _CATEGORY_HREF.search(a.get("href", "")) and not _is_author_link(a)
             for a in anchors}
    for a in anchors:
        href = a.get("href")
        title = own_text(a)
        if not href or not title or _CATEGORY_HREF.search(href) or _TAG_HREF.search(href):
            continue
        url = http_url(base_url, href)
        if not plain[a] or url is None or url == page:
            continue
        if url not in out or len(title) > len(out[url].title):
            out[url] = RelatedLink(url=url, title=title,
                                   category=_teaser_category(a, block, plain))
    return list(out.values())


def _is_author_link(a: HtmlElement) -> bool:
    ancestors = [a, *a.iterancestors()][:3]
    return a.get("rel") == "author" or any(_AUTHOR_CLASS.search(attrs_text(x)) for x in ancestors)


def _teaser_category(link: HtmlElement, block: HtmlElement,
                     plain: dict[HtmlElement, bool]) -> str | None:
    """The category label of the teaser holding ``link``: a category-classed element or
    a category link in the smallest ancestor that holds this teaser alone (``plain``
    tells the block's links that are neither an author's nor a category's)."""
    href = link.get("href")
    teaser = link.getparent()
    while teaser is not None and teaser is not block:
        if any(plain.get(a) and a.get("href") != href for a in teaser.iter("a")):
            break
        for el in teaser.iter():
            if not isinstance(el.tag, str):
                continue
            if (el.tag == "a" and _CATEGORY_HREF.search(el.get("href", ""))) or (
                "categor" in el.get("class", "").lower() and own_text(el)
            ):
                return own_text(el)
        teaser = teaser.getparent()
    return None


# -- article region: byline, counters, category, tags, figures ----------------------------


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


def region_elements(region: HtmlElement, excluded: list[HtmlElement | None]) -> Iterator[HtmlElement]:
    """The elements of ``region`` outside every ``excluded`` subtree."""
    skip = {el for x in excluded if x is not None for el in x.iter()}
    for el in region.iter():
        if isinstance(el.tag, str) and el not in skip:
            yield el


def counters(
    region: HtmlElement, excluded: list[HtmlElement | None]
) -> tuple[int | None, int | None]:
    """(views, comments) from counter elements labelled by class, title or icon."""
    views = comments = None
    for el in region_elements(region, excluded):
        if not _short_text(el, 24):  # a counter's text is a number, maybe "2.5K"
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
        return el.get("rel") == "author" or bool(_AUTHOR_CLASS.search(attrs_text(el)))
    return (el.tag in ("span", "div", "p", "strong", "b", "em", "address", "li")
            and bool(_AUTHOR_CLASS.search(attrs_text(el))) and el.find(".//a") is None
            and all(not isinstance(c.tag, str) or c.tag in ("span", "strong", "b", "em", "i")
                    for c in el))


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
    for el in region_elements(region, excluded):
        if _names_an_author(el):
            authors += [n for n in author_names(own_text(el)) if n not in authors]
        if when is None and (el.tag == "time" or _TIME_CLASS.search(el.get("class", ""))):
            when = el.get("datetime") or el.get("data-time") or el.get("title") or own_text(el)
    return authors, when


def category_and_tags(
    region: HtmlElement, excluded: list[HtmlElement | None]
) -> tuple[str | None, list[str]]:
    category: str | None = None
    tags: list[str] = []
    for a in region_elements(region, excluded):
        if a.tag != "a":
            continue
        href, label = a.get("href", ""), own_text(a)
        if not label:
            continue
        if category is None and (a.get("rel") == "category" or _CATEGORY_HREF.search(href)):
            category = label
        elif ("tag" in (a.get("rel") or "") or _TAG_HREF.search(href)) and label not in tags:
            tags.append(label.lstrip("#"))
    return category, tags


def figures(region: HtmlElement, base_url: str) -> list[Image]:
    """Images of the article with alt text and caption (figcaption or caption class)."""
    out: list[Image] = []
    seen: set[str] = set()
    for img in region.iter("img"):
        src = img.get("src") or img.get("data-src")
        if not src or src.startswith("data:"):
            continue
        url = http_url(base_url, src)
        if url is None or url in seen:
            continue
        seen.add(url)
        caption = None
        figure = next((a for a in img.iterancestors() if a.tag == "figure"), None)
        if figure is not None:
            cap = figure.find(".//figcaption")
            caption = own_text(cap) if cap is not None else None
        out.append(Image(src=url, alt=clean(img.get("alt")) or None, caption=caption or None))
    return out


_HREFS = etree.XPath("//a/@href", smart_strings=False)


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
