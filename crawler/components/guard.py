"""The address policy (:mod:`crawler.addresses`) where the spider connects.

:class:`PolicyResolver` is the process's Twisted name resolver (``TWISTED_DNS_RESOLVER``):
every connection Scrapy makes, for links, redirects and robots.txt alike, is to an
address it handed out, and it hands out only addresses the policy allows. Names and IP
literals go through it the same way. :class:`AddressGuard` turns its refusals into a
clear reason: a literal is refused before any download, and a name whose addresses
were all refused fails as :class:`AddressRefusedRequest` rather than a bare DNS error.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import cached_property
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError, IgnoreRequest
from scrapy.resolver import CachingHostnameResolver
from scrapy.utils.misc import load_object
from twisted.internet.error import DNSLookupError
from twisted.internet.interfaces import (
    IAddress,
    IHostnameResolver,
    IHostResolution,
    IResolutionReceiver,
)
from zope.interface import implementer, provider

from crawler.addresses import AddressPolicy, AddressRefused, RefusalLog, literal
from crawler.config import CrawlerConfig

logger = logging.getLogger(__name__)



class AddressRefusedRequest(IgnoreRequest):
    """The address policy refused every address of the request's host."""


@provider(IResolutionReceiver)
class _Filter:
    """Passes on the addresses the policy allows; notes a refusal when none was."""

    def __init__(self, outer: Any, resolver: PolicyResolver, host: str) -> None:
        # Any: mypy does not read zope interfaces (an IResolutionReceiver here).
        self.outer, self.resolver, self.host = outer, resolver, host
        self.passed = 0
        self.refused: tuple[str, str] | None = None

    def resolutionBegan(self, resolution: IHostResolution) -> None:
        self.outer.resolutionBegan(resolution)

    def addressResolved(self, address: IAddress) -> None:
        host = str(getattr(address, "host", ""))
        kind = self.resolver.policy.refusal(host) if host else "unknown"
        if kind is None:
            self.passed += 1
            self.outer.addressResolved(address)
        elif self.refused is None:
            self.refused = (host, kind)

    def resolutionComplete(self) -> None:
        if not self.passed and self.refused is not None:
            self.resolver.refusals.add(AddressRefused(self.host, *self.refused))
        elif self.passed:
            self.resolver.refusals.forget(self.host)  # a later failure is not the policy's
        self.outer.resolutionComplete()


@implementer(IHostnameResolver)
class PolicyResolver:
    """Scrapy's caching resolver, handing out only the addresses the policy allows."""

    def __init__(self, reactor: Any, policy: AddressPolicy, cache_size: int) -> None:
        self.reactor = reactor
        self.policy = policy
        self.inner: Any = self.resolver_for(reactor, cache_size)  # an IHostnameResolver
        self.refusals = RefusalLog()  # why hosts resolved to nothing allowed

    @classmethod
    def from_crawler(cls, crawler: Crawler, reactor: Any) -> PolicyResolver:
        # Built from the CrawlerProcess (its settings), before any spider exists.
        settings = crawler.settings
        size = settings.getint("DNSCACHE_SIZE") if settings.getbool("DNSCACHE_ENABLED") else 0
        return cls(reactor, CrawlerConfig.from_scrapy_settings(settings).address_policy(), size)

    def resolver_for(self, reactor: Any, cache_size: int) -> Any:
        """Where names are resolved (Scrapy's cache over the reactor's resolver)."""
        return CachingHostnameResolver(reactor, cache_size)

    def install_on_reactor(self) -> None:
        self.reactor.installNameResolver(self)

    def refusal(self, host: str) -> AddressRefused | None:
        """Why the last resolution of ``host`` handed out nothing, if the policy was why."""
        return self.refusals.get(host)

    def resolveHostName(
        self, resolutionReceiver: IResolutionReceiver, hostName: str, portNumber: int = 0,
        addressTypes: Sequence[type[IAddress]] | None = None, transportSemantics: str = "TCP",
    ) -> IHostResolution:
        receiver = _Filter(resolutionReceiver, self, hostName)
        resolution: IHostResolution = self.inner.resolveHostName(
            receiver, hostName, portNumber, addressTypes, transportSemantics)
        return resolution

def installed_resolver() -> PolicyResolver | None:
    """The reactor's resolver when it is the policy's."""
    from twisted.internet import reactor

    resolver = getattr(reactor, "nameResolver", None)
    return resolver if isinstance(resolver, PolicyResolver) else None


def follow_job_policy(policy: AddressPolicy) -> None:
    """The job's address policy, fixed when the job was created, for this process from
    now on (a spider joining a job follows the job's, not its own settings')."""
    resolver = installed_resolver()
    if resolver is not None and resolver.policy != policy:
        logger.info("address policy of the job: %s", policy)
        resolver.policy = policy


class AddressGuard:
    """Downloader middleware: refuses literal addresses the policy refuses before they
    are downloaded, and names the reason when the resolver refused a host's addresses.

    Placed after the retry middleware, so a refusal is not retried."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._own = CrawlerConfig.from_crawler(crawler).address_policy()

    @property
    def policy(self) -> AddressPolicy:
        """The resolver's (the job's, once joined), so both refuse the same addresses."""
        resolver = installed_resolver()
        return resolver.policy if resolver is not None else self._own

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> AddressGuard:
        return cls(crawler)

    @cached_property
    def unenforced(self) -> str | None:
        """Why the policy would not be in force, if it would not (then nothing is fetched:
        fail closed). Asked at the first request, once the reactor's resolver is set."""
        if installed_resolver() is None:
            return ("TWISTED_DNS_RESOLVER must be crawler.components.guard.PolicyResolver "
                    "(or a subclass): the address policy needs it")
        handlers = self.crawler.settings.getwithbase("DOWNLOAD_HANDLERS")
        for scheme in ("http", "https"):
            handler = load_object(handlers[scheme]) if handlers.get(scheme) else None
            if handler is None or not issubclass(handler, HTTP11DownloadHandler):
                # httpx and aiohttp handlers resolve names around the policy.
                return f"the {scheme} download handler must be Scrapy's HTTP/1.1 handler"
        return None

    def process_request(self, request: Request) -> None:
        if self.unenforced is not None:
            raise AddressRefusedRequest(f"address policy not in force: {self.unenforced}")
        ip = literal(urlsplit(request.url).hostname or "")
        if ip is not None:
            kind = self.policy.refusal(ip)
            if kind is not None:
                raise AddressRefusedRequest(str(AddressRefused(str(ip), str(ip), kind)))

    def process_exception(self, request: Request, exception: Exception) -> None:
        if isinstance(exception, DNSLookupError | CannotResolveHostError):
            resolver = installed_resolver()
            host = urlsplit(request.url).hostname or ""
            if resolver is not None and (found := resolver.refusal(host)):
                raise AddressRefusedRequest(str(found))
