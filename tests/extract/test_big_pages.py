"""Pages grown large (``benchmarks/big_pages.py`` times them) are read whole: thousands
of paragraphs, of bare-<div> paragraphs, of boxed ones; a thread of a thousand comments
under a brief stays out of its body."""

from __future__ import annotations

import pytest

from benchmarks.big_pages import URL, page, sentence
from crawler.extract import extract

SIZE = 1500


@pytest.mark.parametrize("shape", ["paragraphs", "div-prose", "boxed"])
def test_a_story_of_thousands_of_paragraphs_is_read_whole(shape: str) -> None:
    assert extract(page(shape, SIZE), URL).paragraphs == [sentence(i) for i in range(SIZE)]


def test_a_thousand_comments_under_a_brief_are_no_body() -> None:
    assert extract(page("comments", 4 * SIZE), URL).paragraphs == [sentence(0), sentence(1)]


@pytest.mark.parametrize("form", ["nested", "unclosed"])
def test_a_story_nested_deeper_than_the_parsers_default_is_read(form: str) -> None:
    """Past 255 levels lxml's parser drops the rest of the page by default: a template
    that never closes its <div>s (one more level per paragraph), or wrappers nested
    hundreds deep, lost the story."""
    if form == "nested":
        story = "<div>" * 600 + "".join(f"<p>{sentence(i)}</p>" for i in range(8)) + "</div>" * 600
        count = 8
    else:
        story = "".join(f"<div class='row'><p>{sentence(i)}</p>" for i in range(400))
        count = 400
    html = f"<html><body><h1>Harbour repairs</h1>{story}</body></html>"
    assert extract(html, URL).paragraphs == [sentence(i) for i in range(count)]
