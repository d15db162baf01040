"""Pages written with their own elements: web-component, Angular and Brightspot sites
name each box of the story ("<story-body>", "<app-article-detail>", "<bsp-rich-text>"),
and no rule knew those names for boxes. Each page is built here with the element names of
one family of sites, and with the story's boxes, paragraphs and inline parts in them."""

from __future__ import annotations

import random

import pytest
from lxml import html as lxml_html

from crawler.extract import extract
from crawler.extract._tree import custom_elements_as_html
from tests.extract.test_body_shapes import THEMES, URL, _page, _theme, _words

# (prefix, names of the page's boxes) of a family of sites that write their own elements.
FAMILIES = {
    "angular": ("app", ["root", "layout", "article-detail", "story-content", "body-text"]),
    "lit": ("news", ["shell", "page", "article", "story-body", "rich-text"]),
    "brightspot": ("bsp", ["page", "main", "article-page", "rich-text", "body"]),
    "stencil": ("ion", ["app", "content", "grid", "card-content", "text-block"]),
}


def _names(family: str, theme: str) -> list[str]:
    prefix, words = FAMILIES[family]
    rng = random.Random(f"{family}-{theme}")
    return [f"{prefix}-{w}" if rng.random() < 0.8 else f"{prefix}-{w}-{rng.randint(1, 9)}"
            for w in words]


def _boxed(inner: str, names: list[str], stem: str) -> str:
    for i, name in enumerate(reversed(names)):
        inner = f"<{name} class='{stem}-{i}'>{inner}</{name}>"
    return inner


ABOUT = ("The Daily Harbour is an independent newspaper covering the city, its port and "
         "the islands since 1911, owned by a foundation of its readers and staff.")


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("theme", THEMES)
def test_a_story_whose_boxes_are_the_sites_own_elements(family: str, theme: str) -> None:
    """The story's boxes, a lead's and the rest's, are the site's own elements; the
    site's footer (prose in <p>s, in <div>s) is not the story."""
    stem, menu = _theme(theme)
    names = _names(family, theme)
    story = _words(7)
    sidebar = "".join(f"<{names[0]}-teaser><a href='/other/{i}'>Another story number {i} "
                      f"of the day</a></{names[0]}-teaser>" for i in range(6))
    lead = f"<{names[-1]}-lead><p>{story[0]}</p></{names[-1]}-lead>"
    rest = _boxed("".join(f"<p>{p}</p>" for p in story[1:]), names[3:], stem)
    body = _boxed(f"<h1>Harbour repairs take longer</h1>{lead}{rest}", names[:3], stem)
    footer = (f"<div class='{stem}-foot'><div class='{stem}-about'><p>{ABOUT}</p>"
              f"<p>{ABOUT.replace('1911', '1912')}</p></div></div>")
    page = _page(f"{body}<{names[1]}-aside>{sidebar}</{names[1]}-aside>{footer}",
                 f"<{names[0]}-nav>{menu}</{names[0]}-nav>")
    article = extract(page, URL)
    assert article.paragraphs == story
    assert article.title == "Harbour repairs take longer"


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("theme", THEMES)
def test_paragraphs_written_as_the_sites_own_elements(family: str, theme: str) -> None:
    """Each paragraph an element of the site's own, standing alone among blocks: one
    paragraph each, as a browser lays them out."""
    stem, menu = _theme(theme)
    names = _names(family, theme)
    story = _words(7)
    paragraphs = "".join(f"<{names[-1]}-paragraph>{p}</{names[-1]}-paragraph>" for p in story)
    body = _boxed("<h1>Harbour repairs take longer</h1>" + paragraphs, names[:-1], stem)
    assert extract(_page(body, menu), URL).paragraphs == story


@pytest.mark.parametrize("family", FAMILIES)
@pytest.mark.parametrize("theme", THEMES)
def test_the_sites_own_elements_inside_a_line_stay_in_it(family: str, theme: str) -> None:
    """A guard: an element of the site's own inside a paragraph (a tooltip, a linked
    term, a time) or between words of a line is part of that line."""
    stem, menu = _theme(theme)
    names = _names(family, theme)
    story = _words(6)
    term = f"<{names[-1]}-tooltip data-term='pier'>pier</{names[-1]}-tooltip>"
    inline = [p.replace("pier", term, 1) for p in story]
    body = _boxed("<h1>Harbour repairs take longer</h1>"
                  + "".join(f"<p>{p}</p>" for p in inline), names, stem)
    assert extract(_page(body, menu), URL).paragraphs == story


@pytest.mark.parametrize("family", FAMILIES)
def test_elements_in_a_line_of_text_are_inline_and_boxes_are_blocks(family: str) -> None:
    names = _names(family, "wp-site")
    root = lxml_html.document_fromstring(
        f"<html><body><{names[0]}><{names[1]}>A line with <{names[2]}>a part</{names[2]}> "
        f"in it</{names[1]}><{names[3]}><p>Prose</p></{names[3]}><{names[4]}></{names[4]}>"
        f"<svg><font-face></font-face></svg></{names[0]}></body></html>")
    custom_elements_as_html(root)
    assert [el.tag for el in root.iter() if isinstance(el.tag, str)] == [
        "html", "body", "div", "div", "span", "div", "p", "span", "svg", "font-face"]


@pytest.mark.parametrize("theme", THEMES)
def test_an_amp_image_in_a_story_is_still_its_picture(theme: str) -> None:
    """A guard: AMP's image element is read as an image, not as a box."""
    stem, menu = _theme(theme)
    story = _words(6)
    picture = ("<figure><amp-img src='/img/pier.jpg' width='640' height='360' layout='responsive'>"
               "</amp-img><figcaption>The old pier seen from the ferry landing.</figcaption>"
               "</figure>")
    body = (f"<div class='{stem}-c'><h1>Harbour repairs take longer</h1>"
            + "".join(f"<p>{p}</p>" for p in story[:3]) + picture
            + "".join(f"<p>{p}</p>" for p in story[3:]) + "</div>")
    article = extract(_page(body, menu), URL)
    assert article.paragraphs == story
    assert [(i.src, i.caption) for i in article.images] == [
        ("https://news.example/img/pier.jpg", "The old pier seen from the ferry landing.")]


CARD, PORTRAIT, WIDE = "width='300'", "width='40' height='40'", "width='800' height='450'"


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("fallback", ["", "<noscript><img src='/img/{i}.jpg'></noscript>",
                                      "<div placeholder>Loading</div>"])
def test_an_amp_page_reads_as_the_same_page_with_img(theme: str, fallback: str) -> None:
    """AMP writes every picture as <amp-img> (a fallback inside it): the story's
    picture and caption, a byline's portrait and the teaser cards beside the story
    read as they do with <img>, and the cards' summaries are no part of the story."""
    stem, menu = _theme(theme)
    story = _words(6)

    def picture(i: int, size: str) -> str:
        return (f"<img src='/img/{i}.jpg' {size}>" if not fallback else
                f"<amp-img src='/img/{i}.jpg' {size} layout='responsive'>"
                f"{fallback.format(i=i)}</amp-img>")

    cards = "".join(
        f"<div class='{stem}-card'><a href='/2024/05/other-{i}'>{picture(i + 10, CARD)}</a>"
        f"<h3><a href='/2024/05/other-{i}'>Another story of the harbour number {i}</a></h3>"
        f"<p>The ferry company said on Monday that fares would rise again this summer, "
        f"story {i} says.</p></div>" for i in range(4))
    body = (f"<div class='{stem}-c'><h1>Harbour repairs take longer</h1>"
            f"<div class='{stem}-by'>{picture(0, PORTRAIT)} By Jane Doe</div>"
            + "".join(f"<p>{p}</p>" for p in story[:3])
            + f"<figure>{picture(1, WIDE)}<figcaption>The old pier seen "
              f"from the ferry landing.</figcaption></figure>"
            + "".join(f"<p>{p}</p>" for p in story[3:]) + f"</div><div class='{stem}-rail'>"
            + cards + "</div>")
    html = _page(body, menu)
    amp, plain = extract(html, URL), extract(html.replace("<amp-img", "<img"), URL)
    assert amp.paragraphs == story
    assert amp.authors == ["Jane Doe"]
    assert [(i.src, i.caption) for i in amp.images] == [(i.src, i.caption) for i in plain.images]
    assert ("https://news.example/img/1.jpg", "The old pier seen from the ferry landing.") in [
        (i.src, i.caption) for i in amp.images]
