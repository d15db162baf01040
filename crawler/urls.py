"""URL checks: start URLs, site membership, private addresses."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from courlan import check_url
from w3lib.url import safe_url_string

from crawler.config import ConfigError


def host_of(url: str) -> str:
    return (urlsplit(url).hostname or "").lower().removeprefix("www.")


def same_site(url: str, other: str) -> bool:
    return host_of(url) == host_of(other) and bool(host_of(url))


def is_private_host(host: str) -> bool:
    """True for loopback, private, link-local and unresolvable-to-public hosts."""
    if host in ("localhost", "localhost.localdomain") or host.endswith(".localhost"):
        return True
    try:
        addresses = {ipaddress.ip_address(host)}
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, None)
        except OSError:
            return False  # unresolvable: the fetch will say so
        addresses = {ipaddress.ip_address(info[4][0]) for info in infos}
    return any(a.is_private or a.is_loopback or a.is_link_local or a.is_reserved
               for a in addresses)


def validate_start_url(url: str, allow_private: bool) -> str:
    """A safe absolute http(s) URL, or ConfigError naming the problem."""
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"{url!r} is not an http(s) URL; give e.g. https://example.com/")
    if not allow_private and is_private_host(parts.hostname):
        raise ConfigError(
            f"{url} is a private or loopback address; pass --allow-private "
            "(or set CRAWLER_ALLOW_PRIVATE=1) to crawl it"
        )
    if not parts.hostname.replace(".", "").isdigit() and "." not in parts.hostname and (
        parts.hostname != "localhost"
    ) and check_url(url) is None:
        raise ConfigError(f"{url!r} has no valid host name")
    return safe_url_string(url)
