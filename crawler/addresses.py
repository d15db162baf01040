"""The address policy: which IP addresses a crawl may connect to.

One policy for every fetch path, applied to the address a connection is actually made
to, after name resolution, so no check can be outrun by DNS (a name resolving to a
public address when checked and to an internal one when connected):

- spiders: :class:`crawler.components.addresses.PolicyResolver`, Scrapy's resolver;
- render workers: every request Chromium makes goes through
  :class:`workers.proxy.GuardProxy`, which resolves and connects itself;
- robots.txt fetches of render workers: :func:`guarded_opener`.

Only globally routable addresses are allowed by default. IPv4 addresses wrapped in
IPv6 (``::ffff:10.0.0.1``, 6to4 ``2002::/16``, NAT64 ``64:ff9b::/96``) are judged by the
address they carry. ``CRAWLER_ALLOW_PRIVATE`` allows loopback and private ranges (tests,
intranets) but never link-local and cloud metadata addresses, which need
``CRAWLER_ALLOW_METADATA`` as well; ``CRAWLER_ALLOW_NETWORKS`` allows given networks only.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import urllib.request
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

# Instance metadata services: link-local ones, and those that are not (AWS over IPv6,
# Alibaba Cloud inside the shared 100.64.0.0/10 range).
METADATA_ADDRESSES = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "fd00:ec2::254", "100.100.100.200"))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")
_SHARED = ipaddress.ip_network("100.64.0.0/10")  # carrier-grade NAT
_SITE_LOCAL = ipaddress.ip_network("fec0::/10")  # deprecated, still routed inside sites
_RFC1918 = tuple(ipaddress.ip_network(n) for n in ("10.0.0.0/8", "172.16.0.0/12",
                                                   "192.168.0.0/16", "fc00::/7"))


class AddressRefused(OSError):
    """No address of a host may be connected to under the policy."""

    def __init__(self, host: str, address: str, kind: str) -> None:
        shown = host if host == address else f"{host} ({address})"
        super().__init__(f"address refused: {shown} is {kind}")
        self.host, self.address, self.kind = host, address, kind


def unwrapped(address: IPAddress) -> IPAddress:
    """The IPv4 address an IPv6 address carries (mapped, 6to4, NAT64), else itself."""
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped
        if address.sixtofour is not None:
            return address.sixtofour
        if address in _NAT64:
            return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return address


def kind_of(address: IPAddress) -> str:
    """``metadata``, ``link-local``, ``loopback``, ``private``, ``reserved`` (multicast,
    unspecified, documentation, benchmarking, ...) or ``global``."""
    address = unwrapped(address)
    if address in METADATA_ADDRESSES:
        return "metadata"
    if address.is_link_local:
        return "link-local"
    if address.is_loopback:
        return "loopback"
    if address in _SHARED or (isinstance(address, ipaddress.IPv6Address)
                              and address in _SITE_LOCAL):
        return "private"
    if any(address in net for net in _RFC1918 if net.version == address.version):
        return "private"
    if address.is_multicast or address.is_unspecified or not address.is_global:
        return "reserved"
    return "global"


@dataclass(frozen=True)
class AddressPolicy:
    """Which addresses may be connected to; strict (global addresses only) by default."""

    allow_private: bool = False
    allow_metadata: bool = False
    allow_networks: tuple[IPNetwork, ...] = ()

    def refusal(self, address: str | IPAddress) -> str | None:
        """Why ``address`` is refused (its kind), or None if it may be connected to. An
        IPv6 scope id (``fe80::1%eth0``) is no part of the address."""
        ip = (ipaddress.ip_address(address.split("%", 1)[0]) if isinstance(address, str)
              else address)
        kind = kind_of(ip)
        if kind == "global":
            return None
        if kind in ("metadata", "link-local"):
            return None if self.allow_metadata else kind
        if kind in ("loopback", "private") and self.allow_private:
            return None
        plain = unwrapped(ip)
        if any(plain in net for net in self.allow_networks if net.version == plain.version):
            return None
        return kind

    def allowed(self, host: str, addresses: Iterable[str]) -> list[str]:
        """The addresses of ``host`` that may be connected to, in order; AddressRefused
        naming the first refused one when none may."""
        kept, first_refused = [], None
        for address in addresses:
            kind = self.refusal(address)
            if kind is None:
                kept.append(address)
            elif first_refused is None:
                first_refused = (address, kind)
        if not kept and first_refused is not None:
            raise AddressRefused(host, *first_refused)
        return kept

    def environ(self) -> dict[str, str]:
        """The policy as settings, for processes this one starts (local render workers)."""
        return {
            "CRAWLER_ALLOW_PRIVATE": "1" if self.allow_private else "0",
            "CRAWLER_ALLOW_METADATA": "1" if self.allow_metadata else "0",
            "CRAWLER_ALLOW_NETWORKS": ",".join(str(n) for n in self.allow_networks),
        }


class RefusalLog:
    """The latest refusal per host, for the ``limit`` hosts refused last: why a request
    failed, told to whoever reports it."""

    def __init__(self, limit: int = 1000) -> None:
        self.limit = limit
        self._by_host: OrderedDict[str, AddressRefused] = OrderedDict()

    def add(self, refusal: AddressRefused) -> None:
        host = refusal.host.lower()
        self._by_host[host] = refusal
        self._by_host.move_to_end(host)
        while len(self._by_host) > self.limit:
            self._by_host.popitem(last=False)

    def forget(self, host: str) -> None:
        self._by_host.pop(host.lower(), None)

    def get(self, host: str) -> AddressRefused | None:
        return self._by_host.get(host.lower())


def literal(host: str) -> IPAddress | None:
    """``host`` as an IP address when it is one (``[::1]`` brackets allowed), else None."""
    try:
        return ipaddress.ip_address(host.strip("[]").split("%", 1)[0])
    except ValueError:
        return None


Resolve = Callable[[str, int], list[str]]


def system_resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, by the system's resolver, in its order."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def connect(policy: AddressPolicy, host: str, port: int, timeout: float | None,
            resolve: Resolve = system_resolve) -> socket.socket:
    """A TCP connection to the first allowed address of ``host`` that answers."""
    last: OSError | None = None
    for address in policy.allowed(host, resolve(host, port)):
        try:
            return socket.create_connection((address, port), timeout)
        except OSError as exc:
            last = exc
    raise last or OSError(f"{host} resolves to no address")


def guarded_opener(policy: AddressPolicy, resolve: Resolve = system_resolve
                   ) -> urllib.request.OpenerDirector:
    """A urllib opener whose every connection, redirects included, obeys ``policy``."""

    class _HTTP(http.client.HTTPConnection):
        def connect(self) -> None:
            self.sock = connect(policy, self.host, self.port, self.timeout, resolve)

    class _HTTPS(http.client.HTTPSConnection):
        def connect(self) -> None:
            sock = connect(policy, self.host, self.port, self.timeout, resolve)
            self.sock = self._context.wrap_socket(  # type: ignore[attr-defined]
                sock, server_hostname=self.host)

    class _HTTPHandler(urllib.request.HTTPHandler):
        def http_open(self, req: Any) -> Any:
            return self.do_open(_HTTP, req)

    class _HTTPSHandler(urllib.request.HTTPSHandler):
        def https_open(self, req: Any) -> Any:
            return self.do_open(_HTTPS, req, context=self._context)  # type: ignore[attr-defined]

    # No proxy handler: a proxy would make the connection, unchecked.
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), _HTTPHandler,
                                       _HTTPSHandler)
