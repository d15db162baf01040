"""Client-rendered articles whose story is in the static HTML as script data: read
without a browser when complete, rendered when only a summary is there."""

from __future__ import annotations

import json

import pytest

from benchmarks._suites import devalued
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


# --- the story only in data, the HTML holding the site's chrome --------------------------

ABOUT = ("Spa News is an independent newsroom covering the harbour towns of the north coast "
         "since 1998. Our reporters cover politics, the port, schools and the courts, and our "
         "journalism is funded by readers. Write to the newsroom with tips and corrections at "
         "any time, and sign up for the morning briefing to get the day's stories first.")
SUBHEADING = "What the council decided"


def _chrome(script: str, about: bool = True) -> str:
    """An app's static HTML: a menu, an empty root for the story, a footer with the
    site's "About us" (prose, and more than a thin shell's), and the data script."""
    menu = "".join(f"<li><a href='/s/{i}'>Section {i}</a></li>" for i in range(30))
    footer = f"<div class='site-info'><p>{ABOUT}</p><p>{ABOUT}</p></div>" if about else ""
    return (f"<html lang='en'>{HEAD}<body><nav><ul>{menu}</ul></nav><div id='root'>"
            f"<h1>Harbour vote passes</h1></div>{footer}{script}</body></html>")


def _blocks() -> list[tuple[str, str]]:
    return [("p", p) for p in PARAGRAPHS[:3]] + [("h2", SUBHEADING)] + [
        ("p", p) for p in PARAGRAPHS[3:]]


def _arc() -> str:
    elements = [{"type": "image", "caption": "The harbour at dawn.", "url": "/a.jpg"}]
    for tag, text in _blocks():
        if tag == "p":
            # (Arc keeps a text element's links as markup in its content.)
            linked = text.replace("council", "<a href='/council'>council</a>", 1)
            elements.append({"type": "text", "content": linked})
        else:
            elements.append({"type": "header", "level": 2, "content": text})
    elements.append({"type": "raw_html", "content": "<div class='ad'>Advertisement</div>"})
    return ("<script>window.Fusion=window.Fusion||{};Fusion.globalContent="
            + json.dumps({"_id": "X1", "content_elements": elements}) + ";</script>")


def _portable_text() -> str:
    body = [{"_type": "block", "style": "normal" if tag == "p" else tag, "children": [
        {"_type": "span", "text": text[:40], "marks": []},
        {"_type": "span", "text": text[40:], "marks": ["strong"]}]} for tag, text in _blocks()]
    body.insert(2, {"_type": "image", "asset": {"_ref": "image-1"}, "alt": "The harbour"})
    return _next_data(body)


def _contentful() -> str:
    document = {"nodeType": "document", "data": {}, "content": [
        {"nodeType": "paragraph" if tag == "p" else "heading-2", "data": {}, "content": [
            {"nodeType": "text", "value": text, "marks": [], "data": {}}]}
        for tag, text in _blocks()]}
    return _next_data(document)


def _wp_rest() -> str:
    rendered = "".join(f"<{tag}>{text}</{tag}>" for tag, text in _blocks())
    state = {"source": {"post": {"7": {"title": {"rendered": "Harbour vote passes"},
                                       "excerpt": {"rendered": "<p>The council voted.</p>"},
                                       "content": {"rendered": rendered}}}}}
    return "<script>window.__INITIAL_STATE__ = " + json.dumps(state) + ";</script>"


@pytest.mark.parametrize("script", [_arc(), _portable_text(), _contentful(), _wp_rest(),
                                    _next_data([{"type": "paragraph", "text": p}
                                                for p in PARAGRAPHS])],
                         ids=["arc", "portable-text", "contentful", "wp-rest", "next-blocks"])
def test_a_story_only_in_data_beside_the_sites_prose_is_read_from_the_data(script: str
                                                                           ) -> None:
    """The HTML holds prose of its own (the footer's "About us", more than a thin
    shell's), none of it the story's: the story the data holds, in any of the shapes
    client-rendered sites ship (Arc XP's content elements with their links as markup,
    Sanity's Portable Text spans, Contentful's rich-text nodes, a WordPress REST post's
    rendered HTML, text blocks), is the body; pictures, embeds and ads among its blocks
    are not."""
    article = extract(_chrome(script), URL)
    assert article.extraction.method == "hydration"
    assert [p for p in article.paragraphs if p != SUBHEADING] == PARAGRAPHS
    assert "Advertisement" not in article.text and "The harbour at dawn" not in article.text
    assert "<a" not in article.text and ABOUT not in article.text


def test_a_story_shown_in_part_whose_whole_the_data_holds_stays_as_shown() -> None:
    """The HTML shows the first paragraphs (a paywall's teaser, over 60 words), the
    data holds them and three times as much: the body is what the page shows, as
    before."""
    shown = "".join(f"<p>{p}</p>" for p in PARAGRAPHS[:3])
    more = [f"{p} It goes on." for p in PARAGRAPHS]
    html = _page(_next_data([{"type": "paragraph", "text": p} for p in PARAGRAPHS + more]),
                 root=f"<article><h1>Harbour vote passes</h1>{shown}</article>")
    article = extract(html, URL)
    assert article.paragraphs == PARAGRAPHS[:3]
    assert article.extraction.method != "hydration"


@pytest.mark.parametrize("byline", ["<div class='article__author'>By Jane Holloway</div>",
                                    "<p>By <a href='/staff/jane-holloway'>Jane Holloway</a></p>"])
@pytest.mark.parametrize("script", [_arc(), _wp_rest()], ids=["arc", "wp-rest"])
def test_the_html_byline_of_a_story_only_in_data_names_its_author(byline: str, script: str
                                                                  ) -> None:
    """The byline stands in the HTML under the headline; the story only in the data,
    and a sign-up form's field descriptions above the headline are the HTML's longest
    text (its "body", before the headline: a byline is not looked for after it): the
    byline still names the author."""
    form = ("<form class='signup'><ul><li class='field has-description'><label>Email</label>"
            f"<input type='email'><p class='field-description'>{ABOUT}</p>"
            f"<p class='field-description'>{ABOUT}</p></li></ul></form>")
    html = _chrome(script, about=False).replace("<div id='root'>", f"{form}<div id='root'>").replace(
        "<h1>Harbour vote passes</h1>", f"<h1>Harbour vote passes</h1>{byline}")
    article = extract(html, URL)
    assert article.extraction.method == "hydration"
    assert article.authors == ["Jane Holloway"]
    assert "Jane Holloway" not in article.text


def test_a_shown_story_beside_the_longer_next_one_in_the_data_stays() -> None:
    """The data holds the page's story and, longer, the next one of an endless scroll
    (which shares nothing with it): the page's story, shown in the HTML, is the body."""
    next_story = [f"Next story paragraph {i} on the ferry timetable for the summer, the new "
                  "crossings and the fares the operator will charge from June onwards, in "
                  "full." for i in range(12)]
    data = {"props": {"pageProps": {
        "post": {"body": [{"type": "paragraph", "text": p} for p in PARAGRAPHS]},
        "next": {"body": [{"type": "paragraph", "text": p} for p in next_story]}}}}
    script = f"<script id='__NEXT_DATA__' type='application/json'>{json.dumps(data)}</script>"
    shown = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    article = extract(_page(script, root=f"<article><h1>Harbour vote passes</h1>{shown}"
                                         "</article>"), URL)
    assert article.paragraphs == PARAGRAPHS
    assert article.extraction.method != "hydration"


def _summary_data(words: int) -> str:
    summary = " ".join(f"summary{i}" for i in range(words))
    return ("<script type='application/ld+json'>" + json.dumps(
        {"@type": "BlogPosting", "headline": "Harbour vote passes", "articleBody": summary})
        + "</script>")


@pytest.mark.parametrize("shape", ["code", "links"])
def test_a_story_of_short_lines_stays_over_a_short_text_in_the_data(shape: str) -> None:
    """A story in the HTML whose median paragraph runs under 15 words (a tutorial's code
    lines between its prose, a link roundup's linked lines) reads as no prose; the data's
    text, a description of some 90 words, is not the story for that."""
    lines = []
    for i in range(12):
        lines.append(f"<p>{PARAGRAPHS[i % 6]} Part {i}.</p>")
        if shape == "code":
            lines += [f"<pre>const worker{i}{j} = spawn('node', ['cpu.js', '{j}']);</pre>"
                      for j in range(3)]
        else:
            lines += [f"<p><a href='/l/{i}{j}'>A link to read number {i}{j}</a> via "
                      f"<a href='/s/{j}'>its source</a></p>" for j in range(3)]
    root = f"<article><h1>Harbour vote passes</h1>{''.join(lines)}</article>"
    article = extract(_page(_summary_data(90), root=root), URL)
    assert article.extraction.method != "hydration"
    assert f"{PARAGRAPHS[5]} Part 11." in article.paragraphs
    assert "summary5" not in article.text


def test_a_menus_lines_yield_to_a_story_in_the_data_of_fewer_words() -> None:
    """The HTML shows a site's long index of sections (no prose, more words than the
    story) and an empty root; the story is the data's."""
    index = "".join(f"<div class='row'><a href='/s/{i}'>Section {i} of the news site</a>"
                    "</div>" for i in range(60))
    root = f"<div class='index'>{index}</div><div id='root'><h1>Harbour vote passes</h1></div>"
    data = _next_data([{"type": "paragraph", "text": p} for p in PARAGRAPHS * 2])
    article = extract(_page(data, root=root), URL)
    assert article.extraction.method == "hydration"
    assert article.paragraphs == PARAGRAPHS * 2


# --- Nuxt 3's payload: one JSON array flattened by devalue ------------------------------

@pytest.mark.parametrize("body", [
    "".join(f"<p>{p}</p>" for p in PARAGRAPHS),  # the story's HTML in one string
    [{"type": "paragraph", "text": p} for p in PARAGRAPHS],  # text blocks
])
def test_a_story_in_nuxts_flattened_payload_needs_no_browser(body: object) -> None:
    """A Nuxt 3 site's story, only in its ``__NUXT_DATA__`` payload, which devalue
    writes as one array of values referring to each other by index: ``"body": 7`` is
    the array's eighth value. Read as plain JSON, no key held a text."""
    payload = {"data": {"article-harbour-vote": {
        "title": "Harbour vote passes", "excerpt": "The council voted.", "body": body,
        "related": [{"title": "Other", "text": "Short teaser."}]}},
        "state": {}, "serverRendered": True}
    script = (f"<script type='application/json' id='__NUXT_DATA__' data-ssr='true'>"
              f"{devalued(payload)}</script>")
    article = extract(_page(script, root="<div id='__nuxt'></div>"), URL,
                      links_only_if_not_article=True)
    assert article.paragraphs == PARAGRAPHS
    assert not article.js_shell
    assert article.extraction.method == "hydration"
