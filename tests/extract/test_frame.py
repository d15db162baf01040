"""The article frame on markup of other themes: a script-drawn article beside a "Read
More" block, bylines without author markup, machine-readable times. Each page is built
here, with its class names varied, so no rule can lean on one theme's names."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from lxml import html as lxml_html

from crawler.extract import extract
from crawler.extract._frame import fact_lists

THEMES = ["c-card", "td_module", "jeg_post", "post-item", "x9f3k"]


def _names(theme: str) -> dict[str, str]:
    rng = random.Random(theme)
    suffix = "".join(rng.choice("abcdefghk") for _ in range(3))
    return {"card": theme, "title": f"{theme}__t{suffix}", "meta": f"m-{suffix}",
            "body": f"{theme}-content-{suffix}"}


def _teaser(n: int, names: dict[str, str]) -> str:
    return (f"<div class='{names['card']}'><span class='{names['meta']}'>"
            f"<a href='/category/world'>World</a></span>"
            f"<h3 class='{names['title']}'><a href='/story/{n}-a-long-headline-here'>A long "
            f"headline about the council vote number {n}</a></h3><p>A summary of story {n} "
            "that tells in a sentence or two what happened at the meeting today.</p>"
            f"<span>By <a href='/author/jane-roe'>Jane Roe</a></span> <time "
            f"datetime='2024-04-0{n}T10:00:00Z'>2h</time> <span>1.2K</span></div>")


def _paragraphs(n: int = 8) -> str:
    return "".join(f"<p>Paragraph {i} of the story about the harbour and the council budget "
                   "vote, with enough words in it to count as the prose of a page.</p>"
                   for i in range(n))


@pytest.mark.parametrize("theme", THEMES)
def test_a_script_drawn_article_beside_read_more_is_a_js_shell(theme: str) -> None:
    names = _names(theme)
    teasers = "".join(_teaser(n, names) for n in range(1, 6))
    menu = "".join(f"<a href='/s/{i}'>Section {i}</a>" for i in range(12))
    html = (f"<html lang='en'><head><title>Harbour vote - The Daily</title></head><body>"
            f"<nav>{menu}</nav><main><article><h1>Harbour vote passes</h1>"
            f"<div class='{names['meta']}'>By <a href='/people/ana'>Ana Li</a></div>"
            f"<div class='{names['body']}'><noscript>Please enable JavaScript to read this "
            f"article.</noscript></div></article><section><h2>Read More</h2>{teasers}"
            "</section></main></body></html>")
    article = extract(html, "https://daily.example/2024/04/10/harbour-vote",
                      links_only_if_not_article=True)
    assert article.js_shell  # rendered, not stored with the teasers' summaries as its text
    # The related block does not make it a listing: its headline and byline frame it.
    assert (article.page_type, article.page_type_reason) == ("article", "article-frame")
    assert "summary of story" not in article.text
    assert len(article.related) == 5
    assert article.authors == ["Ana Li"]  # not the teasers' bylines: other stories'


@pytest.mark.parametrize("theme", THEMES)
def test_a_plain_byline_link_names_the_author(theme: str) -> None:
    names = _names(theme)
    html = (f"<html><head><title>Harbour vote</title></head><body><div><h1>Harbour vote "
            f"passes</h1><div class='{names['meta']}'>By <a href='/people/12'>Ana Li</a> and "
            f"<a href='/people/13'>Tom Roe</a> · <a href='/category/city'>City</a> · "
            "<span>Medically reviewed by <a href='/people/14'>Dr. Ken Oz</a></span></div>"
            f"<div class='{names['body']}'>{_paragraphs()}<p>You can help by "
            "<a href='/wiki/edit'>adding to it</a>.</p></div></div></body></html>")
    article = extract(html, "https://news.example/city/harbour-vote")
    assert article.authors == ["Ana Li", "Tom Roe"]


def test_an_author_archive_link_is_a_byline() -> None:
    html = ("<html><head><title>Harbour vote</title></head><body><article><h1>Harbour vote "
            "passes</h1><p class='x1'><a href='/yazar/ayse-yilmaz/'>Ayşe Yılmaz</a> | "
            "<a href='/kategori/gundem/'>Gündem</a></p>"
            f"{_paragraphs()}</article></body></html>")
    assert extract(html, "https://haber.example/gundem/x").authors == ["Ayşe Yılmaz"]


@pytest.mark.parametrize("theme", THEMES)
def test_the_pages_full_timestamp_wins_over_the_day(theme: str) -> None:
    names = _names(theme)
    html = (f"<html><head><title>Harbour vote</title></head><body><div class='{theme}-head'>"
            f"<h1>Harbour vote passes</h1><div class='{names['meta']}'><span class='posted-on'>"
            "<a href='/2025/02/14/harbour-vote/'><time class='entry-date published' "
            "datetime='2025-02-14T16:21:00+03:00'>February 14, 2025</time></a></span></div>"
            f"</div><div class='{names['body']}'>{_paragraphs()}</div></body></html>")
    article = extract(html, "https://blog.example/2025/02/14/harbour-vote/")
    assert article.published_at == datetime(2025, 2, 14, 13, 21, tzinfo=UTC)


@pytest.mark.parametrize("theme", THEMES)
def test_a_credit_under_the_image_is_its_caption_not_text(theme: str) -> None:
    names = _names(theme)
    credit = "The harbour at dawn, seen from the new bridge. (Photo: City Archive)"
    html = (f"<html><head><title>Harbour vote</title></head><body><article><h1>Harbour vote "
            f"passes</h1><div class='{names['body']}'><div class='{theme}-media'><img "
            f"src='/img/harbour.jpg' alt='Harbour'></div><div class='{theme}-photo-credit'>"
            f"{credit}</div>{_paragraphs()}</div></article></body></html>")
    article = extract(html, "https://news.example/city/harbour-vote")
    assert [i.caption for i in article.images] == [credit]
    assert "City Archive" not in article.text


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("tag", ["img", "amp-img"])
def test_portraits_icons_and_pixels_are_no_pictures_of_the_story(theme: str, tag: str) -> None:
    """Images drawn at most 120 pixels wide or high, without a caption: the author's
    portrait beside the byline, a share button's icon, a counter's pixel."""
    names = _names(theme)
    small = (f"<{tag} src='/avatars/jane.jpg' alt='Jane Roe' width='40' height='40'></{tag}>"
             f"<{tag} src='/icons/share.png' width='24px' height='24px'></{tag}>")
    thumb = (f"<figure><{tag} src='/img/map-small.png' width='110'></{tag}>"
             "<figcaption>Where the new pier will stand.</figcaption></figure>")
    html = (f"<html><head><title>Harbour vote</title></head><body><article><h1>Harbour vote "
            f"passes</h1><div class='{names['meta']}'>{small}<span>By Jane Roe</span></div>"
            f"<div class='{names['body']}'><{tag} src='/img/harbour.jpg' width='1200' "
            f"height='800'></{tag}>{_paragraphs()}{thumb}<{tag} src='/pixel.gif?id=1' "
            f"width='1' height='1'></{tag}></div></article></body></html>")
    article = extract(html, "https://news.example/city/harbour-vote")
    assert [i.src.rsplit("/", 1)[1] for i in article.images] == ["harbour.jpg", "map-small.png"]


@pytest.mark.parametrize("heading", ["Also in World", "More in City", "You might also like",
                                     "Related Posts"])
def test_other_related_blocks_are_related_links(heading: str) -> None:
    cards = "".join(f"<li><a href='/city/story-{n}'>Another story about the city, number {n}"
                    "</a></li>" for n in range(4))
    html = (f"<html><head><title>Harbour vote</title></head><body><article><h1>Harbour vote "
            f"passes</h1>{_paragraphs()}</article><div class='box-a'><h3>{heading}"
            f"</h3><ul>{cards}</ul></div></body></html>")
    article = extract(html, "https://news.example/city/harbour-vote")
    assert [r.url for r in article.related] == [
        f"https://news.example/city/story-{n}" for n in range(4)]
    assert "Another story" not in article.text


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("line", [
    "<p><small>May 16, 2023 · 3 min · Maria Keller</small></p>",
    ("<div class='{meta}'><span>16 May 2023</span>&nbsp;·&nbsp;4 min read&nbsp;·&nbsp;"
     "Maria Keller</div>"),
    "<div class='{meta}'>Maria Keller | Lesezeit: 5 Min. | May 16, 2023</div>",
])
def test_a_posts_line_of_date_reading_time_and_name_names_the_author(theme: str,
                                                                      line: str) -> None:
    """Blog themes (Hugo's, Medium's, Ghost's) write a post's facts on one line; with
    no author markup, the name in it is the author, and the line is no body."""
    names = _names(theme)
    html = (f"<html><head><title>Harbour vote</title></head><body><article><h1>Harbour vote "
            f"passes</h1>{line.format(meta=names['meta'])}<div class='{names['body']}'>"
            f"{_paragraphs()}</div></article></body></html>")
    article = extract(html, "https://blog.example/posts/harbour-vote/")
    assert article.authors == ["Maria Keller"]
    assert "Maria Keller" not in article.text and "min" not in article.text
    assert article.published_at is not None and article.published_at.date().isoformat() == \
        "2023-05-16"


@pytest.mark.parametrize("line", ["New York · May 16, 2023", "May 16, 2023 · Harbour City"])
def test_a_place_beside_the_date_is_no_author(line: str) -> None:
    html = (f"<html><head><title>Harbour vote</title></head><body><article><h1>Harbour vote "
            f"passes</h1><p>{line}</p><div>{_paragraphs()}</div></article></body></html>")
    article = extract(html, "https://blog.example/posts/harbour-vote/")
    assert article.authors == []
    assert line not in article.text


@pytest.mark.parametrize("theme", THEMES)
def test_a_list_of_the_posts_facts_above_the_prose_is_no_body(theme: str) -> None:
    """Joomla and other CMSs set the post's facts as a <dl> between headline and body;
    without metadata or a named body holder, each fact stood as a body line. A <dl>
    after the prose begins (a glossary) is not taken for one."""
    names = _names(theme)
    facts = (f"<dl class='{names['meta']}'><dt>Details</dt><dd>Written by Maria Keller</dd>"
             "<dd>Category: <a href='/news'>News</a></dd><dd>Published: 16 May 2023</dd>"
             "<dd>Hits: 1234</dd></dl>")
    glossary = "<dl><dt>Pier 4</dt><dd>Built in 1921</dd><dt>Pier 5</dt><dd>Built in 1934</dd></dl>"
    html = (f"<html><head><title>Harbour vote</title></head><body><div class='{theme}'>"
            f"<h2>Harbour vote passes</h2>{facts}<div class='{names['body']}'>{_paragraphs()}"
            f"{glossary}</div></div></body></html>")
    article = extract(html, "https://news.example/index.php/news/harbour-vote")
    assert article.authors == ["Maria Keller"]
    assert article.published_at == datetime(2023, 5, 16, 12, 0, tzinfo=UTC)
    assert not any(word in article.text for word in ("Details", "Category", "Hits"))
    tree = lxml_html.fromstring(html)
    assert [dl.get("class") for dl in fact_lists(tree, lambda line: "Written by" in line)] == [
        names["meta"]]


def test_a_books_facts_above_its_description_are_no_posts_facts() -> None:
    """A <dl> that names no author and no day of the post (a book's topics, month and
    ISBN) is the page's content, not its furniture."""
    facts = ("<dl><dt>Topics</dt><dd>Python, Programming</dd><dt>Published</dt>"
             "<dd>April 2019</dd><dt>ISBN</dt><dd>978-4-87311-874-1</dd></dl>")
    html = (f"<html><head><title>Learn to code</title></head><body><div><h1>Learn to code</h1>"
            f"{facts}<div>{_paragraphs()}</div></div></body></html>")
    article = extract(html, "https://books.example/books/learn-to-code")
    assert article.published_at is None
    tree = lxml_html.fromstring(html)
    furniture = [line for dl in tree.iter("dl") for line in dl.itertext()
                 if line in ("Published", "April 2019")]
    assert furniture and fact_lists(tree, lambda line: line.startswith("Written by")) == []


def _hashed(rng: random.Random) -> str:
    return "css-" + "".join(rng.choice("abcdefgh0123456789") for _ in range(6))


@pytest.mark.parametrize("hook", ["data-testid", "data-component", "data-qa", "data-gu-name"])
def test_boxes_named_by_data_hooks_where_class_names_are_hashed(hook: str) -> None:
    """CSS-in-JS builds hash the class names but keep their test and component hooks:
    the standfirst's wrapper, the byline's box and the comment counter are read by
    them; a commenter's name ("comment_author_link") is no byline."""
    rng = random.Random(hook)
    standfirst = "Repairs to the old pier will run into the summer, the harbour authority says"
    html = (f"<html><head><title>Harbour vote passes at last</title></head><body><main>"
            f"<div class='{_hashed(rng)}'><h1 class='{_hashed(rng)}'>Harbour vote passes at last</h1>"
            f"<div {hook}='standfirst' class='{_hashed(rng)}'><div class='{_hashed(rng)}'><p>"
            f"{standfirst}</p></div></div>"
            f"<div {hook}='byline-block' class='{_hashed(rng)}'><span>Maria Keller</span></div>"
            f"<div class='{_hashed(rng)}'><span {hook}='comment-count'>14</span></div>"
            f"<div class='{_hashed(rng)}'>{_paragraphs()}</div>"
            f"<div class='{_hashed(rng)}'><a {hook}='comment_author_link' href='/user/x9'>"
            f"Tom Reyes</a></div></div></main></body></html>")
    article = extract(html, "https://news.example/city/harbour-vote")
    assert article.standfirst == standfirst
    assert article.authors == ["Maria Keller"]
    assert article.comments == 14


@pytest.mark.parametrize("theme", THEMES)
def test_a_pictures_caption_in_a_lead_box_is_no_standfirst(theme: str) -> None:
    """A box named "lead" that holds the lead picture and its caption: the caption
    is no summary of the story, however the box is named."""
    caption = ("The harbour authority's director with the mayor at the old pier on "
               "Tuesday, the day before the vote. (Photo: City Archive)")
    html = (f"<html><head><title>Harbour vote</title></head><body><article><h1>Harbour vote "
            f"passes</h1><div class='{theme}-lead-asset'><div><img src='/pier.jpg' "
            f"width='800' height='450'><div>{caption}</div></div></div>"
            f"<div class='{_names(theme)['body']}'>{_paragraphs()}</div></article></body></html>")
    assert extract(html, "https://news.example/city/harbour-vote").standfirst is None


def test_a_year_in_a_time_element_is_no_counter() -> None:
    html = ("<html><head><title>Album review</title></head><body><article><h1>Album review"
            "</h1><div><time class='release-year'>2019</time><span class='views'>1,204</span>"
            f"</div><div>{_paragraphs()}</div></article></body></html>")
    article = extract(html, "https://news.example/reviews/album")
    assert article.views == 1204


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("lazy", [
    "src='data:image/gif;base64,R0lGODlhAQABAAAAACw=' data-src='{u}'",
    "src='data:image/svg+xml,%3Csvg%3E%3C/svg%3E' data-lazy-src='{u}'",
    "data-original='{u}'",
])
def test_a_lazily_loaded_picture_is_read_from_where_its_loader_keeps_it(theme: str,
                                                                         lazy: str) -> None:
    """Lazy loaders keep the picture in a data attribute and a placeholder in ``src``
    until it scrolls into view: the picture was lost."""
    names = _names(theme)
    img = f"<img {lazy.format(u='/img/pier.jpg')} width='1200' height='800' alt='The pier'>"
    html = (f"<html><head><title>Harbour vote</title></head><body><article><h1>Harbour vote "
            f"passes</h1><div class='{names['body']}'><figure>{img}<figcaption>The old pier "
            f"at dawn.</figcaption></figure>{_paragraphs()}</div></article></body></html>")
    article = extract(html, "https://news.example/city/harbour-vote")
    assert [(i.src, i.caption) for i in article.images] == [
        ("https://news.example/img/pier.jpg", "The old pier at dawn.")]


@pytest.mark.parametrize("theme", THEMES)
def test_the_authors_portrait_is_no_picture_of_the_story_however_large(theme: str) -> None:
    """An author box's photo or a byline's avatar drawn large, or with no size given:
    its alt text is the author's name. A picture of a person with a caption stays."""
    names = _names(theme)
    html = (f"<html><head><title>Harbour vote</title></head><body><article><h1>Harbour vote "
            f"passes</h1><div class='{names['meta']}'><img src='/people/jane-roe.jpg' "
            f"alt='Jane Roe'><span>By <a href='/author/jane-roe'>Jane Roe</a></span></div>"
            f"<div class='{names['body']}'><figure><img src='/img/jane-at-pier.jpg' "
            f"alt='Jane Roe'><figcaption>Jane Roe at the pier.</figcaption></figure>"
            f"{_paragraphs()}</div></article></body></html>")
    article = extract(html, "https://news.example/city/harbour-vote")
    assert article.authors == ["Jane Roe"]
    assert [i.src.rsplit("/", 1)[1] for i in article.images] == ["jane-at-pier.jpg"]


# What a box quotes, with its speaker named in an author-classed element: a fact
# check's claim, a pull quote, a testimonial. "{box}" and "{who}" are the theme's names.
QUOTED = [
    ("<div class='{box}-statement'><div class='statement-author'><img alt='{speaker}' "
     "src='/a.jpg'><h4 class='author'>{speaker}</h4></div><div class='statement-content'>"
     "<p>“The convoy was stopped at the border by armed groups.”</p></div></div>"),
    ("<aside class='{box}-pullquote'><p>“The harbour is the city's oldest asset.”</p>"
     "<span class='quote-author'>{speaker}</span></aside>"),
    ("<div class='{box}-claim'><span class='claim-label'>Claim:</span> The pier will close "
     "for a year. <div class='author-name'>{speaker}</div></div>"),
]


@pytest.mark.parametrize("quoted", QUOTED)
@pytest.mark.parametrize("byline", [True, False])
@pytest.mark.parametrize("theme", THEMES[:3])
def test_who_a_quoted_statement_is_by_is_no_author(quoted: str, byline: bool,
                                                   theme: str) -> None:
    """The speaker of a claim a fact check rates, of a pull quote or a testimonial is
    no author of the page, however the box names the speaker ("author", "statement-author"):
    the byline's persons are, or none where the page names none."""
    names = _names(theme)
    box = quoted.format(box=names["card"], speaker="The Port and City Ministries")
    by = (f"<div class='{names['meta']}'>By <a href='/people/ana'>Ana Li</a></div>"
          if byline else "")
    html = (f"<html><head><title>Harbour claim</title></head><body><article><h1>Did the "
            f"harbour close?</h1>{by}<div class='{names['body']}'>{box}{_paragraphs()}"
            "</div></article></body></html>")
    article = extract(html, "https://check.example/2024/04/harbour-claim")
    assert article.authors == (["Ana Li"] if byline else [])
