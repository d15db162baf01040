"""Stories told in lists, as weekly reports, changelogs and release notes are: sections
of items under sub-headings, few paragraphs, items that announce a list of their own
("In progress:") whose items are links, amid the story (at its end, linked lines
after a label read as other stories' headlines). Each page is built here; its wrappers, class
names and the decoy (a picture's long caption in a <p>, the page's longest paragraph)
vary, so no rule can lean on one theme's markup."""

from __future__ import annotations

import random

import pytest

from crawler.extract import extract

URL = "https://blog.example/2024/05/these-weeks-issue-12"
HEADLINE = "These weeks in the browser: issue 12"
SECTIONS = {
    "Highlights": [
        "We have landed a fix that stops an update from starting while another instance runs.",
        "Users can now import their saved logins from two more password managers this week.",
        "The address bar keeps its results open while an input method composes a word.",
    ],
    "Picture in picture": [
        "Students from the university will work on the video window again next semester.",
    ],
    "Performance": [
        "Startup is faster on older laptops now that the cache is read in the background.",
        "A hang at shutdown caused by the start page cache was fixed by the cache's owners.",
    ],
}
NESTED = [
    "Bug 1677080 – Fullscreen window is affected by switching the video source",
    "Bug 1677107 – Add telemetry for tracking the use of several windows at once",
    "Bug 1681796 – Prevent superfluous actors from being associated with each tab",
    "Bug 1680796 – Ensure that the tab's actor is destroyed before moving to the next test",
    "Bug 1678390 – Prevent two video windows from opening on top of one another",
]
THEMES = ["wp-post", "ghost-content", "hugo-single", "x9f3k", "blogger-post"]


def _item(text: str, rng: random.Random) -> str:
    """An item, maybe with a link on a few words of it (a bug's number)."""
    if rng.random() < 0.5:
        words = text.split()
        return f"<a href='/bug/{rng.randint(1000, 9999)}'>{' '.join(words[:2])}</a> " + " ".join(
            words[2:])
    return text


def _page(theme: str, *, announced: str = "In progress:") -> str:
    rng = random.Random(theme)
    cls = f"{theme}-{''.join(rng.choice('abcdefgh') for _ in range(4))}"
    heading = rng.choice(["h2", "h3", "h4"])
    parts = []
    for title, items in SECTIONS.items():
        lis = "".join(f"<li>{_item(i, rng)}</li>" for i in items)
        if title == "Picture in picture":
            nested = "".join(f"<li><a href='/bug/{n[4:11]}'>{n}</a></li>" for n in NESTED)
            lis += f"<li>{announced}<ul>{nested}</ul></li>"
        parts.append(f"<{heading}>{title}</{heading}><ul>{lis}</ul>")
    caption = ("<div class='wp-caption aligncenter'><img src='/img/team.jpg'><p class='"
               "wp-caption-text'>The team at the spring meeting in the old library, where "
               "they planned the work on the address bar, the start page and the video "
               "window for the next two releases, with guests from two universities.</p></div>")
    at = rng.randrange(1, len(parts))
    parts.insert(at, caption)
    rail = ("<aside><h3>Recent posts</h3><ul>"
            + "".join(f"<li><a href='/2024/0{n}/issue-{n}'>These weeks: issue {n}</a></li>"
                      for n in range(1, 6)) + "</ul></aside>")
    menu = ("<nav><ul><li>Sections<ul><li><a href='/news'>News</a></li><li><a href='/dev'>"
            "Development</a></li><li><a href='/about'>About</a></li></ul></li></ul></nav>")
    return (f"<html><head><title>{HEADLINE}</title></head><body><header>{menu}</header>"
            f"<main class='{cls}'><article class='{cls}-post'><h1>{HEADLINE}</h1>"
            f"<div class='{cls}-content'>{''.join(parts)}</div></article>{rail}</main>"
            f"<footer><p>Blog of the browser team.</p></footer></body></html>")


@pytest.mark.parametrize("theme", THEMES)
def test_every_item_of_a_story_told_in_lists_is_read_a_line_each(theme: str) -> None:
    """Every item, the linked items of the list an item announces among them, each on
    a line of its own after the item announcing it; the sections' headings kept; no
    item glued to the items nested in it; the rail's and the menu's links left out."""
    article = extract(_page(theme), URL)
    lines = article.text.split("\n\n")
    for items in SECTIONS.values():
        for item in items:
            assert item in lines
    at = lines.index("In progress:")
    assert lines[at + 1 : at + 1 + len(NESTED)] == NESTED
    assert set(SECTIONS) <= set(article.headings)
    assert not any("In progress: Bug" in line for line in lines)
    assert "These weeks: issue 3" not in article.text
    assert "Development" not in article.text


@pytest.mark.parametrize("theme", THEMES[:3])
def test_items_nested_under_an_item_that_announces_nothing_are_lines_of_their_own(
        theme: str) -> None:
    """An item holding a list without a colon before it: its text and the nested items,
    each a line (not the item's text and its nested items glued in one line)."""
    article = extract(_page(theme, announced="Being worked on by the team this week"), URL)
    lines = article.text.split("\n\n")
    assert not any(line.startswith("Being worked on") and "Bug 1677080" in line
                   for line in lines)
    for items in SECTIONS.values():
        for item in items:
            assert item in lines


STORY = [f"The harbour authority said repairs to pier {n} would take a month longer and cost "
         f"more than planned, according to a report the council published on Tuesday." for n in range(8)]


@pytest.mark.parametrize("summary", ["span", "p", "div"])
@pytest.mark.parametrize("theme", THEMES[:3])
def test_a_list_of_teasers_with_summaries_is_no_story_told_in_lists(theme: str, summary: str
                                                                    ) -> None:
    """A column of other stories, each item a linked headline and its summary (a
    "breaking news" list), beside a story split into a first part and its rest in a box
    of its own: the list's items are no story's prose, the story is the body."""
    rng = random.Random(theme)
    cls = f"{theme}-{''.join(rng.choice('abcdefgh') for _ in range(4))}"
    teasers = "".join(
        f"<li><a href='/news/{n}'>Council backs plan number {n} for the new pier</a>"
        f"<{summary}>CITY: The council voted on Monday to back plan {n} for the new pier, "
        f"which will cost more than the old one and take two years to build.</{summary}></li>"
        for n in range(10))
    story = "".join(f"<p>{t}</p>" for t in STORY[:3])
    rest = "".join(f"<p>{t}</p>" for t in STORY[3:])
    page = (f"<html><head><title>{HEADLINE}</title></head><body><div class='{cls}-page'>"
            f"<div class='{cls}-left'><div class='{cls}-ticker'><ul>{teasers}</ul></div>"
            f"<div class='{cls}-main'><h1>{HEADLINE}</h1><div class='{cls}-story'>{story}"
            f"<div class='{cls}-more'>{rest}</div></div></div></div></div></body></html>")
    assert extract(page, URL).paragraphs == STORY
