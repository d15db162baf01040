"""Fingerprints of an article body, stored with it and used to find copies: a content
hash (changes when the text does), a 64-bit simhash with its bands, and one key per
paragraph. Storage computes lookups with the same functions."""

from __future__ import annotations

import hashlib

from crawler.extract._text import clean, words


def content_hash(text: str) -> str:
    return hashlib.sha1(clean(text).encode("utf-8")).hexdigest()


def simhash(text: str, width: int = 64) -> str | None:
    """64-bit simhash of word 3-gram shingles, as 16 hex digits (near-duplicate key).

    Hand-written: it is a dozen lines, and the PyPI ``simhash`` package is unmaintained.
    Bit i of the key is set when more shingle hashes have bit i set than not. The votes
    are counted a byte column at a time with ``bytes.translate`` and ``bytes.count``
    (C loops), not a bit at a time in Python: 64 calls a page instead of 64 per shingle.
    """
    if width != 64:
        raise ValueError("simhash keys are 64 bits wide")
    tokens = [t.lower() for t in words(text)]
    if not tokens:
        return None
    shingles = (list(map(" ".join, zip(tokens, tokens[1:], tokens[2:]))) if len(tokens) > 2
                else [" ".join(tokens)])
    digests = b"".join(hashlib.blake2b(s.encode(), digest_size=8).digest() for s in shingles)
    value = 0
    for byte in range(8):  # byte 0 of a big-endian digest holds bits 63..56
        column = digests[byte::8]
        for bit in range(8):
            if column.translate(_BIT_OF_BYTE[bit]).count(1) * 2 > len(shingles):
                value |= 1 << (8 * (7 - byte) + bit)
    return f"{value:016x}"


SIMHASH_BANDS = 4


def simhash_bands(key: str | None) -> list[str]:
    """The key cut into four 16-bit bands, each tagged with its place ("0:3fa1").

    Two keys that differ in at most three bits share a band (pigeonhole), so an index on
    the bands finds every such near-duplicate with one ``$in`` query instead of a
    comparison with every stored key; the candidates are then checked with
    ``simhash_distance``.
    """
    if not key:
        return []
    width = len(key) // SIMHASH_BANDS
    return [f"{i}:{key[i * width : (i + 1) * width]}" for i in range(SIMHASH_BANDS)]


PARAGRAPH_KEY_MIN_WORDS = 8


def paragraph_keys(paragraphs: list[str]) -> list[str]:
    """A 48-bit key (12 hex digits) per paragraph of at least eight words, in order,
    without repeats: the words, lower-cased, hashed.

    Wire copies keep most paragraphs word for word while the dateline, the cut or one
    edit moves the body's simhash by ten bits or more; a shared paragraph key finds them
    with an indexed ``$in`` all the same. Punctuation and spacing do not change a key.
    """
    keys: dict[str, None] = {}
    for paragraph in paragraphs:
        tokens = [t.lower() for t in words(paragraph)]
        if len(tokens) >= PARAGRAPH_KEY_MIN_WORDS:
            keys[hashlib.blake2b(" ".join(tokens).encode(), digest_size=6).hexdigest()] = None
    return list(keys)


def simhash_distance(a: str, b: str) -> int:
    """Bits in which two keys differ (Hamming distance)."""
    return (int(a, 16) ^ int(b, 16)).bit_count()


# _BIT_OF_BYTE[b] maps a byte to its bit b (0 or 1), for bytes.translate.
_BIT_OF_BYTE = [bytes(v >> b & 1 for v in range(256)) for b in range(8)]
