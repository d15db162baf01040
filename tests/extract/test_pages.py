"""Page types, JavaScript shells, encodings and structured-data-only markups."""

from __future__ import annotations

import pytest

from crawler.demosite._content import post_by_id, posts
from crawler.demosite._pages import article_page, blogs_listing, category_listing
from crawler.extract import ExtractionError, extract
from crawler.render_policy import render_reason

URL = "http://news.example/x"


def test_listing_and_category_pages_are_not_articles() -> None:
    for html in (blogs_listing(1), blogs_listing(3), category_listing(2, 1)):
        assert html is not None
        assert extract(html, URL).page_type == "listing"


def test_a_crawler_gets_a_listings_links_and_type_without_its_body() -> None:
    listing = blogs_listing(1)
    assert listing is not None
    full = extract(listing, URL)
    quick = extract(listing, URL, links_only_if_not_article=True)
    assert quick.page_type == full.page_type == "listing"
    assert quick.links == full.links and quick.title == full.title
    assert full.text and not quick.text
    static, shell = post_by_id(2), next(p for p in posts() if p.js_mode == "app")
    assert static is not None
    for html in (article_page(static), article_page(shell)):  # articles: all of it
        assert extract(html, URL, links_only_if_not_article=True) == extract(html, URL)


@pytest.mark.parametrize("mode", ["fetch", "app"])
def test_javascript_posts_are_recognised_as_shells(mode: str) -> None:
    post = next(p for p in posts() if p.js_mode == mode)
    article = extract(article_page(post), URL)
    assert article.js_shell
    assert article.word_count < 60
    assert render_reason(article, "auto") == "js-shell"
    assert render_reason(article, "never") is None


def test_static_post_needs_no_render_in_auto_but_does_in_always() -> None:
    post = post_by_id(2)
    assert post is not None and post.js_mode is None
    article = extract(article_page(post), URL)
    assert render_reason(article, "auto") is None
    assert render_reason(article, "always") == "always"


def test_binary_garbage_is_an_extraction_error() -> None:
    with pytest.raises(ExtractionError):
        extract(bytes(range(256)) * 8, URL)


TURKISH = """<html lang="tr"><head><meta http-equiv="Content-Type"
 content="text/html; charset=windows-1254"><title>Şehir haberleri</title></head><body>
<article><h1>İstanbul'da yağmur uyarısı: sürücüler dikkatli olmalı</h1>
<div class="yazar"><a rel="author" href="/yazar/ayse">Ayşe Yılmaz</a></div>
<div class="stats"><span class="okunma">3,5B</span><span class="yorum-sayisi">12</span></div>
""" + "".join(
    f"<p>Meteoroloji Genel Müdürlüğü, şehrin kuzeyinde şiddetli yağış beklendiğini açıkladı; "
    f"ılık hava {i}. gün de sürecek ve öğleden sonra rüzgâr güçlenecek.</p>" for i in range(8)
) + "</article></body></html>"


def test_windows_1254_page_decodes() -> None:
    article = extract(TURKISH.encode("cp1254"), URL)
    assert article.title == "İstanbul'da yağmur uyarısı: sürücüler dikkatli olmalı"
    assert article.authors == ["Ayşe Yılmaz"]
    assert "şiddetli yağış" in article.text and "ğ" in article.text
    assert article.language == "tr"
    assert article.comments == 12


# Pages made UTF-8 that still declare the legacy encoding they were written in (a
# saved or converted page's <meta>, a server's default charset in the header).
UTF8_DECLARED_OTHERWISE = [
    ("<meta charset='gb2312'>", None, "港口维修工程将延期一个月", "市议会周二发布的报告称，港口维修费用超出预算。"),
    ("<meta http-equiv='Content-Type' content='text/html; charset=Shift_JIS'>", None,
     "港の修理は一か月遅れる", "市議会が火曜日に発表した報告書によると、港の修理費用は予算を超えた。"),
    ("<meta charset='windows-1251'>", None, "Ремонт гавани затянется",
     "Ремонт причала займёт на месяц больше, сообщил во вторник городской совет."),
    ("", "text/html; charset=ISO-8859-1", "Réparations du port : un mois de plus",
     "Les réparations de la jetée coûteront plus cher que prévu, selon le conseil municipal."),
    ("<meta charset='euc-kr'>", "text/html", "항구 보수 공사 한 달 연장",
     "시의회가 화요일 발표한 보고서에 따르면 부두 보수 비용이 예산을 넘어섰다."),
]


@pytest.mark.parametrize(("declared", "header", "headline", "sentence"), UTF8_DECLARED_OTHERWISE)
def test_a_utf8_page_declaring_a_legacy_encoding_reads_as_utf8(
        declared: str, header: str | None, headline: str, sentence: str) -> None:
    page = (f"<html><head>{declared}<title>{headline}</title></head><body><article>"
            f"<h1>{headline}</h1>" + "".join(f"<p>{sentence} {i}</p>" for i in range(6))
            + "</article></body></html>")
    for body in (page.encode("utf-8"), b"\xef\xbb\xbf" + page.encode("utf-8")):
        article = extract(body, URL, header)
        assert article.title == headline
        assert article.paragraphs[0] == f"{sentence} 0"


@pytest.mark.parametrize(("encoding", "text"), [
    ("cp1252", "Le café et la crème brûlée coûtent plus cher à la jetée."),
    ("gb2312", "市议会周二发布的报告称，港口维修费用超出预算，工程将延期。"),
    ("shift_jis", "市議会が火曜日に発表した報告書によると、港の修理費用は予算を超えた。"),
])
def test_a_page_in_the_legacy_encoding_it_declares_still_reads_so(encoding: str, text: str
                                                                  ) -> None:
    """A guard: text in a legacy encoding is no valid UTF-8, and its declaration holds."""
    page = (f"<html><head><meta charset='{encoding}'><title>T</title></head><body><article>"
            f"<h1>Harbour</h1>" + "".join(f"<p>{text} {i}</p>" for i in range(6))
            + "</article></body></html>")
    assert extract(page.encode(encoding), URL).paragraphs[0] == f"{text} 0"


JSON_LD = """<html><head><script type="application/ld+json">{
 "@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Harbour reopens after storm repairs",
 "author": [{"@type": "Person", "name": "Merve Kaya"}],
 "datePublished": "2025-02-03T07:30:00+03:00", "articleSection": "Economy",
 "keywords": "harbour, storm", "inLanguage": "en-GB",
 "interactionStatistic": [
   {"@type": "InteractionCounter", "interactionType": "https://schema.org/CommentAction",
    "userInteractionCount": 7},
   {"@type": "InteractionCounter", "interactionType": "https://schema.org/ViewAction",
    "userInteractionCount": 2300}]
}</script></head><body><div class="content">
""" + "<p>The harbour reopened on Monday after three weeks of repairs to the storm wall, " \
      "and the first ferries left on schedule in calm weather.</p>" * 6 + "</div></body></html>"


def test_json_ld_only_metadata() -> None:
    article = extract(JSON_LD, URL)
    assert article.page_type == "article"
    assert article.title == "Harbour reopens after storm repairs"
    assert article.authors == ["Merve Kaya"]
    assert article.published_at is not None
    assert article.published_at.isoformat() == "2025-02-03T04:30:00+00:00"
    assert article.category == "Economy"
    assert article.tags == ["harbour", "storm"]
    assert article.language == "en"
    assert (article.views, article.comments) == (2300, 7)


OPEN_GRAPH = """<html><head>
<meta property="og:type" content="article"><meta property="og:title" content="Museum opens a new wing">
<meta property="article:published_time" content="2024-11-05T10:00:00Z">
<meta property="article:author" content="Daniel Osei">
<meta property="article:section" content="Literature">
<meta property="article:tag" content="museum"><meta property="og:locale" content="en_US">
</head><body><h1>Site logo</h1><main>
<figure><img src="/w.jpg" alt="The new wing"><figcaption>The new wing at dusk.</figcaption></figure>
""" + "<p>The museum opened its new wing to the public, with rooms for manuscripts and a " \
      "reading hall that seats two hundred people.</p>" * 5 + "</main></body></html>"


def test_open_graph_only_metadata() -> None:
    article = extract(OPEN_GRAPH, URL)
    assert article.title == "Museum opens a new wing"
    assert article.authors == ["Daniel Osei"]
    assert article.published_at is not None and article.published_at.year == 2024
    assert article.category == "Literature"
    assert article.tags == ["museum"]
    assert article.language == "en"
    assert [(i.src, i.caption) for i in article.images] == [
        ("http://news.example/w.jpg", "The new wing at dusk.")]
    assert "The new wing at dusk." not in article.text


def _story_page(head: str = "", extra: str = "") -> str:
    body = "".join(f"<p>The harbour authority said repairs to pier {i} would take a month "
                   f"and cost more than planned, according to the report.</p>" for i in range(6))
    return (f"<html><head><title>Pier repairs</title>{head}</head><body><article>"
            f"<h1>Pier repairs will take a month</h1>{body}{extra}</article></body></html>")


def test_malformed_urls_in_a_page_are_skipped_not_fatal() -> None:
    extra = ("<a href='http://[::1/x'>a</a><a href='https://[2001:db8::1]/'>b</a>"
             "<img src='http://[broken/img.jpg'><a href=' /news/2 '>c</a>"
             "<h3>Read more</h3><ul><li><a href='#comments'>Comments</a></li>"
             "<li><a href='/news/3'>The ferry timetable changes next week</a></li></ul>")
    article = extract(_story_page("<link rel='canonical' href='http://[x'>", extra), URL)
    assert article.word_count > 100
    assert article.url == URL  # the broken canonical is ignored
    assert f"{URL.split('/', 3)[0]}//{URL.split('/', 3)[2]}/news/2" in article.links
    assert "https://[2001:db8::1]/" in article.links
    assert not any("[::1" in link for link in article.links)
    assert [r.url.rsplit("/", 2)[-2:] for r in article.related] == [["news", "3"]]


def test_xhtml_with_an_xml_declaration_and_a_stray_nul_are_pages() -> None:
    xhtml = '<?xml version="1.0" encoding="utf-8"?>\n' + _story_page().replace(
        "<html>", '<html xmlns="http://www.w3.org/1999/xhtml">')
    assert extract(xhtml.encode(), URL).title == "Pier repairs will take a month"
    with_nul = _story_page().replace("the report.", "the re\x00port.", 1)
    assert "the report." in extract(with_nul.encode(), URL).paragraphs[0]


def test_a_page_no_rule_foresaw_is_an_extraction_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever breaks inside extraction is the page's error, for the crawl to record."""
    import crawler.extract._extract as module

    def broken(*_: object) -> list[str]:
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(module, "links", broken)
    with pytest.raises(ExtractionError, match="extraction failed .RecursionError"):
        extract(_story_page(), URL)


ARCHIVE_LINKS = ("<a rel='author' href='/a/jane'>Jane Doe</a> <a class='author-link' "
                 "href='/a/jane'>View author archive</a> <a class='author-mail' "
                 "href='mailto:j@x'>jane@news.example</a>")


@pytest.mark.parametrize(
    ("byline", "authors"),
    [("<span class='author'>Ayşe Yılmaz</span>", ["Ayşe Yılmaz"]),
     ("<div class='byline'>By <span class='byline-name'>Jane Doe</span>, Staff Writer</div>",
      ["Jane Doe"]),
     ("<div class='byline'>By Jane Doe and John Roe | Harbour Desk</div>",
      ["Jane Doe", "John Roe"]),
     (ARCHIVE_LINKS, ["Jane Doe"]),
     ("<div class='author'>By</div>", [])],
)
def test_bylines_name_people_not_links_or_labels(byline: str, authors: list[str]) -> None:
    html = _story_page(extra="").replace("<h1>", f"<div class='meta'>{byline}</div><h1>", 1)
    assert extract(html, URL).authors == authors


def test_declared_authors_lose_the_by_and_the_desk() -> None:
    head = "<meta name='author' content='By TOM KRISHER, AP Auto Writer'>"
    assert extract(_story_page(head), URL).authors == ["TOM KRISHER"]


@pytest.mark.parametrize(("base", "expected"), [
    ("https://cdn.news.example/archive/", "https://cdn.news.example/archive/2024/story"),
    ("/mirror/", "https://news.example/mirror/2024/story"),
    ("javascript:void(0)", "https://news.example/section/2024/story"),
])
def test_relative_links_resolve_against_base_href(base: str, expected: str) -> None:
    """``<base href>`` decides where relative links point (the first one; a non-http one
    is ignored, as browsers do); absolute links are unaffected."""
    page = (f"<html><head><base href='{base}'><base href='https://other.example/'>"
            "<title>Index</title></head><body><ul>"
            "<li><a href='2024/story'>Story</a></li>"
            "<li><a href='https://news.example/abs'>Absolute</a></li></ul></body></html>")
    article = extract(page, "https://news.example/section/index")
    assert article.links == [expected, "https://news.example/abs"]
