"""How the suite pages read when given as bytes: as their UTF-8 (many keep the
``<meta charset>`` of the legacy encoding they were written in), and in their language's
legacy encoding with no declaration at all (no header, no ``<meta>``), with and without
their ``<html lang>``.

    python -m benchmarks.encodings [--suites aeb,mozilla,postlight]

Prints, per case, how many pages read right, and the body F1 against the suites' gold;
the last line is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import time

from lxml import etree
from lxml import html as lxml_html

from benchmarks._suites import SUITE_DIRS, body_scores, load_suite
from crawler.extract import extract
from crawler.extract._extract import decode_html

# The legacy encoding pages in a language were written in before UTF-8 (by its code).
LEGACY = {"ru": "cp1251", "uk": "cp1251", "bg": "cp1251", "zh": "gb18030", "ja": "shift_jis",
          "ko": "euc-kr", "pl": "cp1250", "cs": "cp1250", "hu": "cp1250", "el": "cp1253",
          "tr": "cp1254", "he": "cp1255", "ar": "cp1256", "th": "cp874"}
WESTERN = "cp1252"
_LANG = re.compile(rb"(<html\b[^>]*?)\slang=[\"']?[\w-]+[\"']?", re.IGNORECASE)


def legacy_bytes(text: str, language: str | None, *, keep_lang: bool = True) -> tuple[bytes, str]:
    """``text`` in its language's legacy encoding (characters it lacks as references),
    every charset declaration taken out; and that encoding's name."""
    encoding = LEGACY.get((language or "").partition("-")[0], WESTERN)
    if text.lstrip().startswith("<?xml"):
        text = text.lstrip().split("?>", 1)[-1]
    root = lxml_html.document_fromstring(text)
    for meta in list(root.iter("meta")):
        if meta.get("charset") or (meta.get("http-equiv") or "").lower() == "content-type":
            meta.drop_tree()
    page = etree.tostring(root, encoding="unicode", method="html").encode(
        encoding, errors="xmlcharrefreplace")
    return (page if keep_lang else _LANG.sub(rb"\1", page, count=1)), encoding


def decoded_right(page: bytes, encoding: str) -> bool:
    """Whether the page's text is what its encoding reads (a few characters aside, where
    a superset reads them otherwise: cp932 and Shift_JIS)."""
    ours, truth = decode_html(page), page.decode(encoding, errors="replace")
    return ours == truth or (len(ours) == len(truth) and sum(
        a != b for a, b in zip(ours, truth, strict=True)) <= max(3, len(truth) // 2000))


def _f1(text: str, gold: str) -> float:
    precision, recall, _ = body_scores(text, gold)
    return 2 * precision * recall / (precision + recall) if precision and recall else 0.0


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.encodings",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--suites", default=",".join(SUITE_DIRS),
                        help=f"comma-separated, of {', '.join(SUITE_DIRS)} (default: all)")
    args = parser.parse_args()
    suites = [s.strip() for s in args.suites.split(",") if s.strip()]
    unknown = [s for s in suites if s not in SUITE_DIRS]
    if unknown:
        parser.error(f"unknown suite {', '.join(unknown)}; choose from {', '.join(SUITE_DIRS)}")
    started = time.perf_counter()
    pages = [p for name in suites for p in load_suite(name)]
    same = legacy = right = right_unlabelled = 0
    given: list[float] = []
    as_legacy: list[float] = []
    for page in pages:
        article = extract(page.text, page.url)
        from_bytes = extract(page.text.encode("utf-8"), page.url)
        same += (article.text, article.title, article.authors) == (
            from_bytes.text, from_bytes.title, from_bytes.authors)
        encoded, encoding = legacy_bytes(page.text, article.language)
        if encoded.isascii():
            continue
        legacy += 1
        right += decoded_right(encoded, encoding)
        right_unlabelled += decoded_right(
            legacy_bytes(page.text, article.language, keep_lang=False)[0], encoding)
        if "body" in page.gold:
            given.append(_f1(article.text, page.gold["body"]))
            as_legacy.append(_f1(extract(encoded, page.url).text, page.gold["body"]))
    summary = {
        "pages": len(pages), "utf8_bytes_read_as_text": same, "legacy_pages": legacy,
        "legacy_decoded_right": right, "legacy_decoded_right_without_lang": right_unlabelled,
        "body_f1_as_given": round(sum(given) / len(given), 4) if given else None,
        "body_f1_legacy_undeclared": round(sum(as_legacy) / len(as_legacy), 4) if as_legacy else None,
        "wall_s": round(time.perf_counter() - started, 1),
    }
    print(f"{same} of {len(pages)} pages read from their UTF-8 bytes as from their text")
    print(f"{right} of {legacy} pages in a legacy encoding declared nowhere decoded right "
          f"({right_unlabelled} without their <html lang>)")
    print(f"body F1 {summary['body_f1_as_given']} as given, "
          f"{summary['body_f1_legacy_undeclared']} as undeclared legacy bytes")
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
