"""``extract(html, url)``: decode, parse once, read metadata and structure, then the body."""

from __future__ import annotations

import codecs
import logging
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from copy import deepcopy
from datetime import datetime, timedelta
from itertools import chain, islice
from urllib.parse import urlsplit

import charset_normalizer
import htmldate
from lxml import etree
from lxml import html as lxml_html
from w3lib.encoding import html_to_unicode
from w3lib.url import canonicalize_url

from crawler.extract import _boxes as boxes
from crawler.extract import _byline as bylines
from crawler.extract import _frame as frame
from crawler.extract import _pagetype as page_types
from crawler.extract import _related as related_posts
from crawler.extract._article import Article, Extraction, Image
from crawler.extract._body import (
    body_lines,
    headings_from_styles,
    link_texts,
    paragraphs_from_breaks,
    paragraphs_from_divs,
    places_into_paragraphs,
    prose_in_divs,
    split_body,
    unscripted_words,
    unwrap_paragraph_boxes,
)
from crawler.extract._comments import comment_threads
from crawler.extract._confidence import confidence, reads_as_prose
from crawler.extract._holder import hidden, key
from crawler.extract._hydration import holds_data, hydrated_bodies
from crawler.extract._language import (
    MIN_CHARS,
    declared_language,
    declared_region,
    detect,
    identify,
    page_language,
)
from crawler.extract._links import document_base, feed_links, http_url, links, site_root
from crawler.extract._metadata import Metadata, in_teaser_article, read_metadata, teaser_articles
from crawler.extract._readability import readability_lines
from crawler.extract._text import (
    best_date,
    clean,
    count_words,
    dateline_value,
    headline_words,
    is_unspaced,
    parse_date,
    shown_first,
    unspaced_chars,
    weighted_len,
    written_dates,
)
from crawler.extract._title import (
    choose_title,
    comparable,
    is_site_name,
    looks_like_headline,
    names_the_site,
    near_title,
    strip_site_name,
)
from crawler.extract._tree import (
    Names,
    custom_elements_as_html,
    drop,
    drop_heading_permalinks,
    fits_in,
    furniture_boxes,
    holders,
    lone_texts,
    own_text,
    short_texts,
    shown_texts,
    text_longer,
)
from crawler.extract.fingerprints import content_hash, paragraph_keys, simhash, simhash_bands
from crawler.urls import host_of, url_pattern

logger = logging.getLogger(__name__)

# Fewer words than this in a page that holds an empty app root or a <noscript>
# notice means the article is drawn by JavaScript.
JS_SHELL_MAX_WORDS = 60
# Script data holding a body this long is the article; less is a summary or a teaser
# (render_policy renders static articles under 80 words as thin).
HYDRATION_MIN_WORDS = 80
HYDRATION_GAIN = 2
_HYDRATED_BYLINE_LINES = 3
_THIN_BODY_CHARS = 400
# A body this short under a headline asks readability for a second opinion, which wins
# with this many times the words (measured: no page of the public suites changes; the
# collapsed pages of tests/extract/test_body_shapes.py are recovered).
FALLBACK_BELOW_WORDS = 50
FALLBACK_GAIN = 2
_SNIFF_BYTES = 64 * 1024  # enough text to tell an encoding, at a bounded cost
_SNIFF_MAX_CHAOS = 0.2  # charset-normalizer's "mess" above which a candidate is garbage
_TAGS = re.compile(r"<[^>]*>")


class ExtractionError(ValueError):
    """The page cannot be parsed as HTML at all, or extraction failed on it."""


def decode_html(html: str | bytes, content_type: str | None = None) -> str:
    """Text of a page: UTF-8 where its bytes are that (and not all ASCII), else its BOM,
    then the HTTP header, then <meta charset>, then sniffing. Text of a legacy
    encoding is next to never valid UTF-8 (a Chinese or Japanese one never, a Latin
    one only if every accent stands in a pair such as "Ã©"), while pages that were
    made UTF-8 and still declare the encoding they had ("<meta charset=gb2312>", a
    server's default "charset=ISO-8859-1") are common: declaration first, their title
    and story were mojibake."""
    if isinstance(html, str):
        return html
    if not html.isascii():
        try:
            return html.decode("utf-8-sig")
        except UnicodeDecodeError:
            pass
    _encoding, text = html_to_unicode(content_type, html, auto_detect_fun=_sniff_encoding)
    return str(text)


def _sniff_encoding(body: bytes) -> str | None:
    """The encoding of a page that declares none ("Te\ufffdvik" was a windows-1254 page
    read as UTF-8): UTF-8 where it is all ASCII; else one of charset-normalizer's
    plausible candidates among the encodings a browser guesses between, read from the
    lines that hold more than ASCII outside scripts and styles (the first 64 KB are
    often all script): a legacy encoding of the language the page declares
    (``<html lang>``), else the one whose text reads most plainly as some language;
    windows-1252, the web's fallback, where none is plausible. charset-normalizer
    alone cannot tell the single-byte code pages apart (it took a Turkish page for
    ISO 8859-10, English ones for DOS code pages); the language identifier can."""
    if body.isascii():
        return "utf-8"  # (UTF-8 with more than ASCII is read before any declaration)
    sample = (_beyond_ascii(_CODE.sub(b" ", body)) or _beyond_ascii(body))[:_SNIFF_BYTES]
    guessed = [(m, name) for m in charset_normalizer.from_bytes(sample)
               if m.chaos <= _SNIFF_MAX_CHAOS and (name := codecs.lookup(m.encoding).name) in _GUESSED]
    if not guessed:
        return "cp1252"  # (the web's fallback where nothing reads plainly)
    declared = _DECLARED_LANG.search(body[:_SNIFF_BYTES])
    legacy = _LEGACY.get(declared.group(1).decode().lower(), ()) if declared else ()
    in_language = next((m.encoding for m, name in guessed if name in legacy), None)
    if in_language is not None:
        return in_language
    best, _ = max(guessed, key=lambda found: identify(
        " ".join(_TAGS.sub(" ", str(found[0])).split()))[1])
    return best.encoding


def _beyond_ascii(body: bytes) -> bytes:
    return b"\n".join(line for line in body.split(b"\n") if not line.isascii())


_CODE = re.compile(rb"<(script|style)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_DECLARED_LANG = re.compile(rb"<html\b[^>]*?\slang=[\"']?([a-zA-Z]{2,3})\b", re.IGNORECASE)
# The encodings a browser's detector chooses between for a page that declares none
# (Firefox's chardetng; the supersets Python names apart): no DOS or Mac code page.
_GUESSED = frozenset({
    "cp1250", "cp1251", "cp1252", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp1258",
    "iso8859-2", "iso8859-4", "iso8859-5", "iso8859-6", "iso8859-7", "iso8859-8", "iso8859-13",
    "koi8-r", "koi8-u", "cp866", "cp874", "tis-620", "shift_jis", "shift_jis_2004", "cp932",
    "euc_jp", "euc_jis_2004", "iso2022_jp", "euc_kr", "cp949", "big5", "big5hkscs", "gbk",
    "gb2312", "gb18030"})
# The legacy encodings pages in a language were written in, by its code.
_LEGACY = {lang: frozenset(encodings) for langs, encodings in (
    (("ja",), ("shift_jis", "shift_jis_2004", "cp932", "euc_jp", "euc_jis_2004", "iso2022_jp")),
    (("zh",), ("gb2312", "gbk", "gb18030", "big5", "big5hkscs")),
    (("ko",), ("euc_kr", "cp949")),
    (("ru", "uk", "bg", "sr", "mk", "be"), ("cp1251", "koi8-r", "koi8-u", "iso8859-5", "cp866")),
    (("pl", "cs", "sk", "hu", "hr", "sl", "ro", "bs"), ("cp1250", "iso8859-2")),
    (("el",), ("cp1253", "iso8859-7")), (("tr", "az"), ("cp1254",)), (("he", "yi"), ("cp1255", "iso8859-8")),
    (("ar", "fa", "ur"), ("cp1256", "iso8859-6")), (("lt", "lv", "et"), ("cp1257", "iso8859-13")),
    (("vi",), ("cp1258",)), (("th",), ("cp874", "tis-620")),
    (("en", "de", "fr", "es", "it", "pt", "nl", "sv", "da", "no", "nb", "nn", "fi", "is", "ca",
      "eu", "gl", "ga", "af", "sq", "id", "ms", "sw"), ("cp1252", "iso8859-1", "iso8859-15")),
) for lang in langs}


def extract(html: str | bytes, url: str, content_type: str | None = None, *,
            links_only_if_not_article: bool = False) -> Article:
    """Extract the article of one page.

    Args:
        html: the page, as text or as bytes in any declared or sniffable encoding.
        url: the URL the page was fetched from (resolves relative links).
        content_type: the HTTP Content-Type header, if known (its charset wins).
        links_only_if_not_article: a page whose metadata says it is something else
            than an article (``og:type`` website, ...) and that shows no JavaScript
            notice gets its title, links and type only, not its body: all a crawler
            needs from a listing, at a fraction of the cost.

    Raises:
        ExtractionError: the page holds no parsable HTML, or a page no rule foresaw made
            extraction fail: the crawl records it as the page's error and goes on.
    """
    try:
        return _extract(html, url, content_type, links_only_if_not_article)
    except ExtractionError:
        raise
    except Exception as exc:
        logger.debug("extraction failed on %s", url, exc_info=True)
        raise ExtractionError(f"{url}: extraction failed ({type(exc).__name__}: {exc})") from exc


def _extract(html: str | bytes, url: str, content_type: str | None,
             links_only_if_not_article: bool) -> Article:
    # One tree, read first as parsed (metadata, links), then cleaned in place.
    page = decode_html(html, content_type)
    if not page.isascii() and not unicodedata.is_normalized("NFC", page):  # (ASCII is NFC)
        # Decomposed accents ("e" + U+0301) from some editors: stored composed, as
        # queries and comparisons expect.
        page = unicodedata.normalize("NFC", page)
    work = _parse(page, url)
    meta = read_metadata(work, url)
    logos = _logos_as_boxes(work, url)
    js_notice = _js_notice(work)
    # Code is no text of the page: gone, every rule below reads and measures less (the
    # scripts that hold data stay for the story drawn from it).
    for el in [*work.iter("style"), *(s for s in work.iter("script") if not holds_data(s))]:
        drop(el)
    headline = _headline_without_h1(work, meta, host_of(url))
    if headline is not None:
        headline.tag = "h1"
    base = document_base(work, url)  # <base href>: where relative links point
    page_links = links(work, base)
    feeds = feed_links(work, base)
    language = _language(meta, work)
    other_type = page_types.declares_other(meta)
    if (links_only_if_not_article and not meta.is_article and not js_notice
            and page_types.links_only(meta, work)):
        canonical = _canonical(meta, url)
        return Article(
            url=canonical, canonical_url=canonical, domain=host_of(url),
            page_type="listing" if len(page_links) > 20 else "other",
            page_type_reason=page_types.declared_type(meta),
            site_name=meta.site_name, title=_title(meta, work, url, logos), language=language,
            links=page_links, feeds=feeds, extraction=Extraction(method="links-only"),
        )

    boxes.quoted_posts(work)
    # <font> says how text looks, nothing of what it is (trafilatura unwraps it too):
    # gone, the breaks inside it part paragraphs as the holder's own do.
    etree.strip_tags(work, "font")
    unscripted_words(work)
    paragraphs_from_breaks(work)  # before any rule counts paragraphs
    unwrap_paragraph_boxes(work)
    # Counted before teaser cards and related blocks are taken out (and after summaries
    # parted by breaks are paragraphs, as a card's summary is).
    linked_headings = page_types.linked_headings(work)
    places_into_paragraphs(work)
    headings_from_styles(work)
    # One scan of the page's short texts for every label looked for below.
    texts = short_texts(work)
    for thread in comment_threads(work, texts):
        drop(thread)  # (before the story's holder is chosen: a long comment may look one)
    body = frame.body_container(work)
    if body is None or len(own_text(body)) < _THIN_BODY_CHARS or prose_in_divs(work, body):
        # No prose in <p>: a page that writes paragraphs as bare <div>s.
        paragraphs_from_divs(work)
        body = frame.body_container(work)
    # (Prose counted in paragraphs, <div>-written ones included.)
    one_story = linked_headings > page_types.MAX_LINKED_HEADINGS and page_types.one_story(work)
    brief = page_types.brief_story(work)
    keep = holders(body)
    # The story as data for the page's scripts, read while the scripts are in the tree
    # (used where the HTML's body is empty or no part of it: see _story_elsewhere).
    data_bodies = hydrated_bodies(work, HYDRATION_MIN_WORDS)
    hydrated = data_bodies[0] if data_bodies else []
    # One scan of the page's class names for every box looked for below.
    names = Names(work)
    signed = bylines.signature(body)  # (before the teasers after the story go)
    related_el = related_posts.related_block(work, keep, texts, names, body)
    related = related_posts.related_links(related_el, base) if related_el is not None else []
    if related_el is not None:
        drop(related_el)
        if related_el in keep:  # the "body" was a teaser of it: look again
            body = frame.body_container(work)
            keep = holders(body)
    for el in [*related_posts.inline_related(work, keep, texts),
               *related_posts.headed_link_boxes(body, keep),
               *related_posts.linked_headlines(work, keep)]:
        known = {r.url for r in related}
        related += [r for r in related_posts.related_links(el, base) if r.url not in known]
        drop(el)
    boxes.strip_boilerplate(work, keep, texts, names, body)
    # The page's own addresses, as links to it compare.
    own = frozenset(related_posts.same_page_key(u)
                    for u in (url, http_url(base, meta.canonical or "")) if u)
    for card in [*related_posts.teaser_cards(work, body, keep, base, own),
                 *boxes.inline_cards(work, keep),
                 *boxes.contents_lists(work, keep)]:
        drop(card)
    body = frame.body_container(work)
    title = _title(meta, work, url, logos, body)
    later = _next_stories(work, title)
    if later:
        # The next stories of an endless scroll: no part of the page's story, and where one
        # was longer, its body was taken for the page's.
        for story in later:
            drop(story)
        body = frame.body_container(work)
        keep = holders(body)
    region = frame.article_region(work, body, title)
    images = frame.figures(region, url)
    # A slideshow's captions that tell the story are its text, not its pictures'.
    told = frame.story_captions(region, body)
    story = [key(own_text(c)) for c in told]
    captions = {c for i in images for c in (i.caption, i.alt)
                if c and len(c) > 20 and not any(key(c) in s for s in story)}
    frame.into_the_story(told, region)

    # Byline, counters and category sit around the prose, never inside its paragraphs.
    prose: list[lxml_html.HtmlElement | None] = list(body.iterchildren("p")) if body is not None else []
    views, comments = frame.counters(region, prose)
    # A byline may be the body's first, short paragraph ("<p>By Jane Doe | City</p>").
    long_prose: list[lxml_html.HtmlElement | None] = [
        p for p in prose if p is not None and len(own_text(p)) > 80]
    authors, when = bylines.byline(region, long_prose, body=body)
    if not authors and region is not work:
        # A byline above the region (in a page header beside the headline): the first
        # one before the body.
        authors = bylines.byline(work, long_prose, stop=body)[0]
    category, tags = frame.category_and_tags(region, prose, url)
    try:
        # Dates written in words are read in the page's language: where it declares
        # none, the one its prose is written in (where the HTML holds next to none, as
        # where a script draws the story, that of its data, else of the whole page).
        # (With the region a page declares: "16/05/2023" is the 16th of May in en-GB.)
        date_language = (declared_region(language, meta.language, work.get("lang"),
                                         host=host_of(url))
                         or detect(_language_sample(body, hydrated, work)))
        shown, edits = frame.dateline_texts(region)
        datelines = _Datelines(shown, date_language)
        published = _published(work, region, url, date_language,
                                [*_modified_last(meta.published_candidates, meta.modified), when],
                                datelines, body)
        modified = (parse_date(meta.modified) if meta.modified
                    else _shown_edit(edits, date_language, published))
    except (ValueError, OverflowError) as exc:  # a date is optional; the article is not
        logger.debug("publication time unreadable on %s: %s", url, exc)
        published, modified, datelines = None, None, _Datelines([], None)
    summaries = frame.standfirsts(work, title, body, meta.description)
    authors = _authors(meta, authors)
    # (Not the byline, a line under the headline too: a Thai one ends as a sentence does.)
    summaries = [s for s in summaries if not bylines.is_byline_line(s, authors)]
    for bio in boxes.author_bios(work, body, keep, authors):
        drop(bio)
    # Where nothing names the authors, a name alone under the headline (read now: the
    # tree is pruned next).
    under_headline = bylines.named_under_headline(work, body, title) if not authors else []

    # Read as lines, not taken out of the tree: the body extractor weighs a header's
    # links and text together, and a header without its kicker reads differently.
    labels = {key(el.text_content()) for el in frame.labels_over_headline(region, body, title)}

    def furniture(line: str) -> bool:
        return (datelines.holds(line) or datelines.edited(line)
                or bylines.is_byline_line(line, authors) or datelines.dated_byline(line, authors)
                or (bool(labels) and key(line) in labels))

    for facts in frame.fact_lists(work, furniture):
        drop(facts)
    # (Read before the body extractor prunes the tree; only where the frame decides.)
    linked = (page_types.linked_lines(work)
              if not meta.is_article and meta.listing_type is None else set())
    headlines = link_texts(work)  # (other stories' linked headlines may end the lines)
    # Last: the body extractor takes the tree over and prunes it.
    lines, method = body_lines(work, url, keep)

    standfirst = summaries[0] if summaries else None
    paragraphs, headings, text_lines = _without_dek(
        split_body(lines, title, captions, furniture, headlines), standfirst)
    if (signed and not authors and not under_headline and not datelines.author()
            and paragraphs and text_lines[-1] == paragraphs[-1] == signed[0]):
        # Where nothing above the story names its writer, the name it is signed with
        # (its line is no prose of the story).
        authors = [signed[1]]
        paragraphs, text_lines = paragraphs[:-1], text_lines[:-1]
    text = "\n\n".join(text_lines)
    n_words = count_words(text)
    if hydrated and (n_words < JS_SHELL_MAX_WORDS or _story_elsewhere(text, data_bodies)):
        # Drawn by script from data the page carries: the body without a browser. Where
        # nothing named the authors (the byline was looked for around the HTML's
        # "body", which is no story's), the page's first byline does, else one among
        # the data's first lines ("By Jane Doe"), which is no line of the text.
        if not authors:
            authors = bylines.byline(_parse(page, url), [])[0] or next(
                (named for line in hydrated[:_HYDRATED_BYLINE_LINES]
                 if (named := bylines.plain_byline(line))), [])
        paragraphs = [p for p in hydrated if not furniture(p)]
        headings, text = [], "\n\n".join(paragraphs)
        n_words, method = count_words(text), "hydration"
    elif n_words < FALLBACK_BELOW_WORDS and title and not js_notice:
        # Next to nothing where a headline stands: a second opinion, on a fresh tree
        # (readers' comments out of it as out of the first: a brief's thread is no body).
        fresh = _parse(page, url)
        for thread in comment_threads(fresh, short_texts(fresh)):
            drop(thread)
        # (Nor the site's "About us" in its footer, a rail's summaries: a brief story
        # has fewer words than they.)
        for box in furniture_boxes(fresh):
            drop(box)
        found = _without_dek(split_body(readability_lines(fresh), title, captions, furniture,
                                        headlines), standfirst)
        found_words = count_words("\n\n".join(found[2]))
        if found_words >= FALLBACK_GAIN * max(n_words, FALLBACK_BELOW_WORDS // 2):
            paragraphs, headings, text_lines = found
            text, n_words, method = "\n\n".join(text_lines), found_words, "readability"
    if all(" " not in a for a in authors):
        # No person named (or an agency: "Reuters"): the reporters a credit at the
        # story's foot names.
        authors = bylines.credited_authors(paragraphs) or authors
    if not authors:
        authors = (datelines.author() or [_cased(name) for name in under_headline]
                   or bylines.lead_credit(paragraphs))
    canonical = _canonical(meta, url)
    language = page_language(language, text) if text else language
    authors = _unspaced_names(authors, language)
    simhash_key = simhash(text) if text else None
    article = Article(
        url=canonical, canonical_url=canonical, domain=host_of(url),
        site_name=meta.site_name, title=title,
        lead=paragraphs[0] if paragraphs else clean(meta.description) or None,
        standfirst=standfirst,
        text=text, paragraphs=paragraphs, headings=headings,
        authors=authors,
        published_at=published,
        modified_at=modified,
        category=meta.section or category, tags=_split_tags(meta.tags or tags),
        images=_not_portraits(images, authors) or _og_image(meta), language=language,
        word_count=n_words,
        views=meta.views if meta.views is not None else views,
        comments=meta.comments if meta.comments is not None else comments,
        # (Not a link to the page itself: a tab of its own rail, a tracked self-link.)
        related=[r for r in related if related_posts.same_page_key(r.url) not in own],
        links=page_links, feeds=feeds,
        content_hash=content_hash(text) if text else None,
        simhash=simhash_key,
        simhash_bands=simhash_bands(simhash_key),
        paragraph_keys=paragraph_keys(paragraphs),
        js_shell=js_notice and n_words < JS_SHELL_MAX_WORDS,
    )
    article.page_type, article.page_type_reason = page_types.page_type(
        meta, article, 0 if one_story else linked_headings, other_type,
        # A short story beside a rail of linked headlines is a brief where the page
        # declares its time or shows it under the headline (a listing's intro text has
        # none of its own).
        brief=brief and (linked_headings <= page_types.MAX_LINKED_HEADINGS
                         or bool(meta.published_candidates or when or datelines.values())),
        at_root=site_root(url), prose=page_types.prose_words(text.split("\n\n"), linked))
    method = method if text else "none"
    article.extraction = Extraction(method=method, confidence=confidence(
        text, n_words, method, article.page_type, js_shell=article.js_shell,
        declared_body=meta.article_body))
    return article


def _language_sample(body: lxml_html.HtmlElement | None, hydrated: list[str],
                     root: lxml_html.HtmlElement) -> str:
    """Text to tell the page's language by: the body's, else the story its scripts
    carry, else the page's."""
    text = own_text(body) if body is not None else ""
    if len(text) >= MIN_CHARS:  # (enough to tell a language by)
        return text
    return " ".join(hydrated) or own_text(root)


def _not_portraits(images: list[Image], authors: list[str]) -> list[Image]:
    """The images but the authors' portraits: a picture without a caption whose alt
    text is an author's name (the byline's avatar, the author box's photo), however
    large it is drawn."""
    names = {name.casefold() for name in authors}
    return [i for i in images if i.caption or not i.alt or i.alt.casefold() not in names]


_Split = tuple[list[str], list[str], list[str]]


def _without_dek(split: _Split, standfirst: str | None) -> _Split:
    """The body without the standfirst where it opens it as a heading: a summary set
    in an <h2> or <h3> under the headline (Substack's subtitle, many themes' "dek") is
    the standfirst, no sub-heading of the story. (Set as a paragraph, it stays the
    body's first: a lead.)"""
    paragraphs, headings, text_lines = split
    if (standfirst and headings and text_lines and text_lines[0] == headings[0]
            and clean(headings[0]) == clean(standfirst)):
        return paragraphs, headings[1:], text_lines[1:]
    return split


_parsers = threading.local()  # an lxml parser must not be shared between threads


# Control characters other than white space: more than one in 20 means binary, not a page.
_CONTROL = dict.fromkeys([*range(9), 11, *range(14, 32), 127])
# In a page of text (not binary by that count), the C0 control characters but the tab
# and the line ends go: the vertical tab and the form feed as a space (white space to
# HTML or to Python: they part words), the others as nothing.
_STRAY_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SPACING_CONTROLS = re.compile(r"[\x0b\x0c]")


def _parser() -> lxml_html.HTMLParser:
    """lxml.html's parser with a class lookup done in C: every element is a plain
    ``HtmlElement``. lxml.html's default lookup runs a Python method for each element
    the code touches (form and input subclasses that extraction never uses), which
    cost about a tenth of the extraction time."""
    parser = getattr(_parsers, "parser", None)
    if parser is None:
        parser = _parsers.parser = lxml_html.HTMLParser(
            collect_ids=False, remove_comments=True, remove_pis=True, huge_tree=True)
        parser.set_element_class_lookup(etree.ElementDefaultClassLookup(
            element=lxml_html.HtmlElement, comment=lxml_html.HtmlComment,
            pi=lxml_html.HtmlProcessingInstruction, entity=lxml_html.HtmlEntity))
    return parser


def _parse(text: str, url: str) -> lxml_html.HtmlElement:
    head = text[:1024]
    if len(head) - len(head.translate(_CONTROL)) > len(head) // 20:
        raise ExtractionError(f"{url}: binary document")
    if _STRAY_CONTROLS.search(text):
        # A stray control character (a CMS's paste: "\x10", a vertical tab) shows nothing
        # and is no XML: lxml refuses it wherever a rule sets a text, as when <br>-parted
        # prose becomes paragraphs, and the whole article was lost with it. (A NUL: lxml
        # would stop there.)
        text = _STRAY_CONTROLS.sub("", _SPACING_CONTROLS.sub(" ", text))
    if not text.strip():
        raise ExtractionError(f"{url}: empty document")
    if text.lstrip().startswith("<?xml"):
        # XHTML: lxml refuses a decoded string that still declares its encoding.
        text = text.lstrip().split("?>", 1)[-1]
    try:
        root = lxml_html.document_fromstring(text, parser=_parser(), base_url=url)
    except (etree.ParserError, ValueError) as exc:
        raise ExtractionError(f"{url}: not HTML ({exc})") from None
    if root.find(".//body") is None and not len(root):
        raise ExtractionError(f"{url}: no HTML body")
    _formulas_as_text(root)
    custom_elements_as_html(root)
    drop_heading_permalinks(root)
    return root


def _formulas_as_text(root: lxml_html.HtmlElement) -> None:
    """MathML formulas as their text, token by token ("x = − b ± …"): body extractors
    drop the <math> element, and with it every formula of the article."""
    for math in list(root.iter("math", "{http://www.w3.org/1998/Math/MathML}math")):
        if math.getparent() is None:
            continue
        text = " ".join(t.strip() for t in math.itertext() if t.strip())
        holder = lxml_html.Element("p" if math.get("display") == "block" else "span")
        holder.text, holder.tail = text, math.tail
        math.getparent().replace(math, holder)


def _js_notice(root: lxml_html.HtmlElement) -> bool:
    """The page says it needs JavaScript, or holds an empty single-page-app root."""
    for el in root.iter("noscript"):
        if "javascript" in clean(el.text_content()).lower():
            return True
    for el in root.xpath("//body//div[@id]"):
        if el.get("id") in ("app", "root", "__next", "__nuxt", "main-app") and not clean(
            el.text_content()
        ):
            return True
    return False


def _authors(meta: Metadata, byline: list[str]) -> list[str]:
    """The people of the page's structured data, else those its byline names, else the
    people of its <meta> tags, else the organisation it declares ("Contributors to
    Wikimedia projects"): a byline's person is the author where the metadata names only
    the newsroom or the publisher; the byline's people where it names those of the
    structured data first and then more (a template that declares the first author
    only)."""
    declared, declared_orgs = _named_people(meta.authors)
    if declared:
        shown = [name.casefold() for name in byline]
        if (len(shown) > len(declared)
                and shown[:len(declared)] == [n.casefold() for n in declared]):
            return [_cased(name) for name in byline]
        return [_cased(name) for name in declared]
    if byline:
        return [_cased(name) for name in byline]
    # A <meta> author that is the site's own name ("Mac & i") is the publisher, whole.
    site = (meta.site_name or "").casefold()
    tagged, tagged_orgs = _named_people([a for a in meta.tag_authors if a.casefold() != site])
    tagged_orgs += [a for a in meta.tag_authors if a.casefold() == site]
    return tagged or [o for o in [*meta.org_authors, *declared_orgs, *tagged_orgs]
                      if bylines.looks_like_name(o)][:1]


_TAG_SEPARATORS = re.compile(r"\s*[,;|]\s*")


def _split_tags(values: list[str]) -> list[str]:
    """Tags one by one: a page may join them in one value ("harbour, ferries; council")."""
    out: list[str] = []
    for value in values:
        out += [t for t in (clean(x) for x in _TAG_SEPARATORS.split(value)) if t and t not in out]
    return out


def _cased(name: str) -> str:
    """A person's name written in capitals ("JANE DOE", "JEAN-PIERRE O'NEIL"), as some
    bylines are, in the case it is written elsewhere: "Jane Doe". One word ("AFP") or an
    outlet ("BBC NEWS") stays as written."""
    if not name.isupper() or " " not in name or not bylines.looks_like_person(name):
        return name
    return _WORD_START.sub(lambda m: m.group(0).upper(), name.lower())


_WORD_START = re.compile(r"(?:^|(?<=[\s'’.-]))[^\W\d_]")


# Names written without a space inside them, a space between them: Chinese and Korean
# ("记者 李娜 王强", "홍길동 김철수 기자"). Not Japanese: "山田 太郎" is one name, family
# name first. (A one-character part is a two-character name padded to align: "李 娜".)
_ONE_WORD_NAMES = {"zh": re.compile(r"[\u4e00-\u9fff]{2,4}"), "ko": re.compile(r"[가-힣]{2,4}")}


def _unspaced_names(authors: list[str], language: str | None) -> list[str]:
    """The names of a byline written in one, each a name of its own, in a language that
    writes a name without a space."""
    name = _ONE_WORD_NAMES.get((language or "").partition("-")[0])
    if name is None:
        return authors
    out: list[str] = []
    for author in authors:
        parts = author.split()
        split = len(parts) > 1 and all(name.fullmatch(p) for p in parts)
        out += [p for p in (parts if split else [author]) if p not in out]
    return out


def _named_people(values: list[str]) -> tuple[list[str], list[str]]:
    """(persons, the rest) of declared author values; declared names lose a "By " and
    what follows the name ("…, AP Auto Writer")."""
    persons: list[str] = []
    rest: list[str] = []
    for value in values:
        names = bylines.author_names(value)
        if names:
            persons += [n for n in names if n not in persons]
        elif value not in rest:
            rest.append(value)
    return persons, rest


# A page that sets its headline in no <h1> (a blog's "<h3 class='post-title'>", a
# builder's styled <div>): the element showing a declared title stands for the <h1>, so
# every rule that reads the headline's place reads it there (the standfirst under it,
# the byline, the article's region, readers' comments after the story).
# (A block: a bold run inside a cell's lines, "<b>Headline</b><br>By Jane", is read as
# pages set in tables are.)
_HEADLINE_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6", "div", "p", "center"})
# (Not a teaser's, a menu's or a breadcrumb trail's last item, a rail's, a quote's.)
_NOT_HEADLINE_PLACES = frozenset({"a", "li", "nav", "footer", "aside", "button", "label",
                                  "option", "select", "figcaption", "blockquote", "noscript",
                                  "template"})
# (Each Chinese or Japanese character counted twice, ``weighted_len(text, 2)``: "河水费用之争"
# is a headline, no label.)
_HEADLINE_MIN_CHARS = 10
_HEADLINE_MAX_CHARS = 300
_SHOWN_COPIES = 4  # of the title read for the headline (each costs a walk of the page)


def _story_elsewhere(text: str, bodies: list[list[str]]) -> bool:
    """Whether the page's script data holds a story the body read from its HTML is not
    part of: little of the body's text in it (the HTML holds other stories' summaries,
    an "About us", a menu's lines, where only the script draws the story), and twice the
    body's words or more, or, where the body reads as no prose (its median paragraph
    under 15 words: a menu's lines, and a story of code samples or lines set with links),
    half of them or more: not a description of a line. A body the data holds more of
    (a teaser list, a paywall's full text), or that any of the data's texts holds (the
    page's own story, beside the longer next one of an endless scroll), stays as the
    page shows it."""
    story = "\n\n".join(bodies[0])
    gain = HYDRATION_GAIN if reads_as_prose(text) else _HYDRATION_OVER_NO_PROSE
    if count_words(story) < gain * count_words(text):
        return False
    shown = _trigrams(text)
    # (Not where any of the data's texts holds the body: the page's own story, beside
    # the next one of an endless scroll, which is longer.)
    return all(len(shown & _trigrams("\n\n".join(body))) < _HYDRATION_SHARED * len(shown)
               for body in bodies)


_HYDRATION_SHARED = 0.5
_HYDRATION_OVER_NO_PROSE = 0.5


def _trigrams(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i:i + 3]) for i in range(len(words) - 2)}


def _headline_without_h1(root: lxml_html.HtmlElement, meta: Metadata, domain: str
                         ) -> lxml_html.HtmlElement | None:
    """On a page with no <h1>: the first element in its body whose text is a declared
    title, whole or without its site name's segments (typographic quotes and case
    aside); else the one nearest to one (``near_title``), a headline the page words a
    little otherwise than its SEO title. Never a hidden one."""
    if next(root.iter("h1"), None) is not None:
        return None
    declared: list[str] = []
    for title in meta.declared_titles:
        for text in (title, strip_site_name(title, meta.site_name, domain, [])):
            text = clean(text)
            if (weighted_len(text, 2) >= _HEADLINE_MIN_CHARS and text not in declared
                    and not names_the_site(text, meta.site_name, domain)):
                declared.append(text)
    if not declared:
        return None
    wanted = {comparable(t) for t in declared}
    body = root.find("body")
    shown: list[lxml_html.HtmlElement] = []
    best, nearest = None, 0.0
    holder = body if body is not None else root
    for el, text in chain(lone_texts(holder, _HEADLINE_TAGS, _NOT_HEADLINE_PLACES,
                                     _HEADLINE_MIN_CHARS // 2, _HEADLINE_MAX_CHARS),
                          _parted_headings(holder)):
        if weighted_len(text, 2) < _HEADLINE_MIN_CHARS or hidden(el):
            continue  # (a search engine's copy, a sticky bar's while it is out of sight)
        if comparable(text) in wanted:
            shown.append(el)
        elif not shown and _headline_like(text, meta.site_name):
            near = near_title(text, declared)
            if near > nearest and _prose_after(root, el) >= _PROSE_AFTER_HEADLINE:
                best, nearest = el, near
    # Shown twice (a sticky bar's copy, then over the story): the last one before most
    # of the story's prose.
    return next((el for el in reversed(shown[:_SHOWN_COPIES])
                 if _prose_after(root, el) >= _PROSE_AFTER_HEADLINE),
                shown[0] if shown else best)


_CJK_HEADLINE_MIN_WORDS = 6


def _headline_like(text: str, site_name: str | None) -> bool:
    """``looks_like_headline``, a Chinese or Japanese headline counted by its words'
    worth, two characters a word: the spaces beside a Latin word or after an
    exclamation part no words ("指紋認証でWindows 10にサインインできる…", two words by
    its spaces)."""
    if site_name and is_site_name(text, site_name):
        return False
    return looks_like_headline(text, None) or (
        bool(unspaced_chars(text)) and headline_words(text) >= _CJK_HEADLINE_MIN_WORDS)


_LOWER_HEADINGS = ("h2", "h3", "h4", "h5", "h6")


def _parted_headings(root: lxml_html.HtmlElement) -> Iterator[tuple[lxml_html.HtmlElement, str]]:
    """``(heading, text)`` of the lower headings whose text is parted in several nodes
    ("<h2><span>Genetik:</span> Das Geheimnis …</h2>"), headline-sized, not in a place
    no headline stands in."""
    for h in root.iter(*_LOWER_HEADINGS):
        if (len(h) and fits_in(h, _HEADLINE_MAX_CHARS)
                and not any(a.tag in _NOT_HEADLINE_PLACES for a in h.iterancestors())):
            text = own_text(h)
            if _HEADLINE_MIN_CHARS <= weighted_len(text, 2) and len(text) <= _HEADLINE_MAX_CHARS:
                yield h, text


# Of the page's text, the share a headline stands before (not a rail's "More Reviews
# for …" after the story, nor a sticky bar's copy of the title above the menu).
_PROSE_AFTER_HEADLINE = 0.6


def _prose_after(root: lxml_html.HtmlElement, el: lxml_html.HtmlElement) -> float:
    """The share of the page's text (its paragraphs', or where it writes too few, all
    of it) that comes after ``el``."""
    prose = [0, 0]  # before, after
    every = [0, 0]
    at = 0
    for x in root.iter():
        if x is el:
            at = 1
        text = x.text if isinstance(x.tag, str) else ""  # (not a comment's)
        every[at] += len((text or "").strip()) + len((x.tail or "").strip())
        if x.tag == "p":
            prose[at] += len(own_text(x))
    before, after = prose if sum(prose) >= _PROSE_MIN_CHARS else every
    return after / (before + after) if before + after else 0.0


_PROSE_MIN_CHARS = 500  # of paragraphs: a story's


def _title(meta: Metadata, root: lxml_html.HtmlElement, url: str, logos: list[str],
           body: lxml_html.HtmlElement | None = None) -> str | None:
    h1s: list[str] = []
    domain = host_of(url)
    for h in root.iter("h1"):
        if "alternativeheadline" in h.get("itemprop", "").lower().split():
            continue  # the page marks it as the second headline, not the headline
        _drop_badge(h, meta, domain)
        h1s.append(_heading_text(h))
    # A logo's text is the site's name, where the page declares none.
    site_name = meta.site_name or next(iter(logos), None)
    title = choose_title(h1s, meta.declared_titles, site_name, domain,
                         () if h1s else shown_texts(root))
    if h1s or body is None or not names_the_site(title, site_name, domain):
        return title
    # No <h1>, and the declared title is the site's name alone ("<title>Coast News
    # </title>" on every page): the headline is the heading set right above the story.
    heading = _heading_above(body)
    return heading if heading and looks_like_headline(heading, site_name) else title


_BADGE_MAX_WORDS = 2


def _drop_badge(heading: lxml_html.HtmlElement, meta: Metadata, domain: str) -> None:
    """A badge set after the headline inside its <h1> ("<h1>Headline <span>Premium</span>
    </h1>", a paywall's "Plus", a "Video" tag) is no part of it: out of the tree, where
    the page declares the headline without it."""
    last = next((c for c in reversed(heading) if isinstance(c.tag, str)), None)
    if last is None or (last.tail or "").strip() or not meta.declared_titles:
        return
    badge = clean(last.text_content())
    text = _heading_text(heading)
    if not badge or len(badge.split()) > _BADGE_MAX_WORDS or not text.endswith(badge):
        return
    headline = text[: -len(badge)].strip()
    if headline and any(headline in (clean(t), strip_site_name(t, meta.site_name, domain))
                        for t in meta.declared_titles):
        drop(last)


def _heading_above(body: lxml_html.HtmlElement) -> str | None:
    """The text of the last <h2> or <h3> before the body's first paragraph, where it
    stands in the body's holder or one of its two nearest holders."""
    first = next(body.iterchildren("p"), None)
    near = [body, *islice(body.iterancestors(), 2)]
    last = None
    for el in near[-1].iter():
        if el is first:
            break
        if el.tag in ("h2", "h3") and el.getparent() in near:
            last = el
    return _heading_text(last) if last is not None else None


def _logos_as_boxes(root: lxml_html.HtmlElement, url: str) -> list[str]:
    """The texts of the site's logos written as <h1>s, each now a box: a theme that
    sets the site's name in an <h1> on every page (the story's headline an <h2>, or a
    second <h1>) gave every rule that looks for the headline the site's name instead,
    and the byline, dateline and standfirst read around it were the masthead's."""
    texts = []
    for heading in list(root.iter("h1")):
        if _logo(heading, url):
            texts.append(_heading_text(heading))
            heading.tag = "div"
    return texts


def _logo(heading: lxml_html.HtmlElement, url: str) -> bool:
    """An <h1> whose text is all a link to the site's home page: the site's logo
    ("<h1><a href='/'>Harbour Post <sup>beta</sup></a></h1>"), not a headline."""
    link = next(heading.iter("a"), None)
    if link is None or not link.get("href"):
        return False
    home = http_url(url, link.get("href", ""))
    return (home is not None and host_of(home) == host_of(url) and site_root(home)
            and clean(link.text_content()) == clean(heading.text_content()))


_SET_APART = frozenset({"div", "p", "br", "small"})


def _heading_text(heading: lxml_html.HtmlElement) -> str:
    """A heading's text, its parts styled apart (a block, a classed span: "<h1><span
    class='kicker'>Exclusive</span><span>Headline</span></h1>") not glued into one word
    (in a script written with spaces)."""
    text = heading.text or ""

    def add(piece: str, apart: bool) -> None:
        nonlocal text
        if apart and text and piece and _glued(text[-1], piece[0]):
            text += " "
        text += piece

    for child in heading:
        apart = isinstance(child.tag, str) and (child.tag in _SET_APART or bool(child.get("class")))
        add(child.text_content() if isinstance(child.tag, str) else "", apart)
        add(child.tail or "", apart)
    return clean(text)


def _glued(left: str, right: str) -> bool:
    # (After a word or the mark that ends a kicker: "Exclusive:<br>Headline".)
    return ((left.isalnum() or left in _KICKER_ENDS) and right.isalnum()
            and not (is_unspaced(left) or is_unspaced(right)))


_KICKER_ENDS = frozenset(".,:;!?")


def _canonical(meta: Metadata, url: str) -> str:
    """The declared canonical URL when it is plausible, else the fetched URL.

    Plausible: on the same site, and not a page that holds this one. Themes that print
    one canonical on every page point it at the home page or the section (``/``,
    ``/news/`` for ``/news/story``); trusted, every article would overwrite the others
    under that one URL. (Two different stories claiming one canonical are told apart
    when stored.)"""
    declared = http_url(url, meta.canonical) if meta.canonical else None
    if declared and host_of(declared) == host_of(url) and not _holds(declared, url):
        return canonicalize_url(declared)
    return canonicalize_url(url)


def _holds(outer: str, inner: str) -> bool:
    """``outer`` is the site root, or a section above ``inner``: a proper ancestor of its
    path whose last segment reads as a name, not as an article's slug or number (an AMP
    or print copy below its article, ``/story-slug/amp``, keeps its canonical)."""
    a, b = urlsplit(outer), urlsplit(inner)
    if a.query:
        return False
    outer_path, inner_path = a.path.rstrip("/") + "/", b.path.rstrip("/") + "/"
    if outer_path == "/":
        return inner_path != "/" or bool(b.query)  # "/" for "/?p=123" too
    if outer_path == inner_path or not inner_path.startswith(outer_path):
        return False
    return not url_pattern(outer).rstrip("/").endswith(("{n}", "{slug}"))


def _language(meta: Metadata, root: lxml_html.HtmlElement) -> str | None:
    return declared_language(meta.language, root.get("lang"), root.get("xml:lang"))


def _og_image(meta: Metadata) -> list[Image]:
    return [Image(src=meta.image)] if meta.image else []


_EDIT_GAP = timedelta(days=1)


def _modified_last(values: list[str], modified: str | None) -> list[str]:
    """Declared publication times, those that are the page's modification time put last
    where another declares an earlier one: a CMS that writes its last edit into one
    publication field (microdata's ``datePublished``) while another keeps the first."""
    edited = parse_date(modified) if modified else None
    if edited is None:
        return values
    times = {v: parse_date(v) for v in values}
    # (a difference, not "edited - gap": a page's "0001-01-01" would overflow)
    if not any(t is not None and edited - t >= _EDIT_GAP for t in times.values()):
        return values  # (an hour apart is two clocks' disagreement, not an edit)
    return sorted(values, key=lambda v: times[v] == edited)


# A clock time written in a dateline: "13:40", "13h40", "kl. 13.40".
_CLOCK_TIME = re.compile(r"\d{1,2}[:h]\d{2}|\bklo?\.?\s*\d{1,2}\.\d{2}")
_LABEL_WORDS = 3  # "Veröffentlicht am", "Publicado el", "Published on"
_FACT_PARTS = re.compile(r"\s+[|·•—–]\s+")
_BAR = re.compile(r"\s*\|\s*")
_FACT_WORDS = 4
# "3 min", "5 min read", "12 minutes", "Lesezeit: 4 Min.", "3 dk okuma", "5分で読めます"
_READING_TIME = re.compile(
    r"(?:(?:lesezeit|reading time|read time|temps de lecture|tiempo de lectura)\s*:?\s*)?"
    r"\d+\s*(?:min|mins|minutes?|minuten|minutos?|minuti|dk|分)\.?"
    r"(?:\s+(?:read|de lecture|de lectura|de leitura|di lettura|lesen|lezen|okuma|で読めます))?",
    re.IGNORECASE)
_EDIT_LINE_MAX_CHARS = 80
_EDIT_LABEL_WORDS = 4  # "Mis à jour le", "Zuletzt aktualisiert am"
_DATED_BYLINE_MAX_CHARS = 120
_DIGIT = re.compile(r"\d")
_GAP = re.compile(r"\s+")
_SEPARATOR_MARKS = " |·•—–-,;"


class _Datelines:
    """The short lines under a headline that may give the publication time, each read
    as a date only when asked (a page that declares its time needs none of them)."""

    def __init__(self, texts: list[str], language: str | None) -> None:
        self.texts = texts
        self.language = language
        self._values: dict[str, str | None] = {}

    def value(self, text: str) -> str | None:
        if text not in self._values:
            self._values[text] = dateline_value(text, self.language)
        return self._values[text]

    def values(self, timed: bool = False) -> list[str]:
        """The lines' dates; with ``timed``, of the lines that show a clock time only
        (those that can make a declared day precise)."""
        return [v for t in self.texts
                if (not timed or _CLOCK_TIME.search(t)) and (v := self.value(t))]

    def holds(self, line: str) -> bool:
        """Whether ``line`` is one of the lines that read as a date, a label at most
        before it ("Published"), and no sentence ("The vote is on 5 May 2021."); or a
        post's line of facts that holds one ("May 16, 2023 · 3 min · Jane Doe")."""
        if line not in self.texts or line.rstrip().endswith("."):
            return False
        return self._labelled(line) or bool(self._facts(line))

    def _facts(self, line: str) -> list[str]:
        """The parts of a line of facts other than its date: the line parted by dots,
        bars or dashes into a labelled date and parts of four words at most (a reading
        time, a name, a section, a count), as blog themes and Medium write a post's
        date, reading time and author on one line; [] for any other line."""
        parts = [p.strip() for p in _FACT_PARTS.split(line) if p.strip()]
        dates = [p for p in parts if self._labelled(p)]
        rest = [p for p in parts if p not in dates]
        if len(parts) < 2 or not dates or any(len(p.split()) > _FACT_WORDS for p in rest):
            return []
        return rest

    def author(self) -> list[str]:
        """A person named in a line of facts that also gives a reading time ("May 16,
        2023 · 3 min read · Jane Doe"): the post's author, where nothing else names one.
        (Without the reading time, a name beside a date may be a place's: "New York ·
        May 16, 2023".) Or one a Chinese or Japanese line of facts labels so ("… 来源：
        新华网 作者：王小明")."""
        for line in self.texts:
            if named := bylines.cjk_fact_authors(line):
                return named
            rest = self._facts(line) if not line.rstrip().endswith(".") else []
            if any(_READING_TIME.fullmatch(p) for p in rest):
                names = [p for p in rest if 2 <= len(p.split()) <= _FACT_WORDS - 1
                         and bylines.looks_like_person(p)]
                if len(names) == 1:
                    return names
        return []

    def dated_byline(self, line: str, authors: list[str]) -> bool:
        """Whether ``line`` is a date and then the byline of these ``authors``, as some
        themes print them on one line ("11/19/2019 by Jane Doe", "May 5, 2024 · Von
        Anna Becker")."""
        if not authors or len(line) > _DATED_BYLINE_MAX_CHARS or not _DIGIT.search(line):
            return False
        return any(bylines.is_byline_line(line[gap.end():], authors)
                   and self._labelled(line[:gap.start()].strip(_SEPARATOR_MARKS))
                   for gap in _GAP.finditer(line))

    def edited(self, line: str) -> bool:
        """Whether ``line`` gives the last edit's time, a label at most before it
        ("Updated 5 May 2021, 09:48", "Aktualisiert am 6. Mai 2021"), maybe after the
        publication's ("Publié le 4 avril 2021 Mis à jour le 7 avril 2021")."""
        if len(line) > 2 * _EDIT_LINE_MAX_CHARS or not frame.may_label_an_edit(line):
            return False  # prose (and two labelled dates are shorter); no edit's label
        parts = [p.strip() for p in _BAR.split(line) if p.strip()]
        edits = [bool(frame.UPDATED.search(p)) for p in parts]
        if len(parts) == 2 and sum(edits) == 1:
            # Either order, the bar maybe without spaces: "Updated May 16, 2023 at 11:02
            # a.m. EDT|Published May 16, 2023 at 7:00 a.m. EDT".
            return all(self._edit(p) if edit else self._labelled(p)
                       for p, edit in zip(parts, edits, strict=True))
        return self._edit(line)

    def _edit(self, line: str) -> bool:
        edit = frame.UPDATED.search(line)
        if edit is None or line.rstrip().endswith("."):
            return False
        first, last = line[:edit.start()].strip(" |·•—–-,;"), line[edit.start():]
        if not any(ch.isdigit() for ch in first):
            first, last = "", line  # a label of more words: "Last updated", "Zuletzt …"
        return (len(last) <= _EDIT_LINE_MAX_CHARS and self._labelled(last, _EDIT_LABEL_WORDS)
                and (not first or self._labelled(first)))

    def _labelled(self, line: str, label_words: int = _LABEL_WORDS) -> bool:
        value = self.value(line)
        return value is not None and len(line.removesuffix(value).split()) <= label_words


def _published(root: lxml_html.HtmlElement, region: lxml_html.HtmlElement, url: str,
               language: str | None, declared: list[str | None],
               datelines: _Datelines, body: lxml_html.HtmlElement | None = None
               ) -> datetime | None:
    """The publication time: the most trusted value the page declares, else the page's
    one microdata date, its dateline under the headline or at the head of its first
    paragraph ("April 17, 2015 -- …"), htmldate's find, or the first
    full date written in the article's region ("2019年4月4日", "2019/3/5": forms htmldate
    does not read); made as precise as a machine-readable stamp or a dateline of the
    same day allows (a <time datetime>, a data-* date attribute: pages often show and
    declare the day and keep the time elsewhere)."""
    def stamps() -> list[str]:
        return [*_stamps(root), *datelines.values(timed=True)]

    declared = shown_first(declared, lambda: " ".join(region.itertext()))
    published = best_date(declared, language, more=stamps)
    if published is None:
        # The first source that gives a date that reads as one (a microdata value may be
        # a clock alone, "10:15", which is no date: the next source is asked).
        found: tuple[Callable[[], str | None], ...] = (
            lambda: _lone_item_date(root), lambda: next(iter(datelines.values()), None),
            lambda: _lead_dateline(body, language), lambda: _htmldate(root, region, url, body),
            lambda: next(iter(written_dates(_unquoted_text(region))), None),
            lambda: _compact_url_date(url))
        for source in found:
            value = source()
            if value and (published := best_date([value], language, more=stamps)):
                break
    return published


def _unquoted_text(region: lxml_html.HtmlElement) -> str:
    """The text of ``region`` but its quotes': an embedded post's date ("— Jane (@jane)
    2021.04.06") is the post's."""
    if next(region.iter("blockquote"), None) is None:
        return str(region.text_content())
    copy = deepcopy(region)
    for quote in list(copy.iter("blockquote")):
        if quote.getparent() is not None:
            quote.drop_tree()
    return str(copy.text_content())


def _shown_edit(edits: list[str], language: str | None,
                published: datetime | None) -> datetime | None:
    """The last edit's time the page shows under its headline (``edits``: the texts
    that give it, "Updated 18 May 2023, 12:15"), where it declares none; none before
    the publication."""
    for text in edits:
        edited = best_date([dateline_value(text, language)], language)
        if edited is not None:
            return edited if published is None or edited >= published else None
    return None


# The head of a story's first paragraph set apart by a dash, as wire stories open
# ("April 17, 2015 -- Imagine…", "NEW YORK, April 17, 2015 — The…").
_LEAD_DATELINE = re.compile(r"^(.{6,60}?)\s+(?:--|—|–|-)\s+\S")
_LEAD_PARAGRAPH_CHARS = 80


def _lead_dateline(body: lxml_html.HtmlElement | None, language: str | None) -> str | None:
    first = next((p for p in body.iter("p") if text_longer(p, _LEAD_PARAGRAPH_CHARS)),
                 None) if body is not None else None
    head = _LEAD_DATELINE.match(own_text(first)) if first is not None else None
    return dateline_value(head[1], language) if head else None


# A day written in a URL's path without separators, as a segment of its own or before
# the slug: "/news/20190302-tax-rate/", "/articles/20240305/k1001". (htmldate reads
# "/2019/03/02/" and "2019-03-02" only: eight digits alone may be an id, but not
# before a slug or a slash.)
_COMPACT_URL_DATE = re.compile(r"/((?:19|20)\d{2})(0[1-9]|1[0-2])(0[1-9]|[12]\d|3[01])[-_/]")


def _compact_url_date(url: str) -> str | None:
    match = _COMPACT_URL_DATE.search(urlsplit(url).path)
    return "-".join(match.groups()) if match else None


_ITEM_PUBLISHED = etree.XPath("//*[@itemprop='datePublished']")


def _lone_item_date(root: lxml_html.HtmlElement) -> str | None:
    """The page's one microdata ``datePublished`` value (its ``content``, ``datetime`` or
    text), whatever item holds it (a Book, a Product, a CreativeWork: types not read as
    an article); where several differ, they are a list's and none is taken. Not a
    teaser's, in an article item of its own that is not the story's."""
    values = {clean(el.get("content") or el.get("datetime") or _abbr_stamp(el)
                    or el.text_content())
              for el in _ITEM_PUBLISHED(root) if not in_teaser_article(el)}
    values.discard("")
    return values.pop() if len(values) == 1 else None


# Machine-readable times kept in attributes: <time datetime>, itemprop="datePublished"
# content on any element, data-* attributes named for a date or time, a title that
# holds a time (microformats' "abbr pattern": '<abbr class="published" title="2023-05-16T09:15
# +02:00">9:15 AM</abbr>', as Blogger and hAtom themes write the time; Hugo themes'
# '<span title="2024-01-02 10:15:00 +0100 CET">January 2, 2024</span>'); not those of
# the last edit (itemprop="dateModified", data-modified, data-updated-at, class="updated").
_STAMP_VALUES = etree.XPath(
    "//@datetime | //*[@title][contains(@class, 'publish') or not(contains(@class, 'updat')"
    " or contains(@class, 'modif'))]/@title"
    " | //*[contains(@itemprop, 'ate') and not(contains(@itemprop, 'odified'))]"
    "/@content | //@*[starts-with(name(), 'data-') and (contains(name(), 'date')"
    " or contains(name(), 'time') or contains(name(), 'publish'))"
    " and not(contains(name(), 'modif') or contains(name(), 'updat'))]", smart_strings=False)
_STAMP = re.compile(r"^\s*\d{4}-\d{2}-\d{2}[T ]\d{1,2}:\d{2}")


def _abbr_stamp(el: lxml_html.HtmlElement) -> str | None:
    """The machine-readable time an <abbr> keeps in its title (the abbr pattern), where
    it is one: '<abbr itemprop="datePublished" title="2024-01-02T10:15:00+01:00">10:15
    </abbr>'."""
    title = el.get("title", "") if el.tag == "abbr" else ""
    return title if _STAMP.match(title) else None


def _stamps(root: lxml_html.HtmlElement) -> list[str]:
    return [v for v in dict.fromkeys(map(str, _STAMP_VALUES(root))) if _STAMP.match(v)]


def _htmldate(root: lxml_html.HtmlElement, region: lxml_html.HtmlElement,
              url: str, body: lxml_html.HtmlElement | None = None) -> str | None:
    """htmldate's find, its extensive search included, not in a rail beside the article
    (an ``<aside>`` or a complementary region that does not hold it), whose teasers'
    times are other stories', nor in a quote (an embedded post's time is the post's),
    nor in the stories after the article that have a headline of their own (the next
    ones of an endless scroll). The 1 January it gives for a year alone (a copyright
    line, an archive's year) is not a publication day, and its midnight without an
    offset is a day without a time."""
    others = _stories_after(region if body is None else body)
    held = set(others)
    rails = [el for el in _RAILS(root) if region not in el.iter()
             and el not in held and held.isdisjoint(el.iterancestors())]
    held.update(rails)
    # (A microdata teaser of another story, in no rail: its time is that story's.)
    teasers = [el for el in teaser_articles(root)
               if region not in el.iter() and held.isdisjoint(el.iterancestors())
               and held.isdisjoint(el.iter())]
    with _set_aside(_in_page_order(root, others + rails + teasers) if teasers
                    else others + rails):
        return _htmldate_find(root, url)


def _stories_after(article: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The elements after the article's body, beside it or beside one of its holders,
    that hold an ``<h1>`` and a ``<time>``: other stories (not a footer's "Other pages")."""
    found = []
    el = article
    while (parent := el.getparent()) is not None:
        found += [s for s in el.itersiblings() if isinstance(s.tag, str)
                  and next(s.iter("h1"), None) is not None
                  and next(s.iter("time"), None) is not None]
        el = parent
    return found


_NEXT_STORIES_MAX = 3


def _next_stories(root: lxml_html.HtmlElement, title: str | None) -> list[lxml_html.HtmlElement]:
    """The stories a page appends after its own (an endless scroll): the elements after
    the headline's box, beside it, each with an ``<h1>`` of another headline, a
    ``<time>`` and a body's worth of prose, three at most, where the headline's story
    (its box and what comes before the next story) holds prose of its own."""
    headline = next((h for h in root.iter("h1") if _heading_text(h) == title), None) if title else None
    if headline is None:
        return []
    el = headline
    while el.getparent() is not None:
        later: list[lxml_html.HtmlElement] = []
        headlines: list[list[str]] = []  # each later story's <h1> texts
        for sibling in el.itersiblings():
            h1s = [_heading_text(h) for h in sibling.iter("h1")] if isinstance(
                sibling.tag, str) else []
            if h1s and title not in h1s and next(sibling.iter("time"), None) is not None:
                later.append(sibling)
                headlines.append(h1s)
        if later:
            # A story each: one headline and a body's worth of prose, and a few at most
            # (a live blog's posts, each under an <h1> of its own, are the story).
            if len(later) > _NEXT_STORIES_MAX or not all(
                    len(h1s) == 1 and _paragraph_chars(s) >= _THIN_BODY_CHARS
                    for s, h1s in zip(later, headlines, strict=True)):
                return []
            # (The headline's story: its box, and what follows it before the next one.)
            story = [el]
            for sibling in el.itersiblings():
                if sibling is later[0]:
                    break
                story.append(sibling)
            return later if _paragraph_chars(*story) >= _THIN_BODY_CHARS else []
        el = el.getparent()
    return []


def _paragraph_chars(*boxes: lxml_html.HtmlElement) -> int:
    return sum(len(own_text(p)) for box in boxes for p in box.iter("p"))


def _in_page_order(root: lxml_html.HtmlElement, elements: list[lxml_html.HtmlElement]
                   ) -> list[lxml_html.HtmlElement]:
    order = {el: i for i, el in enumerate(root.iter())}
    return sorted(elements, key=order.__getitem__)


@contextmanager
def _set_aside(elements: list[lxml_html.HtmlElement]) -> Iterator[None]:
    """``elements`` (none inside another) out of the tree while the block reads it, then
    put back where they were, their tails with them."""
    placed = [(el, parent, parent.index(el)) for el in elements
              if (parent := el.getparent()) is not None]
    for el, parent, _ in reversed(placed):  # (the later first: indexes stay true)
        parent.remove(el)
    try:
        yield
    finally:
        for el, parent, index in placed:
            parent.insert(index, el)


_PROSE_PARAGRAPH_CHARS = 150


def _find_date(root: lxml_html.HtmlElement, url: str, *, extensive: bool) -> str | None:
    found: str | None = htmldate.find_date(root, extensive_search=extensive, original_date=True,
                                           url=url, outputformat="%Y-%m-%dT%H:%M:%S%z")
    return found


_RAILS = etree.XPath(
    "//*[self::aside or self::blockquote or @role='complementary']"
    "[not(ancestor::aside or ancestor::blockquote or ancestor::*[@role='complementary'])]")


def _htmldate_find(root: lxml_html.HtmlElement, url: str) -> str | None:
    try:
        found = _find_date(root, url, extensive=False)
        if not found:
            # The extensive search (free text, dateparser; some 30 ms) only where the
            # quick one finds nothing, and not in paragraphs of prose: a date a story
            # mentions ("in February 2006", a link to ".../2003/06/24/...") is not its
            # publication's.
            with _set_aside([p for p in root.iter("p")
                             if text_longer(p, _PROSE_PARAGRAPH_CHARS)]):
                found = _find_date(root, url, extensive=True)
    except Exception:  # noqa: BLE001 - a date is optional; the article is not
        return None
    if not found or found[:10].endswith("-01-01"):
        return None
    return found.removesuffix("T00:00:00")
