"""The ``news`` spider: start URLs -> listings, categories, pagination, articles, "Read More".

``scrapy crawl news -a start_urls=URL[,URL] [-a render=auto|always|never] [-a job=ID]``
starts a job (or resumes job ID); ``scrapy crawl news -a job=ID`` joins a running job
from any machine that reaches its Redis and MongoDB.

Every request it takes carries a lease on the job's frontier. The lease is settled
once the page is fully handled: its links queued, then its article stored (by the
pipeline, after the batch is written), handed to the render queue, or its error
recorded. A spider killed before that leaves the lease to expire, and the page to
be fetched again by another.

The spider finds its siblings the Scrapy way: the render dispatch and the shared
robots.txt middleware through ``crawler.get_downloader_middleware``; it reports
through the signals of :mod:`crawler.components.signals`.
"""

from __future__ import annotations

import calendar
import gzip
import hashlib
import logging
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from functools import cached_property
from typing import Any

import feedparser
from lxml import etree
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from crawler.components.rendering import RENDER_DIRECT_FLAG, RenderDispatch
from crawler.components.robots import SharedRobotsTxtMiddleware
from crawler.components.scheduler import job_frontier, require_job_frontier
from crawler.components.signals import (
    LEASE,
    Declined,
    page_visited,
    send_crawl_error,
    send_requests_done,
)
from crawler.components.traps import TrapFilter
from crawler.config import CrawlerConfig
from crawler.documents import article_document
from crawler.extract import ExtractionError, extract
from crawler.frontier import FrontierSettings, new_job_id
from crawler.frontier.requests import blob_for_url
from crawler.frontier.traps import PatternLinks, TrapGuard
from crawler.jobs import INCREMENTAL_META, SINCE_META
from crawler.recrawl import REVISIT, Visit
from crawler.render_policy import render_reason
from crawler.urls import (
    LISTING_PRIORITY,
    LinkPolicy,
    as_fetched,
    same_site,
    site_of,
    trap_pattern,
)

logger = logging.getLogger(__name__)

_FOLLOWED_MAX = 1_000_000
# Request meta: how many pages in a row that gave nothing new led to this request.
HOPS = "hops"


class NewsSpider(Spider):
    name = "news"

    def __init__(self, start_urls: str | list[str] | None = None, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if isinstance(start_urls, str):
            start_urls = [u for u in start_urls.split(",") if u.strip()]
        self.start_urls = list(start_urls or [])
        self._followed: set[str] = set()
        self._discovered: set[str] = set()  # sites whose sitemaps this process looked at
        self._listed = PatternLinks()  # what each URL pattern's pages linked
        self._forced: set[str] = set()  # known pages a sitemap or feed says changed

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> NewsSpider:
        # Spider arguments are settings of the crawl: every component reads them there.
        for arg, setting in (("render", "RENDER_MODE"), ("job", "CRAWL_JOB_ID"),
                             ("max_pages", "CLOSESPIDER_PAGECOUNT")):
            if arg in kwargs:
                crawler.settings.set(setting, kwargs.pop(arg), priority="spider")
        if not crawler.settings.get("CRAWL_JOB_ID"):
            crawler.settings.set("CRAWL_JOB_ID", new_job_id(), priority="spider")
        spider = super().from_crawler(crawler, *args, **kwargs)
        assert isinstance(spider, NewsSpider)
        crawler.signals.connect(spider._write_traps, signal=signals.spider_idle)
        crawler.signals.connect(spider._write_traps, signal=signals.spider_closed)
        return spider

    @cached_property
    def config(self) -> CrawlerConfig:
        return CrawlerConfig.from_crawler(self.crawler)

    @cached_property
    def render(self) -> RenderDispatch:
        dispatch = self.crawler.get_downloader_middleware(RenderDispatch)
        if dispatch is None:
            raise RuntimeError("the news spider needs RenderDispatch in DOWNLOADER_MIDDLEWARES")
        return dispatch

    @cached_property
    def frontier_settings(self) -> FrontierSettings:
        return require_job_frontier(self.crawler, "the news spider").settings

    @cached_property
    def traps(self) -> TrapGuard:
        trap_filter = self.crawler.get_downloader_middleware(TrapFilter)
        if trap_filter is None:
            raise RuntimeError("the news spider needs TrapFilter in DOWNLOADER_MIDDLEWARES")
        return trap_filter.traps

    @cached_property
    def links(self) -> LinkPolicy:
        """The job's link policy, with its robots.txt rules when they are obeyed and the
        traps found so far."""
        robots = self.crawler.get_downloader_middleware(SharedRobotsTxtMiddleware)
        return LinkPolicy(robots.robots if robots is not None else None, traps=self.traps,
                          drop_params=self.frontier_settings.drop_params)

    @cached_property
    def since(self) -> float | None:
        """In a schedule's incremental job: when its previous job started (0: never),
        else None (every page is fetched)."""
        frontier = job_frontier(self.crawler)
        meta = frontier.meta() if frontier is not None else {}
        if meta.get(INCREMENTAL_META) != "1":
            return None
        return float(meta.get(SINCE_META) or 0)

    async def start(self) -> AsyncIterator[Request]:
        for url in self.start_urls:
            yield Request(url, callback=self.parse, errback=self.on_error,
                          priority=LISTING_PRIORITY, dont_filter=True)

    def parse(self, response: Response) -> Iterator[Any]:
        lease = response.meta.get(LEASE)
        try:
            if response.status == 304:
                self._not_modified(response)
                item = None
            elif RENDER_DIRECT_FLAG in response.flags:
                self._render(response.url, "learned-pattern", None)
                item = None
            else:
                item = self._handle(response)
        except Exception as exc:  # no page may hang the crawl
            # Unhandled, it would leave the lease held, and renewed, for ever. The page's
            # errors document says what happened; the traceback is logged at DEBUG.
            logger.debug("handling %s failed", response.url, exc_info=True)
            send_crawl_error(self.crawler, response.url, "parse",
                             f"{type(exc).__name__}: {exc}", status=response.status)
            item = None
        if item is None:
            send_requests_done(self.crawler, [lease])
        else:
            item[LEASE] = lease  # settled by the pipeline once stored
            yield item

    def _handle(self, response: Response) -> dict[str, Any] | None:
        """Queue the page's links; return its article document if it is one to store."""
        if not isinstance(response, TextResponse):
            send_crawl_error(self.crawler, response.url, "parse", "not a text response",
                             status=response.status)
            return None
        try:
            article = extract(response.body, response.url,
                              (response.headers.get("Content-Type") or b"").decode("latin-1"),
                              links_only_if_not_article=True)
        except ExtractionError as exc:
            send_crawl_error(self.crawler, response.url, "parse", str(exc),
                             status=response.status)
            self._visited(response, "other", None)
            return None
        stats = self.crawler.stats
        assert stats is not None
        # A job document's key: no dots ("og:type=video.other").
        why = article.page_type_reason.replace(".", "_")
        stats.inc_value(f"pages/{article.page_type}/{why}")
        reason = render_reason(article, self.config.render_mode, response.url,
                               self.render.learner)
        # A page sent to the browser, or one that needs it, may hold an article: not
        # evidence of a trap.
        novel = self._follow(response, article.links, article.page_type,
                             productive=article.page_type == "article" or bool(reason)
                             or article.js_shell)
        self._discover(response.url, article.feeds)
        # What the page was, for the recrawl state (an article stored says it below).
        if reason or article.js_shell:
            self._visited(response, "other", None)
        elif article.page_type != "article":
            self._visited(response, "listing", "new" if novel else "same")
        elif not article.text:
            self._visited(response, "article", None)
        if reason:
            self._render(response.url, reason, article.word_count)
        elif article.js_shell:
            send_crawl_error(self.crawler, response.url, "render", "the page needs JavaScript "
                             "and rendering is off (RENDER_MODE=never)")
        elif article.page_type == "article" and article.text:
            doc = article_document(
                article, fetched_url=response.url, status=response.status, rendered=False,
                elapsed_ms=int(response.meta.get("download_latency", 0) * 1000),
            )
            self._visited(response, "article", str(doc.get("content_hash")))
            return doc
        elif article.page_type == "article":
            # Nothing lost silently: an article page whose body could not be read...
            send_crawl_error(self.crawler, response.url, "parse", "an article page with no "
                             "body text extracted", status=response.status)
        elif not article.links:
            # ... or a page that is no article and leads nowhere.
            send_crawl_error(self.crawler, response.url, "parse", f"no article and no links "
                             f"on the page ({article.page_type}: {article.page_type_reason})",
                             status=response.status)
        return None

    def _render(self, url: str, reason: str, static_words: int | None) -> None:
        stats = self.crawler.stats
        assert stats is not None
        if self.render.submit(url, reason, static_words):
            stats.inc_value("render/queued")
            stats.inc_value(f"render/queued/{reason}")

    def _follow(self, response: Response, links: list[str], page_type: str,
                productive: bool) -> bool:
        """Schedule the links the link policy keeps now (not yielded), so they are in the
        frontier before this page's lease is settled; tell the trap finder whether the
        page gave anything new. In an incremental job, True when the page linked a page
        the job had not seen (else False)."""
        engine, stats = self.crawler.engine, self.crawler.stats
        assert engine is not None and stats is not None
        pattern = trap_pattern(response.url)
        site = site_of(response.url)
        # Productive: an article, or a page linking a page of its site (of another
        # pattern) that no page of its own pattern linked before (crawler.frontier.traps).
        # An article is productive whatever it links: its links are not remembered.
        known, novel = (True, True) if page_type == "article" else self._listed.record(
            pattern, [u for u in links if trap_pattern(u) != pattern and site_of(u) == site])
        productive = productive or novel
        # Pages in a row that gave nothing new: past FRONTIER_MAX_HOPS of them, stop. A
        # listing whose page lists what its pattern's earlier pages did not starts the
        # count again, so a pagination is read to its end; the first page of a pattern
        # proves nothing (a chain of ever-new patterns would never end).
        hops = 0 if known and novel else int(response.meta.get(HOPS, 0)) + 1
        max_hops = self.frontier_settings.max_hops
        if max_hops and hops > max_hops:
            stats.inc_value("links/refused/depth", len(links))
            links = []
        new = self._judge(response.url, links, cap=self.frontier_settings.max_links_per_page)
        productive = productive or any(trap_pattern(u) != pattern for u in new)
        self._report_traps(self.traps.record(pattern, productive, response.url))
        priority = LISTING_PRIORITY if page_type == "listing" else 0
        meta = {HOPS: hops} if hops else {}
        novel = self._unseen(new) if self.since is not None and page_type != "article" else False
        for link in new:
            engine.crawl(Request(link, callback=self.parse, errback=self.on_error,
                                 priority=priority, meta=meta))
        return novel

    def _unseen(self, links: list[str]) -> bool:
        """Whether any of ``links`` is new to the job's seen-set."""
        return not all(self._seen(links))

    def _seen(self, links: list[str]) -> list[bool]:
        """Which of ``links`` the job's seen-set holds."""
        frontier = job_frontier(self.crawler)
        if frontier is None or not links:
            return [True] * len(links)
        return frontier.contains([blob_for_url(u)[1] for u in links])

    def _judge(self, page_url: str, links: list[str], cap: int = 0) -> list[str]:
        """The links of a page to queue: through the link policy, and new to this process.

        Every page links the same menus: a link this process judged once is in the job's
        seen-set already (or refused), so it is not judged again."""
        stats = self.crawler.stats
        assert stats is not None
        followed = self._followed
        if len(followed) > _FOLLOWED_MAX:
            followed.clear()
        if cap and len(links) > cap:
            stats.inc_value("links/refused/cap", len(links) - cap)
            links = links[:cap]
        fresh = [u for u in links if u not in followed]
        decision = self.links.follow(page_url, fresh)
        # Links without their session ids may be pages followed already.
        new = [u for u in decision.links if u not in followed]
        followed.update(fresh)
        followed.update(new)
        for why, count in decision.refused.items():
            stats.inc_value(f"links/refused/{why}", count)
        if decision.disallowed:
            # Not queued at all: that saves the site's budget.
            stats.inc_value("robotstxt/forbidden", len(decision.disallowed))
        return new

    # -- sitemaps and feeds ---------------------------------------------------------------

    def _discover(self, page_url: str, feeds: list[str]) -> None:
        """Queue the feeds a page declares and, the first time the job meets a site, the
        sitemaps its robots.txt names: an archive linked from no page is crawled all the
        same."""
        requests = [(url, "parse_feed") for url in feeds]
        site = site_of(page_url)
        if site not in self._discovered:
            self._discovered.add(site)
            robots = self.crawler.get_downloader_middleware(SharedRobotsTxtMiddleware)
            frontier = job_frontier(self.crawler)
            declared = robots.robots.sitemaps(site) if robots is not None else []
            if declared and frontier is not None and frontier.first(f"sitemaps:{site}"):
                requests += [(url, "parse_sitemap") for url in declared]
        self._queue_discovery(page_url, requests)

    def _queue_discovery(self, page_url: str, requests: list[tuple[str, str]]) -> None:
        engine = self.crawler.engine
        assert engine is not None
        for found, callback in requests:
            url = as_fetched(found)
            if url is None or url in self._followed or not same_site(url, page_url):
                continue
            self._followed.add(url)
            engine.crawl(Request(url, callback=getattr(self, callback),
                                 errback=self.on_error, priority=LISTING_PRIORITY))

    def parse_sitemap(self, response: Response) -> None:
        """A sitemap index's sitemaps, or a sitemap's pages (news sitemaps included)."""
        if response.status == 304:
            self._not_modified(response)
            send_requests_done(self.crawler, [response.meta.get(LEASE)])
            return
        try:
            body = response.body
            if body[:2] == b"\x1f\x8b":  # sitemap.xml.gz, served as it is
                body = gzip.decompress(body)
            sitemap = Sitemap(body)
            published = _publication_dates(body)
            dates = {entry["loc"]: _w3c(entry.get("lastmod") or published.get(entry["loc"]))
                     for entry in sitemap if entry.get("loc")}
            self._visited(response, "sitemap", _digest(body),
                          dated=any(d is not None for d in dates.values()))
            if sitemap.type == "sitemapindex":
                self._queue_discovery(response.url, [(u, "parse_sitemap") for u in dates])
            else:
                self._follow_found(response, list(dates), self._changed(dates))
        except Exception as exc:  # noqa: BLE001 - a broken sitemap is that sitemap's error
            send_crawl_error(self.crawler, response.url, "parse",
                             f"sitemap not read: {type(exc).__name__}: {exc}")
        send_requests_done(self.crawler, [response.meta.get(LEASE)])

    def parse_feed(self, response: Response) -> None:
        """The entries of an RSS, Atom or JSON feed (feedparser)."""
        if response.status == 304:
            self._not_modified(response)
            send_requests_done(self.crawler, [response.meta.get(LEASE)])
            return
        try:
            feed = feedparser.parse(response.body)
            dates = {e["link"]: _struct(e.get("updated_parsed") or e.get("published_parsed"))
                     for e in feed.entries if e.get("link")}
            self._visited(response, "feed", _digest(response.body),
                          dated=any(d is not None for d in dates.values()))
            self._follow_found(response, list(dates), self._changed(dates))
        except Exception as exc:  # noqa: BLE001 - a broken feed is that feed's error
            send_crawl_error(self.crawler, response.url, "parse",
                             f"feed not read: {type(exc).__name__}: {exc}")
        send_requests_done(self.crawler, [response.meta.get(LEASE)])

    def _follow_found(self, response: Response, urls: list[str],
                      changed: list[str] | None = None) -> None:
        """Pages a sitemap or a feed lists, through the link policy like any link; those
        in ``changed`` (modified since the schedule's previous job) are fetched even if
        known."""
        engine, stats = self.crawler.engine, self.crawler.stats
        assert engine is not None and stats is not None
        # Changed since the previous job, and known to the job (a page not due is marked
        # seen): fetched again. One new to the job is fetched as any new link is.
        dated = [u for u in self.links.follow(response.url, changed or []).links
                 if u not in self._forced]
        forced = [u for u, known in zip(dated, self._seen(dated), strict=True) if known]
        self._forced.update(forced)
        new = [u for u in self._judge(response.url, urls) if u not in self._forced]
        stats.inc_value("discovery/links", len(new))
        for link in new:
            engine.crawl(Request(link, callback=self.parse, errback=self.on_error))
        stats.inc_value("recrawl/modified_since", len(forced))
        for link in forced:
            engine.crawl(Request(link, callback=self.parse, errback=self.on_error,
                                 dont_filter=True))

    # -- incremental jobs ------------------------------------------------------------------

    def _changed(self, dates: dict[str, float | None]) -> list[str]:
        """In an incremental job after the first: the URLs a sitemap or feed dates at or
        after the previous job's start."""
        since = self.since
        if not since:
            return []
        return [url for url, when in dates.items() if when is not None and when >= since]

    def _visited(self, response: Response, kind: str, signature: str | None,
                 dated: bool = False) -> None:
        """Tell the recrawl state what this page of an incremental job looked like (under
        every URL that led to it, redirects included)."""
        if self.since is None:
            return
        headers = response.headers
        etag = headers.get("ETag")
        modified = headers.get("Last-Modified")
        at = time.time()
        for url in {*response.meta.get("redirect_urls", []), response.url}:
            self.crawler.signals.send_catch_log(page_visited, visit=Visit(
                url, kind, response.status, etag.decode("latin-1") if etag else None,
                modified.decode("latin-1") if modified else None, signature, at, dated))

    def _not_modified(self, response: Response) -> None:
        """A 304 to a conditional request: unchanged, nothing to extract."""
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("recrawl/not_modified")
        self._visited(response, str(response.meta.get(REVISIT) or "other"), None)

    def _report_traps(self, found: list[tuple[str, str]]) -> None:
        stats = self.crawler.stats
        assert stats is not None
        for pattern, url in found:
            stats.inc_value("traps/found")
            send_crawl_error(self.crawler, url, "trap", f"URL pattern {pattern}: "
                             f"{self.traps.limit} pages in a row gave no article and linked "
                             "nothing its pattern had not linked; its links are no longer "
                             "followed")

    def _write_traps(self) -> None:
        # What this process counted goes to the job before it idles or stops.
        if job_frontier(self.crawler) is not None:
            self._report_traps(self.traps.flush())

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        # robots.txt or a trap saying no is a decision, not a failure; anything else that
        # stopped the fetch (a refused address, a body too big once decompressed) is kept.
        if isinstance(failure.value, IgnoreRequest) and not isinstance(failure.value, HttpError):
            if not isinstance(failure.value, Declined):
                send_crawl_error(self.crawler, request.url, "fetch", str(failure.value))
        else:
            response = getattr(failure.value, "response", None)
            reason = (f"HTTP {response.status}" if response is not None
                      else f"{type(failure.value).__name__}: {failure.getErrorMessage()}")
            if response is not None:  # a page gone is not fetched again every job
                self._visited(response, "other", f"HTTP {response.status}")
            send_crawl_error(self.crawler, request.url, "fetch", reason,
                             status=response.status if response is not None else None)
        send_requests_done(self.crawler, [request.meta.get(LEASE)])


def _digest(body: bytes) -> str:
    return hashlib.blake2b(body, digest_size=12).hexdigest()


def _publication_dates(body: bytes) -> dict[str, str]:
    """``loc`` -> ``news:publication_date`` of a news sitemap's entries (Scrapy's sitemap
    parser keeps only the direct children of ``<url>``, and this one is nested in
    ``<news:news>``)."""
    if b"publication_date>" not in body:
        return {}
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True)
    root = etree.fromstring(body, parser=parser)
    dates = {}
    for entry in root if root is not None else ():
        loc = published = None
        for element in entry.iter():
            name = element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""
            if name == "loc" and loc is None:
                loc = (element.text or "").strip()
            elif name == "publication_date":
                published = (element.text or "").strip()
        if loc and published:
            dates[loc] = published
    return dates


def _w3c(value: str | None) -> float | None:
    """A sitemap's W3C datetime (or date) as seconds since the epoch; None if unreadable.
    A time without a zone is read as UTC."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if when.tzinfo is None:
        return calendar.timegm(when.timetuple())
    return when.timestamp()


def _struct(value: time.struct_time | None) -> float | None:
    """feedparser's parsed date (UTC) as seconds since the epoch."""
    return float(calendar.timegm(value)) if value else None
