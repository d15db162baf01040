"""``python -m benchmarks.adaptive``: adaptive rendering against rendering everything.

The demo portal, grown to ``--posts`` posts (default 300), one in five of them drawn by
JavaScript (half fetch their body by script, half are the live section's app pages),
every page carrying a site script that keeps a browser busy ``--bundle-ms`` (default
250 ms, the main-thread script work of a typical news page; 0 makes renders nearly
free, unlike any real site), is
crawled on embedded defaults, each time on a fresh data directory: with ``--render
auto`` and with ``--render always`` (one local render worker process of 8 pages, the
default; a site budget of 1,000 requests/s and 32 in flight, which the crawl never
reaches), ``--runs`` times each (default 3), the two modes taking turns to go first.
Crawl times are the median of each mode's runs: a single run swung by +-15 % on a
shared 2-core host. Every stored article of each run is exported and checked.

Keys: ``rendered_share`` (renders ÷ articles, auto), ``js_missed`` (JavaScript posts
stored without their body, auto), ``time_vs_always`` (auto's crawl time ÷ always's),
``direct_renders`` (auto renders that skipped the static fetch, their URL pattern
having been learned, median), and the median run of each mode: crawl time, articles,
renders, plus every run's crawl time. The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from benchmarks.crawl import crawl_cli, embedded_env, summary_numbers

ROOT = Path(__file__).resolve().parent.parent
_POST_ID = re.compile(r"/(?:blogs|live)/(\d+)/")


def crawl(url: str, render: str) -> dict[str, Any]:
    from crawler.render_policy import MIN_STATIC_WORDS

    with tempfile.TemporaryDirectory() as data_dir:
        # The portal is ours: a budget the crawl never hits, so what is timed is the
        # crawler's own work (fetch, extract, render), the same for both modes.
        env = embedded_env(data_dir, FRONTIER_SITE_RPS="1000", FRONTIER_SITE_CONCURRENCY="32")
        numbers = summary_numbers(crawl_cli(url, render, env, timeout=3600))
        exported = subprocess.run(
            [sys.executable, "-m", "crawler", "export"], cwd=ROOT, env=env, text=True,
            capture_output=True, check=True, timeout=600,
        )
    docs = [json.loads(line) for line in exported.stdout.splitlines() if line.strip()]
    words = {int(m.group(1)): d["word_count"] for d in docs if (m := _POST_ID.search(d["url"]))}
    reasons = Counter(d["fetch"]["render_reason"] for d in docs if d["fetch"]["rendered"])
    numbers["render_reasons"] = dict(reasons)
    numbers["words_by_post"] = words
    numbers["thin_articles"] = sum(w < MIN_STATIC_WORDS for w in words.values())
    return numbers


def _median_run(runs: list[dict[str, Any]]) -> dict[str, Any]:
    ordered = sorted(runs, key=lambda r: r["crawl_s"])
    median = dict(ordered[len(ordered) // 2])
    median["runs_crawl_s"] = [r["crawl_s"] for r in runs]
    return median


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.adaptive")
    parser.add_argument("--posts", type=int, default=300, help="posts on the portal")
    parser.add_argument("--bundle-ms", type=int, default=250,
                        help="main-thread script time of every page view")
    parser.add_argument("--runs", type=int, default=3,
                        help="crawls per mode; times are the median (default 3)")
    args = parser.parse_args()
    if args.runs < 1:
        raise SystemExit("error: --runs must be at least 1")
    from crawler.demosite._content import posts, set_post_count

    set_post_count(args.posts)
    js_posts = {p.id for p in posts() if p.js_mode}
    site = subprocess.Popen(
        [sys.executable, "-m", "crawler.demosite", "--port", "0", "--posts", str(args.posts),
         "--bundle-ms", str(args.bundle_ms)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    runs: dict[str, list[dict[str, Any]]] = {"auto": [], "always": []}
    try:
        assert site.stdout is not None
        url = site.stdout.readline().strip()
        for run in range(args.runs):
            for mode in ("auto", "always") if run % 2 == 0 else ("always", "auto"):
                runs[mode].append(crawl(url, mode))
    finally:
        site.terminate()
        site.wait()
    from crawler.render_policy import MIN_STATIC_WORDS

    # Every auto run must have stored every JavaScript post with its body.
    missed = sorted({i for r in runs["auto"] for i in js_posts
                     if r["words_by_post"].get(i, 0) < MIN_STATIC_WORDS})
    for r in runs["auto"] + runs["always"]:
        r.pop("words_by_post")
    auto, always = _median_run(runs["auto"]), _median_run(runs["always"])
    report = {
        "posts": args.posts, "js_posts": len(js_posts), "bundle_ms": args.bundle_ms,
        "runs": args.runs,
        "rendered_share": round(max(r["rendered"] / max(1, r["articles"]) for r in runs["auto"]), 3),
        "js_missed": len(missed), "js_missed_posts": missed,
        "time_vs_always": round(auto["crawl_s"] / always["crawl_s"], 3),
        "direct_renders": auto["render_reasons"].get("learned-pattern", 0),
        "auto": auto, "always": always,
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
