"""The Celery app. Workers start with ``celery -A workers.app worker -Q render``.

The broker is the crawl's Redis (``REDIS_URL``). Tasks are acknowledged late and
rejected (so redelivered) when the worker process dies; the broker's visibility
timeout is set well above the longest render so a slow render is not redelivered
while it still runs.
"""

from __future__ import annotations

import os

from celery import Celery

from crawler.config import CrawlerConfig
from crawler.services import Endpoints

RENDER_QUEUE = "render"
RENDER_TASK = "workers.tasks.render_page"


def broker_url_from_env() -> str | None:
    url = os.environ.get("REDIS_URL")
    if not url:
        return None
    return Endpoints(redis_url=url, mongo_uri="").broker_url


def create_app(broker_url: str | None, config: CrawlerConfig | None = None) -> Celery:
    config = config or CrawlerConfig.load()
    longest_task_s = config.render_timeout_s * 3
    celery = Celery("newscrawler", broker=broker_url or "memory://", include=["workers.tasks"])
    celery.conf.update(
        task_default_queue=RENDER_QUEUE,
        task_routes={RENDER_TASK: {"queue": RENDER_QUEUE}},
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        task_time_limit=longest_task_s + 30,
        task_soft_time_limit=longest_task_s,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
        broker_transport_options={"visibility_timeout": max(3600, int(longest_task_s * 10))},
        task_serializer="json",
        accept_content=["json"],
    )
    return celery


app = create_app(broker_url_from_env())
