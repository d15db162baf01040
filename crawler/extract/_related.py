"""Links to other stories around and inside the body: teaser cards, the "Read More"
block of related posts, headline lists between paragraphs, and one-link headline
paragraphs. They go to ``related``, never into the text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import islice

from lxml import etree
from lxml.html import HtmlElement
from w3lib.url import canonicalize_url

from crawler.extract._article import RelatedLink
from crawler.extract._byline import AUTHOR_CLASS, AUTHOR_HREF
from crawler.extract._frame import CATEGORY_HREF, TAG_HREF
from crawler.extract._links import http_url
from crawler.extract._text import RELATED_HEADING, clean, headline_words, parted_words, spaced_words
from crawler.extract._tree import (
    Names,
    ShortTexts,
    alike,
    attrs_text,
    chunks_alike,
    holds_no_blocks,
    link_chars,
    only_child,
    own_text,
    short_text_nodes,
    text_owner,
    within,
)
from crawler.urls import without_session_ids

_RELATED_NAME = re.compile(r"related|read-?more|blog-more|more-posts|recommend")  # lower case


# -- teaser cards ------------------------------------------------------------------------

_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_TEASER_MIN_WORDS = 3
_KICKER_MAX_WORDS = 4
_LINKS_OF_HEADING = etree.XPath(".//a[@href] | ancestor::a[@href]")
# A paragraph wrapped in a link: the summary of a teaser, never prose of the page itself.
_LINKED_SUMMARIES = etree.XPath("//a[@href][p]")


_BARE_HEADLINE_MIN_WORDS = 6  # (four took a Japanese store's page of one book for a listing)


def bare_headlines(root: HtmlElement) -> list[HtmlElement]:
    """Links that are a teaser card's headline without heading markup: a headline-long
    link standing alone (no text around it), right above a summary paragraph, itself or
    in a wrapper of its own ("<div><a href>…</a></div><p>…</p>"). (Walked in Python: an
    XPath counting each link's siblings was quadratic, minutes on a page of 50,000
    links.)"""
    found = []
    for a in root.iter("a"):
        parent = a.getparent()
        if (a.getprevious() is not None or (a.tail or "").strip() or parent is None
                or (parent.text or "").strip() or a.get("href") is None):
            continue  # a link in running text
        following = _next_element(a)
        if following is None:  # alone in its wrapper: the summary follows the wrapper
            following = _next_element(parent)
        if (not _summary(following)
                or next(a.iter("h2", "h3", "h4"), None) is not None
                or any(x.tag == "p" for x in a.iterancestors())):
            continue
        if spaced_words(own_text(a)) >= _BARE_HEADLINE_MIN_WORDS:
            found.append(a)
    return found


def _next_element(el: HtmlElement) -> HtmlElement | None:
    following = el.getnext()
    while following is not None and not isinstance(following.tag, str):
        following = following.getnext()
    return following


def alone_in(a: HtmlElement) -> HtmlElement:
    """The link, or its wrapper where the wrapper holds nothing else (the summary
    paragraph then follows the wrapper)."""
    parent = a.getparent()
    following = parent.getnext() if parent is not None else None
    if parent is not None and only_child(a) and _summary(following):
        return parent
    return a


def _summary(el: HtmlElement | None) -> bool:
    """Whether ``el`` may be a teaser's summary: a paragraph, itself or alone in a <div>
    box, or a <div> of text alone where a page writes its paragraphs so (not the next
    linked line of a list)."""
    if el is None or el.tag not in ("p", "div"):
        return False
    if el.tag == "p":
        return True
    inside = [c for c in el if isinstance(c.tag, str)]
    if len(inside) == 1 and inside[0].tag == "p" and own_text(el) == own_text(inside[0]):
        return True  # a paragraph in a box of its own, as page builders set each one
    if not holds_no_blocks(el):  # (first: a box of blocks is told at its first child)
        return False
    text = own_text(el)
    return bool(text) and 2 * link_chars(el) < len(text)


def teaser_cards(root: HtmlElement, body: HtmlElement | None,
                 keep: frozenset[HtmlElement], base: str = "",
                 own: frozenset[str] = frozenset()) -> list[HtmlElement]:
    """Cards that tease another page: a heading outside the article body whose text is
    a link to one other page, a paragraph wrapped in such a link, or a bare headline link
    above a summary (:func:`bare_headlines`), taken with its
    largest ancestor that links nowhere else (the card's picture and summary). Body
    extractors keep such "latest news", guide and promo rows as prose when they sit in
    or near the main column. An <h1> linked to the page itself (``own``: the keys
    ``same_page_key`` gives its addresses; links resolved against ``base``) is its headline, as blog themes link it to its
    permalink ("<h1 class='entry-title'><a href='/2024/05/harbour' rel='bookmark'>"); a
    lower heading so linked is a card still (a series' list holding the page's own)."""
    inside = set(body.iter()) if body is not None else set()
    teasers: list[tuple[HtmlElement, str]] = []
    for heading in root.iter(*_HEADINGS):
        if heading in inside:
            continue
        text = own_text(heading)
        if headline_words(text) < _TEASER_MIN_WORDS:
            continue
        anchors = _LINKS_OF_HEADING(heading)
        hrefs = {a.get("href") for a in anchors}
        if _is_byline(heading, hrefs):
            continue  # "<h6 class=byline>By <a href=/authors/jane>Jane</a></h6>"
        # A kicker beside the link ("<h4><strong>Editorial</strong> <a>Headline</a></h4>")
        # is a label, not the heading's own words.
        kicker = sum(len(own_text(c)) for c in heading if isinstance(c.tag, str)
                     and c.tag != "a" and c.find(".//a") is None
                     and len(own_text(c).split()) <= _KICKER_MAX_WORDS)
        if len(hrefs) == 1 and sum(len(own_text(a)) for a in anchors) >= 0.8 * (len(text) - kicker):
            teasers.append((heading, hrefs.pop()))
    teasers += [(a, a.get("href")) for a in _LINKED_SUMMARIES(root) if a not in inside
                and parted_words(own_text(a)) >= _TEASER_MIN_WORDS]
    teasers += [(a, a.get("href")) for a in bare_headlines(root) if a not in inside]
    cards: list[HtmlElement] = []
    for start, href in teasers:
        if href.startswith("#") or (own and same_page_key(http_url(base, href) or "") in own
                                    and any(x.tag == "h1" for x in (start, *start.iterancestors()))):
            continue
        card, parent = start, start.getparent()
        while (parent is not None and parent not in keep and parent.tag not in ("body", "html")
               and all(a.get("href") in (None, href) for a in parent.iter("a"))):
            card, parent = parent, parent.getparent()
        if card not in keep:
            cards.append(card)
    return cards + _alike_cards(cards, keep, inside)


def _alike_cards(cards: list[HtmlElement], keep: frozenset[HtmlElement],
                 inside: set[HtmlElement]) -> list[HtmlElement]:
    """The other cards of a row two or more of whose cards were told: elements beside
    them of the same shape (their tag and their children's tags) that link to another
    page, whose headline alone was too short to tell ("<div><div><a>…</a></div><p>…</p>
    <span>By …</span><time>"), and whose summary would be read as the story's."""
    rows: dict[HtmlElement, list[HtmlElement]] = {}
    for card in cards:
        parent = card.getparent()
        if parent is not None:
            rows.setdefault(parent, []).append(card)
    more: list[HtmlElement] = []
    for parent, told in rows.items():
        if len(told) < _ROW_MIN_CARDS:
            continue
        shapes = {_shape(card) for card in told}
        more += [el for el in parent if isinstance(el.tag, str) and el not in told
                 and el not in keep and el not in inside and _shape(el) in shapes
                 and any(not (a.get("href") or "#").startswith("#") for a in el.iter("a"))]
    return more


_ROW_MIN_CARDS = 2


def _shape(el: HtmlElement) -> tuple[str, tuple[str, ...]]:
    return el.tag, tuple(c.tag for c in el if isinstance(c.tag, str))


def same_page_key(url: str) -> str:
    """``url`` as two links to one page compare: no scheme, fragment or tracking
    parameters (``utm_*``, ``fbclid``, ...), the rest of the query sorted (YouTube's
    ``watch?v=`` names the page), no trailing slash, the host in lower case."""
    try:
        url = canonicalize_url(without_session_ids(url, frozenset()))
    except ValueError:  # (an unclosed IPv6 bracket)
        pass
    bare = url.split("#", 1)[0].split("://", 1)[-1]
    host, _, rest = bare.partition("/")
    return f"{host.lower()}/{rest}".rstrip("/")


def _is_byline(heading: HtmlElement, hrefs: set[str | None]) -> bool:
    return bool(AUTHOR_CLASS.search(attrs_text(heading))) or any(
        AUTHOR_HREF.search(h or "") for h in hrefs)


# -- the "Read More" block ----------------------------------------------------------------


def related_block(root: HtmlElement, keep: frozenset[HtmlElement],
                  texts: ShortTexts | None = None, names: Names | None = None,
                  body: HtmlElement | None = None) -> HtmlElement | None:
    """The container of a "Read More" / related-posts block, if the page has one; never
    an element of ``keep`` (the article body and what holds it), unless that "body" is
    one of the block's teaser cards (the article's own body is empty: drawn by script)."""
    for node in short_text_nodes(root, 39, _is_related_heading, texts):
        el = node.getparent()  # a heading's label is its element's own first text
        if node.is_tail or el is None or el.tag in ("a", "html", "body") or any(
                a.tag == "a" for a in el.iterancestors()):
            continue  # (in a link: a promotion's words, "Das könnte Sie auch interessieren")
        paragraph = next((a for a in [el, *el.iterancestors()] if a.tag == "p"
                          or a.tag == "div" and _story_line(a, body)), None)
        if (paragraph is not None and own_text(paragraph) != clean(node)
                and len(paragraph.xpath(".//a[@href]")) < 2):
            # A pointer to one story in a paragraph ("<p><b>Read also:</b> <a>…</a></p>",
            # or a line of the story written as a <div>), not the heading of a block:
            # the body drops its line.
            continue
        container = el.getparent()
        while container is not None and len(container.xpath(".//a[@href]")) < 2:
            container = container.getparent()
        if container is not None and container.tag not in ("body", "html") and (
            container not in keep or _teaser_holds(container, body)
        ):
            return container
    for el in (names or Names(root)).matching(_RELATED_NAME):
        if (el.tag in ("div", "section", "aside", "ul") and el not in keep
                and len(el.xpath(".//a[@href]")) >= 2):
            return el
    return None


def _story_line(div: HtmlElement, body: HtmlElement | None) -> bool:
    """Whether ``div`` is a line of a story written as a <div>, as pages that write no
    <p> set their paragraphs: no block inside, and in the body's holder or beside a
    paragraph's worth of text (a live blog's later entry)."""
    if not holds_no_blocks(div):
        return False
    if body is not None and within(div, body):
        return True
    return any(len(own_text(el)) >= _PARAGRAPH_CHARS
               for el in [*div.itersiblings(), *div.itersiblings(preceding=True)]
               if isinstance(el.tag, str))


_PARAGRAPH_CHARS = 150


def _teaser_holds(block: HtmlElement, body: HtmlElement | None) -> bool:
    """Whether ``body`` sits in a teaser card of ``block``: an element between the two
    holds a heading that is a link to another page."""
    if body is None:
        return False
    for el in [body, *body.iterancestors()]:
        if el is block:
            return False
        for heading in el.iter(*_HEADINGS):
            anchors = _LINKS_OF_HEADING(heading)
            if anchors and parted_words(own_text(heading)) >= _TEASER_MIN_WORDS and not any(
                    a.get("href", "").startswith("#") for a in anchors):
                return True
    return False


def inline_related(root: HtmlElement, keep: frozenset[HtmlElement],
                   texts: ShortTexts | None = None) -> list[HtmlElement]:
    """A "Read More" heading inside the body, with the link-only lines after it: the
    headline list some CMSs put between paragraphs ("You may also like..." then one
    linked headline per paragraph)."""
    found: list[HtmlElement] = []
    for node in short_text_nodes(root, 39, _is_related_heading, texts):
        el = text_owner(node)
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


# A box of other stories' links under a heading of its own, set in the story ("Most
# read", "More on this" and three linked headlines between two paragraphs): the body
# extractor drops its links as link-dense but would keep the heading, a line of its own
# in the story. Whatever the heading says: the box's shape tells it. So does a box of
# share buttons under "Share this story".
_LINK_BOX_TAGS = ("div", "aside", "section")
_LINK_BOX_MIN_LINKS = 2
_LINK_BOX_LINKED = 0.9  # of the box's text beside its heading, at least, in its links
_LINK_BOX_HEADING_WORDS = 8


def _chunks_of(body: HtmlElement) -> list[HtmlElement]:
    """``body`` and the story's other chunks: its siblings of its tag and class, or,
    where it has none, the elements of its tag and class inside its parent's such
    siblings (each chunk in a wrapper of its own: "<section class='col'><div
    class='text'>…</div></section><section class='col'><div class='text'>…")."""
    chunks = chunks_alike(body)
    parent = body.getparent()
    if len(chunks) > 1 or parent is None or parent.tag in ("body", "html"):
        return chunks
    for wrapper in [*parent.itersiblings(preceding=True), *parent.itersiblings()]:
        if alike(wrapper, parent):
            chunks += [el for el in wrapper.iter(body.tag) if alike(el, body)][:1]
    return chunks


def headed_link_boxes(body: HtmlElement | None, keep: frozenset[HtmlElement]
                      ) -> list[HtmlElement]:
    """Boxes inside ``body`` or the story's other chunks (its siblings of the same tag
    and class), before a paragraph of the story, holding a short unlinked heading and,
    beside it, nothing but two or more links off the page: share buttons, or other
    stories' headlines of three words or more on average (not a list of names), and not
    a story's tags."""
    found: list[HtmlElement] = []
    taken: set[HtmlElement] = set()  # (a heading inside a box found is that box's)
    chunks = [] if body is None else _chunks_of(body)
    in_chunks = set(chunks)
    for heading in (h for chunk in chunks for h in chunk.iter(*_HEADINGS)):
        title = own_text(heading)
        if (not title or len(title.split()) > _LINK_BOX_HEADING_WORDS
                or heading.find(".//a") is not None
                or not taken.isdisjoint(heading.iterancestors())):
            continue
        box = heading.getparent()
        while (box is not None and box not in in_chunks and box not in keep
               and own_text(box) == title):  # (the heading's own wrappers)
            box = box.getparent()
        if box is None or box in in_chunks or box in keep or box.tag not in _LINK_BOX_TAGS:
            continue
        links = [(a, own_text(a)) for a in box.iter("a") if _off_page(a)]
        stories = [text for a, text in links if not _SHARE_HREF.search(a.get("href", ""))]
        rest = len(own_text(box)) - len(title)
        if (len(links) >= _LINK_BOX_MIN_LINKS and rest > 0
                and sum(len(text) for _, text in links) >= _LINK_BOX_LINKED * rest
                and sum(map(parted_words, stories)) >= _TEASER_MIN_WORDS * len(stories)
                and _story_goes_on(box)):
            found.append(box)
            taken.add(box)
    return found


_STORY_GOES_ON_WORDS = 12
_STORY_GOES_ON_WITHIN = 50  # elements after the box (not all of them again for each box of a run)
_STORY_LINKED = 0.3  # of a paragraph's letters in links, at most (prose, not a teaser)


def _story_goes_on(box: HtmlElement) -> bool:
    """Whether a paragraph of the story follows ``box`` among its next 50 siblings: one, or
    one inside a sibling that holds no heading (not a teaser card's summary). (Boxes that
    end the story are a rail's, which the body's linked tail is read for, with the rest
    of the rail.)"""
    for following in islice(box.itersiblings(), _STORY_GOES_ON_WITHIN):
        if following.tag == "p":
            paragraphs: Iterable[HtmlElement] = (following,)
        elif isinstance(following.tag, str) and next(following.iter(*_HEADINGS), None) is None:
            paragraphs = following.iter("p")
        else:
            continue
        for paragraph in paragraphs:
            text = own_text(paragraph)
            if (parted_words(text) >= _STORY_GOES_ON_WORDS
                    and link_chars(paragraph) <= _STORY_LINKED * len(text)):
                return True
    return False


# A link that shares the page rather than leading to a story: a "share" parameter or
# path ("?share=twitter", "sharer.php?u=…", "shareArticle?url=…"), a post's or a pin's
# form ("/intent/tweet?url=…", "/submit?url=…", "/pin/create/…"), an app's or a mail's.
# (A click tracker's link passing a story's address on, "relatedclick?articlelink=…",
# leads to the story.)
_SHARE_HREF = re.compile(
    r"[?&]share=|/shar(?:e|er|ing|earticle)(?:\.php)?(?:[/?#]|$)|/intent/(?:tweet|post)|"
    r"/submit\?|/pin/create|"
    r"^(?:mailto|whatsapp|sms|tg|fb-messenger):", re.IGNORECASE)


def _off_page(a: HtmlElement) -> bool:
    """Whether link ``a`` leads off the page, to another story or a share button: not to
    a place in this page, nor to a tag's or a category's page (the story's tags, read
    later from the tree)."""
    href = a.get("href") or "#"
    return not (href.startswith("#") or a.get("rel") == "tag" or CATEGORY_HREF.search(href)
                or TAG_HREF.search(href))


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
        n_words = parted_words(text)
        letters = [c for c in text if c.isalpha()]
        shouted = bool(letters) and all(c.isupper() for c in letters)
        if n_words >= _HEADLINE_MIN_WORDS or (shouted and n_words >= _SHOUT_MIN_WORDS):
            found.append(p)
    return found


def _is_related_heading(text: str) -> bool:
    # Turkish dotted capital I ("İlgili Haberler") has no one-letter lower case in re.
    return bool(RELATED_HEADING.match(text.replace("İ", "i").rstrip(":.…! ")))


def related_links(block: HtmlElement, base_url: str) -> list[RelatedLink]:
    """One entry per teaser: its link, title and category. Links within the page itself
    (tabs, anchors) and share buttons are none."""
    out: dict[str, RelatedLink] = {}
    page = base_url.split("#", 1)[0]
    anchors = list(block.iter("a"))
    # Links that count as a teaser's own: neither an author's nor a category's. Judged
    # once per link, not again at every level a teaser is looked for.
    plain = {a: not CATEGORY_HREF.search(a.get("href", "")) and not _is_author_link(a)
             for a in anchors}
    for a in anchors:
        href = a.get("href")
        title = own_text(a)
        if (not href or not title or CATEGORY_HREF.search(href) or TAG_HREF.search(href)
                or _SHARE_HREF.search(href)):
            continue
        url = http_url(base_url, href)
        if not plain[a] or url is None or url == page:
            continue
        # In the form articles are stored under (w3lib's canonical URL), so a related
        # link finds its article with an equality query.
        url = canonicalize_url(url)
        if url not in out or len(title) > len(out[url].title):
            out[url] = RelatedLink(url=url, title=title,
                                   category=_teaser_category(a, block, plain))
    return list(out.values())


def _is_author_link(a: HtmlElement) -> bool:
    ancestors = [a, *a.iterancestors()][:3]
    return (a.get("rel") == "author" or bool(AUTHOR_HREF.search(a.get("href", "")))
            or any(AUTHOR_CLASS.search(attrs_text(x)) for x in ancestors))


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
            if (el.tag == "a" and CATEGORY_HREF.search(el.get("href", ""))) or (
                "categor" in el.get("class", "").lower() and own_text(el)
            ):
                return own_text(el)
        teaser = teaser.getparent()
    return None
