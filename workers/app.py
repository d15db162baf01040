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

import logging
from typing import Any

from celery import Celery
from kombu.transport import redis as kombu_redis

from crawler.config import RENDER_QUEUE, CrawlerConfig
from crawler.services import broker_url

logger = logging.getLogger(__name__)

RENDER_TASK = "workers.tasks.render_page"
CRAWL_QUEUE = "crawl"
CRAWL_TASK = "workers.crawling.crawl_job"
_BRPOP_TIMEOUT_S = 0.25


class _QoS(kombu_redis.QoS):
    """kombu's Redis QoS, surviving a restore on a channel whose connection is gone.

    When Redis goes away, Celery closes the broker connection and the channel tries to
    put its unacknowledged messages back; kombu then builds a client from a connection
    already released and raises AttributeError ("'NoneType' object has no attribute
    'hostname'"), which Celery takes for an unrecoverable error: the worker exits. The
    messages are safe in Redis either way (unacked, handed out again after the
    visibility timeout), so the failed restore is logged and the worker reconnects. An
    acknowledgement sent on the lost connection fails the same way, and is logged."""

    def restore_unacked_once(self, stderr: Any = None) -> None:
        try:
            super().restore_unacked_once(stderr)  # type: ignore[no-untyped-call]
        except AttributeError as exc:
            logger.warning("unacknowledged tasks not restored on a lost broker connection "
                           "(%s); they come back after the visibility timeout", exc)

    def ack(self, delivery_tag: Any) -> None:
        # A task that ends after the connection it came on was lost: the same
        # AttributeError. Unacknowledged, it is handed out again after the visibility
        # timeout and rendered twice; storage is an idempotent upsert.
        try:
            super().ack(delivery_tag)  # type: ignore[no-untyped-call]
        except AttributeError as exc:
            logger.warning("task not acknowledged on a lost broker connection (%s); it "
                           "comes back after the visibility timeout", exc)


kombu_redis.Channel.QoS = _QoS


def create_app(broker: str | None, config: CrawlerConfig) -> Celery:
    """The render app on ``broker`` (a kombu URL; None: in memory, for senders in tests)."""
    visibility_s = config.render_visibility_timeout_s
    celery = Celery("newscrawler", broker=broker or "memory://",
                    include=["workers.tasks", "workers.crawling"])
    celery.conf.update(
        task_default_queue=RENDER_QUEUE,
        task_routes={RENDER_TASK: {"queue": RENDER_QUEUE}, CRAWL_TASK: {"queue": CRAWL_QUEUE}},
        # `celery -A workers.app beat` fires the crawl's schedules (workers.beat).
        beat_scheduler="workers.beat:ScheduleBeat",
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
        # Task events for Flower and `celery events` (CELERY_TASK_EVENTS), as -E does.
        worker_send_task_events=config.celery_task_events,
        task_send_sent_event=config.celery_task_events,
    )
    return celery


config = CrawlerConfig.load()
app = create_app(broker_url(config.redis_url) if config.redis_url else None, config)
