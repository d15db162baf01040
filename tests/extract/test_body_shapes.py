"""Bodies of shapes that collapsed: prose in bare <div>s beside a menu, an article inside
an <aside> and a <header>, a lead in a container of its own, live-blog posts. Each
page is built here with its wrappers, class names and menu varied per theme."""

from __future__ import annotations

import random
from datetime import UTC, datetime

import pytest
from lxml import html as lxml_html

from crawler.extract import extract
from crawler.extract._boxes import contents_lists

URL = "https://news.example/2024/05/harbour"
THEMES = ["wp-site", "drupal-x", "ghost", "q7zr", "cms-news"]
SENTENCES = [
    ("The harbour authority said repairs to pier {i} would take a month and cost more than "
    "planned, according to a report published on Tuesday by the city council."),
    ("Engineers found corrosion in section {i} of the old structure, and divers will inspect "
    "the foundations before any decision on the ferry landing is taken."),
    ("Ferry operators asked for a temporary landing near berth {i} so that the morning "
    "crossings can keep running while the work goes on through the summer."),
]


def paragraph(i: int) -> str:
    return " ".join(SENTENCES[(i + k) % 3].format(i=i + k) for k in range(2))


def _theme(theme: str) -> tuple[str, str]:
    """(a class-name stem, a menu of the site's sections) for ``theme``."""
    rng = random.Random(theme)
    stem = f"{theme}-{''.join(rng.choice('abcdefgh') for _ in range(4))}"
    links = "".join(f"<li><a href='/s/{i}'>Section {i} of the news site</a></li>"
                    for i in range(rng.randint(25, 45)))
    holder = rng.choice(["div", "ul"])
    menu = (f"<div class='{stem}-menu'><ul>{links}</ul></div>" if holder == "div"
            else f"<ul class='{stem}-nav'>{links}</ul>")
    return stem, menu


def _page(body: str, menu: str, *, title: str = "Harbour repairs take longer") -> str:
    return (f"<html><head><title>{title}</title></head><body>{menu}"
            f"{body}</body></html>").replace("{title}", title)


def _words(n: int, first: int = 0) -> list[str]:
    return [paragraph(i) for i in range(first, first + n)]


@pytest.mark.parametrize("theme", THEMES)
def test_prose_in_bare_divs_is_the_body_not_the_menu(theme: str) -> None:
    stem, menu = _theme(theme)
    divs = "".join(f"<div>{p}</div>" for p in _words(8))
    page = _page(f"<h1>Harbour repairs take longer</h1><div class='{stem}-txt'>{divs}</div>",
                 menu)
    article = extract(page, URL)
    assert article.paragraphs == _words(8)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("holder", ["aside > section > header", "form > div", "footer"])
def test_an_article_inside_elements_that_are_usually_furniture(theme: str, holder: str) -> None:
    stem, menu = _theme(theme)
    tags = [t.strip() for t in holder.split(">")]
    body = "<h1>Harbour repairs take longer</h1>" + "".join(f"<p>{p}</p>" for p in _words(8))
    for tag in reversed(tags):
        body = f"<{tag} class='{stem}-{tag}'>{body}</{tag}>"
    assert extract(_page(body, menu), URL).paragraphs == _words(8)


@pytest.mark.parametrize("theme", THEMES)
def test_a_lead_in_its_own_container_between_headline_and_body(theme: str) -> None:
    stem, menu = _theme(theme)
    lead, rest = _words(1), _words(7, first=1)
    body = (f"<div class='{stem}-article'><h1>Harbour repairs take longer</h1>"
            f"<div class='{stem}-intro'><p>{lead[0]}</p></div>"
            f"<div class='{stem}-text'>{''.join(f'<p>{p}</p>' for p in rest)}</div></div>")
    assert extract(_page(body, menu), URL).paragraphs == lead + rest


@pytest.mark.parametrize("theme", THEMES)
def test_posts_of_a_live_blog_are_all_kept_and_none_taken_for_a_lead(theme: str) -> None:
    stem, menu = _theme(theme)
    posts = "".join(
        f"<article class='{stem}-post'><header><time>1{i}:00</time><h2>Update {i}</h2></header>"
        f"<div class='{stem}-post-body'><p>{paragraph(i * 2)}</p><p>{paragraph(i * 2 + 1)}</p>"
        f"</div><footer><a href='#'>Share</a></footer></article>" for i in range(10))
    body = f"<main><h1>Live: harbour repairs</h1><div class='{stem}-feed'>{posts}</div></main>"
    assert extract(_page(body, menu), URL).paragraphs == _words(20)


@pytest.mark.parametrize("theme", THEMES)
def test_a_live_blogs_posts_of_one_paragraph_are_kept_and_its_time_is_the_pages(theme: str
                                                                                 ) -> None:
    """Posts of a live blog, newest first, each with its time: a post of one paragraph
    is the blog's too, and the page's declared time is its publication time, not the
    newest post's."""
    stem, menu = _theme(theme)
    sizes = [2, 1, 2, 1, 1]
    story = _words(sum(sizes))
    texts = iter(story)
    posts = "".join(
        f"<article class='{stem}-post'><header><time datetime='2024-05-06T1{5 - i}:00:00+02:00'>"
        f"1{5 - i}:00</time><h3>Update {i}</h3></header>"
        + "".join(f"<p>{next(texts)}</p>" for _ in range(n)) + "</article>"
        for i, n in enumerate(sizes))
    head = "<meta property='article:published_time' content='2024-05-06T09:30:00+02:00'>"
    body = f"<main><h1>Live: harbour repairs</h1><div class='{stem}-feed'>{posts}</div></main>"
    page = _page(body, menu).replace("</title>", f"</title>{head}")
    article = extract(page, URL)
    assert [p for p in article.paragraphs if p in story] == story
    assert article.published_at == datetime(2024, 5, 6, 7, 30, tzinfo=UTC)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("posts", "boxed"), [(3, True), (5, True), (5, False)])
def test_a_live_blogs_posts_of_no_class_are_all_kept(theme: str, posts: int, boxed: bool
                                                     ) -> None:
    """Posts that carry no class name, nor do the boxes their paragraphs sit in (a
    hand-written or stripped template): the posts are told by their times, each a chunk
    of the body, not the first post alone."""
    stem, menu = _theme(theme)
    story = _words(2 * posts)

    def block(text: str) -> str:
        return f"<div><p>{text}</p></div>" if boxed else f"<p>{text}</p>"

    feed = "".join(
        f"<article><header><time datetime='2024-05-06T1{5 - i}:00:00+02:00'>1{5 - i}:00</time>"
        f"<h3>Update {i}</h3></header>{block(story[2 * i])}{block(story[2 * i + 1])}</article>"
        for i in range(posts))
    body = f"<main><h1>Live: harbour repairs</h1><div class='{stem}-feed'>{feed}</div></main>"
    assert extract(_page(body, menu), URL).paragraphs == story


@pytest.mark.parametrize("where", ["body", "main"])
def test_a_page_that_takes_comments_keeps_its_chunks(where: str) -> None:
    """A theme's class saying the page takes comments ("comments-open"), on <body> or on
    the article's wrapper, does not make the article's posts readers' comments."""
    stem, menu = _theme("wp-site")
    posts = "".join(
        f"<article class='{stem}-post'><header><time>1{i}:00</time><h2>Update {i}</h2></header>"
        f"<div class='{stem}-post-body'><p>{paragraph(i * 2)}</p><p>{paragraph(i * 2 + 1)}</p>"
        f"</div></article>" for i in range(6))
    page = _page(f"<main><h1>Live: harbour repairs</h1><div class='{stem}-feed'>{posts}</div>"
                 "</main>", menu)
    page = page.replace(f"<{where}>", f"<{where} class='single comments-open'>")
    assert extract(page, URL).paragraphs == _words(12)


@pytest.mark.parametrize("trail", ["Home > News > Harbour", "トップ > ニュースリリース > 港湾",
                                   "Start › Politik › Hafen"])
def test_a_breadcrumb_trail_above_the_body_is_not_its_text(trail: str) -> None:
    stem, menu = _theme("ghost")
    body = (f"<h1>Harbour repairs take longer</h1><div class='{stem}-text'><p>{trail}</p>"
            + "".join(f"<p>{p}</p>" for p in _words(6)) + "</div>")
    assert extract(_page(body, menu), URL).paragraphs == _words(6)


def test_a_sentence_with_an_arrow_is_prose() -> None:
    stem, menu = _theme("ghost")
    line = "Costs rose from 4 > 5 million in May, and then > 7 million in June > July, they said"
    body = (f"<h1>Harbour repairs take longer</h1><div class='{stem}-text'><p>{line}</p>"
            + "".join(f"<p>{p}</p>" for p in _words(6)) + "</div>")
    assert extract(_page(body, menu), URL).paragraphs[0] == line


@pytest.mark.parametrize("spacer", ["", "<p></p>"])
@pytest.mark.parametrize("theme", THEMES)
def test_a_list_of_prose_in_the_body_is_kept_in_its_place(theme: str, spacer: str) -> None:
    """Also where an editor left a spacer, an empty <p>, after the intro and in each item:
    that does not make the items cards."""
    stem, menu = _theme(theme)
    before, after = _words(3), _words(3, first=3)
    intro = "The replies fell roughly into the following groups of messages:"
    items = [f"\"Quote number {i} said something rather long about the harbour works.\" "
             f"(This was {i} in ten.)" for i in range(4)]
    body = (f"<h1>Harbour repairs take longer</h1><div class='{stem}-text'>"
            + "".join(f"<p>{p}</p>" for p in before) + f"<p>{intro}</p>{spacer}<ul>"
            + "".join(f"<li> {i.split(' (')[0]} <i>({i.split(' (')[1]}</i> {spacer}</li>"
                      for i in items)
            + "</ul>" + "".join(f"<p>{p}</p>" for p in after) + "</div>")
    paragraphs = extract(_page(body, menu), URL).paragraphs
    assert paragraphs == [*before, intro, *items, *after]


@pytest.mark.parametrize("theme", THEMES)
def test_an_article_in_a_layout_tables_cell_keeps_its_paragraphs_apart(theme: str) -> None:
    """An old page's article laid out in a table (its cell, a note in a cell beside it):
    each paragraph a line, not one line gluing them ("…do.Then in…")."""
    stem, menu = _theme(theme)
    story = _words(6)
    note = ("Letters about this piece are welcome, though replies may take a while to "
            "arrive, as the author reads every one of them before writing back to anyone.")
    body = (f"<h1>Harbour repairs take longer</h1><div align='center'><table width='90%' "
            f"class='{stem}-layout'><tr><td>" + "".join(f"<p> {p} </p>" for p in story[:3])
            + f"</td><td><p>{note}</p></td></tr><tr><td>"
            + "".join(f"<p> {p} </p>" for p in story[3:]) + "</td><td><p>Pier</p><p>Cost</p>"
            "</td></tr></table></div>")
    paragraphs = extract(_page(body, menu), URL).paragraphs
    assert [p for p in paragraphs if p in story] == story


@pytest.mark.parametrize("theme", THEMES)
def test_a_layout_tables_column_of_links_is_not_the_body_its_quote_is(theme: str) -> None:
    """The story in a layout table's cell, a column of links in the cell beside it: the
    links are the site's, not lines of the body; a quote between the story's paragraphs
    (which trafilatura drops from a cell) is."""
    stem, menu = _theme(theme)
    story = _words(6)
    quote = "The harbour is the city's oldest asset and deserves the care we give it."
    column = "<br>".join(f"<a href='/topic/{i}'>Topic {i}</a>" for i in range(8))
    body = (f"<table class='{stem}-page' width='100%'><tr><td class='{stem}-main'>"
            "<h1>Harbour repairs take longer</h1>" + "".join(f"<p>{p}</p>" for p in story[:2])
            + f"<blockquote><p>{quote}</p></blockquote>"
            + "".join(f"<p>{p}</p>" for p in story[2:])
            + f"</td><td width='20%'>{column}</td></tr></table>")
    assert extract(_page(body, menu), URL).paragraphs == [*story[:2], quote, *story[2:]]


@pytest.mark.parametrize("counter", ["{n}/{total} ", "{n} of {total}: "])
def test_the_captions_of_a_slideshow_in_the_body_are_not_its_text(counter: str) -> None:
    stem, menu = _theme("drupal-x")
    slides = "".join(
        f"<li><img src='/g/{n}.jpg'><p>{counter.format(n=n, total=12)}Another story in "
        f"pictures number {n}, about markets and the weather this week</p></li>"
        for n in range(1, 13))
    body = (f"<h1>Harbour repairs take longer</h1><div class='{stem}-text'>"
            + "".join(f"<p>{p}</p>" for p in _words(3))
            + f"<div class='gallery'><h3>News in pictures</h3><ul>{slides}</ul></div>"
            + "".join(f"<p>{p}</p>" for p in _words(3, first=3)) + "</div>")
    paragraphs = extract(_page(body, menu), URL).paragraphs
    assert [p for p in paragraphs if "pictures number" in p] == []
    assert _words(6) == [p for p in paragraphs if p in _words(6)]


def test_numbered_lines_of_prose_are_kept() -> None:
    stem, menu = _theme("ghost")
    lines = [f"{n}/3 of the crew said the pier would need more work than the council planned"
             for n in (1, 2)]
    body = (f"<h1>Harbour repairs take longer</h1><div class='{stem}-text'>"
            + "".join(f"<p>{p}</p>" for p in [*_words(3), *lines]) + "</div>")
    assert extract(_page(body, menu), URL).paragraphs == [*_words(3), *lines]


@pytest.mark.parametrize("styled", ["<span class='{stem}-subhead block'>{text}</span>",
                                    "<div class='headline2 {stem}'>{text}</div>",
                                    "<strong class='{stem}-section-title'>{text}</strong>"])
def test_sub_headings_written_as_styled_elements_are_headings(styled: str) -> None:
    stem, menu = _theme("cms-news")
    heads = ["What the report found", "What happens next"]
    body = (f"<h1>Harbour repairs take longer</h1><article class='{stem}-text'>"
            + "".join(f"<p>{p}</p>" for p in _words(2))
            + "".join(styled.format(stem=stem, text=h)
                      + "".join(f"<p>{p}</p>" for p in _words(2, first=2 + 2 * n))
                      for n, h in enumerate(heads)) + "</article>")
    article = extract(_page(body, menu), URL)
    assert article.headings == heads
    assert article.paragraphs == _words(6)


def test_a_byline_span_before_the_first_paragraph_is_no_heading() -> None:
    stem, menu = _theme("cms-news")
    body = (f"<h1>Harbour repairs take longer</h1><div class='{stem}-text'>"
            f"<span class='byline'>By Jane Doe</span>"
            + "".join(f"<p>{p}</p>" for p in _words(4)) + "</div>")
    article = extract(_page(body, menu), URL)
    assert article.headings == []
    assert article.paragraphs == _words(4)


@pytest.mark.parametrize("theme", THEMES)
def test_nested_list_items_stay_lines_of_their_own(theme: str) -> None:
    stem, menu = _theme(theme)
    inner = ["Pocket stories in two new regions", "New sign-up prompt in the doorhanger",
             "Changes to story personalisation"]
    nested = "".join(f"<li>{item}\n</li>" for item in inner)
    page = (f"<html><body>{menu}<article class='{stem}'><h1>These weeks in the harbour</h1>"
            f"{''.join(f'<p>{paragraph(i)}</p>' for i in range(4))}"
            f"<ul><li>We are running three experiments:<ul>{nested}</ul>and one survey.</li>"
            f"<li>Pier 4 reopened.</li></ul><p>{paragraph(9)}</p></article></body></html>")
    lines = extract(page, URL).text.split("\n\n")
    for item in inner:
        assert item in lines
    assert not any("regionsNew" in line or "doorhangerChanges" in line for line in lines)


@pytest.mark.parametrize("display", ["block", "inline"])
def test_mathml_formulas_stay_in_the_body_as_text(display: str) -> None:
    formula = (f"<math display='{display}'><mi>x</mi><mo>=</mo><mfrac><mrow><mo>−</mo><mi>b</mi>"
               "</mrow><mrow><mn>2</mn><mi>a</mi></mrow></mfrac></math>")
    page = (f"<html><body><article><h1>The quadratic formula, explained</h1>"
            f"<p>{paragraph(1)}</p><p>The roots are {formula} when the discriminant is "
            f"zero, as the council's engineer wrote.</p><p>{paragraph(2)}</p>"
            f"<p>{paragraph(3)}</p></article></body></html>")
    assert "x = − b 2 a" in extract(page, URL).text


STANDFIRST = "Repairs to the old pier will run into the summer, the harbour authority says."


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("holder", "head"), [
    ("<p class='{s}-standfirst'>{t}</p>", ""),
    ("<h2 class='{s}__dek'>{t}</h2>", ""),
    ("<div class='{s} sapo'>{t}</div>", ""),
    ("<p class='{s}-x9'>{t}</p>", "<meta name='description' content='{t}'>"),
    ("<h2 class='{s}-x9'>{t}</h2>", ""),  # a sentence set as a heading, named by nothing
    ("<h3>{t}</h3>", ""),
])
def test_the_standfirst_under_the_headline_is_kept_apart_from_the_body(
        theme: str, holder: str, head: str) -> None:
    stem, menu = _theme(theme)
    top = f"<header class='{stem}-head'><h1>Pier repairs run late</h1>{holder}" \
          f"<div class='{stem}-by'>By Jane Doe</div></header>"
    page = (f"<html><head>{head}</head><body>{menu}<article class='{stem}'>"
            f"{top}<div class='{stem}-text'>"
            f"{''.join(f'<p>{paragraph(i)}</p>' for i in range(5))}</div></article>"
            f"</body></html>").replace("{s}", stem).replace("{t}", STANDFIRST)
    article = extract(page, URL)
    assert article.standfirst == STANDFIRST
    assert STANDFIRST not in article.text


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("dek", "head"), [
    ("<h3 class='{s}-subtitle'>{t}</h3>", ""),
    ("<h2 class='{s}-x'>{t}</h2>", "<meta name='description' content='{t}'>"),
])
def test_a_standfirst_set_as_a_heading_under_the_headline_is_no_sub_heading(
        theme: str, dek: str, head: str) -> None:
    """Substack's subtitle and many themes' dek: a heading element under the headline,
    in the same box as the body, with no <header> around it."""
    stem, menu = _theme(theme)
    page = (f"<html><head>{head}</head><body>{menu}<article class='{stem}'>"
            f"<div class='{stem}-top'><h1>Pier repairs run late</h1>{dek}"
            f"<div class='{stem}-by'>By Jane Doe</div></div><div class='{stem}-text'>"
            f"{''.join(f'<p>{paragraph(i)}</p>' for i in range(5))}</div></article>"
            f"</body></html>").replace("{s}", stem).replace("{t}", STANDFIRST)
    article = extract(page, URL)
    assert article.standfirst == STANDFIRST
    assert STANDFIRST not in article.text and STANDFIRST not in article.headings
    assert article.paragraphs == [paragraph(i) for i in range(5)]


@pytest.mark.parametrize("between", [
    "<figure><img src='/a.jpg'><figcaption class='summary'>{t}</figcaption></figure>",
    "<div class='byline'>By Jane Doe and John Roe, with reporting from the harbour desk</div>",
    "<p class='teaser'><a href='/other'>{t}</a></p>",
    "<h2>What the divers found under the old pier last week</h2>",  # a sub-heading
    "",
])
def test_no_standfirst_from_a_caption_a_byline_or_a_link(between: str) -> None:
    page = (f"<html><body><article><h1>Pier repairs run late</h1>{between}"
            f"{''.join(f'<p>{paragraph(i)}</p>' for i in range(5))}</article></body></html>"
            ).replace("{t}", STANDFIRST)
    assert extract(page, URL).standfirst is None


def _story(above: str, header: str, stem: str) -> str:
    """A page: ``above`` (the site's menu), then an article whose <header> holds
    ``header`` (headline, standfirst, byline) over five paragraphs."""
    return (f"<html><body>{above}<article><header>{header}</header><div class='{stem}-text'>"
            f"{''.join(f'<p>{paragraph(i)}</p>' for i in range(5))}</div></article>"
            f"</body></html>")


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("holder", [
    "<div class='ContentHeaderDek-{h}'>{t}</div>",  # CSS-in-JS: a camel-case name
    "<p class='{s}IntroText'>{t}</p>",
    "<div class='hero{h}Standfirst'>{t}</div>",
    # (not a sentence: named, not read as a heading that ends like one)
    "<h2 class='{s}-subheading'>{t}</h2>",
    "<h2 class='articleSubheading'>{t}</h2>",
    # a credit's box ("accreditation") is no caption's
    "<div class='{s}__accreditation'><p class='{s}__dek'>{t}</p></div>",
])
def test_a_standfirst_named_in_camel_case_or_as_a_subheading(theme: str, holder: str) -> None:
    stem, menu = _theme(theme)
    text = STANDFIRST.removesuffix(".") if holder.startswith("<h2") else STANDFIRST
    named = holder.replace("{s}", stem).replace("{h}", stem[-4:]).replace("{t}", text)
    page = _story(menu, f"<h1>Pier repairs run late</h1>{named}"
                        f"<div class='{stem}-by'>By Jane Doe</div>", stem)
    assert extract(page, URL).standfirst == text


@pytest.mark.parametrize("name", ["nota-bajada", "entradilla", "article-linha-fina",
                                  "sommario", "art-catenaccio", "perex", "art-zajawka",
                                  "article-ingress"])
def test_a_standfirst_named_in_the_sites_language(name: str) -> None:
    """Spanish "bajada"/"entradilla", Portuguese "linha fina", Italian "sommario"/
    "catenaccio", Czech "perex", Polish "zajawka", Nordic "ingress"."""
    stem, menu = _theme("q7zr")
    page = _story(menu, f"<h1>Pier repairs run late</h1><p class='{name}'>{STANDFIRST}</p>"
                        f"<div class='{stem}-by'>By Jane Doe</div>", stem)
    assert extract(page, URL).standfirst == STANDFIRST


_JA_SUMMARY = "市は1日、老朽化した桟橋の改修工事が夏まで続く見通しだと発表した。"
_JA_PARAGRAPHS = [
    f"市の港湾局によると、第{i}桟橋の基礎部分で腐食が見つかり、潜水士による調査が続いている。"
    f"フェリー会社は工事期間中も朝の便を運航できるよう、仮設の乗り場の設置を求めている。"
    for i in range(1, 6)]


@pytest.mark.parametrize("theme", THEMES)
def test_a_standfirst_in_a_language_written_without_spaces(theme: str) -> None:
    """A Japanese summary is one "word" to a count of spaces: its characters are counted."""
    stem, menu = _theme(theme)
    page = (f"<html lang='ja'><body>{menu}<main><header class='{stem}-header'>"
            f"<h1>桟橋の改修、夏までかかる見通し</h1><p class='{stem}-summary'>{_JA_SUMMARY}</p>"
            f"</header><article class='{stem}-body'>"
            f"{''.join(f'<p>{p}</p>' for p in _JA_PARAGRAPHS)}</article></main></body></html>")
    article = extract(page, URL)
    assert article.standfirst == _JA_SUMMARY
    assert article.paragraphs == _JA_PARAGRAPHS


@pytest.mark.parametrize("theme", THEMES)
def test_the_standfirst_of_a_headline_printed_twice(theme: str) -> None:
    """A sticky bar repeats the headline above the page's menu: the standfirst is read
    under the headline that has one."""
    stem, menu = _theme(theme)
    sticky = (f"<div class='{stem}-sticky'><h1>Pier repairs run late</h1>"
              f"<a href='/subscribe'>Subscribe</a></div>")
    page = _story(sticky + menu, f"<h1>Pier repairs run late</h1>"
                                 f"<p class='{stem}-dek'>{STANDFIRST}</p>", stem)
    assert extract(page, URL).standfirst == STANDFIRST


@pytest.mark.parametrize("theme", THEMES)
def test_the_standfirst_beside_a_deeply_wrapped_headline(theme: str) -> None:
    """The headline sits five wrappers deep in the header's grid; the standfirst is a
    sibling of the outermost."""
    stem, menu = _theme(theme)
    headline = "<h1>Pier repairs run late</h1>"
    for depth in range(5):
        headline = f"<div class='{stem}-g{depth}'>{headline}<span>Harbour</span></div>"
    page = _story(menu, f"{headline}<div class='{stem}-dek'>{STANDFIRST}</div>", stem)
    assert extract(page, URL).standfirst == STANDFIRST


_SUMMARY = ("Repairs to the old pier will run into the summer, the harbour authority says, "
            "after divers found corrosion in the foundations.")
_CAPTION = "The harbour authority says the old pier repairs will run into the summer."


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("dek", ["<div class='{s}-lead-container'><p>{t}</p></div>", ""])
def test_a_caption_set_apart_from_its_picture_is_no_standfirst(theme: str, dek: str) -> None:
    """A caption in a box of its own (with its credit) beside the headline, worded like
    the page's description, or a video's caption in a box named "lede": neither is the
    summary."""
    stem, menu = _theme(theme)
    picture = (f"<div class='{stem}-image-legend'><div class='{stem}-image-caption'>"
               f"<p>{_CAPTION}</p><p>Photo: City Archive</p></div></div>")
    video = (f"<div class='{stem}__lede'><div class='{stem}-video'><section><div>"
             f"<span>03:08</span><span> - Source: Harbour TV</span></div>"
             f"<div class='{stem}-video__caption'>Divers at work under the old pier this "
             f"week, in the harbour authority's film</div></section></div></div>")
    page = (f"<html><head><meta name='description' content=\"{_SUMMARY}\"></head><body>"
            f"{menu}<article><header><h1>Pier repairs run late</h1>{video}{picture}"
            f"{dek.replace('{s}', stem).replace('{t}', _SUMMARY)}</header>"
            f"<div class='{stem}-text'>{''.join(f'<p>{paragraph(i)}</p>' for i in range(5))}"
            f"</div></article></body></html>")
    assert extract(page, URL).standfirst == (_SUMMARY if dek else None)


@pytest.mark.parametrize("signal", ["<meta name='description' content='{t}'>", ""])
def test_a_standfirst_the_body_opens_with_is_still_the_standfirst(signal: str) -> None:
    """The page's summary is reported whichever container the body was read from."""
    page = (f"<html><head>{signal}</head><body>"
            f"<article><h1>Pier repairs run late</h1><p class='intro'>{STANDFIRST}</p>"
            f"{''.join(f'<p>{paragraph(i)}</p>' for i in range(5))}</article></body></html>"
            ).replace("{t}", STANDFIRST)
    article = extract(page, URL)
    assert article.standfirst == STANDFIRST
    assert article.text.startswith(STANDFIRST)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("kicker", ["<strong class='kicker'>{k}</strong>", "<span>{k}</span>"])
def test_teasers_whose_headings_carry_a_kicker_are_not_the_body(theme: str, kicker: str) -> None:
    stem, menu = _theme(theme)
    teasers = "".join(
        f"<div class='{stem}-block'><h4 class='heading'>{kicker.format(k=k)} "
        f"<a href='/opinion/story-{n}'>{t}</a></h4><p class='summary'>{s}</p></div>"
        for n, (k, t, s) in enumerate([
            ("Editorial", "A lasting legacy", ("The former prime minister was a relentless "
             "contributor, thinker and reformer, and a blue-blooded egalitarian.")),
            ("Wave of stupidity", "Doctor knows best", ("It seems we are being swamped by a "
             "wave of ideas that are patently absurd and somehow capture imaginations.")),
            ("Own backyard", "Local issues first", ("It is nice to think the country is a "
             "player on the world stage, but we should sort out our own backyard first.")),
        ]))
    page = (f"<html><body>{menu}<div class='{stem}-story'><h1>Pier repairs run late</h1>"
            f"{''.join(f'<p>{paragraph(i)}</p>' for i in range(6))}</div>"
            f"<div class='{stem}-group'><h2>Other columns</h2>{teasers}</div></body></html>")
    text = extract(page, URL).text
    assert "relentless contributor" not in text and "own backyard" not in text
    assert paragraph(5) in text


@pytest.mark.parametrize("theme", THEMES)
def test_cards_in_a_list_keep_heading_and_summary_apart(theme: str) -> None:
    stem, menu = _theme(theme)
    tools = [("Page Inspector", ("Examine the markup and the styles of any page and change "
              "its layout while it is open in front of you.")),
             ("Network Monitor", ("See every request the browser makes, how long each one "
              "takes and the details of its headers and body.")),
             ("Web Console", ("Read what a page logs and run scripts against it to try "
              "out a change before writing it into the source."))]
    items = "".join(f"<li class='{stem}-tool'><h3>{name}</h3><p>{what}</p></li>"
                    for name, what in tools)
    page = (f"<html><body>{menu}<article class='{stem}'><h1>Tools for building pages</h1>"
            f"{''.join(f'<p>{paragraph(i)}</p>' for i in range(3))}<ul>{items}</ul>"
            f"</article></body></html>")
    article = extract(page, URL)
    lines = article.text.split("\n\n")
    for name, what in tools:
        assert name in lines and what in lines
    assert not any(line.startswith(f"{tools[0][0]}{tools[0][1][:4]}") for line in lines)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("dialog", [
    ("<div class='{s}-modal'><div class='{s}-modal-head'>Add a note<button>Close</button></div>"
    "<p>Up to 400 characters</p><p>Saved.</p></div>"),
    "<div role='dialog'><p>Add a note</p><p>Up to 400 characters</p><p>Saved.</p></div>",
    "<dialog><p>Add a note</p><p>Up to 400 characters</p><p>Saved.</p></dialog>",
    ("<section aria-modal='true' class='x'><p>Add a note</p><p>Up to 400 characters</p>"
    "<p>Saved.</p></section>"),
])
def test_a_dialog_inside_the_article_is_not_its_text(theme: str, dialog: str) -> None:
    text = _text_around(theme, dialog, at=0)
    assert "Add a note" not in text and "Saved." not in text


def _text_around(theme: str, box: str, at: int) -> str:
    """The body of a story of five paragraphs with ``box`` ("{s}": the theme's class
    stem) set before paragraph ``at``; every paragraph must be in it."""
    stem, menu = _theme(theme)
    before = "".join(f"<p>{paragraph(i)}</p>" for i in range(at))
    after = "".join(f"<p>{paragraph(i)}</p>" for i in range(at, 5))
    page = (f"<html><body>{menu}<article class='{stem}'><h1>Pier repairs run late</h1>"
            f"{before}{box.replace('{s}', stem)}{after}</article></body></html>")
    text = extract(page, URL).text
    assert paragraph(0) in text and paragraph(4) in text
    return text


@pytest.mark.parametrize("theme", THEMES)
def test_a_players_controls_marked_by_their_roles_are_not_the_text(theme: str) -> None:
    """A video player's menus as its script leaves them in the page, between the
    story's paragraphs: items that say what they are by their ARIA roles."""
    player = ("<div class='{s}-player'><div role='menuitem' aria-haspopup='true'>"
              "<div role='presentation'><ul role='menu'><li role='menuitemcheckbox' "
              "aria-checked='true'>descriptions off<span>, selected</span></li></ul></div>"
              "<span>Descriptions</span></div></div>")
    text = _text_around(theme, player, at=2)
    assert "selected" not in text and "Descriptions" not in text


def test_prose_in_an_element_named_for_another_word_or_long_is_kept() -> None:
    prose = "".join(f"<p>{paragraph(i)}</p>" for i in range(5))
    for holder in (f"<div class='transport-modality'>{prose}</div>",
                   f"<div class='modal-content'>{prose}</div>"):
        page = (f"<html><body><article><h1>Pier repairs run late</h1>{holder}</article>"
                f"</body></html>")
        assert paragraph(3) in extract(page, URL).text


@pytest.mark.parametrize("theme", THEMES)
def test_a_lead_paragraph_over_a_body_of_bare_divs_leaves_each_div_a_paragraph(
        theme: str) -> None:
    """More prose in <div>s than in <p>s under the container: the <div>s are the
    paragraphs, not one run of text glued to the lead."""
    stem, menu = _theme(theme)
    divs = "".join(f"<div>{p}</div>" for p in _words(6))
    page = _page(f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1>"
                 f"<p class='{stem}-x'>{STANDFIRST}</p><div class='{stem}-b'>{divs}</div>"
                 f"</div>", menu)
    assert extract(page, URL).paragraphs == [STANDFIRST, *_words(6)]


@pytest.mark.parametrize("theme", THEMES)
def test_the_standfirst_under_a_headline_that_is_not_the_h1(theme: str) -> None:
    """The <h1> is the site's logo; the headline is an <h2>, the standfirst below it."""
    stem, menu = _theme(theme)
    page = (f"<html><head><meta property='og:title' content='Pier repairs run late'></head>"
            f"<body><header><h1 class='{stem}-logo'><a href='/'>Harbour News</a></h1></header>"
            f"{menu}<article class='{stem}'><h2>Pier repairs run late</h2>"
            f"<p class='{stem}-standfirst'>{STANDFIRST}</p><div class='{stem}-text'>"
            f"{''.join(f'<p>{paragraph(i)}</p>' for i in range(5))}</div></article>"
            f"</body></html>")
    assert extract(page, URL).standfirst == STANDFIRST


@pytest.mark.parametrize("label", [
    "Lesen Sie auch:", "Lire aussi :", "À lire aussi :", "Lea también:", "Leggi anche:",
    "Leia também:", "Lees ook:", "Czytaj też:", "Läs också:", "Читайте также:", "関連記事：",
])
def test_a_pointer_to_another_story_in_any_language_is_no_body_line(label: str) -> None:
    pointer = f"<p><strong>{label}</strong> <a href='/2024/05/ferries'>Ferries run late</a></p>"
    story = [f"<p>{p}</p>" for p in _words(5)]
    page = _page(f"<article><h1>Harbour repairs take longer</h1>{''.join(story[:2])}"
                 f"{pointer}{''.join(story[2:])}</article>", "")
    assert extract(page, URL).paragraphs == _words(5)


BOXES = {
    "consent layer by id": ("<div id='consent-layer'><p>Diese Website verwendet Cookies, um "
                            "Ihnen ein besseres Nutzererlebnis zu bieten.</p><a href='#'>OK</a>"
                            "</div>"),
    "cookie notice, no name": ("<div class='{s}-n1'><p>This site uses cookies to improve your "
                               "experience and to show you relevant offers.</p>"
                               "<button>Got it</button></div>"),
    "sign-up prompt, no name": ("<div class='{s}-n2'><h3>Get the morning briefing</h3><p>Sign up "
                                "to receive the day's top stories in your inbox every "
                                "weekday.</p><form><input type='email'><button>Go</button>"
                                "</form></div>"),
}


@pytest.mark.parametrize("box", BOXES.values(), ids=BOXES.keys())
@pytest.mark.parametrize("where", ["before", "after"])
@pytest.mark.parametrize("theme", THEMES[:3])
def test_consent_layers_and_prompts_beside_a_form_or_button_are_not_body(
        box: str, where: str, theme: str) -> None:
    stem, menu = _theme(theme)
    box = box.replace("{s}", stem)
    story = (f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1><div class='{stem}-b'>"
             f"{''.join(f'<p>{p}</p>' for p in _words(5))}</div></div>")
    page = _page(box + menu + story if where == "before" else menu + story + box, "")
    assert extract(page, URL).paragraphs == _words(5)


def test_a_byline_with_a_follow_button_keeps_its_author() -> None:
    """A short box with a button is a prompt only with a sentence of its own and no
    byline, time or headline."""
    top = ("<div class='meta'><span class='author'>Jane Doe</span> <button>Follow</button>"
           "<p>Jane Doe writes about ports, ferries and the people who run them.</p></div>")
    page = _page(f"<article><h1>Harbour repairs take longer</h1>{top}"
                 f"{''.join(f'<p>{p}</p>' for p in _words(5))}</article>", "")
    assert extract(page, URL).authors == ["Jane Doe"]


@pytest.mark.parametrize("theme", THEMES)
def test_a_short_paragraph_among_bare_div_paragraphs_is_kept(theme: str) -> None:
    stem, menu = _theme(theme)
    short = "The council will decide in June."
    story = [*_words(3), short, *_words(3, 3)]
    divs = "".join(f"<div>{p}</div>" for p in story)
    page = _page(f"<h1>Harbour repairs take longer</h1><div class='{stem}-txt'>{divs}</div>",
                 menu)
    assert extract(page, URL).paragraphs == story


@pytest.mark.parametrize("theme", THEMES)
def test_an_article_in_bare_divs_above_readers_comments_in_paragraphs_is_the_body(
        theme: str) -> None:
    """The comments hold more text in <p>s than any one element holds in its own <p>s,
    the story more in its <div>s."""
    stem, menu = _theme(theme)
    divs = "".join(f"<div>{p}</div>" for p in _words(4))
    comments = "".join(f"<div class='{stem}-c'><span>Reader {i}</span><p>{paragraph(10 + i)} "
                       f"{paragraph(20 + i)}</p></div>" for i in range(2))
    page = _page(f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1>"
                 f"<div class='{stem}-b'>{divs}</div><div id='comments'>{comments}</div></div>",
                 menu)
    assert extract(page, URL).paragraphs[:4] == _words(4)


@pytest.mark.parametrize("inner", ["div", "span"])
@pytest.mark.parametrize("theme", THEMES)
def test_an_article_in_boxed_div_paragraphs_beside_a_note_in_paragraphs_is_the_body(
        theme: str, inner: str) -> None:
    """Each paragraph in a box of its own ("<div style=...><div>…</div></div>", as
    editors export them): the boxes' holder is the story, not the author's short note
    written in <p>s, though no one element holds two of the story's <div>s."""
    stem, menu = _theme(theme)
    story = _words(8)
    boxes = "".join(f"<div style='margin: 1em 0'><div style='direction: ltr'><{inner} "
                    f"style='font-family: arial'>{p}</{inner}></div></div>" for p in story)
    note = "".join(f"<p>{p}</p>" for p in _words(3, 20))
    page = _page(f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1>"
                 f"<div class='{stem}-b'>{boxes}</div><div class='{stem}-n'><h3>A note</h3>"
                 f"{note}</div></div>", menu)
    assert extract(page, URL).paragraphs[:8] == story


@pytest.mark.parametrize("separator", [", ", " ", " · "])
@pytest.mark.parametrize("theme", THEMES)
def test_a_run_of_linked_names_in_one_paragraph_is_no_body(theme: str, separator: str) -> None:
    """The readers who liked a work, a tag cloud, a blogroll: one <p> of short links,
    longer than the story, that body extractors keep as a paragraph."""
    stem, menu = _theme(theme)
    story = _words(5)
    names = separator.join(f"<a href='/users/reader_{i}'>reader_{i}</a>" for i in range(150))
    page = _page(f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1>"
                 f"<div class='{stem}-b'>{''.join(f'<p>{p}</p>' for p in story)}</div>"
                 f"<div class='{stem}-k'><h3>Kudos</h3><p>{names} left kudos on this work!</p>"
                 f"</div></div>", menu)
    assert extract(page, URL).paragraphs == story


def test_lines_each_linked_to_a_note_stay_in_the_body() -> None:
    """Lyrics or a poem whose every line links to its annotation: long links, no names."""
    lines = [f"Line {i} of the song where the river keeps running to the harbour at night"
             for i in range(12)]
    verse = "<br>".join(f"<a href='/annotations/{i}'>{line}</a>" for i, line in enumerate(lines))
    page = _page(f"<article><h1>Harbour song</h1><div class='lyrics'><p>{verse}</p></div>"
                 f"</article>", "")
    assert all(line in extract(page, URL).text for line in lines)


LISTICLE_HEADS = ["Check the tide tables first", "Book the ferry early", "Bring a warm coat",
                  "Ask the harbour master", "Mind the loose planks"]
LISTICLE_FORMS = {
    "sections": "<section class='{s}-i'><h2>{h}</h2><p>{p}</p></section>",
    "ordered-list": "<li class='{s}-i'><h3>{h}</h3><p>{p}</p></li>",
    "boxes": "<div class='{s}-i'><h3>{h}</h3><p>{p}</p><p>{q}</p></div>",
}


@pytest.mark.parametrize("form", LISTICLE_FORMS)
@pytest.mark.parametrize("theme", THEMES)
def test_each_item_of_a_listicle_keeps_its_heading(theme: str, form: str) -> None:
    """Items each a box opening with its heading, in a holder no name marks as the
    article's: trafilatura keeps the paragraphs and leaves the headings out."""
    stem, menu = _theme(theme)
    items = "".join(LISTICLE_FORMS[form].format(s=stem, h=h, p=paragraph(i), q=paragraph(i + 9))
                    for i, h in enumerate(LISTICLE_HEADS))
    if form == "ordered-list":
        items = f"<ol class='{stem}-l'>{items}</ol>"
    page = _page(f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1>"
                 f"<p>{paragraph(40)}</p>{items}</div>", menu)
    article = extract(page, URL)
    assert article.headings == LISTICLE_HEADS
    lines = article.text.split("\n\n")
    assert [lines.index(h) for h in LISTICLE_HEADS] == sorted(lines.index(h) for h in LISTICLE_HEADS)
    assert all(lines[lines.index(h) + 1] == paragraph(i) for i, h in enumerate(LISTICLE_HEADS))


@pytest.mark.parametrize("theme", THEMES[:3])
def test_a_lead_beside_a_button_under_the_headline_is_kept(theme: str) -> None:
    """Between the headline and the body a short box with a button is the article's own
    (a lead beside a "Listen" button), not a prompt."""
    stem, menu = _theme(theme)
    lead = ("<div class='{s}-lead'><p>Ferry crossings will run from the south berth until the "
            "summer, the operator said.</p><button>Listen</button></div>").replace("{s}", stem)
    page = _page(f"<article class='{stem}'><h1>Harbour repairs take longer</h1>{lead}"
                 f"<div class='{stem}-b'>{''.join(f'<p>{p}</p>' for p in _words(5))}</div>"
                 f"</article>", menu)
    assert extract(page, URL).paragraphs[0].startswith("Ferry crossings will run")


def test_a_paragraph_holding_a_button_stays() -> None:
    """A button inside a paragraph (a term's pop-up, a footnote) is the paragraph's."""
    story = _words(5)
    inline = ("The council, advised under the <button class='term'>EU</button> ports "
              "directive, said the pier would reopen in June.")
    body = "".join(f"<p>{p}</p>" for p in story[:2]) + f"<p>{inline}</p>" + "".join(
        f"<p>{p}</p>" for p in story[2:])
    page = _page(f"<article><h1>Harbour repairs take longer</h1><div class='b'>{body}</div>"
                 f"</article>", "")
    assert "ports directive" in extract(page, URL).text


def _header_boxes(stem: str, n: int) -> str:
    """``n`` boxes a theme sets between the headline and the body: a date, a short link,
    share buttons, a picture with its caption."""
    boxes = [f"<div class='{stem}-date'>20 Nov, 2019 05:47</div>",
             f"<div class='{stem}-short'><a href='/s/1'>Get short URL</a></div>",
             f"<div class='{stem}-share'><span>Follow us on</span><a href='/f'>F</a></div>",
             (f"<div class='{stem}-cover'><div class='m'><img src='/p.jpg' alt=''></div>"
              f"<div class='c'><span>Divers inspect the pier.</span></div></div>"),
             f"<div class='{stem}-tools'><a href='/print'>Print</a></div>"]
    return "".join(boxes[:n])


@pytest.mark.parametrize("theme", THEMES)
def test_a_lead_in_a_bare_div_several_boxes_under_the_headline_is_kept(theme: str) -> None:
    """A summary written as text in a <div> of its own, with a date, share buttons and a
    picture between it and the headline, leads the body."""
    stem, menu = _theme(theme)
    lead = ("Ferry crossings will run from the south berth until the summer, the operator "
            "said on Tuesday after divers found corrosion under the old pier.")
    rest = _words(6)
    boxes = _header_boxes(stem, 3 + THEMES.index(theme) % 3)
    body = (f"<div class='{stem}-article'><h1>Harbour repairs take longer</h1>{boxes}"
            f"<div class='{stem}-summary'>\n   {lead}\n  </div>"
            f"<div class='{stem}-text'>{''.join(f'<p>{p}</p>' for p in rest)}</div></div>")
    assert extract(_page(body, menu), URL).paragraphs == [lead, *rest]


@pytest.mark.parametrize("theme", THEMES[:3])
def test_a_byline_with_its_times_is_no_lead(theme: str) -> None:
    """A line of the header naming the outlet, the times and the authors, as long as a
    sentence, is not the body's lead."""
    stem, menu = _theme(theme)
    line = ("Harbour News | 04.05.2015 à 13h36 • Mis à jour le 05.05.2015 à 20h13 | Par "
            "Martin Untersinger (avec Damien Leloup et Morgane Tual)")
    body = (f"<div class='{stem}-article'><h1>Harbour repairs take longer</h1>"
            f"{_header_boxes(stem, 2)}<div class='{stem}-sig'>{line}</div>"
            f"<div class='{stem}-text'>{''.join(f'<p>{p}</p>' for p in _words(6))}</div></div>")
    assert "Untersinger" not in extract(_page(body, menu), URL).text


@pytest.mark.parametrize("theme", THEMES[:3])
def test_code_in_a_div_is_no_prose(theme: str) -> None:
    """A <div> holding the script of a player or a widget is no paragraph of prose: read
    as one, it outweighed the body's paragraphs and every bare <div> of the page was
    made a paragraph (a rail's teaser summaries among them)."""
    stem, menu = _theme(theme)
    config = ", ".join(f"'slot{i}': {{'size': [300, 250], 'lazy': true, 'refresh': {i}}}"
                       for i in range(30))
    script = f"<div class='{stem}-embed'><script>window.player.setup({{{config}}});</script></div>"
    teasers = "".join(
        f"<div class='t'>Other stories from the harbour desk, number {i}, with a summary set "
        f"in a bare block of text beside its picture and its link to the page.</div>"
        for i in range(6))
    story = _words(3)
    body = (f"<div class='{stem}-article'><h1>Harbour repairs take longer</h1>"
            f"<div class='{stem}-text'><p>{story[0]}</p>{script}"
            f"{''.join(f'<p>{p}</p>' for p in story[1:])}</div></div>"
            f"<div class='{stem}-rail'>{teasers}</div>")
    article = extract(_page(body, menu), URL)
    assert article.paragraphs == story


_CODE = ["#include <stdio.h>", "int main(void) {", '    printf("pier %d", 4);', "    return 0;",
         "}"]


def _highlighted(lines: list[str], form: str) -> str:
    """A code sample as highlighters write it: Prism's or highlight.js's token spans in
    ``<pre><code>``, lines ended by ``<br>`` or by newlines."""
    def tokens(line: str) -> str:
        indent = line[:len(line) - len(line.lstrip())]
        word, _, rest = line.lstrip().partition(" ")
        esc = rest.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        return (f"{indent}<span class='token keyword'>{word}</span> "
                f"<span class='token'>{esc}</span>")
    if form == "br":
        return ("<pre class='language-c'><code class='language-c'>"
                + "<br>".join(tokens(line) for line in lines) + "</code></pre>")
    return ("<pre><code class='hljs c'>" + "\n".join(tokens(line) for line in lines)
            + "</code></pre>")


@pytest.mark.parametrize("form", ["br", "newline"])
@pytest.mark.parametrize("theme", THEMES[:3])
def test_a_highlighted_code_sample_keeps_every_line(theme: str, form: str) -> None:
    """A code sample in the body keeps every line and its indentation, however its
    highlighter marked the tokens and ended the lines (trafilatura's merge of ``<code>``
    in ``<code>`` kept the first line alone where lines end in ``<br>``; newlines were
    read as spaces)."""
    stem, menu = _theme(theme)
    story = _words(4)
    body = (f"<article class='{stem}-post'><h1>Harbour repairs take longer</h1>"
            f"<div class='{stem}-content'><p>{story[0]}</p><p>{story[1]}</p>"
            f"{_highlighted(_CODE, form)}<p>{story[2]}</p><p>{story[3]}</p></div></article>")
    text = extract(_page(body, menu), URL).text
    for line in _CODE:
        assert line in text.splitlines(), line
    assert all(p in text for p in story)


_SHORT_LINES = ["“Gotcha.”", "“Do you want to come?”", "They both took one."]


@pytest.mark.parametrize("theme", THEMES)
def test_short_paragraphs_in_boxes_of_their_own_stay(theme: str) -> None:
    """Prose exported by an editor: each paragraph a <div> in a box of its own with
    nothing else in it, a line of dialogue as much as a long paragraph."""
    stem, menu = _theme(theme)
    story = _words(6)
    lines = [line for i, p in enumerate(story) for line in (
        [p, _SHORT_LINES[i // 2]] if i % 2 else [p])]
    boxes = "".join(f"<div style='margin: 1em 0'><div style='direction: ltr'>"
                    f"<span style='font-family: arial'>{line}</span></div></div>"
                    for line in lines)
    body = (f"<h1>Harbour repairs take longer</h1>"
            f"<div class='{stem}-chapter'>{boxes}</div>")
    assert extract(_page(body, menu), URL).paragraphs == lines


@pytest.mark.parametrize("theme", THEMES)
def test_a_how_tos_short_steps_stay(theme: str) -> None:
    """A how-to's steps, each a box of one class under its "Step N" heading, an ad
    between two: a one-sentence step is as much the body as a long one; a label of
    a record's field in a box of that class ("Sponsor:") is not."""
    stem, menu = _theme(theme)
    texts = [p if i % 2 else f"Insert pier section {i} into the frame." for i, p
             in enumerate(_words(6))]
    steps = "".join(
        f"<div class='{stem}-step'><div class='{stem}-content'>"
        f"<span class='headline2'>Step {i + 1}</span><div>{text}</div></div>"
        f"<figure><img src='/s{i}.jpg' alt=''></figure></div>"
        f"<div class='{stem}-ad'><script>ad({i})</script></div>"
        for i, text in enumerate(texts))
    record = f"<div class='{stem}-content'><div>Sponsor:</div><div>Harbour Board</div></div>"
    body = f"<h1>Harbour repairs take longer</h1><div class='{stem}-steps'>{steps}{record}</div>"
    article = extract(_page(body, menu), URL)
    assert [p for p in article.paragraphs if not p.startswith("Step")] == texts


def _furniture_of_an_unnamed_page(stem: str) -> tuple[str, str]:
    """(what stands above the story, what stands beside it) on a page whose boxes carry
    no name a body extractor reads ("a3f9c", as CSS-in-JS builds write them): a ticker of
    teasers each with its summary, a list of categories with their counts, posts of the
    site's social account, a book advertised in a paragraph of its own."""
    ticker = "".join(
        f"<li><a href='/story/{i}'>Council approves budget for district {i}</a> <span>"
        f"CITY: The council approved on Tuesday a budget for district {i} that covers "
        "schools, roads and the new library.</span></li>" for i in range(6))
    categories = "".join(f"<li><a href='/c/{i}'>Section {i}</a> ({100 * i + 7})</li>"
                         for i in range(12))
    posts = "".join(f"<div>Council approves budget for district {i} - read it on our site "
                    f"https://t.example/{i} and share it with your friends</div>"
                    for i in range(4))
    book = ("<p>It is a lovely book that feels clear and light, easy to read, to dip in and "
            "out of, and most of all it gives information without any fluff at all.</p>")
    above = f"<div class='{stem}-t'><span>Breaking</span><ul>{ticker}</ul></div>"
    beside = (f"<div class='{stem}-s'><ul>{categories}</ul><div>{posts}</div>"
              f"<div>{book}</div></div>")
    return above, beside


@pytest.mark.parametrize("theme", THEMES)
def test_a_page_naming_no_box_gives_its_storys_holder_not_the_rest(theme: str) -> None:
    """No box of the page named as a story's holder: trafilatura reads every block of the
    page. The holder found for the story holds nearly all of its prose: read alone."""
    stem, menu = _theme(theme)
    story = _words(5)
    above, beside = _furniture_of_an_unnamed_page(stem)
    body = (f"<div class='{stem}-w'>{above}<div class='{stem}-m'>"
            f"<h1>Harbour repairs take longer</h1><div class='{stem}-b'>"
            + "".join(f"<p>{p}</p>" for p in story) + f"</div></div>{beside}</div>")
    assert extract(_page(body, menu), URL).paragraphs == story


@pytest.mark.parametrize("theme", THEMES)
def test_a_story_in_sibling_boxes_on_a_page_naming_no_box_is_kept_whole(theme: str) -> None:
    """The story's sections each in a box of their own, none named: the holder found
    holds one section, so the page is read whole and every section stays."""
    stem, menu = _theme(theme)
    story = _words(9)
    _, beside = _furniture_of_an_unnamed_page(stem)
    sections = "".join(f"<div class='{stem}-x'><div>" + "".join(
        f"<p>{p}</p>" for p in story[k:k + 3]) + "</div></div>" for k in (0, 3, 6))
    body = (f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1>{sections}"
            f"{beside}</div>")
    paragraphs = extract(_page(body, menu), URL).paragraphs
    assert [p for p in paragraphs if p in story] == story


@pytest.mark.parametrize("dated", [False, True])
@pytest.mark.parametrize("quoted", [False, True])
@pytest.mark.parametrize("theme", THEMES)
def test_a_table_of_versions_and_records_keeps_its_cells(theme: str, quoted: bool,
                                                         dated: bool) -> None:
    """Cells that look like dates with a one-digit year ("4.2.3", a version; "3-1-2", a
    record of wins, draws and losses) are data, not the story's dateline; a table set in
    a <blockquote> keeps its cells apart ("Release Date 4.2.3", not "ReleaseDate4.2.3")."""
    stem, menu = _theme(theme)
    story = _words(4)
    rows = [("4.2.3", "April 2014"), ("4.1.6", "May 2014"), ("3-1-2", "June 2014")]
    table = ("<table><tr><th>Release</th><th>Date</th></tr>"
             + "".join(f"<tr><td>{a}</td><td>{b}</td></tr>" for a, b in rows) + "</table>")
    if quoted:
        table = f"<blockquote>{table}</blockquote>"
    time = "<time datetime='2024-05-03T10:00:00Z'>May 3, 2024</time>" if dated else ""
    body = (f"<div class='{stem}-a'><h1>Harbour repairs take longer</h1>{time}{table}"
            + "".join(f"<p>{p}</p>" for p in story) + "</div>")
    article = extract(_page(body, menu), URL)
    words = article.text.split()
    assert [w for w in words if w in ("4.2.3", "4.1.6", "3-1-2")] == ["4.2.3", "4.1.6", "3-1-2"]
    assert "ReleaseDate" not in article.text and "Release Date" not in story
    assert article.published_at == (datetime(2024, 5, 3, 10, tzinfo=UTC) if dated else None)


@pytest.mark.parametrize("holder", ["article-body", "{stem}-b"])
@pytest.mark.parametrize("theme", THEMES)
def test_a_lead_sentence_between_headline_and_body_is_kept(theme: str, holder: str) -> None:
    """One short sentence under the headline, in a box of its own, before the body's
    holder (named or not): the story's opening, not lost between the two."""
    stem, menu = _theme(theme)
    story = _words(5)
    body = (f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1>"
            f"<div class='{stem}-i'><p>{STANDFIRST}</p></div>"
            f"<div class='{holder.format(stem=stem)}'>"
            + "".join(f"<p>{p}</p>" for p in story) + "</div></div>")
    article = extract(_page(body, menu), URL)
    assert STANDFIRST in (article.paragraphs[0], article.standfirst)
    assert [p for p in article.paragraphs if p != STANDFIRST] == story


@pytest.mark.parametrize("label", ["Comments (3)", "12 comments", "Kommentare: 4",
                                   "Commentaires (7)", "1,204 views"])
def test_a_counters_label_in_the_storys_holder_is_no_body_line(label: str) -> None:
    story = _words(5)
    body = (f"<div class='q7-w'><h1>Harbour repairs take longer</h1><div class='q7-b'>"
            f"<span>{label}</span>" + "".join(f"<p>{p}</p>" for p in story) + "</div></div>")
    assert extract(_page(body, ""), URL).paragraphs == story


CAPTION = "The old pier at low tide, seen from the harbour wall on Monday morning (Photo: J. Doe)"


@pytest.mark.parametrize("form", [
    ("<div style='width: 650px' class='{s}-c'><a href='/p.jpg'><img src='/p.jpg' width='640'>"
     "</a><p class='{s}-t'>{c}</p></div>"),
    "<div class='{s}-c'><img src='/p.jpg' aria-describedby='cap-1'><p id='cap-1'>{c}</p></div>",
    "<div width='650'><img src='/p.jpg'><span>{c}</span></div>"])
@pytest.mark.parametrize("theme", THEMES)
def test_a_pictures_caption_named_by_no_class_is_no_body_line(theme: str, form: str) -> None:
    """A caption an editor writes in a box sized in pixels with its picture, or names
    with aria-describedby, whatever its class is called: the picture's caption."""
    stem, menu = _theme(theme)
    story = _words(6)
    figure = form.format(s=stem, c=CAPTION)
    body = (f"<div class='{stem}-b'><h1>Harbour repairs take longer</h1>"
            + "".join(f"<p>{p}</p>" for p in story[:3]) + figure
            + "".join(f"<p>{p}</p>" for p in story[3:]) + "</div>")
    article = extract(_page(body, menu), URL)
    assert article.paragraphs == story
    assert [i.caption for i in article.images] == [CAPTION]


@pytest.mark.parametrize("theme", THEMES)
def test_a_paragraph_beside_a_picture_in_an_unsized_box_stays(theme: str) -> None:
    stem, menu = _theme(theme)
    story = _words(6)
    body = (f"<div class='{stem}-b'><h1>Harbour repairs take longer</h1>"
            + "".join(f"<div><img src='/p{i}.jpg'><p>{p}</p></div>" for i, p in enumerate(story))
            + "</div>")
    assert extract(_page(body, menu), URL).paragraphs == story


_SECTIONS = ["Why the pier closed", "What the divers found", "Who pays for the repairs"]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("form", ["box", "nav", "details", "details-box", "numbered", "nested"])
def test_a_table_of_contents_above_the_sections_is_no_body(theme: str, form: str) -> None:
    """Contents plugins and editors set a list of links to the story's own sections
    under a label; its lines repeated the headings and the label stood as a line."""
    stem, menu = _theme(theme)
    links = [f"<a href='#s{i}'>{h}</a>" for i, h in enumerate(_SECTIONS)]
    items = {"numbered": "".join(f"<li>{i + 1}. {a}</li>" for i, a in enumerate(links)),
             "nested": f"<li>{links[0]}<ul>{''.join(f'<li>{a}</li>' for a in links[1:])}</ul></li>",
             }.get(form, "".join(f"<li>{a}</li>" for a in links))
    toc = {"box": f"<div class='{stem}-toc'><p>Table of Contents</p><ul>{items}</ul></div>",
           "nav": f"<nav class='{stem}-toc'><h2>Contents</h2><ol>{items}</ol></nav>",
           "details": (f"<details class='{stem}-toc'><summary>In this article</summary>"
                       f"<ul>{items}</ul></details>"),
           "details-box": (f"<details class='{stem}-toc'><summary>In this article</summary>"
                           f"<div><ul>{items}</ul></div></details>"),
           }.get(form, f"<div><strong>Contents</strong><ol>{items}</ol></div>")
    sections = "".join(f"<h2 id='s{i}'>{h}</h2><p>{paragraph(i + 1)}</p>"
                       for i, h in enumerate(_SECTIONS))
    page = _page(f"<h1>Harbour repairs take longer</h1><div class='{stem}-text'><p>"
                 f"{paragraph(0)}</p>{toc}{sections}</div>", menu)
    article = extract(page, URL)
    assert article.headings == _SECTIONS
    assert article.paragraphs == _words(4)
    assert not any(label in article.text for label in ("Contents", "In this article"))


def test_footnotes_and_tabs_linking_into_the_page_are_no_table_of_contents() -> None:
    notes = ("<ol><li id='n1'>The council's report of 2021. <a href='#r1'>↩</a></li>"
             "<li id='n2'>Divers' log, 4 May. <a href='#r2'>↩</a></li></ol>")
    tabs = ("<div><h2>More ways to see it</h2><ul role='tablist'><li><a href='#map'>Map</a>"
            "</li><li><a href='#photos'>Photos</a></li></ul></div>")
    tree = lxml_html.fromstring(f"<html><body><div>{notes}{tabs}</div></body></html>")
    assert contents_lists(tree, frozenset()) == []


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("stamps", [
    ("<span>Updated May 16, 2023 at 11:02 a.m. EDT</span><span>|</span>"
     "<span>Published May 16, 2023 at 7:00 a.m. EDT</span>"),
    ("<span>Published May 16, 2023 at 7:00 a.m. EDT</span><span>|</span>"
     "<span>Updated May 16, 2023 at 11:02 a.m. EDT</span>"),
])
def test_the_published_and_updated_times_parted_by_a_bar_are_no_body(theme: str,
                                                                    stamps: str) -> None:
    """Both times on one line, parted by a bar with no space beside it (spans side by
    side, as Arc-built sites write them): the publication's time is read, the line is
    no body line, and a standfirst heading after it is still no sub-heading."""
    stem, menu = _theme(theme)
    page = (f"<html><body>{menu}<article class='{stem}'><h1>Pier repairs run late</h1>"
            f"<h2 class='{stem}-x'>{STANDFIRST}</h2><div class='{stem}-t'>{stamps}</div>"
            f"<div class='{stem}-text'>{''.join(f'<p>{paragraph(i)}</p>' for i in range(5))}"
            f"</div></article></body></html>")
    article = extract(page, URL)
    assert article.paragraphs == [paragraph(i) for i in range(5)]
    assert article.text == "\n\n".join(article.paragraphs)
    assert article.published_at == datetime(2023, 5, 16, 11, 0, tzinfo=UTC)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("label", [
    "<span class='{stem}-topline'>Nordkai</span>",
    "<p>Analysis</p>",
    "<a href='/news/'>NEWS</a>",
    "<div><span>Live</span></div>",
    "<span>港湾</span>",
])
def test_a_label_set_over_the_headline_is_not_the_bodys_first_line(theme: str,
                                                                   label: str) -> None:
    """A kicker, a section's name or a "Live" badge printed right above the <h1>, in the
    article's own box: it frames the headline, the body begins under it."""
    stem, menu = _theme(theme)
    body = (f"<article class='{stem}-story'>{label.format(stem=stem)}<h1>{{title}}</h1>"
            f"<div class='{stem}-text'>" + "".join(f"<p>{p}</p>" for p in _words(6))
            + "</div></article>")
    article = extract(_page(body, menu), URL)
    assert article.title == "Harbour repairs take longer"
    assert article.paragraphs == _words(6)


@pytest.mark.parametrize("theme", THEMES)
def test_short_lines_of_a_body_that_comes_before_its_headline_stay(theme: str) -> None:
    """Where the story's box comes first and its headline after it (a layout that
    prints the headline below a hero), the short lines before the headline are the
    body's: a sub-heading stays."""
    stem, menu = _theme(theme)
    prose = "".join(f"<p>{p}</p>" for p in _words(3))
    body = (f"<div class='{stem}-text'>{prose}<h3>Costs</h3>{prose}</div>"
            f"<h1>{{title}}</h1>")
    article = extract(_page(body, menu), URL)
    assert "Costs" in article.headings and article.paragraphs == _words(3) * 2


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("line", [
    ("<span class='d'>11/19/2019</span> by <span><span><a href='/author/jane-doe'>Jane Doe"
     "</a></span></span>"),
    "<span>5:45 AM PST 11/19/2019</span> by <a href='/author/jane-doe'>Jane Doe</a>",
    "<time>May 5, 2024</time> · By <span>Jane Doe</span>",
])
def test_a_date_and_byline_on_one_line_are_not_the_bodys_text(theme: str, line: str) -> None:
    stem, menu = _theme(theme)
    body = (f"<article><h1>{{title}}</h1><div class='{stem}-text'><p>{line}</p>"
            + "".join(f"<p>{p}</p>" for p in _words(6)) + "</div></article>")
    article = extract(_page(body, menu), URL)
    assert article.authors == ["Jane Doe"]
    assert article.paragraphs == _words(6)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("appended", ["beside the story", "inside the story's box", "two more",
                                      "after a hero"])
def test_the_next_stories_of_an_endless_scroll_are_not_the_bodys(theme: str,
                                                                  appended: str) -> None:
    """The page appends the next stories below the story (beside its box, or inside it
    after the text), each with its headline, its time and its prose (longer than the
    story's): the body is the first story's alone. So too where the story's headline
    stands in a box of its own, its text in the box after it."""
    stem, menu = _theme(theme)

    def story(headline: str, first: int, time: str = "") -> str:
        hero = appended == "after a hero" and first == 0
        return (f"<div class='{stem}-story'>" + (f"<div class='{stem}-hero'>" if hero else "")
                + f"<h1>{headline}</h1>{time}" + ("</div>" if hero else "")
                + f"<div class='{stem}-text'>"
                + "".join(f"<p>{p}</p>" for p in _words(6, first)) + "</div>")

    following = "".join(
        story(f"Ferry timetable changes for summer, part {n}", 10 * n,
              f"<time datetime='2021-12-1{n}T20:06:09Z'>December 1{n}, 2021</time>") + "</div>"
        for n in range(1, 3 if appended == "two more" else 2))
    inside = following if appended.startswith("inside") else ""
    body = (f"<main class='{stem}-feed'>{story('{title}', 0)}{inside}</div>"
            f"{'' if inside else following}</main>")
    article = extract(_page(body, menu), URL)
    assert article.title == "Harbour repairs take longer"
    assert article.paragraphs == _words(6)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("breaks", ["<br><br>", "<br/>\n<br/>", "<br> <br> <br>"])
def test_paragraphs_parted_by_breaks_inside_one_p_are_paragraphs(theme: str,
                                                                 breaks: str) -> None:
    """Editors that write a story as one <p>, its paragraphs parted by empty lines
    ("<p>One.<br><br>Two.</p>"): each part is a paragraph, as a browser shows it."""
    stem, menu = _theme(theme)
    body = (f"<article><h1>{{title}}</h1><div class='{stem}-text'><p>"
            + breaks.join(_words(6)) + "</p></div></article>")
    assert extract(_page(body, menu), URL).paragraphs == _words(6)


@pytest.mark.parametrize("theme", THEMES)
def test_short_or_linked_lines_parted_by_breaks_stay_one_paragraph(theme: str) -> None:
    """A post's short lines ("on.<br><br>it.") and a song's lines, each linked to its
    note, parted by empty lines inside a <p>: one paragraph each, as they were."""
    stem, menu = _theme(theme)
    short = "Harbour.<br><br>Repairs.<br><br>We are on it."
    linked = "<br><br>".join(f"<a href='/notes/{i}'>{p}</a>" for i, p in enumerate(_words(3)))
    body = (f"<article><h1>{{title}}</h1><div class='{stem}-text'>"
            + "".join(f"<p>{p}</p>" for p in _words(3))
            + f"<p>{short}</p><p>{linked}</p>" + "".join(f"<p>{p}</p>" for p in _words(3, 3))
            + "</div></article>")
    paragraphs = extract(_page(body, menu), URL).paragraphs
    assert "Harbour.\nRepairs.\nWe are on it." in paragraphs
    assert "\n".join(_words(3)) in paragraphs


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("byline", [
    "<p>BY JANE DOE AND JOHN SMITH</p>",  # in capitals
    # the names the page declares, each alone on a line
    ("<meta name='author' content='Jane Doe'><meta name='author' content='John Smith'>"
     "<p>Jane Doe</p><p>John Smith</p>"),
    # with the authors' cards: the outlet, a handle, an address (no sentence)
    ("<meta name='author' content='Jane Doe'><meta name='author' content='John Smith'>"
     "<p>By Jane Doe and John Smith Jane Doe The Harbour Journal Biography @janedoe "
     "Jane.Doe@harbour.example</p>"),
])
def test_a_byline_in_capitals_or_a_name_alone_is_not_the_bodys_first_line(
        theme: str, byline: str) -> None:
    stem, menu = _theme(theme)
    body = (f"<article><h1>{{title}}</h1><div class='{stem}-text'>{byline}"
            + "".join(f"<p>{p}</p>" for p in _words(6)) + "</div></article>")
    article = extract(_page(body, menu), URL)
    assert article.authors == ["Jane Doe", "John Smith"]
    assert article.paragraphs == _words(6)


_ABOUT = ("<p>Harbour News is the independent daily paper of the northern coast, founded in 1887 "
          "and owned by a trust that guarantees its editorial independence. We publish news, "
          "sport, culture and opinion from every town on the coast, online and in print six "
          "days a week.</p><p>Our journalists follow the editors' code of practice. If you "
          "have a complaint about our coverage, write to the readers' editor, who answers "
          "every letter within a fortnight and publishes corrections on this page.</p>")


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("furniture", ["<footer class='{stem}-foot'>{about}</footer>",
                                       "<div role='contentinfo'><div>{about}</div></div>",
                                       "<aside class='{stem}-rail'><div>{about}</div></aside>"])
def test_a_brief_story_is_the_body_not_the_longer_prose_of_the_footer(theme: str,
                                                                       furniture: str) -> None:
    """A news brief of two short paragraphs, dated under its headline, on a page whose
    footer ("About us") or rail holds more prose: the brief is the body, and the page
    an article."""
    stem, menu = _theme(theme)
    brief = [("The harbour board delayed its decision on the north quay repairs on Tuesday, "
              "saying it needed another month to study the engineers' report and the cost of "
              "the steel the work would need."),
             ("The quay has been closed to heavy vehicles since March, and fishermen say they "
              "lose hours on every trip to the port forty kilometres away.")]
    body = (f"<main><article class='{stem}-story'><h1>{{title}}</h1><p>2 January 2024</p>"
            + "".join(f"<p>{p}</p>" for p in brief) + "</article></main>"
            + furniture.format(stem=stem, about=_ABOUT))
    article = extract(_page(body, menu), URL)
    assert article.paragraphs == brief
    assert article.page_type == "article"


@pytest.mark.parametrize("theme", THEMES)
def test_the_lines_of_a_facts_cell_are_not_run_together(theme: str) -> None:
    """A table of facts in the story, a cell's lines parted by <br>s: the cell is one
    line of the body, its lines parted by spaces ("Opened 1902", not "Opened1902")."""
    stem, menu = _theme(theme)
    facts = ("<b>Opened</b><br>1902<br><b>Length</b><br>240 m<br>Harbour master<br>"
             "<a href='/people/ellis'>Margaret Ellis</a>")
    body = (f"<table class='{stem}-layout'><tr><td><h1>{{title}}</h1>" + "<br><br>".join(_words(4))
            + f"<table><tr><td>{facts}</td><td>Pier facts</td></tr></table>"
            + "<br><br>".join(_words(3, 4)) + "</td></tr></table>")
    paragraphs = extract(_page(body, menu), URL).paragraphs
    assert "Opened 1902 Length 240 m Harbour master Margaret Ellis" in paragraphs


def test_the_lines_of_a_cell_in_a_script_without_spaces_are_not_spaced() -> None:
    stem, menu = _theme("q7zr")
    prose = ["港湾委員会は火曜日の夜に会合を開き、北岸壁の修理について話し合った。" * 3] * 6
    facts = "<b>開業</b><br>1902年<br><b>全長</b><br>240メートル"
    body = (f"<table class='{stem}-layout'><tr><td><h1>{{title}}</h1>" + "<br><br>".join(prose[:3])
            + f"<table><tr><td>{facts}</td><td>岸壁</td></tr></table>"
            + "<br><br>".join(prose[3:]) + "</td></tr></table>")
    paragraphs = extract(_page(body, menu, title="北岸壁の修理は延期"), URL).paragraphs
    assert "開業1902年全長240メートル" in paragraphs


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("wrapped", "heading", "menu"), [
    (True, "h1", False), (False, "h1", False), (True, "h1", True), (True, "h2", True)])
def test_a_live_blogs_posts_each_under_a_heading_are_its_body(
        theme: str, wrapped: bool, heading: str, menu: bool) -> None:
    """A live blog that sets each post in a box with a heading and a time of its own,
    after a long standfirst: the posts are the story. Not the next stories of an
    endless scroll (which each hold a body's worth of prose, and come one to three),
    and all of them, though the standfirst holds more prose than any one post and the
    body extractor reads the first post's box alone."""
    stem, site_menu = _theme(theme)
    dek = ("The storm that hit the coast overnight flooded the north quay and several "
           "streets of the old town, and the harbour board has closed the port. ") * 3
    updates = [f"Update {i}: the water reached the north quay at {10 + i} o'clock, and the "
               "harbour master ordered the boats moved to the inner basin for the night. "
               f"Crews from berth {i} worked until dawn to secure them, and the ferry to the "
               "islands stayed in port until the wind dropped in the afternoon."
               for i in range(8)]
    posts = "".join(f"<article class='{stem}-post'><{heading}>Update {i}</{heading}>"
                    f"<time datetime='2024-01-02T{10 + i}:00:00Z'>{10 + i}:00</time><p>{u}</p>"
                    "</article>" for i, u in enumerate(updates))
    body = (f"<main><header class='{stem}-head'><h1>{{title}}</h1><p>{dek}</p></header>"
            + (f"<div class='{stem}-live'>{posts}</div>" if wrapped else posts) + "</main>")
    paragraphs = extract(_page(body, site_menu if menu else ""), URL).paragraphs
    assert all(u in paragraphs for u in updates)


@pytest.mark.parametrize("wrappers", [0, 1, 2])
@pytest.mark.parametrize("theme", THEMES)
def test_sub_headings_boxed_between_the_chunks_of_a_story_are_kept(theme: str,
                                                                   wrappers: int) -> None:
    """Page builders (grid columns) set each run of paragraphs in a box and each
    sub-heading in a box of its own between them; no name marks a holder of the whole
    story, so trafilatura gathers the paragraphs and leaves the headings out."""
    stem, menu = _theme(theme)
    heads = LISTICLE_HEADS[:4]
    parts = [f"<div class='{stem}-txt col'>{''.join(f'<p>{p}</p>' for p in _words(3))}</div>"]
    for n, head in enumerate(heads):
        box = f"<h2 class='{stem}-t'>{head}</h2>"
        for depth in range(wrappers):
            box = f"<div id='{stem}-{n}-{depth}'>{box}</div>"
        text = "".join(f"<p>{p}</p>" for p in _words(2, 10 * n + 10))
        parts += [f"<div class='{stem}-sec col'>{box}</div>",
                  f"<div class='{stem}-txt col'>{text}</div>"]
    page = _page(f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1>"
                 f"<div class='{stem}-grid'>{''.join(parts)}</div></div>", menu)
    article = extract(page, URL)
    assert article.headings == heads
    lines = article.text.split("\n\n")
    assert all(lines[lines.index(h) + 1] == paragraph(10 * n + 10) for n, h in enumerate(heads))
    assert all(lines[lines.index(h) - 1] == paragraph(10 * n + 1 if n else 2)
               for n, h in enumerate(heads))


@pytest.mark.parametrize("theme", THEMES)
def test_a_heading_over_a_heading_in_a_chunk_of_the_story_is_kept(theme: str) -> None:
    """A part's heading and its first topic's ("<h3>Part</h3><h4>Topic</h4><p>…") in
    one of the story's chunks: each is put back, the first before the second."""
    stem, menu = _theme(theme)
    first, rest = ("".join(f"<p>{p}</p>" for p in _words(3, n)) for n in (0, 10))
    heads = "<h3>Check the tide tables first</h3><h4>Book the ferry early</h4>"
    page = _page(f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1>"
                 f"<div class='{stem}-txt'>{first}</div>"
                 f"<div class='{stem}-txt'>{heads}{rest}</div></div>", menu)
    lines = extract(page, URL).text.split("\n\n")
    at = lines.index(paragraph(2))
    assert lines[at + 1 : at + 4] == ["Check the tide tables first", "Book the ferry early",
                                      paragraph(10)]


@pytest.mark.parametrize("theme", THEMES)
def test_a_story_in_a_rich_text_span_is_read_as_its_holder(theme: str) -> None:
    """An editor's rich-text field rendered in a <span> around the story's blocks, no
    name marking it: read as the holder it is, sub-headings and a list of one item kept."""
    stem, menu = _theme(theme)
    item = ("Patient records held by each hospital stay there, and the harbour clinic keeps "
            "its own file on every diver it treats after an accident in the port.")
    blocks = [("p", paragraph(0)), ("p", paragraph(1)), ("h3", "Check the tide tables first"),
              ("h4", "Book the ferry early"), ("p", paragraph(2)), ("ul", f"<li>{item}</li>"),
              ("p", paragraph(3)), ("h3", "Bring a warm coat"), ("p", paragraph(4))]
    story = "".join(f"<{tag}>{text}</{tag}>" for tag, text in blocks)
    side = f"<div class='{stem}-side'><p>{paragraph(30)[:70]}</p></div>"
    article = extract(_page(f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1>"
                            f"<div class='{stem}-c'><span class='{stem}-rt'>{story}</span>"
                            f"</div></div>{side}", menu), URL)
    assert article.headings == ["Check the tide tables first", "Book the ferry early",
                                "Bring a warm coat"]
    assert article.text.split("\n\n") == [
        paragraph(0), paragraph(1), "Check the tide tables first", "Book the ferry early",
        paragraph(2), item, paragraph(3), "Bring a warm coat", paragraph(4)]


SLIDE_TEXTS = [
    ("The first ferry of the season left the harbour at dawn. Its captain said the crossing "
     "was calm, and that the new landing at berth {n} had made boarding faster for everyone."),
    ("Divers checked the old pier before the boats came in. They found the timber sound in "
     "most places, though section {n} will be replaced before the autumn storms arrive."),
]


def _slide(stem: str, n: int, credit: str) -> str:
    text = " ".join(SLIDE_TEXTS[(n + k) % 2].format(n=n + k) for k in range(2))
    return (f"<figure class='{stem}-slide slide-{n}'><div class='{stem}-slide-header'>"
            f"<div class='title'>Harbour scene {n}</div></div><img src='/g/{n}.jpg' "
            f"alt='Harbour scene {n}'><figcaption class='{stem}-slide-caption'><p>{text}</p>"
            f"{credit.format(n=n)}</figcaption></figure>")


@pytest.mark.parametrize("credit", ["<div class='source'>Image Source: Jane Roe</div>", ""])
@pytest.mark.parametrize("theme", THEMES)
def test_a_slideshow_told_in_its_captions_keeps_them_as_its_text(theme: str,
                                                                 credit: str) -> None:
    """A slideshow article: a short introduction in a box named as the post's content,
    then slides whose captions hold the story, each of sentences. The captions are its
    text, in order after the introduction; a body extractor reads the introduction alone
    and drops a box named "slides"."""
    stem, menu = _theme(theme)
    slides = "".join(_slide(stem, n, credit) for n in range(5))
    page = _page(f"<article class='{stem}-post gallery'><h1>Harbour repairs take longer</h1>"
                 f"<div class='post-content'><p>{paragraph(0)}</p></div>"
                 f"<div class='slides'>{slides}</div></article>", menu)
    article = extract(page, URL)
    told = [" ".join(SLIDE_TEXTS[(n + k) % 2].format(n=n + k) for k in range(2))
            for n in range(5)]
    assert article.paragraphs == [paragraph(0), *told]
    assert article.images and article.images[0].caption is not None  # still its picture's


@pytest.mark.parametrize("theme", THEMES)
def test_long_captions_of_a_storys_pictures_stay_out_of_its_text(theme: str) -> None:
    """Two pictures with captions of two sentences each in a story of six paragraphs:
    the captions are the pictures', not the story's."""
    stem, menu = _theme(theme)
    slides = [_slide(stem, n, "") for n in range(2)]
    story = "".join(f"<p>{p}</p>" for p in _words(3))
    rest = "".join(f"<p>{p}</p>" for p in _words(3, 3))
    page = _page(f"<article class='{stem}-post'><h1>Harbour repairs take longer</h1>"
                 f"<div class='{stem}-body'>{story}{slides[0]}{rest}{slides[1]}</div></article>",
                 menu)
    assert extract(page, URL).paragraphs == _words(6)


@pytest.mark.parametrize("box", ["header", "div"])
@pytest.mark.parametrize("theme", THEMES)
def test_the_opening_paragraph_in_the_headlines_box_opens_the_body(theme: str, box: str) -> None:
    """The headline's box (a <header> too) holds the story's first paragraph under the
    <h1>, the rest in the body's holder after it: the opening is the body's first."""
    stem, menu = _theme(theme)
    opening = " ".join(_words(2, 20))
    body = (f"<article class='{stem}-a'><{box} class='{stem}-top'><h1>Harbour repairs take "
            f"longer</h1><p>{opening}</p><div class='{stem}-share'><a href='/s'>Share</a>"
            f"</div></{box}><div class='{stem}-c'>{''.join(f'<p>{p}</p>' for p in _words(4))}"
            f"</div></article>")
    assert extract(_page(body, menu), URL).paragraphs == [opening, *_words(4)]


@pytest.mark.parametrize("theme", THEMES)
def test_a_summary_in_the_headlines_box_is_the_standfirst_not_the_body(theme: str) -> None:
    """A sentence or two under the headline in its box is a standfirst (a guard beside
    the opening paragraph read from the same place)."""
    stem, menu = _theme(theme)
    dek = "Repairs to the old pier will take a month longer than planned, the council says."
    body = (f"<article class='{stem}-a'><header class='{stem}-top'><h1>Harbour repairs take "
            f"longer</h1><p class='{stem}-standfirst'>{dek}</p></header>"
            f"<div class='{stem}-c'>{''.join(f'<p>{p}</p>' for p in _words(4))}</div></article>")
    article = extract(_page(body, menu), URL)
    assert (article.standfirst, article.paragraphs) == (dek, _words(4))


@pytest.mark.parametrize("cls", ["t-d7@m- t-d4@tp mt-15 c-gray-3", "c9f3a1e", ""])
@pytest.mark.parametrize("theme", THEMES)
def test_a_sentence_right_after_the_headline_outside_the_body_is_the_standfirst(
        theme: str, cls: str) -> None:
    """Utility or hashed classes name nothing: a sentence set right after the <h1>, in
    the headline's box outside the body, is the standfirst all the same."""
    stem, menu = _theme(theme)
    dek = "Emergency workers and nurses will not need to pay for the ferry until the spring."
    header = (f"<h1>Harbour repairs take longer</h1><div class='{cls}'>{dek}</div>"
              f"<div class='{stem}-meta'>Jane Doe, 3 May 2024</div>")
    article = extract(_story(menu, header, stem), URL)
    assert (article.standfirst, article.paragraphs) == (dek, _words(5))


@pytest.mark.parametrize("after", [
    "<div class='c1'>By Jane Doe and John Roe, with reporting from the harbour desk</div>",
    "<div class='c1'>Harbour repairs take longer than the council planned</div>",  # no sentence
    "<div class='c1'>The pier. <a href='/pier'>Read our guide to the harbour's piers.</a></div>",
    "<div class='c1-caption'>Divers inspect the old pier before the ferry season begins.</div>",
])
def test_no_standfirst_from_what_follows_the_headline_unless_a_sentence(after: str) -> None:
    stem, menu = _theme("q7zr")
    article = extract(_story(menu, f"<h1>Harbour repairs take longer</h1>{after}", stem), URL)
    assert article.standfirst is None


@pytest.mark.parametrize("theme", THEMES)
def test_a_named_standfirst_after_a_long_block_of_facts_is_found(theme: str) -> None:
    """A review's header: headline, then a box of facts (genre, label, date: dozens of
    elements), then the standfirst."""
    stem, menu = _theme(theme)
    facts = "".join(f"<li><span class='k'>Fact {i}</span><p class='v'>Value {i}</p></li>"
                    for i in range(20))
    header = (f"<h1>Harbour repairs take longer</h1><div class='{stem}-info'><ul>{facts}</ul>"
              f"</div><div class='{stem}-HeaderDekDown'>{STANDFIRST}</div>")
    assert extract(_story(menu, header, stem), URL).standfirst == STANDFIRST


@pytest.mark.parametrize("theme", THEMES)
def test_a_gallery_in_the_story_leaves_no_caption_credit_or_control_in_its_text(
        theme: str) -> None:
    """A gallery set between a story's paragraphs, its boxes named by nothing (hashed
    classes): each caption repeats its picture's alt text without the credit the alt text
    ends with; a credit line, the gallery's "Caption" and "Close" buttons, and pointers
    to the site's other stories ("On Example.com: …") are no lines of the story."""
    stem, menu = _theme(theme)
    caption = ("In this Sunday photograph, a long row of unsold ferries sits at the "
               "harbour yard in Littleton")
    items = "".join(
        f"<li class='c{n}a'><div class='c{n}b'><img src='/g/{n}.jpg' alt='{caption} {n}. "
        f"Photo: Jane Roe / Associated Press / Copyright 2019'></div><div class='c{n}c'>"
        f"<p>{caption} {n}.</p></div><div class='c{n}d'>Photo: Jane Roe / Associated Press"
        f"</div><button>Caption</button><button>Close</button></li>" for n in range(3))
    pointers = "".join(f"<p><a href='/s/{n}'>On Example.com: Harbour fees rise again {n}</a>"
                       f"</p>" for n in range(2))
    body = (f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1>"
            f"<div class='{stem}-c'>{''.join(f'<p>{p}</p>' for p in _words(3))}"
            f"<ul class='{stem}-g'>{items}</ul>{pointers}"
            f"{''.join(f'<p>{p}</p>' for p in _words(3, 3))}</div></div>")
    assert extract(_page(body, menu), URL).text.split("\n\n") == _words(6)


def test_a_line_an_alt_text_opens_without_a_credit_stays() -> None:
    """An alt text that opens with a line of the story and goes on (not with a credit):
    the line is the story's (a guard beside the caption read with its credit)."""
    stem, menu = _theme("ghost")
    line = "Hori Parata at his farm, the place where he was born and grew up near the harbour"
    body = (f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1>"
            f"<div class='{stem}-c'><p>{paragraph(0)}</p><p>{line}</p>"
            f"<img src='/a.jpg' alt='{line} [The Palace: a tale of the harbour]'>"
            f"{''.join(f'<p>{p}</p>' for p in _words(3, 1))}</div></div>")
    assert line in extract(_page(body, menu), URL).paragraphs


def _rail(stem: str) -> str:
    """Other stories after the story, in boxes no name marks: a label, headlines linked
    with their dates, another label, teasers of a linked heading over a summary."""
    tops = "".join(f"<a href='/news/{n}' class='c{n}x'><strong>Ferry fares rise again on "
                   f"route {n}</strong><div>20 November 2019</div></a>" for n in range(4))
    teasers = "".join(f"<div class='c{n}y'><a href='/f/{n}'><h3>Harbour quiz {n}</h3></a>"
                      f"<p>Have you been getting these knots wrong?</p></div>" for n in range(2))
    return (f"<div class='{stem}-q'><h2>Top Stories</h2>{tops}</div>"
            f"<div class='{stem}-r'><h2>Features</h2>{teasers}</div>")


@pytest.mark.parametrize("theme", THEMES)
def test_other_stories_linked_after_the_story_are_not_its_text(theme: str) -> None:
    """A rail of other stories at the end of the story's own box, where no class name
    tells it (hashed names): the run of linked headlines, labels and summaries that ends
    the lines goes."""
    stem, menu = _theme(theme)
    body = (f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1><div class='{stem}-c'>"
            f"{''.join(f'<p>{p}</p>' for p in _words(6))}{_rail(stem)}</div></div>")
    assert extract(_page(body, menu), URL).text.split("\n\n") == _words(6)


@pytest.mark.parametrize("theme", THEMES)
def test_a_digest_of_linked_headings_over_their_texts_keeps_every_item(theme: str) -> None:
    """A newsletter's issue: items each a linked heading over a paragraph of comment
    (a guard: the last items are no rail of other stories)."""
    stem, menu = _theme(theme)
    items = "".join(f"<h3><a href='https://tools.example/{n}'>Harbour tool number {n}</a></h3>"
                    f"<p>{paragraph(n)}</p>" if n < 4 else
                    f"<h3><a href='https://tools.example/{n}'>Harbour tool number {n}</a></h3>"
                    f"<p>A short note on tool {n}.</p>" for n in range(7))
    body = (f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1><div class='{stem}-c'>"
            f"<p>{paragraph(9)}</p>{items}</div></div>")
    text = extract(_page(body, menu), URL).text
    assert all(f"Harbour tool number {n}" in text and f"A short note on tool {n}." in text
               for n in range(4, 7))


@pytest.mark.parametrize("theme", THEMES)
def test_a_page_of_feature_cards_after_a_short_intro_keeps_them(theme: str) -> None:
    """A product's page: a short introduction, then cards of a linked name, a sentence
    and a "Learn more" link, more words than the introduction (a guard)."""
    stem, menu = _theme(theme)
    cards = "".join(
        f"<div class='c{n}k'><h3><a href='/docs/{n}'>Harbour Inspector {n}</a></h3><p>Examine "
        f"the moorings of any berth and change them in place, tide by tide.</p><a href="
        f"'/docs/{n}'>Learn more about Harbour Inspector {n}</a></div>" for n in range(6))
    body = (f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1><div class='{stem}-c'>"
            f"<p>{paragraph(0)}</p>{cards}</div></div>")
    text = extract(_page(body, menu), URL).text
    assert all(f"Learn more about Harbour Inspector {n}" in text for n in range(6))


def test_a_long_sentence_opening_with_the_authors_name_after_by_stays_in_the_body() -> None:
    """A guard beside the byline printed with the author's card: a sentence of the story
    that opens "By Jane Doe's count" is prose."""
    stem, menu = _theme("ghost")
    line = ("By Jane Doe's count, the harbour board has now delayed the repairs of the north "
            "quay four times since the spring.")
    body = (f"<article><h1>{{title}}</h1><div class='{stem}-text'>"
            f"<p>{paragraph(0)}</p><p>{line}</p>{''.join(f'<p>{p}</p>' for p in _words(4, 1))}"
            f"</div></article>")
    article = extract(_page("<meta name='author' content='Jane Doe'>" + body, menu), URL)
    assert line in article.paragraphs


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("line", [
    "By Tuesday evening, more than 300 people had signed the petition.",
    "By Friday night, the ferry landing had been shut for a week.",
    "By Sunday, 300 people had signed.",
    "Von Anfang an war klar, dass die Reparatur teuer wird.",
    "Von dort aus fahren die Fähren wieder stündlich.",
])
def test_a_sentence_opening_with_by_and_a_time_credits_no_one(theme: str, line: str) -> None:
    """"By Tuesday evening, …" and "Von Anfang an war klar, …" open short sentences
    of the story, no bylines crediting an outlet named "Tuesday evening" or "Anfang an
    war klar": the line stays and names no author."""
    stem, menu = _theme(theme)
    story = _words(4)
    lines = [story[0], line, *story[1:]]
    body = (f"<div class='{stem}-c'><h1>Harbour repairs take longer</h1>"
            + "".join(f"<p>{p}</p>" for p in lines) + "</div>")
    article = extract(_page(body, menu), URL)
    assert (article.paragraphs, article.authors) == (lines, [])


@pytest.mark.parametrize(("line", "credit"), [
    ("By Reuters staff", "Reuters staff"), ("By Detroit News wire services",
                                            "Detroit News wire services"),
    ("By The Associated Press", "The Associated Press"), ("By AFP", "AFP"),
])
def test_a_byline_crediting_an_outlet_names_it(line: str, credit: str) -> None:
    """A guard: a byline naming no person credits the outlet it names."""
    stem, menu = _theme("wp-site")
    story = _words(4)
    body = (f"<div class='{stem}-c'><h1>Harbour repairs take longer</h1><p>{line}</p>"
            + "".join(f"<p>{p}</p>" for p in story) + "</div>")
    assert extract(_page(body, menu), URL).authors == [credit]


@pytest.mark.parametrize("label", ["Continue Reading Below", "Story continues below advertisement",
                                   "Article continues after this advertisement"])
def test_an_ad_slots_label_inside_the_story_is_not_its_text(label: str) -> None:
    stem, menu = _theme("q7zr")
    story = _words(6)
    body = (f"<article><h1>{{title}}</h1><div class='{stem}-text'>"
            f"{''.join(f'<p>{p}</p>' for p in story[:3])}<div class='c1x'><p>{label}</p>"
            f"<div class='c2y'></div></div>{''.join(f'<p>{p}</p>' for p in story[3:])}"
            f"</div></article>")
    assert extract(_page(body, menu), URL).paragraphs == story


@pytest.mark.parametrize("theme", THEMES)
def test_the_standfirst_under_a_shown_headline_other_than_the_declared_title(theme: str) -> None:
    """The page's <h1>s print its declared (search) title in a bar and a headline of
    their own over the story ("Broken Pledge"), the standfirst under the latter."""
    stem, menu = _theme(theme)
    seo = "Harbour repairs take longer than the council promised"
    header = (f"<h1 class='{stem}-bar'>{seo}</h1><header class='{stem}-head'><h1>Broken "
              f"Pledge</h1><div class='{stem}-share'><a href='/s'>Share</a></div>"
              f"<h2 class='dek'>{STANDFIRST}</h2><div class='byline'>By Jane Doe</div></header>")
    body = f"<article>{header}<div class='{stem}-text'>{''.join(f'<p>{p}</p>' for p in _words(5))}</div></article>"
    assert extract(_page(body, menu, title=seo), URL).standfirst == STANDFIRST


@pytest.mark.parametrize("theme", THEMES)
def test_a_logos_tagline_is_no_standfirst(theme: str) -> None:
    """The site's logo an <h1> with its tagline under it, before the story's headline
    (a guard: only a named or declared standfirst is read under an <h1> other than the
    headline's)."""
    stem, menu = _theme(theme)
    logo = (f"<h1 class='{stem}-logo'>Harbour News</h1><p>The independent daily paper of the "
            f"northern coast since 1887.</p>")
    body = (f"{logo}<article><h1 class='{stem}-bar'>Harbour repairs take longer</h1>"
            f"<div class='{stem}-text'>{''.join(f'<p>{p}</p>' for p in _words(5))}</div></article>")
    assert extract(_page(body, menu), URL).standfirst is None


@pytest.mark.parametrize("name", ["class='mainbar {stem}-bar'", "id='main-menu'",
                                  "class='content'", "id='content-main'"])
@pytest.mark.parametrize("theme", THEMES)
def test_a_menu_named_like_a_storys_holder_is_not_read_for_it(theme: str, name: str) -> None:
    """A page of bare <div>s (no <nav>, <header> or <footer> says what a box is) whose
    menu bar bears a name body extractors take for a story's holder ("main…",
    "content"): the story, in a box nothing names, is the body, not the menu's labels,
    though the site's footer holds a third of the page's prose."""
    stem, _ = _theme(theme)
    groups = "".join(
        f"<li><h5>{label}</h5><ul>" + "".join(
            f"<li><a href='/{label.lower()}/{i}'>{label} item {i}</a></li>" for i in range(4))
        + "</ul></li>" for label in ("Healthcare", "Retail", "Industries", "Partners"))
    menu = f"<div {name.format(stem=stem)}><ul>{groups}</ul></div>"
    story = _words(4)
    about = " ".join(_words(2, 20))
    page = (f"<html><head><title>Harbour repairs take longer</title></head><body>"
            f"<div class='{stem}-page'>{menu}<div class='{stem}-w'>"
            f"<h1>Harbour repairs take longer</h1><div class='{stem}-c'>"
            + "".join(f"<p>{p}</p>" for p in story)
            + f"</div></div><div class='{stem}-foot'><p>{about}</p><ul><li>Contact us</li>"
            "<li>Phone +41 41 544 78 00</li></ul></div></div></body></html>")
    article = extract(page, URL)
    assert article.paragraphs == story
    assert "Healthcare" not in article.text


@pytest.mark.parametrize("element", ["block", "story-body", "bsp-text", "x-prose"])
@pytest.mark.parametrize("theme", THEMES)
def test_paragraphs_parted_by_breaks_in_a_pages_own_element_are_paragraphs(
        theme: str, element: str) -> None:
    """A page's own element (a custom element, no tag of HTML's: "<block>",
    "<story-body>") holding the story as text parted by empty lines: each part is a
    paragraph, as in a <div>, and the site's footer is no part of the story."""
    stem, menu = _theme(theme)
    story = _words(5)
    body = (f"<div class='{stem}-w'><h1>{{title}}</h1><{element} class='{stem}-s'>"
            + "".join(f"{p}<br><br>\n" for p in story) + f"</{element}>"
            f"<div class='{stem}-f'><a href='/'>Home</a> <a href='/about'>About us</a>"
            "<br><br>Copyright 2024</div></div>")
    assert extract(_page(body, menu), URL).paragraphs == story


@pytest.mark.parametrize("theme", THEMES)
def test_a_story_in_sibling_boxes_keeps_its_sub_headings_and_lists(theme: str) -> None:
    """The story's sections each in a box of its own (as a CMS writes each "step" or
    "section"), each opening with a sub-heading, one with a list, on a page that names
    no box: the box around them is the story's holder, and its headings and lists stay,
    not the site's menu or its sidebar's teasers."""
    stem, menu = _theme(theme)
    story = _words(9)
    items = ["Check the tide tables before setting out",
             "Book the ferry a day ahead in the summer"]
    heads = ["Why the pier is closing", "What the divers found", "How to reach the island"]
    sections = "".join(
        f"<div class='{stem}-x'><h2>{heads[k // 3]}</h2><div>"
        + "".join(f"<p>{p}</p>" for p in story[k:k + 3])
        + ("<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>" if k == 3 else "")
        + "</div></div>" for k in (0, 3, 6))
    side = (f"<div class='{stem}-r'>" + "".join(
        f"<div><a href='/n/{i}'>Other story {i}</a><p>{paragraph(40 + i)[:90]}</p></div>"
        for i in range(2)) + "</div>")
    body = (f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1>"
            f"<div class='{stem}-s'>{sections}</div>{side}</div>")
    article = extract(_page(body, menu), URL)
    assert article.headings == heads
    lines = article.text.split("\n\n")
    assert [line for line in lines if line in story] == story
    assert lines.index(items[0]) == lines.index(story[5]) + 1
    assert "Other story" not in article.text and "Section 1 of" not in article.text


@pytest.mark.parametrize("mark", ["1.", "2)", "#3", "12:"])
def test_a_number_alone_on_its_line_is_no_text(mark: str) -> None:
    """A list's or a slideshow's number set apart from its item ("1." over a picture)
    says nothing on a line of its own."""
    stem, menu = _theme("wp-site")
    story = _words(4)
    body = (f"<article><h1>{{title}}</h1><div class='{stem}-text'>"
            + "".join(f"<p>{p}</p>" for p in story[:2]) + f"<p>{mark}</p>"
            + "".join(f"<p>{p}</p>" for p in story[2:]) + "</div></article>")
    assert extract(_page(body, menu), URL).paragraphs == story


@pytest.mark.parametrize("spacer", ["<br><br>", "<br>\n<br>", "<br/><br/><br/>"])
@pytest.mark.parametrize("theme", THEMES)
def test_list_items_ending_in_empty_lines_keep_every_item(theme: str, spacer: str) -> None:
    """A page whose paragraphs are parted by empty lines, with a list whose items each
    end in empty lines as a spacer ("<li>An item.<br><br></li>"): every item stays a
    line of its own, the first one too."""
    stem, menu = _theme(theme)
    story = _words(6)
    items = ["Check the tide tables before setting out for the island.",
             "Book the ferry a day ahead during the summer season.",
             "Bring a warm coat, since the crossing is cold at dawn."]
    listed = "<ul>" + "".join(f"<li>{i}{spacer}</li>" for i in items) + "</ul>"
    body = (f"<div class='{stem}-w'><h1>{{title}}</h1><div class='{stem}-t'>"
            + "".join(f"{p}<br><br>" for p in story[:3]) + listed
            + "".join(f"{p}<br><br>" for p in story[3:]) + "</div></div>")
    lines = extract(_page(body, menu), URL).text.split("\n\n")
    assert [line for line in lines if line in items] == items
    assert [line for line in lines if line in story] == story


@pytest.mark.parametrize("label", ["Read also:", "Lesen Sie auch:", "Czytaj także:"])
@pytest.mark.parametrize("theme", THEMES)
def test_a_read_also_line_written_as_a_div_is_no_related_block(theme: str, label: str) -> None:
    """A live blog whose paragraphs are <div>s, one post holding a "Read also:" line
    that points to one story (a <div> too): the line is dropped, not its post with it,
    and the page's related stories are those of its block of links."""
    stem, menu = _theme(theme)
    story = _words(8)
    texts = iter(story)
    posts = "".join(
        f"<article class='{stem}-post'><header><time>1{5 - i}:00</time><h3>Update {i}</h3>"
        f"</header><div><div>{next(texts)}</div></div><div><div>{next(texts)}</div></div>"
        + (f"<div><strong>{label}</strong> <a href='/news/pier'>The pier's long history</a>"
           "</div>" if i == 2 else "")
        + "<footer><a href='#e'>#</a></footer></article>" for i in range(4))
    related = (f"<div class='{stem}-more'><h2>Related stories</h2>" + "".join(
        f"<div><a href='/news/{i}'><h4>Ferry timetable changes for route {i}</h4></a></div>"
        for i in range(3)) + "</div>")
    body = (f"<main><h1>Live: harbour repairs</h1><div class='{stem}-feed'>{posts}</div>"
            f"{related}</main>")
    article = extract(_page(body, menu), URL)
    assert [p for p in article.paragraphs if p in story] == story
    assert [r.url for r in article.related][-3:] == [
        f"https://news.example/news/{i}" for i in range(3)]


@pytest.mark.parametrize("char", ["\x10", "\x0b", "\x0c", "\x1f", "\x01", "\x00"])
@pytest.mark.parametrize("shape", ["breaks", "paragraphs", "font"])
def test_a_stray_control_character_costs_nothing_of_the_story(char: str, shape: str) -> None:
    """A control character pasted into the text (no XML character: lxml refuses to set
    it) is dropped, or read as a space where it spaces words; the story is read whole.
    It had failed the whole extraction where a rule moved that text into a paragraph."""
    stem, menu = _theme(THEMES[len(shape) % len(THEMES)])
    story = _words(5)
    marked = story[2][:40] + char + story[2][40:]
    lines = [*story[:2], marked, *story[3:]]
    if shape == "breaks":
        inner = "<br><br>".join(lines)
    elif shape == "paragraphs":
        inner = "".join(f"<p>{p}</p>" for p in lines)
    else:
        inner = "<font size='2'>" + "<br><br>".join(lines) + "</font>"
    body = (f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1>"
            f"<div class='{stem}-c'>{inner}</div></div>")
    paragraphs = extract(_page(body, menu), URL).text.split("\n\n")
    space = " " if char in "\x0b\x0c" else ""
    assert paragraphs == [*story[:2], " ".join((story[2][:40] + space + story[2][40:]).split()),
                          *story[3:]]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("line", [
    "<br><i>{}</i>", "<br><br><em>{}</em>", "<small>{}</small>",
    "<br><i>{} (<a href='https://photos.example/jd'>Jane Doe</a>/Flickr)</i>"])
def test_an_italic_line_under_a_picture_in_its_own_box_is_its_caption(theme: str,
                                                                        line: str) -> None:
    """Editors write a caption as a line in italics or small print under the picture, in
    a box of their own, named by nothing: the picture's caption, no line of the story."""
    stem, menu = _theme(theme)
    story = _words(6)
    captions = [f"The old pier number {i} seen from the ferry landing in 1911." for i in range(2)]
    pictures = [f"<div class='{stem}-img'><img src='/img/{i}.jpg' width='640'>"
                + line.format(c) + "</div>" for i, c in enumerate(captions)]
    parts = [story[0], story[1], pictures[0], story[2], story[3], pictures[1], story[4], story[5]]
    body = (f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1><div class='{stem}-c'>"
            + "".join(p if p.startswith("<") else f"<p>{p}</p>" for p in parts) + "</div></div>")
    article = extract(_page(body, menu), URL)
    assert article.text.split("\n\n") == story
    assert [i.caption.startswith(c) for i, c in zip(article.images, captions, strict=True)] == [
        True, True]


@pytest.mark.parametrize("theme", THEMES)
def test_italics_beside_a_picture_with_prose_of_their_own_are_the_story(theme: str) -> None:
    """A guard: a paragraph holding a small picture, a line in italics and a sentence
    after it is prose, not a caption."""
    stem, menu = _theme(theme)
    story = _words(5)
    note = ("<p><img src='/img/icon.png' width='16'><br><i>Update:</i> the council said on "
            "Wednesday that the ferry landing would reopen next week after the inspection.</p>")
    body = (f"<div class='{stem}-w'><h1>Harbour repairs take longer</h1><div class='{stem}-c'>"
            + "".join(f"<p>{p}</p>" for p in story) + note + "</div></div>")
    text = extract(_page(body, menu), URL).text
    assert "the ferry landing would reopen next week" in text
    assert all(p in text for p in story)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("steps", [3, 6])
@pytest.mark.parametrize("intro", ["content lead", "content"])
@pytest.mark.parametrize("label", ["{stem}-headline2", "c8ebc44 c96e89a"])
def test_a_how_tos_steps_each_under_its_heading_in_a_box(theme: str, steps: int, intro: str,
                                                         label: str) -> None:
    """A how-to whose steps each stand in a box of their own, nested a few levels deep,
    a heading over the step's one paragraph and its picture after it ("Step 1"), the
    intro in a first box alike (its inner box maybe named otherwise): every step is read,
    each heading before its paragraph, not the one step the body extractor chose (a
    chunk of one paragraph is the story's where the extractor kept one alone). The
    heading is a <span> whose class names it a headline, or names nothing (hashed, as
    CSS-in-JS builds write it): a short line alone first in each step's box, over its
    paragraph."""
    stem, menu = _theme(theme)
    label = label.format(stem=stem)
    story = _words(steps + 1)

    def box(inner: str, name: str = "content") -> str:
        return (f"<div class='{stem}-step'><div class='{stem}-stepContent'><div class='{name}'>"
                f"{inner}</div><figure class='{stem}-thumb'><img src='/i.jpg'></figure></div></div>")

    body = box(f"<p>{story[0]}</p>", intro) + "".join(
        box(f"<span class='{label}'>Step {n}</span><p>{story[n]}</p>")
        for n in range(1, steps + 1))
    article = extract(_page(f"<main><h1>How to mend a pier</h1>{body}</main>", menu), URL)
    expected = [story[0]]
    for n in range(1, steps + 1):
        expected += [f"Step {n}", story[n]]
    assert [line for line in article.text.split("\n") if line.strip()] == expected


@pytest.mark.parametrize("theme", THEMES)
def test_a_card_with_a_short_headline_in_a_row_of_teaser_cards_is_one(theme: str) -> None:
    """A row of cards after the story, each a linked headline over a summary and a
    byline, one headline too short to tell a teaser by ("Pier reopens"): it is a card
    of the row all the same, its shape the others'."""
    from crawler.extract._related import teaser_cards

    stem, _ = _theme(theme)
    heads = ["Ferry timetable changes for the summer season", "Council votes on the new budget",
             "Divers find an old anchor near berth four", "Pier reopens"]
    cards = "".join(f"<div class='{stem}-c{i}'><div><a href='/2024/05/s-{i}'>{h}</a></div>"
                    f"<p>{paragraph(i)}</p><span>By Ann Lee</span></div>"
                    for i, h in enumerate(heads))
    root = lxml_html.document_fromstring(
        f"<html><body><article class='{stem}-story'><h1>Harbour repairs take longer</h1>"
        + "".join(f"<p>{p}</p>" for p in _words(5, 10))
        + f"</article><div class='{stem}-more'>{cards}</div></body></html>")
    story = root.find(".//article")
    found = teaser_cards(root, story, frozenset({story}), "https://news.example/")
    assert sorted(card.get("class") for card in found) == [f"{stem}-c{i}" for i in range(4)]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("breaks", ["<br><br>", "<br/>\n<br/>"])
def test_a_story_parted_by_breaks_in_a_span_keeps_its_paragraphs_and_headings(
        theme: str, breaks: str) -> None:
    """A rich-text field written as a <span> around the whole story, its paragraphs
    parted by empty lines and its sub-headings between them ("<span>One.<br><br><h2>
    Part</h2><br><br>Two.</span>"), in boxes named nothing a rule knows: each part is a
    paragraph and each heading stays, as a browser shows them (the menu's list was
    taken for the story's holder, and the headings were lost)."""
    stem, menu = _theme(theme)
    words = _words(8)
    story = breaks.join([*words[:3], "<h2>Engineers find corrosion</h2>", *words[3:6],
                         "<h2>What the ferries do next</h2>", *words[6:]])
    body = (f"<div class='{stem}-a1'><div class='{stem}-b2'><h1>{{title}}</h1>"
            f"<div class='{stem}-c3'><span>{story}</span></div></div></div>")
    article = extract(_page(body, menu), URL)
    assert article.paragraphs == words
    assert article.headings == ["Engineers find corrosion", "What the ferries do next"]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("area", ["<main>", "<div role='main' class='{stem}-z'>",
                                  "<div class='main-{stem}'>"])
def test_blocks_after_the_story_in_the_pages_main_area_are_not_its_text(theme: str,
                                                                          area: str) -> None:
    """The story's holder, named nothing a rule knows, in the page's main area (<main>,
    role='main', a class starting "main"), the blocks the page sets after the story in
    the same area: a box of other posts under "More to explore" and a prompt to write
    in. Only their boxes' names had told them apart: the main area, named as such, was
    read whole."""
    stem, menu = _theme(theme)
    end = "</main>" if area == "<main>" else "</div>"
    posts = "".join(f"<div class='{stem}-m3'><a href='/blog/{i}'>Another post about the "
                    f"harbour number {i}</a></div>" for i in range(3))
    after = (f"<div class='{stem}-m1'><h2>More to explore</h2><div class='{stem}-m2'>{posts}"
             "<a href='/blog'>View all blog posts</a></div></div>"
             f"<div class='{stem}-f1'><h2>We want to hear from you</h2><p>Enjoyed reading "
             "this post or have questions or feedback? Share your thoughts by creating a new "
             "topic in the community forum of the harbour. <a href='/forum'>Share your "
             "feedback</a></p></div>")
    body = (area.format(stem=stem) + f"<div class='{stem}-a1'><h1>{{title}}</h1>"
            f"<div class='{stem}-b2'>" + "".join(f"<p>{p}</p>" for p in _words(6))
            + f"</div></div>{after}{end}")
    article = extract(_page(body, menu), URL)
    assert article.paragraphs == _words(6)
    assert article.headings == []


@pytest.mark.parametrize("theme", THEMES)
def test_a_storys_first_part_in_the_pages_main_area_far_from_its_rest_is_kept(
        theme: str) -> None:
    """The story's first paragraphs in a box of their own, far from the box of its rest
    (a section apart, beside the headline), both in the page's main area: the main area
    is read, not the rest's box alone."""
    stem, menu = _theme(theme)
    first = (f"<section class='{stem}-s1'><div class='{stem}-w'><div class='{stem}-x'>"
             + "".join(f"<p>{p}</p>" for p in _words(2)) + "</div></div></section>")
    rest = (f"<section class='{stem}-s2'><div class='{stem}-w'><div class='{stem}-y'>"
            + "".join(f"<p>{p}</p>" for p in _words(14, 2)) + "</div></div></section>")
    body = (f"<main><div class='{stem}-q'><h1>{{title}}</h1>{first}</div><div class='{stem}-r'>"
            f"<div class='{stem}-ad'>Advertisement</div>{rest}</div></main>")
    assert extract(_page(body, menu), URL).paragraphs == _words(16)
