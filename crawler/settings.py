"""Scrapy settings of the project. Crawler settings (MONGO_URI, REDIS_URL, RENDER_MODE, ...)
are read by :mod:`crawler.config` from ``-s NAME=value`` or the environment; see README."""

import os

from crawler.config import DEFAULT_USER_AGENT

BOT_NAME = "newscrawler"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"

# The environment's USER_AGENT, as the render workers' (crawler.config): a spider
# started by `scrapy crawl` (a crawl worker's) sends the same one.
USER_AGENT = os.environ.get("USER_AGENT") or DEFAULT_USER_AGENT
ROBOTSTXT_OBEY = True
# The job's frontier in Redis: shared queue, seen-set, leases and per-site budgets.
SCHEDULER = "crawler.components.scheduler.FrontierScheduler"

CONCURRENT_REQUESTS = 32
# Per process; the job-wide per-site budget is FRONTIER_SITE_RPS / FRONTIER_SITE_CONCURRENCY.
CONCURRENT_REQUESTS_PER_DOMAIN = 16
# A callback yields at most one item (links go to the frontier directly). Scrapy
# starts CONCURRENT_ITEMS asyncio tasks for every callback's output, whatever its
# length: at the default of 100 that was 62,000 tasks for a 620-page crawl.
CONCURRENT_ITEMS = 4
DOWNLOAD_DELAY = 0
DOWNLOAD_TIMEOUT = 30
# No news page is bigger; a body over it (once decompressed: no gzip bomb) is an error.
DOWNLOAD_MAXSIZE = 16 * 2**20
DOWNLOAD_WARNSIZE = 4 * 2**20
RETRY_TIMES = 2
AUTOTHROTTLE_ENABLED = False
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
DEPTH_PRIORITY = 0
# Errors are recorded by the spider's errback; non-2xx pages go there too.
HTTPERROR_ALLOWED_CODES: list[int] = []

# Every connection goes to an address the address policy allows (crawler.addresses).
TWISTED_DNS_RESOLVER = "crawler.components.guard.PolicyResolver"
# Only http(s) is ever fetched: no file://, ftp://, s3:// or data: by any redirect.
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}

DOWNLOADER_MIDDLEWARES = {
    # After the retry middleware (550): a refused address is not retried.
    "crawler.components.guard.AddressGuard": 560,
    # robots.txt fetched once per site for the whole job, shared with render workers.
    "scrapy.downloadermiddlewares.robotstxt.RobotsTxtMiddleware": None,
    # Queued before its URL pattern was found to be a trap: not fetched.
    "crawler.components.traps.TrapFilter": 60,
    "crawler.components.robots.SharedRobotsTxtMiddleware": 100,
    # Last before the network: pages of a pattern learned to need JavaScript; and the
    # crawl's way to the render queue.
    "crawler.components.rendering.RenderDispatch": 950,
}
ITEM_PIPELINES = {
    "crawler.components.pipelines.MongoPipeline": 300,
}
EXTENSIONS = {
    # The job record and the end of the job; before the progress line, which shows it.
    "crawler.components.job.CrawlJob": 100,
    # The recrawl state of a schedule's incremental job (crawler.recrawl).
    "crawler.components.recrawl.RecrawlRecorder": 200,
    "crawler.components.progress.ProgressDisplay": 500,
    # Prometheus /metrics and /healthz on METRICS_PORT (off at 0).
    "crawler.components.metrics.SpiderMetrics": 600,
}

LOG_LEVEL = "INFO"
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
FEED_EXPORT_ENCODING = "utf-8"
