"""The page variants ``python -m benchmarks.extraction --variant`` scores: the suites'
pages with hashed class names, or without their metadata."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html

from benchmarks._suites import variant

PAGE = ("<html><head><meta charset='utf-8'><meta name='author' content='Jane Doe'>"
        "<meta property='og:title' content='Harbour'><link rel='canonical' href='/a'>"
        "<script type='application/ld+json'>{\"@type\": \"NewsArticle\"}</script></head>"
        "<body><article class='entry-content post' id='comments' itemscope "
        "itemtype='https://schema.org/NewsArticle'><h1 itemprop='headline'>Harbour</h1>"
        "<a rel='author' href='/author/jd'>Jane Doe</a><p class='byline'>Text</p></article>"
        "</body></html>")


def test_hashed_names_leave_no_class_or_id_word() -> None:
    root = lxml_html.document_fromstring(variant(PAGE, "hashed-names"))
    article = root.find(".//article")
    assert article is not None
    classes = article.get("class", "").split()
    assert len(classes) == 2 and not {"entry-content", "post"} & set(classes)
    assert article.get("id") not in (None, "comments")
    # The same name hashes the same way everywhere (a theme's alike elements stay alike).
    assert variant(PAGE, "hashed-names") == variant(PAGE, "hashed-names")
    assert root.find(".//p").get("class") != "byline"
    assert root.find(".//meta[@name='author']") is not None  # metadata untouched


def test_no_metadata_keeps_the_charset_and_the_visible_page() -> None:
    out = variant(PAGE, "no-metadata")
    root = lxml_html.document_fromstring(out)
    assert [m.get("charset") for m in root.iter("meta")] == ["utf-8"]
    assert "ld+json" not in out and "itemprop" not in out and "itemscope" not in out
    assert root.find(".//a").get("rel") is None
    assert root.find(".//link").get("rel") == "canonical"
    assert root.find(".//h1").text == "Harbour" and "Jane Doe" in root.find(".//a").text


def test_as_is_is_the_page_and_an_unknown_variant_is_refused() -> None:
    assert variant(PAGE, "as-is") == PAGE
    with pytest.raises(ValueError, match="unknown variant"):
        variant(PAGE, "shuffled")


def test_div_prose_writes_every_paragraph_as_a_div() -> None:
    out = variant(PAGE, "div-prose")
    root = lxml_html.document_fromstring(out)
    assert root.find(".//p") is None
    assert [d.get("class") for d in root.iter("div")] == ["byline"]  # attributes kept
    assert "Text" in root.find(".//article").text_content()


SECTIONED = ("<html><body><header><nav><a href='/'>Home</a></nav></header><main><article>"
             "<h1>Harbour</h1><time datetime='2024-05-03T10:00:00Z'>May 3</time>"
             "<section><p>One.</p><figure><img src='a.jpg'><figcaption>Pier</figcaption>"
             "</figure></section><aside>Ad</aside></article></main><footer>Site</footer>"
             "</body></html>")


def test_div_soup_leaves_no_sectioning_tag_and_no_machine_time() -> None:
    root = lxml_html.document_fromstring(variant(SECTIONED, "div-soup"))
    tags = {el.tag for el in root.iter() if isinstance(el.tag, str)}
    assert not tags & {"header", "nav", "main", "article", "section", "figure",
                       "figcaption", "aside", "footer", "time"}
    span = root.find(".//span")
    assert span is not None and span.text == "May 3" and span.get("datetime") is None
    assert root.find(".//p").text == "One." and root.find(".//h1").text == "Harbour"
    assert root.text_content() == lxml_html.document_fromstring(SECTIONED).text_content()


def test_br_prose_ends_each_paragraph_with_two_breaks() -> None:
    page = ("<html><body><div class='c'><p>One <b>bold</b>.</p><p>Two.</p>tail"
            "</div></body></html>")
    out = variant(page, "br-prose")
    assert "<p" not in out
    assert "<div class=\"c\">One <b>bold</b>.<br><br>Two.<br><br>tail</div>" in out


def test_minified_leaves_no_space_beside_a_block_and_keeps_pre_and_words() -> None:
    page = ("<html>\n <body>\n  <div class='c'>\n   <p>One   <b>bold</b>\n   word.</p>\n"
            "   <p>Two.</p> tail\n   <span>a</span> <span>b</span>\n"
            "   <pre>  x\n  y </pre>\n  </div>\n </body>\n</html>")
    out = variant(page, "minified")
    assert ("<div class=\"c\"><p>One <b>bold</b> word.</p><p>Two.</p>tail "
            "<span>a</span> <span>b</span><pre>  x\n  y </pre></div>") in out
    assert "\n" not in out.replace("  x\n  y ", "")


def test_builder_boxes_put_each_paragraph_in_three_boxes_numbered_by_its_text() -> None:
    page = "<html><body><div class='c'><p>One.</p> tail<p>Two.</p></div></body></html>"
    root = lxml_html.document_fromstring(variant(page, "builder-boxes"))
    outers = root.find(".//div[@class='c']").findall("div")
    assert [o.find("div/div/p").text for o in outers] == ["One.", "Two."]
    assert outers[0].tail == " tail"
    assert outers[0].get("data-id") != outers[1].get("data-id")
    assert all(f"elementor-element-{o.get('data-id')} " in o.get("class") for o in outers)


def test_inserts_go_between_a_runs_paragraphs_never_after_its_last_or_into_short_runs(
        ) -> None:
    words = "the harbour authority said repairs to the pier would take a month"
    story = "".join(f"<p>{words} {i}</p>" for i in range(9))
    short = "".join(f"<p>{words} short {i}</p>" for i in range(3))
    page = (f"<html><body><article>{story}</article><div class='rail'>{short}</div>"
            "<p>Too short to count.</p></body></html>")
    root = lxml_html.document_fromstring(variant(page, "inserts"))
    article = root.find(".//article")
    children = list(article)
    # After the 2nd, 5th and 8th paragraphs, not after the 9th.
    assert [c.tag == "p" and c.text_content().startswith(words) for c in children] == [
        True, True, False, True, True, True, False, True, True, True, False, True]
    assert all(c.text_content().strip() for c in children)
    assert len(root.find(".//div[@class='rail']")) == 3
    # Every paragraph's text is kept, and the page is the same one each time.
    assert [p.text_content() for p in article.iter("p")
            if p.text_content().startswith(words)] == [f"{words} {i}" for i in range(9)]
    assert variant(page, "inserts") == variant(page, "inserts")


@pytest.mark.parametrize("n", range(12))
def test_comments_follow_the_holder_of_most_long_paragraphs_in_every_shape(n: int) -> None:
    words = f"the harbour authority said on day {n} that repairs to the pier would take long"
    story = "".join(f"<p>{words} {i}</p>" for i in range(4))
    rail = "".join(f"<p>{words} rail {i}</p>" for i in range(3))
    page = (f"<html><head><title>Harbour {n}</title></head><body><h1>Pier works {n}</h1>"
            f"<div class='rail'>{rail}</div><article><div class='body'>{story}</div>"
            "<p>Share this</p></article></body></html>")
    root = lxml_html.document_fromstring(variant(page, "comments"))
    body = root.find(".//div[@class='body']")
    thread = body.getnext()
    assert thread is not None and thread.getnext().text_content() == "Share this"
    text = thread.text_content()
    assert len(list(thread.iter("p"))) >= 3 or text.count(" wrote on ") >= 3
    # The story and the rail are as they were; the page is the same one each time.
    assert [p.text_content() for p in body] == [f"{words} {i}" for i in range(4)]
    assert len(root.find(".//div[@class='rail']")) == 3
    assert variant(page, "comments") == variant(page, "comments")


def test_comments_come_in_four_shapes_and_label_the_story_by_its_headline() -> None:
    shapes, named = set(), False
    for n in range(40):
        words = f"story {n}: the harbour authority said repairs to the pier would take long"
        out = variant("<html><body><h1>Pier works</h1><div>"
                      + "".join(f"<p>{words} {i}</p>" for i in range(3))
                      + "</div></body></html>", "comments")
        shapes.add("comment-list" if "comment-list" in out else "microdata"
                   if "schema.org/Comment" in out else "hours ago" if "hours ago" in out
                   else "wrote on" if " wrote on " in out else "none")
        named = named or "“<span>Pier works</span>”" in out or "“Pier works”" in out
    assert shapes == {"comment-list", "microdata", "hours ago", "wrote on"}
    assert named


def test_comments_need_a_run_of_three_long_paragraphs() -> None:
    page = ("<html><body><div><p>the harbour authority said repairs would take long one</p>"
            "<p>the harbour authority said repairs would take long two more</p></div>"
            "</body></html>")
    assert "2031" not in variant(page, "comments")


def test_no_h1_sets_each_headline_in_a_lower_heading_or_a_box_with_its_attributes() -> None:
    tags = set()
    for n in range(30):
        page = (f"<html><body><h1 class='logo'>Courier {n}</h1><article><h1 class='title' "
                f"id='t{n}'>Harbour story {n}</h1><p>Text {n}.</p></article></body></html>")
        root = lxml_html.document_fromstring(variant(page, "no-h1"))
        assert root.find(".//h1") is None
        headline = root.get_element_by_id(f"t{n}")
        assert headline.get("class") == "title" and headline.text == f"Harbour story {n}"
        tags.add(headline.tag)
        assert variant(page, "no-h1") == variant(page, "no-h1")
    assert tags == {"h2", "h3", "div"}


def test_script_body_moves_the_storys_blocks_into_data_in_every_shape() -> None:
    import json
    import re
    shapes = set()
    for n in range(40):
        words = f"story {n}: the harbour authority said repairs to the pier would take long"
        blocks = [f"{words} {i}" for i in range(4)]
        page = ("<html><body><nav><a href='/'>Home</a></nav><div class='story'>"
                + "".join(f"<p>{b}</p>" for b in blocks[:2]) + "<h2>What next</h2>"
                + "".join(f"<p>{b}</p>" for b in blocks[2:]) + "</div></body></html>")
        out = variant(page, "script-body")
        root = lxml_html.document_fromstring(out)
        story = root.find(".//div[@class='story']")
        assert story is not None and len(story) == 0 and not story.text_content().strip()
        script = root.findall(".//script")[-1].text
        for text in [*blocks, "What next"]:
            assert text in script
        assignment = re.search(r"(?:globalContent|__INITIAL_STATE__)\s*=\s*", script)
        start = assignment.end() if assignment else 0
        data = json.JSONDecoder().raw_decode(script, start)[0]
        if isinstance(data, list):  # Nuxt's payload, flattened: the HTML one of its values
            assert data[0] == ["ShallowReactive", 1] and isinstance(data[1], dict)
            shapes.add("nuxt")
        else:
            shapes.add("arc" if "content_elements" in data else "wp-rest" if "source" in data
                       else re.search(r"_type|nodeType|blocks", script).group(0))
        assert variant(page, "script-body") == out
    assert shapes == {"arc", "wp-rest", "_type", "nodeType", "blocks", "nuxt"}


def test_custom_elements_name_the_storys_boxes_only() -> None:
    paragraphs = "".join(f"<p>{'word ' * 14}{i}</p>" for i in range(4))
    page = (f"<html><body><div class='site'><div class='nav'><a href='/'>Home</a></div>"
            f"<article><div class='story' id='s'>{paragraphs}</div></article>"
            f"<div class='foot'>Site</div></div></body></html>")
    root = lxml_html.document_fromstring(variant(page, "custom-elements"))
    tags = [el.tag for el in root.iter() if isinstance(el.tag, str) and el.tag != "p"]
    assert tags[:4] == ["html", "body", tags[2], "div"] and "-" in tags[2]
    story = root.find(".//article")[0]
    assert "-" in story.tag and story.get("class") == "story" and len(story) == 4
    assert story.tag != tags[2] and root.find(".//div[@class='foot']") is not None


def test_logo_h1_sets_the_sites_brand_first_and_keeps_the_headline() -> None:
    page = ("<html><head><link rel='canonical' href='https://www.coastpost.co.uk/a/1'>"
            "<title>Harbour repairs - Coast</title></head><body>"
            "<div><h1>Harbour repairs</h1><p>Text</p></div></body></html>")
    root = lxml_html.document_fromstring(variant(page, "logo-h1"))
    first = root.find("body")[0]
    assert first.tag == "header" and first[0].tag == "h1" and first[0][0].get("href") == "/"
    assert [h.text_content() for h in root.iter("h1")] == ["Coastpost", "Harbour repairs"]
    og = page.replace("<link rel='canonical' href='https://www.coastpost.co.uk/a/1'>",
                      "<meta property='og:url' content='https://news.harbour.com/a/1'>")
    assert lxml_html.document_fromstring(variant(og, "logo-h1")).find(".//h1").text_content(
        ) == "Harbour"
    unnamed = page.replace("<link rel='canonical' href='https://www.coastpost.co.uk/a/1'>", "")
    assert variant(unnamed, "logo-h1").count("<h1") == 1


def test_amp_writes_every_image_as_amp_img_and_sets_ad_slots_in_the_story() -> None:
    paragraphs = "".join(f"<p>{'word ' * 14}{i}</p>" for i in range(6))
    page = (f"<html><body><img src='/logo.png' alt='Logo'><div class='story'>{paragraphs}"
            f"<img src='/a.jpg' width='640'></div></body></html>")
    root = lxml_html.document_fromstring(variant(page, "amp"))
    assert root.get("amp") == "" and root.find(".//img") is None
    assert [(i.get("src"), i.get("layout")) for i in root.iter("amp-img")] == [
        ("/logo.png", "responsive"), ("/a.jpg", "responsive")]
    story = root.find(".//div[@class='story']")
    assert [c.tag for c in story] == ["p", "p", "amp-ad", "p", "p", "p", "amp-ad", "p",
                                      "amp-img"]


def test_furniture_names_name_the_storys_boxes_and_box_its_rest() -> None:
    chunk = "".join(f"<p>{'word ' * 14}{i}</p>" for i in range(5))
    page = (f"<html><body><div class='nav'><a href='/'>Home</a></div><article>"
            f"<div class='story'>{chunk}</div><figure><img src='/a.jpg'></figure>"
            f"<div class='story'><p>{'more ' * 14}</p></div></article>"
            f"<div class='foot'>Site</div></body></html>")
    root = lxml_html.document_fromstring(variant(page, "furniture-names"))
    boxes = root.findall(".//article/div")
    word = boxes[0].get("class").split()[1]
    assert word in ("expandable", "paid-content", "widget", "has-overlay")
    assert [b.get("class") for b in boxes] == [f"story {word}"] * 2
    assert [c.tag for c in boxes[0]] == ["p", "p", "div"]
    rest = boxes[0][2]
    assert rest.get("id") == "premium-content" and len(rest.findall("p")) == 3
    assert root.find(".//div[@class='foot']") is not None
    bare = lxml_html.document_fromstring(
        variant(page.replace(chunk, "<p>short</p>"), "furniture-names"))
    assert [b.get("class") for b in bare.findall(".//article/div")] == ["story"] * 2


def test_split_story_boxes_the_storys_rest_in_one_of_four_shapes() -> None:
    shapes = set()
    for n in range(40):
        chunk = "".join(f"<p>{'word ' * 14}{n} {i}</p>" for i in range(6))
        page = (f"<html><body><h1>Title {n}</h1><div class='story'>{chunk}</div>"
                f"<div class='foot'>Site</div></body></html>")
        root = lxml_html.document_fromstring(variant(page, "split-story"))
        story = root.find(".//div[@class='story']")
        assert [c.tag for c in story][:2] == ["p", "p"]
        rest = story[-1]
        assert rest.tag == "div" and len(rest.findall("p")) == 4
        control = story[2] if story[2].tag == "a" else None
        hidden = "display: none" in (rest.get("style") or "")
        assert not hidden or control is not None
        shapes.add((rest.get("class"), control is not None, hidden))
        bare = lxml_html.document_fromstring(variant(page.replace(chunk, chunk[:200]),
                                                     "split-story"))
        assert bare.find(".//div[@class='story-rest']") is None
    assert shapes == {("story-rest", False, False), ("expandable-content", False, False),
                      ("story-rest", True, False), ("story-rest", True, True)}


def test_legacy_bytes_drop_every_declaration_and_encode_in_the_languages_encoding() -> None:
    from benchmarks.encodings import decoded_right, legacy_bytes

    page = ("<html lang='ru'><head><meta charset='utf-8'><meta http-equiv='Content-Type' "
            "content='text/html; charset=utf-8'><title>Гавань</title></head><body><p>Ремонт "
            "причала займёт на месяц больше ✓</p></body></html>")
    encoded, encoding = legacy_bytes(page, "ru")
    assert encoding == "cp1251" and b"charset" not in encoded and b"lang=" in encoded
    assert "Ремонт причала" in encoded.decode("cp1251") and b"&#10003;" in encoded
    unlabelled, _ = legacy_bytes(page, "ru", keep_lang=False)
    assert b"lang=" not in unlabelled
    assert decoded_right(encoded, "cp1251")
    assert not decoded_right(encoded, "cp1252")  # (read as Cyrillic, not as Latin)
