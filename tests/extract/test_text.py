from __future__ import annotations

import pytest

from crawler.extract._text import parse_count, simhash


@pytest.mark.parametrize(
    ("shown", "value"),
    [("2K", 2000), ("4K", 4000), ("0", 0), ("950", 950), ("1.5M", 1_500_000),
     ("1,234", 1234), ("3,5 bin", 3500), ("12 bin", 12000), ("views", None), ("", None)],
)
def test_parse_count(shown: str, value: int | None) -> None:
    assert parse_count(shown) == value


def _distance(a: str, b: str) -> int:
    return bin(int(a, 16) ^ int(b, 16)).count("1")


def test_simhash_keeps_syndicated_copies_close() -> None:
    story = " ".join(f"Officials said the bridge would reopen in week {i} after repairs."
                     for i in range(30))
    copy = story.replace("Officials said", "Officials told AFP", 2) + " (AFP)"
    other = " ".join(f"The orchestra announced concert {i} of its winter season."
                     for i in range(30))
    a, b, c = simhash(story), simhash(copy), simhash(other)
    assert a and b and c
    assert _distance(a, b) <= 6
    assert _distance(a, c) > 12
