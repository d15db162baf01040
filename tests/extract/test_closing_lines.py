"""What a story's holder prints after its last paragraph: a rights notice however long
(a wire service's, in the site's language), after a tip line or a follow prompt. Each
page is built here; class names are drawn per theme."""

from __future__ import annotations

import pytest

from crawler.extract import extract
from tests.extract.test_comments import paragraph
from tests.extract.test_headline_places import cls

URL = "https://news.example/2024/05/harbour"
THEMES = ["wp-site", "hashed", "bare"]
NOTICES = [
    ("Copyright 2024 The Associated Press. All rights reserved. This material may not be "
     "published, broadcast, rewritten or redistributed without permission."),
    "© 2024 Harbour Media GmbH. Alle Rechte vorbehalten.",
    ("Copyright © 2024 Le Courrier du Port. Tous droits réservés. Reproduction interdite "
     "sans autorisation écrite de la rédaction."),
    "(c) 2024 Diario del Puerto. Todos los derechos reservados.",
    ("© Harbour News Ltd 2024. All rights reserved. This article may not be reproduced in "
     "any form without the written permission of the publisher, except for brief quotes."),
]
PROMPTS = ["", "<p>Have a news tip? Email the newsroom at tips@news.example.</p>",
           "<p>Follow us on Facebook and Instagram for the day's harbour news.</p>"]


def page(theme: str, after: str) -> str:
    menu = "".join(f"<li><a href='/s/{i}'>Section {i}</a></li>" for i in range(12))
    return (f"<html lang='en'><head><title>Pier repairs run late</title></head><body>"
            f"<ul>{menu}</ul><div{cls(theme, 'story')}><h1>Pier repairs run late</h1>"
            + "".join(f"<p>{paragraph(i)}</p>" for i in range(5)) + after
            + "</div></body></html>")


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("notice", NOTICES)
@pytest.mark.parametrize("prompt", PROMPTS)
def test_a_rights_notice_after_the_story_is_no_line_of_it(theme: str, notice: str,
                                                          prompt: str) -> None:
    """A notice past the 100 characters a short "© Site" line holds, last (so the tip
    line or follow prompt before it is the story's last line no more either)."""
    article = extract(page(theme, f"{prompt}<p{cls(theme, 'notice')}>{notice}</p>"), URL)
    assert article.paragraphs == [paragraph(i) for i in range(5)]


@pytest.mark.parametrize("theme", THEMES)
def test_a_paragraph_about_copyright_stays(theme: str) -> None:
    """The story's own words on copyright: a paragraph that does not open with the
    copyright's word or sign, and one that does but is prose of its length."""
    about = [("The publisher said all rights reserved by the old harbour company had passed "
              "to the city, and that the photographs may not be reproduced without its leave."),
             ("Copyright in the harbour photographs, the city's lawyers argued in a long letter "
              "to the court on Monday, had passed to the council when the company was wound up, "
              "so that all rights reserved by its founders in 1902 now belong to the public, and "
              "the archive can open its collection to schools, museums and the families of the "
              "dockers who appear in the pictures.")]
    article = extract(page(theme, "".join(f"<p>{p}</p>" for p in about)), URL)
    assert article.paragraphs == [paragraph(i) for i in range(5)] + about
