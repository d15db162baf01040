"""A crawl job's frontier, created with a config's settings or joined as it was created."""

from __future__ import annotations

import redis

from crawler.config import ConfigError, CrawlerConfig
from crawler.frontier import Frontier, JobNotFound


def create_frontier(client: redis.Redis, job_id: str, config: CrawlerConfig,
                    seeds: list[str]) -> Frontier:
    """Create the job's frontier with this config's settings (or join it if it exists)."""
    info = {"seeds": "\n".join(seeds), "render_mode": config.render_mode}
    return Frontier.create(client, job_id, config.frontier_settings(), info)


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
