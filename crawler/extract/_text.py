"""Small text helpers: whitespace, counters ("2K" -> 2000), dates, hashing."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from functools import cache

from dateutil import parser as date_parser

_SPACE = re.compile(r"\s+")
_COUNT = re.compile(r"^\s*(\d+(?:[.,]\d+)*)\s*([kKmMbB]|bin|milyon)?\s*$")
_MULTIPLIER = {"k": 1_000, "bin": 1_000, "m": 1_000_000, "milyon": 1_000_000, "b": 1_000_000_000}
_WORD = re.compile(r"\w+", re.UNICODE)


def clean(text: str | None) -> str:
    """Collapse runs of white space (incl. non-breaking) and trim."""
    return " ".join(text.split()) if text else ""


def parse_count(text: str | None) -> int | None:
    """A displayed counter as an integer: "2K" -> 2000, "1.5M" -> 1500000, "1,234" -> 1234."""
    match = _COUNT.match(clean(text))
    if not match:
        return None
    number, suffix = match.groups()
    if suffix:
        value = float(number.replace(",", "."))
        return round(value * _MULTIPLIER[suffix.lower()])
    return int(re.sub(r"[.,]", "", number))


def parse_date(value: str | None, language: str | None = None) -> datetime | None:
    """An ISO-8601 or written date as an aware UTC datetime (naive taken as UTC).

    English and numeric forms are read by dateutil; others ("28 Kasım 2026 14:30",
    "18. November 2019, 10:45 Uhr") by dateparser in the page's
    ``language``, when it is known: a millisecond, where guessing among all languages
    took 6 ms or more and halved extraction speed.
    """
    value = clean(value)
    if not value or not any(ch.isdigit() for ch in value):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = date_parser.parse(value, fuzzy=False, tzinfos=_zone)
        except (ValueError, OverflowError):
            found = _written_date(value, language) if language else None
            if found is None:
                return None
            parsed = found
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    parsed = parsed.astimezone(UTC)
    return parsed.replace(microsecond=parsed.microsecond // 1000 * 1000)


def _written_date(value: str, language: str) -> datetime | None:
    import dateparser  # loaded on the first date dateutil cannot read

    try:
        # Absolute dates only: "3 saat önce" (3 hours ago) is relative to a fetch that
        # may be long after publication; htmldate looks further instead.
        found = dateparser.parse(value, languages=[language], settings={
            "PREFER_DATES_FROM": "past", "PARSERS": ["custom-formats", "absolute-time"]})
    except (ValueError, OverflowError, LookupError):
        return None
    return found if isinstance(found, datetime) else None


# "IST" is India Standard Time on the English-language news pages that print it; the
# table below (dateparser's) holds Israel's.
_ZONE_OVERRIDES = {"IST": 5 * 3600 + 1800}


@cache
def _zone_offsets() -> dict[str, int]:
    """Time-zone abbreviations ("EST", "CEST", "TRT") and their UTC offsets in seconds.

    dateparser keeps this table; dateutil, which parses the date, would otherwise read
    an abbreviation it does not know as the machine's local zone or not at all.
    """
    from dateparser.timezones import timezone_info_list

    offsets: dict[str, int] = {}
    for group in timezone_info_list:
        for name, offset in group["timezones"]:
            offsets.setdefault(name, offset)
    return offsets | _ZONE_OVERRIDES


def _zone(name: str | None, offset: int | None) -> tzinfo | None:
    """dateutil's ``tzinfos`` hook: an explicit offset wins, then a known abbreviation;
    an unknown one gives a naive time, which ``parse_date`` takes as UTC."""
    if offset is None and name:
        offset = _zone_offsets().get(name.upper())
    return timezone(timedelta(seconds=offset)) if offset is not None else None


def words(text: str) -> list[str]:
    return _WORD.findall(text)


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
    shingles = [" ".join(tokens[i : i + 3]) for i in range(max(1, len(tokens) - 2))]
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
