"""What a crawl team watches: Prometheus metrics from a spider and its render worker that
move during a crawl, ``/healthz``, and ``python -m crawler health`` failing with one line
per part that is missing."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psutil
import pytest
from prometheus_client.parser import text_string_to_metric_families

from crawler.config import RENDER_QUEUE, CrawlerConfig
from crawler.demosite import DemoServer
from crawler.demosite.outages import RedisServer
from crawler.lifetime import RUN_ENV
from crawler.services import Endpoints, broker_url
from crawler.storage import ArticleStore
from tests.conftest import ROOT, run_cli
from workers.app import RENDER_TASK, create_app

SPIDER_METRICS = {"newscrawler_pages_fetched", "newscrawler_articles_stored",
                  "newscrawler_render_queued", "newscrawler_errors",
                  "newscrawler_job_duration_seconds", "newscrawler_frontier_queued",
                  "newscrawler_frontier_leased", "newscrawler_render_pending",
                  "newscrawler_spills_pending", "newscrawler_render_queue_depth",
                  "process_resident_memory_bytes"}
WORKER_METRICS = {"newscrawler_renders", "newscrawler_render_outcomes",
                  "newscrawler_render_failures", "newscrawler_browser_launches",
                  "newscrawler_browser_restarts", "newscrawler_render_pages_active",
                  "newscrawler_worker_rss_bytes", "newscrawler_worker_pss_bytes",
                  "newscrawler_render_queue_depth"}


def _two_free_ports() -> int:
    """A port p with p + 1 free too (the spider's and its worker's)."""
    for _ in range(50):
        with socket.socket() as first:
            first.bind(("127.0.0.1", 0))
            port = int(first.getsockname()[1])
            try:
                with socket.socket() as second:
                    second.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
        return port
    raise RuntimeError("no two free ports in a row")


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return 0, ""


def _scrape(port: int) -> dict[str, dict[tuple[tuple[str, str], ...], float]]:
    """Every sample at ``/metrics``, parsed as Prometheus parses it: family name ->
    labels -> value; empty while nothing answers."""
    status, text = _get(f"http://127.0.0.1:{port}/metrics")
    if status != 200:
        return {}
    found: dict[str, dict[tuple[tuple[str, str], ...], float]] = {}
    for family in text_string_to_metric_families(text):
        samples = found.setdefault(family.name, {})
        for sample in family.samples:
            if sample.name.endswith("_created"):
                continue
            samples[tuple(sorted(sample.labels.items()))] = sample.value
    return found


def _total(scraped: dict[str, dict[tuple[tuple[str, str], ...], float]], name: str) -> float:
    return sum(scraped.get(name, {}).values())


def _wait(check: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.3)


@pytest.fixture
def metered_crawl(demo_site: DemoServer, tmp_path: Path) -> Iterator[int]:
    """A crawl that renders, serving metrics on a port (its worker on the next)."""
    port = _two_free_ports()
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "MONGO_URI", RUN_ENV)}
    env.update({"CRAWLER_DATA_DIR": str(tmp_path / "data"), "METRICS_PORT": str(port),
                "FRONTIER_SITE_RPS": "4", "FRONTIER_SITE_CONCURRENCY": "2",
                "RENDER_WORKERS": "1", "RENDER_PAGES": "2"})
    crawl = subprocess.Popen(
        [sys.executable, "-m", "crawler", "crawl", demo_site.url, "--allow-private",
         "--render", "always"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)
    yield port
    if crawl.poll() is None:
        os.killpg(crawl.pid, signal.SIGKILL)  # its helpers follow (crawler.lifetime)
    crawl.wait()


def test_metrics_move_during_a_crawl(metered_crawl: int) -> None:
    spider, worker = metered_crawl, metered_crawl + 1
    _wait(lambda: _total(_scrape(spider), "newscrawler_pages_fetched") >= 3, 90,
          "the spider's metrics")
    first = _scrape(spider)
    assert SPIDER_METRICS <= set(first), SPIDER_METRICS - set(first)
    _wait(lambda: _total(_scrape(worker), "newscrawler_renders") >= 2, 120,
          "the render worker's metrics")
    rendered = _scrape(worker)
    assert WORKER_METRICS - {"newscrawler_render_failures"} <= set(rendered), \
        WORKER_METRICS - set(rendered)
    assert _total(rendered, "newscrawler_browser_launches") >= 1
    assert rendered["newscrawler_worker_pss_bytes"][(("process", "browser"),)] > 10 * 2**20
    time.sleep(3)
    later = _scrape(spider)
    for name in ("newscrawler_pages_fetched", "newscrawler_job_duration_seconds"):
        assert _total(later, name) > _total(first, name), name
    assert _total(later, "newscrawler_render_queued") >= 1
    assert _get(f"http://127.0.0.1:{spider}/healthz") == (200, "ok\n")
    assert _get(f"http://127.0.0.1:{worker}/healthz") == (200, "ok\n")


@pytest.fixture
def own_redis(tmp_path: Path) -> Iterator[RedisServer]:
    """A Redis of the test's own: a worker on its ``render`` queue takes no one's tasks."""
    server = RedisServer(tmp_path / "redis").start()
    yield server
    server.stop()


def port_suffix() -> str:
    return uuid.uuid4().hex[:8]


def _health(env: dict[str, str], *args: str) -> tuple[int, list[str]]:
    done = run_cli("health", *args, env=env, timeout=120)
    return done.returncode, done.stdout.splitlines()


def test_health_names_each_missing_part_in_one_line(endpoints: Endpoints, tmp_path: Path
                                                    ) -> None:
    base = {"MONGO_URI": endpoints.mongo_uri, "CRAWLER_DATA_DIR": str(tmp_path)}
    code, lines = _health({**base, "REDIS_URL": "redis://127.0.0.1:1/0"}, "--no-workers")
    failed = [line for line in lines if line.startswith("FAIL")]
    assert code == 1 and len(failed) == 1 and failed[0].startswith("FAIL redis:"), lines

    code, lines = _health({**base, "REDIS_URL": endpoints.redis_url,
                           "CHROMIUM_PATH": str(tmp_path / "no-chromium")}, "--no-workers")
    failed = [line for line in lines if line.startswith("FAIL")]
    assert code == 1 and len(failed) == 1 and failed[0].startswith("FAIL chromium:"), lines

    code, lines = _health({**base, "REDIS_URL": endpoints.redis_url}, "--no-workers")
    assert code == 0 and all(line.startswith("ok") for line in lines), lines
    assert [line.split(":")[0] for line in lines] == ["ok   redis", "ok   mongodb",
                                                      "ok   chromium"]


def _task_events(redis_url: str, send: Callable[[], None]) -> set[str]:
    """The Celery event types seen on ``redis_url`` while ``send`` runs and a few
    seconds after (what Flower would see)."""
    seen: set[str] = set()
    app = create_app(broker_url(redis_url), CrawlerConfig.load(celery_task_events=True))
    with app.connection() as connection:
        receiver = app.events.Receiver(connection, handlers={
            "*": lambda event: seen.add(event["type"])})
        listening = threading.Thread(target=receiver.capture,
                                     kwargs={"limit": None, "timeout": 20, "wakeup": False},
                                     daemon=True)
        listening.start()
        time.sleep(1.5)  # bound to the event exchange before anything is sent
        send()
        deadline = time.monotonic() + 20
        while "task-succeeded" not in seen and time.monotonic() < deadline:
            time.sleep(0.2)
        receiver.should_stop = True
        listening.join(5)
    app.close()
    return seen


def test_health_healthz_and_task_events_of_a_render_worker(
        endpoints: Endpoints, own_redis: RedisServer, tmp_path: Path) -> None:
    env = {**os.environ, "REDIS_URL": own_redis.url, "MONGO_URI": endpoints.mongo_uri,
           "CRAWLER_DATA_DIR": str(tmp_path), "MONGO_DATABASE": f"ops_{port_suffix()}",
           "CELERY_TASK_EVENTS": "true"}
    code, lines = _health(env)
    assert code == 1 and "FAIL render workers:" in "\n".join(lines), lines

    port = _two_free_ports()
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "workers.app", "worker", "-Q", "render",
         "--pool", "threads", "-n", f"health-{port}@%h", "--without-gossip",
         "--without-mingle", "-l", "WARNING"],
        cwd=ROOT, env={**env, "METRICS_PORT": str(port)}, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        healthz = f"http://127.0.0.1:{port}/healthz"
        _wait(lambda: _get(healthz)[0] == 200, 90, "the worker's /healthz")
        code, lines = _health(env)
        assert code == 0, lines
        assert any(line.startswith("ok   render workers: 1 consuming") for line in lines), lines

        # CELERY_TASK_EVENTS: the sender and the worker send the events Flower reads.
        sender = create_app(broker_url(own_redis.url),
                            CrawlerConfig.load(celery_task_events=True))
        events = _task_events(own_redis.url, lambda: sender.send_task(
            RENDER_TASK, args=["http://127.0.0.1:1/gone", "no-such-job", "test"],
            queue=RENDER_QUEUE))
        assert {"task-sent", "task-received", "task-started", "task-succeeded"} <= events, events

        # Chromium killed under the worker: /healthz says so in one line.
        for proc in psutil.Process(worker.pid).children(recursive=True):
            if "chrom" in proc.name().lower():
                proc.kill()
        _wait(lambda: _get(healthz)[0] == 503, 30, "/healthz to fail")
        assert _get(healthz)[0] == 503
        body = _get(healthz)[1]
        assert body.strip().startswith("chromium:") and len(body.strip().splitlines()) == 1
    finally:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait()
        ArticleStore(endpoints.mongo_uri, env["MONGO_DATABASE"]).client.drop_database(
            env["MONGO_DATABASE"])
