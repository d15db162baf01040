"""Page furniture the body extractor must not read as prose: ad slots, sign-up boxes,
hover cards inside paragraphs; and posts embedded from social networks, which are
quoted rather than dropped with their widgets. Rules work on class names, ARIA
labels and text shapes, never on one site's exact markup."""

from __future__ import annotations

import re

from lxml import etree
from lxml.html import HtmlElement

from crawler.extract._byline import AUTHOR_CLASS
from crawler.extract._text import is_unspaced, spaced_words
from crawler.extract._tree import (
    Names,
    ShortTexts,
    alike,
    attrs_text,
    drop,
    holds_no_blocks,
    link_chars,
    own_text,
    short_text_nodes,
    text_longer,
    text_owner,
    words_beside,
)

# Labels that mark an ad slot, in the languages of the sites we crawl.
AD_LABELS = frozenset(
    {"sponsorluk", "reklam", "advertisement", "advertising", "advert", "sponsored", "ad", "ads",
     "anzeige", "publicidad", "publicité", "pubblicità", "werbung", "sponsorlu",
     "sponsored link", "sponsored links", "publicidade", "patrocinado", "reklama",
     "реклама", "advertentie", "annonce", "annons", "annonse", "mainos", "διαφήμιση",
     "スポンサードリンク", "スポンサード リンク", "スポンサーリンク", "広告", "广告", "廣告",
     "광고", "publicitate", "iklan", "hirdetés", "quảng cáo", "פרסומת", "إعلان", "إعلانات",
     "تبلیغات", "آگهی", "विज्ञापन", "โฆษณา", "reklame", "reklaam", "reklāma", "oglas",
     "publicitat", "mainonta"}
)
_AD_CLASS = re.compile(r"(^|[\s_-])(ads?|advert\w*|sponsor\w*|banner|dfp|adsense)([\s_-]|$)", re.IGNORECASE)
_SIGNUP_CLASS = re.compile(r"newsletter|subscri(be|ption)|sign-?up", re.IGNORECASE)
_SIGNUP_MAX_TEXT = 400
# Consent layers (cookie banners, consent-management platforms), which rendered pages
# carry over the article. Not "paywall" (some sites class every paragraph of the
# article so) nor "cmp" (a component's class in some site builders: "cmp-text").
_CONSENT_NAMES = r"cookie|consent|gdpr|onetrust|cookiebot|didomi|privacy-?(?:banner|notice|bar)"
_CONSENT_CLASS = re.compile(_CONSENT_NAMES, re.IGNORECASE)
_CONSENT_MAX_TEXT = 600
# Every kind of box, for one scan over all of a page's class and id values in lower
# case (a case-sensitive pattern with a look-behind scans about twice as fast).
_BOX_NAME = re.compile(
    r"(?<![^\s_-])(?:ads?|advert\w*|sponsor\w*|banner|dfp|adsense|modal)(?![^\s_-])"
    r"|newsletter|subscri(?:be|ption)|sign-?up|" + _CONSENT_NAMES)
# A dialog the page opens on demand ("save a memo", "share by e-mail"): its labels and
# buttons are no prose. Named so by a class or id word, or marked as a dialog.
_MODAL_CLASS = re.compile(r"(^|[\s_-])modal([\s_-]|$)", re.IGNORECASE)
_MODAL_MAX_TEXT = 400
_DIALOG_ROLES = frozenset({"dialog", "alertdialog"})
# An ad slot wrapper holds a label and an image or two, never article prose.
_AD_WRAPPER_MAX_TEXT = 120

_BOILERPLATE_TAGS = ("script", "style", "noscript", "template", "iframe", "form", "button",
                     "select", "input", "textarea", "svg", "canvas")
_AD_LABEL_MAX = max(map(len, AD_LABELS))


def box_candidates(root: HtmlElement, names: Names | None = None) -> list[HtmlElement]:
    """Elements whose class or id may name an ad slot or a sign-up box, in document
    order."""
    return (names or Names(root)).matching(_BOX_NAME)


def _is_ad_label(text: str) -> bool:
    return text.lower() in AD_LABELS


def ad_slots(root: HtmlElement, named: list[HtmlElement] | None = None,
             texts: ShortTexts | None = None) -> list[HtmlElement]:
    """Ad slot elements: wrappers of an ad label, or elements with an ad class name
    (among ``named``, the page's box candidates, when already listed)."""
    found: list[HtmlElement] = []
    for node in short_text_nodes(root, _AD_LABEL_MAX, _is_ad_label, texts):
        el = text_owner(node)
        if (el is None or el.tag in ("html", "body") or own_text(el).lower() not in AD_LABELS
                or _among_words(el)):
            continue
        wrapper, parent = el, el.getparent()
        while parent is not None and parent.tag not in ("body", "html", "article"):
            if text_longer(parent, _AD_WRAPPER_MAX_TEXT):
                break
            wrapper, parent = parent, parent.getparent()
        found.append(wrapper)
    found += _named_boxes(box_candidates(root) if named is None else named, _AD_CLASS,
                          _AD_WRAPPER_MAX_TEXT)
    return found


# Elements that set words of a line apart (a word in italics, in a link, in a span).
_PHRASING = frozenset({"span", "a", "em", "strong", "b", "i", "u", "small", "mark", "font",
                       "abbr", "cite", "q", "sup", "sub"})


def _among_words(el: HtmlElement) -> bool:
    """Whether ``el`` is a word of a line of text, not a label set apart: words run on
    before or after it, in its parent's text or a neighbour's ("The <em>ad</em>
    campaign", "native <span>ad</span> <span>platform</span>"). Such a word was taken for
    an ad slot's label, and with it its paragraph, where the paragraph was short."""
    return words_beside(el) or any(
        n is not None and n.tag in _PHRASING and bool(own_text(n))
        for n in (el.getprevious(), el.getnext()))


def _named_boxes(named: list[HtmlElement], pattern: re.Pattern[str],
                 max_text: int) -> list[HtmlElement]:
    """Elements whose class or id matches ``pattern`` and whose text is short."""
    return [el for el in named
            if el.tag not in ("html", "body")
            and pattern.search(el.get("class", "") + " " + el.get("id", ""))
            and not text_longer(el, max_text)]


def signup_boxes(root: HtmlElement, named: list[HtmlElement] | None = None
                 ) -> list[HtmlElement]:
    """Newsletter and subscription boxes: named so, and too short to be an article."""
    return _named_boxes(box_candidates(root) if named is None else named, _SIGNUP_CLASS,
                        _SIGNUP_MAX_TEXT)


def strip_boilerplate(root: HtmlElement, keep: frozenset[HtmlElement],
                      texts: ShortTexts | None = None, names: Names | None = None,
                      body: HtmlElement | None = None) -> None:
    """Remove scripts, forms, ad slots, sign-up boxes and dialogs in place, never an
    element of ``keep`` (some sites wrap the whole page in one <form>)."""
    named = box_candidates(root, names)  # one scan for every kind of box
    for el in [*root.iter(*_BOILERPLATE_TAGS), *ad_slots(root, named, texts),
               *signup_boxes(root, named), *_dialogs(root, roled := _ROLED(root)),
               *_named_boxes(named, _MODAL_CLASS, _MODAL_MAX_TEXT),
               *_named_boxes(named, _CONSENT_CLASS, _CONSENT_MAX_TEXT),
               *control_boxes(root, keep, body), *promo_boxes(body), *_controls_by_role(roled)]:
        if el in keep:
            continue
        if el.tag == "button" and el.find(".//p") is not None:
            # A button laid around a paragraph is a wrapper (a byline that opens the
            # author's card: "<button><p>By <a href=/author/jd>Jane Doe</a></p></button>"),
            # not a control: its content stays.
            el.drop_tag()
        else:
            drop(el)


# Elements whose ARIA role says they are a control of the page (a player's menu items,
# a slider, a list box), as <button>s are: "Chapters", "subtitles off, selected",
# "Playback Rate" of a video player's control bar. (Not a toolbar, which may hold the
# story's counters, nor a tooltip, which may hold its date.)
_ROLE_CONTROLS = frozenset({"menuitem", "menuitemcheckbox", "menuitemradio", "slider",
                            "progressbar", "scrollbar", "spinbutton", "switch", "listbox",
                            "combobox"})
_ROLED = etree.XPath("//*[@role or @aria-modal]")  # (one scan for dialogs and controls)
_ROLE_CONTROL_MAX_TEXT = 300  # (more is content a control wraps: an accordion's panel)


def _dialogs(root: HtmlElement, roled: list[HtmlElement]) -> list[HtmlElement]:
    return [*root.iter("dialog"), *(el for el in roled if el.get("role") in _DIALOG_ROLES
                                    or el.get("aria-modal") == "true")]


def _controls_by_role(roled: list[HtmlElement]) -> list[HtmlElement]:
    return [el for el in roled if el.get("role") in _ROLE_CONTROLS
            and not any(a.tag == "p" for a in el.iterancestors())
            and not text_longer(el, _ROLE_CONTROL_MAX_TEXT)]


# A promotion set among the story's paragraphs: a player's controls ("Listen to this
# article", "5 min") or a subscription's call ("Subscribe now", "Jetzt abonnieren",
# "Abonnez-vous", or a link to /subscribe), in a short box.
_PLAYERS = ("audio", "video")
_PLAYER_MAX_WORDS = 12
_PROMO_MAX_WORDS = 40
_SUBSCRIBE = re.compile(
    r"subscri(?:be|ption|ber)|sign(?:ing)? up|abonn(?:ieren|ement|ez|é|ent)|suscr[ií]b|"
    r"suscripci|abbona|assin(?:e|ar|atura)|abonneer|prenumer|subskryp|abone ol|подпи[сш]|"
    r"購読|会員登録|订阅|訂閱|구독", re.IGNORECASE)


def promo_boxes(body: HtmlElement | None) -> list[HtmlElement]:
    """Short boxes in the body's holder that promote: a player's controls, or a link or
    a button that calls to subscribe (not a paragraph that speaks of subscribers)."""
    found: list[HtmlElement] = []
    for box in body.iter("div", "aside", "section") if body is not None else ():
        if box is body or any(b in found for b in box.iterancestors()):
            continue
        words = len(own_text(box).split())
        if next(box.iter(*_PLAYERS), None) is not None and words <= _PLAYER_MAX_WORDS:
            found.append(box)
        elif words <= _PROMO_MAX_WORDS and any(
                _SUBSCRIBE.search(f"{own_text(a)} {a.get('href', '')}")
                for a in box.iter("a", "button")):
            found.append(box)  # (the call is the link's or the button's own)
    return found


_CONTROLS = ("form", "button", "input", "select", "textarea")
_CONTROL_BOX_MAX_TEXT = 400
_PROMPT_MIN_WORDS = 8


def control_boxes(root: HtmlElement, keep: frozenset[HtmlElement],
                  body: HtmlElement | None = None) -> list[HtmlElement]:
    """Boxes that ask the reader to act, whatever their names: a sentence or two of
    prompt beside a form or a button ("Sign up to receive...", "This site uses
    cookies...") in a short element outside the article's container. Never one that
    holds a headline, a byline, a time (an article's header with a follow button) or a
    figure (a picture's caption beside its share buttons), nor one between the headline
    and the ``body`` container (a lead beside a "Listen" button) unless its control is
    a field to type in (a story in several containers may set a sign-up box in the one
    before ``body``)."""
    found: list[HtmlElement] = []
    header = _header_zone(root, body)
    for control in root.iter(*_CONTROLS):
        if ((control in header and not _typed_field(control))
                or any(a.tag in ("p", "li", "td") for a in control.iterancestors())):
            continue  # the lead's zone; a button inside a paragraph (a footnote's, a term's)
        box, parent = control, control.getparent()
        while (parent is not None and parent not in keep and parent.tag not in ("body", "html")
               and len(own_text(parent)) <= _CONTROL_BOX_MAX_TEXT):
            box, parent = parent, parent.getparent()
        if box is control or box in found or any(b in found for b in box.iterancestors()):
            continue
        if (any(spaced_words(own_text(p)) >= _PROMPT_MIN_WORDS for p in box.iter("p"))
                and not any(True for _ in box.iter("h1", "time", "article", "figure", "figcaption"))
                and not any(AUTHOR_CLASS.search(attrs_text(el)) for el in box.iter())):
            found.append(box)
    return found


# Fields a reader types into (an address to sign up with, a search): a form, not a
# "Listen" button beside the lead, wherever it stands.
_TYPED_INPUTS = frozenset({"text", "email", "search", "tel", "url"})


def _typed_field(control: HtmlElement) -> bool:
    return control.tag == "textarea" or (
        control.tag == "input" and (control.get("type") or "text").lower() in _TYPED_INPUTS)


def _header_zone(root: HtmlElement, body: HtmlElement | None) -> set[HtmlElement]:
    """The elements between the headline (the last <h1> or <h2> before ``body``: a logo
    <h1> may stand far above an <h2> headline) and ``body``, in page order."""
    if body is None:
        return set()
    zone: list[HtmlElement] | None = None  # None until a headline is passed
    for el in root.iter():
        if el is body:
            return set(zone or ())
        if el.tag in ("h1", "h2"):
            zone = []
        elif zone is not None:
            zone.append(el)
    return set()  # no body in the tree


# Posts quoted from social networks: the text is the post, in the publishers' markup
# (Twitter/X, Instagram, TikTok, Threads, Bluesky).
_EMBEDDED_POSTS = etree.XPath(
    "//blockquote[contains(concat(' ', normalize-space(@class), ' '), ' twitter-tweet ')"
    " or contains(@class, 'instagram-media') or contains(@class, 'tiktok-embed')"
    " or contains(@class, 'text-post-media') or contains(@class, 'bluesky-embed')]")


def quoted_posts(root: HtmlElement) -> None:
    """Embedded social posts as plain quotes, in place of their widget wrappers.

    A journalist quotes a post as she quotes a person; body extractors drop the whole
    widget (its class names say "tweet", "social", "embed"). Each post becomes a bare
    <blockquote> where its outermost wrapper stood that holds nothing else.
    """
    for post in _EMBEDDED_POSTS(root):
        outer, text = post, own_text(post)
        for parent in post.iterancestors():
            if parent.tag in ("body", "html", "article", "main") or own_text(parent) != text:
                break
            outer = parent
        for p in post.iter("p"):  # the post, then on a line of its own who posted it
            if p.tail and p.tail.strip():
                br = etree.Element("br")
                br.tail, p.tail = p.tail, None
                p.addnext(br)
        quote = etree.Element("blockquote")
        quote.text = post.text
        quote.extend(list(post))
        quote.tail = outer.tail
        outer.getparent().replace(outer, quote)


_BIO_WORDS = (8, 80)  # a sentence or a few about a person, not an article


def author_bios(root: HtmlElement, body: HtmlElement | None, keep: frozenset[HtmlElement],
                authors: list[str]) -> list[HtmlElement]:
    """Paragraphs about the article's authors outside its body's container, whatever
    their box is named: a text that opens with an author's name ("Jane Doe covers the
    harbour for the Courier. She joined in 2015."). Body extractors take them for the
    article's last paragraph. Inside the container too, where such a text is in a box
    of its own after the story's last paragraph (a bio box nothing names as one)."""
    if not authors:
        return []
    inside = set(body.iter()) if body is not None else set()
    found = []
    for el in root.iter("p", "div"):
        if el in keep or (el.tag == "div" and not holds_no_blocks(el)):
            continue
        text = own_text(el)
        # (The text first: the walk over the body is for the few that open so.)
        if (any(text.startswith((f"{name} ", f"{name}, "))
                # (a Chinese or Japanese name, the sentence written on without a space)
                or (is_unspaced(name[-1]) and text.startswith(name)) for name in authors)
                and _BIO_WORDS[0] <= spaced_words(text) <= _BIO_WORDS[1]
                and (el not in inside or _boxed_at_the_end(el, body))):
            found.append(el)
    return found


def _boxed_at_the_end(el: HtmlElement, body: HtmlElement | None) -> bool:
    """Whether ``el`` is in a box of its own inside ``body`` (not among the story's
    paragraphs, nor the last of their boxes where each is boxed alike) and no paragraph
    of the story follows it."""
    box = el.getparent()
    if body is None or box is None or box is body or el.getnext() is not None:
        return False
    before = box.getprevious()
    if before is not None and alike(before, box):
        return False  # the last of the story's paragraphs, each in a box of its own
    if any(p is not el for p in box.iter("p")):
        return False  # more than the one text: a part of the story
    past = False
    for node in body.iter():
        if node is el:
            past = True
        elif past and node.tag == "p":
            return False
    return True


# A picture and links inside a paragraph's inline element: a hover card ("the person's
# photo and latest stories") that only shows on pointing at a name.
_INLINE_CARDS = etree.XPath("//p//span[.//img][count(.//a[@href]) >= 2]")
_CARD_MIN_LINK_SHARE = 0.8


def inline_cards(root: HtmlElement, keep: frozenset[HtmlElement]) -> list[HtmlElement]:
    """Hover cards inside paragraphs: the innermost span holding a picture and two
    links or more, nearly all of whose text is link text."""
    candidates = [el for el in _INLINE_CARDS(root) if el not in keep]
    inner = set(candidates)
    for el in candidates:
        inner.difference_update(el.iterancestors())
    cards = []
    for el in candidates:
        text = len(own_text(el))
        linked = link_chars(el)
        if el in inner and text and linked >= _CARD_MIN_LINK_SHARE * text:
            cards.append(el)
    return cards


_CONTENTS_MIN_LINKS = 2
_CONTENTS_LABEL_MAX = 40
_CONTENTS_LEVELS = 3


def contents_lists(root: HtmlElement, keep: frozenset[HtmlElement]) -> list[HtmlElement]:
    """A story's table of contents: a list whose every item is only a link to a part of
    this page ("#why-the-bridge-closed"), maybe over nested lists of such links, as
    contents plugins and editors write one above the sections whose headings its links
    repeat; with the boxes that hold it and no more than a label beside it ("Table of
    Contents", "In this article", a ``<summary>``). Not a list of tabs
    (``role=tablist``), whose links show panels of the page; footnotes link back to the
    page too, but hold text of their own."""
    found: list[HtmlElement] = []
    for lst in root.iter("ul", "ol"):
        if (lst in keep or lst.get("role") == "tablist"
                or any(a in found or a.tag == "li" for a in lst.iterancestors())):
            continue
        items = [c for c in lst if isinstance(c.tag, str)]
        if (not items or not all(_links_within(item) for item in items)
                or len(lst.findall(".//a")) < _CONTENTS_MIN_LINKS):
            continue
        box, listed = lst, len(own_text(lst))
        for _ in range(_CONTENTS_LEVELS):
            parent = box.getparent()
            if (parent is None or parent in keep or parent.tag in ("body", "html")
                    or text_longer(parent, listed + _CONTENTS_LABEL_MAX)):
                break
            box = parent
        found.append(box)
    return found


def _links_within(item: HtmlElement) -> bool:
    """Whether a list item is a link to a part of this page and nothing more, maybe over
    a nested list of such links."""
    if item.tag != "li":
        return False
    links = [a for a in item.iter("a") if a.get("href", "#") != "#"]
    if not links or not all(a.get("href", "").startswith("#") for a in links):
        return False
    rest = own_text(item)
    for a in links:
        rest = rest.replace(own_text(a), "", 1)
    return _LETTER.search(rest) is None  # (a number before each: "1.", "2.1")


_LETTER = re.compile(r"[^\W\d_]")
