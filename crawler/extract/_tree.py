"""Reading the page tree: element text, names, short labels, and the parts of a
region outside given subtrees. Shared by every rule of the extraction package."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Collection, Iterator
from itertools import accumulate, islice
from typing import Any

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract._text import clean

# Tags of elements that make blocks: an element holding none of them is a leaf, its
# text one paragraph.
HOLDS_BLOCKS = frozenset({
    "div", "p", "section", "article", "table", "ul", "ol", "dl", "blockquote", "pre", "form",
    "figure", "aside", "header", "footer", "nav", "h1", "h2", "h3", "h4", "h5", "h6"})


def text_lines(el: HtmlElement, apart: Callable[[HtmlElement], bool]) -> list[str]:
    """The text of ``el`` line by line: each element ``apart`` says is set apart (a
    block, a <br>) starts a line and ends it; inline elements' text runs on, a space
    between them, whose text a style sets apart ("<span>Jane Doe</span><span>CEO</span>")."""
    out = [""]

    def walk(node: HtmlElement) -> None:
        out[-1] += node.text or ""
        for child in node:
            if isinstance(child.tag, str):
                own_line = apart(child)
                if own_line:
                    out.append("")
                else:
                    out[-1] += " "
                walk(child)
                if own_line:
                    out.append("")
            out[-1] += child.tail or ""

    walk(el)
    return [line for line in (clean(raw) for raw in out) if line]


# Elements whose content flows as blocks do (a <p> or a heading holds a line's words).
_FLOW = frozenset({"body", "div", "section", "article", "main", "header", "footer", "aside",
                   "nav", "li", "dd", "td", "th", "blockquote", "figure", "form", "details",
                   "fieldset", "center"})
_CUSTOM = etree.XPath("//*[contains(local-name(), '-')]")
# AMP's pictures, which AMP pages write for every <img>.
_AMP_IMAGES = frozenset({"amp-img", "amp-anim"})


def custom_elements_as_html(root: HtmlElement) -> None:
    """A page's own elements ("<story-body>", "<app-article>", "<bsp-rich-text>": a
    custom element's name holds a hyphen) as the <div> or <span> a browser lays each out
    as: a <div> where it holds blocks, or stands alone among blocks and holds text; a
    <span> in a line of text or in a paragraph. Web-component and Angular sites write
    their story's boxes so, and every rule (trafilatura's too) reads HTML's boxes: the
    story of such a page was lost. AMP's images are <img>s, without the placeholder or
    fallback they hold: every rule that looks for a picture (a teaser card's, a
    portrait's, a caption's) reads <img>. (Elements inside SVG or MathML are theirs.)"""
    found = _CUSTOM(root)
    for el in reversed(found):  # children first: a box's children say what it is
        if any(a.tag in ("svg", "math") for a in el.iterancestors()):
            continue
        if el.tag in _AMP_IMAGES:
            el.tag, el.text = "img", None
            for child in list(el):  # the same picture's stand-ins: a placeholder, a copy
                el.remove(child)
        else:
            el.tag = "div" if _laid_out_as_block(el) else "span"


def _laid_out_as_block(el: HtmlElement) -> bool:
    if any(isinstance(c.tag, str) and (c.tag in HOLDS_BLOCKS or c.tag in _FLOW) for c in el):
        return True
    parent = el.getparent()
    if parent is None:
        return True
    if parent.tag not in _FLOW and "-" not in parent.tag:
        return False  # in a paragraph, a heading, a link
    return not words_beside(el) and bool("".join(el.itertext()).strip())


def words_beside(el: HtmlElement) -> bool:
    """Whether words run on right before or after ``el`` in its parent's text: it
    stands in a line ("The <em>ad</em> campaign"), not apart from it."""
    before, parent = el.getprevious(), el.getparent()
    leading = before.tail if before is not None else parent.text if parent is not None else ""
    return bool((leading or "").strip() or (el.tail or "").strip())


def drop_heading_permalinks(root: HtmlElement) -> None:
    """A heading's permalink, a link to its own anchor shown as a mark ("¶" of Sphinx
    and MkDocs, "#" of Eleventy, Hugo and Docusaurus, "§", "🔗"), is no word of the
    heading: it ended every sub-heading of such pages, and their title where the
    heading was the headline. (A link to an anchor worded in letters stays.)"""
    for link in [a for h in root.iter("h1", "h2", "h3", "h4", "h5", "h6") for a in h.iter("a")
                 if a.get("href", "").lstrip().startswith("#")]:
        text = "".join(link.itertext()).strip()
        if len(text) <= 2 and not any(c.isalnum() for c in text):
            drop(link)


def holds_no_blocks(el: HtmlElement) -> bool:
    """Whether ``el`` holds text and inline elements only: its text is one paragraph."""
    return not any(c.tag in HOLDS_BLOCKS for c in el.iterdescendants())


_COMMENTS = re.compile(r"comment|disqus", re.IGNORECASE)


def in_comments(el: HtmlElement) -> bool:
    """Whether ``el`` is (in) an element whose id or class names readers' comments: below
    <body>, and not holding a headline (a theme's "comments-open" on <body> or on the
    article's wrapper says the page takes comments, not that it is one)."""
    for a in [el, *el.iterancestors()]:
        if a.tag in ("body", "html"):
            return False
        if (_COMMENTS.search(f"{a.get('id', '')} {a.get('class', '')}")
                and next(a.iter("h1"), None) is None):
            return True
    return False


def attrs_text(el: HtmlElement) -> str:
    """Class, id, title and ARIA label of an element, and the names its ``data-*``
    attributes give it (``data-component="byline-block"``, ``data-testid="standfirst"``:
    where CSS-in-JS builds hash the class names, the test and component hooks keep
    saying what a box is), for keyword matching."""
    get = el.get  # (called for thousands of elements a page: kept cheap)
    named = (f"{get('class', '')} {get('id', '')} {get('title', '')} {get('aria-label', '')} "
             f"{get('itemprop', '')}")
    if "data-" not in " ".join(el.keys()):
        return named
    hooks = [value for name, value in el.items()
             if name.startswith("data-") and _HOOK_NAME.match(value)]
    return f"{named} {' '.join(hooks)}" if hooks else named


# A data attribute's value that names a box: a word or words joined by "-" or "_", not a
# number, a URL, a date or JSON.
_HOOK_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*$")


def own_text(el: HtmlElement) -> str:
    return clean(el.text_content())


def wrapped(el: HtmlElement, levels: int = 3) -> Iterator[HtmlElement]:
    """``el``, then each element inside it that holds all its text, one in another
    ("<div><div><p>…</p></div></div>": the inner <div>, then the <p>), a few levels."""
    yield el
    for _ in range(levels):
        children = [c for c in el if isinstance(c.tag, str)]
        if len(children) != 1 or (el.text or "").strip() or (children[0].tail or "").strip():
            return
        el = children[0]
        yield el


def heading_showing(root: HtmlElement, title: str | None, tags: tuple[str, ...]
                    ) -> HtmlElement | None:
    """The first heading of ``tags`` whose text is the title."""
    return next((h for h in root.iter(*tags) if title and own_text(h) == title), None)


def link_chars(el: HtmlElement) -> int:
    """The letters of ``el``'s text that its links hold."""
    return sum(len(own_text(a)) for a in el.iter("a"))


def text_longer(el: HtmlElement, limit: int) -> bool:
    """``len(own_text(el)) > limit``, reading no more of a large subtree's text than it
    takes to tell (the walks up from a label or a button reach the page's containers)."""
    pieces: list[str] = []
    raw = 0
    check_at = limit  # (collapsing white space only shortens a text: no need before)
    for piece in el.itertext():
        pieces.append(piece)
        raw += len(piece)
        if raw > check_at:
            # A prefix's collapsed text is never longer than the whole's.
            if len(clean("".join(pieces))) > limit:
                return True
            check_at = 2 * raw  # padded with white space: look again at twice the size
    return len(clean("".join(pieces))) > limit


_BOX_SHARE = 0.8  # of a box's text its paragraph holds (a teaser card's is less)


def is_paragraph_box(el: HtmlElement, paragraph_chars: int | None = None) -> bool:
    """Whether ``el`` is a box around one paragraph and little else: no heading, not a
    teaser card ("<div class='txt'><p>…</p></div>")."""
    paragraphs = list(el.iterchildren("p"))
    if len(paragraphs) != 1 or next(el.iter("h1", "h2", "h3", "h4", "h5", "h6"), None) is not None:
        return False
    chars = len(own_text(paragraphs[0])) if paragraph_chars is None else paragraph_chars
    return chars >= _BOX_SHARE * len(own_text(el))


def drop(el: HtmlElement) -> None:
    """Remove ``el`` and its subtree, keeping the text that follows it."""
    parent = el.getparent()
    if parent is not None:
        el.drop_tree()


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


_SHOWN_MAX = 300  # longer than any headline


def shown_texts(root: HtmlElement) -> set[str]:
    """The page's texts of up to 300 characters, each trimmed and with its white space
    collapsed: what a headline set without an <h1> is looked up in."""
    return {" ".join(raw.split()) for raw in _TEXT_VALUES(root) if len(raw) <= _SHOWN_MAX}


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


_TEXT_NODES = etree.XPath("//text()")


def lone_texts(root: HtmlElement, tags: Collection[str], places: Collection[str],
               shortest: int, longest: int) -> Iterator[tuple[HtmlElement, str]]:
    """``(element, text)`` in page order for each element of ``tags`` whose whole text
    is one text node of ``shortest`` to ``longest`` characters, white space collapsed:
    the outermost of the elements of ``tags`` holding just that text ("<h3><a>Title</a>
    </h3>": the <h3>; "<header><div>Title</div></header>": the <div>), not inside an
    element of ``places``."""
    for node in _TEXT_NODES(root):
        if not shortest <= len(node) <= 2 * longest:
            continue
        text = clean(node)
        el = text_owner(node)
        # (An element's whole text read only where it is short: a line's tail in a
        # large box would read the box once per line.)
        if (not shortest <= len(text) <= longest or el is None
                or text_longer(el, len(text)) or own_text(el) != text):
            continue
        chosen = el if el.tag in tags else None
        while (el.getparent() is not None and el.getparent().tag not in ("body", "html")
               and not text_longer(el.getparent(), len(text))
               and own_text(el.getparent()) == text):
            el = el.getparent()
            if el.tag in tags:
                chosen = el
        if chosen is not None and not any(a.tag in places for a in chosen.iterancestors()):
            yield chosen, text


def text_owner(node: Any) -> HtmlElement | None:
    """The element a text node is the text of (a tail belongs to its parent's parent)."""
    el = node.getparent()
    return el.getparent() if el is not None and node.is_tail else el


def fits_in(el: HtmlElement, limit: int) -> bool:
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


def innermost(keep: frozenset[HtmlElement]) -> HtmlElement | None:
    """The body's holder among ``holders(body)``: the one that holds none of the others.
    Where the holder was taken out of the tree since (its tag dropped, its children kept
    in its parent), its parent holds none of the others either: the parent, which holds
    the story now, whatever order the set iterates in."""
    found = [el for el in keep if not any(c in keep for c in el)]
    if len(found) < 2:
        return found[0] if found else None
    return max(found, key=lambda el: sum(1 for a in el.iterancestors() if a in keep))


def tag_class(el: HtmlElement) -> tuple[Any, str | None]:
    """An element's tag and class: what alike elements share (a key to count them by)."""
    return el.tag, el.get("class")


def alike(a: HtmlElement, b: HtmlElement) -> bool:
    """Same tag and class: chunks of one body, boxes of one run, posts of one blog."""
    return tag_class(a) == tag_class(b)


_BOX_GAP = 3  # elements that may stand between two boxes of a run (a figure, an ad, a subhead)


def chunks_alike(body: HtmlElement) -> list[HtmlElement]:
    """``body`` and its siblings of its tag and class (a body in chunks, a live blog's
    posts): ``body`` first, then the siblings before it, nearest first, then those
    after it."""
    return [body, *(s for s in [*body.itersiblings(preceding=True), *body.itersiblings()]
                    if alike(s, body))]


def one_of_boxes(el: HtmlElement) -> bool:
    """Whether ``el`` is a paragraph's box with another of its tag and class near it:
    "<div class='txt'><p>…</p></div><figure>…</figure><div class='txt'><p>…</p></div>"."""
    if not is_paragraph_box(el):
        return False
    for preceding in (True, False):
        for sibling in islice(el.itersiblings(preceding=preceding), _BOX_GAP + 1):
            if alike(sibling, el):
                if is_paragraph_box(sibling):
                    return True
                break
    return False


def within(el: HtmlElement, box: HtmlElement) -> bool:
    """Whether ``el`` lies inside ``box`` (not ``box`` itself)."""
    return any(a is box for a in el.iterancestors())


def only_child(el: HtmlElement) -> bool:
    """Whether ``el`` has no sibling element (``len(parent) == 1`` walks every child of
    the parent: asked once per child, quadratic where thousands stand side by side)."""
    return el.getprevious() is None and el.getnext() is None


def region_elements(region: HtmlElement, excluded: list[HtmlElement | None],
                    *tags: str) -> Iterator[HtmlElement]:
    """The elements of ``region`` outside every ``excluded`` subtree; of ``tags`` only,
    where given."""
    skip = {el for x in excluded if x is not None for el in x.iter(*tags)}
    for el in region.iter(*tags):
        if isinstance(el.tag, str) and el not in skip:
            yield el


_FURNITURE_TAGS = frozenset({"footer", "aside", "nav"})
_FURNITURE_ROLES = frozenset({"contentinfo", "complementary", "navigation"})


def furniture_boxes(root: HtmlElement) -> list[HtmlElement]:
    """The page's footer, rails and menus that hold no headline (outermost ones)."""
    found: dict[HtmlElement, None] = {}  # (in page order)
    for el in root.iter(*_FURNITURE_TAGS, "div", "section"):
        if ((el.tag in _FURNITURE_TAGS or el.get("role") in _FURNITURE_ROLES)
                and next(el.iter("h1"), None) is None
                and not any(a in found for a in el.iterancestors())):
            found[el] = None
    return list(found)


def in_furniture(el: HtmlElement) -> bool:
    """Whether ``el`` is in the page's footer, a rail or a menu, and holds no headline of
    its own there (a story set inside an <aside> is a story)."""
    for a in [el, *el.iterancestors()]:
        if a.tag in _FURNITURE_TAGS or a.get("role") in _FURNITURE_ROLES:
            return next(a.iter("h1"), None) is None
    return False
