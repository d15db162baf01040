"""What sites set between a story's paragraphs: boxes of other stories' links under a
heading of their own, and sign-up boxes with a form. Each shape is built in several
ways (wrappers, tags, class names, languages): the rules read the shape, not a name."""

from __future__ import annotations

import pytest

from crawler.extract import extract
from tests.extract.test_body_shapes import THEMES, _page, _theme, _words

URL = "https://news.example/2024/05/harbour"
HEADLINES = [
    "City council approves new budget after months of debate",
    "Storm leaves thousands without power across the region",
    "Local team clinches title in dramatic final minutes",
]


def _links(n: int, start: int = 0) -> list[str]:
    return [f"<a href='/2024/05/story-{start + i}'>{HEADLINES[(start + i) % 3]}</a>"
            for i in range(n)]


# (heading, box) pairs: the box holds the heading and three linked headlines, written
# as a list, as bare lines, as a nested wrapper, as an <aside> or a <section>.
def _list_box(stem: str, heading: str, start: int) -> str:
    items = "".join(f"<li>{a}</li>" for a in _links(3, start))
    return f"<div class='{stem}-x'><h4>{heading}</h4><ul>{items}</ul></div>"


def _aside_box(stem: str, heading: str, start: int) -> str:
    lines = "".join(f"<div class='{stem}-item'>{a}</div>" for a in _links(3, start))
    return f"<aside><h3>{heading}</h3>{lines}</aside>"


def _wrapped_box(stem: str, heading: str, start: int) -> str:
    lines = "".join(f"<p>{a}</p>" for a in _links(3, start))
    return (f"<section class='{stem}'><div class='{stem}-head'><h2>{heading}</h2></div>"
            f"<div class='{stem}-list'>{lines}</div></section>")


BOXES = [_list_box, _aside_box, _wrapped_box]
# Headings no list of words would know: the shape tells the box.
HEADINGS = ["Most read", "Editor's picks", "Lo más leído", "Aus dem Ressort", "Trending now"]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("box", BOXES)
def test_a_headed_box_of_links_between_paragraphs_is_no_part_of_the_story(theme, box) -> None:
    stem, menu = _theme(theme)
    story = _words(9)
    heading = HEADINGS[THEMES.index(theme)]
    parts = [*story[:3], box(stem, heading, 0), *story[3:6], box(stem, heading, 3), *story[6:]]
    html = _page("<article><h1>{title}</h1>" + "".join(
        p if p.startswith("<") else f"<p>{p}</p>" for p in parts) + "</article>", menu)
    article = extract(html, URL)
    assert article.text.split("\n\n") == story
    assert heading not in article.text
    assert {r.url for r in article.related} >= {
        f"https://news.example/2024/05/story-{i}" for i in range(6)}


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("box", BOXES)
def test_a_headed_box_of_links_in_another_chunk_of_the_story_goes_too(theme, box) -> None:
    """A story in two chunks of one tag and class, parted by an ad: the box stands in the
    shorter chunk, not the one the body is read from."""
    stem, menu = _theme(theme)
    story = _words(9)
    heading = HEADINGS[(THEMES.index(theme) + 2) % len(HEADINGS)]
    first = f"<p>{story[0]}</p>{box(stem, heading, 0)}<p>{story[1]}</p>"
    rest = "".join(f"<p>{p}</p>" for p in story[2:])
    html = _page(f"<article><h1>{{title}}</h1><div class='{stem}-body'>{first}</div>"
                 f"<div class='{stem}-ad'><span>Advertisement</span></div>"
                 f"<div class='{stem}-body'>{rest}</div></article>", menu)
    article = extract(html, URL)
    assert article.text.split("\n\n") == story
    assert heading not in article.text


@pytest.mark.parametrize("theme", THEMES)
def test_a_headed_box_with_prose_beside_its_links_stays(theme) -> None:
    """A fact box: a heading, a sentence and one link to its source is the story's."""
    stem, menu = _theme(theme)
    story = _words(6)
    fact = ("The pier was built in 1911 and last repaired in 1987, when a storm broke two "
            "of its spans; the full report is on the council's site.")
    box = (f"<div class='{stem}-facts'><h4>Key facts</h4><p>{fact} "
           f"<a href='/reports/pier'>Read the report</a></p></div>")
    html = _page("<article><h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in story[:3])
                 + box + "".join(f"<p>{p}</p>" for p in story[3:]) + "</article>", menu)
    text = extract(html, URL).text
    assert "Key facts" in text
    assert fact[:40] in text
    assert all(p in text for p in story)


# Prompts that say neither "newsletter" nor "subscribe": the form tells the box.
PROMPTS = [
    "Get the day's most important stories in your inbox every morning before breakfast.",
    "Recevez chaque matin l'essentiel de l'actualité de votre région dans votre boîte mail.",
    "Die wichtigsten Nachrichten des Tages jeden Morgen direkt in Ihr Postfach geliefert.",
]
FIELDS = ["<input type='email' name='address'>", "<input name='e'>",
          "<input type='text' placeholder='you@example.com'>"]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("prompt, field", list(zip(PROMPTS, FIELDS, strict=True)))
def test_a_form_box_in_the_first_of_a_storys_containers_is_no_part_of_it(
        theme, prompt, field) -> None:
    """A story set in two containers, the sign-up box in the first, shorter one, which
    stands between the headline and the container the body is read from."""
    stem, menu = _theme(theme)
    story = _words(10)
    form = (f"<div class='{stem}-box'><p>{prompt}</p><form action='/go'>{field}"
            f"<button>OK</button></form></div>")
    first = "".join(f"<p>{p}</p>" for p in story[:2]) + form + f"<p>{story[2]}</p>"
    rest = "".join(f"<p>{p}</p>" for p in story[3:])
    html = _page(f"<article><h1>{{title}}</h1><div class='{stem}-a'>{first}</div>"
                 f"<div class='{stem}-b'>{rest}</div></article>", menu)
    text = extract(html, URL).text
    assert prompt not in text
    assert all(p in text for p in story)


SHARES = [
    "https://www.facebook.com/sharer.php?u=https%3A%2F%2Fnews.example%2F2024%2F05%2Fharbour",
    "https://twitter.com/intent/tweet?text=Harbour&url=https://news.example/2024/05/harbour",
    "https://news.example/2024/05/harbour?share=reddit&nb=1",
]


@pytest.mark.parametrize("theme", THEMES)
def test_a_headed_box_of_share_buttons_gives_no_related_story(theme) -> None:
    stem, menu = _theme(theme)
    story = _words(6)
    buttons = "".join(f"<li><a href='{href}'>Click to share on {site} (opens in new window)"
                      "</a></li>" for href, site in zip(SHARES, ["Facebook", "X", "Reddit"],
                                                        strict=True))
    box = f"<div class='{stem}-share'><h3>Share this story</h3><ul>{buttons}</ul></div>"
    html = _page("<article><h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in story[:3])
                 + box + "".join(f"<p>{p}</p>" for p in story[3:]) + "</article>", menu)
    article = extract(html, URL)
    assert article.text.split("\n\n") == story
    assert not [r.url for r in article.related if "share" in r.url or "tweet" in r.url]


def test_a_story_about_shares_or_behind_a_click_tracker_is_still_a_related_story() -> None:
    """A guard: a slug that says "share", and a tracker's link passing a story's address
    on, are no share buttons."""
    stem, menu = _theme(THEMES[0])
    story = _words(6)
    hrefs = ["/2024/05/share-prices-tumble-after-harbour-report",
             ("https://clicks.example/rec/relatedclick?articlelink="
              "https%3A%2F%2Fnews.example%2F2024%2F05%2Fferry-fares"),
             "/2024/05/sharing-the-pier-with-fishing-boats"]
    items = "".join(f"<li><a href='{h}'>{t}</a></li>"
                    for h, t in zip(hrefs, HEADLINES, strict=True))
    box = f"<div class='{stem}-more'><h4>Most read</h4><ul>{items}</ul></div>"
    html = _page("<article><h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in story[:3])
                 + box + "".join(f"<p>{p}</p>" for p in story[3:]) + "</article>", menu)
    article = extract(html, URL)
    assert article.text.split("\n\n") == story
    assert {r.title for r in article.related} >= set(HEADLINES)


def _related_in_box(theme: str, hrefs: list[str], url: str) -> list[str]:
    """The related links read from a story under a "Related stories" box linking
    ``hrefs`` (the page read at ``url``)."""
    stem, menu = _theme(theme)
    items = "".join(f"<li><a href='{h}'>{t}</a></li>"
                    for h, t in zip(hrefs, HEADLINES, strict=True))
    html = _page("<article><h1>{title}</h1>" + "".join(f"<p>{p}</p>" for p in _words(6))
                 + f"</article><div class='{stem}-rel'><h3>Related stories</h3><ul>{items}"
                 "</ul></div>", menu)
    return [r.url for r in extract(html, url).related]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("own", [
    "/2024/05/harbour?utm_source=related&utm_medium=box",
    "https://news.example/2024/05/harbour/#comments",
    "//news.example/2024/05/harbour?fbclid=IwAR0x",
])
def test_a_related_link_to_the_page_itself_is_no_related_story(theme: str, own: str) -> None:
    """A box of related stories that lists the page itself (tracked, with a fragment, or
    scheme-relative): that link is no related story; the others are."""
    related = _related_in_box(theme, [own, "/2024/05/ferry-fares", "/2024/05/storm-damage"],
                              URL)
    assert related == ["https://news.example/2024/05/ferry-fares",
                       "https://news.example/2024/05/storm-damage"]


def test_a_related_link_that_differs_by_a_query_naming_another_page_stays() -> None:
    """Where the query names the page ("watch?v=…"), a link with another value is
    another page (and one with the page's own value and a tracker is the page)."""
    related = _related_in_box(
        THEMES[0], ["/watch?v=ferry0002", "/watch?v=storm0003", "/watch?v=harbour01&utm_source=x"],
        "https://video.example/watch?v=harbour01")
    assert related == ["https://video.example/watch?v=ferry0002",
                       "https://video.example/watch?v=storm0003"]


AD_WORDS = ["ad", "Advertisement", "Anzeige", "sponsored", "Reklama", "Publicidad"]
SENTENCE = ("The {w} campaign ran for three weeks on the ferries, the council said on "
            "Tuesday.")


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("word", AD_WORDS)
@pytest.mark.parametrize("wrapper", ["<em>{}</em>", "<span>{}</span>", "<b>{}</b>",
                                     "<a href='/tag/ads'>{}</a>"])
def test_an_ad_labels_word_inside_a_sentence_keeps_the_sentence(theme: str, word: str,
                                                                wrapper: str) -> None:
    """A word that is also an ad slot's label ("ad", "Anzeige"), set apart inside a
    sentence (in italics, a link, a span) is a word of it: the paragraph, short or
    long, stays whole. Before, the short one went as the label's slot."""
    stem, menu = _theme(theme)
    story = _words(6)
    short = SENTENCE.format(w=word)
    long = short + " " + story[0]
    lines = [*story[:2], short, *story[2:4], long, *story[4:]]
    paragraphs = [f"<p>{SENTENCE.format(w=wrapper.format(word))}</p>" if line == short
                  else f"<p>{SENTENCE.format(w=wrapper.format(word))} {story[0]}</p>"
                  if line == long else f"<p>{line}</p>" for line in lines]
    body = f"<div class='{stem}-c'><h1>Harbour repairs take longer</h1>{''.join(paragraphs)}</div>"
    assert extract(_page(body, menu), URL).paragraphs == lines


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("word", AD_WORDS)
def test_an_ad_label_over_a_slot_still_goes(theme: str, word: str) -> None:
    """A guard: the label set apart over an ad slot, with the slot's placeholder
    words beside it in a box of their own, is no line of the story."""
    stem, menu = _theme(theme)
    story = _words(6)
    slot = (f"<div class='{stem}-w'><span>{word}</span><div class='{stem}-s'>"
            f"<a href='https://ads.example/c'>Shop now</a></div></div>")
    body = (f"<div class='{stem}-c'><h1>Harbour repairs take longer</h1>"
            + "".join(f"<p>{p}</p>" for p in story[:3]) + slot
            + "".join(f"<p>{p}</p>" for p in story[3:]) + "</div>")
    assert extract(_page(body, menu), URL).paragraphs == story


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("line", [
    "Advertisement revenue fell by a fifth in the third quarter, the ferry company said.",
    "Advertisements for the new crossing will run on buses until the end of June.",
    "Copyright law changes will affect the harbour's shops, the council said.",
])
def test_a_sentence_opening_with_an_ad_labels_word_is_the_storys(theme: str, line: str
                                                                 ) -> None:
    """A line that opens with "Advertisement" is an ad's label with its slot's words
    ("Advertisement - Scroll to continue") only where it makes no sentence; one that
    opens with "Copyright" a rights line only with a year, the sign, or a name alone."""
    stem, menu = _theme(theme)
    story = _words(4)
    lines = [*story[:2], line, *story[2:]]
    body = (f"<div class='{stem}-c'><h1>Harbour repairs take longer</h1>"
            + "".join(f"<p>{p}</p>" for p in lines)
            + "<p>Advertisement - Scroll to continue</p><p>ADVERTISEMENT</p>"
            "<p>Copyright Harbour Media Ltd</p></div>")
    assert extract(_page(body, menu), URL).paragraphs == lines
