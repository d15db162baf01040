"""``python -m benchmarks.language``: language identifiers on the text of real pages.

Compares the identifiers a crawler could ship (their models inside the package,
nothing downloaded at run time): py3langid (what ``extract`` uses), lingua and
langdetect, on the title and body ``extract`` gives for each page of the public suites.
The truth is mozilla-readability's ``lang`` where it has one, else the language the page
declares in ``<html lang>`` (checked by eye on a sample; a few pages declare wrongly,
which costs every identifier alike). Reports accuracy (primary subtag) and ms/doc; an
identifier that is not installed is named. The last line is one JSON object.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any

from benchmarks._peers import offline
from benchmarks._suites import SUITE_DIRS, load_suite
from crawler.extract import ExtractionError, extract

_LANG = re.compile(r"<html[^>]*\slang=[\"']?([A-Za-z]{2,3})", re.IGNORECASE)


def samples() -> list[tuple[str, str]]:
    """(text, language) of every page whose language is known."""
    out = []
    for suite in SUITE_DIRS:
        for page in load_suite(suite):
            gold = page.gold.get("language")
            if gold is None:
                declared = _LANG.search(page.text[:5000])
                gold = declared.group(1) if declared else None
            if not gold:
                continue
            try:
                article = extract(page.text, page.url)
            except ExtractionError:
                continue
            text = f"{article.title or ''}\n{article.text}".strip()
            if text:
                out.append((text[:5000], gold.split("-")[0].lower()))
    return out


def identifiers() -> tuple[dict[str, Callable[[str], str | None]], dict[str, str]]:
    found: dict[str, Callable[[str], str | None]] = {}
    missing: dict[str, str] = {}
    try:
        from crawler.extract._language import detect

        found["py3langid"] = detect
    except ImportError as exc:
        missing["py3langid"] = str(exc)
    try:
        from lingua import LanguageDetectorBuilder

        lingua = LanguageDetectorBuilder.from_all_languages().build()

        def by_lingua(text: str) -> str | None:
            lang = lingua.detect_language_of(text)
            return lang.iso_code_639_1.name.lower() if lang else None

        found["lingua"] = by_lingua
    except ImportError as exc:
        missing["lingua"] = str(exc)
    try:
        from langdetect import DetectorFactory, detect_langs

        DetectorFactory.seed = 0

        def by_langdetect(text: str) -> str | None:
            try:
                return str(detect_langs(text)[0].lang).split("-")[0]
            except Exception:  # noqa: BLE001 - no features in the text
                return None

        found["langdetect"] = by_langdetect
    except ImportError as exc:
        missing["langdetect"] = str(exc)
    return found, missing


def main() -> None:
    offline()
    texts = samples()
    found, missing = identifiers()
    results: dict[str, Any] = {}
    for name, identify in found.items():
        identify(texts[0][0])  # load the model outside the timed pass
        started = time.perf_counter()
        hits = sum(identify(text) == lang for text, lang in texts)
        elapsed = time.perf_counter() - started
        results[name] = {"accuracy": round(hits / len(texts), 4),
                         "ms_per_doc": round(1000 * elapsed / len(texts), 2)}
        print(f"{name:12} accuracy {hits / len(texts):.4f}  {results[name]['ms_per_doc']} ms/doc")
    for name, why in missing.items():
        print(f"{name}: not installed ({why})")
    print(json.dumps({"pages": len(texts), "identifiers": results, "missing": missing}))


if __name__ == "__main__":
    main()
