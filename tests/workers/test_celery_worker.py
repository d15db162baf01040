"""Real Celery render workers (subprocesses) on real Redis and MongoDB: kill -9 mid-render,
a page that never loads, worker metrics.

Each test has a queue, a job and a database of its own; the demo portal counts what
the browsers fetched.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import pytest

from crawler.config import CrawlerConfig
from crawler.demosite import DemoServer
from crawler.demosite._content import posts
from crawler.demosite.outages import RedisServer
from crawler.demosite.server import NEVER_LOADS
from crawler.frontier import JobChannel, connect
from crawler.jobs import create_frontier
from crawler.services import Endpoints
from crawler.storage import ArticleStore
from tests.conftest import ROOT, run_cli
from workers.app import RENDER_TASK, create_app
from workers.metrics import read_workers

POST = next(p for p in posts() if p.js_mode == "fetch")
JS_POSTS = [p for p in posts() if p.js_mode == "fetch"]
TIMEOUT_S = 3
VISIBILITY_S = 18  # above 2 x TIMEOUT_S + 10, as the settings require


@pytest.fixture(scope="module")
def site() -> Iterator[DemoServer]:
    server = DemoServer(0).start()
    yield server
    server.stop()


@dataclass
class World:
    site: DemoServer
    env: dict[str, str]
    queue: str
    job: str
    store: ArticleStore
    redis: Any
    channel: JobChannel
    send: Callable[[str], None]
    workers: list[subprocess.Popen[bytes]]

    def start_worker(self, pool: str = "threads", concurrency: int = 2) -> subprocess.Popen[bytes]:
        # WORKER_LOG=FILE WORKER_LOG_LEVEL=INFO keep the workers' logs when debugging.
        with open(os.environ.get("WORKER_LOG", os.devnull), "ab") as log:
            proc = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "workers.app", "worker", "-Q", self.queue,
                 "--pool", pool, "-c", str(concurrency), "-n", f"{uuid.uuid4().hex[:8]}@%h",
                 "--without-gossip", "--without-mingle",
                 "-l", os.environ.get("WORKER_LOG_LEVEL", "WARNING")],
                cwd=ROOT, env={**os.environ, **self.env}, start_new_session=True,
                stdout=log, stderr=subprocess.STDOUT,
            )
        self.workers.append(proc)
        return proc

    def articles(self, url: str) -> list[dict[str, Any]]:
        return list(self.store.articles.find({"url": url}, {"_id": 0, "url": 1}))


@pytest.fixture
def world(endpoints: Endpoints, site: DemoServer) -> Iterator[World]:
    with _world(endpoints, site) as made:
        yield made


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A Redis of the test's own, to take away and bring back (append-only: the job's
    frontier and the queued tasks survive the restart)."""
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


@contextlib.contextmanager
def _world(endpoints: Endpoints, site: DemoServer) -> Iterator[World]:
    database, job, queue = (f"{kind}_{uuid.uuid4().hex[:8]}" for kind in ("w", "wjob", "wq"))
    env = {"REDIS_URL": endpoints.redis_url, "MONGO_URI": endpoints.mongo_uri,
           "MONGO_DATABASE": database, "RENDER_TIMEOUT_S": str(TIMEOUT_S),
           "RENDER_VISIBILITY_TIMEOUT_S": str(VISIBILITY_S), "RENDER_MAX_RETRIES": "2",
           "RENDER_PAGES": "2", "CRAWLER_ALLOW_PRIVATE": "1"}
    config = CrawlerConfig.load(frontier_site_rps=100, frontier_site_concurrency=16,
                                render_timeout_s=TIMEOUT_S,
                                render_visibility_timeout_s=VISIBILITY_S)
    client = connect(endpoints.redis_url)
    create_frontier(client, job, config, [site.url])
    channel = JobChannel(client, job)
    app = create_app(endpoints.broker_url, config)

    def send(url: str) -> None:
        channel.mark_pending(url)
        app.send_task(RENDER_TASK, args=[url, job, "test"], queue=queue)

    store = ArticleStore(endpoints.mongo_uri, database)
    world = World(site, env, queue, job, store, client, channel, send, [])
    yield world
    site.api_delay_s = 0
    for proc in world.workers:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
    store.client.drop_database(database)
    store.close()


def wait_until(check: Callable[[], Any], timeout: float, what: str) -> Any:
    deadline = time.monotonic() + timeout
    while not (result := check()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.1)
    return result


def browser_processes(pid: int) -> list[psutil.Process]:
    """Chromium processes started, at any depth, by process ``pid``."""
    found = []
    for process in psutil.Process(pid).children(recursive=True):
        try:
            if "chrom" in process.name().lower():
                found.append(process)
        except psutil.Error:
            pass
    return found


def gone(processes: list[psutil.Process]) -> bool:
    for process in processes:
        try:
            if process.is_running() and process.status() != psutil.STATUS_ZOMBIE:
                return False
        except psutil.Error:
            pass
    return True


def test_a_worker_killed_mid_render_loses_nothing(world: World) -> None:
    """kill -9 of a whole worker process: its unacknowledged task goes to another worker
    after the visibility timeout; the article is stored once; no browser is left behind."""
    url = world.site.url + POST.path.lstrip("/")
    api = f"/api/posts/{POST.id}.json"
    before = world.site.hits[api]
    world.site.api_delay_s = 30  # the render hangs on the article's API call
    first = world.start_worker()
    world.send(url)
    wait_until(lambda: world.site.hits[api] > before, 60, "the first render to start")
    browsers = wait_until(lambda: browser_processes(first.pid), 10, "the worker's browser")
    os.kill(first.pid, signal.SIGKILL)
    first.wait()
    wait_until(lambda: gone(browsers), 20, "the killed worker's browser to exit")
    world.site.api_delay_s = 0
    killed_at = time.monotonic()
    world.start_worker()
    wait_until(lambda: world.articles(url), VISIBILITY_S + 60, "the redelivered render")
    assert time.monotonic() - killed_at >= VISIBILITY_S - 8  # not before its timeout
    assert world.site.hits[api] - before >= 2
    time.sleep(2)
    assert len(world.articles(url)) == 1
    assert world.channel.pending() == 0
    assert world.channel.stats().get("stored") == 1


def test_a_killed_prefork_child_has_its_task_put_back_at_once(world: World) -> None:
    url = world.site.url + POST.path.lstrip("/")
    api = f"/api/posts/{POST.id}.json"
    before = world.site.hits[api]
    world.site.api_delay_s = 30
    master = world.start_worker(pool="prefork", concurrency=1)
    world.send(url)
    wait_until(lambda: world.site.hits[api] > before, 60, "the render to start")
    child = next(p for p in psutil.Process(master.pid).children()
                 if "chrom" not in p.name().lower())
    world.site.api_delay_s = 0
    child.kill()
    killed_at = time.monotonic()
    wait_until(lambda: world.articles(url), 60, "the requeued render")
    assert time.monotonic() - killed_at < VISIBILITY_S  # rejected back, not timed out
    time.sleep(2)
    assert len(world.articles(url)) == 1
    assert master.poll() is None


def test_a_page_that_never_loads_ends_as_a_dead_letter(world: World) -> None:
    url = world.site.url + NEVER_LOADS.lstrip("/")
    before = world.site.hits[NEVER_LOADS]
    world.start_worker()
    world.send(url)
    error = wait_until(lambda: world.store.errors.find_one({"url": url}), 60, "a dead letter")
    assert error["stage"] == "render"
    assert "timed out" in error["reason"]
    assert error["dead_letter"] == {"task": RENDER_TASK, "queue": world.queue,
                                    "args": [url, world.job, "test"],
                                    "kwargs": {"static_words": None}, "attempts": 3}
    assert world.site.hits[NEVER_LOADS] - before == 3  # the first try and two retries
    # The error is stored before the URL is released: wait for the release too.
    wait_until(lambda: world.channel.pending() == 0, 15, "the URL to be released")
    assert world.channel.stats().get("failed") == 1
    reports = wait_until(
        lambda: [r for r in read_workers(world.redis) if r["outcomes"].get("dead-letter")],
        15, "the worker's metrics")
    assert reports[0]["timeouts"] == 3
    assert reports[0]["outcomes"]["retried"] == 2
    shown = run_cli("workers", "--json", env={"REDIS_URL": world.env["REDIS_URL"]})
    assert shown.returncode == 0, shown.stderr
    mine = [json.loads(line) for line in shown.stdout.splitlines()
            if json.loads(line)["worker"] == reports[0]["worker"]]
    assert mine and mine[0]["outcomes"]["dead-letter"] == 1


def test_a_crawl_completes_when_chromium_is_killed_mid_render(
        endpoints: Endpoints, demo_site: DemoServer) -> None:
    """``crawl`` with its local render worker: Chromium is killed while renders are in
    flight; the pool starts a new one, the renders are retried, nothing is lost."""
    database = f"chromekill_{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "REDIS_URL": endpoints.redis_url, "MONGO_URI": endpoints.mongo_uri,
           "MONGO_DATABASE": database, "FRONTIER_SITE_RPS": "100",
           "FRONTIER_SITE_CONCURRENCY": "16", "RENDER_PAGES": "4"}
    api_hits = lambda: sum(n for path, n in demo_site.hits.items()
                           if path.startswith("/api/"))
    before = api_hits()
    demo_site.api_delay_s = 3  # renders wait on the article's API call
    crawl = subprocess.Popen(
        [sys.executable, "-m", "crawler", "crawl", demo_site.url, "--allow-private"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    store = ArticleStore(endpoints.mongo_uri, database)
    try:
        wait_until(lambda: api_hits() > before, 120, "a render to be under way")
        for process in wait_until(lambda: browser_processes(crawl.pid), 10, "Chromium"):
            with contextlib.suppress(psutil.Error):
                process.kill()
        demo_site.api_delay_s = 0
        _, err = crawl.communicate(timeout=300)
        assert crawl.returncode == 0, err
        assert store.articles.count_documents({}) == len(posts())
        rendered = store.articles.count_documents({"fetch.rendered": True})
        assert rendered == sum(1 for p in posts() if p.js_mode)
        assert store.errors.count_documents({"stage": "render"}) == 0
    finally:
        demo_site.api_delay_s = 0
        if crawl.poll() is None:
            crawl.kill()
            crawl.wait()
        store.client.drop_database(database)
        store.close()


def test_a_worker_rides_out_a_redis_outage(
    endpoints: Endpoints, site: DemoServer, redis_server: RedisServer
) -> None:
    """Redis gone for 5 s under a worker with a render in flight: kombu's transport
    fails putting back and acknowledging the lost connection's task; the worker must
    log that and reconnect, not exit. The task comes back after the visibility timeout
    and is stored; what is sent after the outage is rendered too."""
    own = Endpoints(redis_server.url, endpoints.mongo_uri)
    with _world(own, site) as world:
        worker = world.start_worker()
        first, second = (world.site.url + p.path.lstrip("/") for p in JS_POSTS[:2])
        wait_until(lambda: read_workers(world.redis), 60, "the worker to start")
        world.site.api_delay_s = 2.0  # the render is still running when Redis goes
        world.send(first)
        time.sleep(1.0)
        redis_server.stop()
        time.sleep(5)
        redis_server.start()
        world.site.api_delay_s = 0
        world.send(second)
        wait_until(lambda: world.articles(second), 90, "a render after the outage")
        wait_until(lambda: world.articles(first), 90, "the render in flight")
        assert worker.poll() is None, "the worker exited"
