"""``python -m benchmarks.digest [--suites aeb,mozilla,postlight] [--pages]``: one hash of
every field ``extract`` gives.

Extracts each page of the public suites under ``../shared/data/`` (see
``benchmarks/_suites.py``) and hashes every field of every
:class:`~crawler.extract.Article`, links, page type and JavaScript flag included. A change
meant to leave extraction as it is (a refactor, a speed-up) must leave the digest as it
is; ``--pages`` lists the per-page hashes too, to find which page moved. The last line
is one JSON object.
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json

from benchmarks._suites import SUITE_DIRS, load_suite
from crawler.extract import ExtractionError, extract


def page_digest(text: str, url: str) -> str:
    try:
        fields = dataclasses.asdict(extract(text, url))
    except ExtractionError as exc:
        fields = {"error": str(exc)}
    blob = json.dumps(fields, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.digest")
    parser.add_argument("--suites", default=",".join(SUITE_DIRS),
                        help=f"comma-separated, of {', '.join(SUITE_DIRS)} (default: all)")
    parser.add_argument("--pages", action="store_true", help="print each page's hash too")
    args = parser.parse_args()
    suites = [s for s in args.suites.split(",") if s]
    if not suites or any(s not in SUITE_DIRS for s in suites):
        raise SystemExit(f"error: --suites takes {', '.join(SUITE_DIRS)}")
    total = hashlib.sha256()
    count = 0
    for suite in suites:
        for page in load_suite(suite):
            digest = page_digest(page.text, page.url)
            total.update(digest.encode())
            count += 1
            if args.pages:
                print(digest[:16], suite, page.page_id)
    print(json.dumps({"pages": count, "digest": total.hexdigest()}))


if __name__ == "__main__":
    main()
