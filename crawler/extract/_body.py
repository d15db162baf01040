"""The article body: paragraphs and sub-headings, without boilerplate or captions.

trafilatura finds the main content on the pre-cleaned tree; its XML output keeps
paragraphs and headings apart. Lines that are page furniture rather than prose
(ad labels, bare counters, verification strings, "Read More") are filtered after.
"""

from __future__ import annotations

import copy
import logging
import re
from collections.abc import Callable, Iterator
from typing import TypeAlias

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from lxml.html import defs as html_defs
from trafilatura.utils import sanitize_tree
from trafilatura.xml import NESTING_WHITELIST, remove_empty_elements, strip_double_tags
from trafilatura.xpaths import BODY_XPATH

from crawler.extract._boxes import AD_LABELS
from crawler.extract._holder import (
    Lines,
    key,
    lead_before,
    live_entries,
    opening_by_headline,
    prose_headings,
    prose_lists,
    shield,
    unlayout,
    with_continuations,
    with_headings,
    with_lists,
)
from crawler.extract._text import (
    READ_ALSO,
    RELATED_HEADING,
    SENTENCE_ENDS,
    clean,
    count_words,
    is_unspaced,
    parse_count,
    weighted_len,
)
from crawler.extract._tree import (
    HOLDS_BLOCKS,
    innermost,
    link_chars,
    only_child,
    own_text,
    tag_class,
    text_lines,
    within,
)

# trafilatura warns for every page it finds no body in; JS shells are expected to be empty.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

# AFP-style sub-heading: "- Continued support -" on a line of its own.
_DASH_HEADING = re.compile(r"^[-–—]\s+(.{2,120}?)\s+[-–—]$")
# A counter's label, alone on its line: "Comments (3)", "12 comments", "Kommentare: 4".
_COUNTED = (r"(?:\d[\d.,]*\s*)?(?:comments?|replies|views|shares|likes|kommentare|commentaires|"
            r"comentarios|comentários|commenti|reacties|yorum(?:lar)?|komentarze|комментари[йи])"
            r"(?:\s*\(\d[\d.,]*\)|\s*:\s*\d[\d.,]*)?")
# A picture's credit is labelled so: "Photo: …", "Image source: …", "(AP Photo/…)".
_PICTURE_WORDS = r"(?:photo|image|picture|foto|bild)"
_NOISE = re.compile(
    r"^(read more|share|report|like|reply|" + _COUNTED + r"|print|tweet|don'?t miss|must read|"
    r"google-site-verification:.*|site içinde arama yapın|kategoriler|"
    # An ad's label with its slot's words, no sentence ("Advertisement - Scroll to
    # continue"; "Advertisement revenue fell 5 per cent." is the story's).
    r"advertisements?\b[^.!?]{0,60}|"
    # A rights line: the sign, or the word with a year or the sign, or with a name only
    # ("Copyright Harbour Media Ltd"; "Copyright law changes will …" is the story's).
    r"(?:©|\(c\)) .{0,100}|copyright\b(?=[^\n]*(?:\d|©|\(c\))).{0,100}|"
    r"copyright(?:[^\w\n]+\w+){0,4}[^\w\n]*|all rights reserved\.?|無断転載(?:を)?禁(?:止|じます).{0,40}|"
    # An ad slot's label in the story ("Continue reading below", "Story continues below
    # advertisement"); a gallery's controls; a picture's credit on a line of its own
    # ("Photo: Jane Doe / AP", "Image source: Getty Images", "Foto: dpa").
    r"continue reading below|(?:the )?(?:story|article) continues (?:below|after)"
    r"(?: (?:this|the) )?(?: ?(?:advertisement|ad))?|close|caption|"
    + _PICTURE_WORDS + r"(?:graph)?s?(?: source| credit)?\s*:[^.!?]{1,80})$",
    re.IGNORECASE,
)

# A rights notice that ends a story, however long: "Copyright 2024 The Associated Press.
# All rights reserved. This material may not be published, broadcast, rewritten or
# redistributed.", "© 2024 Harbour Media GmbH. Alle Rechte vorbehalten.": opened by
# the copyright's word or sign, holding the reservation's words in one of many languages.
_NOTICE_START = re.compile(r"^(?:copyright\b|©|\(c\)\s|bản quyền|hak cipta|telif hakkı)",
                           re.IGNORECASE)
_NOTICE_WORDS = re.compile(
    r"all rights reserved|may not be (?:published|reproduced|redistributed|copied|used)|"
    r"alle rechte vorbehalten|tous droits réservés|todos los derechos reservados|"
    r"tutti i diritti riservati|todos os direitos reservados|alle rechten voorbehouden|"
    r"wszelkie prawa zastrzeżone|tüm hakları saklıdır|все права защищены|"
    r"všechna práva vyhrazena|alla rättigheter förbehållna|kaikki oikeudet pidätetään|"
    r"всі права захищені|minden jog fenntartva|toate drepturile rezervate|"
    r"όλα τα δικαιώματα (?:διατηρούνται|κατοχυρωμένα)|dilindungi undang-undang|"
    r"bảo lưu mọi quyền|giữ bản quyền|(?:جميع|كل) الحقوق محفوظة|כל הזכויות שמורות|"
    r"تمامی حقوق .{0,30}محفوظ|सर्वाधिकार सुरक्षित|สงวนลิขสิทธิ์",
    re.IGNORECASE)
# A Chinese, Japanese or Korean rights notice, wherever its words stand in a short line:
# "【版权声明：本文为新华网原创，未经授权，不得转载。】", "<저작권자(c) 연합뉴스, 무단 전재-재배포
# 금지>", "無断転載禁止".
_CJK_NOTICE = re.compile(r"未经(?:授权|许可)|未經(?:授權|許可)|不得转载|不得轉載|版权所有|版權所有|"
                         r"저작권자|무단\s?전재|無断(?:転載|複製)|転載禁止")
_CJK_NOTICE_MAX_CHARS = 120
# (A notice says one thing, or stands in brackets: a sentence's end before the last is
# a story's prose about the rule, "無断転載禁止の規定について、…。市民からの…。")
_SENTENCE_WITHIN = re.compile(r"[。！？](?![】>）)\]]*$)")
_BRACKETED = re.compile(r"^[【<＜（(\[].*[】>＞）)\]]$")
_NOTICE_MAX_WORDS = 50

# A list's or a slideshow's number on a line of its own, its item elsewhere ("1.", "#2").
_NUMBER_MARK = re.compile(r"^(?:#\d{1,3}|\d{1,3}[.):])$")

# A heading over a list of topics or tags, which the body extractor dropped (the list's
# links are the page's, not the story's): "Related Topics", "Tags:", "Themen".
_LIST_LABEL = re.compile(r"^(?:related topics|topics|tags?|themen|schlagwörter|sujets|mots-clés|"
                         r"temas|etiquetas|argomenti|etiketler|konular)\s*:?$", re.IGNORECASE)

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
    r"filed under|" + READ_ALSO + r")\s*[:：]|^also on \S+\.[a-z]{2,}\b|^on \S+\.[a-z]{2,}\s*:",
    re.IGNORECASE,
)
_CROSS_REFERENCE_MAX_WORDS = 30
# A WordPress shortcode the site failed to render: "[button link=...]Send us...[/button]".
_SHORTCODE = re.compile(r"\[(\w+)\b[^\]]*\].*\[/\1\]")


_NOT_BODY = ("figcaption", "header", "nav", "footer", "head", "picture", "video", "audio",
             "object", "embed")




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
    entries = live_entries(keep)
    opening = opening_by_headline(keep)
    for el in list(tree.iter(*_NOT_BODY)):
        if el not in keep and el.getparent() is not None:
            el.drop_tree()
    for el in [p for p in tree.iter("p") if _link_run(p)] + [a for a in tree.iter("a")
                                                             if _control(a)]:
        el.drop_tree()
    lead = [*opening, *(t for t in lead_before(keep) if t not in opening)]
    holder = innermost(keep)
    lists = prose_lists(keep)
    headings = prose_headings(keep)
    shield(keep)
    unlayout(keep)
    _break_around_nested_blocks(tree)
    _name_unnamed_body(tree, holder)
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
    if _page_dump(main):
        # Its last resort, the text of the whole page, one text node a line ("Headline",
        # "a link", "in a sentence"): the page's blocks instead, each a line.
        body = tree.find("body")
        return [("p", line) for line in text_lines(tree if body is None else body, _apart)
                ], "trafilatura"
    strip_double_tags(_unnested(main))
    remove_empty_elements(main)
    lines = _xml_lines(_sanitized(main))
    if not lines:
        return _fallback_lines(tree), "paragraphs"
    have = {key(text) for _, text in lines}
    lead_lines = [("p", t) for t in lead if key(t) not in have]
    # (Lists after the chunks: a list's anchor may be a chunk's paragraph.)
    lines = with_lists(with_continuations(tree, lines, entries), lists)
    return lead_lines + with_headings(lines, headings), "trafilatura"


# trafilatura's clean-up drops each character Python does not print, and with them the
# zero-width non-joiner and joiner: Persian writes "سه‌شنبه" (Tuesday) with the one,
# Indic scripts and emoji sequences with the other. They pass it as stand-ins, printed
# symbols no text holds (where one does, that joiner is not kept).
_JOINERS = (("\u200c", "\u2426"), ("\u200d", "\u2425"))


def _sanitized(main: etree._Element) -> etree._Element:
    """``main`` through trafilatura's ``sanitize_tree``, its joiners kept."""
    texts = "".join(main.itertext())
    held = [(joiner, stand_in) for joiner, stand_in in _JOINERS
            if joiner in texts and stand_in not in texts]
    _swap(main, held)
    sanitize_tree(main)
    _swap(main, [(stand_in, joiner) for joiner, stand_in in held])
    return main


def _swap(tree: etree._Element, pairs: list[tuple[str, str]]) -> None:
    for el in tree.iter() if pairs else ():
        for part in ("text", "tail"):
            value = getattr(el, part)
            if value:
                for old, new in pairs:
                    value = value.replace(old, new)
                setattr(el, part, value)


def _page_dump(main: etree._Element) -> bool:
    """Whether trafilatura's body is its baseline's dump of the whole page: one
    paragraph of the page's text nodes joined by newlines."""
    return (len(main) == 1 and main[0].tag == "p" and len(main[0]) == 0
            and "\n" in (main[0].text or ""))


_LINE_TAGS = HOLDS_BLOCKS | {"br", "li", "dd", "dt", "td", "th", "tr", "main", "address",
                             "figcaption", "summary", "hr"}


def _apart(el: lxml_html.HtmlElement) -> bool:
    return el.tag in _LINE_TAGS


_UNNAMED_BODY_SHARE = 0.85
_MISNAMED_BODY_SHARE = 0.5
_BESIDE_MAX_SHARE = 0.15
_PROSE_PARAGRAPH_CHARS = 80
_PROSE_MAX_LINK_SHARE = 0.3


def _name_unnamed_body(tree: lxml_html.HtmlElement,
                       body: lxml_html.HtmlElement | None) -> None:
    """Where no element of the page is named as a story's holder in trafilatura's terms
    (hashed class names, a small site's bare <div>s), trafilatura reads every block of
    the page, menus, tickers and sidebars included. Where the body's holder we found
    holds nearly all of the page's prose (85 % of the letters of paragraphs that are
    no link) and has no more than a lead beside it, it is named so, and trafilatura
    reads it alone. Otherwise the story runs on outside it (sections in sibling
    holders, a first part over a hidden rest), and the whole page is read; so too where
    the holder is out of the tree (a hidden rest shown, its tag dropped).

    A box trafilatura's names do match counts only where it holds the body or lies in
    it. One beside it with next to no prose (a menu bar whose class starts with "main",
    where no <nav> or <header> says what it is) is read instead of the story, not the
    page: the body is named then where it holds a story's prose and half of the
    page's."""
    if body is None or body.getparent() is None or body.tag not in _HOLDER_TAGS:
        return
    named, page_area = _named_holder(tree)
    if page_area and named is not None and within(body, named) and not _prose_before(named, body):
        # A page's main area (role='main', <main>, a class starting "main") says where
        # the page's own content is, not the story's: around the holder, with the
        # blocks after the story (other posts, a prompt to write in) that only the
        # names of their boxes tell trafilatura to drop. Read as no name at all, where
        # no prose stands in it before the holder (the story's first part, in a box of
        # its own far from its rest).
        named = None
    if named is not None and (named is body or within(body, named) or within(named, body)):
        return  # (most pages: the box named holds the story's holder or lies in it)
    inside, total = _prose_chars(body), _prose_chars(tree)
    # Paragraphs beside it are the story's too (its first part, over a rest hidden behind
    # a button): more than a lead's worth, and the page is read whole.
    alone = _prose_chars(body.getparent()) - inside <= _BESIDE_MAX_SHARE * inside
    if not alone or total > _PROSE_MIN_CHARS and inside < _MISNAMED_BODY_SHARE * total:
        if named is None:
            _name_story_box(body, total)
        return
    if named is not None:
        if inside < _PROSE_MIN_CHARS or _prose_chars(named) > _BESIDE_MAX_SHARE * inside:
            return
    elif total > _PROSE_MIN_CHARS and inside < _UNNAMED_BODY_SHARE * total:
        _name_story_box(body, total)
        return
    body = _with_first_part(body)
    if body.tag == "span":
        body.tag = "div"  # (a rich-text field's <span> around <p>s: a block all the same)
    if body.tag == "td":
        # A layout table's cell (trafilatura names no cell a story's holder): its content
        # in a <div> of its own, so the site's other cells (a tagline, a column's
        # weather) stay out; not where they hold the story's rest (a row below, maybe
        # not in <p>s).
        if _table_text_beside(body) > _BESIDE_MAX_SHARE * inside:
            return
        box = lxml_html.Element("div")
        box.text, body.text = body.text, None
        box.extend(list(body))
        body.append(box)
        body = box
    body.set("itemprop", "articleBody")


def _prose_before(box: lxml_html.HtmlElement, body: lxml_html.HtmlElement) -> bool:
    """Whether a paragraph of prose stands in ``box`` before ``body``."""
    for el in box.iter("p", "pre", "blockquote"):
        if el is body or within(el, body):
            return False
        if _prose_chars(el):
            return True
    return False


def _with_first_part(body: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The body's parent, where paragraphs of prose stand before the body in it: the
    story's first part over its rest in a box of its own (named alone, the rest would
    be read without it); else the body."""
    parent = body.getparent()
    if parent is None or parent.tag in ("body", "html") or parent.tag not in _HOLDER_TAGS:
        return body
    for sibling in body.itersiblings(preceding=True):
        if sibling.tag == "p" and _prose_chars(sibling):  # (a paragraph of prose)
            return parent
    return body


def _named_holder(tree: lxml_html.HtmlElement) -> tuple[lxml_html.HtmlElement | None, bool]:
    """The box trafilatura reads: the first match of the first of its holder XPaths
    whose match holds two blocks of text or more (it reads on past a box with less, a
    teaser's picture and headline); and whether its last XPath found it, the one that
    names the page's main area, no story's holder."""
    for n, xpath in enumerate(BODY_XPATH, 1):
        found = next(iter(xpath(tree)), None)
        if found is not None and _two_text_blocks(found):
            return found, n == len(BODY_XPATH)
    return None, False


_TEXT_BLOCKS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "pre", "td")


def _two_text_blocks(box: lxml_html.HtmlElement) -> bool:
    """Whether ``box`` holds two blocks of text or more (read up to the second)."""
    texts = (el for el in box.iter(*_TEXT_BLOCKS) if (el.text_content() or "").strip())
    return next(texts, None) is not None and next(texts, None) is not None


def _name_story_box(body: lxml_html.HtmlElement, total: int) -> None:
    """Where the story runs on outside the body's holder (its sections in sibling boxes)
    and no box is named a holder, trafilatura reads the page as loose text and drops
    the story's headings and lists: the nearest box around the holder that holds
    nearly all of the page's prose is named instead (not the page's <body>)."""
    for box in body.iterancestors():
        if box.tag in ("body", "html") or box.tag not in _HOLDER_TAGS:
            return
        if _prose_chars(box) >= _UNNAMED_BODY_SHARE * total:
            break
    else:
        return
    # (Not where paragraphs stand beside it: the story may run on around it, as in a
    # template's unclosed <div>s, each paragraph one level up from the next.)
    if not any(len(own_text(p)) >= _PROSE_PARAGRAPH_CHARS
               for p in [*box.itersiblings("p"), *box.itersiblings("p", preceding=True)]):
        box.set("itemprop", "articleBody")


_HOLDER_TAGS = frozenset({"article", "div", "main", "section", "span", "td"})
_PROSE_MIN_CHARS = 500  # (less is no story to share out: the holder is the best guess)


def _table_text_beside(cell: lxml_html.HtmlElement) -> int:
    """The unlinked letters of the other cells of ``cell``'s table."""
    table = next(cell.iterancestors("table"), None)
    if table is None:
        return 0
    return (len(own_text(table)) - link_chars(table)) - (len(own_text(cell)) - link_chars(cell))


def _prose_chars(root: lxml_html.HtmlElement) -> int:
    count = 0
    for el in root.iter("p", "pre", "blockquote"):
        length = len(clean(el.text_content()))
        if (length > _PROSE_PARAGRAPH_CHARS
                and sum(len(a.text_content()) for a in el.iter("a"))
                < _PROSE_MAX_LINK_SHARE * length):
            count += length
    return count


# A run of names or tags set as one paragraph, each linked: the readers who liked a
# work, a tag cloud, a blogroll ("<p><a>reader_1</a>, <a>reader_2</a>, … left
# kudos</p>"). No prose however long, where body extractors keep a <p> whatever its
# links. (Lines of lyrics, each linked to its annotation, run longer: no names.)
_LINK_RUN_MIN_LINKS = 10
_LINK_RUN_SHARE = 0.8
_LINK_RUN_MAX_WORDS = 4  # a link's words, on average


def _control(a: lxml_html.HtmlElement) -> bool:
    """Whether link ``a`` is a control set between the story's blocks, not a link: one
    that leads nowhere (``href="#"``, ``javascript:``, none) or says it is a button, a
    few words on a line of its own ("Read full article", "Show more" over a story's
    rest)."""
    href = (a.get("href") or "").strip()
    if href not in ("", "#") and not href.lower().startswith("javascript:") and (
            a.get("role") != "button"):
        return False
    text = own_text(a)
    if not text or len(text.split()) > _CONTROL_MAX_WORDS:
        return False
    previous, parent = a.getprevious(), a.getparent()
    before = previous.tail if previous is not None else (parent.text if parent is not None
                                                         else None)
    return not (before or "").strip() and not (a.tail or "").strip() and (
        parent is None or parent.tag not in _INLINE_PARENTS)


_CONTROL_MAX_WORDS = 5
# (A link alone in one of these is a paragraph's or a heading's text, maybe a list's.)
_INLINE_PARENTS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "span",
                             "strong", "b", "em", "i", "blockquote", "dd", "dt", "label"})


def _link_run(p: lxml_html.HtmlElement) -> bool:
    links = p.findall(".//a")
    if len(links) < _LINK_RUN_MIN_LINKS:
        return False
    texts = [own_text(a) for a in links]
    # (Letters counted, not characters: separators, "a · b · c", are no text.)
    return (sum(len(t.split()) for t in texts) <= _LINK_RUN_MAX_WORDS * len(texts)
            and sum(len(_LETTERS.findall(t)) for t in texts)
            > _LINK_RUN_SHARE * len(_LETTERS.findall(own_text(p))))


_LETTERS = re.compile(r"[^\W_]")


def _unnested(main: etree._Element) -> etree._Element:
    """A block inside a block of its tag (``<code><code>``: a highlighted code sample,
    ``<p><p>``) made one with it, its line breaks and inline elements kept.
    (trafilatura's ``strip_double_tags``, run next, merges the inner block by its first
    text alone: a code sample lost every line after its first.)"""
    inner = [el for el in main.iter("code", "head", "p")
             if (parent := el.getparent()) is not None and parent.tag not in NESTING_WHITELIST
             and any(a.tag == el.tag for a in el.iterancestors())]
    for el in inner:
        el.tag = _UNWRAP
    if inner:
        etree.strip_tags(main, _UNWRAP)
    return main


_UNWRAP = "unwrap-nested"


# Elements that start a block of their own; the rest flow inside a paragraph.
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figure", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section",
    "table", "ul"})
# Holders whose paragraphs may be marked by <br><br> only (not <p>, nor inline elements).
_BREAK_HOLDERS = frozenset({"article", "blockquote", "body", "dd", "div", "li", "main",
                            "section", "td"})
# Tags of HTML5 that are no holder of paragraphs, beside those lxml knows: a tag that is
# neither is a page's own element ("<block>", "<story-body>"), a block by its style.
_HTML5_INLINE = frozenset({"audio", "bdi", "canvas", "data", "mark", "math", "meter", "output",
                           "picture", "progress", "slot", "svg", "template", "time", "video",
                           "wbr"})
_NOT_TEXT = frozenset({"script", "style", "noscript", "template"})
_Node: TypeAlias = "str | etree._Element"


# A place line set before a paragraph in an element of its own ("<b>Washington/ New
# Delhi: </b><p>US President …"): a few words ending in a colon or a dash.
_PLACE_LINE = re.compile(r"^[^\W\d][^.!?]{0,60}?(?:\([^)]{1,30}\))?\s*[:—–-]$")
_PLACE_LINE_MAX_WORDS = 6
_NAME_WORDS = re.compile(r"[^\W\d_][\w'’]*")


def unscripted_words(root: lxml_html.HtmlElement) -> None:
    """A script's anchor around words of a text (a note shown on a click: "<a
    href='javascript:void(0)' onclick='overlib(…)'>Ah Bartleby! Ah humanity</a>") leads
    nowhere: its words are the text's, not a link's that rules and the body extractor
    weigh as one. (A control's few words, "Loading…", stay a link's.)"""
    for a in [a for a in _SCRIPT_ANCHORS(root) if len(own_text(a)) >= _SCRIPTED_MIN_CHARS]:
        a.drop_tag()


_SCRIPT_ANCHORS = etree.XPath(
    "//a[starts-with(translate(normalize-space(@href), 'JAVSCRIPT', 'javscript'), 'javascript:')]")
_SCRIPTED_MIN_CHARS = 20


def places_into_paragraphs(tree: lxml_html.HtmlElement) -> None:
    """A dateline's place written apart, in an inline element right before a paragraph
    ("<b>LONDON (Reuters) —</b><p>The Bank…"), is the paragraph's opening words:
    body extractors drop inline text outside paragraphs."""
    for el in list(tree.iter("b", "strong", "span")):
        following = el.getnext()
        if following is None or following.tag != "p" or (el.tail or "").strip() or len(el):
            continue
        text = clean(el.text)
        if (not _PLACE_LINE.match(text) or len(text.split()) > _PLACE_LINE_MAX_WORDS
                or not all(w[0].isupper() for w in _NAME_WORDS.findall(text))):
            continue  # (a place is names: "And here's the list:" is no place)
        following.text = f"{text} {following.text or ''}"
        el.drop_tree()


def paragraphs_from_breaks(tree: lxml_html.HtmlElement) -> None:
    """Pages without <p> separate paragraphs with two line breaks or more; the text
    between such breaks is made a <p> of its own, as a browser shows it (readability's
    "replace brs" step). trafilatura would read the whole holder as one paragraph."""
    chains: dict[lxml_html.HtmlElement | None, int] = {}
    for br in tree.iter("br"):
        if _chain_follows(br) and not (br.getparent().tag in _ITEMS and _trailing(br)):
            chains[br.getparent()] = chains.get(br.getparent(), 0) + 1
    for holder, n in chains.items():
        if (holder is not None and holder.tag in ("p", "span")
                and _parted_prose(holder, n + 1)):
            # Paragraphs parted by breaks inside one <p> ("<p>One.<br><br>Two.</p>"), or
            # inside a rich-text field's <span> around the whole story: the <p> or the
            # <span> becomes the <div> holding them (readability does the same for the
            # <p>). (A <span> of short lines, an address's, stays as it is.)
            holder.tag = "div"
        if holder is not None and (holder.tag in _BREAK_HOLDERS or _own_element(holder)):
            _regroup(holder)


def unwrap_paragraph_boxes(tree: lxml_html.HtmlElement) -> None:
    """Paragraphs each in a box of their own, as page builders and component frameworks
    write them, read as boxes alike side by side:
    - a paragraph in a box in a box ("<div class='widget'><div class='widget-inner'><div
      class='text'><p>…</p></div></div></div>") is a paragraph in one box, the
      outermost, which stands beside the other paragraphs' boxes; it takes the class
      words of the boxes inside it;
    - a paragraph's box loses the class words that number it ("elementor-element-3f2a1b",
      "para-12"), which make each box's class its own, where words without a digit
      name it too.
    Every rule that weighs paragraphs side by side, and trafilatura, then read the boxes
    as one story."""
    for p in list(tree.iter("p")):
        boxes = []
        el = p
        while ((parent := el.getparent()) is not None and parent.tag == "div"
               and only_child(el) and not (parent.text or "").strip()
               and not (el.tail or "").strip()):
            boxes.append(parent)
            el = parent
        if not boxes:
            continue
        outer = boxes[-1]
        words = [w for box in reversed(boxes) for w in box.get("class", "").split()]
        named = [w for w in words if not any(c.isdigit() for c in w)]
        if len(boxes) > 1 or len(named) < len(words):
            words = list(dict.fromkeys(named or words))
            if words:
                outer.set("class", " ".join(words))
        if outer.get("id") is None:
            found = next((box.get("id") for box in boxes if box.get("id")), None)
            if found:
                outer.set("id", found)
        for box in boxes[:-1]:
            box.drop_tag()


def _own_element(el: lxml_html.HtmlElement) -> bool:
    """Whether ``el`` is a page's own element (a custom element), no tag of HTML's."""
    return (isinstance(el.tag, str) and el.tag not in html_defs.tags
            and el.tag not in _HTML5_INLINE)


_BROKEN_PARAGRAPH_CHARS = 80  # the mean length of the parts of a <p> parted into paragraphs


def _parted_prose(p: lxml_html.HtmlElement, parts: int) -> bool:
    """Whether a <p> parted by breaks into ``parts`` holds paragraphs of prose: parts a
    paragraph long on average, few of their words linked. Short lines so parted (a
    poem's, a post's: "on.<br><br>it.") and linked ones (lyrics, each line linked to
    its note) stay one paragraph: alone, each would read as a caption or a link list."""
    length = len(clean(p.text_content()))
    linked = sum(len(clean(a.text_content())) for a in p.iter("a"))
    return length >= _BROKEN_PARAGRAPH_CHARS * parts and linked <= _PROSE_MAX_LINK_SHARE * length


# A <div> holding nothing but text and inline elements, as long as a paragraph: pages
# that write prose in bare <div>s (readability's "div to p" step). Without it the
# body holder is found from <p> alone, and a page with none gives trafilatura the
# whole tree, menus included.
def _leaf_divs(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The <div>s under ``tree`` with no block element inside, in page order: one pass
    from the leaves up (an XPath asking each <div> about its subtree was quadratic)."""
    nodes = [el for el in tree.iterdescendants() if isinstance(el.tag, str)]
    with_blocks: set[lxml_html.HtmlElement] = set()
    for el in reversed(nodes):  # every element after all of its descendants
        if el.tag in HOLDS_BLOCKS or el in with_blocks:
            parent = el.getparent()
            if parent is not None:
                with_blocks.add(parent)
    return [el for el in nodes if el.tag == "div" and el not in with_blocks]


_DIV_PROSE_CHARS = 100
_DIV_MAX_LINK_SHARE = 0.5


# A sub-heading written as a styled <span> or <div> ("<span class='headline2'>Step 1
# </span><p>..."): short, no link, named as a heading, right before a paragraph or a list.
# (Tested in Python, the name first: an XPath with an EXSLT regex calls back into Python
# for every <span> and <div> of the page, and its sibling step, asked of each, was
# quadratic where thousands stand side by side.)
_HEADING_NAME = re.compile(r"(^|[^a-z])(sub)?(head|heading|headline|title)([^a-z]|$)",
                           re.IGNORECASE)
_HEADING_MAX_WORDS = 10


def headings_from_styles(tree: lxml_html.HtmlElement) -> None:
    for el in list(tree.iter("span", "div", "strong")):
        name, ident = el.get("class"), el.get("id")
        if not (name or ident) or not _HEADING_NAME.search(f"{name or ''} {ident or ''}"):
            continue
        following = el.getnext()
        if (following is None or following.tag not in ("p", "ul", "ol") or len(el)
                or any(a.tag == "p" for a in el.iterancestors())):
            continue  # (no child element: no link inside either)
        text = own_text(el)
        if text and len(text.split()) <= _HEADING_MAX_WORDS:
            el.tag = "h3"


def _prose_divs(tree: lxml_html.HtmlElement, min_chars: int = _DIV_PROSE_CHARS
                ) -> Iterator[lxml_html.HtmlElement]:
    """The <div>s of text and inline elements (no block inside) of at least
    ``min_chars`` characters (a Chinese or Japanese one counted twice),
    mostly not link text."""
    for div in _leaf_divs(tree):
        text = own_text(div)
        if not text or weighted_len(text, 2) < min_chars:
            continue
        linked = link_chars(div)
        if linked <= _DIV_MAX_LINK_SHARE * len(text):
            yield div


def paragraphs_from_divs(tree: lxml_html.HtmlElement) -> None:
    """Make each prose-sized <div> of text and inline elements a <p>, and with them the
    shorter such <div>s beside them: a short paragraph among the long ones, each maybe
    in a box of its own ("<div style=...><div>“Gotcha.”</div></div>", as editors
    export them), or in a holder of the same tag and class as theirs (a how-to's
    steps)."""
    holders = set()
    for div in list(_prose_divs(tree)):
        div.tag = "p"
        holders.add(_box(div).getparent())
    holders.discard(None)
    # Holders named alike are one body's: steps of a how-to, each a box with its class.
    named = {tag_class(h) for h in holders if h.get("class")}
    for div in list(_prose_divs(tree, 1)):
        holder = _box(div).getparent()
        if holder in holders or (holder is not None and holder.get("class")
                                 and tag_class(holder) in named
                                 and own_text(div).endswith(SENTENCE_ENDS)):
            div.tag = "p"  # (a sentence: not a label of a record's field, "Sponsor:")


def _box(el: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The outermost <div> holding ``el`` and nothing else (no text, no other element)."""
    while ((parent := el.getparent()) is not None and parent.tag == "div" and only_child(el)
           and not (parent.text or "").strip() and not (el.tail or "").strip()):
        el = parent
    return el


def prose_in_divs(root: lxml_html.HtmlElement, container: lxml_html.HtmlElement) -> bool:
    """Whether an element holds more prose in bare <div>s than ``container`` (the one
    holding most text in <p>s) holds in its <p>s, or ``container`` itself more in <div>s:
    a lead in a <p> over a body of <div>s, readers' comments in <p>s under an article
    written in <div>s."""
    in_divs: dict[lxml_html.HtmlElement, list[int]] = {}
    for div in _prose_divs(root):
        # (Counted for the holder of its box: each paragraph may stand in a <div> of
        # its own, "<div style=...><div>…</div></div>", as editors export them.)
        in_divs.setdefault(_box(div).getparent(), []).append(len(own_text(div)))
    in_container = sum(sum(sizes) for el, sizes in in_divs.items()
                       if el is container or container in el.iterancestors())
    # Elsewhere, paragraphs: two <div>s or more side by side (one is a blob of text).
    bodies = [sum(sizes) for sizes in in_divs.values() if len(sizes) > 1]
    in_paragraphs = sum(len(own_text(p)) for p in container.iter("p"))
    return max([in_container, *bodies]) > in_paragraphs


# A list item ends with empty lines as a spacer ("<li>An item.<br><br></li>"): one
# paragraph all the same.
_ITEMS = frozenset({"li", "dd", "dt"})


def _trailing(br: etree._Element) -> bool:
    """Whether nothing but white space and breaks follows ``br`` in its parent."""
    return not (br.tail or "").strip() and all(
        el.tag == "br" and not (el.tail or "").strip() for el in br.itersiblings())


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
# (Found in one walk over the <div>s, each holder's own text looked at once: the XPath
# "//*[text()[normalize-space()]]/div[normalize-space()]" cost twice as much.)
_XPATH_SPACE = " \t\r\n"  # (what XPath's normalize-space() takes for white space)


def _nested_blocks(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    found: list[lxml_html.HtmlElement] = []
    holds_text: dict[lxml_html.HtmlElement, bool] = {}
    for div in tree.iter("div"):
        parent = div.getparent()
        if parent is None:
            continue
        own = holds_text.get(parent)
        if own is None:
            own = holds_text[parent] = bool((parent.text or "").strip(_XPATH_SPACE)) or any(
                (child.tail or "").strip(_XPATH_SPACE) for child in parent)
        if own and any(text.strip(_XPATH_SPACE) for text in div.itertext()):
            found.append(div)
    return found


def _break_around_nested_blocks(tree: lxml_html.HtmlElement) -> None:
    """A line break before and after each such <div>, for trafilatura to keep."""
    for div in _nested_blocks(tree):
        div.addprevious(etree.Element("br"))
        after = etree.Element("br")
        after.tail, div.tail = div.tail, None
        div.addnext(after)


def _xml_lines(main: etree._Element, quoted: bool = False) -> list[tuple[str, str]]:
    """The lines of trafilatura's body, or (``quoted``) of a quote of blocks in it, where
    the text after a block (an embedded post's credit: "<p>…</p>— Jane (@jd) May 5")
    stays in the block's paragraph, on a line of its own."""
    out: list[tuple[str, str]] = []
    # Text trafilatura kept outside any block (before the first one, or after a heading
    # or a list) is prose too.
    loose = clean(main.text)
    if loose:
        out.append(("p", loose))
    for child in main:
        if child.tag == "list":
            out += [line for item in child.iter("item") for line in _item_lines(_own_item(item))]
        elif child.tag == "table":
            # A cell of paragraphs of prose is a layout table's (an article in one cell):
            # each paragraph a line; a cell of data or of links is one line of its own.
            read: set[etree._Element] = set()  # (cells of a table in a cell read with it)
            for cell in child.iter("cell"):
                if cell in read:
                    continue
                if any(c.tag == "p" and weighted_len(clean("".join(c.itertext())), 2) >= _PROSE_CHARS
                       for c in cell):
                    out += _xml_lines(cell)
                    read.update(cell.iter("cell"))
                else:
                    out += [("c", text) for text in _block_text(cell)]
        elif child.tag == "quote" and any(c.tag in _QUOTE_BLOCKS for c in child):
            out += _xml_lines(child, quoted=True)
        else:
            kind = "h" if child.tag == "head" else "p"
            out += [(kind, text) for text in _block_text(child)]
        loose = clean(child.tail)
        if loose and quoted and out:
            out[-1] = (out[-1][0], f"{out[-1][1]}\n{loose}")
        elif loose:
            out.append(("p", loose))
    return out


# A paragraph of a few sentences, not a label or a link's text (a Chinese or Japanese
# character counted twice: ``weighted_len(text, 2)``).
_PROSE_CHARS = 150


_ITEM_BLOCKS = frozenset({"head", "p", "quote"})
_QUOTE_BLOCKS = frozenset({"head", "p", "quote", "list", "table"})


def _item_lines(item: etree._Element) -> list[tuple[str, str]]:
    """A list item's lines: one, or, where it holds blocks (a card's heading, its
    summary: "<item><head>WebIDE</head><p>Develop…</p>Learn more</item>"), one per
    block and per run of text between them, which joined would read "WebIDEDevelop…"."""
    whole = [("p", text) for text in _block_text(item)]
    if not any(c.tag in _ITEM_BLOCKS for c in item) or any(_SLIDE.match(t) for _, t in whole):
        return whole  # a slide of a show ("3 / 12 …") is told and dropped as one line
    out: list[tuple[str, str]] = []
    if lead := clean(item.text):
        out.append(("p", lead))
    for child in item:
        if not isinstance(child.tag, str):
            continue
        kind = "h" if child.tag == "head" else "p"
        out += [(kind, text) for text in _block_text(child)]
        if tail := clean(child.tail):
            out.append(("p", tail))
    return out


def _own_item(item: etree._Element) -> etree._Element:
    """A list item without the lists nested in it, whose items are lines of their own
    (read with it, "three experiments:<list><item>AU and NZ</item><item>New sign-up"
    would give "three experiments: AU and NZNew sign-up")."""
    if next(item.iter("list"), None) is None:
        return item
    own = copy.deepcopy(item)
    for nested in [el for el in own.iter("list") if el is not own]:
        parent, previous = nested.getparent(), nested.getprevious()
        # The text after the nested list stays with the item ("…</list>and one survey.").
        tail = " " + (nested.tail or "")
        if previous is not None:
            previous.tail = (previous.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
        parent.remove(nested)
    return own


_LINE_END = "\u2029"  # a character no page text holds, marking where <lb/> stood
_NESTED_BLOCKS = ("p", "head", "item")
_PART = "\u2063"  # (invisible separator) where a nested block starts or ends, while read
_PARTS = re.compile(_PART + "+")


def _parted_text(el: etree._Element) -> str:
    """The text of ``el``, each block inside it parted from what stands around it by a
    space, or by nothing beside a character of a script written without spaces."""
    pieces: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        block = node is not el and node.tag in _NESTED_BLOCKS
        if event == "start":
            pieces += [_PART if block else "", node.text or ""]
        elif node is not el:
            pieces += [_PART if block else "", node.tail or ""]
    text = "".join(pieces)

    def space(match: re.Match[str]) -> str:
        before, after = text[match.start() - 1: match.start()], text[match.end(): match.end() + 1]
        return "" if (before and is_unspaced(before)) or (after and is_unspaced(after)) else " "
    return _PARTS.sub(space, text)


def _block_text(el: etree._Element) -> list[str]:
    """The paragraphs of one block. A line break (<lb/>, a <br> in the page) ends a
    line, where joining the text nodes alone would glue "FL<br>June 10" into "FLJune";
    two in a row (<br><br>, the paragraph break of pages without <p>) end a paragraph.
    In code (a <pre> in the page) a newline ends a line too. Cells left loose in a block
    (trafilatura flattens a table set in a <blockquote> to its cells) are parted by a
    space, not run together ("ReleaseDate4.2.3April 2014")."""
    for cell in el.iter("td", "th"):
        cell.tail = f" {cell.tail or ''}"
    # Blocks inside it (the lines of a cell, which trafilatura makes <p>s of a layout
    # cell's <br>-parted links) are parted too, not run together ("Item 1Item 2",
    # "DistrictCasesMumbai"): by a space, but beside a script written without spaces.
    nested = next(el.iterdescendants(*_NESTED_BLOCKS), None) is not None
    breaks = list(el.iter("lb"))
    code = el.tag == "code"
    if not breaks and not code:
        text = clean(_parted_text(el) if nested else "".join(el.itertext()))
        return [text] if text else []
    for lb in breaks:
        if not (lb.tail or "").startswith(_LINE_END):  # marked once, read again
            lb.tail = _LINE_END + (lb.tail or "")
    whole = _parted_text(el) if nested else "".join(el.itertext())
    paragraphs: list[list[str]] = [[]]
    for raw in (whole.replace("\n", _LINE_END) if code else whole).split(_LINE_END):
        if line := clean(raw):
            if code:  # (its indentation is part of it)
                line = raw[:len(raw) - len(raw.lstrip(" \t"))].expandtabs(4) + line
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
        or (kind != "c" and bool(_NUMBER_MARK.match(text)))
        or bool(_NOISE.match(text))
        or (bool(_NOTICE_START.match(text)) and bool(_NOTICE_WORDS.search(text))
            and len(text.split()) <= _NOTICE_MAX_WORDS)
        or (len(text) <= _CJK_NOTICE_MAX_CHARS and bool(_CJK_NOTICE.search(text))
            and (bool(_BRACKETED.match(text)) or not _SENTENCE_WITHIN.search(text[:-1])))
        or (kind == "h" and bool(_LIST_LABEL.match(text)))
        # (The label of a block of other stories whose links are out: "Related articles".)
        or (kind == "h" and bool(RELATED_HEADING.match(text.rstrip(":：.…! "))))
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
    lines: list[tuple[str, str]], title: str | None, captions: set[str],
    furniture: Callable[[str], bool] | None = None, link_texts: str = "",
) -> tuple[list[str], list[str], list[str]]:
    """(paragraphs, headings, text lines) with noise, captions and the lines that
    ``furniture`` says are the page's (a dateline, a byline) taken out.

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
        if (not line or is_noise(line, title, kind) or _is_caption(line, captions)
                or (furniture is not None and furniture(line))):
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
    for line in reversed(text_lines[len(text_lines) - _linked_tail(text_lines, link_texts):]):
        text_lines.pop()
        if paragraphs and paragraphs[-1] == line:
            paragraphs.pop()
        elif headings:
            headings.pop()  # (an AFP "- x -" line is the heading "x")
    return paragraphs, headings, text_lines


# Other stories' linked headlines that end the body ("Top Stories", "More great stories":
# a rail read with the story where no class name tells it): three or more lines each in
# a link (a headline, the link holding its date too), with short labels (no more than
# two a link) and a teaser's summary under its headline between them, after a story of
# some length, twice their words at least (a product's page of feature cards, each
# linked to its documentation, is its text).
_TAIL_LINKS = 3
_TAIL_LABEL_WORDS = 6
_TAIL_SUMMARY_WORDS = 30
_TAIL_STORY_WORDS = 50


def _linked_tail(text_lines: list[str], link_texts: str) -> int:
    """How many of the last lines are such a run of linked headlines (0: none)."""
    if not link_texts:
        return 0

    def linked(line: str) -> bool:
        text = key(line)
        return len(text) >= _HEADLINE_CHARS and text in link_texts

    run = links = labels = 0
    for n in range(len(text_lines) - 1, -1, -1):
        line = text_lines[n]
        if linked(line):
            links += 1
        elif count_words(line) <= _TAIL_LABEL_WORDS and not line.endswith(SENTENCE_ENDS):
            labels += 1
        elif n and linked(text_lines[n - 1]):
            if count_words(line) > _TAIL_SUMMARY_WORDS:
                return 0  # the story's own items, each a linked heading over its text
        else:
            break
        run += 1
    story = sum(count_words(line) for line in text_lines[: len(text_lines) - run])
    tail = sum(count_words(line) for line in text_lines[len(text_lines) - run :])
    return (run if links >= _TAIL_LINKS and labels <= 2 * links
            and story >= max(_TAIL_STORY_WORDS, 2 * tail) else 0)


_HEADLINE_CHARS = 8  # a line this long (no spaces counted) inside a link may be a headline


def link_texts(root: lxml_html.HtmlElement) -> str:
    """The texts (keys, as :func:`key` makes them) of the page's links that lead to
    another page, one string: a line is a link's, or inside one, where its key is in it."""
    found = []
    for a in root.iter("a"):
        href = a.get("href")
        if href is not None and not href.lstrip().startswith(("#", "javascript:")):
            text = key(a.text_content())
            if len(text) >= _HEADLINE_CHARS:
                found.append(text)
    return "\x00".join(found)


def _is_sign_off(line: str) -> bool:
    return len(line.split()) <= _SIGN_OFF_MAX_WORDS and bool(
        _SIGN_OFF.search(line) or _FOOT_LINE.match(line))


# What ends a story without being its prose, on a line of its own: the reporter's
# e-mail address (as Korean papers end every story), the editor's credit and the
# wire's end mark of Chinese ones ("（责任编辑：李华）", "（完）").
_FOOT_LINE = re.compile(
    r"^(?:[^\s@]+ )?[\w.+-]+@[\w-]+(?:\.[\w-]+)+$"
    r"|^(?:[【\[（(][^】\]）)]{1,6}[】\]）)]\s*)*"  # (after a short label: "【纠错】")
    r"[（(【\[]?\s*(?:责任编辑|責任編輯|责编|編輯|编辑|校对|审核|值班编辑)\s*[:：/]?\s*"
    r"[\u4e00-\u9fff·]{2,4}(?:\s*[、，, ]\s*[\u4e00-\u9fff·]{2,4})*\s*[）)】\]]?$"
    r"|^[（(]\s*完\s*[）)]$")


def _is_caption(line: str, captions: set[str]) -> bool:
    """A picture's caption, or its alt text, or either with a credit after it (the
    caption and the credit joined in the alt text: "Cars at a dealer. Photo: AP")."""
    line = clean(line)
    return any(line == c or (len(c) > 40 and line.startswith(c))
               or (len(line) > 40 and c.startswith(line)
                   and bool(_CREDIT.match(c[len(line):]))) for c in captions)


# A picture's credit after its caption: " Photo: Jane Doe / AP", " (AP Photo/Jane Doe)".
_CREDIT = re.compile(r"[\s.,;:]*\(?(?:[A-Z]{2,8} )?(?:" + _PICTURE_WORDS + r"|credit|copyright|©)",
                     re.IGNORECASE)
