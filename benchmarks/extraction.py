"""``python -m benchmarks.extraction [DIR]``: article body extraction on real pages.

Scores our ``extract`` and trafilatura side by side on the article-extraction-benchmark
pages (default ``../shared/data/article-extraction-benchmark``) with the benchmark's own
metric: multisets of word 4-gram shingles, per-page precision and recall averaged over
pages, F1 of those means, and exact-token accuracy. Speed is docs/s of the median of
``--rounds`` timed passes per extractor, the two taking turns to go first. The last
line is one JSON object.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import statistics
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from crawler.extract import extract

DEFAULT_DIR = Path(__file__).resolve().parents[2] / "shared/data/article-extraction-benchmark"
_TOKEN = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, n: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text or "")
    if len(tokens) < n:
        return Counter([tuple(tokens)])
    return Counter(tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1))


def page_scores(predicted: str, truth: str) -> tuple[float | None, float | None, bool]:
    """(precision, recall, exact) of one page; None where the denominator is 0."""
    pred, true = shingles(predicted), shingles(truth)
    tp = sum((pred & true).values())
    fp = sum((pred - true).values())
    fn = sum((true - pred).values())
    exact = _TOKEN.findall(predicted or "") == _TOKEN.findall(truth)
    if fp == fn == 0:
        return 1.0, 1.0, exact
    precision = tp / (tp + fp) if tp + fp else None
    recall = tp / (tp + fn) if tp + fn else None
    return precision, recall, exact


def timed(fn: Callable[[bytes, str], str], pages: list[tuple[bytes, str, str]]
          ) -> tuple[list[str], float]:
    started = time.perf_counter()
    outputs = [fn(html, url) for html, url, _ in pages]
    return outputs, time.perf_counter() - started


def score(outputs: list[str], elapsed: list[float], pages: list[tuple[bytes, str, str]]
          ) -> dict[str, float]:
    """Quality of one extractor's ``outputs``; speed from the median of its timed
    rounds (``elapsed``)."""
    precisions: list[float] = []
    recalls: list[float] = []
    exact = 0
    for text, (_, _, truth) in zip(outputs, pages):
        p, r, same = page_scores(text, truth)
        if p is not None:
            precisions.append(p)
        if r is not None:
            recalls.append(r)
        exact += same
    precision = sum(precisions) / len(precisions)
    recall = sum(recalls) / len(recalls)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"f1": round(f1, 4), "precision": round(precision, 4), "recall": round(recall, 4),
            "accuracy": round(exact / len(pages), 4),
            "docs_s": round(len(pages) / statistics.median(elapsed), 1)}


def ours(html: bytes, url: str) -> str:
    try:
        return extract(html, url).text
    except ValueError:
        return ""


def reference(html: bytes, url: str) -> str:
    return trafilatura.extract(html, url=url) or ""


def load(directory: Path) -> list[tuple[bytes, str, str]]:
    truth = json.loads((directory / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, entry in sorted(truth.items()):
        path = directory / "html" / f"{page_id}.html.gz"
        if path.exists():
            pages.append((gzip.decompress(path.read_bytes()), entry["url"], entry["articleBody"]))
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.extraction")
    parser.add_argument("directory", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--rounds", type=int, default=3,
                        help="timed passes over the pages per extractor, alternating "
                             "which goes first; docs/s is from the median pass (default 3)")
    args = parser.parse_args()
    pages = load(args.directory)
    if not pages:
        raise SystemExit(f"error: no benchmark pages under {args.directory}")
    if args.rounds < 1:
        raise SystemExit("error: --rounds must be at least 1")
    extractors = {"ours": ours, "trafilatura": reference}
    outputs: dict[str, list[str]] = {}
    elapsed: dict[str, list[float]] = {name: [] for name in extractors}
    for round_no in range(args.rounds):
        # Alternate the order so that neither side always runs on a warmer machine.
        order = list(extractors) if round_no % 2 == 0 else list(reversed(extractors))
        for name in order:
            outputs[name], seconds = timed(extractors[name], pages)
            elapsed[name].append(seconds)
    results = {name: score(outputs[name], elapsed[name], pages) for name in extractors}
    for name, r in results.items():
        print(f"{name:12} F1 {r['f1']:.4f}  P {r['precision']:.4f}  R {r['recall']:.4f}  "
              f"acc {r['accuracy']:.3f}  {r['docs_s']:.1f} docs/s")
    print(json.dumps({
        "pages": len(pages),
        "ours_f1": results["ours"]["f1"], "trafilatura_f1": results["trafilatura"]["f1"],
        "ours_precision": results["ours"]["precision"], "ours_recall": results["ours"]["recall"],
        "trafilatura_precision": results["trafilatura"]["precision"],
        "trafilatura_recall": results["trafilatura"]["recall"],
        "ours_docs_s": results["ours"]["docs_s"], "trafilatura_docs_s": results["trafilatura"]["docs_s"],
    }))


if __name__ == "__main__":
    main()
