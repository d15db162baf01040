"""The byline: who wrote the article, read from its markup or its words ("By <a
rel=author>", an author box, "Von Anna Becker", "Автор: Иван Петров"), with the time
written beside it; and the rules that tell a person's name from a role, an outlet or a
label."""

from __future__ import annotations

import re
from itertools import islice

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract._frame import (
    CATEGORY_HREF,
    TAG_HREF,
    UPDATED,
    labelled_edit,
    small_picture,
)
from crawler.extract._links import http_url, same_host, site_root
from crawler.extract._metadata import in_teaser_article
from crawler.extract._text import (
    SENTENCE_ENDS,
    clean,
    dateline_value,
    epoch_stamp,
    is_unspaced,
    parse_date,
    weekday_names,
    written_dates,
)
from crawler.extract._tree import (
    alike,
    attrs_text,
    fits_in,
    heading_showing,
    holds_no_blocks,
    own_text,
    region_elements,
    text_lines,
    within,
)

# Not "authority", "authoring" (an anchor "#ref-AUTHORING"), "authorized".
# (Not a commenter's: "comment-author", "comment_author_link".)
AUTHOR_CLASS = re.compile(r"(?<!comment)(?<!comment[-_])author(?!it|ing|iz|is)|byline|writer|yazar|"
                          # (its name in other languages, a word of its own: not "autoresize")
                          r"(?<![a-z])(?:autor(?:a|es|in)?|auteure?|autore|penulis|forfatter|"
                          r"skribent|tekij[aä]|avtor)(?![a-z])",
                          re.IGNORECASE)
# A link to a person's archive page: "/author/jane-doe", "/yazar/ayse-yilmaz/",
# "/staff/jdoe/posts.html", a user's page "/u/jdoe" (not "/u/login"), "/@jdoe".
# Also an editors' or staff page ("/about/editors/jon-doe/") and a page named for the
# author in one segment ("/reporter/author-Jane-Doe-1339.cms").
AUTHOR_HREF = re.compile(
    r"/(?:(?:authors?|autor(?:en|es|e)?|auteurs?|yazar(?:lar)?|writers?|reporters?|journalists?|"
    r"journalisten|columnists?|contributors?|editors?|staff|redakteure?|redaktion|"
    r"periodistas?|giornalisti|u)/"
    r"(?!(?:log-?in|log-?out|sign-?in|sign-?up|register|me|edit|settings)\b)[^/?#]+|"
    r"authors?[-_](?P<slug>[^/?#]+)|@[\w.-]+)/?(?:(?:posts|articles|stories|index)(?:\.html?)?)?(?:[?#]|$)",
    re.IGNORECASE)
# A person's page on the site ("/profile/jane-doe", "/by/…", "/perfil/…", "/firmas/…",
# "/redacteurs/…", "/penulis/…", "/tac-gia/…", "/kirjoittajat/…"): the author's where
# its link's text is a full name (not a site's "My profile", "名片"). ("/people/…" and
# "/members/…" pages are as often the story's subjects' or the readers'.)
_PROFILE_HREF = re.compile(
    r"/(?:profiles?|by|perfil|firmas?|redacteurs?|penulis|tac-gia|kirjoittajat?)/"
    r"(?!(?:edit|settings|me|login|sign-?in)\b)[^/?#]+/?(?:[?#]|$)", re.IGNORECASE)
# The words that lead a byline in the languages of the sites we crawl: "By", "Von",
# "Par", "Di", "Av", "Autor:", "Автор:", "Yazar:", "Text:", "Oleh", "Teksti:", "Szerző:",
# "Tác giả:", "Bởi", "Piše:", "بقلم", "מאת"; Romanian's "de" in lower case and before
# a full name only (it opens Dutch names too: "De Vries", "de Jong [Page 22]").
_LEAD_INS = (r"by|von|par|por|door|yazan|yazar|di|av|af|autor|autora|autorin|autore|auteur|"
             r"автор|текст|text|texto|tekst|oleh|teksti|kirjoittaja|szerző|tác giả|bởi|piše|"
             r"avtor|autorius|autors|بقلم|מאת|του|της|โดย|"
             r"(?-i:de(?=\s+[A-ZÀ-ÞĂÂÎȘȚŞŢ][\w'’-]*\s+[A-ZÀ-ÞĂÂÎȘȚŞŢ]))")
# Lead-ins of two words: "Publié par", "Escrito por", "Scritto da", "Skrevet af".
_LEAD_PHRASES = (r"publié par|écrit par|rédigé par|publicado por|escrito por|scritto da|"
                 r"pubblicato da|geschrieben von|geschreven door|skrevet af|skrevet av|"
                 r"skriven av|skrivet av")
# Labels that lead a byline only with their colon: "Penulis:", "Opracowanie:", "Haber:",
# "Írta:", "Reporter:" (without it they are words of a sentence or an outlet's name:
# "Haber Merkezi").
_LEAD_LABELS = (r"penulis|reporter|words|wartawan|pewarta|opracowanie|oprac\.|haber|írta|"
                r"forfatter|författare|συντάκτης|muhabir|लेखक|نویسنده|الكاتب|كتب")
# Their kin in Chinese and Japanese, before a name written without a space, maybe after
# a mark ("作者：张三", "记者/张三"); a paper's own reporter ("本报记者 王小明") before a
# space or a mark only ("本报记者会见了张三" is a sentence: our reporter met Zhang San).
_CJK_LEAD_INS = (r"著者|筆者|執筆者|執筆|(?:本报|本報|本刊|新华社|新華社|中新社)(?:特约)?(?:记者|記者)"
                 r"(?=[\s:：●・/／])|記者|记者|撰文|撰稿|作者|执笔")
_CJK_MARKS = r"[:：●・/／]"
# A Korean byline names the reporter first: "홍길동 기자" (reporter; "홍길동·김철수 기자"
# for two), "… 특파원", maybe with an address or its time after it ("홍길동 기자 입력
# 2023.05.03"); else the line ends there ("대통령 기자 회견" is a press conference).
# A Japanese or Chinese one may too ("山田太郎 記者"). Or Korean leads with "글" (text):
# "글 홍길동", "글·사진 홍길동".
_KOREAN_ROLES = r"(?:선임기자|객원기자|기자|특파원)"  # (senior, guest) reporter, correspondent
_KOREAN_BYLINE = (r"(?:(?:[가-힣]{2,4}\s*[·,、]\s*)*[가-힣]{2,4}\s*" + _KOREAN_ROLES + "|"
                  r"[\u4e00-\u9fff]{2,5}\s*(?:記者|记者|特派員|特派员))"
                  r"(?=\s*(?:$|[|·•,/(=]|[\w.+-]+@|\d|(?:기사)?(?:입력|수정|등록|승인)\b))")
_KOREAN_LEAD_IN = r"글(?:\s*[·/]\s*사진)?\s*[:：]?\s*(?=[가-힣]{2,4}(?:$|[\s|·•,/(=]))"
# Text that introduces a byline's link: "By <a>Jane Doe</a>", "von", "par", "Yazan:".
# Only the byline's own lead-in counts, not "help by" or "Reviewed by" in a sentence.
_BY = (r"(?:(?:(?:submitted|posted|written|words|reported|published|text|story) )?"
       r"(?:" + _LEAD_PHRASES + "|" + _LEAD_INS + r")\s*:?|(?:" + _LEAD_LABELS + r")\s*:)\s*$")
_BY_BEFORE = re.compile(r"(?:^\s*|[|·•—–,;:]\s*)" + _BY, re.IGNORECASE)
# After an inline element the text runs on in a sentence ("a story written by <a>"):
# "By" counts there only after a separator ("<time>May 5</time> | By <a>").
_BY_AFTER_INLINE = re.compile(r"[|·•—–,;:]\s*" + _BY, re.IGNORECASE)
_BY_SEPARATORS = "|·•—–,;"  # (those before "By"; a lead-in holds none of them)


def _ends_with_by(pattern: re.Pattern[str], text: str) -> bool:
    """``pattern.search(text)`` for ``_BY_BEFORE`` or ``_BY_AFTER_INLINE``, which match
    only at the end of ``text`` after its last separator (the lead-in holds none): the
    search starts there, not at each comma of a long paragraph."""
    if not text or text.isspace():
        return False
    last = max(text.rfind(c) for c in _BY_SEPARATORS)
    return pattern.search(text, max(last, 0)) is not None


_LINE_ENDS = frozenset({"br", "div", "p", "li", "dd", "dt", "time", "ul", "section", "header",
                        "figure"})
# A data-* attribute that keeps the time: "data-timestamp", "data-publish-time".
_STAMP_ATTRIBUTE = re.compile(r"date|time|publish", re.IGNORECASE)
_TIME_CLASS = re.compile(r"(^|[\s_-])(time|date|moment|published|posted)", re.IGNORECASE)

_BY_WORDS = r"written by|posted by|words by|story by|" + _LEAD_PHRASES + "|" + _LEAD_INS
# A byline's lead-in: "By", "von", "著者：". "文" ("text") alone needs its mark: it is
# also a surname ("文俊辉").
_OTHER_LEAD_INS = (r"(?i:" + _LEAD_LABELS + r")\s*[:：]\s*|(?:" + _CJK_LEAD_INS + r")\s*"
                   + _CJK_MARKS + r"?\s*|文\s*" + _CJK_MARKS + r"\s*|" + _KOREAN_LEAD_IN)
# Marks a theme sets before a byline: "// By Jane Doe", "» Von Anna Becker".
_LEAD_MARKS = r"^[\s/|»›>•·*–—-]*"
_BYLINE_PREFIX = re.compile(
    _LEAD_MARKS + r"(?:(?i:" + _BY_WORDS + r")\s*:?\s+|By(?=[A-ZÀ-Þ])|" + _OTHER_LEAD_INS + ")")
# Any one word and a colon before a name where markup says the line is a byline:
# "Penulis: Budi Santoso", "執筆者：山田太郎"; no name where the label is of another
# credit ("Foto: …", "Editor: …").
_LABEL = re.compile(r"^([^\W\d_][\w.'’-]*)\s*[:：]\s*(?=\S)")
_OTHER_CREDIT = re.compile(
    r"^(?:photos?|fotos?|fotograf(?:ie|ía|ia)?|bild(?:er)?|image|images|illustrations?|"
    r"grafik|video|editor|editors|editing|redaktur|redaksi|redakce|source|quelle|fuente|"
    r"fonte|źródło|kaynak|编辑|編集|写真|사진|편집)$", re.IGNORECASE)
# Where a byline's name ends: "Troy L. Smith, Cleveland.com", "Amy K. | NJ Advance Media".
# Or at a slash between words: "Jane Doe/The Washington Post", "JANE DOE/AP".
_NAME_END = re.compile(r"\s+[|–—-]\s+|\s+/\s+|(?<=[^\W\d_])/(?=[^\W\d_])")
# Words of a link or label near a byline that are not a name.
_NOT_A_NAME = re.compile(
    r"@|https?:|www\.|\.com\b|\d|\b(updated|published|posted|min read|read time|reading time|"
    r"lesedauer|lesezeit|temps de lecture)\b|"
    r"\b(author|authors|archive|email|e-mail|rss|feed|follow|"
    r"view|profile|bio|biography|posts|articles|more|contact|columnist|correspondent|reporter|editor|"
    r"contributor|writer|yazarlar|tüm yazıları)\b|^(by|yazar)$|"
    # A content system's default account, not a person's or an outlet's name.
    r"^(admin|administrator|administrador|webmaster|root|user|guest|superuser|wpadmin)$",
    re.IGNORECASE)
_NAME_MAX_WORDS = 5
# The tags a byline's name is marked in (those _names_an_author, _plain_byline_link and
# _named_in_author_box accept).
_BYLINE_TAGS = frozenset({"a", "span", "div", "p", "strong", "b", "em", "address", "li", "cite"})


class _AuthorClassed(dict[HtmlElement, bool]):
    """Whether an element's class, id or label says author or byline, worked out once
    per element (the links of a page ask it of the same few ancestors)."""

    def __missing__(self, el: HtmlElement) -> bool:
        value = self[el] = bool(el.attrib) and bool(AUTHOR_CLASS.search(attrs_text(el)))
        return value


def _time_names(el: HtmlElement) -> str:
    return f"{el.get('class', '')} {el.get('itemprop', '')}".lower()


def _edit_time(el: HtmlElement) -> bool:
    """A time its class or ``itemprop`` gives as the last edit's, not the publication's."""
    names = _time_names(el)
    return bool(_EDITED.search(names)) and "publish" not in names


_EDITED = re.compile(r"updat|modif")
_ENTRY_TIME_LEVELS = 4


def _in_entry(el: HtmlElement) -> bool:
    """Whether ``el`` (a time) is inside one of several entries alike, each with a time
    of its own (a live blog's posts, a list's items): an entry's time, not the
    article's."""
    for a in islice(el.iterancestors(), _ENTRY_TIME_LEVELS):
        if any(s is not None and alike(s, a) and next(s.iter("time"), None) is not None
               for s in (a.getprevious(), a.getnext())):
            return True
    return False


def _names_an_author(el: HtmlElement, classed: _AuthorClassed) -> bool:
    """A link marked as the author's, or a short element with no link inside whose class
    or id says author or byline: "<span class='author'>Ayşe Yılmaz</span>"."""
    if el.tag == "a":
        return el.get("rel") == "author" or (classed[el] and not _topic_link(el))
    # A link without text (an avatar) or without a target is no author link of its own.
    return (el.tag in _BYLINE_TAGS and classed[el]
            and not any(a.get("href") and own_text(a) for a in el.iter("a"))
            and fits_in(el, _BYLINE_MAX_CHARS))


_BYLINE_MAX_CHARS = 80


def _speaker(el: HtmlElement) -> bool:
    """Whether ``el`` names who said what a box quotes, not who wrote the page: a fact
    check's claim ("<div class='statement'><div class='statement-author'>The ministry
    </div>"), a pull quote's or a testimonial's author."""
    return any(_QUOTED_BOX.search(attrs_text(a))
               for a in [el, *islice(el.iterancestors(), _SPEAKER_LEVELS)] if a.attrib)


_QUOTED_BOX = re.compile(r"statement|claim|quote|testimonial", re.IGNORECASE)
_SPEAKER_LEVELS = 4
# schema.org's items that a reader writes under a story: their author is the reader's.
_READERS_ITEMS = frozenset({"comment", "usercomments", "answer"})


def _commenter(el: HtmlElement) -> bool:
    """Whether ``el`` is inside a microdata item of a reader's comment or answer
    ("<div itemscope itemtype='https://schema.org/Comment'><span itemprop='author'>"):
    it names the comment's writer, not the story's."""
    return any(a.get("itemscope") is not None
               and any(t.rstrip("/").rsplit("/", 1)[-1].lower() in _READERS_ITEMS
                       for t in (a.get("itemtype") or "").split())
               for a in el.iterancestors())


# Elements that may hold a name after "By": "By <span>Jane Doe</span>".
_NAME_HOLDERS = ("a", "span", "b", "strong", "em")


_BYLINE_LEVELS = 3


def _near(a: HtmlElement) -> list[HtmlElement]:
    """The elements a link's byline may be: its nearest ancestors."""
    return list(islice(a.iterancestors(), _BYLINE_LEVELS))


def _plain_byline_link(el: HtmlElement) -> bool:
    """An element with no author markup that still names the author: "By <a>Jane</a>",
    "<span>By</span> <span>Jane</span>", or a link to an author archive."""
    if el.tag == "a":
        href = el.get("href", "")
        match = AUTHOR_HREF.search(href)
        if match and (match["slug"] is None or _slug_names(match["slug"], own_text(el))):
            return not _menu_item(el)
        if _PROFILE_HREF.search(href) and " " in (text := own_text(el)) and looks_like_person(text):
            return not _menu_item(el)
    return el.tag in _NAME_HOLDERS and _after_by(el)


_MENU_ITEMS = 5


def _menu_item(a: HtmlElement) -> bool:
    """Whether link ``a`` is an item of a menu: a list of five or more items whose
    other links lead elsewhere than to authors' pages (a section menu's "Matt Bai", a
    columnist's page among "US", "World", "Politics"); a list of the story's authors,
    each linked to the author's page, is none."""
    li = next((x for x in islice(a.iterancestors(), 2) if x.tag == "li"), None)
    menu = li.getparent() if li is not None else None
    items = [x for x in menu if x.tag == "li"] if menu is not None else []
    if len(items) < _MENU_ITEMS:
        return False
    elsewhere = sum(1 for item in items
                    if (link := item.find(".//a")) is not None
                    and not AUTHOR_HREF.search(link.get("href", "")))
    return elsewhere >= _MENU_ITEMS - 1


_SLUG_WORDS = re.compile(r"[^\W\d_]+")


def _slug_names(slug: str, text: str) -> bool:
    """Whether a link to "/author-<slug>" is the person's: the slug spells a word of the
    link's text ("/author-jon-fingo-1339": "Jon Fingo") or is a number, where a menu's
    "/author-dashboard" ("Write") is a tool of the site, not a person's page."""
    words = {w.lower() for w in _SLUG_WORDS.findall(slug)}
    return not words or bool(words & {w.lower() for w in _SLUG_WORDS.findall(text)})


# Links of an author box that lead to a network or a mailbox, not to the person's page.
_SOCIAL_HREF = re.compile(
    r"^(?:mailto:|tel:)|//(?:[\w-]+\.)?(?:twitter|x|facebook|instagram|linkedin|tiktok|youtube|"
    r"threads|bsky|mastodon|t)\.(?:com|me|app|social|net)\b", re.IGNORECASE)


def _named_in_author_box(el: HtmlElement, classed: _AuthorClassed) -> bool:
    """A link to a page of the site whose text is a person's name, inside an element
    whose class or id says author or byline, beside the person's network links:
    "<div class='author-box'><a href='/people/jd'>Jane Doe</a> <a href='https://x.com/jd'>
    X</a></div>"."""
    if el.tag != "a" or not any(classed[a] for a in _near(el)):
        return False
    text = own_text(el)
    if not (" " in text or _ONE_WORD_NAME.fullmatch(text)) or not looks_like_person(text):
        return False
    return _site_page_link(el)


# A full name written without a space: Chinese, Japanese and Korean ones ("王伟", "김철수").
_ONE_WORD_NAME = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff가-힣]{2,5}")


def _site_page_link(a: HtmlElement) -> bool:
    """Whether link ``a`` leads to a page of the site: not a network, a mailbox, another
    site (the outlet's), a topic or the home page (the logo's link)."""
    href = a.get("href", "")
    page = a.getroottree().docinfo.URL or ""
    return (not _SOCIAL_HREF.search(href) and not _topic_link(a) and same_host(href, page)
            and not site_root(http_url(page, href) or ""))


def _topic_link(a: HtmlElement) -> bool:
    """A link to a topic's, a section's, a tag's or a column's page, which an author box
    may hold above the name ("<h6><a href='/topics/tech-industry/'>Tech Industry</a>
    </h6>", "<p class='byline-column'><a href='/column/deal-professor'>…")."""
    href = a.get("href", "")
    return bool(CATEGORY_HREF.search(href) or TAG_HREF.search(href) or _COLUMN_HREF.search(href))


_COLUMN_HREF = re.compile(r"/(?:columns?|kolumnen?|chroniques?|series)/", re.IGNORECASE)


# A whole line that is a byline in words alone: "By Jane Doe and John Roe", "Von Anna
# Becker", "Par Lucie Moreau | AFP"; a capital after the lead-in (not "By the way").
# (Words that are also common words, "di", "av", "text", lead a byline only with a
# colon or before a capital; CJK labels before CJK names.)
_BYLINE_LINE = re.compile(
    _LEAD_MARKS + r"(?:(?:(?:written|posted|words|reported) )?(?i:" + _BY_WORDS + r")\s*:?\s+"
    r"|" + _OTHER_LEAD_INS + r"|\s*(?=" + _KOREAN_BYLINE + r"))(?=[^\W\d_])")
_BLOCKS = frozenset({"p", "div", "li", "dd", "address", "small", "span", "section", "header",
                     "footer"})
# What a line of words holds (a portrait beside the name too: "<img> By Jane Doe").
_INLINE = frozenset({"span", "b", "strong", "em", "i", "small", "br", "img"})


_BYLINE_START = re.compile(
    _LEAD_MARKS + r"(?:(?:written|posted|words|reported)\s)?(?:" + _BY_WORDS + r")(?![^\W\d_])|"
    r"^\s*(?:(?:" + _LEAD_LABELS + r")\s*[:：]|" + _CJK_LEAD_INS + r"|文\s*" + _CJK_MARKS + "|"
    + _KOREAN_LEAD_IN + "|" + _KOREAN_BYLINE + ")", re.IGNORECASE)


# A byline whose lead-in follows the date: "Posted on April 19, 2020 by Jane Doe" (the
# default of WordPress's themes), "19.04.2020 | by Jane Doe", "le 4 avril 2020 par Lucie
# Moreau". The date part holds a digit and no sentence's end.
_DATED_BY = re.compile(
    _LEAD_MARKS + r"(?:(?:(?:posted|published|written|submitted)\s+)?(?:(?:on|le|el)\s+)?"
    r"(?=(?:[^.!?|·•]|\.(?=\S)){0,40}\d)(?:[^.!?|·•]|\.(?=\S)){1,40}?[\s,|·•—–-]+"
    r"(?:posted\s+|written\s+)?"
    # (Or the words around a date shown in an element of its own: "Posted on by".)
    r"|(?:posted|published)\s+on\s+)(?:by|par|por|door)\s*:?\s+(?=[^\W\d_])",
    re.IGNORECASE)


_LATE_LEAD_IN = re.compile(r"\s(?:by|par|por|door)[\s:]", re.IGNORECASE)


def _dated_by(text: str) -> bool:
    """Whether ``text`` opens with a date and then a byline's lead-in (its words looked
    for first: the pattern is costly, and most texts hold none of them)."""
    return _LATE_LEAD_IN.search(text, 0, _BYLINE_MAX_CHARS) is not None and (
        _DATED_BY.match(text) is not None)


def _dated_lead_off(text: str) -> str:
    """``text`` with a date and the lead-in after it taken off, as "By " would be."""
    return _DATED_BY.sub("", text, count=1) if _dated_by(text) else text


# A byline with no lead-in whose role says it is one: "Jane Doe, Staff Reporter",
# "Иван Петров, корреспондент", "Anna Becker, Redakteurin" (a full name of two to four
# capitalised words, a comma, then the role, maybe with its desk; the line ends there
# or at a separator before an outlet).
_ROLE_BYLINE = re.compile(
    _LEAD_MARKS + r"(?:[^\W\d_][\w.'’-]*\s+){1,3}[^\W\d_][\w'’-]+\s*[,|]\s*"
    r"(?:[\w-]+\s+){0,2}(?i:writer|reporter|correspondent|editor|columnist|contributor|"
    r"journalist|корреспондент|журналист|обозреватель|redakteur(?:in)?|korrespondent(?:in)?|"
    r"journaliste|correspondante?|periodista|corresponsal|giornalista|jornalista|muhabir)"
    r"\s*(?:$|[|·•—–,/]\s*\S)")


def _role_byline(text: str) -> bool:
    """A full name, a comma and a reporter's role; the name a person's, not an outlet's
    ("Harbour News, Staff Writer" names no author)."""
    if _ROLE_BYLINE.match(text) is None:
        return False
    name = re.split(r"[,|]", text, maxsplit=1)[0]
    return (all(w[0].isupper() for w in name.split())
            and looks_like_person(name.strip(" /|»›>•·*–—-")))


def _byline_line(text: str) -> bool:
    """Whether ``text`` opens with a byline's lead-in and then a name: a capital where
    the script has case ("By Jane", "Автор: Иван"), any letter where it has none; or is
    a full name and a reporter's role ("Jane Doe, Staff Reporter")."""
    if _role_byline(text):
        return True
    if (undated := _dated_lead_off(text)) != text:
        return undated[0].isupper() or undated[0].lower() == undated[0].upper()
    match = _BYLINE_LINE.match(text)
    if match is None:
        return False
    first = text[match.end()]
    return first.isupper() or first.lower() == first.upper()


def plain_byline(line: str) -> list[str]:
    """The names a line of text gives as its byline in plain words ("By Jane Doe |
    Reuters", "Jane Doe, Staff Reporter"): a person's full name or an agency's in
    capitals, as ``byline`` reads such a line; else none."""
    if len(line) > _BYLINE_MAX_CHARS or not _byline_line(line):
        return []
    names = author_names(line, organisations=True)
    return names if _names_someone(names) else []


def _names_someone(names: list[str]) -> bool:
    """Whether words alone (no author markup) name a person in full, in a script with
    case, or an agency ("By AFP"): not "By Train: 2 hours from Paris"."""
    return any(" " in n or n.lower() == n.upper() or (n.isupper() and len(n) <= _AGENCY_CHARS)
               for n in names)


def _text_byline(el: HtmlElement) -> int | None:
    """A short line in plain words that names the authors after "By" (or its kin), with
    no author markup or link: "<p>By Jane Doe | Reuters</p>"; or such a line among the
    first few of a short block parted by <br>s ("<p><b>Headline</b><br>By Jane Doe,
    Staff Writer<br>March 5, 2004</p>", as pages set in tables write their header). The
    index of the byline's line, or None. Not a caption's credit."""
    if el.tag not in _BLOCKS:
        return None
    # Its first words, cheaply: the element's own text, else its first text inside or
    # after a child (after a portrait: "<img src='jane.jpg'> By Jane Doe").
    first = next((t.strip() for t in el.itertext() if t.strip()), "")
    if _BYLINE_START.match(first) or (len(first) <= _BYLINE_MAX_CHARS and (
            _role_byline(first) or _dated_by(first))):
        if not fits_in(el, _BYLINE_MAX_CHARS):
            return None
        at = 0
        text = ""  # (the whole element's, read below)
    elif el.find("br") is not None and fits_in(el, _BYLINE_BLOCK_MAX_CHARS):
        lines = _lines(el)
        found = next((i for i, line in enumerate(lines[1:_BYLINE_BLOCK_LINES], 1)
                      if len(line) <= _BYLINE_MAX_CHARS and _BYLINE_START.match(line)), None)
        if found is None:
            return None
        at, text = found, lines[found]
    else:
        return None
    if any(c.tag not in _INLINE for c in el.iterdescendants() if isinstance(c.tag, str)):
        return None  # the line itself, not a box holding it; a linked name is read as such
    text = text or clean(el.text_content())
    return (at if _byline_line(text)
            and not any(a.tag in ("figure", "figcaption") for a in el.iterancestors())
            else None)


_BYLINE_BLOCK_MAX_CHARS = 240
_BYLINE_BLOCK_LINES = 4


def is_byline_line(line: str, authors: list[str]) -> bool:
    """Whether a line of the body is the byline of these ``authors`` in plain words
    ("Von Anna Becker"), or one of their names alone: furniture of the header the body
    extractor read as prose."""
    if not authors or len(line) > _BYLINE_CARD_MAX_CHARS:
        return False
    if len(line) > _BYLINE_MAX_CHARS:
        return _byline_card(line, authors)
    wanted = {a.casefold() for a in authors}
    if line.strip().casefold() in wanted:
        # A person's name alone, on a line of its own ("<address>Jane Doe</address>");
        # (a desk's, "Staff Reports", is often printed as the story's first line).
        return looks_like_person(line.strip())
    if not _byline_line(line):
        return False
    # (In any case: "BY JANE DOE" is the byline of Jane Doe.)
    names = author_names(line, organisations=True)
    return bool(names) and {n.casefold() for n in names} <= wanted


_BYLINE_CARD_MAX_CHARS = 200
_CARD_MAX_LOWER_WORDS = 2


def _byline_card(line: str, authors: list[str]) -> bool:
    """A byline printed with its author's card, no sentence in it: the lead-in, then
    an author's name, then names, the outlet, a handle, an address ("By Jane Doe Jane Doe
    The Daily Biography @janedoe jane.doe@daily.com")."""
    match = _BYLINE_LINE.match(line)
    if match is None or line.endswith(SENTENCE_ENDS):
        return False
    rest = line[match.end():].casefold()
    return (any(rest.startswith(a.casefold()) for a in authors)
            and sum(w[0].islower() for w in line.split()) <= _CARD_MAX_LOWER_WORDS)


_NAME_JOINER = re.compile(r"^\s*(?:,|&|and|ve|und|et|y|e|i|en|og|och|и)\s*$", re.IGNORECASE)
_ENDS_JOINED = re.compile(r"(?:,|&|\band|\bund|\bet|\bи)\s*$", re.IGNORECASE)


def _after_by(a: HtmlElement) -> bool:
    """Whether ``a`` follows "By" (or its kin in other languages), directly, after other
    names ("By <a>A</a>, <a>B</a> and <a>C</a>"), or out of a wrapper that holds only it
    ("By <span class='vcard'><a>A</a></span>"); "By" may be its own element's text
    ("<span>By</span> <a>A</a>")."""
    el = a
    for _ in range(_NAME_MAX_WORDS):
        previous = el.getprevious()
        if previous is None:
            parent = el.getparent()
            if parent is None:
                return False
            if _ends_with_by(_BY_BEFORE, parent.text or ""):
                return True
            if (parent.text or "").strip() or len(parent) > 1 or parent.tag not in _NAME_HOLDERS:
                return False
            el = parent  # a wrapper around the name: look before it
            continue
        if (previous.tag not in _LINE_ENDS and not (previous.tail or "").strip()
                and not own_text(previous)):
            el = previous  # an empty link (an avatar's, an author page's) or an icon
            continue
        by_before = _BY_BEFORE if previous.tag in _LINE_ENDS else _BY_AFTER_INLINE
        if _ends_with_by(by_before, previous.tail or ""):
            return True
        if not (previous.tail or "").strip() and _ends_with_by(_BY_BEFORE, own_text(previous)):
            return len(own_text(previous)) <= 12
        if previous.tag not in _NAME_HOLDERS or not (
                _NAME_JOINER.match(previous.tail or "")
                # "<span><a>A</a>, </span><span><a>B</a></span>": the comma inside
                or (not (previous.tail or "").strip() and _ENDS_JOINED.search(own_text(previous)))):
            return False
        el = previous
    return False


# Between the names of a byline: "A, B and C", "A,B", "A & B", "A; B", "A (avec B et C)".
# What parts a byline's names: commas, "and" (after a comma too: "A, B, and C") and its
# kin, "with" ("By Jane Doe with John Roe"); a full stop before the next credit's label
# ("Text: Jane Doe. Photos: John Roe"; not the stop of an initial, "Jane D. Roe").
_LIST = re.compile(r"\s*(?:,?\s(?:and|&|ve|und|et|y|e|i|og|och|en|и|і|with|avec|mit|"
                   # (lower case only: "Dan", "A." are names too)
                   r"(?-i:та|dan|và|και|și|şi|és|ja|ir|و|और|และ))\s|[,;，、／·]"
                   r"|\.\s+(?=[^\W\d_][\w'’-]*\s*[:：]))\s*", re.IGNORECASE)
# Arabic's and Hebrew's "and", written onto the next name ("أحمد الخطيب وفاطمة حسن"): a
# list only where each part is a full name (a middle name may begin with it: "وليد").
_ATTACHED_AND = re.compile(r"\s[وו](?=[\u0600-\u06ff\u0590-\u05ff])")
# Czech's and Slovak's "a", Latvian's "un": articles and prepositions elsewhere ("Jane
# Doe is a reporter"), so a list only between full names.
_NAMES_AND = re.compile(r"\s(?:a|un)\s")
_BRACKETS = re.compile(r"[《》【】\[\]〈〉「」]")
# A note in brackets at the end of a byline: a city, a role; left open when cut short.
_NOTE = re.compile(r"\s*\((?![^)]*\)\s*\S)[^)]*\)?\s*$")
_WITH = re.compile(r"\((?:with|avec|mit|con|met|ile)\s+([^)]*)\)", re.IGNORECASE)
# An address beside a name: "Jane Doe (https://jane.example/)", "jane@news.example",
# "Jane Doe <jane@news.example>", "@janedoe".
_CONTACT = re.compile(r"\(?\b(?:https?://|www\.|mailto:)\S*\)?|[(<]?[^\s<>()]+@[^\s<>()]+\.\w+[)>]?"
                      r"|\(?(?<![\w.])@\w{2,}\)?")
# Where the reporter writes from, after the name: "Jane Doe in Lisbon", "Jean Dupont à
# Bruxelles", "João Silva em Lisboa".
_PLACE_TAIL = re.compile(r"\s+(?:in|à|em)\s+[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3}$")
# Words of a role, a desk or an organisation, not of a person's name.
_NOT_A_PERSON = re.compile(
    r"\b(staff|senior|vice|president|director|manager|officer|chief|head|team|desk|"
    r"news|newsroom|agency|agencies|press|media|group|redaktion|rédaction|redacción|"
    r"redazione|gmbh|ltd|inc|llc|plc|corp|online|service|technologist|analyst|"
    r"associated|reuters|afp|dpa|ap)\b",
    re.IGNORECASE)
# A role after a name with no comma: "Gina Trapani CEO", "山田太郎 著" (written by);
# a translator's or an editor's credit ("木下哲也 訳") is no author's.
_ROLE_TAIL = re.compile(
    r"\s+(?:ceo|cto|cfo|coo|founder|co-founder|chairman|editor-in-chief|著|作|文|선임기자|객원기자|"
    r"기자|특파원)$|\s*(?:記者|记者|特派員|特派员)$",
    re.IGNORECASE)
_NOT_AUTHOR_ROLE = re.compile(r"\s(?:訳|監訳|編|編集|写真|絵|イラスト)$")

# Lower-case words a name may hold: "Michiel de Jong", "Ludwig van Beethoven".
_PARTICLES = frozenset({"de", "da", "di", "du", "van", "von", "der", "den", "la", "le",
                        "del", "dos", "das", "bin", "al", "el", "ter", "ten", "y", "e"})
# A byline's names end where its date begins: "By Nathan Willis March 25, 2015".
# (The month's word in full or cut short, not any word that opens so: "Jan Jansen",
# "Anna Mayer", "Tom Marshall" end with a surname.)
_MONTH_TAIL = re.compile(
    r"\s*\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|"
    r"sep(t(ember)?)?|oct(ober)?|nov(ember)?|dec(ember)?)\.?\s*$", re.IGNORECASE)
# The word that leads a date: "on", "le", "am", "el", "il", ...
_DATE_LEAD = r"on|at|am|um|le|el|em|il|op|w|в"
# The label of a date written after the name on one line: "Von Anna Becker publiziert am
# 25. September", "Par Lucie Moreau publié le 4 avril", "By Jane Doe Published".
_DATE_LABEL_TAIL = re.compile(
    r"[\s,;|·•]*\b(?:(?:last|first|zuletzt|erstmals) )?"
    r"(?:published|posted|updated|publiziert|veröffentlicht|aktualisiert|erschienen|publié|mis à jour|publicado|actualizado|atualizado|pubblicato|aggiornato|gepubliceerd|"
    r"bijgewerkt|opublikowano|zaktualizowano|yayınlanma|güncellenme|опубликовано|обновлено|"
    r"입력|수정|등록|승인|기사입력|업데이트)"
    r"(?:\s+(?:" + _DATE_LEAD + r"))?\s*:?\s*$", re.IGNORECASE)
# Any one word and its colon just before the date: a label ("Stand: 03.05.2023",
# "Tarih: …", "发布时间：…"); a name never ends in a colon.
_LABEL_TAIL = re.compile(r"\s+[^\W\d_]+\s*[:：]\s*$")
# The word alone after the name, lower case ("Minh Le" is a name): "By Jane Doe on May
# 5, 2024", "Par Lucie Moreau le 4 avril", "Von Anna Becker am 25. September".
_DATE_PREPOSITION = re.compile(r"\s+(?:" + _DATE_LEAD + r")\s*$")


def _without_weekday(text: str) -> str:
    """``text`` without the weekday that opens the date after it, where a name stays:
    "By Jane Doe Friday, 15 March", "Oleh Budi Santoso Jumat, 15 Maret", "Bởi Nguyễn Văn
    An Thứ sáu, 15/03/2024" (a weekday's name is no surname)."""
    words = text.rstrip(" ,.;:|").split()
    for n in (1, 2):  # (a weekday of two words: "thứ sáu")
        if len(words) > n + 1 and " ".join(words[-n:]).rstrip(".,").casefold() in weekday_names():
            return text[: text.rstrip(" ,.;:|").rindex(words[-n])]
    return text


def looks_like_person(name: str) -> bool:
    """A person's name: a few words, capitalised where the script has case, and no word
    of a role, a desk or an organisation."""
    words = name.split()
    if (not words or len(words) > _NAME_MAX_WORDS or _NOT_A_NAME.search(name)
            or not any(c.isalpha() for c in name)):  # (a bullet, a dash)
        return False
    if _NOT_A_PERSON.search(name):
        return False
    cased = [w for w in words if any(c.isalpha() and (c.isupper() or c.islower()) for c in w)]
    # Capitalised words, and particles ("de", "van") only beside one ("e" alone is none).
    return all(w[0].isupper() or not w[0].isalpha() or w.lower() in _PARTICLES
               for w in cased) and (not cased or any(w[0].isupper() for w in cased))


# Words an outlet's credit holds in lower case ("Reuters staff", "Detroit News wire
# services", "The Times of India"), beside a person's particles.
_CREDIT_WORDS = frozenset({
    "staff", "wire", "wires", "services", "service", "reports", "report", "desk", "team",
    "writer", "writers", "reporter", "reporters", "correspondent", "correspondents", "editor",
    "editors", "newsroom", "bureau", "news", "online", "digital", "and", "of", "the", "for",
    "&"})


def _names_an_outlet(name: str) -> bool:
    """Whether ``name`` may name an outlet a byline credits ("AFP", "Reuters staff",
    "Detroit News wire services"): no weekday opens it, and each word is capitalised
    but a credit's words. "By Tuesday evening, more than 300 people had signed" and
    "Von Anfang an war klar, dass …" open sentences."""
    words = name.split()
    return words[0].rstrip(".,").casefold() not in weekday_names() and all(
        not w[0].isalpha() or w[0].isupper() or w.lower() in _CREDIT_WORDS
        or w.lower() in _PARTICLES for w in words)


def _single_cased_word(name: str) -> bool:
    return " " not in name and name.lower() != name.upper()


def looks_like_name(text: str) -> bool:
    """A name of a person or an organisation: no address, handle, number or label."""
    return 0 < len(text.split()) <= 8 and not _NOT_A_NAME.search(text)


_DOTS = re.compile(r"\s+[·•]\s+")
_SURNAME_INITIALS = re.compile(r"^([A-ZÀ-Þ][\w'-]+),\s*((?:[A-ZÀ-Þ]\.\s*){1,3})$")
_COUNTER = re.compile(r"^\S{1,12}\s*[(（]\s*[\d.,]+\s*[)）]$")


def author_names(text: str, organisations: bool = False) -> list[str]:
    """The people named in a byline's text ("By Jane Doe and John Roe, Reuters"); none
    when the text is not a name (an archive link, a handle, an e-mail address, a date).
    The names end at the first part that is not one: a role ("Staff Writer"), an outlet,
    a date. With ``organisations``, a byline that credits no person gives the
    organisation it credits ("By AFP")."""
    if _COUNTER.search(clean(text)):
        return []  # a counter beside the byline: "人氣(23925)", "Views (1,204)"
    segments = _DOTS.split(clean(text))
    if len(segments) > 1:
        # "Politik · Jochen Bittner, Tina Hildebrandt", "Pete Evans · CBC News · Posted…":
        # the part that names people, a section label or an outlet aside.
        found = [names for segment in segments if (names := author_names(segment, organisations))]
        return next((names for names in found if any(" " in n for n in names)),
                    found[0] if found else [])
    if initials := _SURNAME_INITIALS.match(clean(text)):
        text = f"{initials.group(2).strip()} {initials.group(1)}"  # "Kooman, F." -> "F. Kooman"
    text = _WITH.sub(r", \1", _CONTACT.sub("", clean(text))).strip(" ,;:|")
    if text.startswith("(") and text.endswith(")") and "(" not in text[1:]:
        text = text[1:-1]  # "jane@news.example (Jane Doe)", as feeds write an author
    text = _BYLINE_PREFIX.sub("", _BRACKETS.sub("", _dated_lead_off(text)))
    text = _NOTE.sub("", text)  # "Jane Doe (Brussels, correspondent)"
    text = _NAME_END.split(text, maxsplit=1)[0]
    digit = re.search(r"\d", text)
    if digit:
        text = _without_weekday(_MONTH_TAIL.sub("", text[: digit.start()]))
    # (Also where the date is another line: "Posted by Jane Doe on" over "<span
    # class='posted-on'>May 5</span>".)
    text = _DATE_PREPOSITION.sub("", _LABEL_TAIL.sub("", _DATE_LABEL_TAIL.sub("", text)))
    for joiner in (_ATTACHED_AND, _NAMES_AND):
        parts = joiner.split(text)
        if len(parts) > 1 and all(2 <= len(part.split()) <= _NAME_MAX_WORDS and (
                joiner is _ATTACHED_AND or looks_like_person(part.strip(" ,"))) for part in parts):
            text = ", ".join(parts)
    out: list[str] = []
    for part in _LIST.split(text):
        part = part.strip(" ,;:|—–•·-")
        if label := _LABEL.match(part):  # "Text: Jane Doe, Photos: John Roe"
            if _OTHER_CREDIT.match(label[1]):
                break
            part = part[label.end():]
        name = _ROLE_TAIL.sub("", _BYLINE_PREFIX.sub("", part))
        name = _PLACE_TAIL.sub("", name)
        if name.count("(") != name.count(")"):
            name = name.strip("()")
        if name.endswith(".") and len(name.split()[-1]) > _INITIAL_CHARS:
            name = name[:-1]  # a sentence's full stop: "… by Jane Doe." (not "Jr.", "M.")
        if not name or _NOT_AUTHOR_ROLE.search(name):
            continue
        if not looks_like_person(name) or (out and _single_cased_word(name)):
            if (not out and organisations and looks_like_name(name) and name[0].isupper()
                    and len(name.split()) <= 4 and _names_an_outlet(name)):
                out.append(name)
            break  # a role, an outlet ("Jane Doe, TIME"), a date: the names are over
        if name not in out:
            out.append(name)
    return out


def _lines(el: HtmlElement) -> list[str]:
    """The text of ``el`` line by line: a <br>, a block or a time starts a new line
    ("By Jane Doe<br>March 25", "<div>By Jane</div><div>The Post</div>"), and so does
    an element classed as a time ("<span class='date'>Rabu, 3 Mei 2023</span>": a
    weekday after the name is no surname)."""
    return text_lines(el, lambda child: child.tag in _LINE_ENDS
                      or bool(_TIME_CLASS.search(child.get("class", ""))))


_INITIAL_CHARS = 3  # "M.", "Jr.", "Sr.": a name's own dot
_AGENCY_CHARS = 6  # "AFP", "DPA", "ANSA", "EFE": an agency in capitals


def byline(region: HtmlElement, excluded: list[HtmlElement | None],
           stop: HtmlElement | None = None, body: HtmlElement | None = None
           ) -> tuple[list[str], str | None]:
    """(authors, time text) from byline markup: rel=author, author classes, time elements.
    Names come from one byline only: once one is read, names elsewhere (an author box,
    the teasers of other stories) are not this article's authors. An ``<h1>`` after the
    ``body`` heads another story (the next one of an endless scroll): read no further."""
    authors: list[str] = []
    when: str | None = None
    stamp: str | None = None
    byline: set[HtmlElement] | None = None  # around the first byline read
    classed = _AuthorClassed()
    past_body = False
    # Themes that print the last edit's time beside the publication's name both ("<time
    # class='updated'>…</time><time class='entry-date published'>…"); others mark the
    # publication's own "updated" (hAtom's class, not an edit's).
    edits_apart = any("publish" in _time_names(t) for t in region.iter("time"))
    for el in region_elements(region, excluded):
        if el is stop:
            break
        if el is body:
            past_body = True
        elif past_body and el.tag == "h1" and not within(el, body):
            break
        if (stamp is not None and byline is not None and authors
                and not any(a in byline for a in el.iterancestors())):
            break  # past the byline, with its names and a stamp: nothing more to read
        # (Most elements are of none of the tags a byline is written in: tested first.)
        marked = el.tag in _BYLINE_TAGS and (
            _names_an_author(el, classed) or _plain_byline_link(el)
            or (el.tag == "a" and _named_in_author_box(el, classed))) and not _speaker(el)
        marked = marked and not _commenter(el)
        line_at = None if marked or el.tag not in _BLOCKS else _text_byline(el)
        if (marked or line_at is not None) and not in_teaser_article(el):
            near = set(_near(el))
            if byline is None or byline & near:
                names = next((found for line in _lines(el)[line_at or 0:][:2]
                              if (found := author_names(line, organisations=True))), [])
                if not marked and not _names_someone(names):
                    names = []
                authors += [n for n in names if n not in authors
                            and not (authors and _single_cased_word(n))]
                if names and byline is None:
                    byline = near
        if (stamp is None and (el.tag == "time" or _TIME_CLASS.search(el.get("class", "")))
                and not (edits_apart and _edit_time(el)) and not labelled_edit(el)
                and not _in_entry(el)
                and not any(a.tag == "blockquote" for a in el.iterancestors())
                and not in_teaser_article(el)):
            # (Not the last edit's; not an entry's of a live blog, nor a quote's: an
            # embedded post's time is the post's; nor a teaser's of another story, set
            # in a microdata item of its own.)
            # A machine-readable stamp ("2025-02-14T16:21:00+03:00") beats the shown text
            # ("February 14, 2025"), which is often the day only; not where the text
            # shows the publication and then the last edit, whose time the stamp is as
            # often ("Dec. 6, 2024, 10:00 PM / Updated Dec. 7, 2024, 12:43 PM").
            machine = el.get("datetime") or el.get("data-time")
            shown = _shown_before_edit(own_text(el), machine)
            stamp = None if shown else machine
            if when is None:
                # (Unix time in a data-* attribute, read of the first such element only:
                # later ones are as often a teaser's, "<div class='promo-timestamp'
                # data-timestamp='…'>".)
                if not shown:
                    stamp = stamp or next((iso for name, value in el.items()
                                           if name.startswith("data-")
                                           and _STAMP_ATTRIBUTE.search(name)
                                           and (iso := epoch_stamp(value))), None)
                when = stamp or shown or el.get("title") or own_text(el)
    return authors, stamp or when


def _shown_before_edit(text: str, stamp: str | None) -> str | None:
    """The time a time element's text shows before the last edit's label, where it
    shows both ("May 5, 2024, 10:00 PM / Updated May 6, 2024") and its machine-readable
    ``stamp`` is of another day (the edit's): the publication's."""
    edit = UPDATED.search(text)
    if edit is None or not stamp or not any(c.isdigit() for c in text[: edit.start()]):
        return None
    shown = text[: edit.start()].strip(" /|·•-–—,;")
    value = dateline_value(shown)
    try:
        first, machine = parse_date(value), parse_date(stamp)
    except (ValueError, OverflowError):
        return None
    return shown if first and machine and first.date() != machine.date() else None


def named_under_headline(root: HtmlElement, body: HtmlElement | None,
                         title: str | None = None) -> list[str]:
    """Where nothing else names the authors (no metadata, no byline by markup, class or
    words): a person's full name alone on a line of its own between the headline and
    the body, that the page names again elsewhere (its author box at the foot, a
    portrait's alt text), as sites whose class names are hashed show a byline. A name
    written once may be the subject of a topic label; a linked one, a topic page."""
    # The headline: the heading that shows the title (the first <h1> may be the logo's).
    headline = heading_showing(root, title, ("h1", "h2"))
    if headline is None:
        headline = next(root.iter("h1"), None)
    if headline is None:
        return []
    headline_text = clean(headline.text_content())  # (a name in it is the story's subject)
    seen = 0
    pictured = False
    for el in _FOLLOWING(headline):  # (in page order, not inside the headline)
        if el is body or seen > _UNDER_HEADLINE_ELEMENTS:
            break
        if el.tag in ("img", "picture", "figure", "video", "iframe") and not small_picture(el):
            # A picture: a name below it is its caption's credit, unless the story's
            # time stands beside it.
            pictured = True
            continue
        if el.tag in ("p", "li") and fits_in(el, _UNDER_HEADLINE_MAX_CHARS) is False:
            break  # the story has begun
        if el.tag in _NOT_A_BYLINE or len(el) or not (text := clean(el.text)):
            continue
        seen += 1
        link = el if el.tag == "a" else next((a for a in el.iterancestors("a")), None)
        if link is not None and _profile_beside_networks(link):
            # An author box whose class says nothing: each person linked in it.
            boxed = [own_text(a) for a in link.getparent().iter("a")
                     if not _SOCIAL_HREF.search(a.get("href", ""))]
            if all(_full_name(n) and n not in headline_text for n in boxed):
                return boxed
            continue
        if len(text) > _UNDER_HEADLINE_MAX_CHARS or (link is not None
                                                   and not _to_this_page(root, link)):
            continue
        names = author_names(text)
        if (names and all(_full_name(n) for n in names)
                and not _NOT_NAME_PUNCTUATION.search(text) and _only_names(text, names)
                and not any(n in headline_text for n in names)
                and (_dated_beside(el) or not pictured and _named_again(root, names[0]))):
            return names
    return []


def _profile_beside_networks(a: HtmlElement) -> bool:
    """Whether link ``a`` leads to a page of the site (not a topic's) from a small box
    that also holds the person's network links ("<div><a href='/people/jd'>Jane Doe</a>
    <a href='https://x.com/jd'>X</a></div>"): an author box whose class says nothing."""
    box = a.getparent()
    return (box is not None and fits_in(box, _BYLINE_MAX_CHARS) and _site_page_link(a)
            and any(_SOCIAL_HREF.search(other.get("href", ""))
                    for other in box.iter("a") if other is not a))


def _dated_beside(el: HtmlElement) -> bool:
    """Whether one of the next two elements beside ``el`` (or beside a wrapper that holds
    only it) shows a date: a byline's "<span>Jane Doe</span><span>2019年04月13日 09時00分
    </span>", "<div><div>JANE DOE</div></div><div>AP · December 2, 2016</div>"."""
    for _ in range(_WRAPPER_LEVELS + 1):
        for sibling in islice(el.itersiblings(), 2):
            text = clean(" ".join(sibling.itertext()))
            if text and len(text) <= _UNDER_HEADLINE_MAX_CHARS and (
                    next(sibling.iter("time"), None) is not None
                    or written_dates(text) or dateline_value(text) is not None):
                return True
        parent = el.getparent()
        if parent is None or len(parent) > 1 or (parent.text or "").strip():
            return False
        el = parent
    return False


_WRAPPER_LEVELS = 2


def _full_name(name: str) -> bool:
    """A person's name in full: two or three words, or, in a script written without
    spaces, three to five Chinese characters or three or four Korean syllables (two may
    be a section's name: "科技", "정치")."""
    return looks_like_person(name) and (2 <= len(name.split()) <= 3
                                        or _UNSPACED_FULL_NAME.match(name) is not None)


_UNSPACED_FULL_NAME = re.compile(r"^(?:[\u3400-\u4dbf\u4e00-\u9fff]{3,5}|[가-힣]{3,4})$")
_FOLLOWING = etree.XPath("following::*")
_UNDER_HEADLINE_ELEMENTS = 8
_NOT_NAME_PUNCTUATION = re.compile(r"[:!?…]|\.\.")
_UNDER_HEADLINE_MAX_CHARS = 80
_NOT_A_BYLINE = frozenset({"button", "figcaption", "label", "option", "script", "style",
                           "time", "h2", "h3", "h4"})


def _to_this_page(root: HtmlElement, link: HtmlElement) -> bool:
    """Whether ``link`` leads to an element of this page (the author box further down:
    "#content__author"), not to another page (a topic's)."""
    fragment = link.get("href", "").partition("#")[2]
    return bool(fragment) and root.get_element_by_id(fragment, None) is not None


def _only_names(text: str, names: list[str]) -> bool:
    """Whether ``text`` is the names and separators, a section's label before them and
    the date after them at most ("Politik · Jane Doe, John Roe", "Jane Doe, April 19,
    2020")."""
    rest = text.split(" · ", 1)[-1] if " · " in text else text
    for name in names:
        rest = rest.replace(name, "", 1)
    rest = _AND.sub("", rest)
    return not _WORD.search(rest) or parse_date(rest.strip(" ,;|·•—–-")) is not None


_AND = re.compile(r"\b(?:and|und|et|y|e|i|и|ve)\b")
_WORD = re.compile(r"[^\W\d_]{2,}")


def _named_again(root: HtmlElement, name: str) -> bool:
    return (any(img.get("alt", "").strip() == name for img in root.iter("img"))
            or " ".join(root.itertext()).count(name) > 1)


# A story signed at its foot: its writer's name alone on a line of its own, in bold or
# italics or set to the right ("<p style='text-align:right'><strong>Nguyễn Văn An
# </strong></p>"), as Vietnamese, Czech, Ukrainian and many other papers sign theirs;
# maybe after a dash, or with its source in brackets after it ("(theo Reuters)").
_SIGNATURE_TAGS = frozenset({"strong", "b", "em", "i"})
_SIGNATURE_MAX_CHARS = 80
# Two to four words, each opened by a letter (not "【…】", a bracketed notice).
_SIGNATURE_NAME = re.compile(r"^[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){1,3}$")
_SIGNATURE_DASH = " —–-"
_SIGNATURE_SOURCE = re.compile(r"^\([^()]{1,40}\)$")
_NO_TEXT = frozenset({"script", "style", "template", "noscript"})
_SET_RIGHT = re.compile(r"text-align\s*:\s*right", re.IGNORECASE)


def signature(body: HtmlElement | None) -> tuple[str, str] | None:
    """(line, name) where the last text of ``body`` is a line that signs the story (see
    above): a person's name of two to four words in a script with case (where any
    words pass for a name, the markup alone would tell too little). Read before the
    teasers after a story go: a rail's label in bold ("Top Stories") has its links
    after it."""
    last = None
    for el in body.iter() if body is not None else ():
        if el.tag in _NO_TEXT or not isinstance(el.tag, str):
            continue
        if (el.text or "").strip():
            last = el
        elif el is not body and (el.tail or "").strip():
            last = el.getparent()
    line_el = next((el for el in ([last, *last.iterancestors()] if last is not None else [])
                    if el.tag in ("p", "div")), None)
    if line_el is None or not within(line_el, body) or len(line_el) > 2 or not holds_no_blocks(
            line_el) or not fits_in(line_el, _SIGNATURE_MAX_CHARS):
        return None
    line = own_text(line_el)
    marked = [c for c in line_el if isinstance(c.tag, str)]
    if (len(marked) == 1 and marked[0].tag in _SIGNATURE_TAGS
            and not (line_el.text or "").strip(_SIGNATURE_DASH + "\n\t")):
        name, rest = own_text(marked[0]), clean(marked[0].tail)
    elif _SET_RIGHT.search(line_el.get("style", "")) or line_el.get("align") == "right":
        name, _, rest = line.partition(" (")
        rest = f"({rest}" if rest else ""
    else:
        return None
    name = name.strip(_SIGNATURE_DASH)
    if ((not rest or _SIGNATURE_SOURCE.match(rest)) and _SIGNATURE_NAME.match(name)
            and name.lower() != name.upper() and not any(map(is_unspaced, name))
            and looks_like_person(name)):
        return line, name
    return None


# The author's label inside a Chinese or Japanese line of facts, among the source's and
# the editor's: "2024-03-15 09:43 来源：新华网 作者：王小明 责任编辑：李华".
_CJK_NAMES_APART = re.compile(r"\s*[、，,]\s*")  # "王小明、李华"
_CJK_FACT_AUTHOR = re.compile(
    r"(?:^|\s)(?:作者|记者|記者|撰文|著者|筆者)\s*[:：]\s*"
    r"([\u4e00-\u9fff\u3040-\u30ff·]{2,6}(?:" + _CJK_NAMES_APART.pattern
    + r"[\u4e00-\u9fff\u3040-\u30ff·]{2,6})*)(?=\s|$)")
_CJK_FACTS_MAX_CHARS = 120


def cjk_fact_authors(line: str) -> list[str]:
    """The names after the author's label in a short line of facts (see above)."""
    match = _CJK_FACT_AUTHOR.search(line) if len(line) <= _CJK_FACTS_MAX_CHARS else None
    return [n for n in _CJK_NAMES_APART.split(match[1]) if n] if match else []


# A credit that opens a story's first paragraph, as Chinese and Korean wire copy and
# papers print theirs: "新华社北京3月15日电（记者王小明、李华）…", "(서울=연합뉴스) 김철수
# 기자 = …", "[아시아경제 김철수 기자] …".
_LEAD_CREDIT = re.compile(
    r"^.{0,40}?[（(]\s*(?:本报|本報|特约)?(?:记者|記者)\s*(?P<zh>[\u4e00-\u9fff·]{2,5}"
    r"(?:" + _CJK_NAMES_APART.pattern + r"[\u4e00-\u9fff·]{2,5})*)\s*[）)]"
    r"|^[(\[][^)\]]{1,30}[)\]]\s*(?P<ko>[가-힣]{2,4})\s*" + _KOREAN_ROLES + r"\s*="
    r"|^\[[^\]]{0,20}?\s(?P<ko2>[가-힣]{2,4})\s*" + _KOREAN_ROLES + r"\]")


def lead_credit(paragraphs: list[str]) -> list[str]:
    """The reporters a credit at the head of the first paragraph names (see above)."""
    match = _LEAD_CREDIT.match(paragraphs[0]) if paragraphs else None
    if match is None:
        return []
    if match["zh"]:
        return [n for n in _CJK_NAMES_APART.split(match["zh"]) if n]
    return [match["ko"] or match["ko2"]]


# A news agency's credit at a story's foot: "(Reporting by Jane Doe and John Roe in
# Lisbon; Editing by Max Mustermann)". The reporters (and writers) are the authors; the
# editors, and reporting credited as additional, are not.
_CREDIT = re.compile(r"^\(?\s*(?:reporting|reported|writing|written)(?: and writing)? by\s+(.+)$",
                     re.IGNORECASE)
_CREDIT_END = re.compile(
    r"[;)]|\.\s|\.$|,?\s+\b(?:with|additional|editing|edited|compiled|graphics|production)\b",
    re.IGNORECASE)
_CREDIT_LINES = 3


def credited_authors(paragraphs: list[str]) -> list[str]:
    """The people a credit among the last paragraphs names as reporting or writing."""
    for line in reversed(paragraphs[-_CREDIT_LINES:]):
        match = _CREDIT.match(line.strip())
        if match:
            names = author_names(_CREDIT_END.split(match.group(1), maxsplit=1)[0])
            return [n for n in names if " " in n]
    return []
