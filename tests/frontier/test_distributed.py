"""Spider processes sharing one job: kill -9, a Redis restart, robots.txt for everyone.

The farm's servers count every fetch; the crawler's word is not taken for anything.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from crawler.config import CrawlerConfig
from crawler.demosite.farm import Farm
from crawler.demosite.outages import RedisServer, free_port
from crawler.frontier import Frontier, connect
from crawler.jobs import create_frontier
from crawler.services import Endpoints
from crawler.storage import ArticleStore
from tests.conftest import ROOT, run_cli

SITES, PAGES = 3, 30


@pytest.fixture(scope="module")
def farm() -> Iterator[Farm]:
    farm = Farm(SITES, PAGES, latency_ms=50).start()
    yield farm
    farm.stop()


@pytest.fixture(scope="module")
def job_env(endpoints: Endpoints, data_dir: Path) -> Iterator[dict[str, str]]:
    database = f"dist_{uuid.uuid4().hex[:8]}"
    yield {"REDIS_URL": endpoints.redis_url, "MONGO_URI": endpoints.mongo_uri,
           "MONGO_DATABASE": database, "CRAWLER_DATA_DIR": str(data_dir),
           "CRAWLER_ALLOW_PRIVATE": "1", "FRONTIER_SITE_RPS": "6",
           "FRONTIER_SITE_CONCURRENCY": "2", "FRONTIER_LEASE_S": "3"}
    store = ArticleStore(endpoints.mongo_uri, database)
    store.client.drop_database(database)
    store.close()


def spider(job: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"job={job}", "-a",
         "render=never", "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, env={**os.environ, **env}, text=True, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


def seed(farm: Farm, env: dict[str, str]) -> str:
    job = f"dist-{uuid.uuid4().hex[:8]}"
    result = run_cli("crawl", *farm.urls, "--distributed", "--seed-only", "--render", "never",
                     "--job", job, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    return job


def fetched(farm: Farm) -> Counter[str]:
    return Counter(f"http://127.0.0.1:{port}{path}" for port, path, _ in farm.stats()["fetches"])


def wait_for_fetches(farm: Farm, count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while sum(fetched(farm).values()) < count:
        assert time.monotonic() < deadline, "the crawl did not get going"
        time.sleep(0.05)


def finish(proc: subprocess.Popen[str], timeout: float = 120) -> None:
    _, err = proc.communicate(timeout=timeout)
    assert proc.returncode == 0, err[-3000:]


@pytest.fixture(scope="module")
def killed_crawl(farm: Farm, job_env: dict[str, str]) -> dict[str, Any]:
    """Spider A is killed -9 a third of the way in; spider B joins and finishes the job."""
    farm.reset()
    job = seed(farm, job_env)
    first = spider(job, job_env)
    wait_for_fetches(farm, len(farm.expected()) // 3)
    first.send_signal(signal.SIGKILL)
    first.wait()
    frontier = Frontier.join(connect(job_env["REDIS_URL"]), job)
    leased_at_kill = frontier.leased()
    before = fetched(farm)
    second = spider(job, job_env)
    finish(second)
    return {"job": job, "leased_at_kill": leased_at_kill, "before": before,
            "after": fetched(farm), "env": job_env, "frontier": frontier}


def test_a_killed_spider_loses_nothing(farm: Farm, killed_crawl: dict[str, Any],
                                       endpoints: Endpoints) -> None:
    after: Counter[str] = killed_crawl["after"]
    pages = {url for url in after if "/robots.txt" not in url}
    assert pages == farm.expected()  # nothing missed, nothing outside the sites
    twice = {url: n for url, n in after.items() if url in pages and n > 1}
    assert sum(twice.values()) - len(twice) <= killed_crawl["leased_at_kill"], twice
    store = ArticleStore(endpoints.mongo_uri, killed_crawl["env"]["MONGO_DATABASE"])
    stored = {d["url"] for d in store.articles.find({"crawl.job_id": killed_crawl["job"]},
                                                    {"url": 1})}
    job = store.get_job(killed_crawl["job"])
    store.close()
    assert {u for u in farm.expected() if "/p/" in u} <= stored
    assert job is not None and job["status"] == "finished"
    assert killed_crawl["frontier"].finished()


def test_spiders_obey_robots_and_fetch_it_once_per_job(killed_crawl: dict[str, Any]) -> None:
    after: Counter[str] = killed_crawl["after"]
    assert not [url for url in after if "/private/" in url]
    robots = {url: n for url, n in after.items() if url.endswith("/robots.txt")}
    assert len(robots) == SITES and set(robots.values()) == {1}  # two spiders, one fetch


def test_the_site_budget_holds_across_spiders(farm: Farm, job_env: dict[str, str]) -> None:
    farm.reset()
    job = seed(farm, job_env)
    spiders = [spider(job, job_env) for _ in range(2)]
    for proc in spiders:
        finish(proc)
    stats = farm.stats()
    assert max(stats["max_in_flight"].values()) <= 2
    by_site: dict[int, list[float]] = {}
    for port, _, at in stats["fetches"]:
        by_site.setdefault(port, []).append(at)
    # 6 requests/s: no 2-second window of a site holds more than 12 (+1 for clock jitter).
    for times in by_site.values():
        times.sort()
        assert max(sum(1 for t in times if s <= t < s + 2) for s in times) <= 13


def test_the_job_survives_a_redis_restart(farm: Farm, job_env: dict[str, str],
                                          tmp_path: Path, endpoints: Endpoints) -> None:
    farm.reset()
    port = free_port()
    server = RedisServer(tmp_path, port).start()
    env = {**job_env, "REDIS_URL": server.url}
    job = f"restart-{uuid.uuid4().hex[:8]}"
    crawl = subprocess.Popen(
        [sys.executable, "-m", "crawler", "crawl", *farm.urls, "--distributed", "--render",
         "never", "--job", job],
        cwd=ROOT, env={**os.environ, **env}, text=True, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        wait_for_fetches(farm, len(farm.expected()) // 3)
        redis.Redis(port=port).shutdown()
        assert server.proc is not None
        server.proc.wait()
        time.sleep(2)
        server = RedisServer(tmp_path, port).start()
        finish(crawl, timeout=180)
        pages = {u for u in fetched(farm) if "/robots.txt" not in u}
        assert pages == farm.expected()
        store = ArticleStore(endpoints.mongo_uri, env["MONGO_DATABASE"])
        stored = {d["url"] for d in store.articles.find({"crawl.job_id": job}, {"url": 1})}
        store.close()
        assert {u for u in farm.expected() if "/p/" in u} <= stored
    finally:
        crawl.kill()
        server.stop()


def queued_urls(frontier: Frontier) -> set[str]:
    """Every URL waiting in the job's queues, whoever put it there."""
    urls = set()
    for key in frontier.client.scan_iter(match=f"{frontier.prefix}:q:*", count=1000):
        urls |= {json.loads(blob)["url"] for blob in frontier.client.zrange(key, 0, -1)}
    return urls


def test_render_workers_refuse_the_links_the_spider_refuses(
        farm: Farm, job_env: dict[str, str], killed_crawl: dict[str, Any]) -> None:
    """A farm page links a robots-disallowed page, a .pdf, another host and a malformed
    URL of its own host. The spiders of the crawl above fetched none of them (and were
    not stopped by the malformed one); a render of the page queues none of them either,
    and queues exactly the page's other links."""
    from workers.render import Renderer

    fetched_by_spiders = {u for u in killed_crawl["after"] if "/robots.txt" not in u}
    assert not [u for u in fetched_by_spiders
                if "/private/" in u or u.endswith(".pdf") or "127.0.0.2" in u]
    job = f"links-{uuid.uuid4().hex[:8]}"
    base = farm.urls[0].rstrip("/")
    config = CrawlerConfig.load(mongo_database=job_env["MONGO_DATABASE"], crawler_allow_private=True)
    client = connect(job_env["REDIS_URL"])
    frontier = create_frontier(client, job, config, [farm.urls[0]])
    renderer = Renderer(config, job_env["REDIS_URL"], job_env["MONGO_URI"])
    renderer.pool.start()
    try:
        assert renderer.run(f"{base}/p/1", job, None) == "stored"
    finally:
        renderer.close()
    # Story 1 links home and, under "Read More", stories 3 to 5 (crawler/demosite/farm.py).
    assert queued_urls(frontier) == {f"{base}/", f"{base}/p/3", f"{base}/p/4", f"{base}/p/5"}


def test_render_workers_obey_robots_and_feed_the_frontier(farm: Farm, job_env: dict[str, str]) -> None:
    from workers.render import Renderer

    farm.reset()
    job = seed(farm, job_env)
    config = CrawlerConfig.load(mongo_database=job_env["MONGO_DATABASE"], crawler_allow_private=True)
    renderer = Renderer(config, job_env["REDIS_URL"], job_env["MONGO_URI"])
    renderer.pool.start()
    base = farm.urls[0].rstrip("/")
    try:
        assert renderer.run(f"{base}/private/1", job, None) == "denied"
        assert renderer.run(f"{base}/p/1", job, None) == "stored"
    finally:
        renderer.close()
    seen = fetched(farm)
    assert seen[f"{base}/robots.txt"] == 1
    assert not [u for u in seen if "/private/" in u]
    assert seen[f"{base}/p/1"] >= 1
    # The render's links went into the job's frontier for the spiders.
    frontier = Frontier.join(connect(job_env["REDIS_URL"]), job)
    assert frontier.counts()["pushed"] > SITES


def test_seeding_a_job_twice_queues_its_start_urls_once(farm: Farm, job_env: dict[str, str]
                                                        ) -> None:
    """A retried seeding (a Kubernetes Job's pod run again) must not fetch the start
    pages twice."""
    job = seed(farm, job_env)
    frontier = Frontier.join(connect(job_env["REDIS_URL"]), job)
    before = frontier.queued()
    assert before == len(farm.urls)
    again = run_cli("crawl", *farm.urls, "--distributed", "--seed-only", "--render", "never",
                    "--job", job, env=job_env, timeout=60)
    assert again.returncode == 0, again.stderr
    assert "exists" in again.stderr
    assert frontier.queued() == before
