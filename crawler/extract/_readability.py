"""A second opinion on the body: readability (trafilatura's port of readability-lxml),
for pages where the main path found next to nothing. It scores every block by its text
and commas rather than by markup trafilatura knows."""

from __future__ import annotations

from lxml import html as lxml_html
from trafilatura.external import try_readability

from crawler.extract._holder import Lines, key
from crawler.extract._tree import own_text

# What readability found is a listing, not an article, with this share of its text in
# links, or with most of its paragraphs teasers' summaries: a paragraph next to a
# linked headline.
_FALLBACK_MAX_LINK_SHARE = 0.3
_TEASER_HEADINGS = ("h2", "h3", "h4")
_READABLE = ("p", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote", "dd", "td")


def readability_lines(tree: lxml_html.HtmlElement) -> Lines:
    """The lines of the article readability finds in ``tree``; none where what it
    found is a list of teasers or mostly links."""
    # Teasers' summaries (a home page, a section front) read as prose once readability
    # has dropped their linked headlines: known here, before it runs.
    teasers = {key(own_text(p)) for p in _teaser_summaries(tree)}
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
    if sum(key(t) in teasers for _, t in out) * 2 > len(out):
        return []  # most of it is teasers: a listing, not an article
    return out


def _teaser_summaries(tree: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The <p>s beside a linked headline (an <h2>-<h4> holding a link) under one parent,
    found in one pass (an XPath asking each <p> about its siblings was quadratic: minutes
    on a page of 20,000 paragraphs)."""
    parents = {h.getparent() for h in tree.iter(*_TEASER_HEADINGS) if next(h.iter("a"), None)
               is not None}
    return [p for parent in parents if parent is not None for p in parent.iterchildren("p")]
