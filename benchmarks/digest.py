"""``python -m benchmarks.digest [DIR]``: one hash of every field ``extract`` gives.

Extracts each page of the article-extraction-benchmark (default
``../shared/data/article-extraction-benchmark``) and hashes every field of every
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
from pathlib import Path

from benchmarks.extraction import DEFAULT_DIR, load
from crawler.extract import ExtractionError, extract


def page_digest(html: bytes, url: str) -> str:
    try:
        fields = dataclasses.asdict(extract(html, url))
    except ExtractionError as exc:
        fields = {"error": str(exc)}
    blob = json.dumps(fields, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(blob.encode()).hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.digest")
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--pages", action="store_true", help="print each page's hash too")
    args = parser.parse_args()
    pages = load(args.directory)
    if not pages:
        raise SystemExit(f"error: no benchmark pages under {args.directory}")
    total = hashlib.sha256()
    for html, url, _ in pages:
        digest = page_digest(html, url)
        total.update(digest.encode())
        if args.pages:
            print(digest[:16], url)
    print(json.dumps({"pages": len(pages), "digest": total.hexdigest()}))


if __name__ == "__main__":
    main()
