"""Pages set as sites wrote them before CSS: a layout table, <font> for every style,
the headline in bold with no <h1>, the byline and the date as lines between <br>s, and
paragraphs parted by <br><br>."""

from __future__ import annotations

import random

import pytest

from crawler.extract import extract
from tests.extract.test_body_shapes import paragraph

URL = "http://coast.example/news/2004/03/05/harbour.html"
HEADLINE = "Harbour repairs take longer than planned"
STORY = [paragraph(i) for i in range(6)]  # (the harbour story of the body tests)
BYLINES = {"en": ("By {}, Staff Writer", "March 5, 2004"),
           "de": ("Von {}", "5. März 2004"),
           "fr": ("Par {}", "5 mars 2004")}


def _page(seed: int, *, title_form: str = "{site} - {headline}", lang: str = "en",
          site: str = "Coast News") -> str:
    """A page of the old kind, its tables, fonts and breaks drawn from ``seed``."""
    rng = random.Random(seed)
    face = rng.choice(["Arial", "Verdana, Geneva", "Times New Roman"])
    bold = rng.choice(["<b>{}</b>", "<strong>{}</strong>", "<font size='+1'><b>{}</b></font>"])
    menu = "".join(f"<tr><td><a href='/s{i}.html'><font size='2'>Section {i}</font></a></td></tr>"
                   for i in range(rng.randint(8, 16)))
    by, date = BYLINES[lang]
    header = (f"<font face='{face}' size='4'>{bold.format(HEADLINE)}</font><br>"
              f"<font size='2'>{by.format('Jane Doe')}<br>{date}</font><br><br>")
    joiner = rng.choice(["<br><br>", "<br>\n<br>", "<br> <br><br>"])
    if rng.random() < 0.5:  # one <font> around the story, or one per paragraph
        story = f"<font face='{face}' size='2'>{joiner.join(STORY)}</font>"
    else:
        story = joiner.join(f"<font face='{face}' size='2'>{p}</font>" for p in STORY)
    cell = f"{header}{story}"
    if rng.random() < 0.5:
        cell = f"<table width='100%'><tr><td>{cell}</td></tr></table>"
    title = title_form.format(site=site, headline=HEADLINE)
    return (f"<html><head><title>{title}</title></head><body bgcolor='#ffffff'>"
            f"<table width='760'><tr><td colspan='2'><img src='/logo.gif' alt='{site}'></td></tr>"
            f"<tr><td width='150' valign='top'><table>{menu}</table></td><td valign='top'>{cell}"
            f"</td></tr><tr><td colspan='2'><font size='1'>Copyright 2004 {site}.</font></td></tr>"
            f"</table></body></html>")


@pytest.mark.parametrize("seed", range(8))
def test_paragraphs_parted_by_breaks_inside_fonts_are_paragraphs(seed: int) -> None:
    assert extract(_page(seed), URL).paragraphs == STORY


@pytest.mark.parametrize("form", ["{site} - {headline}", "{site} | {headline}",
                                  "{site} :: {headline}", "{headline} - {site}",
                                  "{site} - News - {headline}"])
@pytest.mark.parametrize("seed", range(3))
def test_without_an_h1_the_title_is_the_part_of_the_declared_one_the_page_shows(
        seed: int, form: str) -> None:
    assert extract(_page(seed, title_form=form), URL).title == HEADLINE


def test_a_declared_title_whose_parts_are_not_shown_keeps_them() -> None:
    """No part of it shown apart: the title as declared, the site's name cut only where
    it is known to be one."""
    page = _page(0, title_form="Harbour works: {headline}").replace(
        f">{HEADLINE}<", ">Harbour<")
    assert extract(page, URL).title == f"Harbour works: {HEADLINE}"


@pytest.mark.parametrize("lang", BYLINES)
@pytest.mark.parametrize("seed", range(3))
def test_a_byline_on_a_line_of_its_own_under_the_headline_names_the_author(
        seed: int, lang: str) -> None:
    article = extract(_page(seed, lang=lang), URL)
    assert article.authors == ["Jane Doe"]
    assert "Jane Doe" not in article.text


@pytest.mark.parametrize("seed", range(8))
def test_the_sites_other_cells_are_no_part_of_the_story(seed: int) -> None:
    """The layout table's cell that holds the story is read alone: the site's tagline in
    the header's cell and the short text under the menu's links are no paragraphs."""
    tagline = "<font size='1'>Your local paper on the coast since 1901, every morning</font>"
    weather = "<font size='1'>Weather on the coast today: sunny and mild, 18 degrees</font>"
    page = (_page(seed).replace("alt='Coast News'>", f"alt='Coast News'>{tagline}")
            .replace("</table></td><td valign='top'>", f"</table>{weather}</td><td valign='top'>"))
    assert tagline[15:40] in page and weather[15:40] in page
    assert extract(page, URL).paragraphs == STORY


def test_a_story_that_runs_on_in_the_next_row_of_its_table_is_read_whole() -> None:
    cell = f"<b>{HEADLINE}</b><br><br>" + "<br><br>".join(STORY[:5])
    page = (f"<html><head><title>Coast News - {HEADLINE}</title></head><body><table>"
            f"<tr><td><a href='/a.html'>Home</a> <a href='/b.html'>Sport</a></td></tr>"
            f"<tr><td>{cell}</td></tr><tr><td>{STORY[5]}</td></tr></table></body></html>")
    assert extract(page, URL).paragraphs == STORY


@pytest.mark.parametrize("tag", ["p", "div"])
def test_words_a_script_shows_a_note_on_are_the_storys(tag: str) -> None:
    """Annotated texts set notes on words with script anchors ("<a href='javascript:
    void(0)' onclick='overlib(…)'>"): the words lead nowhere and are the story's, a line
    made of them too, not a link the body extractor drops."""
    def note(words: str) -> str:
        return (f"<a href='javascript:void(0);' onclick=\"return overlib('A note.')\" "
                f"class='popup'>{words}</a>")
    lines = [STORY[0], f"\"Oh, certainly, sir, {note('if you prefer that I should')}.\"",
             *STORY[1:5], f"{note('Ah Bartleby! Ah humanity')}!"]
    cell = f"<b>{HEADLINE}</b>" + "".join(f"<{tag}>{line}</{tag}>" for line in lines)
    page = (f"<html><head><title>Coast News - {HEADLINE}</title></head><body><table><tr>"
            f"<td><a href='/a.html'>Home</a><br><a href='/b.html'>Texts</a></td><td>{cell}</td>"
            f"</tr></table><p><a href='/plain.html'>Text without notes</a></p></body></html>")
    assert extract(page, URL).paragraphs == [
        STORY[0], "\"Oh, certainly, sir, if you prefer that I should.\"", *STORY[1:5],
        "Ah Bartleby! Ah humanity!"]
