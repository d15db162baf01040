"""Faults of the parts a crawl stands on: MongoDB going away mid-crawl loses nothing and
hangs nothing; what it did not take is spilled, replayed when it is back, and the job
finishes by itself with every article stored."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from pymongo import MongoClient
from pymongo.errors import PyMongoError

from crawler.demosite import POST_COUNT, DemoServer, posts
from crawler.demosite.outages import MongoServer
from crawler.services import Endpoints
from crawler.storage import ArticleStore
from tests.conftest import ROOT


@pytest.fixture
def mongo(tmp_path: Path) -> Iterator[MongoServer]:
    server = MongoServer(tmp_path / "mongo").start()
    yield server
    server.stop()


def _stored(mongo: MongoServer, database: str) -> int:
    try:
        return int(MongoClient(mongo.uri, serverSelectionTimeoutMS=300)[database]
                   .articles.count_documents({}))
    except PyMongoError:
        return -1


def test_a_mongodb_outage_mid_crawl_loses_nothing(
    demo_site: DemoServer, endpoints: Endpoints, mongo: MongoServer, tmp_path: Path
) -> None:
    database = f"outage_{uuid.uuid4().hex[:8]}"
    env = {**os.environ, "MONGO_URI": mongo.uri, "REDIS_URL": endpoints.redis_url,
           "MONGO_DATABASE": database, "CRAWLER_DATA_DIR": str(tmp_path / "data"),
           "RENDER_WORKERS": "1", "FRONTIER_SITE_RPS": "8", "FRONTIER_SITE_CONCURRENCY": "4",
           "MONGO_OUTAGE_WAIT_S": "120"}
    crawl = subprocess.Popen([sys.executable, "-m", "crawler", "crawl", demo_site.url,
                              "--allow-private"], cwd=ROOT, env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while _stored(mongo, database) < 5 and time.monotonic() < deadline:
            time.sleep(0.2)
        assert crawl.poll() is None, "the crawl ended before the outage"
        mongo.stop()  # down mid-crawl, JavaScript pages still to render
        time.sleep(20)
        mongo.start()
        out, err = crawl.communicate(timeout=300)
    finally:
        if crawl.poll() is None:
            crawl.kill()
    assert crawl.returncode == 0, err[-3000:]
    assert "Traceback" not in err
    spilled = re.search(r"spilled to disk\s*│\s*(\d+) \(replayed (\d+)\)", out)
    assert spilled, out
    assert int(spilled.group(1)) > 0 and spilled.group(1) == spilled.group(2)
    store = ArticleStore(mongo.uri, database)
    try:
        urls = [d["url"] for d in store.articles.find({}, {"url": 1})]
        ids = sorted(int(m.group(1)) for u in urls if (m := re.search(r"/(\d+)/", u)))
        assert ids == list(range(1, POST_COUNT + 1))  # every post, once
        rendered = store.articles.count_documents({"fetch.rendered": True})
        assert rendered == len([p for p in posts() if p.js_mode])
        job = store.jobs.find_one({}, {"status": 1, "counters": 1})
        assert job is not None and job["status"] == "finished"
        assert job["counters"]["spill_pending"] == 0
    finally:
        store.close()
    assert not list((tmp_path / "data" / "spill").glob("*"))
