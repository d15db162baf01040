"""Schedules fired by Celery beat, and the incremental jobs they start, on real Redis,
the embedded MongoDB and a live news world on 127.0.0.1 (crawler.demosite.newsroom)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from crawler.config import ConfigError, CrawlerConfig
from crawler.demosite.newsroom import Newsroom
from crawler.frontier import new_job_id
from crawler.jobs import ScheduledRun, seed_job
from crawler.schedules import Schedule, ScheduleStore, fire_due, parse_every
from crawler.services import Endpoints
from crawler.storage import ArticleStore
from tests.conftest import ROOT, run_cli


def test_periods_and_cron_are_read_or_refused() -> None:
    assert parse_every("90") == 90
    assert parse_every("15m") == 900
    assert parse_every("2h") == 7200
    for bad in ("soon", "0s", "-5m", "15 minutes"):
        with pytest.raises(ConfigError):
            parse_every(bad)
    with pytest.raises(ConfigError, match="one of --every or --cron"):
        Schedule("x", ["http://a.test/"])
    cron = Schedule("c", ["http://a.test/"], cron="*/15 * * * *", created_at=0)
    # The first time after 10:07 UTC is 10:15 UTC.
    assert cron.next_after(36000 + 420) == 36000 + 900


def test_cli_refuses_bad_schedules_in_one_line(endpoints: Endpoints) -> None:
    env = {"MONGO_URI": endpoints.mongo_uri, "MONGO_DATABASE": f"s_{uuid.uuid4().hex[:8]}"}
    for args, said in ((["--every", "soon"], "is not a period"),
                       (["--cron", "every day"], "is not a cron expression"),
                       (["--every", "1m", "--max-pages", "-1"], "--max-pages")):
        result = run_cli("schedule", "add", "s", "http://127.0.0.1:9/", "--allow-private",
                         *args, env=env)
        assert result.returncode == 2, result.stderr
        assert said in result.stderr and "Traceback" not in result.stderr
    missing = run_cli("schedule", "pause", "nothing-here", env=env)
    assert missing.returncode == 2 and "no schedule named" in missing.stderr


@pytest.fixture
def schedules(store: ArticleStore) -> ScheduleStore:
    return ScheduleStore(store.db)


@pytest.fixture
def claims(endpoints: Endpoints) -> Iterator[redis.Redis]:
    client = redis.Redis.from_url(endpoints.redis_url)
    yield client
    for key in client.scan_iter("crawler:schedule:*"):
        client.delete(key)


def test_missed_periods_fire_once(schedules: ScheduleStore, claims: redis.Redis) -> None:
    name = f"m{uuid.uuid4().hex[:6]}"
    schedules.add(Schedule(name, ["http://a.test/"], every_s=60, created_at=1000.0))
    # Down for ten periods: the next beat fires one run, and the schedule moves to the
    # first period after now.
    jobs: list[str] = []
    fired = fire_due(schedules, claims, lambda s: jobs.append(s.name) or f"job{len(jobs)}",
                     now=1000 + 60 * 10 + 5)
    assert [f.name for f in fired] == [name] and jobs == [name]
    after = schedules.require(name)
    assert after.runs == 1 and after.last_job == "job1"
    assert after.next_at > time.time()  # the missed periods are not run one by one
    assert fire_due(schedules, claims, lambda s: "again") == []


def test_paused_schedule_does_not_fire(schedules: ScheduleStore, claims: redis.Redis) -> None:
    name = f"p{uuid.uuid4().hex[:6]}"
    schedules.add(Schedule(name, ["http://a.test/"], every_s=1))
    schedules.set(name, paused=True)
    started: list[str] = []
    assert fire_due(schedules, claims, lambda s: started.append(s.name) or "j",
                    now=time.time() + 10) == []
    assert started == [] and schedules.require(name).runs == 0
    schedules.set(name, paused=False)
    assert [f.name for f in fire_due(schedules, claims, lambda s: "j",
                                     now=time.time() + 10)] == [name]


def test_two_beats_racing_fire_each_period_once(store: ArticleStore, endpoints: Endpoints,
                                               claims: redis.Redis) -> None:
    """Two pollers (threads, each with its own MongoDB and Redis connections) fire
    schedules every second for six seconds: each period's run is started once."""
    name = f"r{uuid.uuid4().hex[:6]}"
    ScheduleStore(store.db).add(Schedule(name, ["http://a.test/"], every_s=1))
    started: Counter[float] = Counter()
    lock = threading.Lock()

    def beat() -> None:
        own = ArticleStore(endpoints.mongo_uri, store.db.name)
        client = redis.Redis.from_url(endpoints.redis_url)
        mine = ScheduleStore(own.db)
        deadline = time.time() + 6

        def start(schedule: Schedule) -> str:
            with lock:
                started[schedule.next_at] += 1
            return f"job-{schedule.next_at}"
        while time.time() < deadline:
            fire_due(mine, client, start)
            time.sleep(0.01)
        own.close()

    threads = [threading.Thread(target=beat) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert started and max(started.values()) == 1, started
    assert 5 <= len(started) <= 8  # one run a second
    assert ScheduleStore(store.db).require(name).runs == len(started)


# -- Celery beat and the crawl workers, end to end ---------------------------------------

_FIRED = re.compile(r"schedule (\S+) fired: job (\S+) \(period ([0-9.e+]+)\)")


def test_two_beat_processes_start_one_job_per_period(tmp_path: Path) -> None:
    """``serve`` (beat + crawl worker, embedded servers) and a second ``celery beat`` on
    the same Redis and MongoDB: every period of a schedule is fired by one of them."""
    world = Newsroom(sites=1, seed=3, warmup_s=3600, updates=0).start()
    env = {**os.environ, "CRAWLER_DATA_DIR": str(tmp_path / "data"), "RENDER_MODE": "never",
           "CRAWLER_ALLOW_PRIVATE": "1", "SCHEDULE_POLL_S": "0.5",
           "FRONTIER_SITE_RPS": "50", "MONGO_DATABASE": "twobeats"}
    for key in ("REDIS_URL", "MONGO_URI"):
        env.pop(key, None)
    added = run_cli("schedule", "add", "fresh", world.urls[0], "--every", "3s",
                    "--allow-private", env=env)
    assert added.returncode == 0, added.stderr
    procs: list[subprocess.Popen[bytes]] = []
    try:
        procs.append(_spawn([sys.executable, "-m", "crawler", "serve", "--render-workers",
                             "0"], env, tmp_path / "serve.out"))
        note = tmp_path / "data" / "serve.json"
        _wait(note.exists, 60)
        served = {k: v for k, v in json.loads(note.read_text()).items() if k != "pid"}
        procs.append(_spawn([sys.executable, "-m", "celery", "-A", "workers.app", "beat",
                             "-l", "INFO"], {**env, **served}, tmp_path / "beat2.log"))
        time.sleep(20)
        paused = run_cli("schedule", "pause", "fresh", env=env)
        assert paused.returncode == 0, paused.stderr
        time.sleep(2)  # a fire in progress lands
        listed = run_cli("schedule", "list", "--json", env=env)
        assert listed.returncode == 0, listed.stderr
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            proc.wait(timeout=60)
        world.stop()
    logs = (tmp_path / "data" / "serve" / "beat.log").read_text() + (
        tmp_path / "beat2.log").read_text()
    fires = [(m.group(2), m.group(3)) for m in _FIRED.finditer(logs)]
    periods = Counter(period for _, period in fires)
    assert len(periods) >= 3, logs[-2000:]
    assert max(periods.values()) == 1, periods
    assert "fired" in (tmp_path / "beat2.log").read_text() or "fired" in (
        tmp_path / "data" / "serve" / "beat.log").read_text()
    jobs = list((tmp_path / "data" / "crawl-jobs").glob("*.log"))
    assert {p.stem for p in jobs} == {job for job, _ in fires}  # each fired job was crawled
    schedule = json.loads(listed.stdout.splitlines()[0])
    assert schedule["runs"] == len(fires) and schedule["last_job_status"] in (
        "finished", "running", "queued")


def _spawn(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as out:
        return subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def _wait(done: Any, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


# -- incremental jobs ---------------------------------------------------------------------


def _crawl(job: str, env: dict[str, str]) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"job={job}", "-a",
         "render=never", "-s", "LOG_LEVEL=WARNING"],
        cwd=ROOT, env={**os.environ, **env}, text=True, capture_output=True, timeout=240,
        check=False)
    assert result.returncode == 0, result.stderr[-3000:]


def _settings(env: dict[str, str]) -> CrawlerConfig:
    return CrawlerConfig.load(**{k.lower(): v for k, v in env.items()})


def test_a_schedules_second_job_fetches_only_what_is_new_or_due(
        endpoints: Endpoints, data_dir: Path) -> None:
    """Site 0 lists its articles (no sitemap, no feed) and answers conditional requests;
    site 1 lists new articles only in its sitemap, and does not. After a first job, site 0's articles are
    due at once (RECRAWL_ARTICLE_S=1), site 1's wait for their sitemap dates."""
    world = Newsroom(sites=2, seed=5, initial=12, warmup_s=3600, updates=0,
                     families=("links", "sitemap")).start()
    database = f"inc_{uuid.uuid4().hex[:8]}"
    env = {"MONGO_URI": endpoints.mongo_uri, "REDIS_URL": endpoints.redis_url,
           "MONGO_DATABASE": database, "CRAWLER_DATA_DIR": str(data_dir),
           "CRAWLER_ALLOW_PRIVATE": "1", "FRONTIER_SITE_RPS": "100", "RENDER_MODE": "never",
           "RECRAWL_MIN_S": "1", "RECRAWL_ARTICLE_S": "1", "RECRAWL_LISTING_S": "1"}
    config = _settings(env)
    store = ArticleStore(endpoints.mongo_uri, database)
    try:
        first = new_job_id()
        since = time.time()
        assert seed_job(config, endpoints.redis_url, endpoints.mongo_uri, first, world.urls,
                        ScheduledRun("news", incremental=True, since=0.0))
        _crawl(first, env)
        stored = {d["url"]: d for d in store.articles.find({}, {"url": 1, "crawl": 1})}
        assert len(stored) == 2 * 12
        before = [world.hits(0), world.hits(1)]
        fresh = [world.publish(0), world.publish(1)]
        updated = world.update(1)
        time.sleep(1.5)  # site 0's articles come due

        second = new_job_id()
        seeded = seed_job(config, endpoints.redis_url, endpoints.mongo_uri, second, world.urls,
                          ScheduledRun("news", incremental=True, since=since,
                                       previous_job=first))
        assert seeded is not None and seeded.skipped > 0  # site 1's articles are not due
        _crawl(second, env)
        after = [world.hits(0), world.hits(1)]
        fetched = [{p: n - before[i].get(p, 0) for p, n in after[i].items()
                    if n > before[i].get(p, 0)} for i in range(2)]

        # robots.txt fetched by the first job less than a day ago is not fetched again.
        assert "/robots.txt" not in fetched[0] and "/robots.txt" not in fetched[1]
        # Site 1: its sitemap, the new article and the updated one; no other article.
        site1_articles = {p for p in fetched[1] if p not in ("/", "/robots.txt",
                                                             "/sitemap.xml", "/about")}
        paths = {u.split(world.urls[1].rstrip("/"), 1)[1] for u in (fresh[1], updated)}
        assert site1_articles == paths, fetched[1]
        # Site 0: every old article asked for again, conditionally: 304, unchanged, not
        # extracted nor written again.
        job = store.get_job(second)
        assert job is not None and job.get("schedule") == "news"
        assert job["counters"]["not_modified"] >= 12, job["counters"]
        site0_old = [u for u in stored if u.startswith(world.urls[0])]
        for doc in store.articles.find({"url": {"$in": site0_old}}, {"crawl": 1}):
            assert doc["crawl"]["crawl_count"] == 1
        state = store.db["url_state"].find_one({"_id": {"$eq": site0_old[0]}})
        assert state is not None and state["unchanged"] == 1 and state["status"] == 304
        # The new articles are stored; the changed one has a revision of its old text.
        for url in fresh:
            assert store.articles.find_one({"url": {"$eq": url}}) is not None
        revision = store.revisions.find_one({"url": {"$eq": updated}})
        assert revision is not None and "Update:" not in revision["text"]
        now = store.articles.find_one({"url": {"$eq": updated}})
        assert now is not None and "Update:" in now["text"] and now["crawl"]["changed_at"]
    finally:
        world.stop()
        store.client.drop_database(database)
        store.close()


def test_sitemap_dates_are_read_news_sitemaps_included() -> None:
    from datetime import UTC, datetime

    from crawler.spiders.news import _publication_dates, _w3c

    body = (b'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
            b' xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>'
            b"http://a.test/1</loc><news:news><news:publication><news:name>A</news:name>"
            b"<news:language>en</news:language></news:publication><news:publication_date>"
            b"2026-12-01T10:00:00+01:00</news:publication_date><news:title>T</news:title>"
            b"</news:news></url><url><loc>http://a.test/2</loc><lastmod>2026-12-02</lastmod>"
            b"</url></urlset>")
    assert _publication_dates(body) == {"http://a.test/1": "2026-12-01T10:00:00+01:00"}
    assert _w3c("2026-12-01T10:00:00+01:00") == datetime(2026, 12, 1, 9, tzinfo=UTC).timestamp()
    assert _w3c("2026-12-02") == datetime(2026, 12, 2, tzinfo=UTC).timestamp()
    assert _w3c("2026-12-02T08:00:00Z") == datetime(2026, 12, 2, 8, tzinfo=UTC).timestamp()
    assert _w3c("yesterday") is None and _w3c(None) is None
