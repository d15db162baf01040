"""Celery beat's scheduler for the crawl's schedules (``app.conf.beat_scheduler``).

``celery -A workers.app beat`` runs it. Every ``SCHEDULE_POLL_S`` it fires the schedules
whose time has come (:func:`crawler.schedules.fire_due`): each run is claimed with one
Redis ``SET NX``, so any number of beat processes may run at once (a standby in each
zone, say) and each run is fired by exactly one of them. A fired run creates the crawl
job (:func:`crawler.jobs.seed_job`) and sends ``spiders`` crawl tasks to the ``crawl``
queue; a run whose schedule's previous job still runs is skipped (counted in the
schedule's ``skipped``), so one schedule never crawls the same sites twice at once.

Why not celery-redbeat: it keeps schedules only in Redis (the broker's Redis often keeps
nothing on disk) and lets one beat work while the others wait for its lock to expire;
here schedules live in MongoDB beside the jobs they start, and the claim per run lets
every beat work with no failover wait.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from celery import beat

from crawler.config import CrawlerConfig
from crawler.frontier import Frontier, connect, new_job_id
from crawler.frontier.core import JOB_TTL_S
from crawler.jobs import ScheduledRun, seed_job
from crawler.schedules import Schedule, ScheduleStore, fire_due
from crawler.storage import ArticleStore
from workers.app import CRAWL_QUEUE, CRAWL_TASK

logger = logging.getLogger(__name__)


class ScheduleBeat(beat.Scheduler):  # type: ignore[misc]  # Celery's beat is untyped
    """Celery's in-memory scheduler (for any ``beat_schedule`` entries) plus the
    schedules of the ``schedules`` collection."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.config = CrawlerConfig.load()
        if not (self.config.redis_url and self.config.mongo_uri):
            raise SystemExit("celery beat needs REDIS_URL and MONGO_URI of the crawl (python "
                             "-m crawler serve sets them for its own)")
        self._store = ArticleStore(self.config.mongo_uri, self.config.mongo_database)
        self._schedules = ScheduleStore(self._store.db)
        self._redis = connect(self.config.redis_url)
        super().__init__(*args, **kwargs)

    def tick(self, *args: Any, **kwargs: Any) -> float:
        wait = float(super().tick(*args, **kwargs))
        try:
            fire_due(self._schedules, self._redis, self.start_job)
        except Exception as exc:  # noqa: BLE001 - a failed poll (MongoDB away) is tried again
            logger.warning("schedules not polled: %s", exc)
        return min(wait, self.config.schedule_poll_s)

    def start_job(self, schedule: Schedule) -> str | None:
        """Create the run's job and send its crawl tasks; None while the schedule's
        previous job still runs."""
        if schedule.last_job and _running(self._redis, schedule.last_job):
            return None
        config = self.config
        if schedule.render:
            config = config.model_copy(update={"render_mode": schedule.render})
        job_id = new_job_id()
        assert config.redis_url and config.mongo_uri
        run = ScheduledRun(schedule.name, not schedule.full, schedule.last_fired_at or 0.0,
                           schedule.last_job)
        seed_job(config, config.redis_url, config.mongo_uri, job_id, schedule.urls, run)
        for _ in range(max(1, schedule.spiders)):
            self.app.send_task(CRAWL_TASK, args=[job_id],
                               kwargs={"max_pages": schedule.max_pages,
                                       "render": schedule.render},
                               queue=CRAWL_QUEUE)
        return job_id

    def close(self) -> None:
        super().close()
        self._store.close()


def _running(client: Any, job_id: str) -> bool:
    """Whether a job's frontier is there and not finished, and younger than its keys'
    lifetime (a job every spider abandoned blocks its schedule no longer)."""
    meta = Frontier.read_meta(client, job_id)
    return bool(meta) and "finished_at" not in meta and time.time() - float(
        meta.get("created_at", 0)) < JOB_TTL_S
