"""``python -m benchmarks.freshness [--publish-s 600 --interval-s 60]``: does a schedule
keep an archive fresh, and at what cost against crawling everything every time?

A live world on 127.0.0.1 (:mod:`crawler.demosite.newsroom`): ``--sites`` news sites
that publish new articles at random times during ``--publish-s`` seconds and update some
old ones; a third are found through their links and have a feed, a third only through their
sitemap, a third only through their feed; half answer conditional requests with 304.

Two crawl stacks run on it at once, each ``python -m crawler serve`` on its own data
directory with the embedded servers (``RENDER_MODE=never``):

- *incremental*: a schedule every ``--interval-s`` seconds, with a second
  ``celery -A workers.app beat`` process on the same Redis and MongoDB, so two beats
  fire it; ``double_fires`` counts periods fired more than once (from both beats' logs).
- *full* (the baseline): the same schedule with ``--full``: every job fetches every page.

Every site has a sitemap or a feed that dates its entries, as news sites do, so
updates are found through those dates; listings are revisited from
``RECRAWL_LISTING_S`` = the interval, articles on the default intervals
(``--recrawl-article-s``, ``--recrawl-max-s`` change them: a site with neither sitemap
nor feed, ``crawler.demosite.newsroom``'s ``links`` family, is only revisited on them).
After publishing ends the run goes on ``--drain-s`` seconds (default 2 intervals).

The last line is one JSON object: ``captured`` (new articles stored / published),
``latency_p50_s`` / ``latency_p95_s`` (publication to ``crawl.first_seen``),
``updates_detected`` (updated articles whose stored text has the update and a revision
of the text before it / those updated after the archive first stored them),
``fetches_vs_full_recrawl`` (responses the incremental stack's jobs got after its first
job, the initial crawl both stacks make alike, / those the full stack's got),
``fetches_vs_full_whole_run`` (every response, counted by the sites per User-Agent,
first jobs included), ``double_fires``, the baseline's ``full_captured`` and
``full_latency_p95_s``, responses by status for each, jobs run, ``not_modified`` and
``wall_s``.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from pymongo import MongoClient

from crawler.demosite.newsroom import Newsroom

ROOT = Path(__file__).resolve().parent.parent
SCHEDULE = "fresh"
DATABASE = "freshness"
_FIRED = re.compile(r"schedule (\S+) fired: job (\S+) \(period ([0-9.e+]+)\)")


class Stack:
    """``python -m crawler serve`` on a data directory of its own, plus extra beats."""

    def __init__(self, name: str, root: Path, urls: list[str], interval_s: float, full: bool,
                 beats: int, settings: dict[str, str]) -> None:
        self.name, self.dir, self.beats = name, root / name, beats
        self.env = {**os.environ, "CRAWLER_DATA_DIR": str(self.dir), "RENDER_MODE": "never",
                    "CRAWLER_ALLOW_PRIVATE": "1", "MONGO_DATABASE": DATABASE,
                    "USER_AGENT": f"newscrawler-{name}/1", "SCHEDULE_POLL_S": "1", **settings}
        for key in ("REDIS_URL", "MONGO_URI"):
            self.env.pop(key, None)
        self.urls, self.interval_s, self.full = urls, interval_s, full
        self.procs: list[subprocess.Popen[bytes]] = []
        self.endpoints: dict[str, str] = {}

    def start(self) -> None:
        self.dir.mkdir(parents=True)
        add = [sys.executable, "-m", "crawler", "schedule", "add", SCHEDULE, *self.urls,
               "--every", f"{self.interval_s:g}s", "--allow-private"]
        subprocess.run(add + (["--full"] if self.full else []), env=self.env, cwd=ROOT,
                       check=True, capture_output=True)
        self.procs.append(self._spawn([sys.executable, "-m", "crawler", "serve",
                                       "--render-workers", "0"], "serve.out", self.env))
        note = self.dir / "serve.json"
        deadline = time.monotonic() + 60
        while not note.exists():
            if time.monotonic() > deadline or self.procs[0].poll() is not None:
                raise RuntimeError(f"{self.name}: serve did not start; see {self.dir}")
            time.sleep(0.2)
        self.endpoints = {k: v for k, v in json.loads(note.read_text()).items() if k != "pid"}
        env = {**self.env, **self.endpoints}
        for n in range(1, self.beats):
            self.procs.append(self._spawn([sys.executable, "-m", "celery", "-A", "workers.app",
                                           "beat", "-l", "INFO"], f"beat-{n + 1}.log", env))

    def _spawn(self, cmd: list[str], log: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
        with open(self.dir / log, "ab") as out:
            return subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)

    def db(self) -> Any:
        client: MongoClient[dict[str, Any]] = MongoClient(self.endpoints["MONGO_URI"],
                                                          tz_aware=True)
        return client[DATABASE]

    def fires(self) -> list[tuple[str, str]]:
        """(job, period) of every fire either beat logged."""
        found = []
        for log in [self.dir / "serve" / "beat.log",
                    *(self.dir / f"beat-{n + 1}.log" for n in range(1, self.beats))]:
            if log.exists():
                found += [(m.group(2), m.group(3)) for m in _FIRED.finditer(log.read_text())]
        return found

    def stop(self) -> None:
        for proc in reversed(self.procs):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.procs:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def _recrawl_fetches(db: Any) -> int:
    """Responses the stack's jobs got after its first job (the initial crawl of the
    archive, the same for both stacks), from the jobs' counters."""
    jobs = list(db.jobs.find({}, {"counters": 1, "job_id": 1}).sort("job_id", 1))
    return sum(int(j.get("counters", {}).get("pages_fetched", 0)) for j in jobs[1:])


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 1)


def _capture(db: Any, published: dict[str, float]) -> tuple[float, list[float]]:
    stored = {d["url"]: d["crawl"]["first_seen"].timestamp()
              for d in db.articles.find({}, {"url": 1, "crawl": 1})}
    latencies = [stored[u] - at for u, at in published.items() if u in stored]
    return (round(len(latencies) / len(published), 4) if published else 0.0), latencies


def _updates(db: Any, updated: dict[str, float]) -> tuple[float, int]:
    """The share of updates detected, over the updated articles the archive held before
    their update (one first stored after it has nothing to detect); and how many those
    were."""
    detected = counted = 0
    for url, at in updated.items():
        doc = db.articles.find_one({"url": {"$eq": url}}, {"text": 1, "crawl": 1})
        if doc is None or doc["crawl"]["first_seen"].timestamp() >= at:
            continue
        counted += 1
        revised = db.article_revisions.find_one({"url": {"$eq": url}}, {"_id": 1})
        if "Update:" in (doc.get("text") or "") and revised is not None:
            detected += 1
    return (round(detected / counted, 4) if counted else 1.0), counted


def run(sites: int, publish_s: float, interval_s: float, warmup_s: float, drain_s: float,
        seed: int, per_site: float, settings: dict[str, str], keep: bool = False
        ) -> dict[str, Any]:
    started = time.monotonic()
    world = Newsroom(sites=sites, seed=seed, per_site=per_site, warmup_s=warmup_s,
                     publish_s=publish_s).start()
    root = Path(tempfile.mkdtemp(prefix="freshness-"))
    stacks = [Stack("incremental", root, world.urls, interval_s, False, 2, settings),
              Stack("full", root, world.urls, interval_s, True, 1, settings)]
    try:
        for stack in stacks:
            stack.start()
        while time.time() < world.publishing_ends + drain_s:
            time.sleep(1)
        inc, full = (stack.db() for stack in stacks)
        published, updated = world.published, world.updated
        captured, latencies = _capture(inc, published)
        full_captured, full_latencies = _capture(full, published)
        fetched = {s.name: world.fetched_by(f"newscrawler-{s.name}/") for s in stacks}
        updates_detected, updates_counted = _updates(inc, updated)
        recrawls = [_recrawl_fetches(inc), _recrawl_fetches(full)]
        fires = stacks[0].fires()
        periods = {period for _, period in fires}
        result = {
            "captured": captured,
            "latency_p50_s": _percentile(latencies, 0.5),
            "latency_p95_s": _percentile(latencies, 0.95),
            "updates_detected": updates_detected,
            "fetches_vs_full_recrawl": round(recrawls[0] / max(1, recrawls[1]), 4),
            "fetches_vs_full_whole_run": round(
                sum(fetched["incremental"].values()) / max(1, sum(fetched["full"].values())), 4),
            "double_fires": len(fires) - len(periods),
            "full_captured": full_captured,
            "full_latency_p95_s": _percentile(full_latencies, 0.95),
            "published": len(published), "updates": len(updated),
            "updates_of_stored_articles": updates_counted,
            "responses": fetched,
            "not_modified": fetched["incremental"].get("304", 0),
            "jobs": {"incremental": len(fires), "full": len(stacks[1].fires())},
            "sites": sites, "interval_s": interval_s, "publish_s": publish_s,
            "drain_s": drain_s, "recrawl": settings,
        }
    finally:
        for stack in stacks:
            stack.stop()
        world.stop()
        if keep:
            print(f"kept {root}", file=sys.stderr)
        else:
            shutil.rmtree(root, ignore_errors=True)
    result["wall_s"] = round(time.monotonic() - started, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.freshness")
    parser.add_argument("--sites", type=int, default=10)
    parser.add_argument("--publish-s", type=float, default=600)
    parser.add_argument("--interval-s", type=float, default=60)
    parser.add_argument("--warmup-s", type=float, default=120,
                        help="before publishing starts (the first, full, job runs)")
    parser.add_argument("--drain-s", type=float, default=None,
                        help="after publishing ends (default 2 intervals)")
    parser.add_argument("--per-site", type=float, default=6,
                        help="new articles per site during the window (on average)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--recrawl-article-s", type=float, default=None,
                        help="RECRAWL_ARTICLE_S (default: the setting's default)")
    parser.add_argument("--recrawl-max-s", type=float, default=None,
                        help="RECRAWL_MAX_S (default: the setting's default)")
    parser.add_argument("--keep", action="store_true", help="keep the stacks' data and logs")
    args = parser.parse_args()
    settings = {"RECRAWL_MIN_S": f"{args.interval_s:g}",
                "RECRAWL_LISTING_S": f"{args.interval_s:g}"}
    if args.recrawl_article_s is not None:
        settings["RECRAWL_ARTICLE_S"] = f"{args.recrawl_article_s:g}"
    if args.recrawl_max_s is not None:
        settings["RECRAWL_MAX_S"] = f"{args.recrawl_max_s:g}"
    drain = args.drain_s if args.drain_s is not None else 2 * args.interval_s
    print(json.dumps(run(args.sites, args.publish_s, args.interval_s, args.warmup_s, drain,
                         args.seed, args.per_site, settings, args.keep)))


if __name__ == "__main__":
    main()
