"""``python -m benchmarks.scale [--posts 10000 | --pages 100000]``: does the cost per page
stay flat as a crawl grows?

Serves the demo portal with ``--posts`` posts (about 1.5 pages each) in a process of its
own, first measuring it alone (pages/s it serves to 16 concurrent clients, so it is
known not to be the bottleneck), then crawls it with ``crawl --render never`` on embedded
defaults, the per-site budget lifted (``FRONTIER_SITE_RPS=1000``,
``FRONTIER_SITE_CONCURRENCY=16``). Every second it reads the spider's Prometheus
``/metrics`` (pages fetched, the MongoDB write histogram) and the resident memory of the
spider, nx-27017 and redis-server; at the end, Redis's memory per URL seen.

The last line is one JSON object: ``pages``, ``articles`` (stored), ``errors`` (pages
that became an ``errors`` document: with ``--render never``, every post drawn by
JavaScript), ``wall_s``, ``pages_per_s`` (whole crawl),
``rate_by_tenth`` (pages/s in each tenth of the pages), ``rate_last_vs_first``,
``stored_by_tenth`` (articles stored per second in each tenth of the articles),
``stored_last_vs_first``,
``peak_rss_mb`` {spider, mongo, redis}, ``redis_bytes_per_url``, ``mongo_write_ms``
{first_tenth, last_tenth: {p50, p99}} (in the first and last tenth of the articles
stored; upper bounds of the histogram's buckets, about 1.6 apart),
``server_alone_pages_per_s`` and ``exit_code``.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import itertools
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import psutil
import redis
from prometheus_client.parser import text_string_to_metric_families

from crawler.demosite.outages import free_port

ROOT = Path(__file__).resolve().parent.parent
_WRITES = "newscrawler_mongo_write_seconds"
# Pages the crawl of the portal fetches per post it serves (15,057 at 10,000 posts).
PAGES_PER_POST = 1.5


def _serve(posts: int) -> tuple[subprocess.Popen[str], str]:
    server = subprocess.Popen([sys.executable, "-m", "crawler.demosite", "--port", "0",
                               "--posts", str(posts)], cwd=ROOT, stdout=subprocess.PIPE,
                              text=True)
    assert server.stdout is not None
    return server, server.stdout.readline().strip()


def _server_alone(url: str, posts: int, seconds: float = 3.0) -> float:
    """Pages/s the portal serves to 16 concurrent clients fetching posts from its whole
    range and pages deep in its listings (each listing asked once first: the portal
    builds a listing's index on its first page)."""
    base = url.rstrip("/")
    deep = max(1, posts // 20)
    listings = [f"{base}/blogs?page={deep}", f"{base}/blogs/tag/economy?page={deep // 6 or 1}",
                f"{base}/blogs/category/2/health?page={deep // 6 or 1}",
                f"{base}/Ikeji?page={deep // 6 or 1}"]
    ids = range(2, posts + 1, max(1, posts // 48))
    paths = [url, *listings, *(f"{base}/blogs/{i}/post" for i in ids if i % 5)]

    def fetch(i: int) -> int:
        try:
            with urllib.request.urlopen(paths[i % len(paths)], timeout=10) as response:
                response.read()
        except OSError:
            return 0
        return 1

    for page in listings:
        fetch(paths.index(page))
    done, started = 0, time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        while time.monotonic() - started < seconds:
            done += sum(pool.map(fetch, range(done, done + 64)))
    return done / (time.monotonic() - started)


def _scrape(port: int) -> dict[str, Any]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as r:
            text = r.read().decode()
    except OSError:
        return {}
    pages, stored, buckets = 0.0, 0.0, {}
    for family in text_string_to_metric_families(text):
        if family.name == "newscrawler_pages_fetched":
            pages = sum(s.value for s in family.samples if s.name.endswith("_total"))
        elif family.name == "newscrawler_articles_stored":
            stored = sum(s.value for s in family.samples if s.name.endswith("_total"))
        elif family.name == _WRITES:
            for s in family.samples:
                if s.name.endswith("_bucket") and s.labels.get("writer") == "spider":
                    buckets[float(s.labels["le"])] = s.value
    return {"pages": pages, "stored": stored, "buckets": buckets}


def _rss_mb(procs: dict[str, psutil.Process | None]) -> dict[str, float]:
    sizes = {}
    for name, proc in procs.items():
        try:
            sizes[name] = proc.memory_info().rss / 2**20 if proc else 0.0
        except psutil.Error:
            sizes[name] = 0.0
    return sizes


def _helpers(crawl: psutil.Process, data_dir: Path) -> dict[str, psutil.Process | None]:
    found: dict[str, psutil.Process | None] = {"spider": crawl, "mongo": None, "redis": None}
    for proc in psutil.process_iter(["cmdline"]):
        line = " ".join(proc.info["cmdline"] or [])
        if str(data_dir) in line:
            if "nx_27017" in line:
                found["mongo"] = proc
            elif "redis-server" in line:
                found["redis"] = proc
    return found


def _quantile(before: dict[float, float], after: dict[float, float], q: float) -> float | None:
    """The ``q`` quantile (upper bucket bound, ms) of the writes between two scrapes."""
    counts = {le: after.get(le, 0) - before.get(le, 0) for le in after}
    total = counts.get(float("inf"), 0)
    if total <= 0:
        return None
    for le in sorted(counts):
        if counts[le] >= q * total:
            return round(le * 1000, 1) if le != float("inf") else None
    return None


def run(posts: int) -> dict[str, Any]:
    server, url = _serve(posts)
    try:
        alone = _server_alone(url, posts)
        with tempfile.TemporaryDirectory() as tmp:
            return {**_crawl(url, Path(tmp) / "data", posts),
                    "server_alone_pages_per_s": round(alone, 1)}
    finally:
        server.terminate()
        server.wait()


def _crawl(url: str, data_dir: Path, posts: int) -> dict[str, Any]:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "MONGO_URI")}
    env.update({"CRAWLER_DATA_DIR": str(data_dir), "METRICS_PORT": str(port),
                "FRONTIER_SITE_RPS": "1000", "FRONTIER_SITE_CONCURRENCY": "16"})
    started = time.monotonic()
    crawl = subprocess.Popen([sys.executable, "-m", "crawler", "crawl", url, "--allow-private",
                              "--render", "never"], cwd=ROOT, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    timeline: list[Sample] = []
    peak = {"spider": 0.0, "mongo": 0.0, "redis": 0.0}
    redis_memory = 0
    helpers: dict[str, psutil.Process | None] = {}
    while crawl.poll() is None:
        time.sleep(1)
        if not helpers.get("mongo") or not helpers.get("redis"):
            helpers = _helpers(psutil.Process(crawl.pid), data_dir)
        peak = {k: max(v, _rss_mb(helpers).get(k, 0.0)) for k, v in peak.items()}
        scraped = _scrape(port)
        if scraped:
            timeline.append(Sample(time.monotonic() - started, scraped["pages"],
                                   scraped["stored"], scraped["buckets"]))
        try:
            sock = data_dir.resolve() / "redis.sock"
            redis_memory = int(redis.Redis(unix_socket_path=str(sock)).info("memory")
                               ["used_memory"])
        except (redis.RedisError, OSError):
            pass
    out, _ = crawl.communicate()
    wall = time.monotonic() - started
    pages, articles, errors = (int(m.group(1)) if (m := re.search(rf"{row}\s*│\s*(\d+)", out))
                               else 0 for row in ("pages fetched", "articles stored", "errors"))
    seen = _seen_urls(data_dir, env)
    return {"posts": posts, "pages": pages, "articles": articles, "errors": errors,
            "wall_s": round(wall, 1),
            "pages_per_s": round(pages / wall, 1) if wall else 0.0,
            **_tenths(timeline, pages), "peak_rss_mb": {k: round(v) for k, v in peak.items()},
            "redis_bytes_per_url": round(redis_memory / seen, 1) if seen else None,
            "exit_code": crawl.returncode}


def _seen_urls(data_dir: Path, env: dict[str, str]) -> int:
    done = subprocess.run([sys.executable, "-m", "crawler", "jobs", "--json", "--limit", "1"],
                          cwd=ROOT, env=env, capture_output=True, text=True, check=False)
    try:
        return int(json.loads(done.stdout.splitlines()[0])["counters"]["frontier_seen"])
    except (IndexError, KeyError, ValueError):
        return 0


class Sample(NamedTuple):
    """One scrape of the spider's /metrics: seconds since the start, pages fetched,
    articles handed to storage, the write histogram's buckets."""

    at: float
    pages: float
    stored: float
    buckets: dict[float, float]


def _by_tenth(timeline: list[Sample], count: Callable[[Sample], float], total: float
              ) -> tuple[list[Sample], list[float | None], float | None]:
    """The sample at which each tenth of ``total`` was reached by ``count``, the rate per
    second in each tenth, and the last tenth's rate over the first's."""
    marks = [next((t for t in timeline if count(t) >= total * tenth / 10), timeline[-1])
             for tenth in range(11)]
    rates = [round((count(b) - count(a)) / (b.at - a.at), 1) if b.at > a.at else None
             for a, b in itertools.pairwise(marks)]
    known = [r for r in rates if r]
    return marks, rates, round(known[-1] / known[0], 3) if len(known) > 1 else None


def _tenths(timeline: list[Sample], pages: int) -> dict[str, Any]:
    """Pages/s in each tenth of the pages, articles stored per second in each tenth of
    the articles (the crawl's last listings cost no write, so pages/s alone flatters its
    end), and write latency in the first and last tenth of the articles (the last tenth
    of the pages may hold no write at all)."""
    out: dict[str, Any] = {"rate_by_tenth": [], "rate_last_vs_first": None,
                           "mongo_write_ms": {}, "stored_by_tenth": [],
                           "stored_last_vs_first": None}
    if len(timeline) < 3:
        return out
    if pages >= 10:  # the crawl's own count: the last scrape may come before its end
        _, out["rate_by_tenth"], out["rate_last_vs_first"] = _by_tenth(
            timeline, lambda t: t.pages, pages)
    stored = timeline[-1].stored
    if stored >= 10:
        marks, out["stored_by_tenth"], out["stored_last_vs_first"] = _by_tenth(
            timeline, lambda t: t.stored, stored)
        # A tenth may pass between two scrapes (a small crawl stores one in under a
        # second): the first window starts from no writes at all, the last from the
        # last scrape before its tenth began, so that neither is empty.
        before_last = next((t for t in reversed(timeline) if t.stored < 0.9 * stored),
                           timeline[0])
        # The writer flushes in batches: the articles of the first tenth may be handed
        # over before their first write is timed. The window ends at the first scrape
        # that has seen one.
        first_end = next((t for t in timeline[timeline.index(marks[1]):]
                          if t.buckets.get(float("inf"), 0) > 0), timeline[-1])
        out["mongo_write_ms"] = {
            name: {"p50": _quantile(a, b, 0.5), "p99": _quantile(a, b, 0.99)}
            for name, (a, b) in (("first_tenth", ({}, first_end.buckets)),
                                 ("last_tenth", (before_last.buckets, timeline[-1].buckets)))}
    return out


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.scale")
    size = parser.add_mutually_exclusive_group()
    size.add_argument("--posts", type=int, default=None,
                      help="posts the portal serves (about 1.5 pages each; default 10,000)")
    size.add_argument("--pages", type=int, default=None,
                      help="about this many pages: the posts for it (15,057 pages at 10,000)")
    args = parser.parse_args()
    posts = args.posts or (round(args.pages / PAGES_PER_POST) if args.pages else 10_000)
    print(json.dumps(run(posts)))


if __name__ == "__main__":
    main()
