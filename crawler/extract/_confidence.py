"""How far a body can be trusted: ``extraction.confidence`` in [0, 1].

The score multiplies what is known to go wrong: the page is not declared or framed as
an article, the body came from a fallback path, it is short, the page is a script
shell; and it checks the body against the text the page itself declares as its
article (JSON-LD ``articleBody``) where there is one. Calibrated on the public suites'
pages (``python -m benchmarks.extraction`` prints how often a body under 0.5 is
wrong, and how many wrong bodies score 0.5 or more).
"""

from __future__ import annotations

from crawler.extract._text import count_words, words

# Trust by the path that produced the body.
METHOD_TRUST = {"trafilatura": 1.0, "hydration": 0.9, "readability": 0.75,
                "paragraphs": 0.6}
# Trust by page type: a listing's or an unframed page's "body" is rarely an article,
# unless it reads as prose (several paragraphs of sentences, not a list of headlines).
TYPE_TRUST = {"article": 0.95, "listing": 0.4, "other": 0.3}
PROSE_TRUST = 0.8
_PROSE_MIN_PARAGRAPHS, _PROSE_MEDIAN_WORDS = 3, 15
_SHORT_WORDS, _LONG_WORDS = 50, 150
_SHELL_TRUST = 0.3
# Agreement with the declared articleBody (shared word 4-grams, the lower share of the
# two texts).
_AGREES, _DISAGREES = 0.8, 0.3
_DECLARED_MIN_WORDS = 50
_FULL_SHARE = 0.6


def _length_trust(n_words: int) -> float:
    if n_words >= _LONG_WORDS:
        return 1.0
    return 0.8 if n_words >= _SHORT_WORDS else 0.45


def _shingles(text: str) -> set[tuple[str, ...]]:
    tokens = [w.lower() for w in words(text)]
    if len(tokens) < 4:
        return {tuple(tokens)}
    return set(zip(tokens, tokens[1:], tokens[2:], tokens[3:]))  # (the 4-grams, in C)


def reads_as_prose(text: str) -> bool:
    """Three paragraphs or more, the median one of 15 words or more."""
    lengths = sorted(count_words(p) for p in text.split("\n\n"))
    return (len(lengths) >= _PROSE_MIN_PARAGRAPHS
            and lengths[len(lengths) // 2] >= _PROSE_MEDIAN_WORDS)


def confidence(text: str, n_words: int, method: str, page_type: str, *,
               js_shell: bool = False, declared_body: str | None = None) -> float:
    """The confidence of a body ``text`` of ``n_words`` words."""
    if not n_words or method not in METHOD_TRUST:
        return 0.0
    trust = TYPE_TRUST.get(page_type, 0.3)
    if page_type != "article" and reads_as_prose(text):
        trust = PROSE_TRUST
    score = trust * METHOD_TRUST[method] * _length_trust(n_words)
    if js_shell:
        score *= _SHELL_TRUST
    if declared_body and count_words(declared_body) >= _DECLARED_MIN_WORDS:
        # Both ways: the declared text is in the body, and the body is the declared text
        # (not it plus a gallery or the comments).
        # A declared text much shorter than the body is a summary: only its share in
        # the body counts then.
        declared, found = _shingles(declared_body), _shingles(text)
        shared = len(declared & found)
        agreement = shared / len(declared)
        if len(declared) >= _FULL_SHARE * len(found):
            agreement = min(agreement, shared / len(found))
        if agreement >= _AGREES:
            score = max(score, 0.97)
        elif agreement < _DISAGREES:
            score *= 0.5
    return round(min(score, 1.0), 3)
