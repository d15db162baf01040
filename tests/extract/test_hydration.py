"""Client-rendered articles whose story is in the static HTML as script data: read
without a browser when complete, rendered when only a summary is there."""

from __future__ import annotations

import json

import pytest

from crawler.extract import extract
from crawler.render_policy import render_reason

URL = "https://spa.example/posts/harbour-vote"
PARAGRAPHS = [f"Paragraph {i} of the story about the harbour and the council budget vote, "
              "told at length so that it counts as the prose of an article." for i in range(6)]
HEAD = ("<head><title>Harbour vote | Spa News</title><meta property='og:type' "
        "content='article'><meta property='og:title' content='Harbour vote passes'></head>")


def _page(script: str, root: str = "<div id='__next'></div>") -> str:
    return f"<html lang='en'>{HEAD}<body>{root}{script}</body></html>"


def _next_data(body: object) -> str:
    data = {"props": {"pageProps": {"post": {"title": "Harbour vote passes",
                                             "excerpt": "The council voted.", "body": body},
                                    "related": [{"title": "Other", "text": "Short teaser."}]}},
            "page": "/posts/[slug]"}
    return f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(data)}</script>"


@pytest.mark.parametrize("script", [
    _next_data("".join(f"<p>{p}</p>" for p in PARAGRAPHS)),  # HTML in a string
    _next_data([{"type": "paragraph", "text": p} for p in PARAGRAPHS]),  # text blocks
    "<script>window.__INITIAL_STATE__ = " + json.dumps(
        {"article": {"content": "\n\n".join(PARAGRAPHS)}}) + ";window.x = 1;</script>",
    "<script type='application/ld+json'>" + json.dumps(
        {"@type": "NewsArticle", "headline": "Harbour vote passes",
         "articleBody": "\n".join(PARAGRAPHS)}) + "</script>",
])
def test_a_complete_story_in_script_data_needs_no_browser(script: str) -> None:
    article = extract(_page(script), URL, links_only_if_not_article=True)
    assert article.paragraphs == PARAGRAPHS
    assert not article.js_shell
    assert article.page_type == "article"
    assert render_reason(article, "auto", URL) is None  # stored as fetched


def test_a_summary_in_script_data_still_needs_the_browser() -> None:
    article = extract(_page(_next_data("The council voted on the harbour.")), URL,
                      links_only_if_not_article=True)
    assert article.js_shell
    assert render_reason(article, "auto", URL) == "js-shell"


def test_script_data_does_not_replace_a_body_in_the_html() -> None:
    html_body = "".join(f"<p>{p} (in the HTML)</p>" for p in PARAGRAPHS)
    article = extract(_page(_next_data("<p>Another text entirely, " + "word " * 100 + "</p>"),
                            root=f"<article><h1>Harbour vote passes</h1>{html_body}</article>"),
                      URL)
    assert all(p.endswith("(in the HTML)") for p in article.paragraphs)
