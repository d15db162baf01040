"""The article body: paragraphs and sub-headings, without boilerplate or captions.

trafilatura finds the main content on the pre-cleaned tree; its XML output keeps
paragraphs and headings apart. Lines that are page furniture rather than prose
(ad labels, bare counters, verification strings, "Read More") are filtered after.
"""

from __future__ import annotations

import logging
import re
from typing import TypeAlias

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.external import try_readability
from trafilatura.utils import sanitize_tree
from trafilatura.xml import remove_empty_elements, strip_double_tags

from crawler.extract._boxes import AD_LABELS
from crawler.extract._text import clean, parse_count
from crawler.extract._tree import own_text

# trafilatura warns for every page it finds no body in; JS shells are expected to be empty.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

# AFP-style sub-heading: "- Continued support -" on a line of its own.
_DASH_HEADING = re.compile(r"^[-–—]\s+(.{2,120}?)\s+[-–—]$")
_NOISE = re.compile(
    r"^(read more|share|report|like|reply|comments?|print|tweet|don'?t miss|must read|"
    r"google-site-verification:.*|advertisement.*|site içinde arama yapın|kategoriler|"
    r"(copyright|©|\(c\)) .{0,100})$",
    re.IGNORECASE,
)

# A breadcrumb trail: "Home > News > Harbour", "トップ > ニュースリリース > 薄型キーボード".
_BREADCRUMB = re.compile(r"^[^<>›»]{1,40}(?:\s+[>›»]\s+[^<>›»]{1,60}){2,}$")
_BREADCRUMB_MAX_WORDS = 15

# A call to action that closes an article: a newsletter, a follow, the reporter's address.
_SIGN_OFF = re.compile(
    r"\b(subscribe|sign up|newsletters?|follow (?:us|him|her|them|me) on|"
    r"follow\b.{0,40}\bon (?:twitter|facebook|instagram|youtube|tiktok|linkedin)|"
    r"(?:may|can) be reached at|have a (?:news )?tip|download (?:our|the) app|"
    r"share (?:it|this) with|click here|tell us what you think)\b",
    re.IGNORECASE,
)
_SIGN_OFF_MAX_WORDS = 40
_SIGN_OFF_MAX_LINES = 3
# A pointer to another story or a label of the page's furniture set in the body:
# "Read more: <headline>", "Related post: ...", "Also on site.com", "Tags: ...".
_CROSS_REFERENCE = re.compile(
    r"^\[?(?:read more|see (?:also|more)|related(?: \w+)?|also read|read also|more|watch|listen|tags?|"
    r"filed under)\s*:|^also on \S+\.[a-z]{2,}\b",
    re.IGNORECASE,
)
_CROSS_REFERENCE_MAX_WORDS = 30
# A WordPress shortcode the site failed to render: "[button link=...]Send us...[/button]".
_SHORTCODE = re.compile(r"\[(\w+)\b[^\]]*\].*\[/\1\]")


_CLEANED_BY_TRAFILATURA = frozenset({"aside", "footer", "form", "nav", "figure", "menu",
                                     "dialog", "fieldset", "noscript"})
_NOT_BODY = ("figcaption", "header", "nav", "footer", "head", "picture", "video", "audio",
             "object", "embed")


Lines = list[tuple[str, str]]


def body_lines(tree: lxml_html.HtmlElement, url: str,
               keep: frozenset[lxml_html.HtmlElement] = frozenset()) -> tuple[Lines, str]:
    """``([(kind, text)], method)``: the lines in reading order, kind "p" (prose), "h"
    (heading) or "c" (table cell); method "trafilatura", or "paragraphs" where it found
    no body and the page's <p> elements are read. ``tree`` is pruned in place: pass a
    tree the caller is done with; ``keep`` (the body container and its ancestors) is
    never removed.

    The tree must come from a parser that drops comments and processing instructions,
    as trafilatura's own does; with them kept, trafilatura lost half the body on some
    pages (benchmark: NYT).
    """
    # Captions are kept apart (in images). A <header> holds the title, byline and
    # standfirst of a page or an article, never its prose. The rest trafilatura would
    # drop anyway (metadata is read already); dropped here, its many XPath passes run
    # on less of the tree.
    for el in list(tree.iter(*_NOT_BODY)):
        if el not in keep and el.getparent() is not None:
            el.drop_tree()
    lead = _lead_before(keep)
    lists = _prose_lists(keep)
    _shield(keep)
    _break_around_nested_blocks(tree)
    # The XML body tree, cleaned as trafilatura's own XML output is, without its
    # serialisation, re-parsing and fingerprinting.
    document = trafilatura.bare_extraction(
        tree, url=url, output_format="xml", include_comments=False, include_tables=True,
        include_images=False, include_links=False, with_metadata=False, deduplicate=False,
        fast=True,
    )
    main = getattr(document, "body", None)
    if main is None:
        return _fallback_lines(tree), "paragraphs"
    strip_double_tags(main)
    remove_empty_elements(main)
    lines = _xml_lines(sanitize_tree(main))
    if not lines:
        return _fallback_lines(tree), "paragraphs"
    have = {_key(text) for _, text in lines}
    lead_lines = [("p", t) for t in lead if _key(t) not in have]
    lines = _with_lists(lines, lists)
    return lead_lines + _with_continuations(tree, lines), "trafilatura"


# What readability found is a listing, not an article, with this share of its text in
# links, or with most of its paragraphs teasers' summaries: a paragraph next to a
# linked headline.
_FALLBACK_MAX_LINK_SHARE = 0.3
_TEASER_SUMMARIES = etree.XPath(
    "//p[preceding-sibling::*[self::h2 or self::h3 or self::h4][.//a]"
    " or following-sibling::*[self::h2 or self::h3 or self::h4][.//a]]")
_READABLE = ("p", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "dd", "td")


def readability_lines(tree: lxml_html.HtmlElement) -> Lines:
    """The lines of readability's article (trafilatura's port of readability-lxml), a
    second opinion for pages where the main path found next to nothing: it scores
    every block by its text and commas rather than by markup trafilatura knows."""
    # Teasers' summaries (a home page, a section front) read as prose once readability
    # has dropped their linked headlines: known here, before it runs.
    teasers = {_key(own_text(p)) for p in _TEASER_SUMMARIES(tree)}
    summary = try_readability(tree)
    text = own_text(summary)
    linked = sum(len(own_text(a)) for a in summary.iter("a"))
    if linked > _FALLBACK_MAX_LINK_SHARE * len(text):
        return []
    out: Lines = []
    for el in summary.iter(*_READABLE):
        if any(d.tag in _READABLE for d in el.iterdescendants()):
            continue  # its blocks are read one by one
        text = own_text(el)
        if text:
            out.append(("h" if el.tag.startswith("h") else "p", text))
    if sum(_key(t) in teasers for _, t in out) * 2 > len(out):
        return []  # most of it is teasers: a listing, not an article
    return out


# Elements that start a block of their own; the rest flow inside a paragraph.
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figure", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section",
    "table", "ul"})
# Holders whose paragraphs may be marked by <br><br> only (not <p>, nor inline elements).
_BREAK_HOLDERS = frozenset({"article", "blockquote", "body", "dd", "div", "li", "main",
                            "section", "td"})
_NOT_TEXT = frozenset({"script", "style", "noscript", "template"})
_Node: TypeAlias = "str | etree._Element"


def paragraphs_from_breaks(tree: lxml_html.HtmlElement) -> None:
    """Pages without <p> separate paragraphs with two line breaks or more; the text
    between such breaks is made a <p> of its own, as a browser shows it (readability's
    "replace brs" step). trafilatura would read the whole holder as one paragraph."""
    holders = {br.getparent() for br in tree.iter("br") if _chain_follows(br)}
    for holder in holders:
        if holder is not None and holder.tag in _BREAK_HOLDERS:
            _regroup(holder)


# A <div> holding nothing but text and inline elements, as long as a paragraph: pages
# that write prose in bare <div>s (readability's "div to p" step). Without it the
# body holder is found from <p> alone, and a page with none gives trafilatura the
# whole tree, menus included.
_LEAF_DIVS = etree.XPath(
    "//div[not(.//div | .//p | .//section | .//article | .//table | .//ul | .//ol | .//dl"
    " | .//blockquote | .//pre | .//form | .//figure | .//aside | .//header | .//footer"
    " | .//nav | .//h1 | .//h2 | .//h3 | .//h4 | .//h5 | .//h6)]")
_DIV_PROSE_CHARS = 100
_DIV_MAX_LINK_SHARE = 0.5


def paragraphs_from_divs(tree: lxml_html.HtmlElement) -> None:
    """Make each prose-sized <div> of text and inline elements a <p>."""
    for div in _LEAF_DIVS(tree):
        text = own_text(div)
        if len(text) < _DIV_PROSE_CHARS:
            continue
        linked = sum(len(own_text(a)) for a in div.iter("a"))
        if linked <= _DIV_MAX_LINK_SHARE * len(text):
            div.tag = "p"


def _chain_follows(br: etree._Element) -> bool:
    following = br.getnext()
    return following is not None and following.tag == "br" and not (br.tail or "").strip()


def _regroup(holder: etree._Element) -> None:
    nodes: list[_Node] = [holder.text] if holder.text else []
    for child in list(holder):
        tail, child.tail = child.tail, None
        nodes.append(child)
        if tail:
            nodes.append(tail)
        holder.remove(child)
    holder.text = None
    group: list[_Node] = []
    i = 0
    while i < len(nodes):
        node = nodes[i]
        i += 1
        if not isinstance(node, str) and node.tag in _NOT_TEXT:
            holder.append(node)  # a script's text is no paragraph's, and ends none
        elif isinstance(node, str) or (node.tag != "br" and node.tag not in _BLOCK_TAGS):
            group.append(node)
        elif node.tag == "br":
            j = i
            while j < len(nodes) and _is_space(nodes[j]):
                j += 1
            if j == len(nodes) or not _is_br(nodes[j]):
                group.append(node)  # a line break within the paragraph
                continue
            while j < len(nodes) and (_is_space(nodes[j]) or _is_br(nodes[j])):
                j += 1
            _close_paragraph(holder, group)
            i = j
        else:
            _close_paragraph(holder, group)
            holder.append(node)
    _close_paragraph(holder, group)


def _is_space(node: _Node) -> bool:
    return isinstance(node, str) and not node.strip()


def _is_br(node: _Node) -> bool:
    return not isinstance(node, str) and node.tag == "br"


def _close_paragraph(holder: etree._Element, group: list[_Node]) -> None:
    """Append ``group`` (text and inline elements) to ``holder`` as a <p>, or as it is
    when it holds no text (white space, a lone image)."""
    has_text = any(n.strip() if isinstance(n, str) else (n.text_content() or "").strip()
                   for n in group)
    target = etree.SubElement(holder, "p") if has_text else holder
    for node in group:
        if isinstance(node, str):
            last = target[-1] if len(target) else None
            if last is None:
                target.text = (target.text or "") + node
            else:
                last.tail = (last.tail or "") + node
        else:
            target.append(node)
    group.clear()


# A <div> in an element that also holds text of its own: a browser shows it on lines of
# its own; trafilatura, reading the element as one paragraph, glues the texts together.
_NESTED_BLOCKS = etree.XPath("//*[text()[normalize-space()]]/div[normalize-space()]")


def _break_around_nested_blocks(tree: lxml_html.HtmlElement) -> None:
    """A line break before and after each such <div>, for trafilatura to keep."""
    for div in _NESTED_BLOCKS(tree):
        div.addprevious(etree.Element("br"))
        after = etree.Element("br")
        after.tail, div.tail = div.tail, None
        div.addnext(after)


# A body split into chunks (between ad slots, or by a CMS) repeats its container's tag and
# class close to it; a chunk is prose when it has several paragraphs of some length and
# most of its text is outside links (not a bio, a pull quote or a notice).
_CHUNK_MIN_WORDS = 30
_CHUNK_MIN_PARAGRAPHS = 2
_CHUNK_MIN_MEAN_CHARS = 60
_CHUNK_MAX_LINK_SHARE = 0.3
_CHUNK_MAX_LEVELS = 3


def _with_continuations(tree: lxml_html.HtmlElement,
                        lines: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """``lines`` plus the paragraphs of sibling chunks of the body that the extractor
    left out: elements with the same tag and class as a container of the extracted
    paragraphs, placed before or after the extracted text in document order."""
    # Compared without white space: a <br> is a line end in ``lines``, nothing in the
    # page's text.
    have = {_key(text) for _, text in lines}
    holders: dict[lxml_html.HtmlElement, None] = {}
    for p in tree.iter("p"):
        parent = p.getparent()
        if parent is not None and parent.get("class") and _key(own_text(p)) in have:
            holders[parent] = None
    if not holders:
        return lines
    order: dict[lxml_html.HtmlElement, int] = {}  # document order, built if a chunk is found
    before: list[tuple[str, str]] = []
    after: list[tuple[str, str]] = []
    near = {a for h in holders for a in list(h.iterancestors())[:_CHUNK_MAX_LEVELS]}
    for tag, cls in {(h.tag, h.get("class")) for h in holders}:
        for chunk in tree.xpath(f"//{tag}[@class=$cls]", cls=cls):
            if chunk in holders or any(a in holders for a in chunk.iterancestors()):
                continue
            if not any(a in near for a in list(chunk.iterancestors())[:_CHUNK_MAX_LEVELS]):
                continue
            paragraphs = [t for p in chunk.iter("p") if (t := own_text(p)) and _key(t) not in have]
            words = sum(len(t.split()) for t in paragraphs)
            linked = sum(len(own_text(a).split()) for a in chunk.iter("a"))
            if (len(paragraphs) < _CHUNK_MIN_PARAGRAPHS or words < _CHUNK_MIN_WORDS
                    or sum(map(len, paragraphs)) < _CHUNK_MIN_MEAN_CHARS * len(paragraphs)
                    or linked > _CHUNK_MAX_LINK_SHARE * words):
                continue
            have.update(map(_key, paragraphs))
            if not order:
                order = {el: i for i, el in enumerate(tree.iter())}
            first = min(order[h] for h in holders)
            (before if order[chunk] < first else after).extend(("p", t) for t in paragraphs)
    return before + lines + after


# A lead set apart from the body: paragraphs in an element of its own between the
# headline and the body's holder ("<div class='intro'><p>...</p></div><div
# class='text'>..."), which trafilatura, taking the holder, leaves out.
_LEAD_MIN_WORDS = 15
_LEAD_MAX_PARAGRAPHS = 3
_LEAD_LEVELS = 3
_LEAD_SIBLINGS = 3


def _shield(keep: frozenset[lxml_html.HtmlElement]) -> None:
    """Keep an article set in elements that are usually furniture (an <aside>, a <form>
    or a <footer> around the headline and the body) from trafilatura's clean-up, which
    drops such elements whole, by tag or by the class that names them ("site-footer"),
    and leaves the menu. Only holders of the headline: the biggest run of paragraphs
    alone may be an author's note that trafilatura is right to drop."""
    for el in keep:
        if el.tag in _CLEANED_BY_TRAFILATURA and el.find(".//h1") is not None:
            el.tag = "div"
            for name in ("class", "id", "role"):
                el.attrib.pop(name, None)


# A list of prose in the body ("The replies fell in groups: <ul><li>'Right on!...'"):
# trafilatura drops some whole. Items of sentences, not links or a table of contents.
_LIST_ITEM_MIN_WORDS = 6
_LIST_MIN_ITEMS = 2
_LIST_LEVELS = 6  # how deep in the body's holder (a layout table's cell) a list may be
_LIST_MAX_LINK_SHARE = 0.3


def _prose_lists(keep: frozenset[lxml_html.HtmlElement]) -> list[tuple[str, list[str]]]:
    """``[(text of the block before the list, its items)]`` for the body's lists."""
    body = next((el for el in keep if not any(c in keep for c in el)), None)
    out: list[tuple[str, list[str]]] = []
    if body is None:
        return out
    for lst in body.iter("ul", "ol"):
        if body not in list(lst.iterancestors())[:_LIST_LEVELS]:
            continue
        items = [own_text(li) for li in lst.iterchildren("li")]
        linked = sum(len(own_text(a)) for a in lst.iter("a"))
        before = lst.getprevious()
        while before is not None and not own_text(before):
            before = before.getprevious()
        if (before is None or len(items) < _LIST_MIN_ITEMS
                or linked > _LIST_MAX_LINK_SHARE * sum(map(len, items))
                or any(len(i.split()) < _LIST_ITEM_MIN_WORDS for i in items)):
            continue
        out.append((own_text(before), items))
    return out


def _with_lists(lines: Lines, lists: list[tuple[str, list[str]]]) -> Lines:
    """``lines`` with each list trafilatura dropped put back after the block it follows
    (where that block was kept; else its place is unknown and it stays out)."""
    for anchor, items in lists:
        have = {_key(t) for _, t in lines}
        if all(_key(i) in have for i in items):
            continue
        at = next((n for n, (_, t) in enumerate(lines) if _key(t) == _key(anchor)), None)
        if at is not None:
            lines[at + 1 : at + 1] = [("p", i) for i in items if _key(i) not in have]
    return lines


def _lead_before(keep: frozenset[lxml_html.HtmlElement]) -> list[str]:
    body = next((el for el in keep if not any(c in keep for c in el)), None)
    if body is None:
        return []
    found: list[str] = []
    el = body
    for _ in range(_LEAD_LEVELS):
        for sibling in list(el.itersiblings(preceding=True))[:_LEAD_SIBLINGS]:
            if not isinstance(sibling.tag, str):
                continue
            if sibling.tag == "h1" or sibling.find(".//h1") is not None:
                return found  # the headline: what lies between it and the body is read
            if sibling.tag == el.tag and sibling.get("class") == el.get("class"):
                return []  # items of a list (posts of a live blog), not a lead
            found = _prose_paragraphs(sibling) + found
        el = el.getparent()
        if el is None:
            break
    return []  # no headline above the body: no way to tell a lead from a sidebar


def _prose_paragraphs(el: lxml_html.HtmlElement) -> list[str]:
    out = []
    for p in [el] if el.tag == "p" else el.iter("p"):
        text = own_text(p)
        linked = sum(len(own_text(a)) for a in p.iter("a"))
        if len(text.split()) >= _LEAD_MIN_WORDS and linked < 0.3 * len(text):
            out.append(text)
    return out[:_LEAD_MAX_PARAGRAPHS]


def _key(text: str) -> str:
    return "".join(text.split())


def _xml_lines(main: etree._Element) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    # Text trafilatura kept outside any block (before the first one, or after a heading
    # or a list) is prose too.
    loose = clean(main.text)
    if loose:
        out.append(("p", loose))
    for child in main:
        if child.tag == "list":
            parts = [("p", item) for item in child.iter("item")]
        elif child.tag == "table":
            parts = [("c", cell) for cell in child.iter("cell")]
        else:
            parts = [("h" if child.tag == "head" else "p", child)]
        for kind, el in parts:
            out += [(kind, text) for text in _block_text(el)]
        loose = clean(child.tail)
        if loose:
            out.append(("p", loose))
    return out


_LINE_END = "\u2029"  # a character no page text holds, marking where <lb/> stood


def _block_text(el: etree._Element) -> list[str]:
    """The paragraphs of one block. A line break (<lb/>, a <br> in the page) ends a
    line, where joining the text nodes alone would glue "FL<br>June 10" into "FLJune";
    two in a row (<br><br>, the paragraph break of pages without <p>) end a paragraph."""
    breaks = list(el.iter("lb"))
    if not breaks:
        text = clean("".join(el.itertext()))
        return [text] if text else []
    for lb in breaks:
        lb.tail = _LINE_END + (lb.tail or "")
    paragraphs: list[list[str]] = [[]]
    for line in "".join(el.itertext()).split(_LINE_END):
        if line := clean(line):
            paragraphs[-1].append(line)
        elif paragraphs[-1]:
            paragraphs.append([])
    return ["\n".join(lines) for lines in paragraphs if lines]


def _fallback_lines(root: lxml_html.HtmlElement) -> Lines:
    return [("p", own_text(p)) for p in root.iter("p") if own_text(p)]


def is_noise(text: str, title: str | None, kind: str = "p") -> bool:
    low = text.lower()
    return (
        low in AD_LABELS
        or (kind != "c" and parse_count(text) is not None)  # numbers in tables are data
        or bool(_NOISE.match(text))
        or bool(_SHORTCODE.search(text))
        or (bool(_BREADCRUMB.match(text)) and len(text.split()) <= _BREADCRUMB_MAX_WORDS)
        or (bool(_CROSS_REFERENCE.match(text))
            and len(text.split()) <= _CROSS_REFERENCE_MAX_WORDS)
        or (title is not None and clean(text) == clean(title))
    )


# The captions of a slideshow set in the body, counted "3/50 Title..." or "3 of 50".
_SLIDE = re.compile(r"^\s*\d{1,3}\s*(?:/|of)\s*(\d{1,3})\b")
_MIN_SLIDES = 3


def _slide_captions(lines: Lines) -> set[str]:
    """Lines counted as slides of one show (the same total, three or more of them)."""
    shows: dict[str, list[str]] = {}
    for _, line in lines:
        match = _SLIDE.match(line)
        if match:
            shows.setdefault(match.group(1), []).append(line)
    return {line for show in shows.values() if len(show) >= _MIN_SLIDES for line in show}


def split_body(
    lines: list[tuple[str, str]], title: str | None, captions: set[str]
) -> tuple[list[str], list[str], list[str]]:
    """(paragraphs, headings, text lines) with noise and captions taken out.

    Paragraphs are prose only; headings are sub-headings (AFP "- x -" lines become
    "x"); text lines keep both in reading order, headings as they appear.
    """
    paragraphs: list[str] = []
    headings: list[str] = []
    text_lines: list[str] = []
    slides = _slide_captions(lines)
    for kind, line in lines:
        if line in slides:
            continue
        if "\n" in line:  # lines a <br> ends: each may be furniture of its own
            line = "\n".join(part for part in line.split("\n") if not is_noise(part, title, kind))
        if not line or is_noise(line, title, kind) or _is_caption(line, captions):
            continue
        dash = _DASH_HEADING.match(line)
        if kind == "h" or dash:
            headings.append(dash.group(1) if dash else line)
        else:
            paragraphs.append(line)
        text_lines.append(line)
    # Sign-off lines are dropped from the end only: the same words inside a story are hers.
    for _ in range(_SIGN_OFF_MAX_LINES):
        if not paragraphs or text_lines[-1] != paragraphs[-1] or not _is_sign_off(paragraphs[-1]):
            break
        paragraphs.pop()
        text_lines.pop()
    return paragraphs, headings, text_lines


def _is_sign_off(line: str) -> bool:
    return len(line.split()) <= _SIGN_OFF_MAX_WORDS and bool(_SIGN_OFF.search(line))


def _is_caption(line: str, captions: set[str]) -> bool:
    line = clean(line)
    return any(line == c or (len(c) > 40 and line.startswith(c)) for c in captions)
