"""The crawl task: one spider process for a crawl job, on a crawl worker.

``celery -A workers.app worker -Q crawl`` runs them (``python -m crawler serve`` starts
one). The spider runs in a subprocess (``scrapy crawl news -a job=ID``) because
Twisted's reactor cannot be started twice in one process; its log goes to
``CRAWLER_DATA_DIR/crawl-jobs/JOB.log``. Several tasks for one job (a schedule's
``spiders``) are several spiders sharing the job's frontier, on any machines with a
crawl worker.

The task is acknowledged when the spider ends. A worker that dies first leaves it
unacknowledged: Redis hands it out again after the visibility timeout, and the new
spider resumes the job from its frontier. Redis also hands out again a task running
longer than that timeout; the spider it starts joins the same job (or, once the job has
finished, ends at once). A spider that exits with an error, or runs past
``CRAWL_TASK_TIMEOUT_S``, leaves an ``errors`` document (stage ``crawl``).
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys

from crawler.frontier import Frontier, connect
from crawler.storage import ArticleStore
from workers.app import CRAWL_TASK, app, config

logger = logging.getLogger(__name__)

_STOP_GRACE_S = 30


@app.task(name=CRAWL_TASK, acks_late=True, reject_on_worker_lost=True, ignore_result=True)
def crawl_job(job_id: str, max_pages: int = 0, render: str | None = None) -> int:
    """Run a spider on crawl job ``job_id`` until the job is done; its exit code."""
    if not config.redis_url or not config.mongo_uri:
        raise RuntimeError("crawl workers need REDIS_URL and MONGO_URI of the crawl")
    meta = Frontier.read_meta(connect(config.redis_url), job_id)
    if not meta or "finished_at" in meta:
        logger.info("job %s is %s: no spider started", job_id,
                    "finished" if meta else "gone from Redis")
        return 0
    cmd = [sys.executable, "-m", "scrapy", "crawl", "news", "-a", f"job={job_id}"]
    if max_pages:
        cmd += ["-a", f"max_pages={max_pages}"]
    if render:
        cmd += ["-a", f"render={render}"]
    logs = config.ensure_data_dir() / "crawl-jobs"
    logs.mkdir(exist_ok=True)
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "crawler.settings"}
    with open(logs / f"{job_id}.log", "ab") as log:
        # In the worker's process group: a worker told to stop stops its spider too.
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            code = proc.wait(timeout=config.crawl_task_timeout_s)
            why = f"the spider exited with code {code}" if code else None
        except subprocess.TimeoutExpired:
            _stop(proc)
            code = -1
            why = f"the spider ran past CRAWL_TASK_TIMEOUT_S={config.crawl_task_timeout_s:g} s"
    if why:
        seeds = [u for u in meta.get("seeds", "").split("\n") if u]
        store = ArticleStore(config.mongo_uri, config.mongo_database)
        try:
            store.record_error(seeds[0] if seeds else "", "crawl",
                               f"{why}; log: {logs / f'{job_id}.log'}", job_id)
        finally:
            store.close()
        logger.error("job %s: %s", job_id, why)
    return code


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """SIGTERM (Scrapy closes the spider and saves the job), then SIGKILL."""
    proc.terminate()
    try:
        proc.wait(timeout=_STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
