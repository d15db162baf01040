"""A page's type, article, listing or other, and why: what it declares, else its frame
(a headline with prose, teasers' linked headlines, a news brief, a site's home page)."""

from __future__ import annotations

from itertools import islice

from lxml import etree
from lxml import html as lxml_html

from crawler.extract._article import Article, PageType
from crawler.extract._holder import key
from crawler.extract._metadata import ARTICLE_OG_TYPES, Metadata
from crawler.extract._related import alone_in, bare_headlines
from crawler.extract._text import clean, count_words
from crawler.extract._tree import holds_no_blocks, in_furniture, only_child, text_longer

# A page that states no type is an article when it has a heading and this much prose;
# listing pages of the demo portal and of the benchmark sites stay well below it.
MIN_ARTICLE_WORDS = 120
# A shorter story is an article where its paragraphs are the page's only prose and a
# publication time stands with it (a news brief).
BRIEF_MIN_WORDS = 50
# Listings head each teaser with a linked h2/h3; articles have few linked headings.
MAX_LINKED_HEADINGS = 3

_LINKED_HEADINGS = etree.XPath(".//h2[.//a[@href]] | .//h3[.//a[@href]]")


def teaser_headings(root: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """Teasers' headlines, links to other pages: headings that hold such a link, headings
    a link holds ("<a href><h3>…</h3></a>"), and a headline-long link set on its own
    right above a summary paragraph ("<div><a href>…</a></div><p>…</p>", a card with no
    heading markup). A section heading's anchor ("#", "¶" to itself) or its "[edit]"
    link is no teaser's."""
    found = []
    for heading in _LINKED_HEADINGS(root):
        size = len(clean(heading.text_content()))
        if any(_leads_away(a) and 2 * len(clean(a.text_content())) >= size
               for a in heading.iter("a")) and not _between_paragraphs(heading):
            found.append(heading)
    seen = set(found)
    for a in _LINKS_OVER_HEADINGS(root):
        heading = next(h for h in a.iter("h2", "h3", "h4"))
        if _leads_away(a) and heading not in seen:
            found.append(heading)
            seen.add(heading)
    for a in bare_headlines(root):
        line = alone_in(a)
        if line not in seen and _leads_away(a):
            found.append(line)
            seen.add(line)
    return found


_POINTER_LEVELS = 3
_PROSE_WORDS = 12  # a sentence of the story at least


def _between_paragraphs(heading: lxml_html.HtmlElement) -> bool:
    """Whether ``heading`` is a pointer inside a story ("Read also", a related story's
    linked headline in a box of its own among the story's paragraphs), no teaser of a
    listing: alone in its box, which stands between paragraphs of prose, two of them on
    one side. (A listing's teaser stands beside its summary: the heading bare or in a
    card, or boxed with one summary between one box and the next.)"""
    box = heading
    for _ in range(_POINTER_LEVELS):
        parent = box.getparent()
        if parent is None or not only_child(box) or parent.tag in ("body", "html"):
            break
        box = parent
    if box is heading:
        return False
    before = _paragraphs_beside(box, "previous")
    after = _paragraphs_beside(box, "next")
    return min(before, after) >= 1 and max(before, after) >= 2


def _paragraphs_beside(box: lxml_html.HtmlElement, side: str) -> int:
    """How many paragraphs of prose (two at most) stand right before or after ``box``."""
    count = 0
    el = box
    while count < 2:
        el = el.getprevious() if side == "previous" else el.getnext()
        if el is None or el.tag != "p" or count_words(el.text_content()) < _PROSE_WORDS:
            break
        count += 1
    return count


_LINKS_OVER_HEADINGS = etree.XPath(".//a[@href][.//h2 or .//h3 or .//h4]")


def _leads_away(a: lxml_html.HtmlElement) -> bool:
    return not a.get("href", "").lstrip().startswith(("#", "javascript:"))


def linked_headings(root: lxml_html.HtmlElement) -> int:
    return len(teaser_headings(root))


_LINE_HOLDERS = ("p", "li", "dd", "dt", "td", "div")
# A line is a link where one link's text is this much of it ("<li><a>Headline</a> May
# 5</li>"); a paragraph with links in its sentences is prose.
_LINKED_LINE_SHARE = 0.6
_LINE_MAX_CHARS = 300  # (a headline and its date; longer is a paragraph)


def linked_lines(root: lxml_html.HtmlElement) -> set[str]:
    """The lines of the page (keys, as :func:`key` makes them) that are mostly one link's
    text: a tag or archive page's linked headlines, each with its date, read as lines by
    the body extractor."""
    found = set()
    seen = set()
    for a in root.iter("a"):
        if not _leads_away(a) or a.get("href") is None:
            continue
        line = next((el for el in islice(a.iterancestors(), _LINE_LEVELS)
                     if el.tag in _LINE_HOLDERS), None)
        if line is None or line in seen:
            continue
        seen.add(line)
        if text_longer(line, _LINE_MAX_CHARS) or (line.tag == "div" and not holds_no_blocks(line)):
            continue
        text = key(line.text_content())
        if text and len(key(a.text_content())) >= _LINKED_LINE_SHARE * len(text):
            found.add(text)
    return found


_LINE_LEVELS = 3  # (a link inside a <span> or a <b> of its line)


def prose_words(lines: list[str], linked: set[str]) -> int | None:
    """The words of the body's ``lines`` that are not the page's linked lines (None
    where the page has none: all of them)."""
    if not linked:
        return None
    return sum(count_words(line) for line in lines if key(line) not in linked)


DEFAULT_OG_TYPE = "website"
_PARAGRAPHS = etree.XPath("//p")


def _paragraph_words(root: lxml_html.HtmlElement) -> dict[lxml_html.HtmlElement, int]:
    """The words of the page's paragraphs by the element holding them: each paragraph
    counts for its parent, or for the element above where the parent wraps that one
    paragraph alone (a template that boxes each paragraph; a listing's teaser card with
    its one summary)."""
    by_holder: dict[lxml_html.HtmlElement, int] = {}
    for p in _PARAGRAPHS(root):
        holder = p.getparent()
        if holder is not None and only_child(p) and holder.getparent() is not None:
            holder = holder.getparent()
        by_holder[holder] = by_holder.get(holder, 0) + count_words(p.text_content())
    return by_holder


def _teasers_within(teasers: list[lxml_html.HtmlElement]) -> dict[lxml_html.HtmlElement, int]:
    """How many of ``teasers`` each element holds."""
    within: dict[lxml_html.HtmlElement, int] = {}
    for heading in teasers:
        for el in (heading, *heading.iterancestors()):
            within[el] = within.get(el, 0) + 1
    return within


def _story_block(root: lxml_html.HtmlElement, within: dict[lxml_html.HtmlElement, int]
                 ) -> tuple[lxml_html.HtmlElement | None, int, int]:
    """(block, its words, the words of all long blocks: an article's length for each
    teaser's headline they hold). Each element holding paragraphs is widened to the
    largest element above it that holds no more than a few teasers' headlines (a body
    split into chunks by ads or a template's blocks is one block); the block with the
    most words wins. An element that itself holds many teasers (a listing's column) is
    not widened."""
    counts = _paragraph_words(root)
    if not counts:
        return None, 0, 0
    widened: dict[lxml_html.HtmlElement, lxml_html.HtmlElement] = {}

    def widen(el: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
        if el in widened:
            return widened[el]
        parent = el.getparent()
        top = el
        if (within.get(el, 0) <= MAX_LINKED_HEADINGS and parent is not None
                and parent.tag not in ("body", "html")
                and within.get(parent, 0) <= MAX_LINKED_HEADINGS):
            top = widen(parent)
        widened[el] = top
        return top

    words: dict[lxml_html.HtmlElement, int] = {}
    for holder, n in counts.items():
        top = widen(holder)
        words[top] = words.get(top, 0) + n
    block = max(words, key=words.__getitem__)
    # A story's worth of words for each headline it holds: teaser cards grouped by three
    # hold a few dozen words each.
    long = sum(n for el, n in words.items() if n >= MIN_ARTICLE_WORDS * max(1, within.get(el, 0)))
    return block, words[block], long


def brief_story(root: lxml_html.HtmlElement) -> bool:
    """Whether the page's paragraphs are one short story: one element holds twice the
    words of any other outside the footer, rails and menus (a listing spreads its
    summaries over cards; a cookie notice or a poll is smaller), with no linked
    headline."""
    # (Not the site's "About us" in its footer, nor a rail's summaries.)
    counts = sorted(((el, n) for el, n in _paragraph_words(root).items() if not in_furniture(el)),
                    key=lambda item: -item[1])
    if not counts:
        return False
    best, words = counts[0]
    runner_up = counts[1][1] if len(counts) > 1 else 0
    return words >= BRIEF_MIN_WORDS and words >= 2 * runner_up and linked_headings(best) == 0


def declares_other(meta: Metadata) -> bool:
    """Whether the page's metadata says it is no article: an og:type of another kind
    (video.other, product, profile) or a declared listing. og:type "website" is many
    templates' default on every page, articles included: no evidence either way, the
    page's frame decides."""
    return ((meta.og_type is not None
             and meta.og_type not in ARTICLE_OG_TYPES | {DEFAULT_OG_TYPE})
            or meta.listing_type is not None)


def links_only(meta: Metadata, root: lxml_html.HtmlElement) -> bool:
    """Whether a crawler needs only the page's links (its body is no article's): it
    declares another type, or "website" and holds no block of prose."""
    return declares_other(meta) or (meta.og_type == DEFAULT_OG_TYPE and not has_prose(root))


def has_prose(root: lxml_html.HtmlElement) -> bool:
    """Whether the page holds a block of prose, in paragraphs or broken by <br>s."""
    words = _story_block(root, _teasers_within(teaser_headings(root)))[1]
    return words >= MIN_ARTICLE_WORDS or any(
        len(el.findall("br")) >= 2 and count_words(el.text_content()) >= MIN_ARTICLE_WORDS
        for el in root.iter("div", "td", "section", "article", "main", "font", "span")
        if el.find("br") is not None)


def one_story(root: lxml_html.HtmlElement) -> bool:
    """Whether the page's prose is one story: its block of paragraphs (see
    :func:`_story_block`) holds an article's words and most of the page's long blocks,
    few teasers' headlines, and few stand between the headline (the last <h1> before
    its first paragraph) and its prose. Sidebars and "more stories" rails put linked
    headings beside or after an article; a listing puts them among its prose, shows
    several stories' prose side by side, or has its teasers under its headline and a
    blurb ("About us") after them."""
    teasers = teaser_headings(root)
    within = _teasers_within(teasers)
    block, words, total = _story_block(root, within)
    if (block is None or words < MIN_ARTICLE_WORDS or 2 * words < total
            or within.get(block, 0) > MAX_LINKED_HEADINGS):
        return False
    seen = set(teasers)
    between = 0
    # Up to the block's first paragraph: its headline may be inside it, above the prose.
    start = next(block.iter("p"), block)
    for el in root.iter():
        if el is start:
            break
        if el.tag == "h1":
            between = 0
        elif el in seen:
            between += 1
    return between <= MAX_LINKED_HEADINGS


def declared_type(meta: Metadata) -> str:
    """Why a page is not an article, as its metadata says: "og:type=website",
    "schema=collectionpage"."""
    if meta.listing_type is not None:
        return f"schema={meta.listing_type}"
    return f"og:type={meta.og_type}"


def page_type(meta: Metadata, article: Article, teasers: int, other_type: bool, *,
              brief: bool = False, at_root: bool = False,
              prose: int | None = None) -> tuple[PageType, str]:
    """The page's type and why: what it declares, else its frame. ``teasers``: the
    teasers' headlines that count against it (none where the prose is one story);
    ``prose``: the body's words that are not linked lines (all of them where not
    given). A related-posts block never makes an article a listing: it is taken out
    before the body is read."""
    if meta.is_article:
        return "article", "declared"
    if meta.listing_type is not None:
        return "listing" if len(article.links) > 20 else "other", declared_type(meta)
    words = article.word_count if prose is None else prose
    if article.title and not other_type and not at_root and (
        (words >= MIN_ARTICLE_WORDS and teasers <= MAX_LINKED_HEADINGS)
        or (brief and words >= BRIEF_MIN_WORDS and article.published_at is not None)
        # Drawn by script: the headline with its byline or time is the article's frame.
        or (article.js_shell and (article.authors or article.published_at))
    ):
        return "article", "article-frame"
    if len(article.links) > 20:
        return "listing", "link-list"
    if teasers > MAX_LINKED_HEADINGS:
        # A small site's tag or archive page: a few teasers' headlines, under 20 links.
        return "listing", "teasers"
    return "other", "no-frame"
