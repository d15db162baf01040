"""The Celery app. Workers start with ``celery -A workers.app worker -Q render --pool threads``.

The broker is the crawl's Redis (``REDIS_URL``); every setting comes from
:class:`crawler.config.CrawlerConfig`, read once per process (:data:`config`). A worker
process runs Celery's ``threads`` pool with ``RENDER_PAGES`` threads that share the
process's one Chromium (:mod:`workers.browser`); run one worker process per core or two.
(The pool is not set in the app's configuration because Celery then ignores ``--pool
prefork`` given on the command line.)

Delivery: tasks are acknowledged late, after the article is stored, and rejected back
to the queue when a prefork child dies. A task held by a worker process that died
without acknowledging it (killed, machine lost) is handed out again once
``RENDER_VISIBILITY_TIMEOUT_S`` has passed; storage is an idempotent upsert, so a
redelivered render never duplicates an article.
"""

from __future__ import annotations

from celery import Celery

from crawler.config import CrawlerConfig
from crawler.services import broker_url

RENDER_QUEUE = "render"
RENDER_TASK = "workers.tasks.render_page"
_BRPOP_TIMEOUT_S = 0.25


def create_app(broker: str | None, config: CrawlerConfig) -> Celery:
    """The render app on ``broker`` (a kombu URL; None: in memory, for senders in tests)."""
    visibility_s = config.render_visibility_timeout_s
    celery = Celery("newscrawler", broker=broker or "memory://", include=["workers.tasks"])
    celery.conf.update(
        task_default_queue=RENDER_QUEUE,
        task_routes={RENDER_TASK: {"queue": RENDER_QUEUE}},
        task_acks_late=True,
        task_reject_on_worker_lost=True,
        task_ignore_result=True,
        worker_concurrency=config.render_pages,
        worker_prefetch_multiplier=1,
        worker_hijack_root_logger=False,
        broker_connection_retry_on_startup=True,
        broker_transport_options={
            "visibility_timeout": visibility_s,
            # sweep for tasks of dead workers often enough to honour the timeout
            "unacked_restore_interval": max(1, min(10, int(visibility_s // 4))),
            "unacked_restore_throttle": 1,
            # kombu's Redis transport blocks in BRPOP this long per poll, and a worker
            # that is told to stop waits for the poll in flight: at the default of 1 s,
            # most of a local worker's shutdown. 4 idle polls a second cost nothing.
            "polling_interval": _BRPOP_TIMEOUT_S,
        },
        task_serializer="json",
        accept_content=["json"],
    )
    return celery


config = CrawlerConfig.load()
app = create_app(broker_url(config.redis_url) if config.redis_url else None, config)
