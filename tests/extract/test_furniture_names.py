"""A story whose boxes carry a word that names furniture elsewhere: the holder of a story
that expands ("article-body expandable"), of paid content ("paid-content",
id="premium-article"), a page builder's text "widget"; the rest of a story under a
paywall's name; a story in chunks, each named so; documentation sections whose ids are
their headings' words ("sharing-a-repository"). trafilatura's clean-up drops a box by such
a word, story and all. Each page is built here for one of those shapes, with the
boxes that such words do name (a sign-up box, a related box, a column of comments) beside
them."""

from __future__ import annotations

import pytest

from crawler.extract import extract
from tests.extract.test_body_shapes import THEMES, URL, _page, _theme, _words

# Words in a story holder's class (or id) that name furniture for trafilatura.
HOLDER_NAMES = [
    ("class", "expandable"),
    ("class", "paid-content"),
    ("class", "widget widget-text"),
    ("class", "has-overlay"),
    ("class", "slide-body"),
    ("id", "premium-article"),
]
REST_BOXES = [
    "<div class='paywall'>",
    "<div id='premium-content' class='premium-content'>",
    "<div class='read-more-expand'>",
    "<div class='paid-content'>",
    "<section class='article-rest widget'>",
]
HEADLINE = "<h1>Harbour repairs take longer</h1>"
DEK = ("The city's oldest pier will stay closed to ferries for most of the summer, and the "
       "harbour authority now says the repairs will cost twice what was planned when the work "
       "began in the spring, with divers still to inspect the foundations under the landing.")
NOTE = ("Correction: an earlier version of this story gave the wrong number for the pier that "
        "is closed. It is pier 4, not pier 3, and the ferry landing beside it stays open for "
        "the morning crossings until the end of June.")


def _article(stem: str, story: str) -> str:
    """An article with the story's boxes, a standfirst before them and a correction
    after them: as on most pages, the article holds more than the box named as
    furniture (trafilatura drops no box that holds six sevenths of its text)."""
    return (f"<article>{HEADLINE}<p class='{stem}-dek'>{DEK}</p>{story}"
            f"<p class='{stem}-note'><em>{NOTE}</em></p></article>")


def _sidebar(stem: str) -> str:
    teasers = "".join(f"<li><a href='/other/{i}'>Another story number {i} of the day</a></li>"
                      for i in range(6))
    return f"<div class='{stem}-rail'><h3>Most read</h3><ul>{teasers}</ul></div>"


def _attrs(kind: str, name: str, stem: str) -> str:
    return (f"class='{stem}-copy {name}'" if kind == "class"
            else f"class='{stem}-copy' id='{name}'")


@pytest.mark.parametrize("kind,name", HOLDER_NAMES)
@pytest.mark.parametrize("theme", THEMES)
def test_a_story_holder_named_with_a_furniture_word(kind: str, name: str, theme: str) -> None:
    stem, menu = _theme(theme)
    story = _words(7)
    body = "".join(f"<p>{p}</p>" for p in story)
    page = _page(_article(stem, f"<div {_attrs(kind, name, stem)}>{body}</div>")
                 + _sidebar(stem), menu)
    assert extract(page, URL).paragraphs == [DEK, *story, NOTE]


@pytest.mark.parametrize("box", REST_BOXES)
@pytest.mark.parametrize("theme", THEMES)
def test_the_rest_of_a_story_in_a_box_named_as_furniture(box: str, theme: str) -> None:
    """The first paragraphs in the holder, the rest in a box of it named for a paywall or
    an expander: the text is on the page, and it is the story's."""
    stem, menu = _theme(theme)
    story = _words(8)
    close = box.split()[0].replace("<", "</") + ">"
    rest = "".join(f"<p>{p}</p>" for p in story[2:])
    body = f"<p>{story[0]}</p><p>{story[1]}</p>{box}{rest}{close}"
    page = _page(_article(stem, f"<div class='{stem}-text'>{body}</div>") + _sidebar(stem),
                 menu)
    assert extract(page, URL).paragraphs == [DEK, *story, NOTE]


@pytest.mark.parametrize("box", REST_BOXES)
@pytest.mark.parametrize("theme", THEMES)
def test_a_storys_last_short_paragraphs_in_a_box_named_as_furniture(box: str, theme: str
                                                                    ) -> None:
    """Most of the story in the holder, its last paragraphs (a small share of it, a short
    line among them) in a box named for an expander or a paywall, nothing but paragraphs
    in it: they are the story's."""
    stem, menu = _theme(theme)
    story = _words(9)
    last = [story[7], story[8][:100], "The ferry timetable is on the port's website."]
    close = box.split()[0].replace("<", "</") + ">"
    body = "".join(f"<p>{p}</p>" for p in story[:7]) + box + "".join(
        f"<p>{p}</p>" for p in last) + close
    page = _page(_article(stem, f"<div class='{stem}-text'>{body}</div>") + _sidebar(stem),
                 menu)
    assert extract(page, URL).paragraphs == [DEK, *story[:7], *last, NOTE]


@pytest.mark.parametrize("name", ["widget", "expandable", "paid-content"])
@pytest.mark.parametrize("theme", THEMES)
def test_a_story_in_chunks_each_named_as_furniture(name: str, theme: str) -> None:
    """Chunks of one story, each in a column of its own, between figures: each chunk
    carries the word."""
    stem, menu = _theme(theme)
    story = _words(9)
    chunks = []
    for i in range(3):
        text = "".join(f"<p>{p}</p>" for p in story[3 * i: 3 * i + 3])
        chunks.append(f"<div class='{stem}-col'><div class='{stem}-copy {name}'>{text}</div>"
                      f"</div><figure><img src='/i/{i}.jpg' alt=''></figure>")
    page = _page(_article(stem, "".join(chunks)) + _sidebar(stem), menu)
    assert extract(page, URL).paragraphs == [DEK, *story, NOTE]


SECTIONS = ["Sharing a repository", "Navigating the harbour", "Menu planning for ferries",
            "Related work", "Footer plates of the old pier", "Premium berths"]


def _slug(heading: str) -> str:
    return "-".join(heading.lower().split())


@pytest.mark.parametrize("nested", [False, True])
@pytest.mark.parametrize("theme", THEMES)
def test_sections_whose_ids_are_their_headings_words(nested: bool, theme: str) -> None:
    """Documentation generators and Markdown renderers give each section the id of its
    heading's words ("sharing-a-repository"): no furniture, whatever the words."""
    stem, menu = _theme(theme)
    story = _words(2 * len(SECTIONS))
    sections = [f"<div class='section' id='{_slug(h)}'><h2>{h}</h2><p>{story[2 * i]}</p>"
                f"<p>{story[2 * i + 1]}</p>" for i, h in enumerate(SECTIONS)]
    if nested:  # each section inside the one before, as Sphinx nests sub-sections
        inner = "".join(sections) + "</div>" * len(sections)
    else:
        inner = "</div>".join(sections) + "</div>"
    page = _page(f"<div class='{stem}-doc'>{HEADLINE}{inner}</div>{_sidebar(stem)}", menu)
    article = extract(page, URL)
    assert article.paragraphs == story
    for heading in SECTIONS:
        assert heading in article.text


@pytest.mark.parametrize("theme", THEMES)
def test_furniture_in_a_named_story_stays_out(theme: str) -> None:
    """The story's holder carries a furniture word; a sign-up box and a box of related
    stories in it, and a bio after it, are still no story."""
    stem, menu = _theme(theme)
    story = _words(8)
    signup = ("<div class='newsletter-signup'><p>Sign up for our morning newsletter and get "
              "the day's biggest stories delivered to your inbox every single day.</p>"
              "<form><input name='email'><button>Subscribe</button></form></div>")
    related = ("<div class='related-stories'><h4>Related stories</h4><ul>"
               + "".join(f"<li><a href='/r/{i}'>A related story about the port, part {i}</a>"
                         "</li>" for i in range(4)) + "</ul></div>")
    bio = ("<div class='author-bio'><p>Jane Doe covers the port and the islands for the "
           "paper and has written about ferries since 2009.</p></div>")
    first = "".join(f"<p>{p}</p>" for p in story[:4])
    rest = "".join(f"<p>{p}</p>" for p in story[4:])
    page = _page(f"<article>{HEADLINE}<div class='{stem}-body expandable'>{first}{signup}"
                 f"{rest}{related}</div>{bio}</article>{_sidebar(stem)}", menu)
    article = extract(page, URL)
    assert article.paragraphs == story


@pytest.mark.parametrize("theme", THEMES)
def test_a_column_named_as_furniture_around_story_and_comments(theme: str) -> None:
    """A "widget-area" column holds the story and the readers' comments after it: the
    column is not the story's box, and the comments stay out of the body."""
    stem, menu = _theme(theme)
    story = _words(6)
    comments = "".join(
        f"<div class='{stem}-comment'><div class='{stem}-who'>Reader {i}</div>"
        f"<div class='{stem}-said'>I have taken the morning ferry from that pier for twenty "
        f"years and number {i} of these repairs is long overdue, frankly.</div></div>"
        for i in range(8))
    body = "".join(f"<p>{p}</p>" for p in story)
    page = _page(f"<div class='widget-area {stem}-main'><article>{HEADLINE}"
                 f"<div class='{stem}-body widget'>{body}</div></article>"
                 f"<div class='{stem}-comments'>{comments}</div></div>{_sidebar(stem)}", menu)
    article = extract(page, URL)
    assert article.paragraphs == story
    assert "twenty years" not in article.text


LEAD_BOXES = ["<p class='article-teaser'>{}</p>", "<p class='c-teaser__text'>{}</p>",
              "<div class='story-teaser'><p>{}</p></div>"]


@pytest.mark.parametrize("lead", LEAD_BOXES)
@pytest.mark.parametrize("picture", [False, True])
@pytest.mark.parametrize("theme", THEMES)
def test_a_lead_named_teaser_opens_the_story(lead: str, picture: bool, theme: str) -> None:
    """German sites name the story's lead a "Teaser"; Drupal names a listing's cards so
    (those after the story stay out). A picture with a caption may come first."""
    stem, menu = _theme(theme)
    story = _words(6)
    figure = ("<div class='media'><img src='/i/pier.jpg' alt=''><p class='caption'>The old "
              "pier at dawn, seen from the ferry landing, where divers began their work on "
              "Monday morning.</p></div>" if picture else "")
    cards = "".join(
        f"<article class='node node--view-mode-teaser'><h3><a href='/n/{i}'>Another story "
        f"{i}</a></h3><p class='node-teaser'>A summary of another story of the week, number "
        f"{i}, as a listing shows it under its headline.</p></article>" for i in range(4))
    body = figure + lead.format(story[0]) + "".join(f"<p>{p}</p>" for p in story[1:])
    page = _page(_article(stem, f"<div class='{stem}-text'>{body}</div>")
                 + f"<div class='{stem}-more'>{cards}</div>{_sidebar(stem)}", menu)
    article = extract(page, URL)
    assert article.paragraphs[-len(story) - 1:] == [*story, NOTE]
    assert "as a listing shows it" not in article.text
