"""A crawl job's frontier, created with a config's settings or joined as it was created,
and the seeding of a distributed job (its start URLs queued, and for a scheduled job
the plan of what is due: :mod:`crawler.recrawl`)."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

import redis

from crawler.config import ConfigError, CrawlerConfig
from crawler.frontier import Entry, Frontier, JobNotFound, connect, job_prefix
from crawler.frontier.requests import blob_for_url
from crawler.frontier.robots import SharedRobots, carry_over
from crawler.recrawl import CALLBACKS, REVISIT, RecrawlState, conditional_headers, plan
from crawler.storage import ArticleStore
from crawler.urls import LISTING_PRIORITY, site_of

# The frontier meta of a scheduled job: its schedule, whether it is incremental, and
# when the schedule's previous job started (sitemap entries modified since are due).
SCHEDULE_META = "schedule"
INCREMENTAL_META = "incremental"
SINCE_META = "since"


def create_frontier(client: redis.Redis, job_id: str, config: CrawlerConfig,
                    seeds: list[str], info: dict[str, str] | None = None) -> Frontier:
    """Create the job's frontier with this config's settings (or join it if it exists)."""
    meta = {"seeds": "\n".join(seeds), "render_mode": config.render_mode, **(info or {})}
    return Frontier.create(client, job_id, config.frontier_settings(), meta)


def join_frontier(client: redis.Redis, job_id: str, where: str) -> Frontier:
    """The job's frontier, or ConfigError saying how to create one (``where``: the Redis)."""
    try:
        return Frontier.join(client, job_id)
    except JobNotFound:
        raise ConfigError(
            f"no start URLs, and no crawl job {job_id!r} in Redis at {where}: pass "
            "-a start_urls=URL, or -a job=ID of a job created with python -m crawler crawl "
            "--distributed"
        ) from None


@dataclass(frozen=True)
class ScheduledRun:
    """What a job fired by a schedule carries: the schedule's name, whether it is
    incremental, when the schedule's previous job started (0: never), and that job."""

    schedule: str
    incremental: bool
    since: float = 0.0
    previous_job: str | None = None  # its robots.txt files are carried over (24 h)


@dataclass(frozen=True)
class Seeded:
    queued: int  # requests queued (start URLs, and due URLs of a scheduled job)
    skipped: int  # known URLs not due: marked seen, not fetched


def seed_job(config: CrawlerConfig, redis_url: str, mongo_uri: str, job_id: str,
             seeds: list[str], run: ScheduledRun | None = None) -> Seeded | None:
    """Create the job's frontier in Redis and queue its seeds; spiders that join crawl it.
    None, and nothing queued, when the job exists already: seeding twice (a retried
    Kubernetes Job, say) does not fetch the start pages twice. An incremental run queues
    what :func:`crawler.recrawl.plan` finds due and marks the rest seen."""
    client = connect(redis_url)
    if Frontier.read_meta(client, job_id):
        return None
    info = {}
    if run is not None:
        info = {SCHEDULE_META: run.schedule, INCREMENTAL_META: "1" if run.incremental else "0",
                SINCE_META: repr(run.since)}
    store = ArticleStore(mongo_uri, config.mongo_database)
    try:
        entries: dict[str, Entry] = {}
        skipped = 0
        frontier = create_frontier(client, job_id, config, seeds, info)
        if run is not None and run.previous_job:
            carry_over(job_prefix(run.previous_job), SharedRobots(frontier, config.user_agent),
                       time.time())
        if run is not None and run.incremental:
            states = RecrawlState(store.db, config.recrawl_policy(), store.one_by_one)
            states.ensure_indexes()
            found = plan(states.of_sites(site_of(u) for u in seeds), time.time(), seeds,
                         config.recrawl_max_s)
            skipped = frontier.mark_seen(blob_for_url(u)[1] for u in found.not_due)
            for state in found.due:
                url = state["_id"]
                kind = state.get("kind", "other")
                priority = 0 if kind == "article" else LISTING_PRIORITY
                blob, fp = blob_for_url(
                    url, priority, callback=CALLBACKS.get(kind, "parse"),
                    headers=conditional_headers(state),
                    meta={REVISIT: kind, "handle_httpstatus_list": [304]})
                entries[url] = Entry(blob, fp, url=url, priority=priority, dont_filter=True)
        for url in seeds:
            if url not in entries:
                blob, fp = blob_for_url(url, LISTING_PRIORITY)
                entries[url] = Entry(blob, fp, url=url, priority=LISTING_PRIORITY,
                                     dont_filter=True)
        queued = frontier.push(entries.values())
        if store.get_job(job_id) is None:
            settings: dict[str, Any] = {"render_mode": config.render_mode,
                                        "frontier": config.frontier_settings().as_dict()}
            job: dict[str, Any] = {"job_id": job_id, "status": "queued", "seeds": seeds,
                                   "settings": settings, "started_at": None,
                                   "finished_at": None, "counters": {}}
            if run is not None:
                job["schedule"] = run.schedule
                settings["incremental"] = run.incremental
            store.save_job(job)
    finally:
        store.close()
    return Seeded(queued, skipped)
