"""Bodies in pieces and what stands around them: paragraphs each in a box of their own,
a body split in chunks by a box of links, a list or a quote in a chunk, an author's bio
after the body, an embedded post's credit, the last edit's time, a "related" box named
in other languages. Each page is built here, its class names drawn per theme."""

from __future__ import annotations

import random

import pytest

from crawler.extract import extract

URL = "https://news.example/2024/05/harbour"
THEMES = ["wp-site", "drupal-x", "ghost", "q7zr"]
AUTHOR = "Jane Holloway"


def paragraph(i: int) -> str:
    return (f"The harbour authority said repairs to pier {i} would take a month longer and "
            f"cost more than planned, according to report number {i} published on Tuesday by "
            "the city council after divers inspected the old foundations.")


def _words(n: int, first: int = 0) -> list[str]:
    return [paragraph(i) for i in range(first, first + n)]


def _cls(theme: str, part: str) -> str:
    rng = random.Random(f"{theme}-{part}")
    return f"{theme}-{''.join(rng.choice('abcdefgh') for _ in range(4))}"


def _page(body: str, *, head: str = "") -> str:
    menu = "".join(f"<li><a href='/s/{i}'>Section {i}</a></li>" for i in range(20))
    return (f"<html lang='en'><head><title>Harbour repairs take longer</title>{head}</head>"
            f"<body><nav><ul>{menu}</ul></nav><article><h1>Harbour repairs take longer</h1>"
            f"<div class='byline'>By {AUTHOR}</div>{body}</article></body></html>")


def _ps(texts: list[str]) -> str:
    return "".join(f"<p>{t}</p>" for t in texts)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("inside", [False, True])
def test_an_authors_bio_after_the_body_is_not_the_body(theme: str, inside: bool) -> None:
    """A paragraph about the author, in a box of its own after the body, whatever the box
    is named: it opens with the author's name. After the body's container, or inside it
    after the story's last paragraph."""
    bio = (f"{AUTHOR} covers the harbour and the city council for the paper. She joined the "
           "newsroom in 2015 after ten years at a regional weekly.")
    box = f"<div class='{_cls(theme, 'bio')}'><img src='/p.jpg' alt=''><p>{bio}</p></div>"
    story = f"<div class='{_cls(theme, 'b')}'>{_ps(_words(5))}"
    body = f"{story}{box}</div>" if inside else f"{story}</div>{box}"
    article = extract(_page(body), URL)
    assert article.paragraphs == _words(5)
    assert article.authors == [AUTHOR]


@pytest.mark.parametrize("theme", THEMES)
def test_the_last_of_paragraphs_each_boxed_alike_stays_though_it_names_the_author(
        theme: str) -> None:
    """Paragraphs each in a box of their own (CSS-in-JS themes): the last box, alike the
    others, is the story's, however it opens."""
    last = (f"{AUTHOR} asked the council twice for the report, which it published only "
            "after the inspection was over and the divers had left.")
    story = [*_words(4), last]
    cls = _cls(theme, "p")
    body = "<div class='b'>" + "".join(f"<div class='{cls}'><p>{t}</p></div>" for t in story)
    article = extract(_page(body + "</div>"), URL)
    assert article.paragraphs == story


def test_a_boxed_paragraph_naming_the_author_with_the_story_after_it_stays() -> None:
    boxed = (f"{AUTHOR} asked the council twice for the report, which it published only "
             "after the inspection was over and the divers had left.")
    body = (f"<div class='b'>{_ps(_words(3))}<div class='q'><p>{boxed}</p></div>"
            f"{_ps(_words(2, 3))}</div>")
    article = extract(_page(body), URL)
    assert article.paragraphs == [*_words(3), boxed, *_words(2, 3)]


def test_a_paragraph_naming_the_author_inside_the_body_stays() -> None:
    """Among the story's own paragraphs, not in a box of its own, it is the story's."""
    last = (f"{AUTHOR} asked the council twice for the report, which it published only "
            "after the inspection was over and the divers had left.")
    story = [*_words(3), last]
    article = extract(_page(f"<div class='b'>{_ps(story)}</div>"), URL)
    assert article.paragraphs == story


@pytest.mark.parametrize("theme", THEMES)
def test_an_embedded_posts_credit_is_a_line_of_its_own(theme: str) -> None:
    """A quoted post whose widget class is unknown: its text and then, on a line of its
    own, who posted it; not "…pier.— Sam Reed"."""
    post = "The new ferry timetable is a disaster for everyone who commutes across the bay."
    credit = "— Sam Reed (@samreed) May 1, 2024"
    story = _words(4)
    quote = (f"<blockquote class='{_cls(theme, 'q')}'><p>{post}</p>— Sam Reed (@samreed) "
             f"<a href='https://social.example/samreed/status/1'>May 1, 2024</a></blockquote>")
    body = f"<div class='b'>{_ps(story[:2])}{quote}{_ps(story[2:])}</div>"
    article = extract(_page(body), URL)
    assert f"{post}\n{credit}" in article.paragraphs
    assert f"{post}{credit}" not in article.text


def test_a_quote_of_several_paragraphs_keeps_them_apart() -> None:
    quoted = ["The harbour is the city's oldest asset and deserves the care we give it.",
              "Every delay costs the ferry operators and their passengers dearly."]
    story = _words(4)
    body = (f"<div class='b'>{_ps(story[:2])}<blockquote>{_ps(quoted)}</blockquote>"
            f"{_ps(story[2:])}</div>")
    assert extract(_page(body), URL).paragraphs == [*story[:2], *quoted, *story[2:]]


@pytest.mark.parametrize(("label", "lang"), [
    ("Meer over dit onderwerp", "nl"), ("Powiązane artykuły", "pl"),
    ("Notícias relacionadas", "pt"), ("Материалы по теме", "ru"),
    ("Artículos relacionados", "es"), ("Relaterade artiklar", "sv")])
def test_a_related_box_named_in_other_languages_leaves_the_body(label: str, lang: str) -> None:
    story = _words(6)
    links = "".join(f"<li><a href='/news/{i}'>Another story about the harbour, part {i}</a></li>"
                    for i in range(3))
    body = (f"<div class='c'>{_ps(story[:3])}</div><div class='x'><h4>{label}</h4><ul>{links}"
            f"</ul></div><div class='c'>{_ps(story[3:])}</div>")
    article = extract(_page(body).replace("lang='en'", f"lang='{lang}'"), URL)
    assert label not in article.text
    assert article.paragraphs == story


@pytest.mark.parametrize("line", [
    "Updated 5 May 2024, 09:48",
    "Last updated 5 May 2024, 09:48",
    "Published 3 May 2024, 18:31 Updated 5 May 2024, 09:48",
    "Published 3 May 2024, 18:31 | Updated 5 May 2024, 09:48"])
def test_the_last_edits_time_is_no_line_of_the_body(line: str) -> None:
    story = _words(5)
    body = f"<div class='b'><p class='upd'>{line}</p>{_ps(story)}</div>"
    article = extract(_page(body), URL)
    assert article.paragraphs == story


def test_a_sentence_about_an_update_stays() -> None:
    story = _words(3) + ["The council updated the harbour plan on 5 May 2024 after the vote."]
    assert extract(_page(f"<div class='b'>{_ps(story)}</div>"), URL).paragraphs == story


@pytest.mark.parametrize("theme", THEMES)
def test_a_pointer_in_a_chunk_with_other_links_keeps_the_chunk(theme: str) -> None:
    """A "Read also:" pointer to one story inside a chunk of the body that holds another
    link is no heading of a related block: the chunk stays (a guard: the rule that
    skips such pointers must not lose the chunk)."""
    chunk = _cls(theme, "chunk")
    story = _words(6)
    first = (f"{_ps(story[:2])}<p><strong>Read also:</strong> <a href='/news/9'>Pier 9 closes "
             f"for the winter</a></p><p>{story[2]} <a href='/report.pdf'>The report</a>.</p>")
    links = "".join(f"<li><a href='/news/{i}'>Another story about the harbour, part {i}</a></li>"
                    for i in range(3))
    body = (f"<div class='{chunk}'>{first}</div><div class='x'><h4>Related stories</h4><ul>"
            f"{links}</ul></div><div class='{chunk}'>{_ps(story[3:])}</div>")
    text = extract(_page(body), URL).text
    assert all(t in text for t in story[:2] + story[3:])


@pytest.mark.parametrize("theme", THEMES)
def test_a_list_in_the_first_chunk_of_a_split_body_is_kept(theme: str) -> None:
    chunk = _cls(theme, "chunk")
    story = _words(7)
    items = [f"Ferry line {i} will stop at the south berth until the summer." for i in range(3)]
    links = "".join(f"<li><a href='/news/{i}'>Another story about the harbour, part {i}</a></li>"
                    for i in range(3))
    body = (f"<div class='{chunk}'>{_ps(story[:3])}<ul>"
            + "".join(f"<li>{i}</li>" for i in items)
            + f"</ul></div><div class='x'><h4>Related stories</h4><ul>{links}</ul></div>"
            f"<div class='{chunk}'>{_ps(story[3:])}</div>")
    article = extract(_page(body), URL)
    assert article.paragraphs == [*story[:3], *items, *story[3:]]


@pytest.mark.parametrize("theme", THEMES)
def test_boxed_paragraphs_split_by_a_box_are_one_body(theme: str) -> None:
    """Paragraphs each in a box, in two chunks around a box of links, a quote among the
    boxes of the second: all of them are the body."""
    box, chunk = _cls(theme, "box"), _cls(theme, "chunk")
    story = _words(8)
    quote = "The harbour is the city's oldest asset and deserves the care we give it."

    def boxes(texts: list[str]) -> str:
        return "".join(f"<div class='{box}'><p>{t}</p></div>" for t in texts)

    links = "".join(f"<li><a href='/news/{i}'>Another story about the harbour, part {i}</a></li>"
                    for i in range(3))
    body = (f"<div class='{chunk}'>{boxes(story[:2])}</div><div class='x'><h4>Related "
            f"stories</h4><ul>{links}</ul></div><div class='{chunk}'>{boxes(story[2:5])}"
            f"<blockquote><p>{quote}</p></blockquote>{boxes(story[5:])}</div>")
    article = extract(_page(body), URL)
    assert all(t in article.paragraphs for t in [*story, quote])


@pytest.mark.parametrize("box", ["main-text", "mainText", "main_para", "maintext"])
@pytest.mark.parametrize("logo", [False, True])
def test_boxed_paragraphs_named_like_the_main_area_are_all_the_body(box: str, logo: bool
                                                                     ) -> None:
    """Each paragraph in a box whose class names the page's main area, in a page with no
    <article>: not the first box alone (trafilatura's last guess takes it for the main
    area) but all of them, with what stands between and after them, whether the
    headline is the page's <h1> or the site's logo is. (Paragraphs long enough for
    trafilatura to take one for a body.)"""
    story = [f"{a} {b}" for a, b in zip(_words(6), _words(6, first=50))]
    quotes = ["The harbour is the city's oldest asset and deserves the care we give it.",
              "We will not let the pier fall into the water, whatever the report says."]

    def boxes(texts: list[str]) -> str:
        return "".join(f"<div class='{box}'><p>{t}</p></div>" for t in texts)

    # A picture between two boxes, a quote between boxes and one after the last.
    column = (f"{boxes(story[:1])}<figure><img src='/pier.jpg'></figure>{boxes(story[1:2])}"
              f"<blockquote><p>{quotes[0]}</p></blockquote>{boxes(story[2:])}"
              f"<blockquote><p>{quotes[1]}</p></blockquote>")
    headline = "<h2>Harbour repairs take longer</h2>" if logo else "<h1>Harbour repairs take longer</h1>"
    page = ("<html lang='en'><head><title>Harbour repairs take longer</title></head><body>"
            + ("<header><h1><a href='/'>Daily Courier</a></h1></header>" if logo else "")
            + f"<div class='c-wrap'>{headline}<div class='c-by'>By {AUTHOR}</div>"
            f"<div class='c-col'>{column}</div></div>"
            "<footer><p>© 2024 Daily Courier</p></footer></body></html>")
    assert extract(page, URL).paragraphs == [*story[:2], quotes[0], *story[2:], quotes[1]]


@pytest.mark.parametrize("hiding", ["style='display:none'", "style='display: none; height: 0'",
                                    "aria-hidden='true'", "hidden", "class='{rest} is-hidden'",
                                    "class='{rest} hideOnInit'", "class='jsHidden {rest}'",
                                    "class='{rest} isCollapsed'"])
@pytest.mark.parametrize("theme", THEMES)
def test_the_rest_of_a_story_behind_a_continue_button_is_the_story(hiding: str, theme: str
                                                                   ) -> None:
    """A story's first paragraphs shown, the rest hidden until a reader presses "Continue
    reading": all of it is the body, in order, whatever hides it (a class token in
    camelCase, "hideOnInit", as well as "is-hidden")."""
    story = _words(9)
    rest = _cls(theme, "rest")
    attrs = hiding.format(rest=rest) if "class" in hiding else f"class='{rest}' {hiding}"
    body = (f"<div class='{_cls(theme, 'body')}'>{_ps(story[:3])}<button>Continue reading"
            f"</button><div {attrs}>{_ps(story[3:])}</div></div>")
    assert extract(_page(body), URL).paragraphs == story


SHORT_STORY = [
    "The harbour ferry will not run on Monday, the operator said on Sunday evening.",
    "Repairs to the old pier took longer than the council had planned in spring.",
    "Engineers found rust under the deck of the landing stage, a spokesman for the operator said.",
    "The ferry will run again on Thursday if the weather holds, the spokesman added.",
    "Passengers can take the number 12 bus to the city centre in the meantime, he said.",
]


@pytest.mark.parametrize("hiding", ["style='display:none'", "hidden", "class='{rest} is-hidden'"])
@pytest.mark.parametrize("theme", THEMES)
def test_a_brief_storys_hidden_rest_is_the_story(hiding: str, theme: str) -> None:
    """A brief story whose rest, hidden behind "Continue reading", holds fewer letters
    than a dialog's threshold (under 400) but more than the paragraphs shown above it:
    the story's length is that of the two together, and all of it is the body."""
    rest = _cls(theme, "rest")
    attrs = hiding.format(rest=rest) if "class" in hiding else f"class='{rest}' {hiding}"
    body = (f"<div class='{_cls(theme, 'body')}'>{_ps(SHORT_STORY[:2])}<button>Continue "
            f"reading</button><div {attrs}>{_ps(SHORT_STORY[2:])}</div></div>")
    assert extract(_page(body), URL).paragraphs == SHORT_STORY


CONTROLS = ["<a href='#' class='{c}'>Read full article</a>",
            "<a href='javascript:void(0)'>Continue reading</a>",
            "<a role='button' href='/x/#more' class='{c}'>Show more</a>",
            "<a class='{c}'>Weiterlesen</a>"]


@pytest.mark.parametrize("shown", [2, 4])
@pytest.mark.parametrize("control", CONTROLS)
@pytest.mark.parametrize("theme", THEMES)
def test_a_storys_first_part_over_its_rest_in_a_box_with_a_control_between(
        theme: str, control: str, shown: int) -> None:
    """A story's first paragraphs, then a control that opens the rest (a link that
    leads nowhere or says it is a button), then the rest in a box of its own, shown,
    holding most of the story: all of it is the body, the control's words none of it."""
    story = _words(12)
    box = _cls(theme, "rest")
    body = (f"<div class='{_cls(theme, 'story')}'>{_ps(story[:shown])}"
            f"{control.format(c=_cls(theme, 'more'))}<div class='{box}'>{_ps(story[shown:])}"
            f"</div></div><div class='{_cls(theme, 'tags')}'>Topics: <a href='/t/harbour'>"
            f"harbour</a>, <a href='/t/city'>city</a></div>")
    assert extract(_page(body), URL).paragraphs == story


@pytest.mark.parametrize("hiding", ["", " hideOnInit", " is-collapsed"])
@pytest.mark.parametrize("shown", [1, 2])
@pytest.mark.parametrize("theme", THEMES)
def test_a_storys_first_part_is_kept_where_a_box_elsewhere_has_a_holders_name(
        theme: str, shown: int, hiding: str) -> None:
    """The story's first paragraphs over its rest in a box of its own, below the topics
    and a picture, and elsewhere on the page a slideshow's slides named as a body
    extractor names a story's holder ("content"): the story's box, first part and rest,
    is read, not the rest alone."""
    story = _words(14)
    slides = "".join(f"<li><div class='content'><h3>Slide {n}</h3><p>A picture of the pier "
                     f"from the {side} side, taken on Monday morning.</p></div></li>"
                     for n, side in enumerate(["north", "south", "east"]))
    above = (f"<div class='{_cls(theme, 'topics')}'>Topics: <a href='/t/harbour'>harbour</a>, "
             f"<a href='/t/city'>city</a></div><figure><img src='/pier.jpg'><figcaption>The "
             f"pier</figcaption></figure>" + "".join(
                 f"<div class='{_cls(theme, 'share')}'><a href='/share/{n}'>Share {n}</a></div>"
                 for n in range(10)))
    body = (f"{above}<div class='{_cls(theme, 'story')}{hiding}'>{_ps(story[:shown])}<div class='"
            f"{_cls(theme, 'rest')}'>{_ps(story[shown:])}</div></div>"
            f"<div class='{_cls(theme, 'show')}'><ul class='slides'>{slides}</ul></div>")
    assert extract(_page(body), URL).paragraphs[:len(story)] == story


@pytest.mark.parametrize("between", [
    "", "<div class='{c}'><img src='/pier.jpg'><span>The pier.</span></div>",
    "<div class='{c}'></div>"])
@pytest.mark.parametrize("shown", [1, 2])
@pytest.mark.parametrize("theme", THEMES)
def test_a_storys_first_part_beside_its_rest_far_below_the_headline(
        theme: str, shown: int, between: str) -> None:
    """The headline deep in a header of its own, far from the story; the story's first
    paragraphs (a picture or an ad slot between them) beside its rest in a box of its
    own, in a box no body extractor knows by name: the first part is the story's too."""
    story = _words(12)
    first = [f"<p>{t}</p>" for t in story[:shown]]
    first.insert(1, between.format(c=_cls(theme, "asset")))
    header = "<div class='hd-a'><div class='hd-b'><div class='hd-c'><div class='hd-d'>"
    page = (f"<html lang='en'><head><title>Harbour repairs take longer</title></head><body>"
            f"<div class='{_cls(theme, 'page')}'>{header}<h1>Harbour repairs take longer</h1>"
            f"<div class='byline'>By {AUTHOR}</div></div></div></div></div>"
            f"<div class='{_cls(theme, 'cols')}'><div class='{_cls(theme, 'col')}'>"
            f"<div class='{_cls(theme, 'box')}'>{''.join(first)}<div class='"
            f"{_cls(theme, 'rest')}'>{_ps(story[shown:])}</div></div></div>"
            f"<div class='{_cls(theme, 'rail')}'><a href='/s/1'>Other story one</a>"
            f"<a href='/s/2'>Other story two</a></div></div></div></body></html>")
    assert extract(page, URL).paragraphs == story


def test_a_link_in_a_sentence_that_leads_nowhere_stays() -> None:
    """A link without a target inside a sentence (a glossary's pop-up, a footnote) is
    the story's text."""
    story = _words(6)
    words = story[3].split(" ")
    linked = f"{' '.join(words[:2])} <a href='#'>{' '.join(words[2:4])}</a> {' '.join(words[4:])}"
    body = f"<div class='wp-body'>{_ps(story[:3])}<p>{linked}</p>{_ps(story[4:])}</div>"
    assert extract(_page(body), URL).paragraphs == story


PROMOS = [
    ("<div class='{c}'><p>Subscribe to keep reading this story and get unlimited access to "
     "all of our journalism.</p><a href='/offers'>Subscribe now</a></div>"),
    ("<aside class='{c}'><span>Jetzt weiterlesen mit unserem Digital-Abo</span> "
     "<a href='/abo/angebote'>Zum Angebot</a></aside>"),
    ("<div class='{c}'><p>Listen to this article</p><audio src='/a/story.mp3'></audio>"
     "<span>5 min</span></div>"),
]


@pytest.mark.parametrize("promo", PROMOS)
@pytest.mark.parametrize("theme", THEMES)
def test_a_promotion_among_the_paragraphs_is_not_the_body(promo: str, theme: str) -> None:
    """A box among the story's paragraphs that calls to subscribe (its link or button
    says so) or holds a player's controls is not the story's."""
    story = _words(6)
    body = (f"<div class='{_cls(theme, 'body')}'>{_ps(story[:3])}"
            f"{promo.format(c=_cls(theme, 'promo'))}{_ps(story[3:])}</div>")
    assert extract(_page(body), URL).paragraphs == story


def test_a_paragraph_about_subscribers_with_a_link_stays() -> None:
    """Words about subscriptions in the story, a link among them, are the story's."""
    story = _words(5)
    line = ("The city's ferry pass lost 2,000 subscribers after the closure, "
            "<a href='/news/ferry-pass'>the operator said</a> on Monday.")
    body = (f"<div class='wp-body'>{_ps(story[:2])}<div class='wp-box'><p>{line}</p></div>"
            f"{_ps(story[2:])}</div>")
    text = extract(_page(body), URL).text
    assert "lost 2,000 subscribers" in text and all(p in text for p in story)


@pytest.mark.parametrize("theme", THEMES)
def test_readers_comments_are_never_a_chunk_of_the_body(theme: str) -> None:
    """Comments boxed like the body's paragraphs (one class, a paragraph each) stay out."""
    box = _cls(theme, "box")
    story = _words(5)
    comments = "".join(f"<div class='{box}'><p>{t}</p></div>" for t in _words(3, first=30))
    body = ("<div class='s'>" + "".join(f"<div class='{box}'><p>{t}</p></div>" for t in story)
            + f"</div><div id='comments'><h3>Comments</h3>{comments}</div>")
    assert extract(_page(body), URL).paragraphs == story


def test_a_forum_threads_count_is_no_view_count() -> None:
    side = ("<aside><h3>Active forum topics</h3><ul><li><div class='thread-bubble'><p>234</p>"
            "</div><a href='/forum/1'>A thread about phones</a></li></ul></aside>")
    page = _page(f"<div class='b'>{_ps(_words(4))}</div>{side}")
    assert extract(page, URL).views is None


def test_a_camel_case_page_view_class_names_the_view_count() -> None:
    counter = "<ul class='post-Assist'><li class='post-AssistPageView'><p>6,762</p></li></ul>"
    page = _page(f"{counter}<div class='b'>{_ps(_words(4))}</div>")
    assert extract(page, URL).views == 6762


@pytest.mark.parametrize(("tag", "place"), [
    ("b", "Washington/ New Delhi:"), ("strong", "LONDON (Reuters) —"), ("span", "BERLIN -")])
def test_a_place_line_before_the_first_paragraph_opens_it(tag: str, place: str) -> None:
    """The dateline's place set apart in an inline element right before the paragraph
    is the paragraph's first words, not dropped with the loose text around it."""
    story = _words(4)
    body = f"<div class='b'><{tag} class='place'>{place} </{tag}>{_ps(story)}</div>"
    assert extract(_page(body), URL).paragraphs == [f"{place} {story[0]}", *story[1:]]


def test_a_lead_in_sentence_before_a_paragraph_is_no_place() -> None:
    story = _words(4)
    body = f"<div class='b'>{_ps(story[:2])}<b>And here is the list:</b>{_ps(story[2:])}</div>"
    assert story[2] in extract(_page(body), URL).paragraphs


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("level", ["h2", "h3", "h4"])
def test_sub_headings_stay_where_no_container_is_named_as_content(theme: str, level: str) -> None:
    """No <article>, <main> or class naming the content in English: trafilatura gathers
    the loose paragraphs and leaves the sub-headings out; they are put back where they
    stood, after a pointer's line too."""
    heads = ["What the divers found", "Who pays for the work"]
    story = (_ps(_words(3)) + f"<{level}>{heads[0]}</{level}>" + _ps(_words(3, 3))
             + "<p><strong>Read more:</strong> <a href='/news/2'>The old pier</a></p>"
             + f"<{level}>{heads[1]}</{level}>" + _ps(_words(3, 6)))
    html = (f"<html lang='en'><head><title>Harbour repairs take longer</title></head><body>"
            f"<div class='{_cls(theme, 'page')}'><h1>Harbour repairs take longer</h1>"
            f"<div class='{_cls(theme, 'text')}'>{story}</div></div></body></html>")
    article = extract(html, URL)
    assert article.headings == heads
    assert article.paragraphs == _words(9)
    lines = article.text.split("\n\n")
    assert lines.index(heads[0]) == 3 and lines.index(heads[1]) == 7


@pytest.mark.parametrize("theme", THEMES)
def test_a_sub_heading_that_ends_a_chunk_stays_before_the_next_chunk(theme: str) -> None:
    """A body in two chunks around a box of links, the first ending with the heading of
    what the second tells."""
    chunk, box = _cls(theme, "chunk"), _cls(theme, "box")
    links = "".join(f"<li><a href='/news/{i}'>Another story number {i}</a></li>" for i in range(3))
    html = (f"<html lang='en'><head><title>Harbour repairs take longer</title></head><body>"
            f"<div><h1>Harbour repairs take longer</h1>"
            f"<div class='{chunk}'>{_ps(_words(3))}<h2>Who pays for the work</h2></div>"
            f"<div class='{box}'><ul>{links}</ul></div>"
            f"<div class='{chunk}'>{_ps(_words(3, 3))}</div></div></body></html>")
    article = extract(html, URL)
    assert article.paragraphs == _words(6)
    assert article.text.split("\n\n")[3] == "Who pays for the work"



def test_a_chunk_under_a_broken_tag_name_is_read() -> None:
    """A page cut short mid-tag leaves an element named "divook'," (a tag no XPath can
    name) holding the story's chunks: they are read, the page is no error."""
    first, rest = _ps(_words(3)), _ps(_words(3, 3))
    body = (f"<divook', class='c'>{first}</divook',><aside><a href='/x'>More</a></aside>"
            f"<divook', class='c'>{rest}</divook',>")
    assert extract(_page(body), URL).paragraphs == _words(6)


# A page builder's boxes around each paragraph: (outer class, inner classes), "{n}" the
# number each box of a builder carries ("elementor-element-3f2a1b7", "et_pb_text_4").
BUILDERS = [
    ("elementor-element elementor-element-{n}a7f elementor-widget elementor-widget-text-editor",
     ["elementor-widget-container", "elementor-text-editor elementor-clearfix"]),
    ("et_pb_module et_pb_text et_pb_text_{n} et_pb_bg_layout_light", ["et_pb_text_inner"]),
    ("wpb_text_column wpb_content_element vc_custom_{n}1733", ["wpb_wrapper"]),
    ("rich-text-block block-{n}", ["block__inner", "block__content"]),
]


@pytest.mark.parametrize(("outer", "inner"), BUILDERS)
@pytest.mark.parametrize("shape", ["boxed", "quoted", "quoted-bare", "after-intro"])
def test_paragraphs_each_in_a_page_builders_boxes_are_the_body(outer: str, inner: list[str],
                                                                shape: str) -> None:
    """Each paragraph in boxes in boxes, as page builders write them: the outer box
    numbered ("et_pb_text_4") and often named a "widget" or a "module", which
    trafilatura's clean-up drops as furniture. All the paragraphs are the body, beside a
    sidebar of the same builder's boxes: where every paragraph is boxed, where a long
    quote stands among them (its own paragraphs, boxed or bare, more text than the story's),
    and where an intro of bare paragraphs comes first."""
    story = _words(8)
    quote = ("We will not let the pier fall into the water, whatever the report says, and we "
             "will find the money to repair it before the summer season begins. The harbour "
             "is the oldest part of this city and its people deserve better than delays. "
             "Every fisherman here depends on it, and so do the ferries to the islands.")

    def boxed(n: int, text: str) -> str:
        opened = "".join(f"<div class='{c}'>" for c in inner)
        return (f"<div class='{outer.format(n=n)}'>{opened}<p>{text}</p>"
                f"{'</div>' * len(inner)}</div>")

    intro = 3 if shape == "after-intro" else 0
    paragraphs = [f"<p>{t}</p>" if n < intro else boxed(n, t) for n, t in enumerate(story)]
    expected = list(story)
    if shape.startswith("quoted"):
        said = "".join(f"<p>{quote}</p>" if shape == "quoted-bare" else boxed(20 + n, quote)
                       for n in range(6))
        paragraphs.insert(4, f"<blockquote>{said}</blockquote>")
        expected[4:4] = [quote] * 6
    links = "".join(f"<li><a href='/news/{i}'>Other story {i}</a></li>" for i in range(6))
    body = (f"<div class='content-area'>{''.join(paragraphs)}</div>"
            f"<div class='sidebar-area'>{boxed(40, 'Sign up for our weekly letter.')}"
            f"<ul>{links}</ul></div>")
    assert extract(_page(body), URL).paragraphs == expected


@pytest.mark.parametrize(("outer", "inner"), BUILDERS)
def test_a_story_of_boxed_paragraphs_outweighs_a_longer_paragraph_beside_it(
        outer: str, inner: list[str]) -> None:
    """Paragraphs each in a builder's numbered boxes, on a page with no <article>: the
    boxes together are the story's holder, not a rail holding one longer paragraph (an
    "about us" beside the story), though each box's class is its own."""
    story = _words(6)
    about = ("The Daily Courier has covered the harbour, the council and the islands since "
             "1887. It is owned by a trust of its readers and employs forty journalists in "
             "three offices along the coast, from the old port to the ferry terminal, and "
             "it prints a weekly edition for the islands every Friday morning.")
    links = "".join(f"<li><a href='/news/{i}'>Other story {i}</a></li>" for i in range(6))

    def boxed(n: int, text: str) -> str:
        opened = "".join(f"<div class='{c}'>" for c in inner)
        return (f"<div class='{outer.format(n=n)}'>{opened}<p>{text}</p>"
                f"{'</div>' * len(inner)}</div>")

    page = ("<html lang='en'><head><title>Harbour repairs take longer</title></head><body>"
            "<div class='wrap'><h1>Harbour repairs take longer</h1>"
            f"<div class='byline'>By {AUTHOR}</div><div class='content-area'>"
            f"{''.join(boxed(n, t) for n, t in enumerate(story))}</div>"
            f"<aside class='rail'><h3>About us</h3><p>{about}</p><ul>{links}</ul></aside></div>"
            "</body></html>")
    assert extract(page, URL).paragraphs == story


@pytest.mark.parametrize(("outer", "inner"), BUILDERS)
@pytest.mark.parametrize("dek", [False, True])
def test_the_first_of_the_storys_boxed_paragraphs_is_no_standfirst(outer: str, inner: list[str],
                                                                   dek: bool) -> None:
    """The page's description repeats the story's first paragraph, boxed like the rest
    by a page builder: that paragraph is the story's, no standfirst. A summary in a box
    of another kind before them, which the description repeats, is the standfirst."""
    story = _words(6)
    summary = "Repairs to the old pier will take a month longer and cost more than planned."

    def boxed(n: int, text: str) -> str:
        opened = "".join(f"<div class='{c}'>" for c in inner)
        return (f"<div class='{outer.format(n=n)}'>{opened}<p>{text}</p>"
                f"{'</div>' * len(inner)}</div>")

    described = summary if dek else story[0]
    top = f"<div class='intro-box'><p>{summary}</p></div>" if dek else ""
    body = f"{top}<div class='content-area'>{''.join(boxed(n, t) for n, t in enumerate(story))}</div>"
    article = extract(_page(body, head=f"<meta name='description' content='{described}'>"), URL)
    assert article.standfirst == (summary if dek else None)
    assert article.paragraphs[-6:] == story


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("name", ["article-body", "entry-content"])
def test_a_line_printed_in_two_chunks_does_not_cut_the_second_one_off(theme: str,
                                                                       name: str) -> None:
    """A story in two chunks of one tag and class parted by an ad row, the same pointer
    to another story set in each ("Related: …", as a CMS fills every slot): the body
    extractor reads the first chunk and keeps the line once; its second copy had marked
    the second chunk as read too, so none of that chunk's paragraphs was added."""
    pointer = ("<p>Related: <a href='/2024/05/budget'>City council approves new budget after "
               "months of talks</a></p>")
    chunk = f"<div class='grid-item {name} {_cls(theme, 'c')}'>"
    body = (f"<div class='{_cls(theme, 'g')}'>{chunk}{_ps(_words(4))}{pointer}"
            f"{_ps(_words(2, 4))}</div></div>"
            f"<div class='{_cls(theme, 'row')}'><div class='ad'>Advertisement</div></div>"
            f"<div class='{_cls(theme, 'g')}'>{chunk}{_ps(_words(3, 6))}{pointer}"
            f"{_ps(_words(3, 9))}</div></div>")
    assert extract(_page(body), URL).paragraphs == _words(12)


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("label", ["Most read", "Lo más leído", "Aus dem Ressort"])
def test_a_box_of_headlines_in_a_later_chunk_each_in_a_wrapper_of_its_own(theme: str,
                                                                          label: str) -> None:
    """A story in chunks each in a wrapper of its own ("<section class='col'><div
    class='text'>…</div></section>" three times, as NYT's columns hold theirs), a box of
    other stories' linked headlines under a short heading between the second chunk's
    paragraphs: the box is no text of the story, its heading with it (the chunks were
    looked for beside the body's holder only, which had none)."""
    links = "".join(f"<li><a href='/news/{i}'>Another story about the city council number "
                    f"{i}</a></li>" for i in range(3))
    box = f"<div class='{_cls(theme, 'box')}'><h4>{label}</h4><ul>{links}</ul></div>"
    col, text = _cls(theme, "col"), _cls(theme, "text")
    chunks = [_ps(_words(4)), _ps(_words(2, 4)) + box + _ps(_words(2, 6)), _ps(_words(3, 8))]
    body = "".join(f"<section class='{col}'><div class='{text}'>{c}</div></section>"
                   for c in chunks)
    article = extract(_page(body), URL)
    assert article.paragraphs == _words(11)
    assert article.headings == []
