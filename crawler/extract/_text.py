"""Small text helpers: whitespace, counters ("2K" -> 2000), dates, hashing."""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime

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


def parse_date(value: str | None) -> datetime | None:
    """An ISO-8601 or common written date as an aware UTC datetime (naive taken as UTC)."""
    value = clean(value)
    if not value or not any(ch.isdigit() for ch in value):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        try:
            parsed = date_parser.parse(value, fuzzy=False)
        except (ValueError, OverflowError):
            return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    parsed = parsed.astimezone(UTC)
    return parsed.replace(microsecond=parsed.microsecond // 1000 * 1000)


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


# _BIT_OF_BYTE[b] maps a byte to its bit b (0 or 1), for bytes.translate.
_BIT_OF_BYTE = [bytes(v >> b & 1 for v in range(256)) for b in range(8)]
