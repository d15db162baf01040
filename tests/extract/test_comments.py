"""Readers' comments under a story whose class names do not say "comment": named in the
site's language ("kommentare", "yorumlar") or hashed by a CSS-in-JS build
("css-1x2y3z"). Each page is built here; the class names are drawn per theme."""

from __future__ import annotations

import random

import pytest

from crawler.extract import extract

URL = "https://news.example/2024/05/harbour"
THEMES = ["hashed", "de-theme", "tr-theme", "bare"]
LABELS = ["Top Rated Comments", "Kommentare (3)", "Comentarios", "Yorumlar", "12 Comments",
          "Leave a Reply", "Komentarze", "Комментарии"]


def paragraph(i: int) -> str:
    return (f"The harbour authority said repairs to pier {i} would take a month longer and "
            f"cost more than planned, according to report number {i} published on Tuesday by "
            "the city council after divers inspected the old foundations.")


def comment_text(i: int) -> str:
    # Longer than any paragraph of the story: a comment may look like the story's holder.
    return (f"Reader {i} here. I have lived by the harbour for thirty years and I can tell you "
            "that the council has promised repairs every spring since the storm, and every "
            "spring the divers come, the report is published, the costs go up and nothing at "
            "all happens to the old foundations, which is why I no longer believe a word of it "
            "and neither do my neighbours on the quay.")


def cls(theme: str, part: str) -> str:
    if theme == "bare":
        return ""
    rng = random.Random(f"{theme}-{part}")
    prefix = {"hashed": "css-", "de-theme": "kommentar-", "tr-theme": "yorum-"}[theme]
    return f" class='{prefix}{''.join(rng.choice('abcdefgh0123') for _ in range(6))}'"


def story(n: int = 5) -> str:
    return "".join(f"<p>{paragraph(i)}</p>" for i in range(n))


def post(theme: str, i: int, *, reply: str = "", when: str = "") -> str:
    when = when or f"{i + 2} days ago at 07:5{i} am"
    return (f"<div{cls(theme, 'post')}><div{cls(theme, 'who')}><a href='/members/{i}'>reader{i}"
            f"</a></div><div{cls(theme, 'when')}>{when}</div><div{cls(theme, 'text')}>"
            f"<p>{comment_text(i)}</p></div>{reply}</div>")


def page(article: str, after: str = "") -> str:
    menu = "".join(f"<li><a href='/s/{i}'>Section {i}</a></li>" for i in range(12))
    return (f"<html lang='en'><head><title>Harbour repairs take longer</title></head><body>"
            f"<nav><ul>{menu}</ul></nav><div><h1>Harbour repairs take longer</h1>"
            f"<p>By Jane Holloway</p>{article}</div>{after}</body></html>")


def assert_story_only(html: str, n: int = 5) -> None:
    article = extract(html, URL)
    assert article.paragraphs == [paragraph(i) for i in range(n)]
    assert "Reader" not in article.text


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("label", LABELS)
def test_a_labelled_thread_after_the_story_is_no_body(theme: str, label: str) -> None:
    """A label in the page's language over posts that each show a time, in a section
    after the story, whatever the section and posts are named."""
    thread = (f"<div{cls(theme, 'thread')}><div{cls(theme, 'head')}><h2>{label}</h2></div>"
              + "".join(post(theme, i) for i in range(3)) + "</div>")
    assert_story_only(page(f"<div{cls(theme, 'story')}>{story()}</div>", thread))


@pytest.mark.parametrize("theme", THEMES)
def test_a_thread_in_the_storys_holder_under_its_label_is_no_body(theme: str) -> None:
    """The label and the posts as siblings of the story's paragraphs."""
    thread = "<h3>Comments</h3>" + "".join(post(theme, i) for i in range(3))
    assert_story_only(page(f"<div{cls(theme, 'story')}>{story()}{thread}</div>"))


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("reply", [
    "<a href='?replytocom=7#respond'>Reply</a>", "<button>Antworten</button>",
    "<a href='/thread/9/post/{i}'>Yanıtla</a>"])
def test_posts_that_each_offer_a_reply_are_no_body(theme: str, reply: str) -> None:
    """No label: a run of alike posts after the story, each with a reply button."""
    thread = "".join(post(theme, i, reply=reply.format(i=i), when="May 5, 2024")
                     for i in range(3))
    assert_story_only(page(f"<div{cls(theme, 'story')}>{story()}</div>",
                           f"<section{cls(theme, 'thread')}>{thread}</section>"))


def test_a_thread_with_its_form_and_one_post_is_no_body() -> None:
    """One post, and the form to write another, under a "Leave a Reply" label."""
    thread = ("<div><h3>Leave a Reply</h3><form action='/post-comment'><textarea></textarea>"
              "<button>Send</button></form>" + post("bare", 0) + "</div>")
    assert_story_only(page(f"<div>{story()}</div>", thread))


def test_a_story_section_titled_comments_stays() -> None:
    """A heading "Public comments" over the story's own prose (paragraphs that mention
    years, not posts that each show a time) is the story's."""
    tail = [("In 2019 the council received more than four hundred comments on the first plan, "
            "most of them from residents of the quay who asked for the old pier to be kept."),
            ("In 2020 a second round of consultation drew fewer comments, mostly from the "
            "fishing cooperative, which asked for the work to be done outside the season.")]
    html = page(f"<div>{story()}<h2>Public comments</h2>"
                + "".join(f"<p>{t}</p>" for t in tail) + "</div>")
    article = extract(html, URL)
    assert article.paragraphs == [paragraph(i) for i in range(5)] + tail


def test_a_comment_counter_under_the_headline_leaves_the_story() -> None:
    """A "12 comments" link at the top of the story's holder is no thread's label."""
    html = page(f"<div><div><a href='#comments'>12 comments</a></div>{story()}</div>")
    assert extract(html, URL).paragraphs == [paragraph(i) for i in range(5)]


def test_a_story_that_opens_with_a_comment_label_and_holds_its_thread_stays() -> None:
    """Under a logo and a long menu, the story's holder opens with a "Comments (3)"
    label and ends with the thread: the holder is no thread (the posts hold less than
    half its text), the thread in it is."""
    menu = "".join(f"<li><a href='/s/{i}'>Section number {i} of the site</a></li>"
                   for i in range(20))
    thread = "<h3>Comments</h3>" + "".join(post("hashed", i) for i in range(3))
    html = (f"<html lang='en'><head><title>Harbour repairs take longer</title></head><body>"
            f"<header><h1><a href='/'>Daily Courier</a></h1><nav><ul>{menu}</ul></nav></header>"
            f"<div{cls('hashed', 'story')}><span>Comments (3)</span><h2>Harbour repairs take "
            f"longer</h2>{story()}{thread}</div></body></html>")
    assert_story_only(html)


@pytest.mark.parametrize("theme", THEMES)
def test_a_briefs_thread_is_no_body_of_the_second_opinion_either(theme: str) -> None:
    """A brief of one paragraph (under the words that ask readability for a second
    opinion) over a long thread: the thread is no body on either path."""
    thread = (f"<div{cls(theme, 'thread')}><h3>Comments</h3>"
              + "".join(post(theme, i) for i in range(6)) + "</div>")
    assert_story_only(page(f"<div{cls(theme, 'story')}>{story(1)}</div>", thread), n=1)


BRIEF = ["The harbour authority said repairs to pier 4 would take a month longer.",
         "Divers will inspect the old foundations on Tuesday, the city council said."]


@pytest.mark.parametrize("theme", THEMES)
def test_a_two_line_briefs_thread_stays_out_of_the_second_opinion(theme: str) -> None:
    """Under 50 words of story, readability is asked for a second opinion on a fresh
    tree: the thread found on the first is taken out of that one too."""
    posts = "".join(f"<li><b>reader{i}</b> <time>May 5, 2024</time><p>{comment_text(i)}</p>"
                    f"<a href='?replytocom={i}'>Reply</a></li>" for i in range(12))
    html = page(f"<div{cls(theme, 'story')}>{''.join(f'<p>{p}</p>' for p in BRIEF)}</div>",
                f"<div{cls(theme, 'thread')}><h3>Comments</h3><ol>{posts}</ol></div>")
    article = extract(html, URL)
    assert article.paragraphs == BRIEF


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("form", ["dl", "divs-time-last", "divs-time-first"])
def test_posts_written_as_runs_of_siblings_are_no_body_and_their_times_no_storys(
        theme: str, form: str) -> None:
    """Each post no element of its own but its parts in a row (author, text, time), as
    Blogger's ``<dt>``/``<dd>`` threads and older themes write them: the thread is
    still known, and a post's time on the story's day is not taken as the story's."""
    def parts(i: int) -> str:
        who = f"<{{t}}{cls(theme, 'who')}>reader{i} said...</{{t}}>"
        text = f"<{{t}}{cls(theme, 'text')}><p>{comment_text(i)}</p></{{t}}>"
        when = f"<{{t}}{cls(theme, 'when')}><a href='#c{i}'>May 16, 2024 at 1{i}:02 AM</a></{{t}}>"
        if form == "dl":
            return (who.replace("{t}", "dt") + text.replace("{t}", "dd")
                    + when.replace("{t}", "dd"))
        ordered = [who, text, when] if form == "divs-time-last" else [when, who, text]
        return "".join(ordered).replace("{t}", "div")
    holder = "dl" if form == "dl" else "div"
    thread = (f"<div{cls(theme, 'thread')}><h4>3 Comments:</h4><{holder}>"
              + "".join(parts(i) for i in range(3)) + f"</{holder}></div>")
    html = page(f"<div>May 16, 2024</div><div{cls(theme, 'story')}>{story()}</div>", thread)
    assert_story_only(html)
    published = extract(html, URL).published_at
    assert published is not None and (published.hour, published.minute) == (12, 0)


@pytest.mark.parametrize("label", LABELS)
def test_posts_each_classed_apart_under_a_label_are_a_thread_and_their_days_no_storys(
        label: str) -> None:
    """Posts of one shape whose classes are each their own (a build that hashes every
    element apart): the thread is known by the label and the posts' shape, and where
    the story shows no time, a post's day is not taken for its publication."""
    posts = "".join(
        f"<div class='c{i}x{i * 7}'><span>Reader Name{i}</span> <span>{i + 2}.4.2021</span>"
        f"<p>{comment_text(i)}</p></div>" for i in range(3))
    thread = f"<div id='section-{len(label)}'><h3>{label}</h3>{posts}</div>"
    html = page(f"<div>{story()}</div>", thread)
    assert_story_only(html)
    assert extract(html, URL).published_at is None


# --- the label names the story; a post's time follows its writer's name; readers' items

MENU = "<ul>" + "".join(f"<li><a href='/s/{i}'>Section {i}</a></li>" for i in range(12)) + "</ul>"
TITLED_LABELS = [
    "3 thoughts on “<span>Harbour repairs take longer</span>”",
    "One Response to “Harbour repairs take longer than the council planned”",
    "12 Kommentare zu „<span>Hafen</span>“",
    "2 réponses à « Travaux du port »",
]


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize("label", TITLED_LABELS)
def test_a_count_label_naming_the_story_heads_a_thread(theme: str, label: str) -> None:
    """WordPress themes print the count with the story's title ("3 thoughts on
    “<span>Title</span>”", "One Response to “…”" as one text too long for a short
    label): the thread under it is known by the words before the title."""
    posts = "".join(f"<div{cls(theme, 'post')}><div{cls(theme, 'who')}>reader{i}</div>"
                    f"<div{cls(theme, 'when')}>May {i + 5}, 2024</div><div{cls(theme, 'text')}>"
                    f"<p>{comment_text(i)}</p></div></div>" for i in range(3))
    thread = f"<div{cls(theme, 'thread')}><h3>{label}</h3>{posts}</div>"
    assert_story_only(page(f"<div{cls(theme, 'story')}>{story()}</div>", thread))


@pytest.mark.parametrize("theme", THEMES)
@pytest.mark.parametrize(("label", "head"), [
    ("Comments", "<strong>{name}</strong> wrote on May {d}, 2024 at 8:14 am:"),
    ("Réactions", "<b>{name}</b> a écrit le {d}/05/2024 à 08:14 :"),
    ("Tanggapan", "<a href='/u/{d}'>{name}</a> berkata pada {d} Mei 2024 pukul 08.14"),
    ("Reader comments", "<span>{name}</span> says: 3 hours ago"),
])
def test_posts_whose_time_follows_the_writers_name_are_a_thread(
        theme: str, label: str, head: str) -> None:
    """A post's head as one line, the writer's name marked and the time in the words
    after it ("<b>Jane</b> wrote on May 3, 2024 at 8:14 am:"), the post's text in a
    bare <div> parted by breaks: the posts still show a time each."""
    names = ["Margaret Chen", "Tom Becker", "Aylin Demir"]
    posts = "".join(
        f"<div{cls(theme, 'post')}><div>{head.format(name=name, d=i + 5)}</div>"
        f"<div>{comment_text(i)}<br><br>{comment_text(i + 3)}</div></div>"
        for i, name in enumerate(names))
    thread = f"<div{cls(theme, 'thread')}><h4>{label}</h4>{posts}</div>"
    html = page(f"<div{cls(theme, 'story')}>{story()}</div>", thread)
    assert_story_only(html)
    assert not set(names) & set(extract(html, URL).authors)


@pytest.mark.parametrize("item", ["Comment", "UserComments", "Answer"])
@pytest.mark.parametrize("byline", ["", "<p>By <a href='/author/jh'>Jane Holloway</a></p>"])
@pytest.mark.parametrize("label", ["<h3>Your views</h3>", ""])
def test_a_readers_microdata_item_names_no_author_of_the_story(
        item: str, byline: str, label: str) -> None:
    """Readers' comments as schema.org items in the story's holder, under a label read
    as none here ("Your views") or none at all: their ``itemprop='author'`` names a
    reader, not the story's author."""
    names = ["Margaret Chen", "Tom Becker", "Aylin Demir"]
    posts = "".join(
        f"<div itemprop='comment' itemscope itemtype='https://schema.org/{item}'>"
        f"<span itemprop='author' itemscope itemtype='https://schema.org/Person'>"
        f"<span itemprop='name'>{name}</span></span><div itemprop='text'>"
        f"<p>{comment_text(i)}</p></div></div>" for i, name in enumerate(names))
    html = (f"<html lang='en'><head><title>Harbour repairs take longer</title></head><body>"
            f"<div><h1>Harbour repairs take longer</h1>{byline}{story()}{label}{posts}</div>"
            f"</body></html>")
    assert extract(html, URL).authors == (["Jane Holloway"] if byline else [])


def test_a_story_writers_microdata_author_is_still_read() -> None:
    """The guard's other side: ``itemprop='author'`` of the story's own item (an
    article type) names the story's author."""
    html = (f"<html lang='en'><head><title>Harbour repairs take longer</title></head><body>"
            f"<div itemscope itemtype='https://schema.org/NewsArticle'><h1>Harbour repairs "
            f"take longer</h1><span itemprop='author' itemscope itemtype='https://schema.org/"
            f"Person'><span itemprop='name'>Jane Holloway</span></span>{story()}</div>"
            f"</body></html>")
    assert extract(html, URL).authors == ["Jane Holloway"]


@pytest.mark.parametrize("theme", THEMES)
def test_the_storys_column_beside_the_column_of_the_pages_own_comments_stays(
        theme: str) -> None:
    """Two alike columns, each holding reply buttons: the story's, with the thread
    under it, and another of the page's older comments. They are no run of two posts:
    a post never holds a thread found by its label."""
    thread = (f"<div{cls(theme, 'thread')}><h3>Comments (3)</h3>"
              + "".join(post(theme, i, reply="<a href='?replytocom=1'>Reply</a>")
                        for i in range(3)) + "</div>")
    older = "".join(post(theme, i, reply="<a href='?replytocom=2'>Reply</a>")
                    for i in range(3, 5))
    html = (f"<html lang='en'><head><title>Harbour repairs take longer</title></head><body>"
            f"<h1><a href='/'>Daily Courier</a></h1><p>News from the harbour, the quay and "
            f"the old town since 1887, every morning</p>{MENU}"
            f"<div{cls(theme, 'column')}><div><h2>Harbour repairs take longer</h2>{story()}"
            f"</div>{thread}</div><div{cls(theme, 'column')}>{older}</div></body></html>")
    assert_story_only(html)


@pytest.mark.parametrize("theme", THEMES)
def test_a_thread_after_a_story_with_no_headline_is_no_body(theme: str) -> None:
    """A page with no <h1> or <h2> at all (an old personal page): a labelled thread
    after a story longer than itself is no body, and its writers are no authors."""
    thread = (f"<div{cls(theme, 'thread')}><div{cls(theme, 'head')}>Comments</div>"
              + "".join(post(theme, i) for i in range(2)) + "</div>")
    html = (f"<html lang='en'><head><title>Harbour notes</title></head><body>"
            f"<div{cls(theme, 'story')}>{story(8)}</div>{thread}</body></html>")
    article = extract(html, URL)
    assert article.paragraphs == [paragraph(i) for i in range(8)]
    assert not any(a.startswith("reader") for a in article.authors)


@pytest.mark.parametrize("theme", THEMES)
def test_a_forums_posts_with_no_headline_stay(theme: str) -> None:
    """The guard's other side: with no headline, posts that hold more text than what
    comes before them (a forum's thread under a short question) are the page's text."""
    posts = "".join(post(theme, i) for i in range(4))
    html = (f"<html lang='en'><head><title>Harbour forum</title></head><body>"
            f"<div{cls(theme, 'question')}><p>{paragraph(0)}</p></div>"
            f"<div{cls(theme, 'thread')}><div>Replies</div>{posts}</div></body></html>")
    article = extract(html, URL)
    assert sum("Reader" in p for p in article.paragraphs) >= 3
