"""Generated pages of varied markup (``crawler/demosite/varied.py``): every part of an
article page varies on its own (body markup, where the headline stands, byline and time
forms, furniture around the story, language, class names), and one page in eight is a
section front. Each must be read as generated, field by field."""

from __future__ import annotations

import pytest

from crawler.demosite.varied import LANGUAGES, WORLD, differences, page
from crawler.extract import extract

# The first 120 seeds, and seeds beyond them that once failed on their own.
FOUND = [
    1121,  # a list standing last after boxed paragraphs, one of them read as a chunk
    1662,  # boxed paragraphs under a logo: trafilatura took the first box for the body
    7851,  # a picture between two boxed paragraphs of a split body's first chunk
    7034,  # a quote after the last box of the first chunk
    781,  # a layout table's cell, the story's rest hidden, an ad's label before a quote
    988,  # boxed paragraphs, the rest of them in a hidden block beside the first ones
    5446,  # paragraphs in bare <div>s, the hidden rest holding most of them
    525,  # Chinese teasers, each a microdata article item, showing their writers
    921,  # a Thai story with no time, a teaser's microdata item the one date on the page
    1748,  # a Japanese teaser's microdata time beside a story dated in its dateline
    1380,  # a Japanese live blog's post with a "Read also" line and a list of short items
    728,  # a Thai live blog's post ending with a list of short clauses
    5974,  # Thai teaser cards after a story holding a related block, each with its writer
    753,  # a Chinese headline of nine characters in bold, no <h1>, a label over it
    2532,  # a Thai byline of three writers over a named standfirst
    3944,  # Chinese paragraphs in bare <div>s, the rest (longer) hidden behind a button
    2369,  # Japanese teaser cards after the story, their headlines linked
    12234,  # a Thai teaser card of a short headline in a row of others, an in-story related label
]
# The first pages in the two languages beyond the ten that the seeds above draw none of.
WORLD_FIRST = [120, 141]  # Ukrainian, Vietnamese
SEEDS = [*range(120), *FOUND, *WORLD_FIRST]


@pytest.mark.parametrize("seed", SEEDS)
def test_a_generated_page_is_read_as_generated(seed: int) -> None:
    html, truth = page(seed)
    article = extract(html, f"https://news.example/2021/05/story-{seed}.html")
    assert differences(article, truth) == {}, truth.shape


def test_the_seeds_cover_every_shape() -> None:
    """The seeds above draw every language (the ten and those beyond), body markup, headline place, byline and time
    form, and section fronts with and without an intro."""
    shapes = [page(seed)[1].shape for seed in SEEDS]
    assert {m for s in shapes for m in s.get("more", [])} == {
        "wrapped", "split", "bio", "tags", "pages", "embed", "lead_div", "updated"}
    assert {m for s in shapes for m in s.get("later", [])} == {
        "table", "comments_open", "spacers", "form", "collapsed", "live"}
    assert {m for s in shapes for m in s.get("last", [])} == {"thread", "hashed", "credit"}
    assert {s["thread"] for s in shapes if "thread" in s} == {"after", "inside", "unlabelled"}
    assert {s["headline_box"] for s in shapes if "headline_box" in s} == {
        "h2", "h3-linked", "div", "bold-p"}
    drawn = {key: {s[key] for s in shapes if key in s}
             for key in ("markup", "heading", "title", "byline", "time", "intro")}
    assert {page(seed)[1].language for seed in SEEDS} == set(LANGUAGES) | set(WORLD)
    assert drawn == {"markup": {"p", "div", "span", "br"},
                     "heading": {"inside", "outside", "logo"},
                     "title": {"plain", "suffixed", "entities", "kicker", "seo"},
                     "byline": {"words", "org-and-words", "links", "box", "meta",
                                "meta-joined", "jsonld", "none"},
                     "time": {"meta", "meta-no-colon", "time", "jsonld", "jsonld-edited",
                              "dateline", "none"},
                     "intro": {True, False}}
