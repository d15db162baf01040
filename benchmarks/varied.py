"""``python -m benchmarks.varied [--pages 400] [--first 0]``: ``extract`` on generated
pages of varied markup (see ``crawler/demosite/varied.py``), field by field.

Each page is checked against what it was generated as: page type; for articles the
title, authors (as a list, in order), publication and last edit times (to the minute), language,
standfirst, every paragraph in the body on a line of its own (missing or glued to
another), and no line in the body that is not the story's (a consent layer, a comment,
a dateline...). Prints the pages that fail and why; the last line is one JSON object:
``pages``, ``articles``, ``listings``, ``wrong`` {field: pages}, ``wrong_pages``, and
``ms_per_page``.
"""

from __future__ import annotations

import argparse
import json
import time

from crawler.demosite.varied import FIELDS, differences, page
from crawler.extract import extract

URL = "https://news.example/2021/05/story-{}.html"


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.varied")
    parser.add_argument("--pages", type=int, default=400)
    parser.add_argument("--first", type=int, default=0, help="the first seed")
    args = parser.parse_args()
    if args.pages < 1 or args.first < 0:
        raise SystemExit("error: --pages must be 1 or more and --first 0 or more")
    counts = {name: 0 for name in FIELDS}
    kinds = {"article": 0, "listing": 0}
    wrong_pages = 0
    spent = 0.0
    for seed in range(args.first, args.first + args.pages):
        html, truth = page(seed)
        started = time.perf_counter()
        article = extract(html, URL.format(seed))
        spent += time.perf_counter() - started
        kinds[truth.page_type] += 1
        wrong = differences(article, truth)
        for name in wrong:
            counts[name] += 1
        if wrong:
            wrong_pages += 1
            print(f"seed {seed} {truth.shape}: {wrong}")
    print(json.dumps({"pages": args.pages, "articles": kinds["article"],
                      "listings": kinds["listing"], "wrong": counts, "wrong_pages": wrong_pages,
                      "ms_per_page": round(1000 * spent / args.pages, 1)}))


if __name__ == "__main__":
    main()
