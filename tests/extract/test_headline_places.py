"""A headline set in no <h1>: a blog's "<h3 class='post-title'><a>…</a></h3>", a
theme's "<h2 class='entry-title'>" under a site name in a <div>, a page builder's
styled <div>, a bold line. The element that shows a declared title stands for the
<h1>, so what is read beside the headline (the standfirst under it, the byline, readers'
comments after the story) is still read. Each page is built here; class names are
drawn per theme."""

from __future__ import annotations

import random

import pytest
from lxml import html as lxml_html

from crawler.extract import extract
from tests.extract.test_comments import paragraph

URL = "https://news.example/2024/05/harbour"
THEMES = ["wp-site", "hashed", "bare", "blogger"]
HEADLINE = "Harbour repairs will take longer than planned"
STANDFIRST = "Repairs to the old pier will run into the summer, the harbour authority says."
HEADLINE_FORMS = [
    "<h2{c}>{t}</h2>",
    "<h3{c}><a href='/2024/05/harbour'>{t}</a></h3>",
    "<div{c}>{t}</div>",
    "<p{c}><strong>{t}</strong></p>",
    "<div{c}><span>{t}</span></div>",
]


def cls(theme: str, part: str) -> str:
    if theme == "bare":
        return ""
    rng = random.Random(f"{theme}-{part}")
    if theme == "hashed":
        return f" class='css-{''.join(rng.choice('abcdef0123') for _ in range(6))}'"
    return f" class='{theme}-{part}'"


def page(theme: str, headline: str, *, head: str = "", top: str = "", after: str = "",
         title: str = HEADLINE, shown: str = HEADLINE) -> str:
    menu = "".join(f"<li><a href='/s/{i}'>Section {i}</a></li>" for i in range(12))
    return (f"<html lang='en'><head><title>{title} | Harbour Courier</title>"
            f"<meta property='og:site_name' content='Harbour Courier'>{head}</head><body>"
            f"<div{cls(theme, 'site')}><a href='/'>Harbour Courier</a></div><ul>{menu}</ul>"
            f"{top}<div{cls(theme, 'post')}>"
            + headline.replace("{c}", cls(theme, "title")).replace("{t}", shown)
            + f"<div{cls(theme, 'dek')}>{STANDFIRST}</div>"
            f"<div{cls(theme, 'text')}>{''.join(f'<p>{paragraph(i)}</p>' for i in range(5))}"
            f"</div></div>{after}</body></html>")


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("form", HEADLINE_FORMS)
def test_the_standfirst_under_a_headline_in_no_h1(theme: str, form: str) -> None:
    """A sentence right under the headline, named by nothing, is the standfirst, as it
    is under an <h1>: the page reads as the same page with its headline in an <h1>
    does (the headline the title and no line of the text)."""
    article = extract(page(theme, form), URL)
    with_h1 = extract(page(theme, "<h1{c}>{t}</h1>"), URL)
    assert article.standfirst == with_h1.standfirst == STANDFIRST
    assert article.title == with_h1.title == HEADLINE
    assert article.paragraphs == with_h1.paragraphs
    assert article.paragraphs[-5:] == [paragraph(i) for i in range(5)]
    assert HEADLINE not in article.text


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("wrapper", ["header", "hgroup", "section"])
@pytest.mark.parametrize("form", HEADLINE_FORMS[1:])
def test_a_headline_in_no_h1_alone_in_a_box_of_another_kind(theme: str, wrapper: str, form: str
                                                             ) -> None:
    """The headline's element the only thing in a <header> (or another box no headline
    is written in): it is found all the same, so the headline is the one the page shows
    (its typographic quotes, where the <title> writes straight ones) and the summary
    under it the standfirst."""
    shown = "Harbour repairs ‘will take longer’ than planned"
    form = f"<{wrapper}>{form}</{wrapper}>"
    article = extract(page(theme, form, title=shown.replace("‘", "'").replace("’", "'"),
                           shown=shown), URL)
    assert article.title == shown
    assert article.standfirst == STANDFIRST
    assert shown not in article.text


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("form", HEADLINE_FORMS[:3])
def test_a_headline_worded_a_little_otherwise_than_the_seo_title(theme: str, form: str
                                                                 ) -> None:
    """The page shows a longer headline than its <title> declares: the shown one is
    found by its nearness (most letter pairs shared either way) and is the title."""
    shown = f"{HEADLINE}, and the ferries will keep to the winter timetable"
    article = extract(page(theme, form, shown=shown), URL)
    assert article.title == shown
    assert article.standfirst == STANDFIRST


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("form", HEADLINE_FORMS[:3])
@pytest.mark.parametrize(("title", "shown"), [
    ("港の桟橋の修理は夏まで続く！ 市が新しいアプリで進み具合を知らせる",
     "港の桟橋の修理は夏まで続く！ 市がアプリで進み具合を発表"),
    ("港口码头维修将持续到夏天，市政府在Windows 10应用中公布进度。",
     "港口码头维修将持续到夏天，市政府在Windows 10应用中公布进度"),
])
def test_a_chinese_or_japanese_headline_worded_a_little_otherwise_than_the_seo_title(
        theme: str, form: str, title: str, shown: str) -> None:
    """The same in Chinese and Japanese, the headline holding a space (after an
    exclamation mark, beside a Latin word), so that its spaces part it in two or three
    "words": it is counted two characters a word, a headline all the same."""
    article = extract(page(theme, form, title=title, shown=shown), URL)
    assert article.title == shown
    assert article.standfirst == STANDFIRST


@pytest.mark.parametrize("theme", THEMES)
def test_a_headline_shown_first_in_a_sticky_bar_and_then_over_the_story(theme: str
                                                                        ) -> None:
    """The title shown twice, in a bar above the menu and over the story: the one
    before the story stands for the headline, so the standfirst under it is read."""
    bar = f"<div{cls(theme, 'bar')}><h4>{HEADLINE}</h4><a href='/subscribe'>Subscribe</a></div>"
    article = extract(page(theme, HEADLINE_FORMS[2], top=bar), URL)
    assert article.standfirst == STANDFIRST


@pytest.mark.parametrize("theme", THEMES)
def test_readers_comments_after_a_headline_in_no_h1_are_no_body(theme: str) -> None:
    """A thread is only looked for after the headline: with the headline in a <div>,
    the comments after the story are still no body."""
    posts = "".join(f"<div{cls(theme, 'c')}><b>reader{i}</b> <span>May {i + 5}, 2024</span>"
                    f"<p>I have lived by the harbour for thirty years, reader {i} says, and the "
                    f"council has promised repairs every spring since the storm.</p></div>"
                    for i in range(3))
    after = f"<div{cls(theme, 'thread')}><h3>Comments</h3>{posts}</div>"
    article = extract(page(theme, HEADLINE_FORMS[2], after=after), URL)
    with_h1 = extract(page(theme, "<h1{c}>{t}</h1>", after=after), URL)
    assert article.paragraphs == with_h1.paragraphs
    assert article.paragraphs[-5:] == [paragraph(i) for i in range(5)]
    assert "reader" not in article.text


@pytest.mark.parametrize("theme", THEMES)
def test_a_rails_heading_near_the_title_after_the_story_is_no_headline(theme: str) -> None:
    """No element shows the title; a rail's "More reviews of …" after the story is
    near it, but follows the story's prose: it does not stand for the headline (the
    title stays the declared one, and no standfirst is read under the rail's heading)."""
    rail = (f"<div{cls(theme, 'rail')}><h3>More reviews of Harbour repairs</h3>"
            f"<p>{STANDFIRST}</p></div>")
    html = (f"<html lang='en'><head><title>Harbour repairs | Harbour Courier</title>"
            f"<meta property='og:site_name' content='Harbour Courier'></head>"
            f"<body><div{cls(theme, 'text')}>"
            f"{''.join(f'<p>{paragraph(i)}</p>' for i in range(5))}</div>{rail}</body></html>")
    article = extract(html, URL)
    assert article.title == "Harbour repairs"
    assert article.standfirst is None


@pytest.mark.parametrize("theme", THEMES)
def test_a_breadcrumbs_last_item_is_no_headline(theme: str) -> None:
    """A trail ending in the story's title (a list item) comes before the headline:
    the headline over the story is the one read."""
    crumbs = (f"<ol{cls(theme, 'crumbs')}><li><a href='/'>Home</a></li><li><a href='/news'>"
              f"News</a></li><li>{HEADLINE}</li></ol>")
    article = extract(page(theme, HEADLINE_FORMS[2], top=crumbs), URL)
    assert article.standfirst == STANDFIRST


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("href", [URL, "/2024/05/harbour", "/2024/05/harbour/",
                                  "//news.example/2024/05/harbour#top"])
def test_a_headline_linked_to_its_own_page_is_no_teaser(theme: str, href: str) -> None:
    """Blog themes link the headline to its permalink ("<h1 class='entry-title'><a
    href='…' rel='bookmark'>"): it is the page's headline, not a card teasing another
    page, so the standfirst under it is read."""
    form = f"<h1{{c}}><a href='{href}' rel='bookmark'>{{t}}</a></h1>"
    article = extract(page(theme, form), URL)
    assert article.standfirst == STANDFIRST
    assert article.title == HEADLINE
    assert URL not in [r.url for r in article.related]


@pytest.mark.parametrize("theme", THEMES)
def test_a_heading_linked_to_another_page_is_still_a_teaser(theme: str) -> None:
    """The guard's other side: a card's heading linking elsewhere, under the story, is
    no text of it."""
    card = (f"<div{cls(theme, 'card')}><h2><a href='/2024/05/ferry-timetable'>Ferry timetable "
            f"changes for the summer season</a></h2><p>The ferry company will add two morning "
            f"crossings from June, it said on Monday.</p></div>")
    article = extract(page(theme, "<h1{c}>{t}</h1>", after=card), URL)
    assert "Ferry timetable" not in article.text


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("hiding", ["style='display:none'", "hidden", "aria-hidden='true'",
                                    "class='is-hidden'"])
def test_a_hidden_copy_of_a_declared_title_is_no_headline(theme: str, hiding: str) -> None:
    """A hidden box under the headline that shows another declared title (Wikipedia's
    short description, which its JSON-LD gives as the headline): the shown headline
    over the story stands for the <h1>, so its standfirst is read and it is the
    title."""
    description = "Pier on the north quay of the old harbour town"
    head = (f"<script type='application/ld+json'>{{\"@type\": \"NewsArticle\", "
            f"\"headline\": \"{description}\"}}</script>")
    hidden_box = f"<div {hiding}>{description}</div>"
    html = page(theme, "<h2{c}>{t}</h2>", head=head).replace(
        f"<div{cls(theme, 'text')}>", f"{hidden_box}<div{cls(theme, 'text')}>", 1)
    article = extract(html, URL)
    assert article.standfirst == STANDFIRST
    assert article.title == HEADLINE


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("around", ["<div aria-hidden='false'>", "<div class='mw-hide-empty-elt'>"])
def test_a_wrapper_that_hides_nothing_leaves_the_headline_shown(theme: str, around: str
                                                                ) -> None:
    """``aria-hidden='false'`` around the app, and a class naming a rule for empty
    children, hide no headline."""
    html = page(theme, "<div{c}>{t}</div>").replace("<body>", f"<body>{around}", 1).replace(
        "</body>", "</div></body>", 1)
    article = extract(html, URL)
    assert article.standfirst == STANDFIRST
    assert article.title == HEADLINE


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("between", [
    ("<div{c}><a href='https://facebook.com/share?u=1'><svg></svg></a>"
     "<a href='https://x.com/intent/tweet?u=1'><svg></svg></a></div>"),
    "<div{c} id='gpt-ad-1' style='min-height:90px'></div>",
    "<!-- standfirst --><div{c}><img src='/icons/clock.svg' alt=''></div>",
])
def test_an_unnamed_standfirst_after_what_shows_no_text(theme: str, between: str) -> None:
    """Between the headline and a standfirst named by nothing stands what shows no text
    (a row of share icons, an empty ad slot, a note in the markup): it is still the
    standfirst, as where nothing stands between."""
    form = "<h1{c}>{t}</h1>" + between.replace("{c}", cls(theme, "between"))
    assert extract(page(theme, form), URL).standfirst == STANDFIRST


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("parted", ["<h2{c}><span>Analysis:</span> {t}</h2>",
                                    "<h3{c}>{t} <small>Updated</small></h3>",
                                    "<h2{c}><a href='/topics/harbour'>Harbour:</a> {t}</h2>"])
def test_a_headline_in_no_h1_parted_in_several_elements(theme: str, parted: str) -> None:
    """A lower heading whose text is parted (a kicker in a <span>, a badge in a
    <small>, a topic's link) stands for the <h1> too: the page reads as it does with
    that heading in an <h1>."""
    article = extract(page(theme, parted), URL)
    with_h1 = extract(page(theme, parted.replace("<h2", "<h1").replace("</h2>", "</h1>")
                           .replace("<h3", "<h1").replace("</h3>", "</h1>")), URL)
    assert article.standfirst == with_h1.standfirst == STANDFIRST
    assert article.title == with_h1.title


LOGOS = [
    "<h1{c}><a href='/' rel='home'>Harbour Courier</a></h1>",
    ("<header><h1{c}><a href='https://news.example/'><img src='/logo.png' "
     "alt='Harbour Courier'></a></h1></header>"),
    "<h1{c}><a href='/index.html'>Harbour <span>Courier</span></a></h1>",
]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("logo", LOGOS)
@pytest.mark.parametrize("form", ["<h1{c}>{t}</h1>", *HEADLINE_FORMS[:3]])
def test_the_sites_name_in_an_h1_is_no_headline(theme: str, logo: str, form: str) -> None:
    """Themes set the site's name in an <h1> linked to the home page on every page,
    the story's headline in a second <h1> or a lower heading: the page reads as it does
    with its name in a <div> (the byline and time under the headline, the standfirst,
    the title), and the site's name is no author."""
    site = f"<div{cls(theme, 'site')}><a href='/'>Harbour Courier</a></div>"
    dek = f"<div{cls(theme, 'dek')}>{STANDFIRST}</div>"
    byline = f"<div{cls(theme, 'meta')}>By Jane Doe | May 3, 2024</div>"
    plain = page(theme, form).replace(dek, dek + byline)
    with_logo = plain.replace(site, logo.replace("{c}", cls(theme, "site")))
    assert with_logo != plain
    article, expected = extract(with_logo, URL), extract(plain, URL)
    assert (article.title, article.standfirst, article.authors) == (
        HEADLINE, STANDFIRST, ["Jane Doe"])
    assert article.published_at is not None and article.published_at.date().isoformat() == (
        "2024-05-03")
    assert article.paragraphs == expected.paragraphs
    assert article.paragraphs[-5:] == [paragraph(i) for i in range(5)]


@pytest.mark.parametrize("theme", THEMES)
def test_a_logo_linked_home_in_a_box_named_for_authors_is_no_author(theme: str) -> None:
    """A page whose <body> class names authors (a theme's "author-page-on" switch) and
    a logo linked to the home page: the site's name is no author's page."""
    site = f"<div{cls(theme, 'site')}><a href='/'>Harbour Courier</a></div>"
    html = page(theme, HEADLINE_FORMS[0]).replace(
        site, "<div class='author-box'><a href='/'>Harbour Courier</a></div>")
    assert extract(html, URL).authors == []


# A heading's permalink as documentation and blog generators write it.
PERMALINKS = {
    "sphinx": "<a class='headerlink' href='#{id}' title='Permalink to this headline'>¶</a>",
    "eleventy": "<a class='direct-link' href='#{id}'>#</a>",
    "docusaurus": "<a href='#{id}' class='hash-link' aria-label='Direct link'>\u200b</a>",
    "hugo": " <a class='anchor' href=' #{id}' aria-hidden='true'>§</a>",
    "emoji": "<a href='#{id}' class='heading-anchor'>🔗</a>",
}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("generator", PERMALINKS)
def test_a_headings_permalink_mark_is_no_word_of_it(theme: str, generator: str) -> None:
    """The mark linking a heading to its own anchor ends no heading, no line of the
    text and not the title, the headline's own included."""
    link = PERMALINKS[generator]
    subheads = ["Why the pier failed", "What the council decided"]
    body = "".join(f"<h2 id='s{i}'>{h}{link.format(id=f's{i}')}</h2><p>{paragraph(i)}</p>"
                   f"<p>{paragraph(i + 2)}</p>" for i, h in enumerate(subheads))
    html = (f"<html><head><title>{HEADLINE}</title></head><body><div{cls(theme, 'post')}>"
            f"<h1 id='top'>{HEADLINE}{link.format(id='top')}</h1>"
            f"<div{cls(theme, 'text')}>{body}</div></div></body></html>")
    article = extract(html, URL)
    assert article.title == HEADLINE
    assert article.headings == subheads
    mark = lxml_html.fragment_fromstring(link.format(id="x").strip()).text_content().strip()
    assert not mark or mark not in article.text


def test_links_to_anchors_worded_or_numbered_stay_in_the_heading() -> None:
    """A guard: a heading linked to its anchor in words, or holding a note's number,
    keeps them."""
    body = (f"<h2><a href='#pier'>Why the pier failed</a></h2><p>{paragraph(0)}</p>"
            f"<p>{paragraph(1)}</p><h2>What the council decided<sup><a href='#n1'>1</a>"
            f"</sup></h2><p>{paragraph(2)}</p><p>{paragraph(3)}</p>")
    html = (f"<html><head><title>{HEADLINE}</title></head><body><article><h1>{HEADLINE}</h1>"
            f"{body}</article></body></html>")
    assert extract(html, URL).headings == ["Why the pier failed", "What the council decided1"]
