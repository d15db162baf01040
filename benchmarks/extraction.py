"""``python -m benchmarks.extraction``: our ``extract`` and its peers on every public suite.

Runs each suite under ``../shared/data/`` (see ``benchmarks/_suites.py``) through our
``extract`` and the peers of ``benchmarks/_peers.py`` in the same run, and prints per
suite and extractor: body precision, recall and F1 (the article-extraction-benchmark's
metric: word 4-gram shingles, per-page means) and exact-token accuracy, the share of
labelled pages with the right title, authors (as a set), published time (same minute
in UTC; same day where the gold is a day), language, body start and (ours alone) the
standfirst, and docs/s (the median of ``--rounds`` timed passes, the extractors taking
turns to go first). The last
line is one JSON object: ``suites`` {suite: {extractor: figures}}, ``missing_peers``,
``ours_behind`` (every suite and field where a peer beats ours), and the
article-extraction-benchmark's ``ours_f1`` / ``trafilatura_f1`` as before.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

from benchmarks._peers import Extractor, extractors, offline
from benchmarks._suites import (
    SUITE_DIRS,
    VARIANTS,
    WRONG_BELOW_F1,
    Page,
    Result,
    load_suite,
    score,
    variant,
)

_COLUMNS = [("body_f1", "F1"), ("body_precision", "P"), ("body_recall", "R"),
            ("body_accuracy", "exact"), ("title", "title"), ("authors", "authors"),
            ("published", "date"), ("language", "lang"), ("body_prefix", "start"),
            ("standfirst", "dek"),
            ("docs_s", "docs/s")]


def run_suite(pages: list[Page], runners: dict[str, Extractor], rounds: int
              ) -> dict[str, dict[str, Any]]:
    outputs: dict[str, list[Result]] = {}
    elapsed: dict[str, list[float]] = {name: [] for name in runners}
    for round_no in range(rounds):
        # Alternate the order so that no extractor always runs on a warmer machine.
        order = list(runners) if round_no % 2 == 0 else list(reversed(runners))
        for name in order:
            started = time.perf_counter()
            outputs[name] = [runners[name](p.text, p.url) for p in pages]
            elapsed[name].append(time.perf_counter() - started)
    return {name: {**score(outputs[name], pages),
                   "docs_s": round(len(pages) / statistics.median(elapsed[name]), 1)}
            for name in runners}


def behind(results: dict[str, dict[str, dict[str, Any]]]) -> list[str]:
    """Every "suite/field" where some peer scores above ours."""
    out = []
    for suite, by_name in results.items():
        for key, _ in _COLUMNS:
            if key in ("body_precision", "body_recall", "body_accuracy"):
                continue  # F1 weighs these; a peer may trade one for the other
            mine = by_name["ours"].get(key)
            best = max((r[key] for n, r in by_name.items() if n != "ours" and key in r),
                       default=None)
            if mine is not None and best is not None and best > mine:
                out.append(f"{suite}/{key}")
    return out


def print_table(suite: str, pages: int, by_name: dict[str, dict[str, Any]]) -> None:
    columns = [(k, label) for k, label in _COLUMNS if any(k in r for r in by_name.values())]
    print(f"\n{suite} ({pages} pages)")
    print(f"{'':20}" + "".join(f"{label:>9}" for _, label in columns))
    for name, r in by_name.items():
        cells = "".join(f"{r[k]:>9}" if k in r else f"{'-':>9}" for k, _ in columns)
        print(f"{name:20}{cells}")


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.extraction")
    parser.add_argument("--suites", default=",".join(SUITE_DIRS),
                        help=f"comma-separated, of {', '.join(SUITE_DIRS)} (default: all)")
    parser.add_argument("--peers", default=None,
                        help="comma-separated peers to run beside ours (default: all)")
    parser.add_argument("--variant", default="as-is", choices=VARIANTS,
                        help="the pages as they are, with every class and id hashed, or "
                             "without their metadata (default: as-is)")
    parser.add_argument("--rounds", type=int, default=3,
                        help="timed passes per extractor and suite, alternating which goes "
                             "first; docs/s is from the median pass (default 3)")
    args = parser.parse_args()
    suites = [s.strip() for s in args.suites.split(",") if s.strip()]
    unknown = [s for s in suites if s not in SUITE_DIRS]
    if unknown or not suites:
        raise SystemExit(f"error: unknown suite {', '.join(unknown) or '(none)'}; "
                         f"choose from {', '.join(SUITE_DIRS)}")
    if args.rounds < 1:
        raise SystemExit("error: --rounds must be at least 1")
    offline()
    runners, missing = extractors(args.peers.split(",") if args.peers else None)
    results: dict[str, dict[str, dict[str, Any]]] = {}
    sizes: dict[str, int] = {}
    for suite in suites:
        try:
            pages = load_suite(suite)
        except FileNotFoundError as exc:
            raise SystemExit(f"error: suite {suite} not found ({exc.filename})") from None
        pages = [Page(p.suite, p.page_id, p.url, variant(p.text, args.variant), p.gold)
                 for p in pages]
        sizes[suite] = len(pages)
        results[suite] = run_suite(pages, runners, args.rounds)
        print_table(suite, len(pages), results[suite])
    for name, why in missing.items():
        print(f"peer {name}: {why}")
    for suite, by_name in results.items():
        mine = by_name["ours"]
        if mine.get("wrong_bodies") is not None:
            print(f"{suite}: extraction.confidence < 0.5 on {mine['low_confidence']} bodies, "
                  f"wrong (F1 < {WRONG_BELOW_F1}) on {mine['low_confidence_wrong']} of them; "
                  f"{mine['wrong_bodies']} wrong bodies, {mine['wrong_flagged']} of them "
                  "under 0.5")
    summary: dict[str, Any] = {"pages": sizes, "variant": args.variant, "suites": results,
                               "missing_peers": missing,
                               "ours_behind": behind(results)}
    if "aeb" in results:
        summary |= {"ours_f1": results["aeb"]["ours"]["body_f1"],
                    "trafilatura_f1": results["aeb"].get("trafilatura", {}).get("body_f1")}
    print(json.dumps(summary))


if __name__ == "__main__":
    main()
