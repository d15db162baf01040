"""``python -m benchmarks.render``: render throughput per worker process, ours against
scrapy-playwright, and our memory over a long run.

The demo portal's JavaScript posts (the body fetched by script, or the whole page drawn
by an app) are rendered, each URL made unique with a query string, by

- ``ours``: one :class:`workers.browser.BrowserPool` driven by N threads, as a render
  worker process runs it (``celery worker --pool threads -c N``);
- ``scrapy_playwright``: one Scrapy process with scrapy-playwright, N concurrent
  requests and pages, the same Chromium, launch flags and blocked resource types,
  returning each page at its load event (the default);
- ``scrapy_playwright_networkidle``: the same, waiting for network idle, as its users
  do when a script draws the article.

``vs_scrapy_playwright`` is our best pages/s divided by scrapy-playwright's default at
the same concurrency: the fastest it goes, even though it returns some pages before
their body is drawn.

Each side runs in its own process against the portal in a third. After timing, every
rendered page is checked for its article body (``complete``: the share of pages that
carry at least as many words as a static post). Then our pool renders ``--warmup``
pages and ``--rss-renders`` more; ``rss_growth`` is the growth of the proportional set
size (PSS) of the worker process and its browser processes across those renders.

The last line printed is one JSON object.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import psutil

ROOT = Path(__file__).resolve().parent.parent


def _urls(base: str, count: int, tag: str = "n") -> list[str]:
    from crawler.demosite._content import posts

    js = [p.path.lstrip("/") for p in posts() if p.js_mode]
    return [f"{base}{js[i % len(js)]}?{tag}={i}" for i in range(count)]


def _complete(htmls: list[str]) -> float:
    from crawler.extract import extract
    from crawler.render_policy import MIN_STATIC_WORDS

    full = sum(extract(html, "http://127.0.0.1/").word_count >= MIN_STATIC_WORDS for html in htmls)
    return round(full / max(1, len(htmls)), 3)


def _pss(pid: int) -> int:
    """Proportional set size of ``pid`` and all its descendants (shared pages split fairly)."""
    root = psutil.Process(pid)
    total = 0
    for process in [root, *root.children(recursive=True)]:
        try:
            total += process.memory_full_info().pss
        except psutil.Error:
            pass
    return total


def _pool(concurrency: int) -> Any:
    from crawler.addresses import AddressPolicy
    from crawler.config import CrawlerConfig
    from workers.browser import BrowserPool

    config = CrawlerConfig.load()
    return BrowserPool(config.require_chromium(), config.render_timeout_s, pages=concurrency,
                       context_pages=config.render_context_pages,
                       browser_pages=config.render_browser_pages,
                       block_types=config.render_block,
                       block_hosts=config.render_block_hosts,
                       policy=AddressPolicy(allow_private=True))  # the local test site


def ours(base: str, concurrency: int, pages: int) -> dict[str, Any]:
    pool = _pool(concurrency)
    pool.start()
    try:
        with ThreadPoolExecutor(concurrency) as threads:
            list(threads.map(pool.render, _urls(base, concurrency * 2, "warm")))
            started = time.monotonic()
            rendered = list(threads.map(pool.render, _urls(base, pages)))
            elapsed = time.monotonic() - started
    finally:
        pool.close()
    return {"pages_s": round(pages / elapsed, 2), "complete": _complete([r.html for r in rendered])}


def ours_memory(base: str, concurrency: int, warmup: int, renders: int) -> dict[str, Any]:
    pool = _pool(concurrency)
    pool.start()
    me = os.getpid()
    try:
        with ThreadPoolExecutor(concurrency) as threads:
            list(threads.map(pool.render, _urls(base, warmup)))
            before = _pss(me)
            started = time.monotonic()
            failures = 0
            for page in threads.map(_render_or_none(pool), _urls(base, renders, "m")):
                failures += page is None
            elapsed = time.monotonic() - started
            after = _pss(me)
        stats = pool.snapshot()
    finally:
        pool.close()
    return {"renders": renders, "pages_s": round(renders / elapsed, 2), "failures": failures,
            "pss_before_mb": round(before / 2**20, 1), "pss_after_mb": round(after / 2**20, 1),
            "rss_growth": round((after - before) / before, 3),
            "contexts_opened": stats["contexts_opened"],
            "browser_launches": stats["browser_launches"]}


def _render_or_none(pool: Any) -> Any:
    from workers.browser import RenderError

    def render(url: str) -> Any:
        try:
            return pool.render(url)
        except RenderError:
            return None
    return render


def theirs(base: str, concurrency: int, pages: int, idle: int = 0) -> dict[str, Any]:
    """scrapy-playwright as configured by default (``idle`` 0: the page's load event), or
    waiting for network idle (``idle`` 1), the usual way to let a script draw the body."""
    import scrapy
    from scrapy.crawler import CrawlerProcess

    from crawler.config import CrawlerConfig
    from workers.browser import CHROMIUM_ARGS

    config = CrawlerConfig.load()
    blocked = config.render_block
    htmls: list[str] = []
    clock: dict[str, float] = {}
    meta: dict[str, Any] = {"playwright": True}
    if idle:
        meta["playwright_page_goto_kwargs"] = {"wait_until": "networkidle"}

    class Render(scrapy.Spider):
        name = "render-bench"

        async def start(self):  # type: ignore[override]
            for url in _urls(base, concurrency * 2, "warm"):
                yield scrapy.Request(url, meta=meta, callback=self.warm)

        def warm(self, response: Any) -> Any:
            clock["warm"] = clock.get("warm", 0) + 1
            if clock["warm"] == concurrency * 2:
                clock["started"] = time.monotonic()
                for url in _urls(base, pages):
                    yield scrapy.Request(url, meta=meta, callback=self.parse)

        def parse(self, response: Any) -> None:
            htmls.append(response.text)
            clock["ended"] = time.monotonic()

    process = CrawlerProcess({
        "TWISTED_REACTOR": "twisted.internet.asyncioreactor.AsyncioSelectorReactor",
        "DOWNLOAD_HANDLERS": {
            "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
            "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
        },
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": config.require_chromium(),
                                      "headless": True, "args": CHROMIUM_ARGS},
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": concurrency,
        "PLAYWRIGHT_ABORT_REQUEST": lambda request: request.resource_type in blocked,
        "CONCURRENT_REQUESTS": concurrency,
        "CONCURRENT_REQUESTS_PER_DOMAIN": concurrency,
        "ROBOTSTXT_OBEY": False,
        "LOG_LEVEL": os.environ.get("BENCH_LOG", "ERROR"),
        "TELNETCONSOLE_ENABLED": False,
    })
    process.crawl(Render)
    process.start()
    elapsed = clock["ended"] - clock["started"]
    return {"pages_s": round(len(htmls) / elapsed, 2), "complete": _complete(htmls),
            "rendered": len(htmls)}


def _child(*args: str) -> dict[str, Any]:
    result = subprocess.run([sys.executable, "-m", "benchmarks.render", "--child", *args],
                            cwd=ROOT, capture_output=True, text=True, timeout=1800,
                            check=False)
    if result.returncode != 0:
        raise SystemExit(f"benchmark child {args} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.render")
    parser.add_argument("--pages", type=int, default=240, help="timed renders per run")
    parser.add_argument("--concurrency", default="1,4,8", help="concurrent pages per process")
    parser.add_argument("--warmup", type=int, default=200, help="renders before measuring memory")
    parser.add_argument("--rss-renders", type=int, default=2000, help="renders measured for memory")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        side, base, *numbers = args.child
        run = {"ours": ours, "theirs": theirs, "memory": ours_memory}[side]
        print(json.dumps(run(base, *map(int, numbers))))
        return

    site = subprocess.Popen([sys.executable, "-m", "crawler.demosite", "--port", "0"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                            text=True)
    try:
        assert site.stdout is not None
        base = site.stdout.readline().strip()
        levels = [int(c) for c in args.concurrency.split(",")]
        report: dict[str, Any] = {"ours": {}, "scrapy_playwright": {},
                                  "scrapy_playwright_networkidle": {}}
        for level in levels:
            row = {
                "ours": _child("ours", base, str(level), str(args.pages)),
                "scrapy_playwright": _child("theirs", base, str(level), str(args.pages)),
                "scrapy_playwright_networkidle": _child("theirs", base, str(level),
                                                        str(args.pages), "1"),
            }
            for side, numbers in row.items():
                report[side][level] = numbers
            print(json.dumps({"concurrency": level, **row}), flush=True)
        best = max(levels, key=lambda c: report["ours"][c]["pages_s"])
        report["best_concurrency"] = best
        report["vs_scrapy_playwright"] = round(
            report["ours"][best]["pages_s"] / report["scrapy_playwright"][best]["pages_s"], 2)
        for side in ("scrapy_playwright", "scrapy_playwright_networkidle"):
            report[f"vs_{side}_by_concurrency"] = {
                c: round(report["ours"][c]["pages_s"] / report[side][c]["pages_s"], 2)
                for c in levels}
        if args.rss_renders:
            memory = _child("memory", base, str(best), str(args.warmup), str(args.rss_renders))
            report["memory"] = memory
            report["rss_growth"] = memory["rss_growth"]
    finally:
        site.terminate()
        site.wait()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
