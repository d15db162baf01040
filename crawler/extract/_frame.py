"""The article frame around the body: the region holding headline and body, and the
counters, dateline, category, tags, figures and standfirst read from it (the byline is
``_byline``'s)."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from itertools import islice

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract._article import Image
from crawler.extract._links import http_url, same_host
from crawler.extract._text import (
    SENTENCE_ENDS,
    clean,
    count_words,
    ends_sentence,
    parse_count,
    parted_words,
)
from crawler.extract._title import bigrams
from crawler.extract._tree import (
    HOLDS_BLOCKS,
    attrs_text,
    fits_in,
    heading_showing,
    in_comments,
    in_furniture,
    is_paragraph_box,
    link_chars,
    one_of_boxes,
    own_text,
    region_elements,
    text_longer,
    within,
    wrapped,
)

# A section's or a topic's page, also as sites in other languages name it: "/kategorie/",
# "/categoria/", "/rubrique/", "/ressort/"; a tag's page: "/schlagwort/", "/etiqueta/".
CATEGORY_HREF = re.compile(
    r"/(category|categories|kategori|kategorie|kategoria|categoria|categorie|categorias|"
    r"rubrique|rubrik|rubriek|ressort|seccion|sezione|section|topics?)/", re.IGNORECASE)
TAG_HREF = re.compile(r"/(tags?|etiket|hashtag|schlagworte?|stichworte?|etiquetas?|etichett[ae]|"
                      r"trefwoord(?:en)?|tagi|tagit|метки|теги)/", re.IGNORECASE)
# At a word's start, or a capital's in camel case ("PageView"): "thread" is no "read".
_VIEWS = re.compile(r"(?<![A-Za-z])(?i:view|hit|read|eye)|View|Hit|Read|(?i:okunma|görüntülen|izlen)")
_COMMENTS = re.compile(r"comment|yorum|reply|replies", re.IGNORECASE)


def article_region(root: HtmlElement, body: HtmlElement | None,
                   title: str | None = None) -> HtmlElement:
    """The smallest element holding the main heading and the body container. Where no
    <h1> gives the ``title`` (a blog's <h1> is its name, its post's headline an <h3>;
    a page with no <h1> at all), the smallest holding the lower heading that gives it
    and the body, where one does."""
    h1s = root.xpath("//h1")
    if body is None:
        return h1s[0].getparent() if h1s else root
    wanted = clean(title).casefold() if title else ""
    if wanted and not any(clean(h.text_content()).casefold() == wanted for h in h1s):
        holders = {a for h in root.iter(*_LOWER_HEADINGS)
                   if clean(h.text_content()).casefold() == wanted for a in h.iterancestors()}
        found = next((a for a in [body, *body.iterancestors()] if a in holders), None)
        if found is not None and found.getparent() is not None:  # (not the whole page)
            return found
    for heading in h1s:
        for ancestor in [body, *body.iterancestors()]:
            if heading in ancestor.iter("h1"):
                return ancestor
    return body


_LOWER_HEADINGS = ("h2", "h3", "h4")


def body_container(root: HtmlElement) -> HtmlElement | None:
    """The element that directly holds the most paragraph text (readability's core
    idea); paragraphs each in a box of their own, the boxes alike side by side ("<div
    class='txt'><p>…</p></div><div class='txt'><p>…</p></div>"), count for the element
    holding the boxes; so do a live blog's posts (three or more alike, each with its
    heading and time)."""
    scores: dict[HtmlElement, int] = {}
    for p in root.iter("p"):
        parent = p.getparent()
        if parent is not None:
            scores[parent] = scores.get(parent, 0) + len(own_text(p))
    for holder, chars in _list_prose(root).items():
        scores[holder] = scores.get(holder, 0) + chars
    boxes: dict[tuple[HtmlElement, str, str | None], list[int]] = {}
    posts: dict[tuple[HtmlElement, str, str | None], list[int]] = {}
    for el, score in scores.items():
        holder = el.getparent()
        if holder is not None and is_paragraph_box(el, score):
            boxes.setdefault((holder, el.tag, el.get("class")), []).append(score)
        elif holder is not None and _live_post(el):
            posts.setdefault((holder, el.tag, el.get("class")), []).append(score)
    for (holder, _, _), sizes in boxes.items():
        if len(sizes) > 1 and not in_comments(holder):  # (readers' comments are boxes too)
            scores[holder] = scores.get(holder, 0) + sum(sizes)
    for (holder, _, _), sizes in posts.items():
        if len(sizes) > _LIVE_POSTS_MIN and not in_comments(holder):
            scores[holder] = scores.get(holder, 0) + sum(sizes)
    for el, score in list(scores.items()):
        # A long quote is the story's, where the story's paragraphs stand beside it.
        holder = el.getparent()
        if el.tag == "blockquote" and holder is not None and holder in scores:
            scores[holder] += score
    if not scores:
        return None
    best = max(scores, key=lambda el: scores[el])
    if not in_furniture(best):
        return best
    # The site's "About us" in its footer, a rail's summaries: more prose than a brief
    # story has. The story is the prose outside them, where there is a paragraph's worth.
    inside = [el for el in scores if scores[el] >= _STORY_MIN_CHARS and not in_furniture(el)]
    return max(inside, key=lambda el: scores[el]) if inside else best


_STORY_MIN_CHARS = 100
_LIVE_POSTS_MIN = 2  # more posts alike than this are a live blog's
_LIST_ITEM_PROSE_CHARS = 40  # an item's unlinked letters that read as a sentence
_LIST_PROSE_ITEMS = 2  # such items a list holds to count (a lone one may be a notice's)


def _opens_with_headline(li: HtmlElement) -> bool:
    """Whether a list item opens with a linked headline (a teaser's, its summary after
    it), not with its own words ("<li><a href='/news/2'>Council backs the new pier</a>
    <span>The council voted…</span>")."""
    link = next(li.iter("a"), None)
    if link is None:
        return False
    headline = own_text(link)
    return parted_words(headline) >= _HEADLINE_MIN_WORDS and own_text(li).startswith(headline)


_HEADLINE_MIN_WORDS = 4


def _list_prose(root: HtmlElement) -> dict[HtmlElement, int]:
    """The unlinked letters of the list items that read as sentences (not a menu's or a
    rail's links), counted for the element that holds their outermost list: a story told
    in lists (a changelog, a weekly report, release notes) holds its prose there, not
    in <p>s. Lists of two such items or more; an item holding a <p> or a list is
    counted by those."""
    lists: dict[HtmlElement, list[int]] = {}
    for li in root.iter("li"):
        if next(li.iter("p", "ul", "ol"), None) is not None:
            continue
        chars = len(own_text(li)) - link_chars(li)
        if chars < _LIST_ITEM_PROSE_CHARS or _opens_with_headline(li):
            continue
        outer = li
        for a in li.iterancestors():
            if a.tag not in ("ul", "ol", "li"):
                break
            outer = a
        if outer is not li:
            lists.setdefault(outer, []).append(chars)
    found: dict[HtmlElement, int] = {}
    for outer, sizes in lists.items():
        holder = outer.getparent()
        if holder is not None and len(sizes) >= _LIST_PROSE_ITEMS:
            found[holder] = found.get(holder, 0) + sum(sizes)
    return found


def _live_post(el: HtmlElement) -> bool:
    """Whether ``el`` may be a live blog's post: its paragraphs under a heading of its
    own that links nowhere (a teaser card's headline links to its story) and a time."""
    heading = next(el.iter("h1", "h2", "h3", "h4"), None)
    return (heading is not None and next(heading.iter("a"), None) is None
            and next(el.iter("time"), None) is not None)


def counters(
    region: HtmlElement, excluded: list[HtmlElement | None]
) -> tuple[int | None, int | None]:
    """(views, comments) from counter elements labelled by class, title or icon."""
    views = comments = None
    numbered = _holding_digits(region)
    for el in region_elements(region, excluded):
        if (el not in numbered or el.tag == "time" or not fits_in(el, 24)  # "2.5K", no year
                or sum(c in numbered for c in el) > 1):  # (numbers of several, glued)
            continue
        if el.tag == "a" and len(own_text(el)) > 12:
            continue
        value = parse_count(own_text(el))
        if value is None:
            continue
        label = attrs_text(el) + " " + " ".join(attrs_text(c) for c in el.iterdescendants()
                                                 if isinstance(c.tag, str))
        if comments is None and _COMMENTS.search(label):
            comments = value
        elif views is None and _VIEWS.search(label):
            views = value
    return views, comments


def fact_lists(root: HtmlElement, furniture: Callable[[str], bool]) -> list[HtmlElement]:
    """Lists of a post's facts above its prose: a ``<dl>`` before the page's first
    paragraph of prose, of short terms and descriptions only, one of which is the
    post's byline or dateline (``furniture``), as Joomla and other CMSs set "Details:
    Written by …, Category: …, Published: …, Hits: …" between headline and body. (Read
    for the byline and the date; no body lines. A book's or a product's facts, which
    name no author and no day of the post, stay.)"""
    found = []
    for el in root.iter("dl", "p"):
        if el.tag == "p":
            if len(own_text(el)) > _HEADER_LINE_MAX_CHARS:
                break  # the prose has begun (a paragraph longer than any fact)
            continue
        items = [c for c in el if isinstance(c.tag, str)]
        texts = [own_text(c) for c in items]
        if (len(items) >= _FACTS_MIN and all(c.tag in ("dt", "dd") for c in items)
                and all(len(t) <= _HEADER_LINE_MAX_CHARS for t in texts)
                and any(furniture(t) for t in texts)):
            found.append(el)
    return found


_FACTS_MIN = 2

_LABEL_MAX_WORDS = 4
_LABEL_MAX_CHARS = 40
_HEADLINE_BOX_LEVELS = 3  # the headline's holders read for labels
_LABELS_MAX = 3  # more short lines over a headline are a menu's or a rail's


def labels_over_headline(region: HtmlElement, body: HtmlElement | None,
                         title: str | None) -> list[HtmlElement]:
    """The short labels set over the headline in its own box: a kicker
    ("<span class='topline'>Nordkai</span><h1>…"), a section's name, a "Live" badge.
    They frame the headline and are no line of the body, which begins after it. Each is
    a line of its own (not a word of a byline line: "<span>Von</span> <a>…</a>");
    more than a few are a menu, left to the rules for menus. (None where the body
    comes first: its short lines may be sub-headings.)"""
    if not title or body is None:
        return []
    headline = heading_showing(region, title, ("h1", *_LOWER_HEADINGS))
    if headline is None:
        return []
    holding = [headline, *islice(headline.iterancestors(), _HEADLINE_BOX_LEVELS)]
    box = next((a for a in reversed(holding) if region in (a, *a.iterancestors())), headline)
    found: list[HtmlElement] = []
    # The box's elements before the headline, in page order, a label's inside skipped.
    stack = [iter(box)]
    while stack:
        el = next(stack[-1], None)
        if el is None:
            stack.pop()
        elif el is headline:
            return found if len(found) <= _LABELS_MAX else []
        elif el in holding:
            stack.append(iter(el))
        elif el is body or (el.tag == "p" and text_longer(el, _PROSE_CHARS)):
            return []  # the body, or prose, comes first
        elif isinstance(el.tag, str) and (text := clean(el.text_content())):
            if (len(text) <= _LABEL_MAX_CHARS and len(text.split()) <= _LABEL_MAX_WORDS
                    and not text.endswith(SENTENCE_ENDS) and _own_line(el)):
                found.append(el)
            else:
                stack.append(iter(el))
    return []


_INLINE = frozenset({"a", "span", "em", "strong", "b", "i", "small", "time", "abbr", "sup",
                     "sub", "label", "mark", "u", "cite"})


def _own_line(el: HtmlElement) -> bool:
    """Whether ``el`` is a line of its own: no text runs on before or after it in its
    parent, and no inline element with text stands beside it ("<p>The <em>pier</em>
    waits</p>", "<span>Von</span> <a>Jane Doe</a>" are one line each)."""
    parent = el.getparent()
    while parent is not None and not (parent.text or "").strip() and len(parent) == 1:
        el, parent = parent, parent.getparent()  # (a wrapper of it alone: read as it)
    previous = el.getprevious()
    before = (previous.tail if previous is not None else parent.text if parent is not None
              else None)
    if (el.tail or "").strip() or (before or "").strip():
        return False
    return not any(s is not None and s.tag in _INLINE and clean(s.text_content())
                   for s in (previous, el.getnext()))


_DIGIT = re.compile(r"\d")
_FITS_LEVELS = 9  # fits_in takes at most 9 nodes: no element further above a text


def _holding_digits(region: HtmlElement) -> set[HtmlElement]:
    """The elements whose text may be a counter's: those a few levels above a text that
    holds a digit (one scan of the text, where testing each element cost a page 3 ms)."""
    out: set[HtmlElement] = set()
    # (Each element's text and tail looked at in one walk: the text nodes as XPath
    # results, each a string object that knows its parent, cost half as much again.)
    for node in region.iter():
        for el in (node if node.text and _DIGIT.search(node.text) else None,
                   node.getparent() if node is not region and node.tail
                   and _DIGIT.search(node.tail) else None):
            for _ in range(_FITS_LEVELS):
                if el is None:
                    break
                out.add(el)
                el = el.getparent()
    return out


_HEADER_LINE_MAX_CHARS = 80
_HEADER_ELEMENTS = 60  # elements read after the headline before giving up
_PROSE_CHARS = 200  # a leaf paragraph this long is prose, where the header has ended
_SENTENCE_CHARS = 100
# A line that gives the last edit, not the publication: "Updated …", "Aktualisiert am …".
# The labels' words, lower case, each read as written (not a pattern), and Persian's,
# whose parts a space or a joiner may part.
_UPDATED_WORDS = ("updat", "aktualisier", "mis à jour", "actualiz", "actualitz", "atualiz",
                  "aggiornat", "bijgewerkt", "zaktualizow", "обновл", "оновл", "актуализ",
                  "ažurirano", "ажурирано", "aktualizov", "oppdatert", "uppdaterad", "opdateret",
                  "päivitetty", "uuendatud", "atnaujinta", "atjaunināts", "frissítve", "güncelle",
                  "modifi", "ενημερώθηκε", "τελευταία ενημέρωση", "آخر تحديث", "تم التحديث",
                  "עודכן", "अपडेट", "อัปเดต", "อัพเดท", "diperbarui", "dikemas kini", "cập nhật",
                  "수정", "更新")
_PERSIAN_UPDATED = r"به‌?\s?روز\s?رسانی"
UPDATED = re.compile("|".join(map(re.escape, _UPDATED_WORDS)) + "|" + _PERSIAN_UPDATED,
                     re.IGNORECASE)


def may_label_an_edit(text: str) -> bool:
    """False where ``text`` holds none of UPDATED's words (a substring test: the
    pattern, of many languages' alternatives, costs about 40 µs a line)."""
    low = text.lower()
    return "رسانی" in low or any(word in low for word in _UPDATED_WORDS)


def labelled_edit(el: HtmlElement) -> bool:
    """A time its line labels as the last edit's: its own text ("Updated 11:22 PM EST,
    Tue November 29, 2016"), or the words before it in its line ("last updated <time>",
    "<dt>Updated:</dt><dd><time>…"), the last label before it an edit's, not a
    publication's ("Published … | Updated <time>")."""
    text = own_text(el)
    if UPDATED.match(text):
        return True
    for box in islice(el.iterancestors(), _EDIT_LABEL_LEVELS):
        if text_longer(box, _EDIT_LINE_MAX_CHARS):
            return False  # (read no more of a large box: a list of cards, each timed)
        line = own_text(box)
        at = line.find(text) if text else -1
        before = line[max(0, at - _EDIT_LABEL_CHARS):at] if at > 0 else ""
        if before.strip():
            # (The edit's label, then its own date and the publication's label, is not
            # this time's: "Updated: Mar 6, 2018 Original: <time>".)
            edits = list(UPDATED.finditer(before))
            after = before[edits[-1].end():] if edits else ""
            return bool(edits) and not _PUBLISHED_LABEL.search(after) and not any(
                c.isdigit() for c in after)
    return False


_EDIT_LABEL_LEVELS = 3
_EDIT_LINE_MAX_CHARS = 160
_EDIT_LABEL_CHARS = 30
_PUBLISHED_LABEL = re.compile(r"publi|posted|original|veröffentlicht|erschienen|pubblicat|opublikow|"
                              r"yayınla|опубликова|опублікова|megjelent|δημοσιεύ|diterbitkan|"
                              r"xuất bản|đăng|نشر|פורסם|منتشر|प्रकाशित|เผยแพร่|입력|등록|"
                              r"発行|公開|发布", re.IGNORECASE)


def dateline_texts(region: HtmlElement) -> tuple[list[str], list[str]]:
    """Short texts holding a number between the headline and the first paragraph of
    prose, in page order, read in one walk:

    - the publication's ("Veröffentlicht am 6. November 2021, 13:40", "Published 22
      April 2021"): where a page writes its publication time in words alone. Each is
      the text of an element that holds a number of its own (a "<time>" and the wrapper
      whose text after it adds the clock time), not a line of the last edit nor one in
      a quote;
    - the last edit's: a line's part labelled so ("Updated 6:10 PM ET, May 6, 2024 |
      Published …", "Publié le …, modifié le 16 mai 2023 à 11h02"), or an element its
      line labels so ("last updated <time datetime=…>"; the machine-readable value
      first).
    """
    published: list[str] = []
    edited: list[str] = []
    for el, text, edit in _header_lines(region):
        if edit is None:
            if labelled_edit(el):  # ("Updated: <time>…</time>")
                edited.append(el.get("datetime") or text)
            else:
                published.append(text)
            continue
        # The publication's part of a line that gives the last edit too: "Updated 6:10
        # PM ET, May 6, 2024 | Published 3:45 PM ET, May 5, 2024", "Last updated: 06 May
        # 2024. First published: 05 May 2024"; or what stands before the edit's label
        # where no separator parts the two ("Publié le 16 mai 2023 à 09h15, modifié le
        # …", "Pubblicato il 16 maggio 2023 alle 09:15 - Aggiornato alle 11:02").
        parts = [part for part in _LINE_PARTS.split(text) if any(ch.isdigit() for ch in part)]
        before = text[:edit.start()].rstrip(" ,;:|·•—–-(")
        published += [part for part in parts if not UPDATED.search(part)] or (
            [before] if any(ch.isdigit() for ch in before) else [])
        edited += [_after_label(UPDATED.split(part, 1)[-1]) for part in parts
                   if UPDATED.search(part)] or [_after_label(text[edit.end():])]
    return published, edited


def _after_label(rest: str) -> str:
    """What follows an edit's label, the rest of the label's word left out ("ed:
    Dec 15, 2016" -> "Dec 15, 2016")."""
    return _LABEL_REST.sub("", rest, count=1)


_LABEL_REST = re.compile(r"^[^\W\d]*[\s:：]*")


def _header_lines(region: HtmlElement) -> Iterator[tuple[HtmlElement, str, re.Match[str] | None]]:
    """(element, its text, the edit's label in it) for the elements between the
    headline and the first paragraph of prose that hold a number of their own and a
    short line, not in a quote."""
    h1 = next(region.iter("h1"), None)
    started = h1 is None
    read = 0
    sentences = False  # (a short paragraph read: a lead's, or short paragraphs' prose)
    for el in region.iter():
        if not started:
            started = el is h1
            continue
        if not isinstance(el.tag, str) or el.tag in ("script", "style"):
            continue
        if el.tag in ("p", "div") and not len(el) and text_longer(el, _SENTENCE_CHARS):
            if len(own_text(el)) > _PROSE_CHARS:
                break  # the prose has begun
            sentences = True
        if el.tag == "h1" and sentences:
            break  # another story's headline, after this one's text (an endless scroll's)
        read += 1
        if read > _HEADER_ELEMENTS:
            break
        if h1 is not None and h1 in el.iterancestors():
            continue
        direct = (el.text or "") + "".join(c.tail or "" for c in el)
        if any(ch.isdigit() for ch in direct) and (el.tag == "blockquote" or any(
                a.tag == "blockquote" for a in el.iterancestors())):
            continue  # a quoted post's time ("— Jane (@jane) May 16, 2023"), not the story's
        # (A line that gives the last edit's time too may be twice as long.)
        if not any(ch.isdigit() for ch in direct) or not fits_in(el, 2 * _HEADER_LINE_MAX_CHARS):
            continue
        text = own_text(el)
        edit = UPDATED.search(text)
        if len(text) <= (2 if edit else 1) * _HEADER_LINE_MAX_CHARS:
            yield el, text, edit


# (After a year, not "16. Mai"; nor Hungarian's year before its month: "2024. március 15.")
_LINE_PARTS = re.compile(r"\s+[|·•;]\s+|(?<=\d{4})\.\s+(?=[^\W\d_])(?![^\W\d_]+\.?\s+\d)")


def category_and_tags(
    region: HtmlElement, excluded: list[HtmlElement | None], base_url: str = ""
) -> tuple[str | None, list[str]]:
    category: str | None = None
    tags: list[str] = []
    labelled: dict[HtmlElement, bool] = {}  # element: whether a tag label opens it
    for a in region_elements(region, excluded, "a"):
        href, label = a.get("href", ""), own_text(a)
        if not label:
            continue
        listed = _in_labelled_list(a, labelled)
        if (category is None and not listed
                and (a.get("rel") == "category" or CATEGORY_HREF.search(href))):
            category = label
        elif ("tag" in (a.get("rel") or "") or TAG_HREF.search(href)
              or ((listed or _in_tag_list(a)) and same_host(href, base_url))) and label not in tags:
            tags.append(label.lstrip("#"))
    return category, tags


# A label that opens a list of tags, in the page's language: "Tags:", "Topics:",
# "Schlagwörter:", "Themen:", "Mots-clés :", "Etiquetas:", "Argomenti:", "Trefwoorden:".
_TAG_LABEL = re.compile(
    r"^\s*(?:tags?|topics?|keywords?|themen|schlagw\w*|stichw\w*|schlüsselw\w*|mots[- ]cl[ée]s|"
    r"sujets|th[èe]mes|etiquetas|temas|argomenti|parole chiave|trefwoorden|onderwerpen|"
    r"tagi|tematy|s[łl]owa kluczowe|теги|темы|ключевые слова|etiketler|konular|"
    r"anahtar kelimeler|palavras-chave|assuntos|キーワード|タグ|标签|关键词|標籤)\s*[:：]?\s*$",
    re.IGNORECASE)
_LABEL_LEVELS = 3


def _in_labelled_list(a: HtmlElement, labelled: dict[HtmlElement, bool]) -> bool:
    """A link in an element whose text before its first link is a tag label: "<div>
    Topics: <a>Harbour</a> <a>Ferry</a></div>"."""
    for el in islice(a.iterancestors(), _LABEL_LEVELS):
        if el not in labelled:
            first = next(el.iter("a"), None)
            before = [] if first is None else _text_until(el, first)
            labelled[el] = bool(before) and _TAG_LABEL.match(" ".join(before)) is not None
        if labelled[el]:
            return True
    return False


def _text_until(el: HtmlElement, stop: HtmlElement) -> list[str]:
    """The texts of ``el`` before ``stop`` (a descendant), in page order. (Walked with
    lxml's ``iterwalk``: no recursion, whatever the nesting.)"""
    out: list[str] = []
    for event, node in etree.iterwalk(el, events=("start", "end")):
        if node is stop:
            break
        if event == "start":
            out.append(node.text or "" if isinstance(node.tag, str) else "")
        elif node is not el:
            out.append(node.tail or "")
    return out


_TAG_LIST = re.compile(r"(?<![a-z])(?:tags?|etiket\w*|keywords?|schlagw\w*)(?![a-z])",
                       re.IGNORECASE)


def _in_tag_list(a: HtmlElement) -> bool:
    """A link in a list named for tags ("field--name-field-tags", "post-tags") whatever
    its URL looks like ("/taxonomy/term/12")."""
    return any(_TAG_LIST.search(attrs_text(el)) for el in list(a.iterancestors())[:4])


def figures(region: HtmlElement, base_url: str) -> list[Image]:
    """Images of the article with alt text and caption (figcaption or caption class);
    not small ones without a caption (portraits, icons, pixels)."""
    out: list[Image] = []
    seen: set[str] = set()
    for img in region.iter("img"):
        src = _image_source(img)
        if not src:
            continue
        url = http_url(base_url, src)
        if url is None or url in seen:
            continue
        seen.add(url)
        caption = _caption(img) or None
        if caption is None and small_picture(img):
            continue
        out.append(Image(src=url, alt=clean(img.get("alt")) or None, caption=caption))
    return out


# A caption of this many words, in sentences, may tell a slide's part of the story.
_STORY_CAPTION_WORDS = 25
_STORY_CAPTIONS = 2


def story_captions(region: HtmlElement, body: HtmlElement | None) -> list[HtmlElement]:
    """The captions that tell the story, in a slideshow article whose text is its
    pictures' captions ("<figure><img><figcaption><p>…</p><p>…</p></figcaption>" a
    slide): two or more captions of sentences, with more words than the body's text
    outside them. Else none: a story's pictures' captions are kept apart from it."""
    if body is None:
        return []
    told = [c for c in region.iter("figcaption") if _tells(c)]
    if len(told) < _STORY_CAPTIONS:
        return []
    words = sum(count_words(own_text(c)) for c in told)
    inside = sum(count_words(own_text(c)) for c in told
                 if c is body or within(c, body))
    return told if words > count_words(own_text(body)) - inside else []


def _tells(caption: HtmlElement) -> bool:
    """Sentences, two or more (its credit may end it: "… Image Source: Jane Doe")."""
    text = own_text(caption)
    return (count_words(text) >= _STORY_CAPTION_WORDS
            and len(_SENTENCE_END.findall(text)) >= _STORY_CAPTIONS
            and link_chars(caption) < 0.3 * len(text))


_SENTENCE_END = re.compile(r"[.!?\u3002\uff01\uff1f\u2026][\"\u201d\u2019\u00bb)]?(?:\s|$)")


def into_the_story(captions: list[HtmlElement], region: HtmlElement) -> None:
    """Each caption out of its picture, set after it as a box of the story's text (the
    picture stays a picture: its figure is no part of the text); the article's region
    named the story's holder, where the body extractor would read its introduction
    alone (a box named "post-content" before the slides)."""
    if captions and region.tag not in ("html", "body"):
        region.set("itemprop", "articleBody")
    for caption in captions:
        figure = next((a for a in caption.iterancestors() if a.tag == "figure"), None)
        caption.tag = "div"
        if figure is not None:
            caption.tail = None  # (the figure's own, gone with it)
            figure.addnext(caption)
        # Unnamed up to the region: "slides", "gallery" name furniture to a body
        # extractor, and this is the story.
        for el in (caption, *caption.iterancestors()):
            if el is region:
                break
            for name in ("class", "id"):
                el.attrib.pop(name, None)


# Where lazy loaders keep the picture while ``src`` holds a placeholder (a data: URI),
# in the order they are tried. (Not a srcset alone: on the suites' pages, pictures with
# nothing else were teasers' thumbnails and avatars.)
_LAZY_SOURCES = ("data-src", "data-lazy-src", "data-original")


def _image_source(img: HtmlElement) -> str | None:
    """The picture's address: its ``src``, else (the ``src`` missing or a data: URI)
    the address a lazy loader keeps ("data-src", "data-lazy-src", "data-original")."""
    src = (img.get("src") or "").strip()
    if src and not src.startswith("data:"):
        return src
    for name in _LAZY_SOURCES:
        value = (img.get(name) or "").strip()
        if value and not value.startswith("data:"):
            return value
    return None


def small_picture(el: HtmlElement) -> bool:
    """An image drawn at most 120 pixels wide or high: a portrait beside a byline, an
    icon, a counter's pixel; no picture of the story."""
    sizes = [el.get(side, "").strip().removesuffix("px") for side in ("width", "height")]
    return el.tag == "img" and any(
        s.isdigit() and int(s) <= _SMALL_PIXELS for s in sizes)


_SMALL_PIXELS = 120
_CAPTION_CLASS = re.compile(r"caption|credit|legend|cutline|wp-caption-text", re.IGNORECASE)
_CAPTION_MAX = 400


def _caption(img: HtmlElement) -> str | None:
    """The caption of an image: its figure's figcaption, or else the element right after
    the image (or after a wrapper holding nothing but it; a line break between them
    aside) whose class or id says caption or credit ("<div class='photo-credit'>...</div>"),
    that a box sized in pixels holds with it, or that ends in italics a box holding
    nothing else but it."""
    figure = next((a for a in img.iterancestors() if a.tag == "figure"), None)
    if figure is not None:
        cap = figure.find(".//figcaption")
        if cap is not None:
            return own_text(cap)
    described = img.get("aria-describedby")
    if described:
        # The element that describes the image, by the page's own accessibility markup.
        el = img.getroottree().getroot().get_element_by_id(described.split()[0], None)
        if el is not None and 0 < len(text := own_text(el)) <= _CAPTION_MAX:
            return text
    holder = img
    for _ in range(3):
        sibling = holder.getnext()
        while sibling is not None and sibling.tag == "br" and not (sibling.tail or "").strip():
            sibling = sibling.getnext()  # (a line break between the picture and its line)
        if sibling is not None and isinstance(sibling.tag, str) and 0 < len(
                text := own_text(sibling)) <= _CAPTION_MAX and (
                _CAPTION_CLASS.search(attrs_text(sibling)) or _sized_box_of(holder, sibling)
                or _emphasised_line_of(holder, sibling)):
            return text
        parent = holder.getparent()
        if parent is None or own_text(parent) or len(parent) > 1:
            return None
        holder = parent
    return None


def _sized_box_of(picture: HtmlElement, text: HtmlElement) -> bool:
    """Whether ``picture`` and ``text`` are all a box given a width in pixels holds, as
    editors write a captioned picture ("<div style='width: 640px'><img><p>…</p></div>",
    whatever the classes are called)."""
    box = picture.getparent()
    return (box is not None and len(box) == 2 and text.getparent() is box
            and not (box.text or "").strip() and not (text.tail or "").strip()
            and bool(_PIXEL_WIDTH.search(box.get("style", "")) or box.get("width", "").isdigit()))


_EMPHASIS = ("i", "em", "small")


def _emphasised_line_of(picture: HtmlElement, text: HtmlElement) -> bool:
    """Whether ``text`` is a line in italics or small print that ends a box holding
    nothing but it and ``picture`` (line breaks aside), as editors write a caption
    under a picture ("<div><img><br><i>The pier in 1911. (Jane Doe/Flickr)</i></div>")."""
    box = picture.getparent()
    line = text
    if text.tag == "p" and not (text.text or "").strip():  # (a <p> the breaks made of it)
        inside = [c for c in text if isinstance(c.tag, str)]
        if len(inside) == 1 and not (inside[0].tail or "").strip():
            line = inside[0]
    if (box is None or line.tag not in _EMPHASIS or text.getparent() is not box
            or (box.text or "").strip() or (text.tail or "").strip()):
        return False
    return all(el is picture or el is text or (el.tag == "br" and not (el.tail or "").strip())
               for el in box if isinstance(el.tag, str)) and not (picture.tail or "").strip()


_PIXEL_WIDTH = re.compile(r"(?:^|;)\s*(?:max-)?width\s*:\s*\d+px", re.IGNORECASE)


# -- the standfirst -----------------------------------------------------------------------

def _named(words: str) -> re.Pattern[str]:
    """A class or id holding one of ``words`` as a word of its own, or as one of the words
    of a camel-case name ("ContentHeaderDek", "introContainer"); "Dekorasyon",
    "spotlight" and "accreditation" hold none."""
    return re.compile(rf"(?:(?<![A-Za-z])|(?<=[a-z])(?=[A-Z]))(?i:{words})(?![a-z])")


# Names CMSs give the summary under a headline, in several languages: "standfirst",
# "dek", "lede", "summary", "sapo"/"chapo" (French), "Vorspann" (German), "özet"/"spot"
# (Turkish), "bajada"/"entradilla" (Spanish), "linha fina" (Portuguese), "sommario"/
# "catenaccio" (Italian), "perex" (Czech, Slovak), "zajawka" (Polish), "ingress"
# (Nordic); and those of a caption set apart from its picture or player.
_STANDFIRST_NAME = _named(r"standfirst|dek|deck|lede|lead|lead-?in|summary|intro|excerpt|"
                          r"teaser|abstract|sub-?title|sub-?head(?:line|ing)?|sapo|chapo|"
                          r"chapeau|vorspann|spot|ozet|özet|bajada|entradilla|linha-?fina|"
                          r"sommario|catenaccio|perex|zajawka|ingressi?")
_CAPTION_NAME = _named(r"(?:fig)?caption|credits?|legende?|cutline")
_STANDFIRST_WORDS = (8, 120)
_STANDFIRST_TAGS = frozenset({"p", "div", "h2", "h3", "span", "strong", "section"})
_STANDFIRST_LEVELS = 6  # the headline's ancestors whose following siblings are read
_STANDFIRST_ELEMENTS = 80  # elements read after the headline before giving up
_STANDFIRST_SIBLINGS = 4  # a headline's siblings read where it stands in the body


def standfirsts(root: HtmlElement, title: str | None, body: HtmlElement | None,
                description: str | None) -> list[str]:
    """Candidates, in page order, for the summary printed between the headline and the
    body: elements after the headline <h1>, before the body, holding a sentence or two
    of unlinked prose that the page declares as its description, or that its class or
    id names a standfirst. (The first one is the standfirst, whether or not the body
    extractor also read it as the body's first paragraph.)"""
    if not title or body is None:
        return []
    wanted = bigrams(description) if description else set()
    # The headline's element: an <h1>, else the heading that holds it where the <h1> is
    # the site's logo. (A page may print it twice, in a sticky bar and over the story:
    # each is read until one is followed by a standfirst.)
    for tags in (("h1",), ("h2", "h3")):
        headlines = [h for h in root.iter(*tags) if own_text(h) == title]
        if headlines:
            found = next((found for h in headlines
                          if (found := _standfirsts_after(h, body, wanted))), [])
            # Else a headline the page shows other than its declared title ("Broken
            # Pledge" over an SEO title's <h1>): another <h1> before the body, whose
            # standfirst is named or declared (not a logo's tagline read as one).
            if found or tags != ("h1",):
                return found
            return next(
                (found for h in _h1s_before(root, body) if h not in headlines and own_text(h)
                 and (found := _standfirsts_after(h, body, wanted, unnamed=False))), [])
    return []


def _h1s_before(root: HtmlElement, body: HtmlElement) -> list[HtmlElement]:
    """The page's <h1>s before ``body`` (none where the body is out of the tree)."""
    found: list[HtmlElement] = []
    for el in root.iter("h1", body.tag):
        if el is body:
            return found
        if el.tag == "h1":
            found.append(el)
    return []


def _standfirsts_after(h1: HtmlElement, body: HtmlElement, wanted: set[str],
                       unnamed: bool = True) -> list[str]:
    if within(h1, body):
        # A headline inside the body's container: only an element just under it (a
        # byline, a date or a picture aside) may be the standfirst, not a paragraph after
        # the first one of prose.
        for sibling in list(h1.itersiblings())[:_STANDFIRST_SIBLINGS]:
            if _is_standfirst([*wrapped(sibling, _STANDFIRST_WRAPPERS)][-1], wanted):
                return [own_text(sibling)]
            if sibling.tag in ("p", "div", "section") and len(own_text(sibling)) > _PROSE_CHARS:
                break
        return []
    # (Past what shows no text between: an empty ad slot, a row of share icons, a note.)
    # (And past the line of its time, "<time>15 March 2024</time>", set between the two;
    # after the box that holds the headline alone, "<header><div>Headline</div></header>".)
    alone = h1
    for box in islice(h1.iterancestors(), _STANDFIRST_WRAPPERS):
        if box is body or within(body, box) or own_text(box) != own_text(h1):
            break
        alone = box
    shown = (x for x in alone.itersiblings() if isinstance(x.tag, str) and own_text(x))
    after = next(shown, None)
    if after is not None and _time_line(after):
        after = next(shown, None)
    # An unnamed one first; then those named or declared, read as where there is none: a
    # byline in plain words reads as an unnamed one too, and is told by its names later
    # ("โดย มาลี แสงทอง และ วิชัย แสงทอง", a Thai one, no mark ending it).
    found = [own_text(after)] if unnamed and _unnamed_dek(after) else []
    read = 0
    el = h1
    for _ in range(_STANDFIRST_LEVELS):
        for sibling in el.itersiblings():
            for node in sibling.iter():
                if node is body:
                    # The body's first paragraph where each stands in a box of its own
                    # (a box is read here as an element between headline and body is),
                    # in a box of another kind than the story's next ones (a box alike
                    # them holds the story's first paragraph, though the description
                    # repeat it).
                    first = next(body.iter("p"), None)
                    box = first.getparent() if first is not None else None
                    if (box is not None and box is not body and is_paragraph_box(box)
                            and not one_of_boxes(box) and _is_standfirst(first, wanted)):
                        found.append(own_text(first))
                    return found
                if node.tag == "h1" or read > _STANDFIRST_ELEMENTS:
                    return found  # another headline is reached
                read += 1
                if _is_standfirst(node, wanted):
                    found.append(own_text(node))
        parent = el.getparent()
        if parent is None:
            break
        el = parent
    return found


_UNNAMED_DEK_WORDS = 60
_TIME_LINE_WORDS = 8


def _time_line(el: HtmlElement) -> bool:
    """Whether ``el`` is a time alone: a <time>, or a short line whose words are all
    inside one ("<div><time>15 March 2024, 09:43</time></div>")."""
    time = el if el.tag == "time" else next(el.iter("time"), None)
    return (time is not None and count_words(own_text(el)) <= _TIME_LINE_WORDS
            and own_text(time) == own_text(el))


def _unnamed_dek(el: HtmlElement | None) -> bool:
    """A sentence or two set right after the headline, outside the body, in an element
    no name marks (utility classes, hashed ones): the standfirst. (No link, no picture,
    no block inside; not a caption.)"""
    if el is None or not isinstance(el.tag, str) or el.tag not in _STANDFIRST_TAGS:
        return False
    text = own_text(el)
    return (_STANDFIRST_WORDS[0] <= count_words(text) <= _UNNAMED_DEK_WORDS
            # (a heading in Thai ends as a Thai sentence does: no sub-heading is told so)
            and (text.endswith(SENTENCE_ENDS) if el.tag in ("h2", "h3") else ends_sentence(text))
            and next(el.iterdescendants("a", "img", "picture", "figure", *HOLDS_BLOCKS),
                     None) is None
            and not _CAPTION_NAME.search(attrs_text(el)))


def _is_standfirst(el: HtmlElement, description: set[str]) -> bool:
    if el.tag not in _STANDFIRST_TAGS or any(
            a.tag in _PICTURE_BOXES for a in (el, *el.iterancestors())) or next(
            el.iter(*_PICTURE_BOXES, "img", "picture"), None) is not None:
        return False  # a caption
    text = own_text(el)
    low, high = _STANDFIRST_WORDS
    if not low <= count_words(text) <= high:
        return False
    if sum(len(own_text(a)) for a in el.iter("a")) > 0.3 * len(text):
        return False
    if any(child.tag in ("p", "div", "section", "h2", "h3", "ul", "ol") for child in el):
        return False  # a wrapper: its paragraph is read on its own
    # Its names, and those of the wrappers that hold it alone (read no further than that:
    # an ancestor may hold the whole page).
    names = [attrs_text(el)]
    for box in islice(el.iterancestors(), _STANDFIRST_WRAPPERS):
        if text_longer(box, len(text)):
            break
        names.append(attrs_text(box))
    parent = el.getparent()
    # (A caption's box may hold its credit too.)
    boxes = names if len(names) > 1 or parent is None else [*names, attrs_text(parent)]
    if any(_CAPTION_NAME.search(name) for name in boxes):
        return False  # a picture's or a player's caption, set apart from it
    mine = bigrams(text)
    if description and len(mine & description) >= 0.8 * len(mine):
        return True
    if el.tag in ("h2", "h3") and text.endswith(SENTENCE_ENDS):
        return True  # a sentence set as a heading under the headline: no sub-heading's
    return any(_STANDFIRST_NAME.search(name) for name in names)


_STANDFIRST_WRAPPERS = 3


_PICTURE_BOXES = ("figure", "figcaption")

