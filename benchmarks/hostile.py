"""``python -m benchmarks.hostile``: attacks and faults, each with its witness.

Attacks: the hostile site (:mod:`crawler.demosite.hostile`) crawled by a spider and
rendered by Chromium, with 127.0.0.1 allowed as the stand-in for the internet and the
internal host on 127.0.0.2 counting what reaches it; the render workers' robots.txt
fetch is sent at its redirect. ``blocked`` is true when the internal host saw nothing of
that attack. Names resolve through the hostile world's stub; nothing leaves loopback.

Faults: the demo portal (64 posts, 12 drawn by JavaScript) crawled with render workers
on servers of the benchmark's own that it takes away mid-crawl: MongoDB for 30 s and
for 120 s, MongoDB for 30 s with a render worker and a second spider killed with -9
during the outage (``RENDER_VISIBILITY_TIMEOUT_S=60``, so the killed worker's tasks come
back within a minute), and Redis for 30 s. Per fault: ``stored`` (posts in MongoDB at the
end), ``lost`` (posts missing), ``spilled`` and ``replayed`` (documents), whether the
crawl ``ended_by_itself`` (within 10 minutes, exit code 0), and ``tracebacks`` in its
output and its workers' log.

Prints one JSON object as its last line. ``--quick`` runs the attacks and the 30 s
MongoDB outage only.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import uuid
from pathlib import Path
from typing import Any

import psutil
from pymongo.errors import PyMongoError

from crawler.addresses import AddressPolicy, guarded_opener
from crawler.config import CrawlerConfig
from crawler.demosite import POST_COUNT, DemoServer
from crawler.demosite.hostile import (
    ATTACK_PATHS,
    SECRET,
    HostileSite,
    InternalHost,
    StubHosts,
    start_world,
)
from crawler.demosite.outages import MongoServer, RedisServer
from crawler.frontier import JobChannel, connect
from crawler.storage import ArticleStore

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_STAND_IN = AddressPolicy(allow_networks=(ipaddress.ip_network("127.0.0.1/32"),))
CRAWL_TIMEOUT_S = 600


# -- attacks ---------------------------------------------------------------------------


def _blocked(internal: InternalHost, before: dict[str, int]) -> dict[str, dict[str, Any]]:
    """Per attack: the internal host's hits on its paths since ``before`` (a path may sit
    inside a longer one: the backslash URL's is ``/@news.test:P/secret/backslash``)."""
    out = {}
    for attack, paths in ATTACK_PATHS.items():
        hits = sum(n - before.get(hit, 0) for hit, n in list(internal.hits.items())
                   if any(p in hit for p in paths))
        out[attack] = {"blocked": hits == 0, "internal_hits": hits}
    return out


def spider_attacks(site: HostileSite, internal: InternalHost, mongo: str, redis_url: str,
                   data: Path) -> dict[str, Any]:
    before = dict(internal.hits)
    env = {**os.environ, "MONGO_URI": mongo, "REDIS_URL": redis_url,
           "CRAWLER_DATA_DIR": str(data), "MONGO_DATABASE": f"hostile_{uuid.uuid4().hex[:6]}"}
    done = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"start_urls={site.start_url}",
         "-a", "render=never", "-s", "LOG_LEVEL=WARNING",
         "-s", "TWISTED_DNS_RESOLVER=crawler.demosite.hostile.StubPolicyResolver",
         "-s", "CRAWLER_ALLOW_NETWORKS=127.0.0.1/32"],
        cwd=ROOT, env=env, text=True, capture_output=True, timeout=CRAWL_TIMEOUT_S, check=False)
    result = _blocked(internal, before)
    result = {k: v for k, v in result.items() if not k.startswith("script_")}
    store = ArticleStore(mongo, env["MONGO_DATABASE"])
    leaked = store.articles.count_documents({"text": {"$regex": SECRET}})
    store.client.drop_database(env["MONGO_DATABASE"])
    store.close()
    return {"attacks": result, "secret_stored": leaked > 0, "exit_code": done.returncode,
            "tracebacks": done.stderr.count("Traceback")}


def chromium_attacks(site: HostileSite, internal: InternalHost) -> dict[str, Any]:
    from workers.browser import BrowserPool, NotRenderable

    before = dict(internal.hits)
    pool = BrowserPool(CrawlerConfig.load().require_chromium(), 15, pages=2,
                       policy=PUBLIC_STAND_IN, resolve=StubHosts().resolve_async)
    base = f"http://news.test:{site.port}"
    secret_shown = False
    try:
        for path in ("/attack/redirect", "/attack/redirect-mapped", "/attack/www",
                     "/attack/rebind", "/attack/script"):
            try:
                secret_shown |= SECRET in pool.render(base + path).html
            except NotRenderable:
                pass
        time.sleep(1)  # a late subresource would be counted too
    finally:
        pool.close()
    attacks = {k: v for k, v in _blocked(internal, before).items() if k != "backslash_url"}
    return {"attacks": attacks, "secret_rendered": secret_shown,
            "requests_refused": pool.addresses_refused}


def robots_attacks(site: HostileSite, internal: InternalHost) -> dict[str, Any]:
    opener = guarded_opener(PUBLIC_STAND_IN, StubHosts().resolve)
    before = dict(internal.hits)
    refused = 0
    for path in ("/attack/redirect", "/attack/redirect-mapped", "/attack/www"):
        try:
            opener.open(f"http://news.test:{site.port}{path}", timeout=10).close()
        except urllib.error.URLError as exc:
            refused += "address refused" in str(exc)
    hits = sum(n - before.get(p, 0) for p, n in list(internal.hits.items()))
    return {"robots_redirects": {"blocked": hits == 0, "internal_hits": hits,
                                 "refused": refused}}


# -- faults ----------------------------------------------------------------------------


def _tracebacks(*texts: str) -> int:
    return sum(t.count("Traceback") for t in texts)


def _stored_posts(mongo_uri: str, database: str) -> tuple[int, int]:
    store = ArticleStore(mongo_uri, database)
    try:
        urls = [d["url"] for d in store.articles.find({}, {"url": 1})]
    finally:
        store.close()
    ids = [int(m.group(1)) for u in urls if (m := re.search(r"/(?:blogs|live)/(\d+)/", u))]
    return len(set(ids)), len(ids) - len(set(ids))


def _wait_for_articles(mongo_uri: str, database: str, n: int, crawl: subprocess.Popen[str]
                       ) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and crawl.poll() is None:
        with contextlib.suppress(PyMongoError):  # not up yet
            if _stored_posts(mongo_uri, database)[0] >= n:
                return
        time.sleep(0.2)


def _render_workers(crawl_pid: int) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        cmd = " ".join(proc.info.get("cmdline") or [])
        if "celery" in cmd and "-Q render" in cmd and f"render-{crawl_pid}-" in cmd:
            found.append(proc)
    return found


def fault(site: DemoServer, work: Path, *, mongo_down_s: float = 0, redis_down_s: float = 0,
          kill: bool = False) -> dict[str, Any]:
    """One crawl of the demo portal with an outage of MongoDB or Redis mid-crawl."""
    data = work / f"data-{uuid.uuid4().hex[:6]}"
    mongo = MongoServer(work / f"mongo-{uuid.uuid4().hex[:6]}").start()
    redis_server = RedisServer(work / f"redis-{uuid.uuid4().hex[:6]}").start()
    database = "faults"
    job = f"fault-{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "MONGO_URI": mongo.uri, "REDIS_URL": redis_server.url,
           "MONGO_DATABASE": database, "CRAWLER_DATA_DIR": str(data), "RENDER_WORKERS": "1",
           "FRONTIER_SITE_RPS": "6", "FRONTIER_SITE_CONCURRENCY": "4",
           # A killed worker's tasks come back after this: a minute, not the default 5.
           "RENDER_VISIBILITY_TIMEOUT_S": "60"}
    started = time.monotonic()
    crawl = subprocess.Popen(
        [sys.executable, "-m", "crawler", "crawl", site.url, "--allow-private", "--job", job,
         *(["--distributed"] if kill else [])],
        cwd=ROOT, env=env, text=True, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    second: subprocess.Popen[str] | None = None
    killed: list[str] = []
    try:
        _wait_for_articles(mongo.uri, database, 5, crawl)
        if kill:
            second = subprocess.Popen(
                [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"job={job}",
                 "-s", "LOG_LEVEL=WARNING"], cwd=ROOT, env=env, text=True,
                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            time.sleep(3)
        if mongo_down_s:
            mongo.stop()
            if kill:
                time.sleep(min(10.0, mongo_down_s / 2))
                for worker in _render_workers(crawl.pid):
                    worker.kill()
                    killed.append("render-worker")
                if second is not None and second.poll() is None:
                    second.send_signal(signal.SIGKILL)
                    killed.append("spider")
                time.sleep(max(0.0, mongo_down_s - min(10.0, mongo_down_s / 2)))
            else:
                time.sleep(mongo_down_s)
            mongo.start()
        if redis_down_s:
            redis_server.stop()
            time.sleep(redis_down_s)
            redis_server.start()
        try:
            out, err = crawl.communicate(timeout=CRAWL_TIMEOUT_S)
            ended = crawl.returncode == 0
        except subprocess.TimeoutExpired:
            crawl.kill()
            out, err = crawl.communicate()
            ended = False
        seconds = time.monotonic() - started
        (data / "crawl.out").write_text(out + "\n---- stderr\n" + err)
        if second is not None and second.poll() is None:
            second.communicate(timeout=120)
        stored, duplicates = _stored_posts(mongo.uri, database)
        spill = JobChannel(connect(redis_server.url), job).spill_counts()
        log = data / "render-workers.log"
        worker_log = log.read_text(errors="replace") if log.exists() else ""
        return {
            "expected": POST_COUNT, "stored": stored, "duplicates": duplicates,
            "lost": POST_COUNT - stored, "spilled": spill["spilled"],
            "replayed": spill["replayed"], "spill_waiting": spill["pending"],
            "crawl_ended_by_itself": ended, "exit_code": crawl.returncode,
            "killed": killed, "tracebacks": _tracebacks(out, err, worker_log),
            "seconds": round(seconds, 1),
        }
    finally:
        for proc in (crawl, second):
            if proc is not None and proc.poll() is None:
                proc.kill()
        # The killed spider's own render workers outlive it (each runs in a session of
        # its own): stopped here, with their browsers.
        for worker in _render_workers(second.pid) if second is not None else []:
            with contextlib.suppress(ProcessLookupError, psutil.Error):
                os.killpg(worker.pid, signal.SIGKILL)
        mongo.stop()
        redis_server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true",
                        help="attacks and the 30 s MongoDB outage only")
    args = parser.parse_args()
    result: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="hostile-") as tmp:
        work = Path(tmp)
        site, internal = start_world()
        mongo = MongoServer(work / "mongo-attacks").start()
        redis_server = RedisServer(work / "redis-attacks").start()
        try:
            result["spider"] = spider_attacks(site, internal, mongo.uri, redis_server.url,
                                              work / "data-attacks")
            result["chromium"] = chromium_attacks(site, internal)
            result["render_worker_robots"] = robots_attacks(site, internal)
        finally:
            site.stop()
            internal.stop()
            mongo.stop()
            redis_server.stop()
        result["internal_host_reached"] = internal.reached()
        demo = DemoServer(0).start()
        try:
            faults: dict[str, dict[str, Any]] = {"mongo_down_30s": {"mongo_down_s": 30.0}}
            if not args.quick:
                faults |= {"mongo_down_120s": {"mongo_down_s": 120.0},
                           "mongo_down_30s_kill_worker_and_spider": {"mongo_down_s": 30.0,
                                                                     "kill": True},
                           "redis_down_30s": {"redis_down_s": 30.0}}
            result["faults"] = {}
            for name, options in faults.items():
                print(f"{name} ...", file=sys.stderr, flush=True)
                result["faults"][name] = fault(demo, work, **options)
        finally:
            demo.stop()
    print(json.dumps(result, default=str))


if __name__ == "__main__":
    main()
