"""The crawl's own signals, sent through ``crawler.signals`` like Scrapy's, and the
request meta key that carries a frontier lease.

A request taken from the frontier carries its lease in ``request.meta[LEASE]``; an
article item made from it carries the same key until the pipeline has stored it.
Whoever finishes with a request last (the spider, or the pipeline once the article is
written) sends :data:`requests_done`; the scheduler, which holds the leases, settles
them. Failures to record are sent as :data:`crawl_error`; the job extension stores them.
"""

from __future__ import annotations

from typing import Any

from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest

LEASE = "frontier_lease"


class Declined(IgnoreRequest):
    """A request the crawl chose not to send (robots.txt says no, its URL pattern is a
    trap): counted, not an error. Any other IgnoreRequest (a body over DOWNLOAD_MAXSIZE
    once decompressed, a refused address) is one, and goes to ``errors``."""

requests_done = object()
"""Requests are fully handled (links queued; article stored, rendering, or error recorded).
Arguments: ``leases``, the lease ids (``None`` for a request that had none)."""

crawl_error = object()
"""Something failed and goes to ``errors``. Arguments: ``url``, ``stage`` (fetch, parse,
render, frontier), ``reason`` and ``extra`` (more fields: status, attempts, ...)."""


page_visited = object()
"""A scheduled job fetched a page (:mod:`crawler.recrawl`). Argument: ``visit``, a
:class:`crawler.recrawl.Visit`."""


def send_requests_done(crawler: Crawler, leases: list[str | None]) -> None:
    crawler.signals.send_catch_log(requests_done, leases=leases)


def send_crawl_error(crawler: Crawler, url: str, stage: str, reason: str,
                     **extra: Any) -> None:
    crawler.signals.send_catch_log(crawl_error, url=url, stage=stage, reason=reason,
                                   extra=extra)
