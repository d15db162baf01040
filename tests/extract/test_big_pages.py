"""Pages grown large (``benchmarks/big_pages.py`` times them) are read whole: thousands
of paragraphs, of bare-<div> paragraphs, of boxed ones; a thread of a thousand comments
under a brief stays out of its body."""

from __future__ import annotations

import pytest

from benchmarks.big_pages import URL, _page, _s
from crawler.extract import extract

SIZE = 1500


@pytest.mark.parametrize("shape", ["paragraphs", "div-prose", "boxed"])
def test_a_story_of_thousands_of_paragraphs_is_read_whole(shape: str) -> None:
    assert extract(_page(shape, SIZE), URL).paragraphs == [_s(i) for i in range(SIZE)]


def test_a_thousand_comments_under_a_brief_are_no_body() -> None:
    assert extract(_page("comments", 4 * SIZE), URL).paragraphs == [_s(0), _s(1)]
