"""The body: text trafilatura keeps outside blocks, and bodies split into chunks."""

from __future__ import annotations

import pytest
from lxml import etree
from lxml import html as lxml_html

from crawler.extract import extract
from crawler.extract._body import _xml_lines, is_noise, split_body
from crawler.extract._boxes import signup_boxes

URL = "https://news.example/2024/05/01/a-story"


def sentence(topic: str, n: int) -> str:
    return (f"The {topic} council reviewed item {n} of the regional plan on Monday and "
            f"residents asked detailed questions about the cost of stage {n}.")


def page(chunks: list[list[str]], between: str = "", tail: str = "") -> str:
    body = between.join(
        '<div class="grid-item"><div class="article-body body-chunk">'
        + "".join(f"<p>{p}</p>" for p in chunk) + "</div></div>" for chunk in chunks)
    return (f"<html><head><title>A story</title></head><body><header><nav>"
            f"<a href='/'>Home</a><a href='/news'>News</a></nav></header><main>"
            f"<h1>A story</h1><div class='chunks'>{body}</div>{tail}</main>"
            f"<footer><p>Copyright 2024 News Example. All rights reserved.</p></footer>"
            f"</body></html>")


def test_a_body_split_by_an_ad_keeps_every_chunk_in_order() -> None:
    first = [sentence("harbour", i) for i in range(6)]
    second = [sentence("railway", i) for i in range(6, 14)]
    ad = ('<div class="ad-slot"><span>Advertisement</span>'
          '<a href="https://ads.example/x"><img src="/a.png"></a></div>')
    article = extract(page([first, second], between=ad), URL)
    assert article.paragraphs == first + second


def test_a_short_notice_with_the_same_class_is_not_a_chunk() -> None:
    story = [sentence("library", i) for i in range(8)]
    notice = ["We rely on advertising.", "Please turn off your ad blocker. Thank you."]
    article = extract(page([story, notice]), URL)
    assert article.paragraphs == story


def test_text_outside_any_block_is_kept() -> None:
    """trafilatura keeps bare text after a heading (a deals page: <h2> then text with
    no <p>) as the heading's tail in its XML; that text is body too."""
    main = etree.fromstring(
        "<main>Intro before any block.<head rend='h2'>Deal one</head>Deal one is a "
        "controller at its lowest price.<p>A paragraph.</p><list><item>An item</item>"
        "</list>Text after the list.</main>")
    assert _xml_lines(main) == [
        ("p", "Intro before any block."), ("h", "Deal one"),
        ("p", "Deal one is a controller at its lowest price."), ("p", "A paragraph."),
        ("p", "An item"), ("p", "Text after the list."),
    ]


def test_sign_up_boxes_and_copyright_lines_are_not_body() -> None:
    story = "".join(f"<p>{sentence('theatre', i)}</p>" for i in range(6))
    root = lxml_html.fromstring(
        f'<div><div class="story">{story}</div><div class="newsletter-signup"><p>Pick Six '
        'Newsletter</p><p>Get the big stories delivered to your inbox.</p></div>'
        '<div id="subscribe-box" class="story-long">' + story * 3 + "</div></div>")
    boxes = signup_boxes(root)
    assert [b.get("class") for b in boxes] == ["newsletter-signup"]  # the long one is prose
    assert is_noise("Copyright 2019 News Example - ISSN 1234-5678", None)
    assert is_noise("© 2024 News Example", None)
    assert not is_noise("Copyright law was the subject of a long debate in parliament on "
                        "Tuesday, as members argued over the reform for hours and hours.", None)


def test_line_breaks_end_lines_and_never_glue_words() -> None:
    main = etree.fromstring(
        "<main><p>Tour dates:<lb/>June 9 -- West Palm Beach, FL<lb/>June 10 -- Tampa, FL"
        "</p><p>No break\n   here.</p></main>")
    assert _xml_lines(main) == [
        ("p", "Tour dates:\nJune 9 -- West Palm Beach, FL\nJune 10 -- Tampa, FL"),
        ("p", "No break here."),
    ]


def test_a_body_with_line_breaks_is_extracted_whole() -> None:
    dates = [f"June {d} -- Arena number {d}, Springfield" for d in range(1, 9)]
    story = [sentence("music", i) for i in range(5)]
    article = extract(page([[*story, "The dates:<br>" + "<br>".join(dates)]]), URL)
    assert article.paragraphs[:5] == story
    assert all(d in article.text.splitlines() for d in dates)
    assert "SpringfieldJune" not in article.text


def test_a_standfirst_in_the_article_header_is_not_body() -> None:
    story = "".join(f"<p>{sentence('bridge', i)}</p>" for i in range(6))
    standfirst = ("The long-awaited bridge opened on Monday after six years of work and "
                  "a budget that doubled along the way, officials said.")
    html = (f"<html><body><article><header><h1>A bridge opens</h1><h2 class='sub-head'>"
            f"{standfirst}</h2></header><div class='byline'>By A. Writer</div>"
            f"<div class='column'>{story}</div></article></body></html>")
    article = extract(html, URL)
    assert standfirst not in article.text
    assert article.paragraphs == [sentence("bridge", i) for i in range(6)]


def card(n: int) -> str:
    href = f"/news/other-story-{n}"
    return (f"<li class='col-4'><a href='{href}' class='thumbnail'><img src='/t{n}.jpg'></a>"
            f"<div class='headlines'><h3><a href='{href}'>Other team wins match number {n}"
            f"</a></h3><h4>A summary line of the other story number {n}</h4></div></li>")


def test_teaser_cards_beside_the_body_are_neither_text_nor_images() -> None:
    story = [sentence("stadium", i) for i in range(6)]
    row = "<ul class='latest-row'>" + "".join(card(n) for n in range(3)) + "</ul>"
    html = ("<html><body><main><h1>A stadium</h1><div class='column'><div class='text'>"
            + "".join(f"<p>{p}</p>" for p in story)
            + f"<figure><img src='/photo.jpg'></figure></div>{row}</div></main></body></html>")
    article = extract(html, URL)
    assert article.paragraphs == story
    assert "Other team" not in article.text and "summary line" not in article.text
    assert [i.src for i in article.images] == ["https://news.example/photo.jpg"]


@pytest.mark.parametrize("form", [
    "<a href='{h}'><h3>Other team wins match number {n}</h3></a>",
    "<div class='t'><a href='{h}'>Other team wins match number {n}</a></div>",
    "<a href='{h}'>Other team wins match number {n}</a>",
])
def test_teaser_cards_whose_headline_is_a_link_around_a_heading_or_bare(form: str) -> None:
    """Cards of other stories after the body, each a linked headline (holding the heading,
    or with no heading markup) above a summary, byline and time: none of it is the story."""
    story = [sentence("stadium", i) for i in range(6)]
    cards = "".join(
        f"<div class='c{n}'>{form.format(h=f'/news/other-{n}', n=n)}<p>A summary of the other "
        f"story number {n}, which the reader may want to open next.</p><span>By Max Roe</span>"
        f"<time datetime='2020-01-0{n + 1}T08:00Z'>x</time></div>" for n in range(4))
    html = ("<html><body><main><h1>A stadium</h1><time datetime='2024-05-02T09:30Z'>2 May"
            "</time><div class='text'>" + "".join(f"<p>{p}</p>" for p in story)
            + f"</div><div class='more'>{cards}</div></main></body></html>")
    article = extract(html, URL)
    assert article.paragraphs == story
    assert (article.page_type, article.authors) == ("article", [])


def test_linked_headings_inside_the_body_stay() -> None:
    """A product round-up links each item's heading to the shop; it is the article."""
    items = "".join(
        f"<h3><a href='https://shop.example/item-{n}'>The Acme kettle model {n}</a></h3>"
        f"<p>{sentence('kettle', n)}</p><p>{sentence('teapot', n)}</p>" for n in range(4))
    html = (f"<html><body><main><h1>Best kettles</h1><div class='column'>{items}</div>"
            f"</main></body></html>")
    article = extract(html, URL)
    assert [h for h in article.headings if h.startswith("The Acme")] == [
        f"The Acme kettle model {n}" for n in range(4)]


def test_a_read_more_list_inside_the_body_becomes_related_links() -> None:
    story = [sentence("concert", i) for i in range(6)]
    teasers = [(f"https://news.example/2024/05/0{n}/other", f"Another concert story number {n}")
               for n in range(1, 4)]
    html = page([[*story[:3], "You may also like...",
                  *(f"<a href='{u}'>{t}</a>" for u, t in teasers), *story[3:]]])
    article = extract(html, URL)
    assert article.paragraphs == story
    assert [(r.url, r.title) for r in article.related] == teasers


def test_sign_off_lines_end_the_body_but_the_same_words_inside_it_stay() -> None:
    story = [sentence("harbour", i) for i in range(5)]
    quoted = ("Readers who want to follow the vote can sign up for alerts at the town hall, "
              "the clerk said on Monday after the meeting ended.")
    sign_off = ["Have a tip? Jane Doe may be reached at jdoe@news.example. Follow her on X.",
                "Follow The Harbour Desk on Facebook, Twitter (@harbour) and Instagram.",
                "Get the latest updates right in your inbox. Subscribe to our newsletters."]
    article = extract(page([story[:2] + [quoted] + story[2:] + sign_off]), URL)
    assert article.paragraphs == story[:2] + [quoted] + story[2:]


def test_pointers_to_other_stories_inside_the_body_are_not_its_text() -> None:
    story = [sentence("museum", i) for i in range(6)]
    pointers = ["Read more: Museum plans new wing after record year",
                "Also on news.example Archive opens its doors to the public",
                "Related: The ten best galleries in the region",
                "SEE MORE: Gallery reopens after flood", "DON'T MISS",
                "[Related: Sculpture park plans a summer opening]",
                '[button link="/submit/" type="big"]Send us YOUR museum review[/button]']
    paragraphs = story[:2] + pointers[:2] + story[2:4] + pointers[2:] + story[4:]
    paragraphs.append("Like this story? Share it with a friend!")
    article = extract(page([paragraphs]), URL)
    assert article.paragraphs == story


def test_paragraphs_marked_by_double_line_breaks_are_paragraphs() -> None:
    story = [sentence("rail", i) for i in range(5)]
    address = "Council offices<br>12 Station Road"
    html = ("<html><body><div class='post'><h1>Rail plan</h1><div class='text'>"
            + "<br> <br>".join(story[:3]) + "<br><br><br>" + address + "<br><br>"
            + "<br/><br/>".join(story[3:])
            + "<div class='tags'>Tags: <a href='/t/rail'>rail</a></div></div></div></body></html>")
    article = extract(html, URL)
    assert article.paragraphs == [*story[:3], "Council offices\n12 Station Road", *story[3:]]
    assert article.lead == story[0]


def test_a_paragraph_wrapped_in_a_link_is_a_teaser_not_the_story() -> None:
    story = [sentence("clinic", i) for i in range(5)]
    guide = ("<ul class='guides'>" + "".join(
        f"<li><a href='/guide/{n}'><img src='/g{n}.jpg'></a><div class='text'>"
        f"<a href='/guide/{n}'>Guide number {n} to the clinic</a><a href='/guide/{n}'><p>"
        f"Everything about item {n} of the clinic guide, explained in a few lines.</p></a>"
        f"</div></li>" for n in range(3)) + "</ul>")
    html = ("<html><body><div id='content'><div class='article'><h1>Clinic news</h1>"
            "<div class='content'>" + story[0] + " <em><a href='/x'>Source</a></em>.<br> <br>"
            + "<br> <br>".join(story[1:]) + "</div></div></div><div id='right'>" + guide
            + "</div></body></html>")
    article = extract(html, URL)
    assert article.paragraphs[0].startswith(story[0])
    assert article.paragraphs[1:] == story[1:]


def test_linked_headlines_between_paragraphs_are_related_links_not_text() -> None:
    story = [sentence("stadium", i) for i in range(6)]
    shouted = "<p><a href='/news/7'>MAYOR OPENS NEW STADIUM</a></p>"
    headline = "<p><a href='/news/8'>Council approves the budget for the new stadium roof</a></p>"
    body = ("".join(f"<p>{p}</p>" for p in story[:2]) + shouted + f"<p>{story[2]}</p>"
            + headline + "".join(f"<p>{p}</p>" for p in story[3:]))
    html = (f"<html><body><article><h1>A stadium</h1><div class='body'>{body}</div>"
            "</article></body></html>")
    article = extract(html, URL)
    assert article.paragraphs == story
    assert {r.url.rsplit("/", 1)[-1] for r in article.related} == {"7", "8"}


def test_a_hover_card_inside_a_paragraph_is_not_its_text() -> None:
    card = ("<span class='person'><a href='/people/ana'>Ana Diaz</a><span class='pop'>"
            "<span><img src='/ana.jpg'><a href='/people/ana'>Ana Diaz</a>"
            "<a href='/news/1'>Diaz wins the vote on the harbour plan</a> "
            "<a href='/news/2'>Harbour plan goes to the council again</a></span></span></span>")
    first = f"The mayor, {card}, said the harbour would reopen in spring."
    story = [sentence("harbour", i) for i in range(5)]
    html = ("<html><body><article><h1>Harbour</h1><div class='body'>"
            + f"<p>{first}</p>" + "".join(f"<p>{p}</p>" for p in story)
            + "</div></article></body></html>")
    article = extract(html, URL)
    assert article.paragraphs == [
        "The mayor, Ana Diaz, said the harbour would reopen in spring.", *story]


def test_an_embedded_post_is_quoted_in_the_body() -> None:
    story = [sentence("ferry", i) for i in range(5)]
    tweet = ("<div class='social-media-embed sdc-article-tweet'><blockquote class='twitter-tweet'>"
             "<p lang='en'>The new ferry timetable is a disaster for commuters like me</p>"
             "— Sam Reed (@samreed) <a href='https://x.example/s/1'>May 1, 2024</a>"
             "</blockquote><script async src='https://platform.x.example/widgets.js'></script></div>")
    html = ("<html><body><article><h1>Ferries</h1><div class='body'>"
            + "".join(f"<p>{p}</p>" for p in story[:3]) + tweet
            + "".join(f"<p>{p}</p>" for p in story[3:]) + "</div></article></body></html>")
    article = extract(html, URL)
    quoted = ("The new ferry timetable is a disaster for commuters like me\n"
              "— Sam Reed (@samreed) May 1, 2024")
    assert article.paragraphs == [*story[:3], quoted, *story[3:]]


def test_a_script_between_line_breaks_is_no_paragraph() -> None:
    from crawler.extract._body import paragraphs_from_breaks

    root = lxml_html.fromstring("<html><body><div>Intro text<br><br><script>var feed = "
                                "{'items': 'a long payload'};</script>Second<br><br>Third"
                                "</div></body></html>")
    paragraphs_from_breaks(root)
    assert [p.text_content() for p in root.iter("p")] == ["Intro text", "Second", "Third"]


@pytest.mark.parametrize("label", ["Sponsored Links", "スポンサード リンク", "スポンサーリンク", "広告",
                                   "广告", "광고", "Реклама", "Publicidade", "Advert"])
def test_an_ad_slots_label_in_any_language_is_no_body_line(label: str) -> None:
    assert is_noise(label, None)
    assert not is_noise(f"{label} were the subject of a long debate in parliament on Tuesday.",
                        None)


@pytest.mark.parametrize("label", ["Related articles", "You may also like:", "Lesen Sie auch",
                                   "ข่าวที่เกี่ยวข้อง", "関連記事", "Читайте также"])
def test_the_label_of_other_stories_is_no_sub_heading(label: str) -> None:
    """A heading that only labels a block of other stories (whose links are out of the
    body) is no sub-heading of the story, in any language; a sub-heading that opens with
    such words, or a paragraph of them, is the story's."""
    assert is_noise(label, None, "h")
    assert not is_noise(label, None, "p")
    assert not is_noise("Related costs rose again in the spring", None, "h")
    split = split_body([("p", "The pier closed on Tuesday after the storm damaged it badly."),
                        ("h", label), ("p", "Repairs will take until the end of the summer.")],
                       None, set())
    assert label not in split[1]


@pytest.mark.parametrize("notice", ["無断転載禁止", "無断転載を禁じます。", "All rights reserved."])
def test_a_no_reproduction_notice_is_not_body(notice: str) -> None:
    assert is_noise(notice, None)
    assert not is_noise("無断転載禁止の規定について、委員会は火曜日に長い議論を行い、改正案を全会一致で"
                        "承認したと発表した。市民からの意見も多く寄せられ、今後の運用が注目される。", None)


@pytest.mark.parametrize("label", ["Related Topics", "Tags:", "Themen", "Etiquetas"])
def test_the_heading_of_a_list_of_topics_is_no_sub_heading_but_a_paragraph_stays(
        label: str) -> None:
    """Sub-headings between the body's blocks are kept where the body extractor drops
    them; one over a list of topics or tags (a BBC-like links block between the text
    blocks) is the page's, its list dropped. The same words as prose are a line."""
    prose = "The harbour authority said repairs to the old pier would take a month longer."
    paragraphs, headings, _ = split_body([("p", prose), ("h", label), ("p", prose + " Yes.")],
                                         None, set())
    assert headings == [] and paragraphs == [prose, prose + " Yes."]
    assert split_body([("p", "Related Topics")], None, set())[0] == ["Related Topics"]
