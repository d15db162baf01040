"""The article's title: the visible headline that the page's declared titles confirm.

A page declares its title several times (JSON-LD ``headline``, ``og:title``,
``twitter:title``, ``<title>``), often with the site's name and section around it, and
shows it once as an ``<h1>``, beside other ``<h1>`` elements that are a logo, a section
name or a blog's name. The headline is the ``<h1>`` whose text a declared title holds,
and it carries no suffix; where no ``<h1>`` is confirmed, the first headline-sized
``<h1>``; else the first declared title without its site-name segments.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence

from crawler.extract._text import clean

# Separators between a headline and the site's name or section in a declared title.
_SEPARATORS = re.compile(r"\s+[|\-–—·•»/]\s+|\s+::\s+|\s*(?<=\S)_(?=\S)|\s+_")
# A site's name may also lead, before a colon: "Daring Fireball: Colophon".
_LEADING = re.compile(r"^([^:]{1,40}):\s+(?=\S)")
_DATE = re.compile(r"^\d{1,4}[./-]\d{1,2}[./-]\d{1,4}$")
_NON_WORD = re.compile(r"\W+", re.UNICODE)
# An <h1> confirmed by a declared title: that much of its text is in the title ...
_CONFIRMED_SHARE = 0.8
# ... and it covers more than this share of the title (a logo covers its suffix only).
_MIN_COVER = 0.3
# A segment this short ("Sport", "DW", "eHow") beside a longer headline is a label.
_LABEL_MAX_WORDS = 2
_LABEL_MAX_CHARS = 24
_MIN_HEADLINE_CHARS = 15


def bigrams(text: str) -> set[str]:
    compact = _NON_WORD.sub("", text).casefold()
    return {compact[i : i + 2] for i in range(len(compact) - 1)} or {compact}


def _size(text: str) -> int:
    return len(_NON_WORD.sub("", text))


def _segments(title: str) -> list[str]:
    return [s.strip() for s in _SEPARATORS.split(title) if s and s.strip()]


# A text set apart that a declared title words a little otherwise (a headline in no
# <h1> beside the SEO title): this share of the one's letter pairs in the other's, and
# this share back.
_NEAR_SHARE = 0.8
_NEAR_BACK = 0.5


def near_title(text: str, declared: Sequence[str]) -> float:
    """How near ``text`` is to the nearest of the ``declared`` titles (Dice's measure of
    their letter pairs), where it is near at all: most of either one's letter pairs in
    the other ("Lady Gaga Shares Photo of Ex Taylor Kinney Hanging With Her Mom" and
    "Lady Gaga Shares Pic of Ex Taylor Kinney With Her Mom"); else 0."""
    mine = bigrams(text)
    best = 0.0
    for title in declared:
        theirs = bigrams(title)
        shared = len(mine & theirs)
        mine_in, theirs_in = shared / len(mine), shared / len(theirs)
        if max(mine_in, theirs_in) >= _NEAR_SHARE and min(mine_in, theirs_in) >= _NEAR_BACK:
            best = max(best, 2 * shared / (len(mine) + len(theirs)))
    return best


_QUOTES = str.maketrans("‘’‚‛“”„‟«»", "'" * 4 + '"' * 6)


def comparable(text: str) -> str:
    """``text`` as two spellings of one title compare: white space collapsed, case
    folded, typographic quotes as plain ones."""
    return clean(text).casefold().translate(_QUOTES)


def confirmed_h1(h1s: Sequence[str], declared: Sequence[str]) -> str | None:
    """The <h1> that a declared title holds, the one covering most of it: a logo or a
    blog's name is held too, but covers only the title's site-name segment."""
    best, best_cover = None, _MIN_COVER
    for h1 in h1s:
        mine = bigrams(h1)
        for title in declared:
            theirs = bigrams(title)
            shared = len(mine & theirs)
            if shared / len(mine) >= _CONFIRMED_SHARE and shared / len(theirs) > best_cover:
                best, best_cover = h1, shared / len(theirs)
    return best


def is_site_name(text: str, site_name: str) -> bool:
    """Whether ``text`` is the site's name, give or take a word ("Minecraft News" of
    "Minecraft Update News")."""
    mine = bigrams(text)
    return len(mine & bigrams(site_name)) >= _CONFIRMED_SHARE * len(mine)


def names_the_site(title: str | None, site_name: str | None, domain: str) -> bool:
    """Whether ``title`` is no headline but the site's name: none at all, the declared
    name, or a few words holding the name in the site's domain ("Coast News" on
    coast.example)."""
    if not title:
        return True
    if site_name and is_site_name(title, site_name):
        return True
    name = _domain_name(domain)
    return (len(title.split()) <= _SITE_NAME_MAX_WORDS and _size(name) >= 3
            and bigrams(name) <= bigrams(title))


_SITE_NAME_MAX_WORDS = 3


def looks_like_headline(text: str, site_name: str | None) -> bool:
    """Long enough to be a headline (a logo or a section name is a word or three), and
    not the site's name."""
    if site_name and is_site_name(text, site_name):
        return False
    return len(text.split()) >= 4 or (" " not in text and len(text) >= _MIN_HEADLINE_CHARS)


def strip_site_name(title: str, site_name: str | None, domain: str,
                    other_names: Sequence[str] = ()) -> str:
    """A declared title without the site's name, section or date around the headline:
    "Headline | Sport | DW | 28.04.2023" -> "Headline". ``other_names``: more names of
    the site (a blog's name in its <h1>)."""
    names = [n for n in (site_name, _domain_name(domain), *other_names) if n and _size(n) >= 3]
    bracketed = _BRACKETED.match(title)
    if bracketed and _is_name(bracketed.group(2), names):
        title = bracketed.group(1)  # "Headline [Site]"
    parts = _SEPARATORS.split(title)
    seps = _SEPARATORS.findall(title)

    def is_site(segment: str) -> bool:
        """The site's name, or a few words holding it ("Coast News" on coast.example)."""
        segment = segment.strip()
        return bool(segment) and (_is_name(segment, names) or (
            len(segment.split()) <= _SITE_NAME_MAX_WORDS + 1
            and any(bigrams(n) <= bigrams(segment) for n in names)))

    def is_label(segment: str, rest: list[str]) -> bool:
        segment = segment.strip()
        if not segment or _DATE.match(segment) or is_site(segment):
            return True
        head = " ".join(rest)
        short = len(segment.split()) <= _LABEL_MAX_WORDS and len(segment) <= _LABEL_MAX_CHARS
        return short and (len(head.split()) >= 3 or _size(head) >= _MIN_HEADLINE_CHARS)

    # The site's name after the headline ends it, a tagline after the name included:
    # "Headline - Coast News - Local news from the coast".
    cut = next((i for i in range(1, len(parts)) if is_site(parts[i])), None)
    if cut is not None and looks_like_headline(" ".join(parts[:cut]), None):
        del parts[cut:], seps[cut - 1:]
    while len(parts) > 1 and is_label(parts[-1], parts[:-1]):
        parts.pop()
        seps.pop()
    # ... and before it: "Coast News » Headline", with its section after it: "Coast News
    # - Local - Headline".
    site_first = False
    while (len(parts) > 1 and (is_site(parts[0]) or (site_first and is_label(parts[0], parts[1:])))
           and looks_like_headline(" ".join(parts[1:]), None)):
        site_first = True
        parts.pop(0)
        seps.pop(0)
    out = parts[0]
    for sep, part in zip(seps, parts[1:]):
        out += sep + part
    leading = _LEADING.match(out)
    if leading and _is_name(leading.group(1), names):
        out = out[leading.end():]
    # A name joined without spaces, as CJK titles write it: "見出し「X」:phpspot開発日誌".
    tight = _TIGHT_TAIL.match(out)
    if tight and is_label(tight.group(2), [tight.group(1)]) and any(
            bigrams(n) <= bigrams(tight.group(2)) for n in names):
        out = tight.group(1)
    return out.strip() or title


_BRACKETED = re.compile(r"^(.*\S)\s*[\[(]([^\[\]()]{2,60})[\])]\s*$")
_TIGHT_TAIL = re.compile(r"^(.*\S)\s*[:：|｜]\s*([^:：|｜\s][^:：|｜]*)$")


_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "ac", "gov", "edu", "ne", "or", "go"})


def _domain_name(domain: str) -> str:
    """The name part of a host: "theguardian" of "www.theguardian.com", "bbc" of
    "bbc.co.uk"."""
    labels = [x for x in domain.split(".")[:-1] if x not in _SECOND_LEVEL and x != "www"]
    return max(labels, key=len, default="")


_KICKER_MAX_WORDS = 3


def _kicker_before(h1: str, headline: str) -> bool:
    """Whether ``h1`` is ``headline`` after a kicker of a few words and no punctuation
    ("Exclusive Headline", from "<h1><span>Exclusive</span> Headline</h1>")."""
    if not h1.endswith(headline) or len(headline) >= len(h1) or _size(headline) < _MIN_HEADLINE_CHARS:
        return False
    kicker = h1[: -len(headline)]
    # Set apart by its element alone: "Topic: headline" is the headline, written so.
    return (bool(kicker.strip()) and kicker[-1:].isspace() and kicker.strip()[-1].isalnum()
            and len(kicker.split()) <= _KICKER_MAX_WORDS)


def _is_name(segment: str, names: list[str]) -> bool:
    return any(bigrams(segment) <= bigrams(n) for n in names)


def choose_title(h1s: Sequence[str], declared: Sequence[str], site_name: str | None,
                 domain: str, shown: Collection[str] = ()) -> str | None:
    """The title from the page's <h1> texts and declared titles (most trusted first);
    ``shown``: the page's short texts, white space collapsed (read where it has no
    <h1>)."""
    h1s = [h for h in dict.fromkeys(h1s) if h]
    # A logo's <h1> is held by the declared titles too, in their site-name segment.
    headlines = [h for h in h1s if not (site_name and is_site_name(h, site_name))]
    found = confirmed_h1(headlines, declared) or next(
        (h for h in headlines if looks_like_headline(h, site_name)), None)
    if found:
        # A kicker set inside the <h1> ("<h1><span>Exclusive</span> Headline</h1>"): the
        # headline is what a declared title gives after it.
        found = next((head for title in declared
                      if _kicker_before(found, head := strip_site_name(title, site_name, domain,
                                                                        h1s))), found)
        return _cased(found, declared) if found.isupper() else found
    if declared:
        # No <h1>, as pages set in tables and <font>s: the run of the declared title's
        # segments the page shows as a text of its own ("Site - Headline", the headline
        # in bold), else the title without its site-name segments. (An <h1> that is no
        # headline is the site's or blog's name.)
        return (_shown_run(declared[0], shown, site_name) if shown and not h1s else None
                ) or strip_site_name(declared[0], site_name, domain, h1s)
    return h1s[0] if h1s else None


def _cased(shouting: str, declared: Sequence[str]) -> str:
    """An <h1> written in capitals ("HARBOUR REPAIRS …") as a declared title writes the
    same words, where one does: the capitals are the theme's style, not the headline's."""
    wanted = clean(shouting).lower()
    for title in declared:
        title = clean(title)
        lowered = title.lower()
        at = lowered.find(wanted)
        if at >= 0 and len(lowered) == len(title) and not title[at:at + len(wanted)].isupper():
            return title[at:at + len(wanted)]
    return shouting


def _shown_run(title: str, shown: Collection[str], site_name: str | None) -> str | None:
    """The longest run of ``title``'s segments (the whole title but one segment at
    least, or what follows a leading label and its colon) that is in ``shown`` and looks
    like a headline."""
    bounds = [0, *(i for m in _SEPARATORS.finditer(title) for i in m.span()), len(title)]
    starts, ends = bounds[::2], bounds[1::2]  # of each segment
    runs = [title[a:b].strip() for i, a in enumerate(starts) for b in ends[i:]
            if (a, b) != (0, len(title))]
    if lead := _LEADING.match(title):  # "Harbour Notes: Headline"
        runs.append(title[lead.end():].strip())
    return max((r for r in runs if r in shown and looks_like_headline(r, site_name)),
               key=len, default=None)
