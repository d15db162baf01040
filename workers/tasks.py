"""Celery tasks: thin wrappers over :mod:`workers.render`.

Retries are Celery's own (``autoretry_for``): a render that fails in a way a retry may
fix is retried ``RENDER_MAX_RETRIES`` times with exponential backoff and full jitter
(up to 1 s, 2 s, 4 s, ... capped at 60 s). When the last retry fails too, the task's
``on_failure`` writes a dead letter: an ``errors`` document holding the task and its
arguments, so it can be sent again.

A rendered article or an error MongoDB does not take is spilled to disk and replayed
later (:mod:`crawler.spill`); one that cannot be spilled either is not acknowledged:
the task is rejected back to the queue, to be rendered again.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from celery import Task
from celery.concurrency.prefork import TaskPool as PreforkPool
from celery.exceptions import Reject
from celery.signals import (
    worker_process_init,
    worker_process_shutdown,
    worker_ready,
    worker_shutdown,
)

from crawler.config import RENDER_QUEUE
from crawler.frontier import JobNotFound
from crawler.spill import SpillError
from workers.app import CRAWL_QUEUE, RENDER_TASK, app, config
from workers.browser import NotRenderable, RenderError
from workers.render import Renderer

logger = logging.getLogger(__name__)

_renderer: Renderer | None = None
_guard = threading.Lock()
BACKOFF_MAX_S = 60
# The task's parameters in order, to name a dead letter's arguments however it was sent.
_PARAMETERS = ("url", "job_id", "reason", "static_words")


def renderer() -> Renderer:
    global _renderer
    with _guard:
        if _renderer is None:
            if not config.redis_url or not config.mongo_uri:
                raise RuntimeError("render workers need REDIS_URL and MONGO_URI of the crawl")
            _renderer = Renderer(config, config.redis_url, config.mongo_uri)
        return _renderer


def _renders() -> bool:
    """Whether this worker may take render tasks (any but a crawl worker, ``-Q crawl``):
    only then does it start a browser before its first task."""
    consumed = set(app.amqp.queues.consume_from or ())
    return not consumed or consumed != {CRAWL_QUEUE}


@worker_ready.connect
def _start_in_worker(sender: Any = None, **_: Any) -> None:
    """threads and solo pools run tasks in the worker process itself: start it there."""
    pool_cls = getattr(getattr(sender, "controller", None), "pool_cls", None)
    if not (isinstance(pool_cls, type) and issubclass(pool_cls, PreforkPool)) and _renders():
        renderer().start()


@worker_process_init.connect  # prefork: in each child, never in the parent
def _start_in_child(**_: Any) -> None:
    if _renders():
        renderer().start()


@worker_shutdown.connect
@worker_process_shutdown.connect
def _stop_browser(**_: Any) -> None:
    global _renderer
    with _guard:
        if _renderer is not None:
            _renderer.close()
            _renderer = None


def _reason(exc: BaseException) -> str:
    return str(exc) if isinstance(exc, RenderError) else f"{type(exc).__name__}: {exc}"


class RenderTask(Task):  # type: ignore[misc]  # Celery's Task is untyped
    """Retried by Celery on any error (a RenderError, or Redis or MongoDB away); a dead
    letter after the last retry."""

    autoretry_for = (Exception,)
    dont_autoretry_for = (Reject,)
    retry_backoff = True
    retry_backoff_max = BACKOFF_MAX_S
    retry_jitter = True
    # Expected failures: the worker logs them in one line, without a traceback.
    throws = (RenderError,)

    def on_retry(self, exc: BaseException, task_id: str, args: Any, kwargs: Any,
                 einfo: Any) -> None:
        if not isinstance(exc, RenderError):
            logger.warning("render of %s failed: %s", args[0] if args else kwargs.get("url"),
                           _reason(exc), exc_info=exc)
        worker = renderer()
        worker.metrics.count_failure(exc)
        worker.metrics.count("retried")

    def on_failure(self, exc: BaseException, task_id: str, args: Any, kwargs: Any,
                   einfo: Any) -> None:
        call = dict(zip(_PARAMETERS, args, strict=False)) | dict(kwargs)
        worker = renderer()
        worker.metrics.count_failure(exc)
        dead_letter = {
            "task": RENDER_TASK, "args": [call["url"], call["job_id"], call.get("reason")],
            "kwargs": {"static_words": call.get("static_words")},
            "queue": (self.request.delivery_info or {}).get("routing_key") or RENDER_QUEUE,
            "attempts": self.request.retries + 1,
        }
        try:
            outcome = worker.fail(call["url"], call["job_id"], _reason(exc),
                                  dead_letter=dead_letter)
        except SpillError as spill_exc:  # acknowledged already: say so as loudly as we can
            logger.critical("dead letter neither stored nor spilled: %s (%s)", dead_letter,
                            spill_exc)
            return
        worker.metrics.count(outcome)


@app.task(
    name=RENDER_TASK, base=RenderTask, bind=True, acks_late=True, reject_on_worker_lost=True,
    max_retries=config.render_max_retries, ignore_result=True,
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
        worker.metrics.count_failure(exc)
        outcome = worker.fail(url, job_id, str(exc))
    except SpillError as exc:  # neither in MongoDB nor on disk: not acknowledged
        raise Reject(str(exc), requeue=True) from exc
    worker.metrics.count(outcome)
    return outcome
