"""Title, authors and publication time on pages of other shapes: a logo or section <h1>
before the headline, site suffixes, declared organisations beside a byline's person,
several names, teasers of other stories in the page's structured data, a time given in
one place and its day in another. Each page is built here; its wrappers and class names
vary, so no rule can lean on one theme's markup."""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime, timedelta, timezone

import pytest

from crawler.extract import extract

URL = "https://news.example/2024/05/harbour-repairs"
HEADLINE = "Harbour repairs will take a month longer than planned"
PROSE = "".join(
    f"<p>The harbour authority said repairs to pier {i} would take a month and cost more "
    f"than planned, according to a report published on Tuesday by the council.</p>"
    for i in range(6))
THEMES = ["wp-block", "node--article", "gh-post", "x7kq", "story-card"]


def _page(theme: str, *, head: str = "", header: str = "", article_top: str = "",
          aside: str = "", title_tag: str | None = None) -> str:
    """A page whose wrappers and class names depend on ``theme``."""
    rng = random.Random(theme)
    cls = f"{theme}-{''.join(rng.choice('abcdefgh') for _ in range(4))}"
    wrap = rng.choice(["main", "div", "section"])
    title_tag = HEADLINE + " | Harbour News" if title_tag is None else title_tag
    return (f"<html><head><title>{title_tag}</title>{head}</head><body>"
            f"<header class='{cls}-top'>{header}</header>"
            f"<{wrap} class='{cls}'><article class='{cls}-body'>{article_top}{PROSE}</article>"
            f"<aside class='{cls}-side'>{aside}</aside></{wrap}></body></html>")


def _jsonld(*nodes: dict[str, object]) -> str:
    return f"<script type='application/ld+json'>{json.dumps(list(nodes))}</script>"


# --- titles ---------------------------------------------------------------------------

@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("logo", ["Harbour News", "News", "Menu", "港湾新闻"])
def test_a_logo_or_section_h1_before_the_headline_is_not_the_title(theme: str, logo: str) -> None:
    page = _page(theme, header=f"<h1 class='logo'><a href='/'>{logo}</a></h1>",
                 article_top=f"<h1>{HEADLINE}</h1>")
    assert extract(page, URL).title == HEADLINE


@pytest.mark.parametrize("theme", THEMES)
def test_only_a_logo_h1_leaves_the_declared_title_without_its_site_name(theme: str) -> None:
    page = _page(theme, header="<h1>Harbour News</h1>",
                 title_tag=f"{HEADLINE} - Harbour News")
    assert extract(page, URL).title == HEADLINE


@pytest.mark.parametrize(("title_tag", "site"), [
    (f"{HEADLINE} | Sport | HN | 28.04.2023", "HN"),
    (f"{HEADLINE} - News.example", None),
    (f"{HEADLINE} :: Harbour News ::", "Harbour News"),
    (f"Harbour News: {HEADLINE}", "Harbour News"),
    (f"Harbour News » {HEADLINE}", None),  # the name in the domain, before the headline
    (f"{HEADLINE} - Harbour News - Local news from the harbour", "Harbour News"),  # tagline
    (f"{HEADLINE} | News.example | Your daily paper", None),
])
def test_site_suffixes_sections_and_dates_leave_a_declared_title(title_tag: str,
                                                                  site: str | None) -> None:
    head = f"<meta property='og:site_name' content='{site}'>" if site else ""
    page = _page("x7kq", head=head, title_tag=title_tag)
    assert extract(page, URL).title == HEADLINE


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("logo", ["Harbour Post <sup>beta</sup>", "<span>Harbour Post</span>"])
def test_a_logo_h1_linked_to_the_home_page_is_no_headline(theme: str, logo: str) -> None:
    """The only <h1> is the site's name linked to its home page (the story's headline an
    <h2>): the title is the declared one, the logo's name taken off it, also in
    brackets."""
    for title_tag in (f"{HEADLINE} [Harbour Post]", f"{HEADLINE} - Harbour Post"):
        page = _page(theme, header=f"<h1 class='heading'><a href='/'>{logo}</a></h1>",
                     article_top=f"<h2>{HEADLINE}</h2>", title_tag=title_tag)
        assert extract(page, URL).title == HEADLINE, title_tag


def test_a_headline_linked_to_its_own_page_is_the_title() -> None:
    page = _page("gh-post", article_top=f"<h1><a href='{URL}'>{HEADLINE}</a></h1>",
                 title_tag="Harbour Post")
    assert extract(page, URL).title == HEADLINE


def test_a_headline_of_several_segments_keeps_them() -> None:
    title = "Review: the new ferry - fast, quiet and late"
    page = _page("gh-post", article_top=f"<h1>{title}</h1>", title_tag=f"{title} | HN")
    assert extract(page, URL).title == title


def test_an_seo_title_does_not_replace_the_visible_headline() -> None:
    head = ("<meta property='og:title' content='Pier 4 closed: what commuters need to know'>"
            "<meta property='og:type' content='article'>")
    page = _page("wp-block", head=head, article_top=f"<h1>{HEADLINE}</h1>",
                 title_tag="Pier 4 closed: what commuters need to know")
    assert extract(page, URL).title == HEADLINE


def test_characters_that_show_nothing_are_left_out_of_title_authors_and_text() -> None:
    """Soft hyphens (German headlines carry them for line breaks), zero-width spaces,
    byte-order marks and word joiners show nothing; a query for the words must find them."""
    shy = "Harbour re\u00adpairs will\u200b take a month longer than planned\ufeff"
    page = _page("wp-block", article_top=f"<h1>\u2060{shy}</h1><p>By Jane\u200b Doe</p>",
                 title_tag=f"{shy} | Harbour News")
    page = page.replace("according to", "accord\u00ading to")
    article = extract(page, URL)
    assert article.title == HEADLINE
    assert article.authors == ["Jane Doe"]
    assert "according to" in article.text and "\u00ad" not in article.text


@pytest.mark.parametrize("head", [
    "",  # the <title> alone
    f"<meta property='og:title' content='{HEADLINE}'>",
])
def test_a_headline_written_in_capitals_takes_the_declared_titles_case(head: str) -> None:
    page = _page("node--article", head=head, article_top=f"<h1>{HEADLINE.upper()}</h1>")
    assert extract(page, URL).title == HEADLINE


def test_a_headline_in_capitals_that_no_declared_title_writes_otherwise_stays() -> None:
    page = _page("node--article", article_top=f"<h1>{HEADLINE.upper()}</h1>",
                 title_tag="Harbour News")
    assert extract(page, URL).title == HEADLINE.upper()


@pytest.mark.parametrize("theme", THEMES)
def test_a_json_ld_headline_that_describes_the_page_loses_to_the_confirmed_h1(theme: str) -> None:
    head = _jsonld({"@context": "https://schema.org", "@type": "Article",
                    "headline": "Wikimedia list article", "name": HEADLINE})
    page = _page(theme, head=head, article_top=f"<h1>{HEADLINE}</h1>")
    assert extract(page, URL).title == HEADLINE


def test_entities_in_a_json_ld_headline_are_decoded() -> None:
    head = _jsonld({"@type": "NewsArticle",
                    "headline": "&#8216;Not yet&#8217;: the &quot;pier&quot; waits"})
    page = _page("node--article", head=head, title_tag="x")
    assert extract(page, URL).title == "‘Not yet’: the \"pier\" waits"


@pytest.mark.parametrize("theme", THEMES)
def test_an_h1_the_page_marks_as_its_alternative_headline_is_not_the_title(theme: str) -> None:
    """Microdata says which headline is the second one: "<h1 itemprop='alternativeHeadline'>"
    sets a short label large, the headline (declared, and in a lower heading) is the title."""
    page = _page(theme, head=f"<meta property='og:title' content='{HEADLINE}'>",
                 article_top=(f"<h1 itemprop='alternativeHeadline'>Harbour repairs</h1>"
                              f"<h2 itemprop='headline'>{HEADLINE}</h2>"))
    assert extract(page, URL).title == HEADLINE


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("badge", ["<span class='badge'>Premium</span>", "<small>Video</small>",
                                   "<span><svg></svg>Plus</span>", "<i>Live</i>"])
def test_a_badge_after_the_headline_in_its_h1_is_no_part_of_the_title(theme: str,
                                                                       badge: str) -> None:
    page = _page(theme, article_top=f"<h1>{HEADLINE} {badge}</h1>")
    assert extract(page, URL).title == HEADLINE


@pytest.mark.parametrize("theme", THEMES)
def test_words_after_the_headline_that_the_declared_title_has_stay(theme: str) -> None:
    """The last words of a headline set in an element of their own are the headline's
    where the declared title holds them too."""
    page = _page(theme, article_top=f"<h1>{HEADLINE} <em>again</em></h1>",
                 title_tag=f"{HEADLINE} again | Harbour News")
    assert extract(page, URL).title == f"{HEADLINE} again"


@pytest.mark.parametrize("title_tag", [f"Harbour News - Local - {HEADLINE}",
                                       f"Harbour News | Sport | {HEADLINE}"])
def test_the_sites_name_and_section_before_the_headline_leave_it(title_tag: str) -> None:
    page = _page("x7kq", title_tag=title_tag)
    assert extract(page, "https://harbour-news.example/2024/05/repairs").title == HEADLINE


# --- authors --------------------------------------------------------------------------

@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("ids", [["#/schema/person/4f1a"], ["#p1", "#p2"]])
def test_authors_given_as_references_into_the_pages_graph_are_named(theme: str,
                                                                   ids: list[str]) -> None:
    """An SEO plugin's graph (Yoast on WordPress) names the author as a reference to a
    Person node elsewhere in the graph: {"author": {"@id": ...}}. No byline on the page."""
    names = ["Jane Doe", "John Roe"][:len(ids)]
    base = "https://news.example/"
    refs = [{"@id": base + i} for i in ids]
    graph = {"@context": "https://schema.org", "@graph": [
        {"@type": "WebPage", "@id": URL, "name": HEADLINE},
        {"@type": "NewsArticle", "@id": URL + "#article", "headline": HEADLINE,
         "isPartOf": {"@id": URL}, "author": refs[0] if len(refs) == 1 else refs,
         "datePublished": "2024-05-03T10:00:00+02:00"},
        *({"@type": "Person", "@id": base + i, "name": n,
           "image": {"@type": "ImageObject", "url": base + "a.png"}}
          for i, n in zip(ids, names, strict=True))]}
    head = f"<script type='application/ld+json'>{json.dumps(graph)}</script>"
    page = _page(theme, head=head, article_top=f"<h1>{HEADLINE}</h1>")
    assert extract(page, URL).authors == names


@pytest.mark.parametrize("head", [
    "<meta name='author' content='admin'>",
    _jsonld({"@type": "NewsArticle", "headline": HEADLINE,
             "author": {"@type": "Person", "name": "webmaster"}})])
def test_a_content_systems_default_account_is_no_author(head: str) -> None:
    page = _page("wp-block", head=head, article_top=f"<h1>{HEADLINE}</h1>")
    assert extract(page, URL).authors == []


BYLINES = {
    "plain span": "<div class='meta'>By <span>Jane Doe</span></div>",
    "by in its own element": "<div><span class='by'>By</span> <a href='/p/jd'>Jane Doe</a></div>",
    "link in a wrapper": "<p>By <span class='vcard'><a href='/staff/jd'>Jane Doe</a></span></p>",
    "glued prefix": "<div class='x'><span class='article-author'>ByJane Doe</span></div>",
    "name then date": "<div class='FeatureByline'>By <b>Jane Doe</b><br>March 25, 2015</div>",
    "name, role": "<div class='post-author'>Jane Doe, Senior Vice President of Ports</div>",
    "name, outlet, date": ("<div class='article_byline'><div>By <span>Jane Doe</span></div>"
                           "<div><div>Harbour Post</div><time>Dec 13, 2016</time></div></div>"),
    "name and contact": "<span class='author'>Jane Doe (https://jane.example/)</span>",
    # An author box may open with the story's topic, linked to the topic's page.
    "topic in the author box": ("<div class='authorInfo'><h6><a href='/topics/tech-industry/'>"
                                "Tech Industry</a></h6><span>by </span><a class='author' "
                                "href='/people/jdoe/'>Jane Doe</a></div>"),
    # Laid in a <button> that opens a card on the author: no control to drop.
    "in a button": ("<div class='x9'><button class='u-display-contents'><p>By <a "
                    "href='/people/jdoe/'><span>Jane Doe</span></a></p></button></div>"),
}


@pytest.mark.parametrize("byline", BYLINES.values(), ids=BYLINES.keys())
@pytest.mark.parametrize("theme", THEMES[:3])
def test_bylines_of_other_shapes_name_the_person(byline: str, theme: str) -> None:
    page = _page(theme, article_top=f"<h1>{HEADLINE}</h1>{byline}")
    assert extract(page, URL).authors == ["Jane Doe"]


@pytest.mark.parametrize("href", ["/u/jdoe", "/staff/jdoe/posts.html", "/redaktion/jane-doe",
                                  "/autores/jane-doe/", "/@janedoe?source=post_page",
                                  "/profile/jane-doe", "/by/jane-doe", "/perfil/jane-doe",
                                  "/firmas/jane-doe", "/redacteurs/jane-doe", "/penulis/jane-doe",
                                  "/tac-gia/jane-doe", "/kirjoittajat/jane-doe"])
def test_a_link_to_the_persons_page_with_no_author_markup_is_the_byline(href: str) -> None:
    """Class names that say nothing (hashed): the link's target names a person's page."""
    byline = (f"<div class='css-1k2j3h'><div class='css-9x8y7z'></div><a class='css-4f5g6h' "
              f"href='{href}'>Jane Doe</a></div>")
    page = _page("x7kq", article_top=f"<h1>{HEADLINE}</h1>{byline}")
    assert extract(page, URL).authors == ["Jane Doe"]


@pytest.mark.parametrize("line", [
    "Von Jane Doe publiziert am 25. September 2018", "Par Jane Doe publié le 4 avril 2021",
    "By Jane Doe Published May 5, 2024", "Por Jane Doe, publicado el 3 de mayo de 2021"])
def test_a_byline_with_its_labelled_date_on_one_line_is_no_prose(line: str) -> None:
    """The date's label ("publiziert am", "publié le") is no part of the name, and the
    line is the header's, not the body's."""
    _assert_byline_line_of_jane_doe(_page("x7kq", article_top=f"<h1>{HEADLINE}</h1><p>{line}</p>"))


def _assert_byline_line_of_jane_doe(page: str) -> None:
    """Jane Doe is the page's author, and her byline's line is no part of the body."""
    article = extract(page, URL)
    assert article.authors == ["Jane Doe"]
    assert "Jane Doe" not in article.text


@pytest.mark.parametrize("link", [
    "<a class='css-4f5g6h' href='/u/login'>Jane Doe</a>",
    "<a class='css-4f5g6h' href='/profile/jdoe'>My profile</a>",
    "<a class='css-4f5g6h' href='/blog/profile/jdoe'>名片</a>",
    "<a class='css-4f5g6h' href='/@janedoe/harbour-repairs-take-longer-4d2f'>Jane Doe</a>",
    "<a class='css-4f5g6h' href='/people/lupita-nyongo'>Lupita Nyong'o</a>",
    "<a class='css-4f5g6h' href='/by/login'>Jane Doe</a>"])
def test_a_link_to_log_in_or_to_a_profile_with_no_name_is_no_byline(link: str) -> None:
    """Not a person's page: a log-in link, a profile's link whose text is no full name,
    a story's own page under its author's handle, a page on a person the story is about
    (a celebrity site's "/people/…" tags)."""
    page = _page("x7kq", article_top=f"<h1>{HEADLINE}</h1><div class='css-1k2j3h'>{link}</div>")
    assert extract(page, URL).authors == []


@pytest.mark.parametrize(("text", "names"), [
    ("By JANE DOE, JOHN ROE and MAX MUSTERMANN", ["Jane Doe", "John Roe", "Max Mustermann"]),
    ("Jane Doe,John Roe", ["Jane Doe", "John Roe"]),
    ("Jane Doe (avec John Roe et Max Mustermann)", ["Jane Doe", "John Roe", "Max Mustermann"]),
    ("Jane Doe (Brussels, correspondent)", ["Jane Doe"]),
    ("Jane Doe, TIME", ["Jane Doe"]),
    ("著者：山田太郎", ["山田太郎"]),
    ("文● 山田太郎", ["山田太郎"]),
    ("文俊辉", ["文俊辉"]),
    ("Jane Doe CEO", ["Jane Doe"]),
    ("山田太郎 著, 木下哲也 訳", ["山田太郎"]),
    ("Lesedauer: 8 Minuten", []),
    ("[山田太郎，Harbour News]", ["山田太郎"]),
    ("Jane Doe —", ["Jane Doe"]),
    ("By Jane Doe, John Roe, and Max Mustermann", ["Jane Doe", "John Roe", "Max Mustermann"]),
    ("By Jane Doe with John Roe", ["Jane Doe", "John Roe"]),
    ("By Jane Doe with The Associated Press", ["Jane Doe"]),
    ("By Jane Doe/The Washington Post", ["Jane Doe"]),
    ("JANE DOE/AP", ["Jane Doe"]),
    ("Text: Jane Doe, Photos: John Roe", ["Jane Doe"]),
    ("jane.doe@news.example (Jane Doe)", ["Jane Doe"]),
    ("Jane Doe &lt;jane.doe@news.example&gt;", ["Jane Doe"]),
])
def test_a_byline_with_several_names_or_notes(text: str, names: list[str]) -> None:
    page = _page("story-card", article_top=f"<h1>{HEADLINE}</h1><p class='byline'>{text}</p>")
    assert extract(page, URL).authors == names


@pytest.mark.parametrize("line", ["// By Jane Doe • Nov 11, 2020", "» Von Jane Doe",
                                  "— By Jane Doe"])
def test_a_plain_byline_after_a_themes_mark_names_the_person(line: str) -> None:
    """No author markup and no metadata: a mark before "By" ("// By", "» Von") still
    opens a byline, which leaves the body."""
    page = _page("x7kq", article_top=f"<h1>{HEADLINE}</h1><div><span>{line}</span></div>")
    article = extract(page, URL)
    assert article.authors == ["Jane Doe"]
    assert "Jane Doe" not in article.text


def test_a_bullet_in_a_byline_element_is_no_author() -> None:
    """"By Jane Doe" then "• 8 min read", the bullet in an element whose class says
    byline: a separator, no name."""
    byline = ("<section class='Byline'><div><span>By</span><span class='Byline__Author'>Jane Doe"
              "</span></div><div class='Byline__Meta'><span class='Byline__Bullet'>&#x2022; "
              "</span>8 min read</div></section>")
    page = _page("story-card", article_top=f"<h1>{HEADLINE}</h1>{byline}")
    assert extract(page, URL).authors == ["Jane Doe"]


@pytest.mark.parametrize(("line", "names"), [
    ("<p>By Jane Doe</p>", ["Jane Doe"]),
    ("<div>By Jane Doe and John Roe</div>", ["Jane Doe", "John Roe"]),
    ("<div>BY JANE DOE AND JEAN-PIERRE O'NEIL</div>", ["Jane Doe", "Jean-Pierre O'Neil"]),
    ("<div>Von Anna Becker und Jonas Rossi</div>", ["Anna Becker", "Jonas Rossi"]),
    ("<span>Par Lucie Moreau, Pedro García</span>", ["Lucie Moreau", "Pedro García"]),
    ("<p><strong>Por Chiara Rossi</strong> | Harbour News</p>", ["Chiara Rossi"]),
    ("<div><span>By</span> <b>Jane Doe</b></div>", ["Jane Doe"]),
    # an empty author link (an avatar's) between "By" and the name's mail link
    (("<span>By <a href='/author/jane-doe/'></a><a href='mailto:jane@news.example'>Jane Doe"
      "</a></span>"), ["Jane Doe"]),
    ("<div>Автор: Иван Петров и Анна Смирнова</div>", ["Иван Петров", "Анна Смирнова"]),
    ("<div>By AFP</div>", ["AFP"]),
    ("<p>Oleh Budi Santoso</p>", ["Budi Santoso"]),
    ("<p>Teksti: Matti Virtanen</p>", ["Matti Virtanen"]),
    ("<p>Szerző: Kovács János</p>", ["Kovács János"]),
    ("<p>Tác giả: Nguyễn Văn An</p>", ["Nguyễn Văn An"]),
    ("<p>Piše: Ivana Horvat</p>", ["Ivana Horvat"]),
    ("<p>بقلم أحمد علي</p>", ["أحمد علي"]),
    ("<p>מאת דוד כהן</p>", ["דוד כהן"]),
    ("<p>记者 张三</p>", ["张三"]),
    ("<p>홍길동 기자</p>", ["홍길동"]),
    ("<div>김철수 특파원 kim@news.example</div>", ["김철수"]),
    ("<p>Jane Doe, Staff Reporter</p>", ["Jane Doe"]),  # no lead-in: the role says it
    ("<p>Jane Doe, Senior Political Correspondent | Harbour News</p>", ["Jane Doe"]),
    ("<p>Jane Doe | Staff Writer</p>", ["Jane Doe"]),  # the role after a bar
    ("<p>Story by Jane Doe</p>", ["Jane Doe"]),
    ("<p>Story by <a href='/x/91'>Jane Doe</a></p>", ["Jane Doe"]),
    ("<p>Words: Jane Doe | Photos: John Roe</p>", ["Jane Doe"]),
    ("<p>Text: Jane Doe. Photos: John Roe</p>", ["Jane Doe"]),  # a stop, then a credit
    ("<p>Иван Петров, корреспондент</p>", ["Иван Петров"]),
    ("<div>Anna Becker, Redakteurin</div>", ["Anna Becker"]),
    # lead-ins of two words, labels that need their colon, marks and trailing roles
    ("<p>Publié par Lucie Moreau</p>", ["Lucie Moreau"]),
    ("<p>Escrito por Pedro García y Ana López</p>", ["Pedro García", "Ana López"]),
    ("<p>Skrevet af Lars Hansen og Mette Nielsen</p>", ["Lars Hansen", "Mette Nielsen"]),
    ("<p>Penulis: Budi Santoso</p>", ["Budi Santoso"]),
    ("<p>Opracowanie: Jan Kowalski</p>", ["Jan Kowalski"]),
    ("<p>Haber: Ahmet Yılmaz</p>", ["Ahmet Yılmaz"]),
    ("<p>Írta: Kovács János</p>", ["Kovács János"]),
    ("<p>Reporter: Budi Santoso | Editor: Siti Aminah</p>", ["Budi Santoso"]),
    ("<p>文/张三</p>", ["张三"]),
    ("<p>執筆者：山田太郎</p>", ["山田太郎"]),
    ("<p>山田太郎 記者</p>", ["山田太郎"]),
    ("<p>글·사진 김철수</p>", ["김철수"]),
    ("<p>Του Γιώργου Παπαδόπουλου</p>", ["Γιώργου Παπαδόπουλου"]),
    ("<p>โดย สมชาย ใจดี</p>", ["สมชาย ใจดี"]),
    ("<p>लेखक: राहुल शर्मा</p>", ["राहुल शर्मा"]),
    ("<p>نویسنده: علی رضایی</p>", ["علی رضایی"]),
    ("<p>الكاتب: محمد أحمد</p>", ["محمد أحمد"]),
    # a byline and its date on one line: a surname that opens like a month's word
    ("<p>Door Jan Jansen 3 mei 2023, 14:05</p>", ["Jan Jansen"]),
    ("<p>By Anna Mayer 3 May 2023</p>", ["Anna Mayer"]),
    ("<p>By Tom Marshall 03/05/2023 14:05</p>", ["Tom Marshall"]),
    # the date's label ends no name
    ("<div>Von Max Mustermann Stand: 03.05.2023 14:05 Uhr</div>", ["Max Mustermann"]),
    # a weekday in an element classed as the time, beside the name's
    (("<div><span class='author'>Penulis: Budi Santoso</span> "
      "<span class='date'>Rabu, 3 Mei 2023 14:05 WIB</span></div>"), ["Budi Santoso"]),
    # the date in its own element, a word or a mark between
    (("<div><span class='byline'>Posted by Jane Doe</span> on <span class='posted-on'>"
      "May 5, 2023, 6:21 AM</span></div>"), ["Jane Doe"]),
    ("<div>By Jane Doe - <span class='submitted-date'>11/18/19 11:04 PM</span></div>",
     ["Jane Doe"]),
    # a Korean reporter, then the time the story went in ("입력") or the time alone
    ("<p>홍길동 기자 입력 2023.05.03 14:05</p>", ["홍길동"]),
    ("<p>김철수 기자 2023.05.03 14:05</p>", ["김철수"]),
])
@pytest.mark.parametrize("theme", THEMES[:3])
def test_a_byline_in_plain_words_with_no_author_markup_names_the_people(
        line: str, names: list[str], theme: str) -> None:
    page = _page(theme, article_top=f"<h1>{HEADLINE}</h1>{line}")
    article = extract(page, URL)
    assert article.authors == names
    assert names[0] not in article.text


@pytest.mark.parametrize("line", [
    "<p>By the harbour, the ferries wait.</p>",  # no name after "By"
    "<figure><img src='/p.jpg'><figcaption>By Jane Doe</figcaption></figure>",  # a credit
    "<div><a href='/t/1'>di</a> <a href='/t/2'>e</a> <a href='/t/3'>van</a></div>",  # words
    "<ul><li>By Train: 2 hours from Paris</li><li>By Car: 3 hours</li></ul>",  # one word
    "<p>대통령 기자 회견이 열렸다</p>",  # a press conference, not a reporter
    "<p>Oleh-oleh dari Bali</p>",  # souvenirs, not "by"
    "<p>Jane Doe, a reporter for the Times, said the pier was closed.</p>",  # a sentence
    "<p>Paris, France, Reporter</p>",  # no person's name before the role
    "<p>Harbour News, Staff Writer</p>",  # an outlet before the role, no person
    "<p>Harbour News | Staff Writer</p>",
    "<p>Words matter: what the council's report says</p>",  # no name after the label
    "<p>Posted by admin</p>", "<div>By Admin</div>",  # a content system's default account
    "<div>» Coast Media Group, Correspondent</div>",
    "<p>Haber Merkezi Ahmet Yılmaz</p>",  # a label's word without its colon
    "<p>本报记者会见了张三</p>",  # a sentence: the reporters met someone
    "<p>Της είπαν ότι θα έρθει.</p>",  # a sentence that opens with "της"
])
def test_no_byline_from_a_sentence_or_a_credit_after_by(line: str) -> None:
    page = _page("gh-post", article_top=f"<h1>{HEADLINE}</h1>{line}")
    assert extract(page, URL).authors == []


@pytest.mark.parametrize("theme", THEMES[:3])
def test_name_links_in_an_author_box_beside_network_links_are_the_authors(theme: str) -> None:
    box = ("<div class='post-author-box'><a href='/people/jane-d'>Jane Doe</a> "
           "<a href='https://x.com/janed'>X</a> <a href='mailto:jd@news.example'>Mail</a> "
           "<a href='https://news.example/people/john-r'>John Roe</a> "
           "<a href='https://www.linkedin.com/in/jr'>LinkedIn</a> "
           "<a href='https://partner-outlet.example'>Partner Outlet</a></div>")
    page = _page(theme, article_top=f"<h1>{HEADLINE}</h1>{box}")
    assert extract(page, URL).authors == ["Jane Doe", "John Roe"]


def test_every_author_meta_tag_names_an_author_but_a_teaser_items_property_does_not() -> None:
    head = ("<meta name='author' content='Jane Doe'><meta name='author' content='John Roe'>"
            "<meta name='author' content='Jane Doe'>")
    teaser = ("<div itemscope itemtype='https://schema.org/CreativeWork'><meta itemprop='author' "
              "content='Max Mustermann'><a href='/x'>Other</a></div>")
    page = _page("node--article", head=head, article_top=f"<h1>{HEADLINE}</h1>", aside=teaser)
    assert extract(page, URL).authors == ["Jane Doe", "John Roe"]


def test_names_each_in_an_element_of_their_own_after_by() -> None:
    names = ["Jane Doe", "John Roe", "Max Mustermann", "Erika Muster"]
    spans = [f"<span itemprop='name'><a href='/by/{i}'>{n}</a>, </span>"
             for i, n in enumerate(names[:-2])]
    byline = (f"<p><span class='prefix'>By </span>{''.join(spans)}"
              f"<span><a href='/by/2'>{names[2]}</a></span> and "
              f"<span><a href='/by/3'>{names[3]}</a></span></p>")
    page = _page("x7kq", article_top=f"<h1>{HEADLINE}</h1>{byline}")
    assert extract(page, URL).authors == names


def test_a_reading_time_beside_the_byline_is_no_name() -> None:
    byline = ("<div class='author-info'><time datetime='2020-05-15T07:11+0200'>15.05.2020"
              "</time><span>| Lesedauer: 8 Minuten</span><address><span class='author-name'>"
              "Jane Doe</span></address></div>")
    page = _page("gh-post", article_top=f"<h1>{HEADLINE}</h1>{byline}")
    assert extract(page, URL).authors == ["Jane Doe"]


@pytest.mark.parametrize("line", [
    "By Jane Doe in Lisbon", "By Jane Doe in Rio de Janeiro and John Roe in New York",
    "Par Jane Doe à Bruxelles", "By Jane Doe @janedoe", "By Jane Doe (@janedoe)",
])
def test_where_a_reporter_writes_from_or_a_handle_is_no_part_of_the_name(line: str) -> None:
    """A place after the name ("in Lisbon", "à Bruxelles") or a network handle."""
    page = _page("wp-block", article_top=f"<h1>{HEADLINE}</h1><div class='byline'>{line}</div>")
    names = ["Jane Doe", "John Roe"] if "John" in line else ["Jane Doe"]
    assert extract(page, URL).authors == names


@pytest.mark.parametrize("h1", [
    f"<span class='kicker'>Exclusive</span><span class='headline'>{HEADLINE}</span>",
    f"<span class='dachzeile'>Hafen</span> <span class='titel'>{HEADLINE}</span>",
    f"<small>Analysis</small>{HEADLINE}",
])
@pytest.mark.parametrize("theme", THEMES)
def test_a_kicker_inside_the_headline_element_is_no_part_of_the_title(h1: str, theme: str
                                                                       ) -> None:
    """A kicker set in its own element inside the <h1>, glued to the headline or not:
    the title is the headline the page declares, not "ExclusiveHarbour …"."""
    page = _page(theme, article_top=f"<h1>{h1}</h1>")
    assert extract(page, URL).title == HEADLINE


def test_a_topic_written_into_the_headline_stays_in_the_title() -> None:
    """"Topic: headline" written in the <h1> is the headline as the page writes it."""
    h1 = f"Harbour: {HEADLINE}"
    assert extract(_page("gh-post", article_top=f"<h1>{h1}</h1>"), URL).title == h1


@pytest.mark.parametrize("h1", [f"<span class='kicker'>Live:</span><br>{HEADLINE}",
                                f"Analysis:<br>{HEADLINE}"])
def test_a_kicker_the_title_declares_too_is_set_apart_from_the_headline(h1: str) -> None:
    """The <title> holds the kicker as well ("Live: Harbour …"): the kicker stays, a
    space after its colon where the <h1> breaks the line."""
    kicker = "Live" if "Live" in h1 else "Analysis"
    page = _page("gh-post", article_top=f"<h1>{h1}</h1>",
                 title_tag=f"{kicker}: {HEADLINE} | Harbour News")
    assert extract(page, URL).title == f"{kicker}: {HEADLINE}"


def test_an_e_mail_address_is_not_a_name() -> None:
    head = "<meta name='author' content='jane.doe@news.example'>"
    page = _page("gh-post", head=head, article_top=f"<h1>{HEADLINE}</h1>")
    assert extract(page, URL).authors == []


@pytest.mark.parametrize("org", ["Harbour-Redaktion", "Harbour News GmbH", "Harbour News"])
def test_a_declared_organisation_loses_to_the_bylines_person(org: str) -> None:
    head = _jsonld({"@type": "NewsArticle", "headline": HEADLINE,
                    "author": {"@type": "Organization", "name": org}})
    page = _page("wp-block", head=head,
                 article_top=f"<h1>{HEADLINE}</h1><div class='byline'>By Jane Doe</div>")
    assert extract(page, URL).authors == ["Jane Doe"]


def test_the_publisher_in_an_author_meta_tag_loses_to_the_byline() -> None:
    head = "<meta name='author' content='Harbour Media Group'>"
    page = _page("x7kq", head=head,
                 article_top=f"<h1>{HEADLINE}</h1><p>By <a href='/p/jd'>Jane Doe</a></p>")
    assert extract(page, URL).authors == ["Jane Doe"]


def test_a_declared_organisation_is_kept_where_no_person_is_named() -> None:
    head = _jsonld({"@type": "Article", "headline": HEADLINE,
                    "author": {"@type": "Organization", "name": "Contributors to the wiki"}})
    page = _page("node--article", head=head, article_top=f"<h1>{HEADLINE}</h1>")
    assert extract(page, URL).authors == ["Contributors to the wiki"]


@pytest.mark.parametrize("theme", THEMES[:3])
@pytest.mark.parametrize("byline", [
    "<p class='byline'>By Jane Doe, John Roe and Ann Poe</p>",
    ("<p>By <a href='/a/jane-doe'>Jane Doe</a>, <a href='/a/john-roe'>John Roe</a> and "
     "<a href='/a/ann-poe'>Ann Poe</a></p>")])
def test_a_byline_that_names_the_declared_author_first_and_more_names_them_all(
        theme: str, byline: str) -> None:
    """A template that declares only the first of the story's authors."""
    head = _jsonld({"@type": "NewsArticle", "headline": HEADLINE,
                    "author": {"@type": "Person", "name": "Jane Doe"}})
    page = _page(theme, head=head, article_top=f"<h1>{HEADLINE}</h1>{byline}")
    assert extract(page, URL).authors == ["Jane Doe", "John Roe", "Ann Poe"]


def test_a_column_named_before_the_declared_author_in_the_byline_is_no_author() -> None:
    head = _jsonld({"@type": "NewsArticle", "headline": HEADLINE,
                    "author": {"@type": "Person", "name": "Jane Doe"}})
    byline = ("<p class='byline-column'><a class='byline-column-link' href='/column/harbour-"
              "watch'>Harbour Watch</a></p><p class='byline'>By <span class='byline-author'>"
              "Jane Doe</span></p>")
    page = _page("node--article", head=head, article_top=f"<h1>{HEADLINE}</h1>{byline}")
    assert extract(page, URL).authors == ["Jane Doe"]


@pytest.mark.parametrize("person", [
    {"@type": "Person", "givenName": "Jane", "familyName": "Doe"},
    [{"@type": "Person", "givenName": "Jane", "familyName": "Doe"},
     {"@type": "Person", "givenName": "John", "additionalName": "Q.", "familyName": "Roe"}]])
def test_a_person_declared_by_given_and_family_name_is_named(person: object) -> None:
    head = _jsonld({"@type": "NewsArticle", "headline": HEADLINE, "author": person})
    page = _page("gh-post", head=head, article_top=f"<h1>{HEADLINE}</h1>")
    names = ["Jane Doe"] if isinstance(person, dict) else ["Jane Doe", "John Q. Roe"]
    assert extract(page, URL).authors == names


def test_an_agency_byline_is_the_author() -> None:
    page = _page("gh-post", article_top=f"<h1>{HEADLINE}</h1><div>By <a href='/a'>AFP</a></div>")
    assert extract(page, URL).authors == ["AFP"]


@pytest.mark.parametrize("theme", THEMES)
def test_authors_of_related_stories_and_people_in_the_prose_are_not_taken(theme: str) -> None:
    teasers = "".join(
        f"<div class='teaser'><h3><a href='/s/{n}'>Another story number {n}</a></h3>"
        f"<span class='author'>Max Mustermann {n}</span></div>" for n in range(3))
    prose = ("<p>The plan was drawn up in a study written by <a href='/w/x'>Erik Larsen</a>, "
             "an engineer who has worked on harbours along the coast for thirty years.</p>")
    page = _page(theme, article_top=f"<h1>{HEADLINE}</h1><span class='author'>Jane Doe</span>"
                 + prose, aside=teasers)
    assert extract(page, URL).authors == ["Jane Doe"]


# --- publication time -----------------------------------------------------------------

def test_the_time_of_a_meta_tag_with_its_offset_beats_the_same_time_without_one() -> None:
    head = (_jsonld({"@type": "NewsArticle", "headline": HEADLINE,
                     "datePublished": "2024-05-07T13:55:27"})
            + "<meta property='article:published_time' content='2024-05-07T13:55:27+0200'>")
    page = _page("wp-block", head=head, article_top=f"<h1>{HEADLINE}</h1>")
    assert extract(page, URL).published_at == datetime(2024, 5, 7, 11, 55, 27, tzinfo=UTC)


@pytest.mark.parametrize("stamp", ["2024-05-07T13:55:27+01:00", "2024-05-07 13:55:27 +01:00"])
def test_a_declared_day_takes_its_time_from_the_byline(stamp: str) -> None:
    head = "<meta name='date' content='2024-05-07'>"
    page = _page("gh-post", head=head,
                 article_top=f"<h1>{HEADLINE}</h1><time datetime='{stamp}'>7 May 2024</time>")
    assert extract(page, URL).published_at == datetime(2024, 5, 7, 12, 55, 27, tzinfo=UTC)


def test_a_day_is_not_moved_by_a_time_of_another_day() -> None:
    head = "<meta name='date' content='2024-05-07'>"
    page = _page("gh-post", head=head, article_top=(
        f"<h1>{HEADLINE}</h1><time datetime='2024-06-01T08:00:00+00:00'>1 June</time>"))
    assert extract(page, URL).published_at == datetime(2024, 5, 7, 12, tzinfo=UTC)


@pytest.mark.parametrize("theme", THEMES)
def test_a_teasers_date_in_the_structured_data_is_not_the_pages(theme: str) -> None:
    page_node = {"@type": "NewsArticle", "headline": HEADLINE, "url": URL,
                 "datePublished": "2024-05-07T09:00:00Z",
                 "author": {"@type": "Person", "name": "Jane Doe"}}
    teasers = [{"@type": "NewsArticle", "headline": f"Other story {n}",
                "url": f"https://news.example/other/{n}",
                "datePublished": f"2024-04-0{n + 1}T10:00:00Z",
                "author": {"@type": "Person", "name": f"Max Roe {n}"}} for n in range(3)]
    nodes = [*teasers, page_node] if theme in THEMES[:2] else [page_node, *teasers]
    page = _page(theme, head=_jsonld(*nodes), article_top=f"<h1>{HEADLINE}</h1>")
    article = extract(page, URL)
    assert article.published_at == datetime(2024, 5, 7, 9, tzinfo=UTC)
    assert article.authors == ["Jane Doe"]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("teaser", [
    "<a href='/other/1'>Other story</a><time datetime='2024-04-02T10:00:00Z'>2 April</time>",
    "<a href='/other/1'>Other story</a> <span class='date'>April 2, 2024</span>",
])
def test_a_time_in_a_rail_beside_an_undated_article_is_not_its_time(theme: str, teaser: str) -> None:
    page = _page(theme, article_top=f"<h1>{HEADLINE}</h1>", aside=f"<div>{teaser}</div>")
    assert extract(page, URL).published_at is None


def test_a_lone_json_ld_article_of_another_story_is_not_the_pages() -> None:
    """One article node in the page's data, a teaser's: another page's address and a
    headline the page's titles do not hold."""
    teaser = {"@type": "NewsArticle", "headline": "Storm warning for the coast",
              "url": "https://news.example/2024/04/storm", "datePublished": "2024-04-02T10:00:00Z",
              "author": {"@type": "Person", "name": "Max Roe"}}
    page = _page("wp-block", head=_jsonld(teaser),
                 article_top=f"<h1>{HEADLINE}</h1><p>By Jane Doe</p>")
    article = extract(page, URL)
    assert article.authors == ["Jane Doe"]
    assert article.published_at is None


@pytest.mark.parametrize("address", [URL, "https://www.news.example/2024/05/harbour-repairs",
                                     "https://news.example/amp/harbour-repairs"])
def test_a_lone_json_ld_article_of_this_story_is_read_by_its_address_or_headline(
        address: str) -> None:
    node = {"@type": "NewsArticle", "headline": HEADLINE, "url": address,
            "author": {"@type": "Person", "name": "Max Roe"}}
    page = _page("wp-block", head=_jsonld(node), article_top=f"<h1>{HEADLINE}</h1>")
    assert extract(page, URL).authors == ["Max Roe"]


_POSTED = {
    "link": "<a href='https://social.example/janeroe/status/1'>April 2, 2024</a>",
    "time": ("<time style='font-size:14px' datetime='2024-04-02T17:10:10+00:00'>Apr 2, 2024 "
             "at 9:10am PST</time>"),
}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("where", ["top", "middle"])
@pytest.mark.parametrize("posted", sorted(_POSTED))
def test_a_quoted_posts_date_is_not_an_undated_articles(theme: str, where: str,
                                                         posted: str) -> None:
    """An embedded post as the page gives it before its widget's script runs: a quote
    that ends with who posted it and when, linked to the post or in a time element."""
    quote = ("<blockquote class='q-1'><p>The pier is closed again this morning.</p>— Jane Roe "
             f"(@janeroe) {_POSTED[posted]}"
             "</blockquote><script async src='https://social.example/widgets.js'></script>")
    top = f"<h1>{HEADLINE}</h1>" + (quote if where == "top" else "")
    page = _page(theme, article_top=top)
    if where == "middle":
        page = page.replace("</p><p>", f"</p>{quote}<p>", 1)
    assert extract(page, URL).published_at is None


@pytest.mark.parametrize("theme", THEMES)
def test_the_last_edits_time_printed_first_is_not_the_publication(theme: str) -> None:
    """Themes that print the last edit's time before the publication's, each named so
    ("<time class='updated'>", "<time class='entry-date published'>"), the first hidden
    by their style."""
    times = ("<div class='entry-meta'><span class='posted-on'><time class='updated' "
             "datetime='2021-12-10T20:06:09-07:00'>December 10, 2021</time><time "
             "class='entry-date published' datetime='2019-04-09T08:00:15-06:00'>April 9, 2019"
             "</time></span></div>")
    page = _page(theme, article_top=f"<h1>{HEADLINE}</h1>{times}")
    assert extract(page, URL).published_at == datetime(2019, 4, 9, 14, 0, 15, tzinfo=UTC)


_EDITED_AT = "<time datetime='2021-12-10T20:06:09-07:00'>{shown}</time>"
_PUBLISHED_AT = "<time datetime='2019-04-09T08:00:15-06:00'>April 9, 2019</time>"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("line", [
    "<p>By Jane Doe, last updated {edited}</p><p>Published {published}</p>",
    ("<div><div>Updated:</div><div><span>{edited}</span></div><div>Original:</div><div>"
     "<span>{published}</span></div></div>"),
    ("<dl><dt>Aktualisiert am</dt><dd>{edited}</dd><dt>Veröffentlicht am</dt><dd>{published}"
     "</dd></dl>"),
    "<div>{edited_labelled}</div><div>{published}</div>",
])
def test_a_time_its_line_labels_as_the_last_edit_is_not_the_publication(
        theme: str, line: str) -> None:
    """The last edit's time first, labelled so by the words before it in its line or by
    its own text ("Updated 8:06 PM MST, Fri December 10, 2021"), no class naming either:
    the publication's is the one after it."""
    times = line.format(edited=_EDITED_AT.format(shown="December 10, 2021"),
                        edited_labelled=_EDITED_AT.format(
                            shown="Updated 8:06 PM MST, Fri December 10, 2021"),
                        published=_PUBLISHED_AT)
    page = _page(theme, article_top=f"<h1>{HEADLINE}</h1>{times}")
    assert extract(page, URL).published_at == datetime(2019, 4, 9, 14, 0, 15, tzinfo=UTC)


@pytest.mark.parametrize("theme", THEMES)
def test_a_publication_time_its_theme_classes_updated_is_the_publication(theme: str) -> None:
    """hAtom asks for an "updated" time: themes put the class on the publication's own,
    with no other time beside it."""
    times = ("<span class='td-post-date'><time class='entry-date updated td-module-date' "
             "datetime='2019-11-20T01:22:37-05:00'>11/20/19 1:22 AM</time></span>")
    page = _page(theme, article_top=f"<h1>{HEADLINE}</h1>{times}")
    assert extract(page, URL).published_at == datetime(2019, 11, 20, 6, 22, 37, tzinfo=UTC)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("appended", ["beside the story", "inside the story's box"])
def test_the_next_story_of_an_endless_scroll_lends_no_time(theme: str, appended: str) -> None:
    """An undated story, then the next one the page appends below it (beside the story's
    box, or inside it after the text), with its headline and its time: that time is the
    next story's."""
    rng = random.Random(theme)
    box = f"{theme}-{''.join(rng.choice('abcdefgh') for _ in range(4))}"
    following = (f"<div class='{box}'><header><h1>Ferry timetable changes for the summer</h1>"
                 f"<time datetime='2021-12-10T20:06:09-07:00'>December 10, 2021</time>"
                 f"</header><div class='{box}-text'>{PROSE.replace('harbour', 'ferry')}</div>"
                 f"</div>")
    inside = following if appended.startswith("inside") else ""
    story = (f"<div class='{box}'><header><h1>{HEADLINE}</h1><p>By Jane Doe</p></header>"
             f"<div class='{box}-text'>{PROSE}</div>{inside}</div>")
    page = (f"<html><head><title>{HEADLINE}</title></head><body><main class='{box}-feed'>"
            f"{story}{'' if inside else following}</main></body></html>")
    article = extract(page, URL)
    assert article.authors == ["Jane Doe"]
    assert article.published_at is None


@pytest.mark.parametrize("mention", [
    "The harbour was first dredged on 13 February 2006, when the old pier still stood.",
    "An <a href='https://other.example/2003/06/24/dredging'>earlier report</a> said the same.",
])
def test_a_date_the_story_mentions_is_not_its_publication(mention: str) -> None:
    """No date declared or shown under the headline: a date written in the prose is what
    the story speaks of."""
    prose = PROSE.replace("</p>", f" {mention}</p>", 1)
    page = (f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
            f"{prose}</article></body></html>")
    assert extract(page, "https://news.example/harbour-repairs").published_at is None


@pytest.mark.parametrize(("head", "day"), [
    ("April 17, 2015 --", (2015, 4, 17)),
    ("NEW YORK, April 17, 2015 —", (2015, 4, 17)),
    ("BERLIN, 17. April 2015 –", (2015, 4, 17)),
])
def test_a_date_at_the_head_of_the_first_paragraph_is_the_publication(
        head: str, day: tuple[int, int, int]) -> None:
    """A wire story's dateline opens its first paragraph, set apart by a dash."""
    prose = PROSE.replace("<p>The harbour", f"<p>{head} The harbour", 1)
    lang = "de" if "BERLIN" in head else "en"
    page = (f"<html lang='{lang}'><head><title>{HEADLINE}</title></head><body><article>"
            f"<h1>{HEADLINE}</h1>{prose}</article></body></html>")
    published = extract(page, "https://news.example/harbour-repairs").published_at
    assert published is not None and (published.year, published.month, published.day) == day


@pytest.mark.parametrize("unix", ["1715074527", "1715074527000"])
def test_unix_time_in_a_data_attribute_of_the_byline_time_is_read(unix: str) -> None:
    page = _page("gh-post", article_top=(
        f"<h1>{HEADLINE}</h1><span class='post-date' data-timestamp='{unix}'>7 May</span>"
        # a teaser's stamp further down is not the article's
        "<div class='promo-timestamp' data-timestamp='1712052000'></div>"))
    assert extract(page, URL).published_at == datetime(2024, 5, 7, 9, 35, 27, tzinfo=UTC)


def test_a_visible_date_is_not_replaced_by_a_teasers_unix_time_below_it() -> None:
    page = _page("gh-post", article_top=(
        f"<h1>{HEADLINE}</h1><div class='post-date'>May 7, 2024</div>"
        "<div class='promo-timestamp' data-timestamp='1712052000'></div>"))
    assert extract(page, URL).published_at == datetime(2024, 5, 7, 12, tzinfo=UTC)


@pytest.mark.parametrize("attribute", ["content", "value"])
@pytest.mark.parametrize("name", ["sailthru.date", "parsely-pub-date", "publish-date",
                                  "dc.date.issued"])
def test_publication_times_of_meta_tags_in_either_attribute(attribute: str, name: str) -> None:
    head = f"<meta name='{name}' {attribute}='2016-12-16 12:21:02-05:00'>"
    page = _page("story-card", head=head, article_top=f"<h1>{HEADLINE}</h1>")
    assert extract(page, URL).published_at == datetime(
        2016, 12, 16, 12, 21, 2, tzinfo=timezone(timedelta(hours=-5)))


@pytest.mark.parametrize("wrapper", ["<![CDATA[{}]]>", "//<![CDATA[\n{}\n//]]>"])
def test_structured_data_in_cdata_markers_is_read(wrapper: str) -> None:
    data = json.dumps({"@type": "NewsArticle", "headline": HEADLINE,
                       "datePublished": "2001-10-29T01:59:14Z",
                       "author": {"@type": "Person", "name": "Jane Doe"}})
    head = f"<script type='application/ld+json'>{wrapper.format(data)}</script>"
    article = extract(_page("x7kq", head=head), URL)
    assert article.published_at == datetime(2001, 10, 29, 1, 59, 14, tzinfo=UTC)
    assert article.authors == ["Jane Doe"]


# --- text normalisation ---------------------------------------------------------------

def test_decomposed_accents_are_stored_composed() -> None:
    decomposed = "Re\u0301sume\u0301 of the harbour\u0301s repairs"
    page = _page("gh-post", article_top=f"<h1>{decomposed}</h1>", title_tag=decomposed)
    article = extract(page, URL)
    assert article.title == "Résumé of the harbouŕs repairs"
    assert "\u0301" not in article.text + (article.title or "")


@pytest.mark.parametrize("head", [
    "<meta name='keywords' content='harbour, ferries;council'>",
    "<meta property='article:tag' content='harbour, ferries, council'>",
    _jsonld({"@type": "NewsArticle", "headline": HEADLINE,
             "keywords": ["harbour,ferries", "council"]}),
])
def test_tags_joined_in_one_value_are_split(head: str) -> None:
    page = _page("wp-block", head=head, article_top=f"<h1>{HEADLINE}</h1>")
    assert extract(page, URL).tags == ["harbour", "ferries", "council"]


@pytest.mark.parametrize(("label", "path"), [
    ("Topics:", "/topics/"), ("Schlagwörter:", "/thema/"), ("Mots-clés :", "/sujet/"),
    ("Etiquetas:", "/tema/"), ("<b>TOPICS</b>", "/books/"), ("Теги:", "/rubric/"),
])
def test_links_after_a_tag_label_are_tags_whatever_their_urls(label: str, path: str) -> None:
    """A list of links opened by a label that names tags, in the page's language: its
    links are the tags (a "/topics/" link there is no category)."""
    links = ", ".join(f"<a href='{path}{t.lower()}'>{t}</a>" for t in ("Harbour", "Ferries"))
    page = _page("x7kq", article_top=f"<h1>{HEADLINE}</h1><div class='meta-x'>{label} {links}</div>")
    article = extract(page, URL)
    assert article.tags == ["Harbour", "Ferries"]
    assert article.category is None


@pytest.mark.parametrize(("tags", "section"), [
    ("/schlagwort/", "/ressort/"), ("/etiqueta/", "/seccion/"), ("/etichetta/", "/sezione/"),
    ("/trefwoord/", "/rubriek/"), ("/tagi/", "/kategoria/"), ("/stichwort/", "/rubrique/"),
])
def test_tag_and_section_pages_as_sites_in_other_languages_name_them(tags: str,
                                                                     section: str) -> None:
    """Links to the story's section over the headline and to tag pages under the story,
    with no label."""
    links = " ".join(f"<a href='{tags}{t.lower()}/'>{t}</a>" for t in ("Hafen", "Fähren"))
    page = _page("x7kq", article_top=(f"<a href='{section}lokales/'>Lokales</a><h1>{HEADLINE}"
                                      f"</h1>"))
    article = extract(page.replace(PROSE, PROSE + f"<div class='x-8'>{links}</div>"), URL)
    assert article.tags == ["Hafen", "Fähren"]
    assert article.category == "Lokales"


def test_entities_escaped_twice_in_json_ld_are_decoded() -> None:
    head = _jsonld({"@type": "NewsArticle", "headline": "The &amp;quot;pier&amp;quot; waits",
                    "author": {"@type": "Person", "name": "Jane O&amp;#8217;Doe"}})
    article = extract(_page("node--article", head=head, title_tag="x"), URL)
    assert article.title == "The \"pier\" waits"
    assert article.authors == ["Jane O’Doe"]


# --- metadata written the other ways ----------------------------------------------------

@pytest.mark.parametrize("attrs", [
    "name='og:article:published_time' value='{v}'",
    "name='article:published_time' value='{v}'",
    "property='og:article:published_time' content='{v}'",
])
def test_opengraph_written_with_name_or_value_is_read(attrs: str) -> None:
    when = "2019-05-07T11:59:43+02:00"
    author_attrs = attrs.replace("published_time", "author").format(v="Cécile Dubois")
    head = f"<meta {attrs.format(v=when)}><meta {author_attrs}>"
    article = extract(_page("gh-post", head=head, article_top=f"<h1>{HEADLINE}</h1>"), URL)
    assert article.published_at == datetime(2019, 5, 7, 9, 59, 43, tzinfo=UTC)
    assert article.authors == ["Cécile Dubois"]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("shown", "stamp", "utc"), [
    ("Dec 9, 2016", "<time data-published='2016-12-09 09:13:00Z'>{s}</time>", "09:13"),
    ("2017-03-01", "<span class='date' data-origindate='2017-03-01 14:27:02 +0800'>{s}</span>",
     "06:27"),
    ("October 29", "<span itemprop='datePublished' content='2018-10-29T10:15-500'>{s}</span>",
     "15:15"),
    ("9 May 2021", "<time datetime='2021-05-09T08:00:00+01:00'>{s}</time>", "07:00"),
    # microformats' abbr pattern (Blogger, hAtom themes): the time in the title
    ("May 16, 2023", "<abbr class='published' title='2023-05-16T09:15:00+02:00'>{s}</abbr>",
     "07:15"),
    ("May 16, 2023", "<abbr title='2023-05-16T09:15:00+02:00'>9:15 AM</abbr> {s}", "07:15"),
])
def test_a_shown_day_takes_its_time_from_a_stamp_of_the_same_day(
        theme: str, shown: str, stamp: str, utc: str) -> None:
    day = datetime.fromisoformat(re.search(r"\d{4}-\d\d-\d\d", stamp).group(0))
    head = f"<meta name='date' content='{day:%Y-%m-%d}'>"
    teaser = "<div><h4>Other story</h4><time datetime='2001-01-02T03:04:05Z'>Jan 2</time></div>"
    page = _page(theme, head=head, article_top=f"<h1>{HEADLINE}</h1>{stamp.format(s=shown)}",
                 aside=teaser)
    assert extract(page, URL).published_at.strftime("%Y-%m-%d %H:%M") == f"{day:%Y-%m-%d} {utc}"


def test_the_abbr_stamp_of_an_edit_gives_no_publication_time() -> None:
    stamp = "<abbr class='updated' title='2023-05-16T18:40:00+02:00'>6:40 PM</abbr>"
    page = _page("gh-post", head="<meta name='date' content='2023-05-16'>",
                 article_top=f"<h1>{HEADLINE}</h1><span>May 16, 2023</span> {stamp}")
    assert extract(page, URL).published_at == datetime(2023, 5, 16, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("written", "lang", "utc"), [
    ("2019年04月21日 12時00分更新", "ja", datetime(2019, 4, 21, 3, 0, tzinfo=UTC)),
    ("最終更新日：2019年4月2日", "ja", datetime(2019, 4, 2, 12, 0, tzinfo=UTC)),
    ("发布时间：2017年3月1日 14:27", "zh", datetime(2017, 3, 1, 6, 27, tzinfo=UTC)),
    ("2024년 3월 5일 14:30 입력", "ko", datetime(2024, 3, 5, 5, 30, tzinfo=UTC)),
    ("配信開始日 2019/3/5", "ja", datetime(2019, 3, 5, 12, 0, tzinfo=UTC)),
])
def test_a_date_written_only_in_the_text_in_cjk_or_numeric_form_is_read(
        written: str, lang: str, utc: datetime) -> None:
    page = (f"<html lang='{lang}'><head><title>{HEADLINE}</title></head><body><main>"
            f"<h1>{HEADLINE}</h1><p class='x7'>{written}</p>{PROSE}</main></body></html>")
    assert extract(page, URL).published_at == utc


def test_a_sentence_with_a_date_under_the_headline_stays_in_the_body() -> None:
    sentence = "The council votes on the plan on 5 May 2021."
    page = _page("gh-post", article_top=f"<h1>{HEADLINE}</h1><p>{sentence}</p>",
                 head="<meta property='article:published_time' content='2021-04-02T10:00Z'>")
    article = extract(page, URL)
    assert sentence in article.text
    assert article.published_at == datetime(2021, 4, 2, 10, 0, tzinfo=UTC)


DE_PROSE = "".join(
    f"<p>Die Hafenbehörde teilte am Dienstag mit, dass die Reparatur von Pier {i} einen "
    f"Monat länger dauern und mehr kosten wird, als der Stadtrat geplant hatte.</p>"
    for i in range(6))
ES_PROSE = "".join(
    f"<p>La autoridad portuaria anunció el martes que la reparación del muelle {i} durará "
    f"un mes más y costará más de lo que el ayuntamiento había previsto.</p>"
    for i in range(6))


@pytest.mark.parametrize(("line", "prose", "utc"), [
    ("Veröffentlicht am 6. November 2021, 13:40 Uhr", DE_PROSE,
     datetime(2021, 11, 6, 12, 40, tzinfo=UTC)),
    ("Publicado el 17 de enero de 2021, 05:31", ES_PROSE,
     datetime(2021, 1, 17, 5, 31, tzinfo=UTC)),
    ("Published 22 April 2021, 13:44", PROSE, datetime(2021, 4, 22, 13, 44, tzinfo=UTC)),
    ("<span>Posted</span> <span>March 3, 2021</span>", PROSE,
     datetime(2021, 3, 3, 12, 0, tzinfo=UTC)),
])
@pytest.mark.parametrize("theme", THEMES[:3])
def test_a_dateline_in_words_under_the_headline_beats_dates_further_down(
        line: str, prose: str, utc: datetime, theme: str) -> None:
    """No declared date and no language declared: the line under the headline is read
    in the prose's language, with its clock time, before an update line's, the
    comments' or a sidebar's dates."""
    comments = "".join(f"<div class='c'><b>Leser {i}</b> <span>{i + 2}.4.2022</span>"
                       f"<p>Guter Punkt, danke.</p></div>" for i in range(3))
    aside = "<div><a href='/x'>Other story</a> <time datetime='2020-02-02T10:00Z'>x</time></div>"
    page = _page(theme, article_top=f"<h1>{HEADLINE}</h1><div class='m'>Updated 9 May 2023</div>"
                 f"<div class='m'>{line}</div>", aside=aside + comments,
                 title_tag="").replace(PROSE, prose)
    article = extract(page, URL)
    assert article.published_at == utc
    assert re.sub("<[^>]+>", "", line) not in article.text  # the page's furniture, not prose


# One sentence of news prose per language, a byline and a dateline as sites print them.
BYLINES_AND_DATELINES = {
    "ru": (("Городской совет во вторник объявил, что новые правила для речной воды вступят в "
           "силу следующей весной."), "Автор: Иван Петров", "Опубликовано 6 ноября 2021, 13:40",
           "Иван Петров", datetime(2021, 11, 6, 13, 40, tzinfo=UTC)),
    "it": (("Il consiglio comunale ha annunciato martedì che le nuove regole sull'acqua del "
           "fiume entreranno in vigore la prossima primavera."), "Di Marco Rossi",
           "Pubblicato il 6 novembre 2021 alle 13:40", "Marco Rossi",
           datetime(2021, 11, 6, 12, 40, tzinfo=UTC)),
    "pl": (("Rada miasta ogłosiła we wtorek, że nowe przepisy dotyczące wody w rzece wejdą w "
           "życie następnej wiosny."), "Autor: Jan Kowalski", "Opublikowano 6 listopada 2021, 13:40",
           "Jan Kowalski", datetime(2021, 11, 6, 12, 40, tzinfo=UTC)),
    "tr": (("Belediye meclisi salı günü, nehir suyuna ilişkin yeni kuralların gelecek bahar "
           "yürürlüğe gireceğini açıkladı."), "Yazar: Ayşe Yılmaz", "6 Kasım 2021, 13:40",
           "Ayşe Yılmaz", datetime(2021, 11, 6, 10, 40, tzinfo=UTC)),
    "sv": (("Kommunfullmäktige meddelade på tisdagen att de nya reglerna för älvvattnet träder "
           "i kraft nästa vår."), "Av Anna Svensson", "Publicerad 6 november 2021 kl. 13.40",
           "Anna Svensson", datetime(2021, 11, 6, 12, 40, tzinfo=UTC)),
    "ja": (("市議会は火曜日、川の水に関する新しい規則が来年の春に施行されると発表した。費用を誰が"
           "負担するかで意見が分かれていた。"), "文：山田太郎", "2021年11月6日 13:40", "山田太郎",
           datetime(2021, 11, 6, 4, 40, tzinfo=UTC)),
}


@pytest.mark.parametrize(("line", "utc"), [
    # A US zone written without its season: daylight time in May, standard in January.
    ("Published May 5, 2024 3:45 PM ET", datetime(2024, 5, 5, 19, 45, tzinfo=UTC)),
    ("Published Jan 5, 2024 3:45 PM ET", datetime(2024, 1, 5, 20, 45, tzinfo=UTC)),
    ("Posted 9:10 a.m. PT, May 5, 2024", datetime(2024, 5, 5, 16, 10, tzinfo=UTC)),
    # The last edit's time first, the publication's after it on one line.
    ("Updated 6:10 PM ET, Mon May 6, 2024 | Published 3:45 PM ET, Sun May 5, 2024",
     datetime(2024, 5, 5, 19, 45, tzinfo=UTC)),
    ("Last updated: 06 May 2024. First published: 05 May 2024",
     datetime(2024, 5, 5, 12, tzinfo=UTC)),
])
def test_a_datelines_zone_and_its_publication_part_are_read(line: str, utc: datetime) -> None:
    page = _page("wp-block", article_top=f"<h1>{HEADLINE}</h1><div class='m'>{line}</div>",
                 title_tag="")
    assert extract(page, URL).published_at == utc


@pytest.mark.parametrize("lang", BYLINES_AND_DATELINES)
def test_a_byline_and_dateline_in_the_pages_language_give_author_and_time(lang: str) -> None:
    prose, byline, dateline, author, utc = BYLINES_AND_DATELINES[lang]
    paragraphs = "".join(f"<p>{prose} {prose}</p>" for _ in range(5))
    page = (f"<html lang='{lang}'><head><title>{prose[:30]}</title></head><body><article>"
            f"<h1>{prose[:30]}</h1><div class='m'>{byline}</div><div class='d'>{dateline}</div>"
            f"<div class='b'>{paragraphs}</div></article></body></html>")
    article = extract(page, URL)
    assert (article.authors, article.published_at) == ([author], utc)
    assert byline not in article.text and dateline not in article.text


@pytest.mark.parametrize(("lang", "byline", "authors"), [
    ("zh", "记者 李娜 王强", ["李娜", "王强"]),
    ("ko", "글 홍길동 김철수", ["홍길동", "김철수"]),
    ("ja", "執筆者：山田 太郎", ["山田 太郎"]),  # one name, the family name first
])
def test_names_written_without_a_space_are_parted_by_one(
        lang: str, byline: str, authors: list[str]) -> None:
    """Chinese and Korean write a name without a space: a space in a byline parts two
    names. Japanese may set one between a family and a given name."""
    prose = {"zh": ("市议会周二宣布，有关河水的新规定将于明年春天生效。各方在由谁承担费用的问题上"
                    "意见不一。"),
             "ko": ("정부는 화요일 에너지 가격 상승에 직면한 취약 가구를 지원하기 위한 새로운 "
                    "대책을 발표했다."),
             "ja": BYLINES_AND_DATELINES["ja"][0]}[lang]
    paragraphs = "".join(f"<p>{prose} {prose}</p>" for _ in range(5))
    page = (f"<html lang='{lang}'><head><title>{prose[:20]}</title></head><body><article>"
            f"<h1>{prose[:20]}</h1><div class='m'>{byline}</div><div class='b'>{paragraphs}"
            "</div></article></body></html>")
    assert extract(page, URL).authors == authors


def _teaser_items(n: int) -> str:
    return "".join(
        f"<div itemscope itemtype='https://schema.org/NewsArticle'><h3><a itemprop='url' "
        f"href='/2020/01/other-{i}'><span itemprop='headline'>Other story {i} about the "
        f"port</span></a></h3><span itemprop='author'>Max Mustermann</span><meta "
        f"itemprop='datePublished' content='2020-01-0{i + 1}T08:00:00Z'></div>" for i in range(n))


@pytest.mark.parametrize("teasers", [1, 4])
@pytest.mark.parametrize("own", [
    _jsonld({"@type": "NewsArticle", "author": {"@type": "Person", "name": "Jane Doe"},
             "datePublished": "2024-05-02T09:30:00+02:00"}),
    ("<meta name='author' content='Jane Doe'>"
     "<meta name='pubdate' content='2024-05-02 09:30:00+0200'>"),
    ("<meta itemprop='author' content='Jane Doe'>"
     "<meta itemprop='datePublished' content='2024-05-02T09:30:00+02:00'>"),
])
def test_teasers_marked_up_as_microdata_articles_lend_the_page_nothing(
        teasers: int, own: str) -> None:
    """A sidebar's stories, each a microdata NewsArticle item with its author and date:
    the page's own declarations (JSON-LD without a headline, named <meta> tags, page-level
    itemprop <meta>s) stand."""
    page = _page("wp-block", head=own, article_top=f"<h1>{HEADLINE}</h1>",
                 aside=_teaser_items(teasers))
    article = extract(page, URL)
    assert (article.authors, article.published_at) == (
        ["Jane Doe"], datetime(2024, 5, 2, 7, 30, tzinfo=UTC))


_ZH_HEADLINE = "港口维修工程将比计划多用一个月"
_ZH_PROSE = "".join(f"<p>港务局周二表示，{i}号码头的维修工程将比原计划多用一个月，费用也将高于预期，"
                    f"市议会发布的报告称。</p>" for i in range(6))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_pages_own_microdata_item_around_its_story_is_read(language: str) -> None:
    """The page's item holds its prose (its headline an <h2> under a logo <h1>; in
    Chinese, as many characters as an English story has words), beside teaser items:
    its author and date are the page's, whatever its url says."""
    headline, prose = (_ZH_HEADLINE, _ZH_PROSE) if language == "zh" else (HEADLINE, PROSE)
    own = (f"<div itemscope itemtype='https://schema.org/BlogPosting'><link itemprop='url' "
           f"href='https://mirror.example/2024/05/harbour'><h2>{headline}</h2>{prose}"
           f"<span itemprop='author'>Jane Doe</span><meta itemprop='datePublished' "
           f"content='2024-05-02T09:30:00+02:00'></div>")
    page = (f"<html><head><title>{headline}</title></head><body><h1>Harbour News</h1>{own}"
            f"<aside>{_teaser_items(4)}</aside></body></html>")
    article = extract(page, URL)
    assert (article.authors, article.published_at) == (
        ["Jane Doe"], datetime(2024, 5, 2, 7, 30, tzinfo=UTC))


def _shown_teaser_items(n: int, byline: str, heading: str, language: str = "en") -> str:
    """Teasers that show their writer and time, each a microdata article item whose
    linked headline leads to its story (the link around the ``heading``)."""
    names = (["张芳", "王丽华", "刘小明", "陈建国"] if language == "zh"
             else ["Max Mustermann", "Erika Muster", "Tom Roe", "Ann Lee"])
    kinds = ["NewsArticle", "BlogPosting", "Article", "NewsArticle"]
    summary = "渡轮将于周一恢复运行。" if language == "zh" else "The ferry runs again from Monday."
    return "".join(
        f"<div class='card-{i}' itemscope itemtype='https://schema.org/{kinds[i]}'>"
        f"<a itemprop='url' href='/2020/0{i + 1}/other-{i}'><{heading}><span itemprop='headline'>"
        f"{'港口其他新闻' if language == 'zh' else 'Other story about the port'} {i}</span>"
        f"</{heading}></a><p>{summary}</p><span itemprop='author'>"
        f"{byline.format(name=names[i])}</span> <time datetime='2020-0{i + 1}-1{i}T10:00:00Z' "
        f"itemprop='datePublished'>{i + 1}</time></div>" for i in range(n))


@pytest.mark.parametrize("teasers", [1, 4])
@pytest.mark.parametrize(("language", "byline"), [
    ("zh", "{name}"), ("zh", "作者：{name}"), ("en", "{name}"), ("en", "By {name}")])
@pytest.mark.parametrize(("head", "authors", "published"), [
    ("", [], None),
    ("<meta name='author' content='Jane Doe, John Roe'>", ["Jane Doe", "John Roe"], None),
    ("<meta property='article:published_time' content='2024-05-02T09:30:00+02:00'>", [],
     datetime(2024, 5, 2, 7, 30, tzinfo=UTC)),
])
@pytest.mark.parametrize(("rail", "heading"), [("aside", "h4"), ("div", "h3"), ("div", "div")])
def test_a_teaser_items_shown_writer_and_time_are_not_the_pages(
        rail: str, heading: str, head: str, authors: list[str], published: datetime | None,
        language: str, byline: str, teasers: int) -> None:
    """A column of other stories beside a story that shows no writer or time, the
    headline above both (so the article's region holds the column): each teaser a
    microdata article item that links its own page and shows its writer and time. The
    page's authors and time are what it declares, or none; not a teaser's."""
    headline, prose = (_ZH_HEADLINE, _ZH_PROSE) if language == "zh" else (HEADLINE, PROSE)
    column = _shown_teaser_items(teasers, byline, heading, language)
    page = (f"<html lang='{language}'><head><title>{headline}</title>{head}</head><body>"
            f"<div class='wrap'><div class='top'><h1>{headline}</h1></div><section class='main'>"
            f"{prose}</section><{rail} class='col'>{column}</{rail}></div></body></html>")
    article = extract(page, URL)
    assert (article.authors, article.published_at) == (authors, published)


def test_a_teaser_item_with_an_address_urllib_cannot_read_costs_nothing() -> None:
    """A teaser's microdata address that is no URL ("http://[…", an unclosed IPv6
    bracket) is no page's own: the page is still read, and neither teaser's time or
    writer is the page's."""
    rail = _shown_teaser_items(2, "{name}", "h4", "zh").replace("/2020/01/other-0",
                                                                 "http://[broken/x")
    page = (f"<html lang='zh'><head><title>{_ZH_HEADLINE}</title></head><body><div class='top'>"
            f"<h1>{_ZH_HEADLINE}</h1></div><section>{_ZH_PROSE}</section><div class='col'>"
            f"{rail}</div></body></html>")
    article = extract(page, URL)
    assert (article.title, article.published_at) == (_ZH_HEADLINE, None)
    assert article.authors == []


@pytest.mark.parametrize("address", [URL, "/2024/05/harbour-repairs", None])
def test_a_short_story_item_without_the_h1_that_links_its_own_page_is_read(
        address: str | None) -> None:
    """A brief story item (under 120 words, its headline an <h2> under a logo <h1>)
    whose address is the page's own, or which gives none, beside teaser items: its
    writer and time are the page's."""
    link = f"<a itemprop='url' href='{address}'>" if address else "<a>"
    own = (f"<div itemscope itemtype='https://schema.org/NewsArticle'><h2>{link}{HEADLINE}</a>"
           f"</h2><p>The harbour authority said repairs would take a month longer.</p>"
           f"<span itemprop='author'>Jane Doe</span> <time itemprop='datePublished' "
           f"datetime='2024-05-02T09:30:00+02:00'>May 2</time></div>")
    page = (f"<html><head><title>{HEADLINE}</title></head><body><h1>Harbour News</h1>{own}"
            f"<aside>{_shown_teaser_items(4, '{name}', 'h3')}</aside>"
            f"<div>{_shown_teaser_items(4, '{name}', 'h4', 'zh')}</div></body></html>")
    article = extract(page, URL)
    assert (article.authors, article.published_at) == (
        ["Jane Doe"], datetime(2024, 5, 2, 7, 30, tzinfo=UTC))


def test_itemprop_metas_of_the_item_holding_the_story_are_the_pages() -> None:
    """An item that holds the story's prose (its headline an <h2> under a logo <h1>) is
    the page's, whatever its type: its itemprop <meta>s are not a teaser's."""
    own = (f"<div itemscope itemtype='https://schema.org/WebPage'><h2>{HEADLINE}</h2>"
           f"<meta itemprop='author' content='Jane Doe'><meta itemprop='author' "
           f"content='Tom Roe'>{PROSE}</div>")
    page = (f"<html><head><title>{HEADLINE}</title></head><body><h1>Harbour News</h1>{own}"
            f"</body></html>")
    assert extract(page, URL).authors == ["Jane Doe", "Tom Roe"]


def test_scholarly_citation_authors_are_all_read_first_name_first() -> None:
    names = ["Markus, Havell", "Jun Zhao", "Raupach, Elizabeth", "de la Maza, Michelina C."]
    head = "".join(f"<meta name='citation_author' content='{n}'>" for n in names)
    byline = "<p class='authors'>Havell Markus, Jun Zhao and others</p>"
    article = extract(_page("node--article", head=head, article_top=byline), URL)
    assert article.authors == ["Havell Markus", "Jun Zhao", "Elizabeth Raupach",
                               "Michelina C. de la Maza"]


@pytest.mark.parametrize("profile", ["/@janedoe", "https://social.example/janedoe"])
def test_an_author_profile_link_gives_way_to_the_named_author(profile: str) -> None:
    head = (f"<meta property='article:author' content='{profile}'>"
            "<meta name='author' content='Jane O&#x27;Doe'>")
    assert extract(_page("story-card", head=head), URL).authors == ["Jane O'Doe"]


def test_a_link_previews_written_by_label_names_the_author() -> None:
    head = ("<meta name='twitter:label1' value='Reading time'><meta name='twitter:data1' "
            "value='4 min'><meta name='twitter:label2' content='Written by'>"
            "<meta name='twitter:data2' content='Ellen Shore'>")
    assert extract(_page("wp-block", head=head), URL).authors == ["Ellen Shore"]


@pytest.mark.parametrize("href", ["/about/editors/jon-fingo/", "/reporter/author-Jon-Fingo-1339.cms",
                                  "/staff/jon-fingo"])
@pytest.mark.parametrize("theme", THEMES[:3])
def test_a_link_to_an_editors_or_reporters_page_is_the_byline(href: str, theme: str) -> None:
    byline = f"<div class='meta-{theme}'><a href='{href}'>Jon Fingo</a> / Wire / 11:04</div>"
    page = _page(theme, article_top=f"<h1>{HEADLINE}</h1>{byline}")
    assert extract(page, URL).authors == ["Jon Fingo"]


@pytest.mark.parametrize("theme", THEMES[:3])
def test_a_menu_link_to_the_authors_tools_is_no_byline(theme: str) -> None:
    """"/author-dashboard" ("Write") is a tool of the site for its writers: a link to
    "/author-<slug>" names a person only where the slug spells the link's words."""
    menu = ("<ul class='x1'><li><a href='/fictions'>Browse</a></li><li><a "
            "href='/author-dashboard' aria-label='Write' role='link'>Write</a></li></ul>")
    page = _page(theme, article_top=f"{menu}<h1>{HEADLINE}</h1>")
    assert extract(page, URL).authors == []


@pytest.mark.parametrize("heading", ["h5", "h6"])
def test_a_byline_written_as_a_heading_is_not_a_teaser(heading: str) -> None:
    byline = (f"<div class='title-meta'><{heading} class='byline flex'><em>By</em> "
              "<a href='/authors/joshua-sokolov/'><span>Joshua Sokolov</span></a></{heading}></div>")
    page = _page("x7kq", header=f"<h1>{HEADLINE}</h1>{byline}")
    assert extract(page, URL).authors == ["Joshua Sokolov"]


@pytest.mark.parametrize(("blog", "title_tag"), [
    ("高木浩光＠自宅の日記", "高木浩光＠自宅の日記 - {h}"),
    ("Kettle Notes", "Kettle Notes » {h}"),
])
def test_a_blogs_name_in_its_h1_is_stripped_from_the_declared_title(blog: str,
                                                                   title_tag: str) -> None:
    page = _page("gh-post", header=f"<h1>{blog}</h1>", title_tag=title_tag.format(h=HEADLINE))
    assert extract(page, URL).title == HEADLINE


@pytest.mark.parametrize("joined", [":", "｜", "："])
def test_a_site_name_joined_without_spaces_is_stripped(joined: str) -> None:
    headline = "マインドマップ風のツリーを描画できる「Treeviz」"
    page = _page("x7kq", title_tag=f"{headline}{joined}news開発日誌")
    assert extract(page, URL).title == headline


@pytest.mark.parametrize("theme", THEMES)
def test_a_publication_field_holding_the_last_edit_loses_to_the_first_publication(
        theme: str) -> None:
    head = ("<meta property='article:published_time' content='2015-09-17T16:57:43+01:00'>"
            "<meta property='article:modified_time' content='2016-05-08T10:11:51+01:00'>")
    top = (f"<h1>{HEADLINE}</h1><div itemscope itemtype='https://schema.org/NewsArticle'>"
           "<meta itemprop='datePublished' content='2016-05-08T10:11:51+01:00'>"
           f"<meta itemprop='headline' content='{HEADLINE}'></div>")
    article = extract(_page(theme, head=head, article_top=top), URL)
    assert article.published_at == datetime(2015, 9, 17, 15, 57, 43, tzinfo=UTC)
    assert article.modified_at == datetime(2016, 5, 8, 9, 11, 51, tzinfo=UTC)


def test_a_story_never_edited_keeps_its_publication_time() -> None:
    head = ("<meta property='article:published_time' content='2017-03-09T23:16:02+00:00'>"
            "<meta property='article:modified_time' content='2017-03-09T23:16:02+00:00'>")
    top = f"<h1>{HEADLINE}</h1><time datetime='2017-03-09T18:16:02-04:00'>March 9</time>"
    article = extract(_page("gh-post", head=head, article_top=top), URL)
    assert article.published_at == datetime(2017, 3, 9, 23, 16, 2, tzinfo=UTC)


def test_an_anchor_named_for_authoring_is_no_byline() -> None:
    prose = ("<p>The extension is published to the server that supports web authoring as per "
             "[<a id='ref-AUTHORING' href='#AUTHORING'>AUTHORING</a>], a long-standing "
             "draft that several servers follow.</p>")
    head = "<meta name='author' content='Kooman, F.'>"
    article = extract(_page("x7kq", head=head, article_top=f"<h1>{HEADLINE}</h1>{prose}"), URL)
    assert article.authors == ["F. Kooman"]


@pytest.mark.parametrize("counter", ["人氣(23925)", "Views (1,204)", "閲覧数（88）"])
def test_a_counter_in_an_author_classed_element_is_no_name(counter: str) -> None:
    top = (f"<h1>{HEADLINE}</h1><div class='meta'><span class='author-views'>{counter}</span>"
           "<span class='author-name'>Ayşe Yılmaz</span></div>")
    assert extract(_page("wp-block", article_top=top), URL).authors == ["Ayşe Yılmaz"]


@pytest.mark.parametrize("site", ["Mac & i", "Smith & Sons"])
def test_a_meta_author_that_is_the_site_name_is_kept_whole(site: str) -> None:
    head = (f"<meta property='og:site_name' content='{site}'>"
            f"<meta name='author' content='{site}'>")
    assert extract(_page("node--article", head=head), URL).authors == [site]


@pytest.mark.parametrize(("lang", "offset", "utc_hour"), [("ja", "+09:00", 11), ("de", "+02:00", 18)])
def test_a_local_clock_written_as_utc_takes_the_offset_of_the_same_shown_time(
        lang: str, offset: str, utc_hour: int) -> None:
    head = "<meta property='article:published_time' content='2019-04-19T20:00:00.000Z'>"
    top = f"<h1>{HEADLINE}</h1><time datetime='2019-04-19T20:00:00{offset}'>19.04 20:00</time>"
    page = _page("story-card", head=head, article_top=top).replace("<html>", f"<html lang='{lang}'>")
    assert extract(page, URL).published_at == datetime(2019, 4, 19, utc_hour, 0, tzinfo=UTC)


def test_a_utc_time_on_a_page_of_no_single_zone_is_kept() -> None:
    head = "<meta property='article:published_time' content='2019-04-19T20:00:00Z'>"
    top = f"<h1>{HEADLINE}</h1><time datetime='2019-04-19T20:00:00+09:00'>Apr 19</time>"
    page = _page("story-card", head=head, article_top=top).replace("<html>", "<html lang='en'>")
    assert extract(page, URL).published_at == datetime(2019, 4, 19, 20, 0, tzinfo=UTC)


@pytest.mark.parametrize(("line", "names"), [
    ("Politik · Jochen Bittner, Tina Hildebrandt", ["Jochen Bittner", "Tina Hildebrandt"]),
    ("Pete Evans · CBC News · Posted: Oct 14, 2022 9:27 AM", ["Pete Evans"]),
    ("Kultur • Ayşe Yılmaz", ["Ayşe Yılmaz"]),
])
def test_a_byline_of_dot_separated_parts_gives_the_part_that_names_people(
        line: str, names: list[str]) -> None:
    top = f"<h1>{HEADLINE}</h1><div class='byline-x'>{line}</div>"
    assert extract(_page("gh-post", article_top=top), URL).authors == names


@pytest.mark.parametrize("box", [
    # an avatar link beside the name
    ("<div class='author'><a href='javascript:void(0)' class='avatar'><img src='/a.jpg'></a>"
    "<span class='name'>谢若含</span><span class='date'>2017-03-01 14:27</span></div>"),
    # a link without a target around the credit
    "<p class='author'><a>文● 谢若含／ASCII編集部</a></p>",
])
def test_an_author_box_whose_link_has_no_text_or_no_target_is_read(box: str) -> None:
    page = _page("x7kq", head="<meta name='author' content='ASCII'>",
                 article_top=f"<h1>{HEADLINE}</h1>{box}")
    assert extract(page, URL).authors == ["谢若含"]


def test_a_see_full_bio_prompt_in_an_author_card_is_no_name() -> None:
    card = ("<div class='c-assetAuthor'><a rel='author' href='/profiles/mreardon/'>Marguerite "
            "Reardon</a><span class='c-assetAuthor_bio-link'>See Full Bio</span></div>")
    page = _page("story-card", article_top=f"<h1>{HEADLINE}</h1>{card}")
    assert extract(page, URL).authors == ["Marguerite Reardon"]


@pytest.mark.parametrize("placeholder", ["0001-01-01T00:00:00Z", "1970-01-01T00:00:00Z",
                                         "0000-00-00 00:00:00"])
def test_a_template_placeholder_date_is_no_date_and_breaks_nothing(placeholder: str) -> None:
    head = (f"<meta property='article:published_time' content='{placeholder}'>"
            f"<meta property='article:modified_time' content='{placeholder}'>")
    top = f"<h1>{HEADLINE}</h1><time datetime='2021-05-09T08:00:00+01:00'>9 May 2021</time>"
    article = extract(_page("wp-block", head=head, article_top=top), URL)
    assert article.published_at == datetime(2021, 5, 9, 7, 0, tzinfo=UTC)
    assert article.modified_at is None
    assert "harbour authority" in article.text


@pytest.mark.parametrize("value", ["9999-12-31T23:59:59Z", "0001-01-01", "9999-12-31T23:59:59-14:00",
                                   "2019-13-45T25:61:00", "99999-01-01", "-1", "1e10", "0"])
def test_no_date_value_in_any_source_fails_the_article(value: str) -> None:
    head = (f"<meta property='article:published_time' content='{value}'>"
            f"<meta property='article:modified_time' content='{value}'>"
            + _jsonld({"@type": "NewsArticle", "headline": HEADLINE, "datePublished": value,
                       "dateModified": value}))
    top = f"<h1>{HEADLINE}</h1><time datetime='{value}' data-published='{value}'>{value}</time>"
    article = extract(_page("node--article", head=head, article_top=top), URL)
    assert "harbour authority" in article.text
    assert article.published_at is None or 1800 <= article.published_at.year <= 9999


@pytest.mark.parametrize("theme", THEMES)
def test_a_release_year_beside_the_byline_is_no_publication_day(theme: str) -> None:
    # A review prints the album's year in a <time>; the day comes from the page's text.
    top = (f"<h1>{HEADLINE}</h1><p class='{theme}-by'>By Ana Ruiz</p><time>2019</time>"
           "<ul><li>Reviewed:</li><li>June 7, 2019</li></ul>")
    found = extract(_page(theme, article_top=top), URL).published_at
    assert found is not None and found.date().isoformat() == "2019-06-07"


@pytest.mark.parametrize("item", ["Book", "Product", "CreativeWork"])
def test_the_one_date_published_of_an_item_not_read_as_an_article(item: str) -> None:
    top = (f"<div itemscope itemtype='https://schema.org/{item}'><h1 itemprop='name'>{HEADLINE}"
           "</h1><dl><dt>Published</dt><dd itemprop='datePublished' content='2019-04-26'>"
           "April 2019</dd></dl></div>")
    # htmldate reads the copyright's year, which is no day
    aside = "<p>Events: 2019年12月17日 meetup</p><footer>Copyright © 2022 Example Press</footer>"
    found = extract(_page("story-card", article_top=top, aside=aside), URL).published_at
    assert found is not None and found.date().isoformat() == "2019-04-26"


def test_differing_item_dates_are_a_lists_and_none_is_taken() -> None:
    from lxml import html as lxml_html

    from crawler.extract._extract import _lone_item_date

    cards = "".join(f"<div itemscope itemtype='https://schema.org/Book'><span itemprop='name'>"
                    f"Book {n}</span><span itemprop='datePublished'>2018-0{n}-1{n}</span></div>"
                    for n in (1, 2, 3))
    assert _lone_item_date(lxml_html.fromstring(f"<div>{cards}</div>")) is None
    same = cards.replace("2018-02-12", "2018-01-11").replace("2018-03-13", "2018-01-11")
    assert _lone_item_date(lxml_html.fromstring(f"<div>{same}</div>")) == "2018-01-11"


@pytest.mark.parametrize(("shown", "utc_hour"), [("15:11", 19), ("3:11 pm", 19), ("", 23)])
def test_of_two_clocks_in_one_zone_the_one_the_page_shows_wins(shown: str, utc_hour: int) -> None:
    # A CMS with a wrong zone setting shifts one field by the offset; the byline shows
    # the right clock. Showing neither, the most trusted field stands.
    head = ("<meta property='article:published_time' content='2022-10-11T19:11:05-04:00'>"
            "<meta itemprop='datePublished' content='2022-10-11T15:11:05-04:00'>")
    top = (f"<h1>{HEADLINE}</h1><ul class='pub'><li>By Ana Ruiz</li><li>October 11, 2022"
           f"</li><li>{shown}</li></ul>")
    found = extract(_page("node--article", head=head, article_top=top), URL).published_at
    assert found == datetime(2022, 10, 11, utc_hour, 11, 5, tzinfo=UTC)


def test_a_shown_clock_does_not_pick_between_times_written_in_utc() -> None:
    # A Japanese page shows 09:18 (JST); "09:18:32Z" is its local clock written as UTC.
    head = ("<meta property='article:published_time' content='2019-03-02T00:18:32Z'>"
            + _jsonld({"@type": "NewsArticle", "headline": HEADLINE,
                       "datePublished": "2019-03-02T09:18:32+00:00"}))
    top = f"<h1>{HEADLINE}</h1><p class='meta'>2019年3月2日 09:18</p>"
    found = extract(_page("x7kq", head=head, article_top=top), URL).published_at
    assert found is not None and found.hour in (0, 9)
    assert found == extract(_page("x7kq", head=head, article_top=f"<h1>{HEADLINE}</h1>"),
                            URL).published_at


@pytest.mark.parametrize("logo", ["Harbour News", "The Harbour News"])
def test_a_logo_h1_that_is_the_site_name_give_or_take_a_word_is_no_headline(logo: str) -> None:
    # The <title> names the site after a short headline: the logo's words cover a good
    # part of it, as a headline's would.
    short = "Pier repairs"
    head = ("<meta property='og:site_name' content='Harbour Update News'>"
            f"<meta property='og:title' content='{short}'>")
    page = _page("gh-post", head=head, header=f"<h1 class='logo'><a href='/'>{logo}</a></h1>",
                 title_tag=f"{short} - Harbour Update News")
    assert extract(page, URL).title == short


@pytest.mark.parametrize("edit", [
    "<meta itemprop='dateModified' content='2019-04-26T18:00:00+09:00'>",
    "<span data-updated-at='2019-04-26T18:00:00+09:00'>edited</span>",
    "<span data-modified='2019-04-26T18:00:00+09:00'>edited</span>"])
def test_the_last_edits_time_does_not_make_a_declared_day_precise(edit: str) -> None:
    head = "<meta property='article:published_time' content='2019-04-26'>"
    found = extract(_page("wp-block", head=head, article_top=f"<h1>{HEADLINE}</h1>{edit}"),
                    URL).published_at
    assert found == datetime(2019, 4, 26, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(("byline", "credit", "names"), [
    ("", "(Reporting by Jane Doe and John Roe in Lisbon; Editing by Max Mustermann)",
     ["Jane Doe", "John Roe"]),
    ("<p class='byline'>By REUTERS</p>", "(Reporting by Jane Doe; Editing by Max Mustermann)",
     ["Jane Doe"]),
    ("", "Reporting by Jane Doe, with additional reporting by John Roe. Editing by Max Roe.",
     ["Jane Doe"]),
    ("<p class='byline'>By Anna Becker</p>", "(Reporting by Jane Doe; Editing by Max Roe)",
     ["Anna Becker"]),
])
def test_an_agencys_credit_at_the_foot_names_the_reporters(byline: str, credit: str,
                                                            names: list[str]) -> None:
    """Where no person is named above the story (or only the agency), the reporters of
    the credit at its foot are the authors; its editors are not."""
    page = _page("x7kq", article_top=f"<h1>{HEADLINE}</h1>{byline}").replace(
        "</article>", f"<p>{credit}</p></article>")
    assert extract(page, URL).authors == names


@pytest.mark.parametrize(("path", "day"), [
    ("/news/20240305-harbour-repairs.html", "2024-03-05"),
    ("/articles/20240305/k10014.html", "2024-03-05"),
    ("/news/20240345-harbour-repairs.html", None),  # no 45th day: an id
    ("/p/20240305", None),  # eight digits alone may be an id
    ("/news/harbour-repairs-20240305", None)])
@pytest.mark.parametrize("theme", THEMES[:3])
def test_a_day_written_without_separators_in_the_path_dates_a_page_that_shows_none(
        theme: str, path: str, day: str | None) -> None:
    article = extract(_page(theme, article_top=f"<h1>{HEADLINE}</h1>"),
                      f"https://news.example{path}")
    found = article.published_at
    assert (found.date().isoformat() if found else None) == day


@pytest.mark.parametrize("heading", ["h2", "h3"])
@pytest.mark.parametrize("theme", THEMES)
def test_without_an_h1_under_a_title_that_is_the_sites_name_the_heading_above_the_story_is_it(
        theme: str, heading: str) -> None:
    """"<title>Coast News</title>" on every page, no <h1>: the headline is the heading
    set right above the story."""
    page = _page(theme, article_top=f"<{heading}>{HEADLINE}</{heading}>", title_tag="Coast News",
                 aside="<h2>Most read stories this week</h2><ul><li><a href='/x'>Other</a></li></ul>")
    assert extract(page, "https://coast.example/news/harbour.html").title == HEADLINE


@pytest.mark.parametrize(("title_tag", "top", "title"), [
    ("Coast News", "<h2>Local</h2>", "Coast News"),  # a section's name, no headline
    (HEADLINE, "<h2>What the council decided last night</h2>", HEADLINE)])  # a headline
def test_a_heading_above_the_story_is_no_title_where_the_page_declares_one(
        title_tag: str, top: str, title: str) -> None:
    page = _page("gh-post", article_top=top, title_tag=title_tag)
    assert extract(page, "https://coast.example/news/harbour.html").title == title


def _hashed_page(theme: str, under: str, foot: str, headline: str = HEADLINE) -> str:
    """A page whose class names are hashed (CSS-in-JS): nothing names a byline."""
    rng = random.Random(theme)
    c = [f"c{rng.getrandbits(24):06x}" for _ in range(6)]
    return (f"<html><head><title>{headline}</title></head><body>"
            f"<div class='{c[0]}'><h1 class='{c[1]}'>{headline}</h1>"
            f"<div class='{c[2]}'>{under}</div><div class='{c[3]}'>{PROSE}</div>"
            f"<div class='{c[4]}'>{foot}</div></div></body></html>")


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("under", [
    ("<div><div></div><span>Jane Doe</span></div><p><span>Published</span> "
     "<time>10:00, 3 May 2024</time></p>"),
    "<span>Jane Doe and John Roe</span>",
    "<p>Jane Doe, April 19, 2020</p>",  # with the day
    "<div><img src='/a/jd.jpg' width='48' height='48'><span>Jane Doe</span></div>",  # avatar
    "<a href='#author-box'>Jane Doe</a>"])
def test_a_name_alone_under_the_headline_named_again_below_is_the_author(
        theme: str, under: str) -> None:
    """No "By", no author link or class: a person's name alone on its line between the
    headline and the story, named again at the page's foot (the author box)."""
    foot = ("<section id='author-box'><div></div>Jane Doe</section>"
            "<p>Jane Doe writes about the coast and its harbours for the paper.</p>")
    page = _hashed_page(theme, under, foot)
    expected = ["Jane Doe", "John Roe"] if "John Roe" in under else ["Jane Doe"]
    assert extract(page, URL).authors == expected


_JA_PROSE = "".join(
    f"<p>市の港湾局によると、第{i}桟橋の基礎部分で腐食が見つかり、潜水士による調査が続いている。"
    f"フェリー会社は工事期間中も朝の便を運航できるよう、仮設の乗り場の設置を求めている。</p>"
    for i in range(1, 6))


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("name", "author"), [
    ("松村太郎", True), ("谢若含", True), ("김민수", True),
    ("科技", False), ("정치", False),  # two characters: a section's name as often
])
def test_a_name_without_spaces_alone_under_the_headline(theme: str, name: str,
                                                         author: bool) -> None:
    """A Chinese, Japanese or Korean name, beside the date under the headline and in the
    author box at the foot: a full name is one "word" to a count of spaces."""
    rng = random.Random(theme)
    c = [f"c{rng.getrandbits(24):06x}" for _ in range(4)]
    page = (f"<html lang='ja'><head><title>桟橋の改修、夏までかかる見通し</title></head><body>"
            f"<div class='{c[0]}'><h1>桟橋の改修、夏までかかる見通し</h1><div class='{c[1]}'>"
            f"<span>{name}</span><span><a href='/archives/2019/04/13/'>2019年04月13日 09時00分"
            f"</a></span></div><div class='{c[2]}'>{_JA_PROSE}</div><div class='{c[3]}'>"
            f"<p>{name}</p></div></div></body></html>")
    assert extract(page, URL).authors == ([name] if author else [])


@pytest.mark.parametrize(("cls", "name"), [
    ("nota-autor", "Ana García"), ("article__autora", "Marta Ruiz"), ("auteur", "Lucie Moreau"),
    ("firma autore", "Mario Rossi"), ("penulis", "Budi Santoso"), ("artikkel-forfatter", "Kari Nordmann"),
    ("skribent", "Anna Svensson"), ("tekija", "Matti Virtanen"), ("avtor", "Ivan Petrov")])
def test_an_author_class_in_the_sites_language(cls: str, name: str) -> None:
    """The byline's box named in the site's language, no "By" and no link."""
    page = _page("x7kq", article_top=f"<h1>{HEADLINE}</h1><div class='{cls}'><span>{name}"
                                     f"</span></div>")
    assert extract(page, URL).authors == [name]


@pytest.mark.parametrize("cls", ["autoresize", "autorefresh-panel", "auto-rotate"])
def test_a_class_that_only_begins_like_autor_names_no_author(cls: str) -> None:
    page = _page("x7kq", article_top=f"<h1>{HEADLINE}</h1><div class='{cls}'><span>Harbour "
                                     f"Live</span></div>")
    assert extract(page, URL).authors == []


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("line", "name"), [
    ("By Jane Doe on May 5, 2024", "Jane Doe"),
    ("Par Lucie Moreau le 4 avril 2023", "Lucie Moreau"),
    ("Von Anna Becker am 25. September 2018", "Anna Becker"),
    ("Por Ana García el 5 de mayo de 2023", "Ana García"),
    ("Di Mario Rossi il 5 maggio 2023", "Mario Rossi"),
    ("By Minh Le on May 5, 2024", "Minh Le"),  # (a surname "Le", not the French "le")
])
def test_a_byline_that_runs_on_into_its_date(theme: str, line: str, name: str) -> None:
    """The word that leads the date ("on", "le", "am", "el", "il") is no part of the name."""
    page = _page(theme, article_top=f"<h1>{HEADLINE}</h1><p class='x1'>{line}</p>")
    assert extract(page, URL).authors == [name]


@pytest.mark.parametrize(("under", "foot", "headline"), [
    ("<span>Jane Doe</span>", "<p>More from the harbour desk.</p>", HEADLINE),  # once only
    ("<img src='/p.jpg' alt='The pier'><p>Jane Doe</p>", "<p>Jane Doe</p>", HEADLINE),  # caption
    ("<span>Jane Doe</span>", "<p>Jane Doe</p>", f"Jane Doe: {HEADLINE}"),  # the subject
    ("<a href='/topic/jane-doe'>Jane Doe</a>", "<p>Jane Doe</p>", HEADLINE),  # a topic
    ("<span>Harbour University Health Sciences</span>",
     "<p>Harbour University Health Sciences</p>", HEADLINE),  # an organisation
])
def test_no_author_from_a_caption_a_subject_a_topic_or_an_organisation_under_the_headline(
        under: str, foot: str, headline: str) -> None:
    assert extract(_hashed_page("x7kq", under, foot, headline), URL).authors == []


@pytest.mark.parametrize(("lang", "day"), [
    ("en-GB", "2023-06-05"), ("en_AU", "2023-06-05"), ("en-IN", "2023-06-05"),
    ("en-US", "2023-05-06"), ("en", "2023-05-06")])
def test_a_numeric_dateline_is_read_as_the_pages_declared_region_writes_it(
        lang: str, day: str) -> None:
    page = (f"<html lang='{lang}'><head><title>{HEADLINE}</title></head><body><main>"
            f"<h1>{HEADLINE}</h1><p class='x7'>05/06/2023</p>{PROSE}</main></body></html>")
    published = extract(page, URL).published_at
    assert published is not None and published.date().isoformat() == day


_LOCAL_PROSE = {
    "fr": "Le conseil a voté mardi la fermeture du vieux pont du port aux voitures après la "
          "découverte de fissures dans deux de ses piles.",
    "de": "Der Stadtrat hat am Dienstag beschlossen, die alte Hafenbrücke für Autos zu "
          "sperren, nachdem Risse in zwei Pfeilern entdeckt wurden.",
    "it": "Il consiglio comunale ha votato martedì la chiusura del vecchio ponte del porto "
          "alle auto dopo la scoperta di crepe in due piloni.",
    "pt": "A câmara votou na terça-feira o encerramento da velha ponte do porto aos carros "
          "depois de terem sido encontradas fissuras em dois pilares.",
    "tr": "Belediye meclisi salı günü iki ayağında çatlak bulunan eski liman köprüsünü "
          "araçlara kapatma kararı aldı ve trafik yönlendirildi.",
}


@pytest.mark.parametrize(("lang", "line", "edited"), [
    ("fr", "Publié le 16 mai 2023 à 09h15, modifié le 16 mai 2023 à 11h02", "2023-05-16 09:02"),
    ("de", ("Veröffentlicht am 16. Mai 2023, 09:15 Uhr · Aktualisiert am 17. Mai 2023, "
            "11:02 Uhr"), "2023-05-17 09:02"),
    ("tr", "16 Mayıs 2023 09:15 · Güncelleme: 16 Mayıs 2023 11:02", "2023-05-16 08:02"),
    ("en", ("<span>Published 16 May 2023, 09:15</span> <span>Updated 18 May 2023, 12:15"
            "</span>"), "2023-05-18 11:15"),  # (London's summer time: .co.uk)
    ("en", ("<span>May 16, 2023</span> · last updated <time datetime='2023-05-18T12:15:00Z'>"
            "May 18</time>"), "2023-05-18 12:15"),
    ("it", "Pubblicato il 16 maggio 2023 alle 09:15 - Aggiornato alle 11:02", None),  # no day
    ("en", "<span>Published 16 May 2023, 09:15</span> <span>Updated 2 May 2023</span>",
     None),  # before the publication: no edit of it
])
def test_the_last_edit_the_page_shows_is_its_modification_time(
        lang: str, line: str, edited: str | None) -> None:
    """Where the page declares no modification time, the last edit's time its dateline
    shows is the article's; the publication's is read as before."""
    country = {"fr": "fr", "de": "de", "it": "it", "tr": "com.tr", "en": "co.uk"}[lang]
    prose = "".join(f"<p>{_LOCAL_PROSE.get(lang, 'The harbour board met on Tuesday.')} "
                    f"({i})</p>" for i in range(6))
    page = (f"<html lang='{lang}'><head><title>{HEADLINE}</title></head><body><article>"
            f"<h1>{HEADLINE}</h1><div class='m1'>{line}</div><div class='t2'>{prose}</div>"
            "</article></body></html>")
    article = extract(page, f"https://www.news.{country}/2023/05/16/harbour")
    assert article.published_at is not None and article.published_at.day == 16
    modified = article.modified_at.strftime("%Y-%m-%d %H:%M") if article.modified_at else None
    assert modified == edited


def test_a_declared_modification_time_wins_over_a_shown_one() -> None:
    node = {"@type": "NewsArticle", "headline": HEADLINE, "datePublished": "2023-05-16T09:15:00Z",
            "dateModified": "2023-05-19T10:00:00Z"}
    page = _page("wp-block", head=_jsonld(node), article_top=(
        f"<h1>{HEADLINE}</h1><span>Updated 18 May 2023, 12:15</span>"))
    modified = extract(page, URL).modified_at
    assert modified == datetime(2023, 5, 19, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(("lang", "line", "utc"), [
    ("fr", "Publié le 16 mai 2023 à 09h15, modifié le 16 mai 2023 à 11h02", "07:15"),
    ("de", ("Veröffentlicht am 16. Mai 2023, 09:15 Uhr · Aktualisiert am 16. Mai 2023, "
            "11:02 Uhr"), "07:15"),
    ("it", "Pubblicato il 16 maggio 2023 alle 09:15 - Aggiornato alle 11:02", "07:15"),
    ("pt", "Publicado em 16 de maio de 2023 às 09h15, atualizado às 11h02", "08:15"),
    ("tr", "16 Mayıs 2023 09:15 · Güncelleme: 16 Mayıs 2023 11:02", "06:15"),
])
def test_the_publication_before_the_last_edit_on_one_line_gives_the_time(
        lang: str, line: str, utc: str) -> None:
    """The two parted by a comma or a dash, not a bar; or a German day ("16. Mai")
    that the parting at a year's full stop cut; or Turkish "Güncelleme". The site's
    country (its domain) gives the clock's zone where the language is read in many."""
    country = {"fr": "fr", "de": "de", "it": "it", "pt": "pt", "tr": "com.tr"}[lang]
    prose = "".join(f"<p>{_LOCAL_PROSE[lang]} ({i})</p>" for i in range(6))
    page = (f"<html lang='{lang}'><head><title>{HEADLINE}</title></head><body><article>"
            f"<h1>{HEADLINE}</h1><div class='m1'>{line}</div><div class='t2'>{prose}</div>"
            "</article></body></html>")
    article = extract(page, f"https://www.news.{country}/2023/05/16/harbour")
    assert article.published_at is not None
    assert article.published_at.strftime("%Y-%m-%d %H:%M") == f"2023-05-16 {utc}"
    assert line not in article.text


@pytest.mark.parametrize(("host", "head", "utc"), [
    ("www.news.fr", "", "07:15"),  # a written time on a French site: Paris's clock
    ("www.news.co.uk", "", "08:15"),  # British summer time
    ("www.news.io", "", "09:15"),  # a domain any site takes: no country, UTC
    # A machine-readable time without an offset is not moved by the site's country.
    ("www.news.fr", "<meta property='article:published_time' content='2023-05-16T09:15:00'>",
     "09:15"),
])
def test_the_sites_country_gives_the_zone_of_a_time_written_for_people(
        host: str, head: str, utc: str) -> None:
    lang = "fr" if host.endswith(".fr") else "en"
    line = "16 mai 2023 à 09h15" if lang == "fr" else "16 May 2023, 09:15"
    prose = ("".join(f"<p>{_LOCAL_PROSE['fr']} ({i})</p>" for i in range(6)) if lang == "fr"
             else PROSE)
    page = (f"<html lang='{lang}'><head><title>{HEADLINE}</title>{head}</head><body><article>"
            f"<h1>{HEADLINE}</h1><div class='m1'>{line}</div><div class='t2'>{prose}</div>"
            "</article></body></html>")
    published = extract(page, f"https://{host}/2023/05/16/harbour").published_at
    assert published is not None and published.strftime("%Y-%m-%d %H:%M") == f"2023-05-16 {utc}"


@pytest.mark.parametrize(("line", "names"), [
    ("Penulis: Budi Santoso", ["Budi Santoso"]),
    ("Redakteur: Jonas Rossi", ["Jonas Rossi"]),  # any one word and its colon
    ("執筆者：山田太郎", ["山田太郎"]),
    ("Foto: Jonas Rossi", []),  # another credit
    ("Editor: Siti Aminah", []),
])
def test_a_label_before_the_name_in_an_author_element_is_no_part_of_it(
        line: str, names: list[str]) -> None:
    page = _page("wp-block", article_top=f"<h1>{HEADLINE}</h1><div class='post-author'>{line}</div>")
    assert extract(page, URL).authors == names


# --- a blog's post: the headline a lower heading, the facts in the post's footer -------

_MENU = "".join(f"<li><a href='/category/{s.lower()}/'>{s}</a></li>"
                for s in ("Politics", "Sport", "Culture"))


def _blog_post(theme: str, *, site_heading: str, post_heading: str, stamp: str,
               labels: str) -> str:
    """A blog theme's post: the site's name (if any) in the page's <h1>, a menu of
    sections, the post's headline in ``post_heading``, its time and labels below it."""
    rng = random.Random(theme)
    cls = f"{theme}-{''.join(rng.choice('abcdefgh') for _ in range(4))}"
    site = f"<{site_heading} class='{cls}-name'>Harbour Notes</{site_heading}>" if site_heading else ""
    return (f"<html><head><title>Harbour Notes: {HEADLINE}</title></head><body>"
            f"<div class='{cls}-head'>{site}<ul class='{cls}-menu'>{_MENU}</ul></div>"
            f"<div class='{cls}-posts'><div class='{cls}-post'>"
            f"<{post_heading} class='{cls}-title'>{HEADLINE}</{post_heading}>"
            f"<div class='{cls}-text'>{PROSE}</div>"
            f"<div class='{cls}-foot'><span>Posted by <span>Jane Doe</span></span> "
            f"<span>at {stamp}</span><div>{labels}</div></div>"
            f"</div></div></body></html>")


_LABELS = ("Labels: <a href='/search/label/harbour' rel='tag'>harbour</a>, "
           "<a href='/search/label/council' rel='tag'>council</a>")


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("site_heading", "post_heading"),
                         [("h1", "h3"), ("div", "h2"), ("", "h3"), ("h1", "h2")])
@pytest.mark.parametrize("stamp", [
    # the clock shown, the time in the title (microformats' abbr pattern, in microdata)
    ("<abbr class='published' itemprop='datePublished' title='2024-01-02T10:15:00+01:00'>"
     "10:15</abbr>"),
    "<abbr itemprop='datePublished' title='2024-01-02T10:15:00+01:00'>10:15 AM</abbr>",
    "<abbr class='published' title='2024-01-02T10:15:00+01:00'>10:15</abbr>",
])
def test_a_blog_posts_time_and_labels_are_read_from_the_posts_footer(
        theme: str, site_heading: str, post_heading: str, stamp: str) -> None:
    article = extract(_blog_post(theme, site_heading=site_heading, post_heading=post_heading,
                                 stamp=stamp, labels=_LABELS),
                      "https://notes.example/2024/01/harbour.html")
    assert article.title == HEADLINE
    assert article.published_at == datetime(2024, 1, 2, 9, 15, tzinfo=UTC)
    assert article.tags == ["harbour", "council"]
    assert article.category is None  # the menu's sections are no post's
    assert article.authors == ["Jane Doe"]


@pytest.mark.parametrize("theme", THEMES)
def test_a_microdata_date_that_is_a_clock_alone_leaves_the_next_source_to_speak(
        theme: str) -> None:
    """"<span itemprop='datePublished'>10:15</span>" is no date: the dateline speaks."""
    page = _page(theme, article_top=(f"<h1>{HEADLINE}</h1><div>16 May 2023 "
                                     "<span itemprop='datePublished'>10:15</span></div>"))
    published = extract(page, URL).published_at
    assert published is not None and published.date() == datetime(2023, 5, 16).date()


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("title", "utc"), [
    ("2024-01-02 10:15:00 +0100 CET", "09:15"),  # Hugo themes: an offset and the zone's name
    ("2024-01-02T10:15:00-05:00", "15:15"),
])
def test_a_time_kept_in_a_title_makes_the_shown_day_precise(
        theme: str, title: str, utc: str) -> None:
    page = _page(theme, article_top=(f"<h1>{HEADLINE}</h1><div class='meta'>"
                                     f"<span title='{title}'>January 2, 2024</span>"
                                     " · 3 min · Jane Doe</div>"))
    published = extract(page, URL).published_at
    assert published is not None and published.strftime("%Y-%m-%d %H:%M") == f"2024-01-02 {utc}"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("layout", "author"), [
    ("picture", True),  # the headline's picture between it and the byline
    ("logo", True),  # the site's logo an <h1> before the story's
    ("once", True),  # named nowhere else: the date beside it tells the byline
    ("picture-no-date", False),  # a name under a picture, no date: its credit (a guard)
])
def test_a_name_beside_the_date_under_the_headline_is_the_author(theme: str, layout: str,
                                                                 author: bool) -> None:
    rng = random.Random(theme + layout)
    c = [f"c{rng.getrandbits(24):06x}" for _ in range(5)]
    title = "桟橋の改修、夏までかかる見通し"
    date = "" if layout == "picture-no-date" else (
        "<span><a href='/archives/2019/04/13/'>2019年04月13日 09時00分</a></span>")
    picture = (f"<div class='{c[4]}'><img src='/p.jpg' width='640' height='480'></div>"
               if layout.startswith("picture") else "")
    logo = f"<h1 class='{c[4]}'>港ニュース</h1>" if layout == "logo" else ""
    foot = "" if layout in ("once", "picture-no-date") else f"<div class='{c[3]}'><p>松村太郎</p></div>"
    page = (f"<html lang='ja'><head><title>{title}</title></head><body>{logo}"
            f"<div class='{c[0]}'><h1>{title}</h1>{picture}<div class='{c[1]}'>"
            f"<span>松村太郎</span>{date}</div><div class='{c[2]}'>{_JA_PROSE}</div>{foot}"
            f"</div></body></html>")
    assert extract(page, URL).authors == (["松村太郎"] if author else [])


@pytest.mark.parametrize(("meta", "authors"), [
    ("<meta name='cXenseParse:author' content='Jane Doe'>", ["Jane Doe"]),
    ("<meta name='writer' value='田中宏昌，&lt;b&gt;Harbour Media&lt;/b&gt;'>", ["田中宏昌"]),
])
def test_authors_declared_in_analytics_and_writer_tags(meta: str, authors: list[str]) -> None:
    """cXense's author tag, and a "writer" tag whose value holds markup around the
    outlet's name."""
    page = _page("x7kq", head=meta, article_top=f"<h1>{HEADLINE}</h1>")
    assert extract(page, URL).authors == authors


_SECTIONS = "".join(f"<li><a href='/news/{s.lower()}'>{s}</a></li>"
                    for s in ("US", "World", "Politics", "Tech", "Science", "Odd News"))


@pytest.mark.parametrize("theme", THEMES)
def test_a_columnists_page_in_the_section_menu_is_no_byline(theme: str) -> None:
    """The site's menu lists a columnist's page among its sections (a link to
    "/author/…"); the story's byline is a name in capitals beside the agency and the
    date, in boxes no name marks: the reporter is the author, not the columnist."""
    rng = random.Random(theme)
    c = [f"c{rng.getrandbits(24):06x}" for _ in range(4)]
    menu = f"<ul class='{c[0]}'>{_SECTIONS}<li><a href='/author/matt-roe'>Matt Roe</a></li></ul>"
    under = (f"<div class='{c[1]}'><div><div>JANE DOE</div></div><div><span><a href="
             f"'https://agency.example/'>Harbour Press</a></span><time>December 2, 2016</time>"
             f"</div></div>")
    page = (f"<html><head><title>{HEADLINE}</title></head><body><div>{menu}</div>"
            f"<div class='{c[2]}'><h1>{HEADLINE}</h1>{under}<div class='{c[3]}'>{PROSE}</div>"
            f"</div></body></html>")
    assert extract(page, URL).authors == ["Jane Doe"]


def test_the_storys_authors_listed_each_linked_to_their_page_are_its_byline() -> None:
    """A list of the story's five authors, each linked to the author's page: no menu (a
    guard beside the section menu's columnist)."""
    names = ["Jane Doe", "John Roe", "Ann Lee", "Max Mustermann", "Lucie Moreau"]
    items = "".join(f"<li><a href='/author/{n.lower().replace(' ', '-')}'>{n}</a></li>"
                    for n in names)
    page = _page("x7kq", article_top=f"<h1>{HEADLINE}</h1><ul class='x1'>{items}</ul>")
    assert extract(page, URL).authors == names


@pytest.mark.parametrize(("stamp", "published"), [
    # the stamp is the last edit's (another day): the time shown first is the publication's
    ("2024-12-07T12:43:39.889Z", datetime(2024, 12, 6, 22, 0, tzinfo=UTC)),
    # the stamp is of the day shown first: the stamp, to the second (a guard)
    ("2024-12-06T22:00:40Z", datetime(2024, 12, 6, 22, 0, 40, tzinfo=UTC)),
])
def test_a_time_showing_the_publication_and_then_the_edit(stamp: str,
                                                          published: datetime) -> None:
    """No metadata; one <time> beside the byline shows "published / Updated …", its
    datetime the last edit's stamp on many sites."""
    line = (f"<p class='x1'>By Jane Doe</p><time datetime='{stamp}'>Dec. 6, 2024, 10:00 PM "
            f"UTC / Updated Dec. 7, 2024, 12:43 PM UTC</time>")
    page = _page("x7kq", article_top=f"<h1>{HEADLINE}</h1>{line}")
    article = extract(page, URL)
    assert article.published_at == published
    assert article.modified_at is not None and article.modified_at.date().day == 7


@pytest.mark.parametrize("line", [
    "Posted on April 19, 2024 by Jane Doe",
    "Tuesday 19 April 2024 by Jane Doe",
    "19.04.2024 | by Jane Doe",
    "Posted on <time>April 19, 2024</time> by <span>Jane Doe</span>",
    "Published on April 19, 2024 at 09:11 by Jane Doe.",
    "le 19 avril 2024 par Jane Doe",
])
@pytest.mark.parametrize("theme", THEMES)
def test_a_byline_whose_lead_in_follows_the_date_names_the_author(theme: str,
                                                                  line: str) -> None:
    """The date first, then the lead-in and the name, as WordPress's themes and many
    blogs print a byline ("Posted on April 19, 2024 by Jane Doe"), with no author markup
    or metadata: the name is the author (without a sentence's full stop), and the line
    is no part of the body."""
    rng = random.Random(theme + line)
    box = rng.choice(["p", "div", "span"])
    _assert_byline_line_of_jane_doe(_page(
        theme, article_top=f"<h1>{HEADLINE}</h1><div class='{theme}-m'>"
        f"<{box} class='{theme}-x'>{line}</{box}></div>"))


@pytest.mark.parametrize("line", [
    "On April 19, 2024 the pier closed, and by Friday the ferries had stopped.",
    "In 2024 by any measure the harbour was busier than ever before.",
    "Posted on April 19, 2024 by the harbour authority",
])
def test_a_dated_sentence_with_by_in_it_names_no_author(line: str) -> None:
    """A date and "by" in a sentence of the story, or before an organisation's name in
    lower case, is no byline."""
    page = _page("wp-block", article_top=f"<h1>{HEADLINE}</h1><p>{line}</p>")
    assert extract(page, URL).authors == []


@pytest.mark.parametrize("href", ["/column/harbour-watch", "/columns/harbour-watch/",
                                  "/series/harbour-watch", "/kolumne/harbour-watch"])
@pytest.mark.parametrize("theme", THEMES)
def test_a_columns_name_over_the_byline_is_no_author(theme: str, href: str) -> None:
    """The column's name, linked to the column's page, set in the byline's box above the
    name ("<p class='byline-column'><a href='/column/…'>Harbour Watch</a></p>"): the
    column is no author, the name under it is."""
    byline = (f"<div class='{theme}-by'><p class='byline-column'><a class='byline-column-link' "
              f"href='{href}'>Harbour Watch</a></p><p class='byline'>By "
              "<span>Jane Doe</span></p></div>")
    page = _page(theme, article_top=f"<h1>{HEADLINE}</h1>{byline}")
    assert extract(page, URL).authors == ["Jane Doe"]


@pytest.mark.parametrize("names", [["Jane Doe"], ["Jane Doe", "John Roe"]])
@pytest.mark.parametrize("network", ["https://x.com/{h}", "https://www.linkedin.com/in/{h}",
                                     "mailto:{h}@news.example"])
@pytest.mark.parametrize("theme", THEMES)
def test_an_unnamed_author_box_under_the_headline_names_the_authors(
        theme: str, network: str, names: list[str]) -> None:
    """Under the headline, a small box whose class says nothing (hashed, as CSS-in-JS
    builds write it) linking each person to a page of the site beside their network
    links, with no metadata: the persons are the authors, however the site names its
    people's pages ("/people/…" is no author page by itself)."""
    box = " ".join(
        f"<a href='/people/{n.split()[0].lower()}'>{n}</a> "
        f"<a href='{network.format(h=n.split()[0].lower())}'>Follow</a>" for n in names)
    page = _page(theme, article_top=f"<h1>{HEADLINE}</h1><div class='css-{theme[:3]}9f'>"
                 f"{box}</div>")
    assert extract(page, URL).authors == names


@pytest.mark.parametrize("box", [
    "<a href='/about'>About us</a> <a href='https://x.com/harbournews'>X</a>",
    "<a href='/topics/harbour'>Harbour Works</a> <a href='https://x.com/harbour'>X</a>",
    ("<a href='/people/jane'>Jane Doe</a> <a href='/people/john'>Our team</a> "
     "<a href='https://x.com/jd'>X</a>"),
])
def test_a_box_of_site_and_network_links_that_names_no_person_gives_no_author(box: str) -> None:
    page = _page("x7kq", article_top=f"<h1>{HEADLINE}</h1><div class='css-q1'>{box}</div>")
    assert extract(page, URL).authors == []
