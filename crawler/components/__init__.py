"""The Scrapy components of the crawl, each wired the Scrapy way (``from_crawler``, its own
signals, siblings found through the crawler):

- :class:`~crawler.components.scheduler.FrontierScheduler` (``SCHEDULER``): the job's Redis
  frontier and the leases of the requests this process took;
- :class:`~crawler.components.guard.PolicyResolver` (``TWISTED_DNS_RESOLVER``): only
  addresses the address policy allows reach Scrapy;
- :class:`~crawler.components.robots.SharedRobotsTxtMiddleware`,
  :class:`~crawler.components.guard.AddressGuard`,
  :class:`~crawler.components.traps.TrapFilter` and
  :class:`~crawler.components.rendering.RenderDispatch` (downloader middlewares);
- :class:`~crawler.components.pipelines.MongoPipeline` (item pipeline);
- :class:`~crawler.components.job.CrawlJob` and
  :class:`~crawler.components.progress.ProgressDisplay` (extensions).

They talk through the signals of :mod:`crawler.components.signals`.
"""
