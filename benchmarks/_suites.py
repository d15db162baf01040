"""The public page suites under ``../shared/data/`` and how each field is scored.

Each suite is read into :class:`Page` records holding the page's text and its gold
fields; a field a suite does not label for a page is ``MISSING`` and not scored there.

- ``aeb``: article-extraction-benchmark, body only (decoded as the page declares).
- ``mozilla``: Mozilla Readability's test pages, the real ones only (not the
  ``synthetic`` feature tests): body, title, authors, published, language (the page's
  own ``lang``, where it has one); always decoded as UTF-8.
- ``postlight``: Postlight Parser's fixtures: title, authors, published, and where the
  body starts (``body_prefix``); always decoded as UTF-8.
"""

from __future__ import annotations

import gzip
import hashlib
import html
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from lxml import etree
from lxml import html as lxml_html
from lxml.html import defs as lxml_defs
from w3lib.encoding import html_to_unicode

T = TypeVar("T")

DATA_DIR = Path(__file__).resolve().parents[2] / "shared/data"
SUITE_DIRS = {"aeb": "article-extraction-benchmark", "mozilla": "mozilla-readability",
              "postlight": "postlight-parser"}
FIELDS = ("body", "title", "authors", "published", "language", "body_prefix", "standfirst")
MISSING: Any = object()  # a field the suite does not label for this page

_TOKEN = re.compile(r"\w+", re.UNICODE)
_NON_WORD = re.compile(r"\W+", re.UNICODE)


@dataclass(slots=True)
class Page:
    suite: str
    page_id: str
    url: str
    text: str
    gold: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Result:
    """What one extractor gives for one page."""

    body: str = ""
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: datetime | None = None
    language: str | None = None
    confidence: float | None = None  # ours only: extraction.confidence
    # ours only (the peers give none): the summary under the headline, or None
    standfirst: Any = MISSING


def load_suite(name: str, directory: Path | None = None) -> list[Page]:
    directory = directory or DATA_DIR / SUITE_DIRS[name]
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, entry in sorted(truth.items()):
        path = directory / "html" / f"{page_id}.html.gz"
        if not path.exists() or entry.get("synthetic"):
            continue
        raw = gzip.decompress(path.read_bytes())
        if name == "aeb":
            text = str(html_to_unicode(None, raw)[1])
            gold: dict[str, Any] = {"body": entry["articleBody"]}
        else:
            text = raw.decode("utf-8")
            gold = _gold_fields(entry)
        url = entry.get("url") or f"http://fakehost/{page_id}/"
        pages.append(Page(name, page_id, url, text, gold))
    return pages


def _gold_fields(entry: dict[str, Any]) -> dict[str, Any]:
    labelled = set(entry.get("gold_fields", []))
    gold: dict[str, Any] = {}
    if "body" in labelled and entry.get("body"):
        gold["body"] = entry["body"]
    if "title" in labelled:
        gold["title"] = entry["title"]
    if "authors" in labelled and entry.get("authors") is not None:
        gold["authors"] = entry["authors"]
    if "published" in labelled:
        gold["published"] = {k: entry.get(k) for k in (
            "published", "published_precision", "published_tz_hint", "published_local_date")}
    if entry.get("lang"):
        gold["language"] = entry["lang"]
    if "dek" in labelled:
        gold["standfirst"] = entry.get("dek")
    if "body_prefix" in labelled and entry.get("body_prefix"):
        gold["body_prefix"] = entry["body_prefix"]["text"]
    return gold


# --- variants: the same pages with what many unseen sites lack ------------------------

VARIANTS = ("as-is", "hashed-names", "no-metadata", "div-prose", "div-soup", "br-prose",
            "minified", "builder-boxes", "inserts", "comments", "no-h1", "script-body",
            "custom-elements", "logo-h1", "amp", "furniture-names", "split-story")
# What a page written before HTML5's sectioning tags has in their place.
_SECTIONING = frozenset({"article", "main", "header", "footer", "aside", "nav", "section",
                         "figure", "figcaption", "time"})
# Where a browser starts a new line: white space beside these tags shows nothing, and a
# minifier takes it out.
_BLOCKS = frozenset({*lxml_defs.block_tags, "article", "main", "header", "footer", "aside",
                     "nav", "section", "figure", "figcaption", "details", "summary", "hgroup",
                     "html", "head", "body", "title", "meta", "link", "script", "style",
                     "template", "iframe", "video", "audio", "picture", "source"})
# Where white space is the text's own.
_KEEPS_SPACE = frozenset({"pre", "textarea", "script", "style"})
_RUN = re.compile(r"\s+")


def variant(text: str, name: str) -> str:
    """A page as another kind of site would write it: ``hashed-names``, every class and
    id value hashed, as CSS-in-JS builds write them ("c3f9a1c": no "comment", "byline"
    or "entry-content" left to read); ``no-metadata``, no <meta> tag but the charset, no
    JSON-LD, no microdata or RDFa attribute and no ``rel`` but a <link>'s, as small
    sites write their pages; ``div-prose``, every paragraph a <div> (page builders and
    editors that write no <p>); ``div-soup``, no sectioning tag (every <article>,
    <main>, <header>, <footer>, <aside>, <nav>, <section>, <figure> and <figcaption> a
    <div>, every <time> a <span> without its ``datetime``), as pages written before
    HTML5 and many templates since are; ``br-prose``, no <p>: each paragraph's content
    followed by two <br>s in its parent, as old CMSs, forums and pasted text write
    them; ``minified``, white space as an HTML minifier leaves it (none beside a block's
    tags, one space for any run elsewhere, ``<pre>`` untouched): the page reads the
    same in a browser, but no white space parts a block's text from the next one's;
    ``builder-boxes``, every <p> in three boxes, the outer one numbered, as a page
    builder writes each text widget ("<div class='elementor-element
    elementor-element-3f2a1b7 elementor-widget elementor-widget-text-editor'><div
    class='elementor-widget-container'><div class='elementor-text-editor'><p>…");
    ``inserts``, what news sites set between a story's paragraphs, none of it in the
    gold: after the 2nd, 5th, 8th… paragraph of every run of four or more of 12 words or
    more in one parent (not after the last), one of an ad slot's label, a "Read also"
    line linking another story, a sign-up box with a form, or a box of three linked
    headlines under a heading, each in several wordings, languages and class names;
    ``comments``, readers' comments after the story, none of them in the gold: a thread
    of three to five posts, each with its writer's name, a time after the story's and
    one to three paragraphs, under a label, set right after the element holding most of
    the story's long paragraphs, in one of four shapes (WordPress's markup with its
    reply form, hashed class names with relative times, schema.org ``Comment``
    microdata, bare ``<div>``s with "… wrote:" lines), worded in several languages;
    ``no-h1``, no <h1>: each one an <h2>, an <h3> or a <div> (chosen by its text, its
    attributes kept), as themes that give no element the headline's rank and page
    builders that style a box for it write theirs; ``script-body``, the story's
    paragraphs and sub-headings (those of the element holding most of its long
    paragraphs) taken out of the HTML and given only as data for the page's scripts, as
    client-rendered sites ship a story, in one of six shapes: Next.js ``__NEXT_DATA__``
    with a list of text blocks, Arc XP's ``Fusion.globalContent`` ``content_elements``,
    Sanity's Portable Text blocks of spans, Contentful's rich-text document, a
    WordPress REST post's ``content.rendered`` HTML in ``window.__INITIAL_STATE__``, and
    Nuxt 3's ``__NUXT_DATA__``, the story's HTML in a payload devalue flattens;
    ``custom-elements``, the story's <div> boxes (the element holding most of its long
    paragraphs and every box around it) the site's own elements, named as one family
    of web-component, Angular or Brightspot sites names them ("<app-article-detail>",
    "<bsp-rich-text>"), their attributes kept; ``logo-h1``, the site's brand (as its host's
    domain names it: "www.salon.com", "Salon") in an <h1> linked to its home page,
    first in the page's <body> (in a <header>), as themes set the logo on every page,
    the story's own headline kept as it is (no logo where the page gives no canonical
    or ``og:url`` address).
    ``amp``, the page as AMP writes it: every <img> an <amp-img> (its attributes kept,
    ``layout='responsive'``), and an <amp-ad> slot with its placeholder after the 2nd,
    5th, 8th… of the story's paragraphs (those of the element holding most of its long
    paragraphs).
    ``furniture-names``, the story's boxes named with a word that names furniture on
    other sites, as sites name a story that expands, paid content or a page builder's
    text widget: the element holding most of the story's long paragraphs, and every
    element of its tag and class, gets one of "expandable", "paid-content", "widget" or
    "has-overlay" (chosen by its text) added to its class; from its third paragraph on,
    the story's rest is in a ``<div id='premium-content'>`` in it.
    ``split-story``, the story parted as sites part one that opens on a click: in the
    element holding most of its long paragraphs, from its third paragraph on, the rest
    in a box of its own, in one of four shapes (chosen by its text): a plain box, a box
    named ``expandable-content``, a box after a control that opens it (``<a href='#'
    class='show-more'>Read full article</a>``), and a box hidden by ``display: none``
    after such a control.
    ``as-is`` returns the text unchanged."""
    if name == "as-is":
        return text
    if name not in VARIANTS:
        raise ValueError(f"unknown variant {name!r}; choose from {', '.join(VARIANTS)}")
    try:
        root = lxml_html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return text
    elements = [el for el in root.iter() if isinstance(el.tag, str)]
    if name == "hashed-names":
        for el in elements:
            for attribute in ("class", "id"):
                if el.get(attribute):
                    el.set(attribute, " ".join(
                        "c" + hashlib.md5(token.encode()).hexdigest()[:6]
                        for token in el.get(attribute, "").split()))
    elif name == "div-prose":
        for el in elements:
            if el.tag == "p":
                el.tag = "div"
    elif name == "div-soup":
        for el in elements:
            if el.tag == "time":
                el.tag = "span"
                el.attrib.pop("datetime", None)
            elif el.tag in _SECTIONING:
                el.tag = "div"
    elif name == "br-prose":
        for el in elements:
            if el.tag == "p" and el.getparent() is not None:
                _breaks_for_paragraph(el)
    elif name == "minified":
        _minify(root)
    elif name == "builder-boxes":
        for el in elements:
            if el.tag == "p" and el.getparent() is not None:
                _builder_boxes(el)
    elif name in _PAGE_TRANSFORMS:
        _PAGE_TRANSFORMS[name](root, elements)
    elif name == "no-h1":
        for el in elements:
            if el.tag == "h1":
                el.tag = _chosen(("h2", "h3", "div"), el.text_content())
    else:
        for el in elements:
            metadata = (el.tag == "meta" and not el.get("charset")
                        and (el.get("http-equiv") or "").lower() != "content-type")
            if metadata or (el.tag == "script" and "ld+json" in (el.get("type") or "")):
                el.drop_tree()
            else:
                for attribute in ("itemprop", "itemscope", "itemtype", "property", "rel"):
                    if attribute in el.attrib and not (attribute == "rel" and el.tag == "link"):
                        del el.attrib[attribute]
    return etree.tostring(root, encoding="unicode", method="html")


# The variants that rewrite the page as a whole, by name: (root, its elements) -> None.
_PAGE_TRANSFORMS: dict[str, Callable[[lxml_html.HtmlElement, list[lxml_html.HtmlElement]], None]] = {
    "inserts": lambda root, elements: _inserts(elements),
    "comments": lambda root, elements: _comments(elements),
    "script-body": lambda root, elements: _script_body(root, elements),
    "custom-elements": lambda root, elements: _custom_elements(elements),
    "logo-h1": lambda root, elements: _logo_heading(root),
    "amp": lambda root, elements: _amp(root, elements),
    "furniture-names": lambda root, elements: _furniture_names(root, elements),
    "split-story": lambda root, elements: _split_story(elements),
}


def _chosen(choices: Sequence[T], seed: str) -> T:
    """One of ``choices``, the same for the same ``seed`` on every run and machine."""
    return choices[int(hashlib.md5(seed.encode()).hexdigest(), 16) % len(choices)]


def _minify(root: lxml_html.HtmlElement) -> None:
    """White space as a minifier leaves it (see ``variant``)."""
    for el in root.iter():
        if any(a.tag in _KEEPS_SPACE for a in el.iterancestors()):
            continue
        try:
            _minify_one(el)
        except ValueError:  # (a control character lxml will not set again: kept as is)
            pass


def _minify_one(el: lxml_html.HtmlElement) -> None:
    """One element's white space, and its neighbours' beside a block's tags."""
    parent = el.getparent()
    block = el.tag in _BLOCKS
    if el.tag not in _KEEPS_SPACE and el.text:
        el.text = _RUN.sub(" ", el.text)
        if block:
            el.text = el.text.lstrip()
    if el.tail and parent is not None and parent.tag not in _KEEPS_SPACE:
        el.tail = _RUN.sub(" ", el.tail)
        if block:
            el.tail = el.tail.lstrip()
    if block and el.tag not in _KEEPS_SPACE:
        if len(el):
            el[-1].tail = (el[-1].tail or "").rstrip() or None
        elif el.text:
            el.text = el.text.rstrip() or None
    if block and parent is not None:
        before = el.getprevious()
        if before is not None:
            before.tail = (before.tail or "").rstrip() or None
        else:
            parent.text = (parent.text or "").rstrip() or None


def _builder_boxes(p: lxml_html.HtmlElement) -> None:
    """``p`` in a page builder's three boxes, the outer one numbered by its text."""
    number = hashlib.md5(p.text_content().encode()).hexdigest()[:7]
    outer = etree.Element("div", {
        "class": f"elementor-element elementor-element-{number} elementor-widget "
                 "elementor-widget-text-editor", "data-id": number})
    inner = etree.SubElement(etree.SubElement(outer, "div", {"class": "elementor-widget-container"}),
                             "div", {"class": "elementor-text-editor elementor-clearfix"})
    p.addprevious(outer)
    outer.tail, p.tail = p.tail, None
    inner.append(p)


_AD_LABELS = ("Advertisement", "ADVERTISEMENT", "Anzeige", "Publicité", "Sponsorluk",
              "Reklam", "Publicidad", "Advertentie")
_READ_ALSO = ("READ MORE:", "Read also:", "Related:", "See also:", "Lesen Sie auch:",
              "À lire aussi :", "Leer más:", "Ayrıca okuyun:")
_LINK_BOX_HEADINGS = ("Related stories", "More on this", "Most read", "Lo más leído",
                      "Aus dem Ressort")
_HEADLINES = ("City council approves new budget after months of debate",
              "Storm leaves thousands without power across the region",
              "Local team clinches title in dramatic final minutes",
              "Scientists warn of rising temperatures in coastal towns",
              "Minister resigns amid questions over travel expenses",
              "New rail link set to open ahead of schedule next spring")
_PROMPTS = (("Sign up for our morning newsletter and get the day's biggest stories delivered "
             "straight to your inbox."),
            ("Get the best of our journalism every weekday: subscribe to the briefing, it's "
             "free and you can cancel any time."))
_INSERT_CLASSES = ("ad-slot inline-ad", "adunit", "mpu-container", "c8a1f2e", "dfp-wrapper",
                   "x-9f3b", "promo", "box")
_INSERT_MIN_WORDS = 12
_INSERT_RUN = 4


def _inserts(elements: list[lxml_html.HtmlElement]) -> None:
    """What news sites set between a story's paragraphs (see ``variant``)."""
    runs: dict[lxml_html.HtmlElement, list[lxml_html.HtmlElement]] = {}
    for el in elements:
        if (el.tag == "p" and el.getparent() is not None
                and len(el.text_content().split()) >= _INSERT_MIN_WORDS):
            runs.setdefault(el.getparent(), []).append(el)
    for run in runs.values():
        if len(run) < _INSERT_RUN:
            continue
        for p in run[1:-1:3]:
            insert = lxml_html.fragment_fromstring(_insert(p.text_content()[:80]))
            insert.tail, p.tail = p.tail, None
            p.addnext(insert)


def _insert(seed: str) -> str:
    """One insert's HTML, chosen and worded by ``seed`` (a paragraph's first words)."""
    def pick(choices: tuple[str, ...], salt: str = "") -> str:
        return _chosen(choices, seed + salt)

    number = hashlib.md5(seed.encode()).hexdigest()[:6]
    kind, box = pick(("ad", "read-also", "sign-up", "links"), "kind"), pick(_INSERT_CLASSES, "box")
    if kind == "ad":
        return (f"<div class='{box}'><div class='{box.split()[0]}-label'>{pick(_AD_LABELS)}</div>"
                f"<div id='gpt-{number}' style='min-height:250px'></div></div>")
    if kind == "read-also":
        return (f"<p><strong>{pick(_READ_ALSO)}</strong> <a href='/news/{number}-story'>"
                f"{pick(_HEADLINES)}</a></p>")
    if kind == "sign-up":
        return (f"<div class='{box}'><p>{pick(_PROMPTS)}</p><form action='/subscribe'><input "
                f"type='email' placeholder='Email'><button>Subscribe</button></form></div>")
    first = _HEADLINES.index(pick(_HEADLINES))
    items = "".join(f"<li><a href='/news/{number}-{i}'>{_HEADLINES[(first + i) % len(_HEADLINES)]}"
                    "</a></li>" for i in range(3))
    return f"<div class='{box}'><h4>{pick(_LINK_BOX_HEADINGS)}</h4><ul>{items}</ul></div>"


# (WordPress's label names the story: "3 thoughts on “<span>Title</span>”".)
_COMMENT_LABELS = ("{n} thoughts on “<span>{title}</span>”", "Comments", "Kommentare (4)",
                   "Yorumlar", "Comentarios", "Reader comments", "12 Comments", "Réactions",
                   "{n} Responses to “{title}”")
_COMMENTERS = ("Margaret Chen", "Tom Becker", "Aylin Demir", "Rafael Ortega", "Hannah Moore",
               "Pieter de Vries", "Sophie Laurent", "Daniel Novak")
_COMMENT_TEXTS = (
    ("I have read this twice now and I still do not understand why nobody asked the obvious "
     "question about who is going to pay for all of it in the end."),
    ("Great piece, thank you. My grandfather used to say the same thing forty years ago and "
     "nobody listened to him either."),
    ("This is exactly what happened in our town last year. The council promised everything "
     "and delivered nothing, and now the same people are standing for election again."),
    ("Does anyone know where the figures in the third paragraph come from? I could not find "
     "them in the report that is linked."),
    ("Ich lebe seit zwanzig Jahren hier und habe so etwas noch nie erlebt, vielen Dank für "
     "den ausführlichen Bericht."),
    ("Muy buen artículo, aunque creo que faltó hablar de las consecuencias para los "
     "trabajadores de la zona."),
    ("Well said. Sharing this with everyone I know, because people need to hear it before "
     "the vote next month."),
    ("I disagree with most of this. The author leaves out the part where the same plan failed "
     "in two other cities, and that matters."))
_REPLY_WORDS = ("Reply", "Antworten", "Yanıtla", "Responder", "Répondre")
_COMMENT_SHAPES = ("wordpress", "hashed", "microdata", "bare")
_COMMENT_RUN = 3


def _story_holder(elements: list[lxml_html.HtmlElement]) -> lxml_html.HtmlElement | None:
    """The element holding most of the page's long paragraphs (12 words or more), where
    it holds three or more: the story's."""
    runs: Counter[lxml_html.HtmlElement] = Counter()
    for el in elements:
        if (el.tag == "p" and el.getparent() is not None
                and len(el.text_content().split()) >= _INSERT_MIN_WORDS):
            runs[el.getparent()] += 1
    if not runs or runs.most_common(1)[0][1] < _COMMENT_RUN:
        return None
    return runs.most_common(1)[0][0]


def _comments(elements: list[lxml_html.HtmlElement]) -> None:
    """Readers' comments after the story (see ``variant``)."""
    holder = _story_holder(elements)
    if holder is None:
        return
    heading = next((el for el in elements if el.tag in ("h1", "title")), None)
    title = " ".join((heading.text_content() if heading is not None else "").split()[:8])
    thread = lxml_html.fragment_fromstring(_thread(holder.text_content()[:200], title))
    if holder.tag in ("body", "html") or holder.getparent() is None:
        holder.append(thread)
    else:
        thread.tail, holder.tail = holder.tail, None
        holder.addnext(thread)


def _thread(seed: str, title: str = "") -> str:
    """One comment thread's HTML, shaped and worded by ``seed`` (the story's first words),
    its label naming the story by ``title``."""
    def pick(choices: tuple[str, ...], salt: str = "") -> str:
        return _chosen(choices, seed + salt)

    def h(part: str) -> str:
        return "c" + hashlib.md5((seed + part).encode()).hexdigest()[:6]

    shape, label, reply = pick(_COMMENT_SHAPES, "shape"), pick(_COMMENT_LABELS), pick(_REPLY_WORDS)
    count = 3 + int(hashlib.md5(seed.encode()).hexdigest(), 16) % 3
    label = label.format(n=count, title=html.escape(title or "Our story"))
    posts = []
    for i in range(count):
        name, salt = pick(_COMMENTERS, f"name{i}"), f"text{i}"
        paragraphs = [pick(_COMMENT_TEXTS, f"{salt}-{k}") for k in range(1 + i % 3)]
        day, hour = 3 + i, 8 + i
        iso, shown = f"2031-05-{day:02d}T{hour:02d}:14:00+00:00", f"May {day}, 2031 at {hour}:14 am"
        if shape == "wordpress":
            posts.append(
                f"<li id='comment-{i + 1}' class='comment even thread-even depth-1'><article "
                f"id='div-comment-{i + 1}' class='comment-body'><footer class='comment-meta'>"
                f"<div class='comment-author vcard'><img class='avatar' src='/avatar/{i}.png' "
                f"alt=''><b class='fn'>{name}</b> <span class='says'>says:</span></div><div "
                f"class='comment-metadata'><a href='#comment-{i + 1}'><time datetime='{iso}'>"
                f"{shown}</time></a></div></footer><div class='comment-content'>"
                + "".join(f"<p>{p}</p>" for p in paragraphs)
                + f"</div><div class='reply'><a rel='nofollow' class='comment-reply-link' "
                f"href='?replytocom={i + 1}#respond'>{reply}</a></div></article></li>")
        elif shape == "hashed":
            posts.append(
                f"<div class='{h('post')}'><div class='{h('head')}'><a class='{h('who')}' "
                f"href='/profile/{name.split()[0].lower()}'>{name}</a><span class='{h('when')}'>"
                f"{i + 2} hours ago</span></div><div class='{h('text')}'>"
                + "".join(f"<p>{p}</p>" for p in paragraphs)
                + f"</div><button class='{h('reply')}'>{reply}</button></div>")
        elif shape == "microdata":
            posts.append(
                f"<div itemprop='comment' itemscope itemtype='https://schema.org/Comment' "
                f"class='{h('post')}'><span itemprop='author' itemscope "
                f"itemtype='https://schema.org/Person'><span itemprop='name'>{name}</span></span>"
                f" <meta itemprop='dateCreated' content='{iso}'><span>{shown}</span><div "
                f"itemprop='text'>" + "".join(f"<p>{p}</p>" for p in paragraphs)
                + "</div></div>")
        else:
            posts.append(f"<div><div><strong>{name}</strong> wrote on {shown}:</div><div>"
                         + "<br><br>".join(paragraphs) + "</div></div>")
    if shape == "wordpress":
        return (f"<div id='comments' class='comments-area'><h2 class='comments-title'>{label}"
                f"</h2><ol class='comment-list'>{''.join(posts)}</ol><div id='respond' "
                f"class='comment-respond'><h3 class='comment-reply-title'>Leave a Reply</h3>"
                f"<form action='/wp-comments-post.php' method='post'><textarea name='comment'>"
                f"</textarea><input name='author' type='text'><input name='email' type='email'>"
                f"<input type='submit' value='Post Comment'></form></div></div>")
    if shape == "hashed":
        return (f"<div class='{h('thread')}'><div class='{h('label')}'>{label}</div>"
                f"{''.join(posts)}</div>")
    if shape == "microdata":
        return f"<section class='{h('thread')}'><h3>{label}</h3>{''.join(posts)}</section>"
    return f"<div><h4>{label}</h4>{''.join(posts)}</div>"


_SCRIPT_SHAPES = ("next", "arc", "portable-text", "contentful", "wp-rest", "nuxt")


# The names of a story's boxes, innermost first, as families of sites that write their
# own elements name them.
_CUSTOM_NAMES = (
    ("app-body-text", "app-story-content", "app-article-detail", "app-layout", "app-root"),
    ("news-rich-text", "news-story-body", "news-article", "news-page", "news-shell"),
    ("bsp-rich-text", "bsp-article-body", "bsp-article-page", "bsp-main", "bsp-page"),
    ("ion-text-block", "ion-card-content", "ion-grid", "ion-content", "ion-app"),
)


def _custom_elements(elements: list[lxml_html.HtmlElement]) -> None:
    """The story's boxes as the site's own elements (see ``variant``)."""
    holder = _story_holder(elements)
    if holder is None:
        return
    names = _chosen(_CUSTOM_NAMES, holder.text_content()[:200])
    boxes = [box for box in (holder, *holder.iterancestors()) if box.tag == "div"]
    for depth, box in enumerate(boxes):
        box.tag = names[min(depth, len(names) - 1)]


def _logo_heading(root: lxml_html.HtmlElement) -> None:
    """The site's name as an <h1> linked to its home page (see ``variant``): its brand,
    the name its host's domain gives ("www.salon.com": "Salon"), from the page's
    canonical or ``og:url`` address; none where the page gives neither."""
    body = root.find("body")
    address = next((el.get("href") or el.get("content") or "" for el in root.iter("link", "meta")
                    if (el.get("rel") or "").lower() == "canonical"
                    or el.get("property") == "og:url"), "")
    labels = [w for w in (urlsplit(address).hostname or "").split(".")
              if w not in ("www", "m", "amp", "blog", "blogs", "news")]
    if body is None or len(labels) < 2:
        return
    brand = labels[-3] if len(labels) > 2 and len(labels[-2]) <= 3 else labels[-2]
    logo = lxml_html.fragment_fromstring(
        f"<header class='masthead'><h1 class='site-title'><a href='/' rel='home'>"
        f"{html.escape(brand.capitalize())}</a></h1></header>")
    logo.tail, body.text = body.text, None
    body.insert(0, logo)


def _amp(root: lxml_html.HtmlElement, elements: list[lxml_html.HtmlElement]) -> None:
    """The page as AMP writes it (see ``variant``)."""
    root.set("amp", "")
    holder = _story_holder(elements)
    for el in elements:
        if el.tag == "img":
            el.tag = "amp-img"
            el.set("layout", "responsive")
    if holder is None:
        return
    for p in [c for c in holder if c.tag == "p"][1:-1:3]:
        slot = lxml_html.fragment_fromstring(
            "<amp-ad width='300' height='250' type='doubleclick' data-slot='/1/story'>"
            "<div placeholder>Advertisement</div></amp-ad>")
        slot.tail, p.tail = p.tail, None
        p.addnext(slot)


_FURNITURE_WORDS = ("expandable", "paid-content", "widget", "has-overlay")


def _furniture_names(root: lxml_html.HtmlElement, elements: list[lxml_html.HtmlElement]) -> None:
    """The story's boxes named with furniture's words (see ``variant``)."""
    holder = _story_holder(elements)
    if holder is None:
        return
    word = _chosen(_FURNITURE_WORDS, holder.text_content()[:200])
    named = holder.get("class")
    boxes = ([el for el in elements if el.tag == holder.tag and el.get("class") == named]
             if named else [holder])
    for box in boxes:
        box.set("class", f"{box.get('class') or ''} {word}".strip())
    paragraphs = [c for c in holder if c.tag == "p"]
    if len(paragraphs) > 3:
        rest = lxml_html.Element("div", id="premium-content")
        start = holder.index(paragraphs[2])
        rest.extend(list(holder)[start:])
        holder.insert(start, rest)


_SPLIT_SHAPES = ("plain", "named", "control", "hidden")


def _split_story(elements: list[lxml_html.HtmlElement]) -> None:
    """The story's rest in a box of its own (see ``variant``)."""
    holder = _story_holder(elements)
    if holder is None:
        return
    paragraphs = [c for c in holder if c.tag == "p"]
    if len(paragraphs) < 4:
        return
    shape = _chosen(_SPLIT_SHAPES, holder.text_content()[:200])
    rest = lxml_html.Element("div")
    rest.set("class", "expandable-content" if shape == "named" else "story-rest")
    if shape == "hidden":
        rest.set("style", "display: none;")
    start = holder.index(paragraphs[2])
    rest.extend(list(holder)[start:])
    holder.insert(start, rest)
    if shape in ("control", "hidden"):
        control = lxml_html.Element("a", href="#")
        control.set("class", "show-more")
        control.text = "Read full article"
        holder.insert(start, control)


def _script_body(root: lxml_html.HtmlElement, elements: list[lxml_html.HtmlElement]) -> None:
    """The story only as script data (see ``variant``)."""
    holder = _story_holder(elements)
    if holder is None:
        return
    blocks = [(el.tag, " ".join(el.text_content().split())) for el in holder
              if el.tag in ("p", "h2", "h3", "h4")]
    blocks = [(tag, text) for tag, text in blocks if text]
    for el in [el for el in holder if el.tag in ("p", "h2", "h3", "h4")]:
        el.drop_tree()
    shape = _chosen(_SCRIPT_SHAPES, blocks[0][1])
    script = etree.SubElement(root.find("body") if root.find("body") is not None else root,
                              "script")
    if shape == "next":
        data = {"props": {"pageProps": {"post": {"blocks": [
            {"type": "paragraph" if tag == "p" else "heading", "text": text}
            for tag, text in blocks]}}}}
        script.set("id", "__NEXT_DATA__")
        script.set("type", "application/json")
        script.text = json.dumps(data)
    elif shape == "arc":
        data = {"content_elements": [
            {"type": "text", "content": text} if tag == "p"
            else {"type": "header", "level": int(tag[1]), "content": text}
            for tag, text in blocks]}
        script.text = ("window.Fusion=window.Fusion||{};Fusion.globalContent="
                       + json.dumps(data) + ";Fusion.contentCache={};")
    elif shape == "portable-text":
        data = {"props": {"pageProps": {"article": {"body": [
            {"_type": "block", "style": "normal" if tag == "p" else tag, "markDefs": [],
             "children": [{"_type": "span", "text": text, "marks": []}]}
            for tag, text in blocks]}}}}
        script.set("id", "__NEXT_DATA__")
        script.set("type", "application/json")
        script.text = json.dumps(data)
    elif shape == "contentful":
        data = {"props": {"pageProps": {"entry": {"fields": {"body": {
            "nodeType": "document", "data": {}, "content": [
                {"nodeType": "paragraph" if tag == "p" else f"heading-{tag[1]}", "data": {},
                 "content": [{"nodeType": "text", "value": text, "marks": [], "data": {}}]}
                for tag, text in blocks]}}}}}}
        script.set("id", "__NEXT_DATA__")
        script.set("type", "application/json")
        script.text = json.dumps(data)
    elif shape == "nuxt":
        rendered = "".join(f"<{tag}>{html.escape(text)}</{tag}>" for tag, text in blocks)
        data = {"data": {"article": {"body": rendered}}, "state": {}, "serverRendered": True}
        script.set("id", "__NUXT_DATA__")
        script.set("type", "application/json")
        script.text = devalued(data)
    else:
        rendered = "".join(f"<{tag}>{html.escape(text)}</{tag}>" for tag, text in blocks)
        data = {"source": {"post": {"1": {"id": 1, "content": {"rendered": rendered,
                                                                "protected": False}}}}}
        script.text = "window.__INITIAL_STATE__ = " + json.dumps(data) + ";"


def devalued(value: Any) -> str:
    """``value`` flattened as devalue writes Nuxt 3's ``__NUXT_DATA__``: one array, each
    object's values and each list's items indices into it, the root wrapped in a reviver
    ("ShallowReactive") as Nuxt wraps its payload, a string met twice stored once."""
    values: list[Any] = [["ShallowReactive", 1]]
    seen: dict[str, int] = {}

    def flat(node: Any) -> int:
        if isinstance(node, str) and node in seen:
            return seen[node]
        index = len(values)
        values.append(None)
        if isinstance(node, dict):
            values[index] = {key: flat(item) for key, item in node.items()}
        elif isinstance(node, list):
            values[index] = [flat(item) for item in node]
        else:
            values[index] = node
            if isinstance(node, str):
                seen[node] = index
        return index

    flat(value)
    return json.dumps(values)


def _breaks_for_paragraph(p: lxml_html.HtmlElement) -> None:
    """``p``'s content in its place, followed by two <br>s."""
    first, second = etree.Element("br"), etree.Element("br")
    second.tail, p.tail = p.tail, None
    p.extend([first, second])
    try:
        p.drop_tag()
    except ValueError:  # (a control character lxml will not move into a tail: kept as is)
        pass


# --- scoring --------------------------------------------------------------------------

def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def body_scores(predicted: str, truth: str) -> tuple[float | None, float | None, bool]:
    """(precision, recall, exact) of one page with the benchmark's own metric; None
    where the denominator is 0."""
    pred, true = shingles(predicted), shingles(truth)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    exact = _TOKEN.findall(predicted or "") == _TOKEN.findall(truth)
    if fp == fn == 0:
        return 1.0, 1.0, exact
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall, exact


def _norm(text: str | None) -> str:
    return " ".join(unicodedata.normalize("NFC", html.unescape(text or "")).split())


def title_ok(ours: str | None, gold: str | None) -> bool:
    return _norm(ours) == _norm(gold)


def authors_ok(ours: list[str], gold: list[str]) -> bool:
    """The same people, as a set, case and white space aside."""
    return {_norm(a).casefold() for a in ours} == {_norm(a).casefold() for a in gold}


def published_ok(ours: datetime | None, gold: dict[str, Any]) -> bool:
    """The same minute in UTC; the same day where the gold is a day; the same day in
    the site's zone where the suite names one (the page printed no zone, and the gold
    instant assumed that one). A naive time of an extractor is taken as UTC, as ours
    does; a gold time without an offset is the page's own wall-clock time."""
    value = gold["published"]
    if value is None:
        return ours is None
    if ours is None:
        return False
    mine = ours if ours.tzinfo else ours.replace(tzinfo=UTC)
    if gold["published_precision"] == "day":
        return mine.astimezone(UTC).date().isoformat() == value[:10]
    if gold.get("published_tz_hint") and gold.get("published_local_date"):
        zone = ZoneInfo(gold["published_tz_hint"])
        return mine.astimezone(zone).date().isoformat() == gold["published_local_date"]
    expected = datetime.fromisoformat(value)
    if expected.tzinfo is None:
        expected = expected.replace(tzinfo=UTC)
    return (mine.astimezone(UTC).replace(second=0, microsecond=0)
            == expected.astimezone(UTC).replace(second=0, microsecond=0))


def language_ok(ours: str | None, gold: str) -> bool:
    primary = re.split(r"[-_]", gold)[0].lower()
    return bool(ours) and re.split(r"[-_]", ours or "")[0].lower() == primary


def prefix_found(body: str, prefix: str) -> bool:
    """Whether the body holds the words the suite's own parser started with (letters
    and digits only: that parser glued words across elements)."""
    wanted = _NON_WORD.sub("", html.unescape(prefix)).casefold()
    return bool(wanted) and wanted in _NON_WORD.sub("", body).casefold()


def score(results: list[Result], pages: list[Page]) -> dict[str, Any]:
    """Every labelled field of one extractor on one suite: body P/R/F1 and exact-token
    accuracy, and per field the share of labelled pages it got right."""
    out: dict[str, Any] = {}
    precisions: list[float] = []
    recalls: list[float] = []
    exact = bodies = 0
    judged: list[tuple[float, bool]] = []  # (confidence, body wrong) where both known
    hits: dict[str, list[bool]] = {f: [] for f in FIELDS if f != "body"}
    for result, page in zip(results, pages):
        gold = page.gold
        if "body" in gold:
            bodies += 1
            p, r, same = body_scores(result.body, gold["body"])
            precisions += [p] if p is not None else []
            recalls += [r] if r is not None else []
            exact += same
            if result.confidence is not None:
                f1 = 2 * (p or 0) * (r or 0) / ((p or 0) + (r or 0)) if (p or 0) + (r or 0) else 0
                judged.append((result.confidence, f1 < WRONG_BELOW_F1))
        if "title" in gold:
            hits["title"].append(title_ok(result.title, gold["title"]))
        if "authors" in gold:
            hits["authors"].append(authors_ok(result.authors, gold["authors"]))
        if "published" in gold:
            hits["published"].append(published_ok(result.published, gold["published"]))
        if "language" in gold:
            hits["language"].append(language_ok(result.language, gold["language"]))
        if "body_prefix" in gold:
            hits["body_prefix"].append(prefix_found(result.body, gold["body_prefix"]))
        if "standfirst" in gold and result.standfirst is not MISSING:
            hits["standfirst"].append(_norm(result.standfirst) == _norm(gold["standfirst"]))
    if bodies:
        precision = sum(precisions) / len(precisions)
        recall = sum(recalls) / len(recalls)
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        out.update(body_f1=round(f1, 4), body_precision=round(precision, 4),
                   body_recall=round(recall, 4), body_accuracy=round(exact / bodies, 4))
    for name, values in hits.items():
        if values:
            out[name] = round(sum(values) / len(values), 4)
    if judged:
        out |= calibration(judged)
    return out


WRONG_BELOW_F1 = 0.8  # a body under this F1 is "wrong" for the confidence's calibration


def calibration(judged: list[tuple[float, bool]]) -> dict[str, Any]:
    """How ``extraction.confidence`` sorts bodies: of those under 0.5, the share that is
    wrong; of the wrong ones, the share under 0.5."""
    low = [wrong for conf, wrong in judged if conf < 0.5]
    wrong = [conf for conf, bad in judged if bad]
    return {"low_confidence": len(low),
            "low_confidence_wrong": round(sum(low) / len(low), 4) if low else None,
            "wrong_bodies": len(wrong),
            "wrong_flagged": round(sum(c < 0.5 for c in wrong) / len(wrong), 4) if wrong else None}
