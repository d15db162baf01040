"""The crawl frontier in Redis, shared by every spider process and render worker of a job."""

from crawler.frontier.core import (
    Entry,
    Frontier,
    FrontierSettings,
    JobNotFound,
    Lease,
    connect,
    job_prefix,
    site_of,
)

__all__ = ["Entry", "Frontier", "FrontierSettings", "JobNotFound", "Lease", "connect",
           "job_prefix", "site_of"]
