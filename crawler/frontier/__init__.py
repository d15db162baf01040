"""The crawl frontier in Redis, shared by every spider process and render worker of a job.

A Redis-only library: queue, seen-set, leases and site budgets (:mod:`.core`), the
job's shared render state and spider reports (:mod:`.channel`), robots.txt rules
(:mod:`.robots`), traps found per URL pattern (:mod:`.traps`) and requests as JSON
(:mod:`.requests`). It imports no Scrapy
component; the scheduler and middlewares built on it are in ``crawler.components``.
"""

from crawler.frontier.channel import JobChannel
from crawler.frontier.core import (
    Entry,
    Frontier,
    FrontierSettings,
    JobNotFound,
    Lease,
    connect,
    job_prefix,
    new_job_id,
)

__all__ = ["Entry", "Frontier", "FrontierSettings", "JobChannel", "JobNotFound", "Lease",
           "connect", "job_prefix", "new_job_id"]
