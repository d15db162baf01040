"""End to end: the CLI and `scrapy crawl` against the demo portal, real Redis, real
Chromium render workers and the embedded Mongo wire server."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from crawler.contract import violation
from crawler.demosite import BROKEN_500, BROKEN_GARBLED, POST_COUNT, DemoServer, posts
from crawler.documents import article_document
from crawler.extract import extract
from crawler.extract._text import clean
from crawler.services import Endpoints
from crawler.storage import ArticleStore, by_job
from tests.conftest import ROOT, run_cli

JS_POSTS = [p for p in posts() if p.js_mode]


@pytest.fixture(scope="module")
def crawl_env(endpoints: Endpoints, data_dir: Path) -> Iterator[dict[str, str]]:
    database = f"e2e_{uuid.uuid4().hex[:8]}"
    env = {"MONGO_URI": endpoints.mongo_uri, "REDIS_URL": endpoints.redis_url,
           "MONGO_DATABASE": database, "CRAWLER_DATA_DIR": str(data_dir), "RENDER_WORKERS": "2",
           # The demo portal is local: a budget well above the polite default.
           "FRONTIER_SITE_RPS": "100", "FRONTIER_SITE_CONCURRENCY": "16"}
    yield env
    store = ArticleStore(endpoints.mongo_uri, database)
    store.client.drop_database(database)
    store.close()


@pytest.fixture(scope="module")
def db(endpoints: Endpoints, crawl_env: dict[str, str]) -> Iterator[ArticleStore]:
    store = ArticleStore(endpoints.mongo_uri, crawl_env["MONGO_DATABASE"])
    yield store
    store.close()


@pytest.fixture(scope="module")
def first_crawl(demo_site: DemoServer, crawl_env: dict[str, str], db: ArticleStore) -> str:
    job = f"e2e-{uuid.uuid4().hex[:8]}"
    result = run_cli("crawl", demo_site.url, "--allow-private", "--job", job, env=crawl_env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert "articles stored" in result.stdout
    return job


def _post_id(url: str) -> int:
    match = re.search(r"/(?:blogs|live)/(\d+)/", url)
    assert match, f"not an article URL: {url}"
    return int(match.group(1))


def test_every_post_is_stored_once_and_nothing_else(first_crawl: str, db: ArticleStore) -> None:
    docs = list(db.articles.find({}, {"url": 1}))
    ids = sorted(_post_id(d["url"]) for d in docs)
    assert ids == list(range(1, POST_COUNT + 1))


def test_javascript_posts_are_rendered_with_full_body(first_crawl: str, db: ArticleStore) -> None:
    rendered = {_post_id(d["url"]): d for d in db.articles.find({"fetch.rendered": True})}
    assert sorted(rendered) == sorted(p.id for p in JS_POSTS)
    for post in JS_POSTS:
        doc = rendered[post.id]
        expected = [clean(p) for i, p in enumerate(post.paragraphs) if i not in post.subheadings]
        assert doc["paragraphs"] == expected
        assert doc["title"] == post.title
        # Once three live-section pages showed they need a browser, the rest of that
        # section may go straight to rendering.
        allowed = {"js-shell", "learned-pattern"} if post.js_mode == "app" else {"js-shell"}
        assert doc["fetch"]["render_reason"] in allowed
        assert len(doc["related"]) == 5


def test_static_posts_keep_their_metadata(first_crawl: str, db: ArticleStore) -> None:
    doc = db.articles.find_one({"url": {"$regex": "/blogs/1/"}})
    assert doc is not None
    assert doc["views"] == 2000 and doc["comments"] == 0
    assert doc["fetch"]["rendered"] is False
    assert isinstance(doc["published_at"], datetime)
    assert doc["schema_version"] == 2


def test_broken_pages_land_in_errors(first_crawl: str, db: ArticleStore) -> None:
    errors = {e["url"].split("/", 3)[3]: e for e in db.errors.find({"job_id": first_crawl})}
    assert errors["/".join(BROKEN_500.split("/")[1:])]["stage"] == "fetch"
    assert errors["/".join(BROKEN_500.split("/")[1:])]["reason"] == "HTTP 500"
    assert errors["/".join(BROKEN_GARBLED.split("/")[1:])]["stage"] == "parse"
    assert len(errors) == 2


def test_job_document(first_crawl: str, db: ArticleStore) -> None:
    job = db.get_job(first_crawl)
    assert job is not None
    assert job["status"] == "finished"
    assert job["counters"]["rendered_articles"] == len(JS_POSTS)
    assert job["counters"]["render_pending"] == 0


def test_recrawl_is_idempotent(
    first_crawl: str, demo_site: DemoServer, crawl_env: dict[str, str], db: ArticleStore
) -> None:
    before = {d["url"]: d["crawl"] for d in db.articles.find({}, {"url": 1, "crawl": 1})}
    job = f"e2e-{uuid.uuid4().hex[:8]}"
    result = run_cli("crawl", demo_site.url, "--allow-private", "--job", job, env=crawl_env)
    assert result.returncode == 0, result.stderr[-3000:]
    after = {d["url"]: d["crawl"] for d in db.articles.find({}, {"url": 1, "crawl": 1})}
    assert after.keys() == before.keys()
    for url, crawl in after.items():
        assert crawl["crawl_count"] == before[url]["crawl_count"] + 1
        assert crawl["first_seen"] == before[url]["first_seen"]
        assert crawl["last_seen"] > before[url]["last_seen"]
        assert crawl["job_id"] == job


def test_export_jsonl_and_csv(first_crawl: str, crawl_env: dict[str, str], tmp_path: Path) -> None:
    result = run_cli("export", env=crawl_env)
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == POST_COUNT
    assert all(datetime.fromisoformat(d["published_at"]) for d in lines)
    out = tmp_path / "a.csv"
    result = run_cli("export", "--format", "csv", "--output", str(out), env=crawl_env)
    assert result.returncode == 0, result.stderr
    rows = out.read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("url,title,domain")
    assert f"exported {POST_COUNT} articles" in result.stderr
    # The job's own (every post was stored by it): found through the array of jobs,
    # which the embedded server's index on it hid from a plain equality match.
    by_job_run = run_cli("export", "--job", first_crawl, env=crawl_env)
    assert f"exported {POST_COUNT} articles" in by_job_run.stderr


def test_scrapy_crawl_from_repo_root(
    demo_site: DemoServer, endpoints: Endpoints, data_dir: Path
) -> None:
    database = f"scrapy_{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "MONGO_URI": endpoints.mongo_uri, "REDIS_URL": endpoints.redis_url,
           "CRAWLER_DATA_DIR": str(data_dir), "MONGO_DATABASE": database}
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"start_urls={demo_site.url}",
           "-a", "render=never", "-s", "CRAWLER_ALLOW_PRIVATE=1", "-s", "LOG_LEVEL=WARNING",
           "-s", "FRONTIER_SITE_RPS=100", "-s", "FRONTIER_SITE_CONCURRENCY=16"]
    result = subprocess.run(cmd, cwd=ROOT, env=env, text=True, capture_output=True, timeout=240,
                            check=False)
    assert result.returncode == 0, result.stderr[-3000:]
    store = ArticleStore(endpoints.mongo_uri, database)
    try:
        ids = sorted(_post_id(d["url"]) for d in store.articles.find({}, {"url": 1}))
        assert ids == sorted(p.id for p in posts() if not p.js_mode)
        needs_js: list[dict[str, Any]] = list(store.errors.find({"stage": "render"}))
        assert sorted(_post_id(e["url"]) for e in needs_js) == sorted(p.id for p in JS_POSTS)
    finally:
        store.client.drop_database(database)
        store.close()


def test_every_document_of_the_crawl_fits_the_published_schema(
        first_crawl: str, db: ArticleStore) -> None:
    """What downstream teams read is what schema/*.schema.json says, errors and jobs too."""
    checked = 0
    for collection, docs in (("article", db.articles.find(by_job(first_crawl))),
                             ("error", db.errors.find({"job_id": first_crawl})),
                             ("job", db.jobs.find({"job_id": first_crawl}))):
        for doc in docs:
            assert violation(collection, doc) is None, (collection, doc.get("url"),
                                                        violation(collection, doc))
            checked += 1
    assert checked > POST_COUNT


def test_a_document_failing_the_schema_is_refused_with_an_error(store: ArticleStore) -> None:
    url = "https://news.example/2024/05/broken"
    good = article_document(extract(f"<html><head><title>A</title></head><body><article><h1>A"
                                    f"</h1><p>{'Words of a story. ' * 30}</p></article></body>"
                                    "</html>", url), fetched_url=url, status=200,
                            rendered=False, elapsed_ms=3)
    broken = {**good, "url": "https://news.example/2024/05/broken-2", "word_count": "many"}
    counts = store.upsert_articles([good, broken], "schema-job")
    assert counts["refused"] == 1 and counts["inserted"] == 1
    assert store.articles.count_documents({"url": broken["url"]}) == 0
    (error,) = store.errors.find({"url": broken["url"]})
    assert error["stage"] == "schema" and "word_count" in error["reason"]
    assert error["job_id"] == "schema-job"


def test_robots_txt_is_fetched_when_every_slot_of_the_site_waits_for_it(
    demo_site: DemoServer, endpoints: Endpoints, data_dir: Path
) -> None:
    """Each request a spider takes holds one of its site's fetch slots while it waits
    for the site's robots.txt: the robots.txt fetch uses that slot. (It waited for a free
    one: for ever at FRONTIER_SITE_CONCURRENCY=1, and at any concurrency once as many
    requests of the site as slots were taken before the rules came, as when a schedule's
    job queues many due pages of a site at once.)"""
    from crawler.config import CrawlerConfig
    from crawler.frontier import new_job_id
    from crawler.jobs import seed_job

    database = f"slots_{uuid.uuid4().hex[:8]}"
    starts = [demo_site.url] + [f"{demo_site.url.rstrip('/')}{p.path}" for p in posts()[:7]]
    env = {"MONGO_URI": endpoints.mongo_uri, "REDIS_URL": endpoints.redis_url,
           "MONGO_DATABASE": database, "CRAWLER_DATA_DIR": str(data_dir),
           "FRONTIER_SITE_RPS": "4", "FRONTIER_SITE_CONCURRENCY": "1",
           "CRAWLER_ALLOW_PRIVATE": "1"}
    job = new_job_id()
    config = CrawlerConfig.load(**{k.lower(): v for k, v in env.items()})
    assert seed_job(config, endpoints.redis_url, endpoints.mongo_uri, job, starts)
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"job={job}", "-a",
           "render=never", "-a", "max_pages=12", "-s", "LOG_LEVEL=WARNING"]
    try:
        result = subprocess.run(cmd, cwd=ROOT, env={**os.environ, **env}, text=True,
                                capture_output=True, timeout=60, check=False)
        assert result.returncode == 0, result.stderr[-3000:]
        store = ArticleStore(endpoints.mongo_uri, database)
        assert store.articles.count_documents({}) >= 5
    finally:
        store = ArticleStore(endpoints.mongo_uri, database)
        store.client.drop_database(database)
        store.close()
