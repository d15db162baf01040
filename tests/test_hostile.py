"""The hostile world (crawler.demosite.hostile) against a real spider and real Chromium:
the internal stand-in's own counter says whether anything got in.

127.0.0.1 plays the public internet (CRAWLER_ALLOW_NETWORKS=127.0.0.1/32), 127.0.0.2 the
local network; names resolve through the world's stub, never the real DNS. Each attack
is also run with loopback allowed, to show the witness counts what reaches it."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from crawler.addresses import AddressPolicy
from crawler.config import CrawlerConfig
from crawler.demosite.hostile import (
    ARTICLES,
    ATTACKS,
    FAULTS,
    SECRET,
    HostileSite,
    InternalHost,
    StubHosts,
)
from crawler.services import Endpoints
from crawler.storage import ArticleStore
from tests.test_addresses import PRIVATE, PUBLIC_STAND_IN
from workers.browser import BrowserPool, NotRenderable

ROOT = Path(__file__).resolve().parent.parent


def _crawl(site: HostileSite, endpoints: Endpoints, data_dir: Path, database: str,
           allow: list[str]) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MONGO_URI": endpoints.mongo_uri, "REDIS_URL": endpoints.redis_url,
           "CRAWLER_DATA_DIR": str(data_dir), "MONGO_DATABASE": database}
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"start_urls={site.start_url}",
           "-a", "render=never", "-s", "LOG_LEVEL=WARNING", "-s", "DOWNLOAD_TIMEOUT=5",
           "-s", "TWISTED_DNS_RESOLVER=crawler.demosite.hostile.StubPolicyResolver", *allow]
    return subprocess.run(cmd, cwd=ROOT, env=env, text=True, capture_output=True, timeout=180,
                          check=False)


def test_the_spider_stays_out(hostile_world: tuple[HostileSite, InternalHost], endpoints: Endpoints,
                              data_dir: Path) -> None:
    site, internal = hostile_world
    database = f"hostile_{uuid.uuid4().hex[:8]}"
    result = _crawl(site, endpoints, data_dir, database,
                    ["-s", "CRAWLER_ALLOW_NETWORKS=127.0.0.1/32"])
    assert result.returncode == 0, result.stderr[-3000:]
    store = ArticleStore(endpoints.mongo_uri, database)
    try:
        assert internal.reached() == 0
        # The crawl went on: every page linked was fetched (a redirect loop many times).
        assert all(site.hits[path] >= 1 for path in ARTICLES + ATTACKS + FAULTS)
        texts = [d["text"] for d in store.articles.find({}, {"text": 1})]
        assert len(texts) >= len(ARTICLES) and not any(SECRET in t for t in texts)
        refused = {e["url"].split("/")[2] for e in store.errors.find(
            {"stage": "fetch", "reason": {"$regex": "^address refused"}})}
        # Pages hard to handle end as an article or an error, each.
        here = f"http://news.test:{site.port}"
        stored = set(store.articles.distinct("url"))
        errors = {e["url"]: e["reason"] for e in store.errors.find({}, {"url": 1, "reason": 1})}
        assert f"{here}/fault/broken" in stored
        for path, why in [("/fault/huge", "download max size"),
                          ("/fault/bomb", "exceeded download_maxsize"),
                          ("/fault/trickle", "timeout"), ("/fault/binary", "binary document"),
                          ("/fault/swallowed", "no body text"),
                          ("/fault/letters", "no article and no links")]:
            assert why.lower() in errors.get(here + path, "<none>").lower(), (path, errors)
        # A redirect loop ends at the frontier's seen-set, after one round.
        assert site.hits["/fault/loop-a"] + site.hits["/fault/loop-b"] <= 4
        assert "Traceback" not in result.stderr
        # The redirect by address and as IPv4-mapped IPv6, www. and the rebinding name.
        assert refused == {f"127.0.0.2:{site.internal_port}",
                           f"[::ffff:127.0.0.2]:{site.internal_port}",
                           f"www.news.test:{site.port}", f"rebind.news.test:{site.port}"}
    finally:
        store.client.drop_database(database)
        store.close()


def test_the_spider_witness_counts_what_gets_in(
    hostile_world: tuple[HostileSite, InternalHost], endpoints: Endpoints, data_dir: Path
) -> None:
    site, internal = hostile_world
    database = f"hostile_{uuid.uuid4().hex[:8]}"
    result = _crawl(site, endpoints, data_dir, database, ["-s", "CRAWLER_ALLOW_PRIVATE=1"])
    assert result.returncode == 0, result.stderr[-3000:]
    ArticleStore(endpoints.mongo_uri, database).client.drop_database(database)
    # The redirects by address and mapped, www. and the rebinding name: loopback, allowed.
    assert {"/secret/redirect", "/secret/mapped", "/secret/www", "/secret/rebind"} <= set(
        internal.hits)


def _pool(policy: AddressPolicy) -> BrowserPool:
    return BrowserPool(CrawlerConfig.load().require_chromium(), 15, pages=2, policy=policy,
                       resolve=StubHosts().resolve_async)


def test_chromium_stays_out(hostile_world: tuple[HostileSite, InternalHost]) -> None:
    site, internal = hostile_world
    pool = _pool(PUBLIC_STAND_IN)
    base = f"http://news.test:{site.port}"
    try:
        for attack in ("/attack/redirect", "/attack/redirect-mapped", "/attack/www"):
            with pytest.raises(NotRenderable, match="address refused"):
                pool.render(base + attack)
        page = pool.render(base + "/attack/script")  # fetch, XHR, iframe, image, WebSocket
        assert page.status == 200 and SECRET not in page.html
        assert pool.render(base + ARTICLES[0]).status == 200
    finally:
        pool.close()
    assert internal.reached() == 0
    assert pool.addresses_refused >= 3 + 5


def test_chromium_witness_counts_what_gets_in(hostile_world: tuple[HostileSite, InternalHost]) -> None:
    site, internal = hostile_world
    pool = _pool(PRIVATE)
    try:
        page = pool.render(f"http://news.test:{site.port}/attack/script")
    finally:
        pool.close()
    assert SECRET in page.html
    assert {"/secret/fetch", "/frame", "/pixel.gif", "/ws", "/latest/meta-data/"} <= set(
        internal.hits)
