"""The language of a page: the one it declares, checked against what its text is
written in, or found from the text where it declares none.

Identification is py3langid's (a naive Bayes model of 97 languages that ships inside
its wheel: nothing is downloaded at run time). Against lingua and langdetect on the
public suites' pages it was as accurate and the fastest by far; see
``python -m benchmarks.language``.
"""

from __future__ import annotations

import re
import threading
from functools import cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

from crawler.extract._text import MONTH_FIRST_REGIONS, REGION_ZONES

# Text read to identify the language: more adds time, not accuracy.
_SAMPLE_CHARS = 1000
# Less text than this is too little to overrule or replace a declaration.
MIN_CHARS = 100
# Above this probability the text overrules a page that declares another language
# (templates copied between sites keep lang="en" on pages in other languages).
OVERRULE_PROBABILITY = 0.999
# Or above this one where the declared language has at most the next: the text is
# plainly in another.
CLEAR_PROBABILITY = 0.99
NOT_DECLARED_PROBABILITY = 0.001
# Below this probability an undeclared page's language is left unknown.
MIN_PROBABILITY = 0.8
# Text read as Latin on a page that declares another language is the placeholder of a
# template ("Lorem ipsum dolor sit amet"), not the page's language.
_FILLER = frozenset({"la"})
_TAG = re.compile(r"^[a-z]{2,3}$")
_lock = threading.Lock()  # the identifier keeps per-call state in numpy buffers


@cache
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def known(tag: str) -> bool:
    return tag in _identifier().nb_classes or (len(tag) == 2 and tag.isalpha())


def declared_language(*values: str | None) -> str | None:
    """The first of ``values`` that is a language tag ("en-US" -> "en"); junk such as
    ``Content-Language: utf-8`` is not one."""
    for value in values:
        tag = re.split(r"[-_]", value.strip().lower())[0] if value else ""
        if _TAG.match(tag) and known(tag):
            return tag
    return None


def declared_region(language: str | None, *values: str | None, host: str = "") -> str | None:
    """``language`` with the region the first of ``values`` that declares it gives it
    ("en" and "en-GB" -> "en-gb"), else the country of the ``host``'s domain where it
    is a country's that sites use for themselves ("lemonde.fr" -> "fr-fr"; not ".io",
    ".co", ".tv" and the like, which any site takes): pages write dates as their
    region does ("16/05/2023" on a British page, the clock of Paris on a French one)."""
    if language is None:
        return None
    for value in values:
        parts = re.split(r"[-_]", value.strip().lower()) if value else []
        if len(parts) > 1 and parts[0] == language and _REGION.match(parts[1]):
            return f"{language}-{parts[1]}"
    country = host.rstrip(".").rpartition(".")[2].lower()
    return f"{language}-{country}" if country in COUNTRY_DOMAINS else language


# The country domains read as a region: those of countries in one time zone, and of
# those whose English writes the month first (the United States', Canada's). Generic-use
# ones (".co", ".io", ".me", ".tv", ".ai") are none of these.
COUNTRY_DOMAINS = frozenset(REGION_ZONES) | MONTH_FIRST_REGIONS


_REGION = re.compile(r"^(?:[a-z]{2}|\d{3})$")


# Varieties the model tells apart that pages write as one language and tag as it: the
# model splits a Chinese story written in traditional characters between "zh", "yue"
# (Cantonese) and "wuu" (Wu), and an Arabic one between "ar" and the Moroccan and
# Egyptian varieties, each part under the probability a page's language needs.
_MACROLANGUAGE = {"yue": "zh", "wuu": "zh", "ary": "ar", "arz": "ar"}


# Close languages the model parts one text between (Indonesian and Malay, above all:
# an Indonesian story reads as "id" 0.59, "ms" 0.41): the likelier is the text's where
# together they are clear, and neither overrules a page that declares the other.
_KIN = {lang: group for group in (frozenset({"id", "ms"}), frozenset({"hr", "bs", "sr"}),
                                  frozenset({"no", "nb", "nn"}))
        for lang in group}


def _ranked(text: str) -> dict[str, float]:
    """The probability of each language for ``text``'s sample, varieties folded in; {}
    where the sample is too short to tell."""
    sample = text[:_SAMPLE_CHARS]
    if len(sample) < MIN_CHARS:
        return {}
    with _lock:
        ranked = _identifier().rank(sample)
    out: dict[str, float] = {}
    for lang, probability in ranked:
        lang = _MACROLANGUAGE.get(str(lang), str(lang))
        out[lang] = out.get(lang, 0.0) + float(probability)
    return out


def identify(text: str) -> tuple[str | None, float]:
    """(language, probability) of ``text``; (None, 0.0) where it is too short."""
    return _top(_ranked(text))


def _top(ranked: dict[str, float]) -> tuple[str | None, float]:
    if not ranked:
        return None, 0.0
    lang = max(ranked, key=ranked.__getitem__)
    return lang, sum(ranked.get(kin, 0.0) for kin in _KIN.get(lang, {lang}))


def detect(text: str) -> str | None:
    """The language ``text`` is written in, if clear."""
    lang, probability = identify(text)
    return lang if probability >= MIN_PROBABILITY else None


def page_language(declared: str | None, text: str) -> str | None:
    """The page's language: the ``declared`` one unless the text is plainly in another;
    where none is declared, the text's if clear."""
    ranked = _ranked(text)  # (once: the declared language's probability is read from it too)
    lang, probability = _top(ranked)
    if declared:
        overrules = bool(lang) and lang != _MACROLANGUAGE.get(declared, declared) and (
            lang not in _FILLER) and lang not in _KIN.get(declared, ()) and (
            probability >= OVERRULE_PROBABILITY
            # (or the text is plainly not in the declared language: a template's
            # lang="en" over a Spanish story the model is a little less sure of)
            or (probability >= CLEAR_PROBABILITY
                and ranked.get(declared, 0.0) <= NOT_DECLARED_PROBABILITY))
        return lang if overrules else declared
    return lang if lang and probability >= MIN_PROBABILITY else None
