"""Article or listing, whatever the page declares: many templates write og:type
"website" on every page, articles included, and some write "article" on section
fronts. Each page is built here in several shapes (paragraphs in one container, each
paragraph boxed in its own <div>, Chinese or Japanese prose with no spaces, headings
with permalink anchors, a body split into blocks by ads above readers' comments)
beside sidebars of linked headlines, so no rule can lean on one theme's markup."""

from __future__ import annotations

import json
import random
import re

import pytest

from crawler.extract import extract

URL = "https://news.example/2024/05/harbour-repairs"
SENTENCES = [
    "The harbour authority said repairs to the north pier would take a month longer",
    "Engineers found the foundations had moved during the winter storms",
    "The council will meet on Thursday to decide how to pay for the extra work",
    "Fishing crews have been told to use the southern berths until the summer",
    "A report published on Tuesday put the cost at twice the first estimate",
]
JA_SENTENCES = ["港湾局は北側の桟橋の修理が予定より一か月長くかかると発表した。",
                "技術者によると、冬の嵐で基礎が動いていたという。",
                "市議会は木曜日に追加工事の費用について話し合う予定だ。"]


def _prose(rng: random.Random, n: int) -> list[str]:
    return [" ".join(rng.sample(SENTENCES, 3)) + "." for _ in range(n)]


def _sidebar(rng: random.Random, n: int = 6) -> str:
    tag = rng.choice(["aside", "div"])
    items = "".join(f"<div class='card-{i}'><h3><a href='/2024/05/story-{i}'>Other story number {i} "
                    "about the port</a></h3></div>" for i in range(n))
    return f"<{tag} class='rail'><h2>Most read</h2>{items}</{tag}>"


def _head(og_type: str | None, extra: str = "") -> str:
    og = f"<meta property='og:type' content='{og_type}'>" if og_type else ""
    return f"<head><title>Harbour repairs delayed | Port News</title>{og}{extra}</head>"


def _nav() -> str:
    return "<nav>" + "".join(f"<a href='/section/{i}'>Section {i}</a>" for i in range(25)) + "</nav>"


def _article(shape: str, og_type: str | None, seed: int) -> str:
    rng = random.Random(seed)
    if shape == "paragraphs":
        body = "".join(f"<p>{t}</p>" for t in _prose(rng, 5))
    elif shape == "boxed":  # each paragraph in a wrapper of its own (CSS-in-JS themes)
        cls = "".join(rng.choice("abcdefghxyz") for _ in range(7))
        body = "".join(f"<div class='css-{cls}'><p>{t}</p></div>" for t in _prose(rng, 5))
    elif shape == "japanese":  # some 160 characters: a short report
        body = "".join(f"<p>{t}{u}</p>" for t, u in zip(JA_SENTENCES, reversed(JA_SENTENCES)))
    elif shape == "chunked":  # the body in blocks split by ads, readers' comments below
        prose = _prose(rng, 6)
        body = "".join(f"<div class='chunk'><p>{a}</p><p>{b}</p></div><div class='ad'><span>"
                       "Advertisement</span></div>" for a, b in zip(prose[::2], prose[1::2]))
        body += "<section class='comments'>" + "".join(
            f"<div class='comment'><p>{t[:110]}</p></div>" for t in _prose(rng, 6)) + "</section>"
    else:  # "anchored": section headings with permalinks and edit links, as in docs
        body = "".join(f"<h2 id='s{i}'><a href='#s{i}'>¶</a> Part {i}</h2><p>{t}</p>"
                       f"<h3>Notes {i} <a href='/edit?section={i}'>[edit]</a></h3><p>{t}</p>"
                       for i, t in enumerate(_prose(rng, 3)))
    wrap = rng.choice(["main", "div", "section"])
    # The rail of other stories beside the article's wrapper, or inside it after the body.
    inside, outside = (_sidebar(rng), "") if seed % 2 else ("", _sidebar(rng))
    return (f"<html>{_head(og_type)}<body>{_nav()}<{wrap} class='w{seed}'><h1>Harbour repairs "
            f"delayed</h1><p class='by'>By Ana Ruiz</p><div class='b{seed}'>{body}</div>{inside}"
            f"</{wrap}>{outside}</body></html>")


@pytest.mark.parametrize("og_type", ["website", None])
@pytest.mark.parametrize("shape", ["paragraphs", "boxed", "japanese", "anchored", "chunked"])
@pytest.mark.parametrize("seed", [1, 2])
def test_an_article_is_one_whatever_its_og_type(shape: str, og_type: str | None,
                                                 seed: int) -> None:
    page = _article(shape, og_type, seed)
    # The crawler's call: a page declared no article would get its links only.
    article = extract(page, URL, links_only_if_not_article=True)
    assert article.page_type == "article", article.page_type_reason
    assert "港湾局" in article.text if shape == "japanese" else "harbour authority" in article.text


def _listing(shape: str, seed: int, og_type: str | None = "website", head: str = "") -> str:
    rng = random.Random(seed)
    if shape == "cards":
        items = "".join(f"<div class='card'><h3><a href='/2024/05/story-{i}'>Story {i} about the "
                        f"port</a></h3><p>{_prose(rng, 1)[0][:160]}...</p></div>" for i in range(12))
    elif shape == "flat":  # headline links and summaries as siblings in one column
        items = "".join(f"<h2><a href='/2024/05/story-{i}'>Story {i} about the port</a></h2>"
                        f"<p>{_prose(rng, 1)[0]}</p>" for i in range(12))
    elif shape == "full posts":  # a blog's front page showing whole posts one by one
        items = "".join(f"<article><h2><a href='/2024/05/post-{i}'>Post {i}</a></h2><div>"
                        + "".join(f"<p>{t}</p>" for t in _prose(rng, 3)) + "</div></article>"
                        for i in range(4))
    elif shape == "heading in link":  # the card's link holds its heading
        items = "".join(f"<div class='card'><a href='/2024/05/story-{i}'><h3>Story {i} about the "
                        f"port</h3></a><p>{_prose(rng, 1)[0]}</p></div>" for i in range(12))
    elif shape == "bare links":  # no heading markup: a headline link above each summary
        items = "".join(f"<li><a href='/2024/05/story-{i}'>Story {i} about the port and "
                        f"its pier</a><p>{_prose(rng, 1)[0]}</p></li>" for i in range(12))
        items = f"<ul class='stream'>{items}</ul>"
    else:  # "home": teasers without summaries, and an "About us" blurb of prose apart
        items = "".join(f"<div class='t'><h2><a href='/2024/05/story-{i}'>Story {i} about the "
                        f"port and its pier</a></h2><div>{SENTENCES[i % 5][:70]}...</div></div>"
                        for i in range(10))
        about = ("<section class='about'><h2>About us</h2>"
                 + "".join(f"<p>{t}</p>" for t in _prose(rng, 4)) + "</section>")
        return (f"<html>{_head(og_type, head)}<body>{_nav()}<main><h1>Port news</h1>{items}"
                f"</main>{about}</body></html>")
    return (f"<html>{_head(og_type, head)}<body>{_nav()}<main><h1>Port news</h1>{items}</main>"
            f"</body></html>")


@pytest.mark.parametrize("og_type", ["website", None])
@pytest.mark.parametrize("shape", ["cards", "flat", "full posts", "home", "heading in link",
                                   "bare links"])
@pytest.mark.parametrize("seed", [1, 2])
def test_a_listing_stays_a_listing_whatever_it_declares(shape: str, seed: int,
                                                         og_type: str | None) -> None:
    page = _listing(shape, seed, og_type)
    assert extract(page, URL).page_type == "listing"
    assert extract(page, URL, links_only_if_not_article=True).page_type == "listing"


@pytest.mark.parametrize("kind", ["CollectionPage", "SearchResultsPage"])
def test_a_declared_collection_page_is_a_listing_whatever_its_og_type(kind: str) -> None:
    data = {"@context": "https://schema.org", "@type": kind, "name": "Port news",
            "mainEntity": {"@type": "ItemList", "itemListElement": [
                {"@type": "ListItem", "position": i, "url": f"https://news.example/s{i}"}
                for i in range(3)]}}
    head = f"<script type='application/ld+json'>{json.dumps(data)}</script>"
    # A section front whose lead teaser is long enough to pass for an article.
    page = _listing("full posts", 3, og_type="article", head=head)
    for quick in (False, True):
        article = extract(page, URL, links_only_if_not_article=quick)
        assert (article.page_type, article.page_type_reason) == (
            "listing", f"schema={kind.lower()}")


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_short_news_brief_with_its_time_is_an_article(seed: int) -> None:
    # Some 60 words: under an article's usual length, but the page's only prose, with a
    # publication time, beside a cookie notice and a poll.
    rng = random.Random(seed)
    body = "".join(f"<p>{t}</p>" for t in rng.sample(SENTENCES, 4))
    page = (f"<html>{_head(None)}<body>{_nav()}<div class='c{seed}'><h1>Harbour repairs "
            f"delayed</h1><time datetime='2024-05-02T09:30:00Z'>2 May 2024</time>{body}</div>"
            "<div class='cookies'><p>We use cookies to improve your visit. Accept?</p></div>"
            "<div class='poll'><p>Should the pier close for the summer? Vote now.</p></div>"
            "</body></html>")
    article = extract(page, URL)
    assert (article.page_type, article.word_count >= 50) == ("article", True)


@pytest.mark.parametrize("seed", [1, 2])
def test_a_listing_with_one_long_summary_is_no_brief(seed: int) -> None:
    rng = random.Random(seed)
    lead = " ".join(rng.sample(SENTENCES, 4))
    cards = "".join(f"<div class='card'><h3><a href='/2024/05/story-{i}'>Story {i} about the "
                    f"port</a></h3><time datetime='2024-05-0{i + 1}'>May</time>"
                    f"<p>{lead if i == 0 else SENTENCES[i][:60]}</p></div>" for i in range(5))
    page = (f"<html>{_head(None)}<body>{_nav()}<main><h1>Port news</h1>{cards}</main>"
            "</body></html>")
    assert extract(page, URL).page_type == "listing"


@pytest.mark.parametrize("url", ["https://news.example/", "https://news.example",
                                 "https://news.example/index.html"])
@pytest.mark.parametrize("og_type", ["website", None])
def test_a_home_page_whose_teasers_have_no_headings_is_no_article(url: str,
                                                                  og_type: str | None) -> None:
    rng = random.Random(url)
    cards = "".join(f"<a class='card' href='/2024/05/story-{i}'><div class='t'>Story {i} about "
                    f"the port</div><div>{SENTENCES[i % 5][:70]}...</div></a>" for i in range(12))
    about = "<div class='about'>" + "".join(f"<p>{t}</p>" for t in _prose(rng, 4)) + "</div>"
    page = (f"<html>{_head(og_type)}<body>{_nav()}<main><h1>Port News</h1>{cards}</main>{about}"
            "</body></html>")
    assert extract(page, url).page_type != "article"
    # The same prose at a story's own address is an article.
    assert extract(page, URL).page_type == "article"


@pytest.mark.parametrize("when", [
    "<time datetime='2024-05-02T09:30:00Z'>2 May 2024</time>",
    "<meta property='article:published_time' content='2024-05-02T09:30:00Z'>",
])
@pytest.mark.parametrize("seed", [1, 2])
def test_a_brief_beside_a_rail_of_linked_headlines_is_an_article_where_its_time_is_declared(
        when: str, seed: int) -> None:
    """Some 60 words, then a "more stories" block of five linked headlines: the page
    declares its own publication time, which a section's intro text does not have."""
    rng = random.Random(seed)
    body = "".join(f"<p>{t}</p>" for t in rng.sample(SENTENCES, 4))
    head, top = (when, "") if when.startswith("<meta") else ("", when)
    page = (f"<html>{_head(None, head)}<body>{_nav()}<div class='c{seed}'><h1>Harbour repairs "
            f"delayed</h1>{top}{body}</div>{_sidebar(rng, 5)}</body></html>")
    assert extract(page, URL).page_type == "article"
    # Without a declared time the same page is no article: it may be a section's intro.
    undated = page.replace(when, "")
    assert extract(undated, URL).page_type != "article"


@pytest.mark.parametrize("seed", [1, 2])
def test_an_article_written_in_bare_divs_beside_a_rail_is_one_story(seed: int) -> None:
    rng = random.Random(seed)
    body = "".join(f"<div>{t}</div>" for t in _prose(rng, 5))
    page = (f"<html>{_head(None)}<body>{_nav()}<div class='c{seed}'><h1>Harbour repairs "
            f"delayed</h1><div class='b'>{body}</div></div>{_sidebar(rng, 6)}</body></html>")
    assert extract(page, URL).page_type == "article"


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("card", ["heading-link", "link-heading"])
def test_a_small_sites_tag_page_of_a_few_teasers_is_a_listing(seed: int, card: str) -> None:
    """Six teasers with their summaries and a link to older posts: under the 20 links
    that make a list of links a listing, but the teasers' headlines do (its links are
    then taken first, as a listing's, not filed as "other")."""
    rng = random.Random(seed)
    summary = " ".join(rng.sample(SENTENCES, 2)) + "."

    def teaser(i: int) -> str:
        href = f"/2024/05/{i}-story/"
        title = f"Other story number {i} about the port and its piers"
        head = (f"<h2><a href='{href}'>{title}</a></h2>" if card == "heading-link"
                else f"<a href='{href}'><h2>{title}</h2></a>")
        return (f"<article class='c{rng.randrange(99)}'>{head}<div><p>{summary}</p></div>"
                f"<time datetime='2024-05-{10 + i}'>May {10 + i}, 2024</time></article>")
    page = (f"<html><head><title>News - Harbour Post</title></head><body><header><a href='/'>"
            f"Harbour Post</a></header><main><h1>News</h1>{''.join(teaser(i) for i in range(6))}"
            f"<a href='/tag/news/page/2/'>Older posts</a></main></body></html>")
    article = extract(page, "https://blog.example/tag/news/")
    assert len(article.links) < 20
    assert (article.page_type, article.page_type_reason) == ("listing", "teasers")


@pytest.mark.parametrize("og_type", ["website", None])
@pytest.mark.parametrize("row", ["li", "p", "div", "table"])
@pytest.mark.parametrize("seed", [1, 2])
def test_an_archive_of_linked_headlines_with_their_dates_is_a_listing(
        og_type: str | None, row: str, seed: int) -> None:
    """A tag or archive page with no summaries and no heading markup: each line a linked
    headline and its date. The body extractor reads the lines as text, an article's
    worth of words, but none of them is prose."""
    rng = random.Random(seed)

    def line(i: int) -> str:
        link = (f"<a href='/2024/{1 + i % 12:02d}/story-{i}'>{rng.choice(SENTENCES)} "
                f"({i})</a>")
        when = f"<span>{1 + i % 28} May 2024</span>"
        return f"<tr><td>{link}</td><td>{when}</td></tr>" if row == "table" else (
            f"<{row}>{link} {when}</{row}>")
    lines = "".join(line(i) for i in range(30))
    lines = {"li": f"<ul>{lines}</ul>", "table": f"<table>{lines}</table>"}.get(
        row, f"<div class='x{seed}'>{lines}</div>")
    page = (f"<html>{_head(og_type)}<body><main><h1>Archive: the harbour</h1>{lines}</main>"
            "</body></html>")
    article = extract(page, URL)
    assert (article.page_type, article.page_type_reason) == ("listing", "link-list")
    # Each headline a line of its own, where the body extractor's last resort (the
    # page's text nodes, one a line: bare <div> rows, a table) had run them together.
    numbers = [re.findall(r"\((\d+)\)", line) for line in article.paragraphs]
    assert [n for found in numbers for n in found] == [str(i) for i in range(30)]
    assert all(len(found) <= 1 for found in numbers)


def test_an_article_whose_sentences_hold_links_stays_an_article() -> None:
    rng = random.Random(3)
    body = "".join(f"<p>{t[:40]} <a href='/2024/05/s{i}'>{t[40:70]}</a>{t[70:]}</p>"
                   for i, t in enumerate(_prose(rng, 6)))
    page = (f"<html>{_head('website')}<body><main><h1>Harbour repairs delayed</h1>{body}"
            "</main></body></html>")
    assert extract(page, URL).page_type == "article"


def _pointer(i: int, seed: int) -> str:
    cls = "".join(random.Random(seed * 10 + i).choice("abcdefghxyz") for _ in range(6))
    return (f"<div class='c-{cls}'><h3><a href='/2024/04/other-{i}'>Other story {i} about "
            "the port and its pier</a></h3></div>")


@pytest.mark.parametrize("og_type", ["website", None])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_pointers_to_other_stories_among_the_paragraphs_leave_an_article_one(
        og_type: str | None, seed: int) -> None:
    """"Read also" boxes, each another story's linked headline in a box of its own,
    set between the story's paragraphs (and two after its last one): no teasers of a
    listing, however many."""
    rng = random.Random(seed)
    prose = [f"<p>{t}</p>" for t in _prose(rng, 8)]
    body = "".join(prose[i] + (_pointer(i, seed) if i % 2 else "") for i in range(7))
    body += prose[7] + _pointer(8, seed) + _pointer(9, seed)
    page = (f"<html>{_head(og_type)}<body>{_nav()}<div class='w{seed}'><h1>Harbour repairs "
            f"delayed</h1>{body}</div></body></html>")
    assert body.count("<h3>") == 5
    assert extract(page, URL).page_type == "article"


@pytest.mark.parametrize("seed", [1, 2])
def test_boxed_teaser_headlines_each_over_one_summary_are_a_listing(seed: int) -> None:
    rng = random.Random(seed)
    items = "".join(f"{_pointer(i, seed)}<p>{_prose(rng, 1)[0]}</p>" for i in range(12))
    page = (f"<html>{_head('website')}<body><main><h1>Port news</h1>{items}</main></body>"
            "</html>")
    assert extract(page, URL).page_type == "listing"


@pytest.mark.parametrize("summary", [
    "<div>{}</div>", "<div class='s'><span>{}</span></div>", "{}<br><br>",
    "<div class='s'><p>{}</p></div>",
    "<div class='w w-{n}'><div class='w-inner'><div class='w-text'><p>{}</p></div></div></div>"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_bare_linked_headlines_over_div_summaries_are_a_listing(seed: int,
                                                                 summary: str) -> None:
    """A section front whose cards are a linked headline in a <div> of its own over a
    summary written as a <div>, as text ended by empty lines (no <p> on the page), or as
    a <p> in a box of its own, or in a page builder's boxes in boxes, with an intro: a
    listing, as it is with bare <p> summaries."""
    rng = random.Random(seed)
    cls = "".join(rng.choice("abcdefghxyz") for _ in range(6))
    cards = "".join(
        f"<div class='c-{cls}'><div><a href='/2024/04/other-{i}'>Other story {i} about the "
        f"port and its pier</a></div>"
        + "".join(summary.format(text, n=k) for k, text in enumerate(_prose(rng, 2)))
        + "<span>By Jane Doe</span></div>" for i in range(8))
    intro = "".join(summary.format(text, n=k) for k, text in enumerate(_prose(rng, 4)))
    page = (f"<html>{_head('website')}<body>{_nav()}<main><h1>Port news</h1>{intro}{cards}"
            "</main></body></html>")
    article = extract(page, URL)
    assert article.page_type == "listing"
    assert len([r for r in article.links if "/2024/04/other-" in r]) == 8


@pytest.mark.parametrize("seed", [1, 2])
def test_an_article_over_a_list_of_linked_lines_in_divs_stays_an_article(seed: int) -> None:
    """Linked lines one under another, each in a <div> (a list of other songs, of cited
    papers), after a story: no line is a card's summary, and the page stays an article."""
    rng = random.Random(seed)
    body = "".join(f"<p>{t}</p>" for t in _prose(rng, 5))
    lines = "".join(f"<div><a href='/songs/{i}'>Another song number {i} by Some Band "
                    f"(Ft. A Singer)</a></div>" for i in range(12))
    page = (f"<html>{_head('website')}<body>{_nav()}<main><h1>Harbour repairs delayed</h1>"
            f"{body}<div class='more'>{lines}</div></main></body></html>")
    assert extract(page, URL).page_type == "article"
