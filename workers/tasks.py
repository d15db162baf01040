"""Celery tasks: thin wrappers over :mod:`workers.render`."""

from __future__ import annotations

import logging
import os
from typing import Any

from celery import Task
from celery.signals import worker_process_init, worker_process_shutdown

from crawler.config import CrawlerConfig
from crawler.frontier import JobNotFound
from workers.app import RENDER_TASK, app
from workers.browser import RenderError
from workers.render import Renderer

logger = logging.getLogger(__name__)

_renderer: Renderer | None = None
_CONFIG = CrawlerConfig.load()


def renderer() -> Renderer:
    global _renderer
    if _renderer is None:
        redis_url, mongo_uri = os.environ.get("REDIS_URL"), os.environ.get("MONGO_URI")
        if not redis_url or not mongo_uri:
            raise RuntimeError("render workers need REDIS_URL and MONGO_URI of the crawl")
        _renderer = Renderer(_CONFIG, redis_url, mongo_uri)
    return _renderer


@worker_process_init.connect
def _start_browser(**_: Any) -> None:
    renderer().pool.start()


@worker_process_shutdown.connect
def _stop_browser(**_: Any) -> None:
    global _renderer
    if _renderer is not None:
        _renderer.close()
        _renderer = None


@app.task(
    name=RENDER_TASK, bind=True, acks_late=True, reject_on_worker_lost=True,
    max_retries=_CONFIG.render_max_retries, ignore_result=True,
)
def render_page(self: Task, url: str, job_id: str, reason: str | None = None) -> str:
    """Render one page, extract and store its article, hand its links to the crawl."""
    try:
        return renderer().run(url, job_id, reason)
    except JobNotFound:
        renderer().fail(url, job_id, "render", "the crawl job is gone from Redis (expired or "
                        "deleted); nothing to render for")
        return "failed"
    except RenderError as exc:
        if self.request.retries < self.max_retries:
            countdown = min(30, 2 ** self.request.retries)
            raise self.retry(exc=exc, countdown=countdown) from None
        renderer().fail(url, job_id, "render", str(exc), attempts=self.request.retries + 1)
        return "failed"
