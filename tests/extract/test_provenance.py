"""``extraction``: which path produced the body, how far it can be trusted, and which
version of the rules did it."""

from __future__ import annotations

import json

import pytest

from crawler.extract import extract
from crawler.extract._article import EXTRACTOR_VERSION

URL = "https://news.example/2024/05/harbour"
SENTENCE = ("The harbour authority said repairs to pier {i} would take a month, and cost more "
            "than planned, according to a report published on Tuesday by the city council.")
PROSE = [SENTENCE.format(i=i) for i in range(8)]


def _page(body: str, head: str = "") -> str:
    return (f"<html><head><title>Harbour repairs</title>{head}</head><body>"
            f"<h1>Harbour repairs take longer</h1>{body}</body></html>")


def test_an_article_read_by_the_main_path_is_trusted() -> None:
    article = extract(_page("".join(f"<p>{p}</p>" for p in PROSE)), URL)
    assert article.extraction.method == "trafilatura"
    assert article.extraction.confidence >= 0.9
    assert article.extraction.version == EXTRACTOR_VERSION
    assert article.to_document()["extraction"] == {
        "method": "trafilatura", "confidence": article.extraction.confidence,
        "version": EXTRACTOR_VERSION}


def test_a_body_the_main_path_misses_comes_from_the_fallback() -> None:
    # A story drawn as one clickable card per paragraph, as some apps render it:
    # trafilatura drops <button> elements whole.
    cards = "".join(f"<button class='para'>{p}</button>" for p in PROSE)
    article = extract(_page(f"<main><p>Share this story.</p><div>{cards}</div></main>"), URL)
    assert article.extraction.method == "readability"
    assert all(p in article.text for p in PROSE)
    assert 0.5 <= article.extraction.confidence < 0.9


def test_a_body_from_script_data_says_so() -> None:
    data = {"props": {"pageProps": {"article": {"body": " ".join(PROSE)}}}}
    page = ("<html><head><title>Harbour</title></head><body><h1>Harbour repairs</h1>"
            "<div id='__next'></div><noscript>You need to enable JavaScript</noscript>"
            f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(data)}</script>"
            "</body></html>")
    assert extract(page, URL).extraction.method == "hydration"


@pytest.mark.parametrize("body", [
    # a list of headlines: a listing, not an article
    "<ul>" + "".join(f"<li><h3><a href='/s/{i}'>Story {i} about the harbour</a></h3></li>"
                     for i in range(30)) + "</ul>",
    # a few words under the headline
    "<p>Photos: the pier at dawn.</p>",
])
def test_bodies_that_are_not_an_article_are_not_trusted(body: str) -> None:
    assert extract(_page(body), URL).extraction.confidence < 0.5


def test_a_body_that_disagrees_with_the_declared_article_body_loses_trust() -> None:
    declared = {"@type": "NewsArticle", "headline": "Harbour repairs take longer",
                "articleBody": " ".join(
                    f"The ferry timetable for route {i} changes next week as crews repaint "
                    "the terminal and replace the ticket machines." for i in range(8))}
    head = f"<script type='application/ld+json'>{json.dumps(declared)}</script>"
    disagreeing = extract(_page("".join(f"<p>{p}</p>" for p in PROSE), head), URL)
    agreeing = extract(_page("".join(f"<p>{p}</p>" for p in PROSE), head.replace(
        json.dumps(declared["articleBody"]), json.dumps(" ".join(PROSE)))), URL)
    assert disagreeing.extraction.confidence < 0.5 < agreeing.extraction.confidence


def test_a_page_with_no_body_has_none() -> None:
    article = extract("<html><body><h1>Gallery</h1><img src='/a.jpg'></body></html>", URL)
    assert article.extraction.method == "none"
    assert article.extraction.confidence == 0.0


@pytest.mark.parametrize("teaser", ["article", "div", "li"])
def test_a_front_page_of_teasers_does_not_become_an_article_by_the_fallback(teaser: str) -> None:
    teasers = "".join(
        f"<{teaser} class='teaser'><h2><a href='/s/{i}'>Story {i} of the day</a></h2>"
        f"<p>{SENTENCE.format(i=i)}</p></{teaser}>" for i in range(8))
    holder = "ul" if teaser == "li" else "main"
    article = extract(_page(f"<{holder}>{teasers}</{holder}>"), URL)
    assert article.extraction.method != "readability"
    assert article.page_type != "article"
