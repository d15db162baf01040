"""What the body's holder adds to trafilatura's lines, and keeps from its clean-up.

trafilatura reads the whole tree and picks its own container; the holder found here
(the element holding the most paragraph text, and its ancestors) knows things it does
not: sibling chunks of one body, a lead set apart before it, a list of prose inside it,
and that an <aside> or a <footer> around the headline is the article, not furniture.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import lru_cache
from itertools import islice, pairwise

from lxml import etree
from lxml import html as lxml_html
from trafilatura.xpaths import OVERALL_DISCARD_XPATH, TEASER_DISCARD_XPATH

from crawler.extract._text import (
    SENTENCE_ENDS,
    clean,
    count_words,
    ends_sentence,
    spaced_words,
    weighted_len,
)
from crawler.extract._tree import (
    alike,
    chunks_alike,
    holds_no_blocks,
    in_comments,
    innermost,
    is_paragraph_box,
    link_chars,
    one_of_boxes,
    own_text,
    tag_class,
    text_longer,
    wrapped,
)

Lines = list[tuple[str, str]]
# Elements trafilatura's clean-up removes whole, by tag.
CLEANED_BY_TRAFILATURA = frozenset({"aside", "footer", "form", "nav", "figure", "menu",
                                    "dialog", "fieldset", "noscript"})


def key(text: str) -> str:
    """A line compared without white space: a <br> is a line end in the lines, nothing
    in the page's text."""
    return "".join(text.split())


# A body split into chunks (between ad slots, or by a CMS) repeats its container's tag and
# class close to it; a chunk is prose when it has several paragraphs of some length and
# most of its text is outside links (not a bio, a pull quote or a notice).
_CHUNK_MIN_WORDS = 30
_CHUNK_MIN_PARAGRAPHS = 2
_ENTRY_MIN_WORDS = 10
_ENTRY_LEVELS = 2
_ENTRY_DEPTH = 4  # how deep in a post of a live blog its paragraphs may be
_CHUNK_MIN_MEAN_CHARS = 60
_CHUNK_MAX_LINK_SHARE = 0.3
_CHUNK_MAX_LEVELS = 3
_NAVIGATION_SHARE = 0.8  # of a layout cell's text in links: a column of them


def live_entries(keep: frozenset[lxml_html.HtmlElement]) -> frozenset[lxml_html.HtmlElement]:
    """The posts of a live blog the body is one of: the body's holder (or an element
    holding it) and its siblings of its tag and class, each with a time of its own. (Read
    before the posts' headers, which hold their times, are dropped.)"""
    body = innermost(keep)
    if body is None:
        return frozenset()
    for el in [body, *islice(body.iterancestors(), _ENTRY_LEVELS)]:
        posts = _timed_alike([*el.itersiblings(preceding=True), el, *el.itersiblings()], el)
        if el in posts and len(posts) > 2:
            return frozenset(posts)
    # (Or the posts are the holder's children: the holder was chosen for holding them.)
    first = next((c for c in body if _timed(c)), None)
    posts = _timed_alike(list(body), first) if first is not None else []
    return frozenset(posts) if len(posts) > 2 else frozenset()


def _timed(el: lxml_html.HtmlElement) -> bool:
    return next(el.iter("time"), None) is not None


def _timed_alike(candidates: list[lxml_html.HtmlElement],
                 like: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """Those of ``candidates`` alike ``like`` that hold a time."""
    return [c for c in candidates if alike(c, like) and _timed(c)]


def with_continuations(tree: lxml_html.HtmlElement, lines: Lines,
                       entries: frozenset[lxml_html.HtmlElement] = frozenset()) -> Lines:
    """``lines`` plus the paragraphs of sibling chunks of the body that the extractor
    left out: elements with the same tag and class as a container of the extracted
    paragraphs, placed before or after the extracted text in document order; a chunk
    that is (in) one of ``entries``, a live blog's posts, may hold one paragraph."""
    # Compared without white space: a <br> is a line end in ``lines``, nothing in the
    # page's text.
    have = {key(text) for _, text in lines}
    # How many copies of each line the extractor kept: a line the page prints twice (a
    # sign-up prompt set in two chunks) is the first copy's, and its second copy makes
    # no chunk read (which would then be passed over).
    unclaimed = Counter(key(text) for _, text in lines)
    holders: dict[lxml_html.HtmlElement, None] = {}
    kept_boxes: dict[lxml_html.HtmlElement, int] = {}  # holder of boxes: how many were kept
    boxed: dict[lxml_html.HtmlElement, bool] = {}  # (asked once per parent: a body of
    for p in tree.iter("p"):                        # 20,000 paragraphs has one)
        parent = p.getparent()
        if parent is not None and unclaimed[text_key := key(own_text(p))] > 0:
            unclaimed[text_key] -= 1
            box = parent.getparent()
            if parent not in boxed:
                boxed[parent] = one_of_boxes(parent)
            if boxed[parent] and box is not None and box.get("class"):
                holders[box] = None  # paragraphs each in a box: the chunk holds the boxes
                kept_boxes[box] = kept_boxes.get(box, 0) + 1
            elif parent.get("class"):
                holders[parent] = None
            elif entries and (entry := next((a for a in islice(p.iterancestors(), _ENTRY_DEPTH)
                                             if a in entries), None)) is not None:
                holders[entry] = None  # a post of no class, its paragraphs in boxes of none
    if not holders:
        return lines
    lone = sum(1 for kind, _ in lines if kind == "p") == 1
    if lone:
        # One paragraph kept, of a box alike a run of others a level or two above its
        # holder (a how-to's steps, "<div class='step'><div class='content'>…", the
        # intro's holder named otherwise): those boxes are the chunks.
        for holder in list(holders):
            if run := _run_of_boxes(islice(holder.iterancestors(), _STEP_LEVELS)):
                holders[run[0]] = None
    # Boxes first: trafilatura, finding a box by its class ("<div class='text'><p>…</p>
    # </div>"), took that one paragraph for the body. Where one box alone was kept, its
    # holder is read as a chunk with it (the one missing box may follow it), split where
    # the kept text starts.
    own_before: list[tuple[str, str]] = []
    own_after: list[tuple[str, str]] = []
    for holder in (h for h, n in kept_boxes.items() if n == 1):
        found = _chunk_paragraphs([holder], False, set())
        start = next((n for n, text in enumerate(found) if key(text) in have), len(found))
        for n, text in enumerate(found):
            if key(text) not in have:
                (own_before if n < start else own_after).append(("p", text))
        have.update(map(key, found))
    order: dict[lxml_html.HtmlElement, int] = {}  # document order, built when first needed
    before: list[tuple[str, str]] = []
    after: list[tuple[str, str]] = []
    near = {a for h in holders for a in list(h.iterancestors())[:_CHUNK_MAX_LEVELS]}
    # (In page order: a set's order changes from run to run with the string hashes, and
    # which chunk is read first decides what the next one may add.)
    for tag, cls in dict.fromkeys((h.tag, h.get("class")) for h in holders):
        # A chunk is an element of the holder's tag and class, or a run of such boxes of
        # one paragraph each under one parent (paragraphs each in a box of their own).
        groups: dict[lxml_html.HtmlElement, list[lxml_html.HtmlElement]] = {}
        # (Not by an XPath built of the tag: a broken page's tag, "p=" or "o:p", is none.)
        # (A tag of no class is a live blog's posts' (above): its chunks are the posts.)
        for el in (x for x in tree.iter(tag) if x.get("class") == cls
                   and (cls is not None or x in entries)):
            one = cls is not None and el.getparent() is not None and is_paragraph_box(el)
            groups.setdefault(el.getparent() if one else el, []).append(el)
        for chunk, members in groups.items():
            if chunk is not members[0]:
                # A run of boxes: with what stands between them (a quote, a list).
                siblings = list(chunk)
                members = siblings[siblings.index(members[0]):siblings.index(members[-1]) + 1]
            if chunk in holders or any(a in holders for a in chunk.iterancestors()):
                continue
            if not any(a in near for a in list(chunk.iterancestors())[:_CHUNK_MAX_LEVELS]):
                continue
            if in_comments(chunk):
                continue  # readers' comments, written in paragraphs too
            if not order:
                order = {el: i for i, el in enumerate(tree.iter())}
            # More body follows it. (A run of boxes stands where its first box does, not
            # where the element holding it opens.)
            early = order[members[0]] < min(order[h] for h in holders)
            # A live blog's post may be one paragraph (and then look like a box of one);
            # so may a chunk where the extractor kept one paragraph alone, itself a
            # chunk's (a how-to's steps, each a box of a heading and a paragraph).
            entry = lone or any(a in entries for m in members
                                for a in [m, *islice(m.iterancestors(), _CHUNK_MAX_LEVELS)])
            paragraphs = _chunk_paragraphs(members, early, have, entry)
            if paragraphs:
                have.update(map(key, paragraphs))
                (before if early else after).extend(("p", t) for t in paragraphs)
    return before + own_before + lines + own_after + after


def _chunk_paragraphs(members: list[lxml_html.HtmlElement], early: bool, have: set[str],
                      entry: bool = False) -> list[str]:
    """The texts of ``members``' paragraphs (and list items) not in ``have`` where they
    read as a chunk of the body: several paragraphs of some length (an ``entry``, a
    live blog's post: one will do), most of their words outside links; else none."""
    paragraphs = [t for p in _paragraphs_of(members, early)
                  if (t := own_text(p)) and key(t) not in have]
    words = sum(map(spaced_words, paragraphs))
    linked = sum(spaced_words(own_text(a)) for m in members for a in m.iter("a"))
    if (len(paragraphs) < (1 if entry else _CHUNK_MIN_PARAGRAPHS)
            or words < (_ENTRY_MIN_WORDS if entry else _CHUNK_MIN_WORDS)
            # (A Chinese or Japanese character counted as three letters, a word's worth:
            # a chunk's mean length is no shorter in Japanese than in English.)
            or sum(weighted_len(p, 3) for p in paragraphs) < _CHUNK_MIN_MEAN_CHARS * len(paragraphs)
            or linked > _CHUNK_MAX_LINK_SHARE * words):
        return []
    return paragraphs


# A lead set apart from the body: paragraphs in an element of its own between the
# headline and the body's holder ("<div class='intro'><p>...</p></div><div
# class='text'>..."), which trafilatura, taking the holder, leaves out.
_LEAD_MIN_WORDS = 15
_LEAD_SENTENCE_MIN_WORDS = 8  # (a whole sentence, no link: "Repairs will run into May.")
_MEDIA = frozenset({"img", "picture", "video", "figcaption", "iframe"})
_SEPARATED = re.compile(r"\s[|•·]\s")
_LEAD_MAX_PARAGRAPHS = 3
_LEAD_LEVELS = 3
_LEAD_SIBLINGS = 8


def shield(keep: frozenset[lxml_html.HtmlElement]) -> None:
    """Keep an article set in elements that are usually furniture (an <aside>, a <form>
    or a <footer> around the headline and the body) from trafilatura's clean-up, which
    drops such elements whole, by tag or by the class that names them ("site-footer"),
    and leaves the menu. Only holders of the headline: the biggest run of paragraphs
    alone may be an author's note that trafilatura is right to drop.

    The body's holder and its ancestors are shown, too, where it holds prose of some
    length (not a dialog's two lines, hidden until it opens): a story whose rest waits
    behind a "Continue reading" button, hidden by a style, an attribute or a class, is
    the story (trafilatura drops hidden elements whole)."""
    body = innermost(keep)
    # (The story's length is that of its widest wrapper: the holder may be its hidden
    # rest alone, beside the paragraphs shown above it.)
    prose = _Prose(body.getroottree().getroot()) if body is not None else None
    wrappers = _story_wrappers(body, prose) if body is not None and prose is not None else []
    story = bool(wrappers) and text_longer(wrappers[-1], _HIDDEN_STORY_CHARS)
    for el in keep:
        if el.tag in CLEANED_BY_TRAFILATURA and el.find(".//h1") is not None:
            el.tag = "div"
            for name in ("class", "id", "role"):
                el.attrib.pop(name, None)
        if story and el is not body:
            _show(el)
    if body is None or prose is None:
        return
    # The story's holder, what holds it and the boxes that hold a large part of it are
    # no furniture whatever their names: "article-body expandable", "paid-content", a
    # rest in <div id="premium-content">.
    if story:
        chunks, boxes = _story_chunks(wrappers)
        words: set[str] = set()
        for box in [*boxes, *(part for chunk in chunks for part in _story_parts(chunk, prose)),
                    *_story_boxes(body), *_opening(body, prose)]:
            words |= _unnamed_furniture(box)
        if words:
            _unnamed_alike(body.getroottree().getroot(), words)
        _unnamed_sections(wrappers[-1], prose)
    if not story:
        return
    # The story's rest, the body's holder itself or a block of paragraphs in it, joins
    # the paragraphs beside it: one container, which trafilatura takes whole.
    for block in [body, *body]:
        if (block.tag not in ("body", "html")
                and (block is body or next(islice(block.iter("p"), 1, None), None) is not None)
                and _show(block)):
            block.drop_tag()


def _story_boxes(body: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The boxes of the story's paragraphs: two or more alike in its holder (a quote's
    too), each around a paragraph of unlinked prose, and the boxes alike them around
    such paragraphs elsewhere on the page (the story's later sections, each in a holder
    of its own)."""
    kinds = {kind for kind, n in Counter(map(tag_class, _prose_boxes(body))).items() if n > 1}
    if not kinds:
        return []
    page = body.getroottree().getroot()
    return [box for box in _prose_boxes(page) if tag_class(box) in kinds]


_PART_MIN_PARAGRAPHS = 2
_PART_MIN_SHARE = 0.3


class _Prose:
    """The letters of the page's paragraphs of prose (12 words or more, few of them
    linked) that each element holds, and how many such paragraphs: tallied once a
    page, for every box the rules below weigh."""

    def __init__(self, root: lxml_html.HtmlElement) -> None:
        self.chars: Counter[lxml_html.HtmlElement] = Counter()
        self.paragraphs: Counter[lxml_html.HtmlElement] = Counter()
        for p in root.iter("p"):
            text = own_text(p)
            if (len(text) >= _PROSE_WORDS and count_words(text) >= _PROSE_WORDS
                    and link_chars(p) <= _BOX_MAX_LINK_SHARE * len(text)):
                for box in (p, *p.iterancestors()):
                    self.chars[box] += len(text)
                    self.paragraphs[box] += 1


def _story_parts(body: lxml_html.HtmlElement, prose: _Prose) -> list[lxml_html.HtmlElement]:
    """The boxes in the story's holder that hold two of its paragraphs of prose or more
    and a large share of its prose's letters (a rest under a paywall's name, a part
    that expands): a bio, a fact box or a sign-up box holds a small one."""
    share = _PART_MIN_SHARE * prose.chars[body]
    return [box for box in body.iterdescendants()
            if box.tag != "p" and prose.paragraphs[box] >= _PART_MIN_PARAGRAPHS
            and (prose.chars[box] >= share or _prose_alone(box, body, prose))]


def _prose_alone(box: lxml_html.HtmlElement, body: lxml_html.HtmlElement, prose: _Prose) -> bool:
    """Whether ``box``, a child of the story's holder, holds paragraphs and nothing else
    (no heading, picture, form or links: not a bio's, a fact box's or a sign-up box's):
    a part of the story whatever its share, its last paragraphs in a box that
    expands."""
    children = [c for c in box if isinstance(c.tag, str)]
    return (box.getparent() is body and bool(children) and all(c.tag == "p" for c in children)
            and next(box.iter("img", "form", "input", "button", "picture"), None) is None
            and link_chars(box) <= _BOX_MAX_LINK_SHARE * _letters_in(box))


def _opening(body: lxml_html.HtmlElement, prose: _Prose) -> list[lxml_html.HtmlElement]:
    """The story's first two paragraphs of prose (a picture's caption may come first),
    and the first of a run of them, with the boxes in the holder around each alone:
    German sites name the lead a "Teaser" (``<p class="article-teaser">``), a word for
    which trafilatura's clean-up drops a block, where Drupal names a listing's cards
    so."""
    paragraphs = [p for p in body.iter("p") if prose.paragraphs[p]]
    firsts = dict.fromkeys(paragraphs[:2] + [
        p for p in paragraphs if (box := p.getparent()) is not None
        and prose.paragraphs[box] > 1][:1])
    out = []
    for first in firsts:
        out.append(first)
        for box in first.iterancestors():
            if box is body or prose.paragraphs[box] > 1:
                break
            out.append(box)
    return out


def _story_wrappers(body: lxml_html.HtmlElement, prose: _Prose) -> list[lxml_html.HtmlElement]:
    """The story's holder and the boxes around it that hold little beside it but more of
    its paragraphs (its first part over a rest in a box of its own): not a page's column
    that holds its readers' comments too."""
    inside = _letters_in(body)
    out = [body]
    for box in body.iterancestors():
        # (Its text beside the holder's, but for more of the story's paragraphs, is a
        # small share of the holder's.)
        beside = prose.chars[box] - prose.chars[body]
        if box.tag in ("body", "html") or (
                _letters_in(box) - inside - beside > _BESIDE_MAX_SHARE * inside):
            break
        out.append(box)
    return out


_LETTERS_IN = etree.XPath("string-length(normalize-space())")


def _letters_in(el: lxml_html.HtmlElement) -> int:
    """The length of ``el``'s text with its runs of white space as one space (as
    ``own_text`` gives it, counted by libxml2: a page's whole text is long)."""
    return int(_LETTERS_IN(el))


def _story_chunks(wrappers: list[lxml_html.HtmlElement]
                  ) -> tuple[list[lxml_html.HtmlElement], list[lxml_html.HtmlElement]]:
    """(the story's chunks, their boxes): ``wrappers``, and where the story runs on in
    boxes of the tag and class of one of them beside it (a body in chunks, each chunk
    in a column of its own), the boxes in those alike the holder; with ``wrappers``
    and the boxes in the chunks alike one of them."""
    kinds = {tag_class(w) for w in wrappers}
    chunks, boxes = list(wrappers), list(wrappers)
    for wrapper in wrappers:
        for chunk in [*wrapper.itersiblings(preceding=True), *wrapper.itersiblings()]:
            if alike(chunk, wrapper):
                inside = [el for el in chunk.iter() if el is chunk or tag_class(el) in kinds]
                boxes += inside
                chunks += [el for el in inside if alike(el, wrappers[0])]
    return chunks, boxes


def _unnamed_alike(root: lxml_html.HtmlElement, words: set[str]) -> None:
    """Unname the boxes of the page named as furniture by ``words`` alone, the words
    taken out of the story's boxes' names: boxes of their kind (a page builder's other
    text boxes; a review's specifications in one beside the story). The clean-up kept
    those where the boxes it matched held six sevenths of the text it read, as a
    builder's boxes together do (it then drops none); with the story's unnamed, it
    would drop them. A box named for more (a builder's box of related posts, a
    sidebar's "widget_recent_entries") stays named."""
    for box in [el for xpath in OVERALL_DISCARD_XPATH for el in xpath(root)]:
        own = {w for w in box.get("class", "").split()
               if _named_as_furniture(box.tag, {"class": w})}
        if own and own <= words:
            _unnamed_furniture(box)


_BESIDE_MAX_SHARE = 0.15
_SLUG_MIN_CHARS = 12


def _unnamed_sections(story: lxml_html.HtmlElement, prose: _Prose) -> None:
    """Take from the sections of prose in ``story`` and around it an id made of their
    heading's words, where those words name furniture for trafilatura's clean-up:
    documentation and Markdown sites set the heading "Sharing a repository" in <div
    class="section" id="sharing-a-repository">, and the clean-up drops it for the
    "share" in its id. Sphinx nests a section's sub-sections in it: where a section
    around ``story`` is one, so are those of the story's other sections in it. (A box of
    related links named for its heading holds no prose.)"""
    around = [box for box in story.iterancestors() if _unnamed_section(box, prose)]
    for box in (around[-1] if around else story).iter():
        _unnamed_section(box, prose)


def _unnamed_section(box: lxml_html.HtmlElement, prose: _Prose) -> bool:
    """Take its id from ``box`` where that is its heading's words, naming furniture,
    and it holds prose; whether it did."""
    name = box.get("id")
    heading = next(box.iter(*_HEADINGS, "h1"), None) if name else None
    if name is None or heading is None or box is heading:
        return False
    slug, words = _slug_key(name), _slug_key(heading.text_content())
    if slug and (slug.rstrip("0123456789") == words
                 or len(slug) >= _SLUG_MIN_CHARS and words.startswith(slug)) \
            and prose.paragraphs[box] and _named_as_furniture(box.tag, {"id": name}):
        del box.attrib["id"]
        return True
    return False


def _slug_key(text: str) -> str:
    """``text``'s letters and digits alone, case aside: an id's and its heading's words
    compared ("sharing-a-repository", "Sharing a repository¶")."""
    return re.sub(r"[\W_]+", "", text).casefold()


def _prose_boxes(root: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    around = dict.fromkeys(p.getparent() for p in root.iter("p"))
    return [box for box in around
            if box is not None and box is not root and is_paragraph_box(box)
            and count_words(text := own_text(box)) >= _PROSE_WORDS
            and link_chars(box) <= _BOX_MAX_LINK_SHARE * len(text)]


_PROSE_WORDS = 12  # (a Chinese or Japanese character counted as a word)
_BOX_MAX_LINK_SHARE = 0.3
# trafilatura's clean-up drops a box by a word of its name: "widget", "meta", "embed".
_DROPPED_BY_NAME = [*OVERALL_DISCARD_XPATH, *TEASER_DISCARD_XPATH]


def _unnamed_furniture(el: lxml_html.HtmlElement) -> set[str]:
    """Take out of ``el``'s class the words, and its id, for which trafilatura's clean-up
    would drop it as furniture: a page builder's paragraph boxes are "widgets" ("<div
    class='elementor-widget elementor-widget-text-editor'>"). A name dropped for more
    than one word together is left as it is. The class words taken out."""
    if not el.attrib or not _named_as_furniture(el.tag, el.attrib):
        return set()
    attrs = dict(el.attrib)
    words = attrs.get("class", "").split()
    kept = [w for w in words if not _named_as_furniture(el.tag, {"class": w})]
    if "id" in attrs and _named_as_furniture(el.tag, {"id": attrs["id"]}):
        del attrs["id"]
    attrs["class"] = " ".join(kept)
    if _named_as_furniture(el.tag, attrs):
        return set()
    el.attrib.clear()
    el.attrib.update({k: v for k, v in attrs.items() if v or k != "class"})
    return set(words) - set(kept)


def _named_as_furniture(tag: str, attrs: dict[str, str] | etree._Attrib) -> bool:
    """Whether trafilatura's clean-up drops an element of ``tag`` with ``attrs``."""
    return isinstance(tag, str) and _dropped_by_name(tag, tuple(sorted(attrs.items())))


@lru_cache(maxsize=4096)
def _dropped_by_name(tag: str, attrs: tuple[tuple[str, str], ...]) -> bool:
    """(``_named_as_furniture``, once per name: a story's chunks and a builder's boxes
    repeat theirs.)"""
    probe = etree.Element("div")
    try:
        el = etree.SubElement(probe, tag, dict(attrs))
    except (ValueError, TypeError):  # (a broken page's tag, "o:p": no element to test)
        return False
    return any(el in expression(probe) for expression in _DROPPED_BY_NAME)


def hidden(el: lxml_html.HtmlElement) -> bool:
    """Whether ``el`` is hidden: by its style or an attribute, or those of an element
    around it below <body>, or by a class token of its own that hides (what ``_show``
    removes; a class around it may name a rule for its empty children alone, as
    MediaWiki's "mw-hide-empty-elt" on <body>)."""
    return bool(_HIDING_CLASS.search(el.get("class", ""))) or any(
        _HIDDEN_STYLE.search(a.get("style", "")) or a.get("hidden") is not None
        or (a.get("aria-hidden") or "").strip().lower() == "true"
        for a in (el, *el.iterancestors()) if a.tag not in ("body", "html"))


def _show(el: lxml_html.HtmlElement) -> bool:
    """Remove what hides ``el`` (a style, an attribute, a class token); whether it was
    hidden."""
    hidden = False
    if _HIDDEN_STYLE.search(el.get("style", "")):
        del el.attrib["style"]
        hidden = True
    for name in ("hidden", "aria-hidden"):
        hidden = el.attrib.pop(name, None) is not None or hidden
    if _HIDING_CLASS.search(el.get("class", "")):
        el.set("class", _HIDING_CLASS.sub(" ", el.get("class", "")).strip())
        hidden = True
    return hidden


_HIDDEN_STORY_CHARS = 400
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
# A class token that hides ("hidden", "is-hidden", "hide-mobile", "collapsed", and in
# camelCase "hideOnInit", "jsHidden"): the word ends the token or a part of it, never
# runs on in lower case ("hideous").
_HIDING_CLASS = re.compile(r"(?<![^\s])[\w-]*(?:hidden|hide|collapsed)(?-i:(?![a-z]))[\w-]*",
                           re.IGNORECASE)


def unlayout(keep: frozenset[lxml_html.HtmlElement]) -> None:
    """A table holding the body is a page's layout, not data: a cell of it made of links
    (a column of them beside the article) is furniture, where trafilatura keeps every
    cell of a table as a line."""
    for table in [el for el in keep if el.tag == "table"]:
        for cell in [c for c in table.iter("td", "th")
                     if c not in keep and next(c.iterancestors("table")) is table]:
            text = own_text(cell)
            if text and link_chars(cell) >= _NAVIGATION_SHARE * len(text):
                cell.drop_tree()


# A list of prose in the body ("The replies fell in groups: <ul><li>'Right on!...'"):
# trafilatura drops some whole. Items of sentences, not links or a table of contents.
_LIST_ITEM_MIN_WORDS = 6
_CARD_BLOCKS = frozenset({"h2", "h3", "h4", "h5", "h6", "p", "div"})
_LIST_MIN_ITEMS = 2
_LIST_LEVELS = 6  # how deep in the body's holder (a layout table's cell) a list may be
_LIST_MAX_LINK_SHARE = 0.3


def prose_lists(keep: frozenset[lxml_html.HtmlElement]
                ) -> list[tuple[list[str], list[str]]]:
    """``[(text of the block before the list, its items)]`` for the lists of the body
    and of its chunks (its siblings of its tag and class)."""
    body = innermost(keep)
    out: list[tuple[list[str], list[str]]] = []
    if body is None:
        return out
    for chunk, lst in ((c, lst) for c in chunks_alike(body) for lst in c.iter("ul", "ol")):
        if chunk not in list(lst.iterancestors())[:_LIST_LEVELS]:
            continue
        lis = list(lst.iterchildren("li"))
        if any(child.tag in _CARD_BLOCKS and own_text(child) for li in lis for child in li):
            continue  # cards (a heading and a summary), which own_text would glue (not an
            # item with an empty <p> for a spacer)
        if (lead := _announced_sublist(lst)) is not None:
            # A list an item of the story's list announces ("<li>In progress:<ul><li><a>
            # Bug 1677080 – Fullscreen PiP window…</a></li>…"): its items are the story's,
            # links or not (a menu's sub-list is announced by no colon).
            if items := _sublist_items(lst):
                out.append(([lead], items))
            continue
        judged, lines, linked = _list_lines(lis)
        anchors = _texts_before(lst)
        if len(lis) >= _LIST_MIN_ITEMS and _restorable(anchors, judged, linked):
            out.append((anchors, lines))
    # A quote in the cell of a layout table that holds the body, which trafilatura drops
    # from a cell.
    cells = [el for el in keep if el.tag in ("td", "th")]
    for quote in (q for c in cells for q in c.iter("blockquote")):
        if next(quote.iterancestors("td", "th")) not in keep:
            continue  # (a nested table's, read with that table)
        items = [t for p in (quote.findall("p") or [quote]) if (t := own_text(p))]
        linked = link_chars(quote)
        anchors = _texts_before(quote)
        if items and _restorable(anchors, items, linked):
            out.append((anchors, items))
    return out


def _item_text(li: lxml_html.HtmlElement) -> str:
    """A list item's own text, before any list nested in it (whose items are lines of
    their own)."""
    if next(li.iterchildren("ul", "ol"), None) is None:
        return own_text(li)
    before: list[str] = [li.text or ""]
    for child in li:
        if child.tag in ("ul", "ol"):
            break
        before.append(child.text_content() + (child.tail or ""))
    return clean("".join(before))


def _list_lines(lis: list[lxml_html.HtmlElement]) -> tuple[list[str], list[str], int]:
    """``(items judged, lines, their linked letters)`` of a list's items: each item a
    line, and where a list is nested in it, its text before that list and then the
    nested items, each a line (as trafilatura writes a list it keeps). An item that
    announces its nested list ("In progress:") is not judged as prose, nor are the
    nested items' links counted: that list is the story's, links or not, where its items
    read as sentences (``_sublist_items``)."""
    judged: list[str] = []
    lines: list[str] = []
    linked = 0
    for li in lis:
        sub = next(li.iterchildren("ul", "ol"), None)
        if sub is not None and (lead := _announced_sublist(sub)) is not None:
            lines += [lead, *_sublist_items(sub)]
            linked += link_chars(li) - link_chars(sub)
            continue
        judged.append(own_text(li))
        linked += link_chars(li)
        nested = [own_text(x) for x in sub.iterchildren("li")] if sub is not None else []
        lines += [t for t in [_item_text(li), *nested] if t]
    return judged, lines, linked


def _sublist_items(lst: lxml_html.HtmlElement) -> list[str]:
    """The items of an announced list, where there are two or more and each reads as a
    sentence; else none."""
    items = [_item_text(li) for li in lst.iterchildren("li")]
    return items if len(items) >= _LIST_MIN_ITEMS and all(
        spaced_words(i) >= _LIST_ITEM_MIN_WORDS for i in items) else []


def _announced_sublist(lst: lxml_html.HtmlElement) -> str | None:
    """The text of the list item ``lst`` is nested in, where that text, before the
    list, is a line ending in a colon that announces it ("In progress:"); else None."""
    li = lst.getparent()
    if li is None or li.tag != "li" or next(li.iterchildren("ul", "ol")) is not lst:
        return None
    lead = _item_text(li)
    return lead if lead.endswith((":", "：")) else None


def _restorable(anchors: list[str], items: list[str], linked: int) -> bool:
    """Whether dropped ``items`` (of a list, a quote) are prose to put back: a place to
    put them (``anchors``), sentences, little of their text (``linked`` chars) in links."""
    return (bool(anchors) and linked <= _LIST_MAX_LINK_SHARE * sum(map(len, items))
            and all(spaced_words(i) >= _LIST_ITEM_MIN_WORDS for i in items))


_ANCHORS = 3  # blocks before a list or a quote that may tell its place


def _texts_before(el: lxml_html.HtmlElement) -> list[str]:
    """The texts of the blocks before ``el``, nearest first (a few: an ad's label may
    stand between a list and the paragraph it follows)."""
    texts = (_last_line(s) for s in el.itersiblings(preceding=True))
    return list(islice((t for t in texts if t), _ANCHORS))


def _last_line(el: lxml_html.HtmlElement) -> str:
    """The text of ``el``'s last line: a list's last item (the line a list put back
    before it ends on), else its whole text."""
    if el.tag in ("ul", "ol") and (lis := el.findall("li")):
        lines = _list_lines(lis[-1:])[1]
        return lines[-1] if lines else ""
    return own_text(el)


def with_lists(lines: Lines, lists: list[tuple[list[str], list[str]]]) -> Lines:
    """``lines`` with each list trafilatura dropped put back after the block it follows,
    the nearest of those before it that was kept (else its place is unknown and it
    stays out)."""
    for anchors, items in lists:
        have = {key(t) for _, t in lines}
        if all(key(i) in have for i in items):
            continue
        places = {key(t): n for n, (_, t) in reversed(list(enumerate(lines)))}
        at = next((places[key(a)] for a in anchors if key(a) in places), None)
        if at is None:
            continue
        # Each item that is missing after the one before it that was kept (a list kept
        # in part: its nested items dropped).
        for item in items:
            if key(item) in have:
                at = max(at, places.get(key(item), at))
            else:
                at += 1
                lines.insert(at, ("p", item))
                places = {key(t): n for n, (_, t) in reversed(list(enumerate(lines)))}
    return lines


_HEADINGS = ("h2", "h3", "h4", "h5", "h6")
_HEADING_MAX_CHARS = 120

Heading = tuple[list[str], str, str]


def prose_headings(keep: frozenset[lxml_html.HtmlElement]) -> list[Heading]:
    """``[(texts before, heading, text after)]`` for the sub-headings that stand between
    two blocks of the body's holder or of its chunks (the texts before nearest first: a
    pointer's line may stand between; the text after may open the next chunk): what
    trafilatura leaves out where no container on the page is named in its terms (it
    then gathers loose paragraphs, not headings)."""
    body = innermost(keep)
    parent = body.getparent() if body is not None else None
    if body is None or parent is None:
        return []
    chunks = sorted(chunks_alike(body), key=parent.index)
    out: list[Heading] = []
    for n, chunk in enumerate(chunks):
        # Its own headings, and those heading each of its boxes (a listicle's items,
        # "<section><h2>…</h2><p>…</p></section>" or "<li><h3>…</h3><p>…</p></li>").
        boxed = [h for box in chunk.iterchildren(*_ITEM_BOXES) if box.find("p") is not None
                 for h in box.iterchildren(*_HEADINGS)]
        for heading in [*chunk.iterchildren(*_HEADINGS), *boxed]:
            text = own_text(heading)
            linked = link_chars(heading)
            if not text or len(text) > _HEADING_MAX_CHARS or 2 * linked > len(text):
                continue  # (a linked heading is a teaser's)
            rest = [*heading.itersiblings(), *(chunks[n + 1] if n + 1 < len(chunks) else [])]
            # (The text after it, not another heading's: "<h3>Part</h3><h4>Topic</h4><p>".)
            after = next((t for s in rest if s.tag not in _HEADINGS and (t := own_text(s))), "")
            before = _texts_before(heading) or _texts_before_box(heading)
            if before and after:
                out.append((before, text, after))
    # Sub-headings in boxes of their own between two chunks ("<div class=txt>…</div>
    # <div class=title><div><h2>…</h2></div></div><div class=txt>…</div>": page
    # builders' grid columns), each after the chunk's last block or the heading before.
    for chunk, following in pairwise(chunks):
        last, after = _edge_text(chunk, last=True), _edge_text(following, last=False)
        before = [last] if last else []
        for box in chunk.itersiblings():
            if box is following:
                break
            found = _boxed_heading(box)
            if found and before and after:
                out.append((before, found, after))
                before = [found, *before]
    return out + _step_headings(body)


_STEP_LEVELS = 2  # how far above the body's holder the boxes of a story's steps may be
_STEP_MIN_BOXES = 3
_STEP_MAX_BOXES = 50
_PREVIOUS_PARAGRAPH = etree.XPath("preceding::p[1]")


def _step_headings(body: lxml_html.HtmlElement) -> list[Heading]:
    """The headings of a story set in boxes alike, each a heading over its paragraphs
    ("<div class='step'><div><div><h3>Step 1</h3><p>Measure…</p>", a how-to's steps),
    the body's holder one box's inner part: each heading with the paragraph before it
    in the page and the one under it, kept where those two follow each other."""
    run = _run_of_boxes([body, *islice(body.iterancestors(), _STEP_LEVELS)])
    if run is None:
        return []
    out: list[Heading] = []
    for box in run[1][:_STEP_MAX_BOXES]:
        heading = next(box.iter(*_HEADINGS), None)
        if heading is None:
            heading = _lone_label(box)
        under = next(heading.itersiblings("p"), None) if heading is not None else None
        if heading is None or under is None:
            continue
        text = own_text(heading)
        before = _PREVIOUS_PARAGRAPH(heading)
        if (text and len(text) <= _HEADING_MAX_CHARS and 2 * link_chars(heading) <= len(text)
                and before and (after := own_text(under))):
            out.append(([own_text(before[0])], text, after))
    return out


_LABEL_TAGS = ("span", "strong", "b")
_LABEL_MAX_WORDS = 8


def _lone_label(box: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """A step's heading written as a <span> whose class names nothing ("<span
    class='c8ebc44'>Step 1</span><p>…", hashed as CSS-in-JS builds write it): the first
    element of a block in ``box`` that holds no text before it, a short line of its own
    that ends no sentence, right before a paragraph."""
    for el in box.iter(*_LABEL_TAGS):
        parent = el.getparent()
        if (parent is None or el.getprevious() is not None or (parent.text or "").strip()
                or (el.tail or "").strip()):
            continue
        after = el.getnext()
        text = own_text(el)
        if (after is not None and after.tag == "p" and text
                and len(text.split()) <= _LABEL_MAX_WORDS and not ends_sentence(text)):
            return el
        return None
    return None


def _run_of_boxes(candidates: Iterable[lxml_html.HtmlElement]
                  ) -> tuple[lxml_html.HtmlElement, list[lxml_html.HtmlElement]] | None:
    """``(box, run)``: the first of ``candidates`` (an element, then its holders) that
    stands among its parent's children with others alike, three or more in all (a
    how-to's steps), and that run; None where none does."""
    for el in candidates:
        parent = el.getparent()
        if parent is None:
            return None
        run = [s for s in parent if alike(s, el)]
        if len(run) >= _STEP_MIN_BOXES:
            return el, run
    return None


def _boxed_heading(box: lxml_html.HtmlElement) -> str | None:
    """The text of the sub-heading ``box`` holds and nothing else, through a few
    wrappers that hold only it; None for any other box (a picture, a teaser)."""
    el = next((w for w in wrapped(box) if w.tag in _HEADINGS), None)
    text = own_text(el) if el is not None else ""
    if (text and len(text) <= _HEADING_MAX_CHARS and 2 * link_chars(el) <= len(text)
            and text == own_text(box)):
        return text
    return None


def _edge_text(el: lxml_html.HtmlElement, *, last: bool) -> str:
    """The text of ``el``'s first (or last) block holding text, read down to a block
    that holds no other: the line a box's text opens (or ends) with."""
    for _ in range(_CHUNK_MAX_LEVELS + 2):
        children = [c for c in el if isinstance(c.tag, str) and own_text(c)]
        if not children or holds_no_blocks(el):
            break
        el = children[-1 if last else 0]
    return own_text(el)


_ITEM_BOXES = ("section", "div", "li", "article")


def _texts_before_box(heading: lxml_html.HtmlElement) -> list[str]:
    """For a heading that opens its box: the texts of the blocks before the box, each
    box's last (the item before ends in a paragraph), nearest first."""
    box = heading.getparent()
    if box is None:
        return []
    # (The first item's: the blocks before the list, "<p>Lead</p><ol><li><h3>…".)
    holder = box.getparent()
    before = [*box.itersiblings(preceding=True),
              *(holder.itersiblings(preceding=True) if holder is not None else ())]
    texts = (own_text(next((c for c in reversed(s) if own_text(c)), s)) for s in before)
    return list(islice((t for t in texts if t), _ANCHORS))


def with_headings(lines: Lines, headings: list[Heading]) -> Lines:
    """``lines`` with each sub-heading trafilatura dropped put back between the line it
    followed (the nearest kept) and the one after it, where they follow each other."""
    for before, text, after in headings:
        if key(text) in {key(t) for _, t in lines}:
            continue
        follows = {key(lines[n][1]): n for n in range(len(lines) - 1)
                   if key(lines[n + 1][1]) == key(after)}
        at = next((follows[key(b)] for b in before if key(b) in follows), None)
        if at is not None:
            lines.insert(at + 1, ("h", text))
    return lines


def _paragraphs_of(members: list[lxml_html.HtmlElement], early: bool
                   ) -> list[lxml_html.HtmlElement]:
    """The <p>s of a chunk's ``members`` and the items of its lists set between them
    (not an item holding paragraphs, read as those, nor a link to another story), in
    page order. A list after the last paragraph of the body is the page's (other
    stories); in an ``early`` chunk, one the rest of the body follows, it is not."""
    found = [x for m in members for x in m.iter("p", "li")
             if x.tag == "p" or x.find(".//p") is None]
    places = [i for i, x in enumerate(found) if x.tag == "p"]
    if not places:
        return []
    end = len(found) if early else places[-1]
    return [x for i, x in enumerate(found) if x.tag == "p" or (
        places[0] < i < end
        and link_chars(x) < 0.5 * len(own_text(x)))]


def _boxes_before(keep: frozenset[lxml_html.HtmlElement]
                  ) -> Iterator[tuple[lxml_html.HtmlElement, lxml_html.HtmlElement]]:
    """(element, a box before it) from the body's holder up a few levels, the nearest
    boxes first: where a lead or the headline stands before the body."""
    el = innermost(keep)
    for _ in range(_LEAD_LEVELS):
        if el is None:
            return
        for sibling in list(el.itersiblings(preceding=True))[:_LEAD_SIBLINGS]:
            if isinstance(sibling.tag, str):
                yield el, sibling
        el = el.getparent()


def lead_before(keep: frozenset[lxml_html.HtmlElement]) -> list[str]:
    found: list[str] = []
    for el, sibling in _boxes_before(keep):
        if sibling.tag == "h1" or sibling.find(".//h1") is not None:
            return found  # the headline: what lies between it and the body is read
        if alike(sibling, el):
            return []  # items of a list (posts of a live blog), not a lead
        found = _prose_paragraphs(sibling) + found
    return []  # no headline above the body: no way to tell a lead from a sidebar


# The story's first paragraph, set under the headline in the headline's own box: longer
# than a standfirst's summary of a sentence or two.
_OPENING_MIN_WORDS = 50


def opening_by_headline(keep: frozenset[lxml_html.HtmlElement]) -> list[str]:
    """The story's opening paragraphs set in the headline's box ("<header><h1>…</h1>
    <p>…</p></header><div class='body'>…"), the rest in the body's holder after it:
    paragraphs of prose after the headline, each longer than a standfirst. (Read before
    the <header> goes with the page's furniture.)"""
    for _, sibling in _boxes_before(keep):
        headline = sibling.find(".//h1") if sibling.tag != "h1" else None
        if headline is not None:
            return [t for p in headline.itersiblings("p") for t in _prose_paragraphs(p)
                    if count_words(t) >= _OPENING_MIN_WORDS][:_LEAD_MAX_PARAGRAPHS]
    return []


def _prose_paragraphs(el: lxml_html.HtmlElement) -> list[str]:
    out = []
    paragraphs = [el] if el.tag == "p" else list(el.iter("p"))
    if (not paragraphs and el.tag == "div" and holds_no_blocks(el)
            and next(el.iter(*_MEDIA), None) is None):
        paragraphs = [el]  # a lead written in a bare <div> (not a picture's caption)
    for p in paragraphs:
        if any(a.tag == "blockquote" for a in p.iterancestors()):
            continue  # a quote, an embedded post: no lead
        text = own_text(p)
        linked = link_chars(p)
        # Sentences, not a byline with its times ("Le Monde | 04.05.2015 | Par ..."). (A
        # Chinese sentence is no one word; a line of a time and labels, ending as no
        # sentence does, is counted by its spaces: "access_time2019/04/21 11:51 create…".)
        words = spaced_words(text) if text.endswith(SENTENCE_ENDS) else len(text.split())
        if ((words >= _LEAD_MIN_WORDS or (words >= _LEAD_SENTENCE_MIN_WORDS and not linked
                                          and text.endswith(SENTENCE_ENDS)))
                and linked < 0.3 * len(text)
                and (text.endswith(SENTENCE_ENDS) or not _SEPARATED.search(text))):
            out.append(text)
    return out[:_LEAD_MAX_PARAGRAPHS]
