"""Celery tasks: thin wrappers over :mod:`workers.render`.

A render that fails in a way a retry may fix is retried with exponential backoff and
jitter; after ``RENDER_MAX_RETRIES`` retries its task becomes a dead letter: an
``errors`` document holding the task and its arguments, so it can be sent again.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import Any

from celery import Task
from celery.concurrency.prefork import TaskPool as PreforkPool
from celery.signals import (
    worker_process_init,
    worker_process_shutdown,
    worker_ready,
    worker_shutdown,
)
from celery.utils.time import get_exponential_backoff_interval

from crawler.config import CrawlerConfig
from crawler.frontier import JobNotFound
from workers.app import RENDER_QUEUE, RENDER_TASK, app
from workers.browser import NotRenderable, RenderError
from workers.render import Renderer

logger = logging.getLogger(__name__)

_renderer: Renderer | None = None
_guard = threading.Lock()
_CONFIG = CrawlerConfig.load()
BACKOFF_FACTOR_S = 1
BACKOFF_MAX_S = 60


def renderer() -> Renderer:
    global _renderer
    with _guard:
        if _renderer is None:
            redis_url, mongo_uri = os.environ.get("REDIS_URL"), os.environ.get("MONGO_URI")
            if not redis_url or not mongo_uri:
                raise RuntimeError("render workers need REDIS_URL and MONGO_URI of the crawl")
            _renderer = Renderer(_CONFIG, redis_url, mongo_uri)
        return _renderer


@worker_ready.connect
def _start_in_worker(sender: Any = None, **_: Any) -> None:
    """threads and solo pools run tasks in the worker process itself: start it there."""
    pool_cls = getattr(getattr(sender, "controller", None), "pool_cls", None)
    if not (isinstance(pool_cls, type) and issubclass(pool_cls, PreforkPool)):
        renderer().start()


@worker_process_init.connect  # prefork: in each child, never in the parent
def _start_in_child(**_: Any) -> None:
    renderer().start()


@worker_shutdown.connect
@worker_process_shutdown.connect
def _stop_browser(**_: Any) -> None:
    global _renderer
    with _guard:
        if _renderer is not None:
            _renderer.close()
            _renderer = None


@app.task(
    name=RENDER_TASK, bind=True, acks_late=True, reject_on_worker_lost=True,
    max_retries=_CONFIG.render_max_retries, ignore_result=True,
)
def render_page(self: Task, url: str, job_id: str, reason: str | None = None,
                static_words: int | None = None) -> str:
    """Render one page, extract and store its article, hand its links to the crawl."""
    worker = renderer()
    try:
        outcome = worker.run(url, job_id, reason, static_words)
    except JobNotFound:
        outcome = worker.fail(url, job_id, "the crawl job is gone from Redis (expired or "
                              "deleted); nothing to render for")
    except NotRenderable as exc:
        outcome = worker.fail(url, job_id, str(exc))
    except Exception as exc:  # RenderError, or Redis or Mongo away: retry, then dead-letter
        if not isinstance(exc, RenderError):
            logger.warning("render of %s failed: %s: %s", url, type(exc).__name__, exc,
                           exc_info=True)
            exc = RenderError(f"{type(exc).__name__}: {exc}")
        attempt = self.request.retries
        if attempt < self.max_retries:
            worker.metrics.count("retried")
            countdown = get_exponential_backoff_interval(
                BACKOFF_FACTOR_S, attempt + 1, BACKOFF_MAX_S, full_jitter=True)
            raise self.retry(exc=exc, countdown=max(countdown, 0.5)) from None
        outcome = worker.fail(url, job_id, str(exc), dead_letter={
            "task": RENDER_TASK, "args": [url, job_id, reason],
            "kwargs": {"static_words": static_words},
            "queue": (self.request.delivery_info or {}).get("routing_key") or RENDER_QUEUE,
            "attempts": attempt + 1,
        })
    worker.metrics.count(outcome)
    return outcome
