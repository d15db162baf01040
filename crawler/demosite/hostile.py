"""A hostile world on loopback: a public news site whose pages try to steer a crawler
into the local network, and an internal host whose own hit counter is the witness.

- :class:`InternalHost` on 127.0.0.2 plays the local network and the cloud metadata
  service. It counts every connection and request and answers each with
  :data:`SECRET` (CORS open to all, as a careless internal API would).
- :class:`HostileSite` on 127.0.0.1 plays a public site under the name ``news.test``
  (names resolve only through :class:`StubHosts`: nothing here ever asks real DNS).
  Its home page links three honest articles and the attacks, one path each:

  - ``/attack/redirect``, ``/attack/redirect-mapped``: 302 to the internal host, by
    its address and as an IPv4-mapped IPv6 literal;
  - ``/attack/www``: 302 to ``www.news.test``, which resolves to the internal host
    (a guard that strips ``www.`` before checking let it through);
  - ``/attack/rebind``: 302 to ``rebind.news.test``, which answers the public address
    once and the internal one after (a guard that checks, then lets the fetcher
    resolve again, connects to the second);
  - ``/attack/backslash``: a link ``http://127.0.0.2:P\\@news.test:P/`` (this site to
    ``urllib``, the internal host to w3lib, Scrapy and browsers);
  - ``/attack/script``: an article whose script ``fetch()``es the internal host and
    writes the answer into the page, and adds an iframe, an image, an XHR (to the
    metadata path, by a name) and a WebSocket, all aimed inside.

It also links pages that are hard to handle rather than hostile (:data:`FAULTS`): a
20 MB page, a gzip bomb (200 KB that inflate to 200 MB), a response that trickles a byte
every half second for a minute, a redirect loop, binary garbage served as HTML, an
article in broken markup, one whose body an unclosed attribute swallows, and a "page"
of one letter repeated. Each must end as an article or an ``errors`` document.

A crawler that keeps out stores the three articles and at most the script page's own
text, never :data:`SECRET`, and the internal host counts nothing.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import ipaddress
import itertools
import random
import threading
import time
from collections.abc import Sequence
from http.server import BaseHTTPRequestHandler
from typing import Any

from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IHostResolution
from zope.interface import implementer

from crawler.components.guard import PolicyResolver
from crawler.demosite._serving import CountingServer

SECRET = "INTERNAL-SECRET-7f3a"
PUBLIC_ADDRESS, INTERNAL_ADDRESS = "127.0.0.1", "127.0.0.2"
NAME = "news.test"
ARTICLES = ("/news/1-harbour-vote", "/news/2-river-budget", "/news/3-rail-festival")
ATTACKS = ("/attack/redirect", "/attack/redirect-mapped", "/attack/www", "/attack/rebind",
           "/attack/backslash", "/attack/script")
FAULTS = ("/fault/huge", "/fault/bomb", "/fault/trickle", "/fault/loop-a", "/fault/binary",
          "/fault/broken", "/fault/swallowed", "/fault/letters")
_HUGE_BYTES = 20 * 2**20
_BOMB_BYTES = 200 * 2**20
_TRICKLE_S = 60.0
# What each attack would fetch on the internal host, when it got in: the witness's paths.
ATTACK_PATHS = {
    "redirect": ("/secret/redirect",), "redirect_ipv4_mapped": ("/secret/mapped",),
    "www_name": ("/secret/www",), "dns_rebinding": ("/secret/rebind",),
    "backslash_url": ("/secret/backslash",), "script_fetch": ("/secret/fetch",),
    "script_xhr": ("/latest/meta-data/",), "script_iframe": ("/frame",),
    "script_image": ("/pixel.gif",), "script_websocket": ("/ws",),
}
_WORDS = ["council", "harbour", "vote", "river", "budget", "school", "market", "rail",
          "festival", "museum", "report", "weather", "bridge", "court", "hospital", "union",
          "library", "election", "stadium"]


class _InternalHandler(BaseHTTPRequestHandler):
    server: InternalHost

    def do_GET(self) -> None:
        self.server.count(self.path)
        body = SECRET.encode()
        self.send_response(200)
        self.send_header("Access-Control-Allow-Origin", "*")
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_GET

    def log_message(self, format: str, *args: Any) -> None:
        pass


class InternalHost(CountingServer):
    """The internal stand-in: counts connections (a tunnel may send no request) and
    requests."""

    def __init__(self, port: int = 0, host: str = INTERNAL_ADDRESS) -> None:
        super().__init__(port, _InternalHandler, host)
        self.connections = 0

    def verify_request(self, request: Any, client_address: Any) -> bool:
        with self._lock:
            self.connections += 1
        return True

    def reached(self) -> int:
        """Connections plus requests: 0 when nothing got in."""
        return self.connections + sum(self.hits.values())


def _article(n: int, title: str, extra: str = "") -> str:
    words = [_WORDS[(n * 7 + i * 3) % len(_WORDS)] for i in range(240)]
    paragraphs = "".join("<p>" + " ".join(words[i:i + 40]).capitalize() + ".</p>"
                         for i in range(0, 240, 40))
    return (f"<!doctype html><html lang='en'><head><title>{title}</title>"
            "<meta property='og:type' content='article'></head><body><article>"
            f"<h1>{title}</h1>{paragraphs}<div id='extra'></div></article>{extra}"
            "</body></html>")


class _SiteHandler(BaseHTTPRequestHandler):
    server: HostileSite

    def do_GET(self) -> None:
        self.server.count(self.path)
        site, path = self.server, self.path.split("?", 1)[0]
        inside = f"http://{INTERNAL_ADDRESS}:{site.internal_port}"
        here = f"http://{NAME}:{site.port}"
        redirects = {
            "/attack/redirect": f"{inside}/secret/redirect",
            "/attack/redirect-mapped": f"http://[::ffff:{INTERNAL_ADDRESS}]:"
                                       f"{site.internal_port}/secret/mapped",
            "/attack/www": f"http://www.{NAME}:{site.port}/secret/www",
            "/attack/rebind": f"http://rebind.{NAME}:{site.port}/secret/rebind",
        }
        if not self.headers.get("Host", "").startswith(NAME):
            # Reached by its address (a crawl's start URL): on to the site's name.
            self._send(302, "", location=here + self.path)
        elif path in redirects:
            self._send(302, "", location=redirects[path])
        elif path.startswith("/fault/"):
            self._fault(path)
        elif path == "/robots.txt":
            self._send(404, "", content_type="text/plain")
        elif path == "/":
            links = "".join(f"<li><a href='{p}'>{p}</a></li>"
                            for p in ARTICLES + ATTACKS + FAULTS)
            self._send(200, f"<!doctype html><html><head><title>News</title></head><body>"
                            f"<ul>{links}</ul></body></html>")
        elif path in ARTICLES:
            self._send(200, _article(ARTICLES.index(path) + 1, path.rsplit("/", 1)[1]))
        elif path == "/attack/backslash":
            link = (f"http://{INTERNAL_ADDRESS}:{site.internal_port}\\@{NAME}:{site.port}"
                    "/secret/backslash")
            self._send(200, _article(7, "Backslash", f"<p><a href='{link}'>more</a></p>"))
        elif path == "/attack/script":
            script = (
                "<iframe src='" + inside + "/frame'></iframe>"
                "<img src='" + inside + "/pixel.gif'>"
                "<script>"
                f"fetch('{inside}/secret/fetch').then(r => r.text()).then(t => "
                "{document.getElementById('extra').textContent = t;}).catch(() => {});"
                f"const x = new XMLHttpRequest(); x.open('GET', 'http://www.{NAME}:"
                f"{site.internal_port}/latest/meta-data/'); x.send();"
                f"try {{ new WebSocket('ws://{INTERNAL_ADDRESS}:{site.internal_port}/ws'); }}"
                " catch (e) {}"
                "</script>")
            self._send(200, _article(8, "Script", script))
        else:
            self._send(404, "<html><body>not here</body></html>")

    def _fault(self, path: str) -> None:
        if path == "/fault/huge":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(_HUGE_BYTES))
            self.end_headers()
            chunk = b"<p>" + b"x" * 1017 + b"</p>\n"
            with contextlib.suppress(OSError):  # the crawler hung up: as it should
                for _ in range(_HUGE_BYTES // len(chunk)):
                    self.wfile.write(chunk)
        elif path == "/fault/bomb":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(_bomb())))
            self.end_headers()
            with contextlib.suppress(OSError):
                self.wfile.write(_bomb())
        elif path == "/fault/trickle":
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            deadline = time.monotonic() + _TRICKLE_S
            with contextlib.suppress(OSError):
                while time.monotonic() < deadline:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(0.5)
        elif path in ("/fault/loop-a", "/fault/loop-b"):
            self._send(302, "", location="/fault/loop-b" if path.endswith("a") else
                       "/fault/loop-a")
        elif path == "/fault/binary":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            rng = random.Random(7)
            self.wfile.write(bytes(rng.getrandbits(8) for _ in range(50_000)))
        elif path == "/fault/broken":
            page = _article(9, "Broken markup")
            # Unclosed paragraphs and divs, a stray </table>, misnested and unquoted tags.
            broken = page.replace("</p>", "").replace("<article>", "<div><article><div>")
            broken = broken.replace("<h1>", "</table><b><i><h1 class=x>").replace(
                "</h1>", "</b></i></h1>&nbsp")
            self._send(200, broken)
        elif path == "/fault/letters":
            # Text, but no page: one letter repeated, no markup, no link.
            self._send(200, "R" * 50_000)
        elif path == "/fault/swallowed":
            # An attribute left open swallows the body: a browser shows no text either.
            self._send(200, _article(10, "Swallowed").replace("<h1>", "<h1 class='x>"))
        else:
            self._send(404, "<html><body>not here</body></html>")

    def _send(self, status: int, body: str, *, location: str | None = None,
              content_type: str = "text/html; charset=utf-8") -> None:
        data = body.encode()
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@functools.cache
def _bomb() -> bytes:
    """200 MB of zeros, gzipped: about 200 KB on the wire."""
    return gzip.compress(bytes(_BOMB_BYTES), compresslevel=9)


class HostileSite(CountingServer):
    """The public site, aimed at an internal host on the same port (so ``www.news.test``
    with the site's port is the internal host): :func:`start_world`."""

    def __init__(self, port: int = 0) -> None:
        super().__init__(port, _SiteHandler, PUBLIC_ADDRESS)
        self.internal_port = self.port

    @property
    def port(self) -> int:
        return int(self.server_address[1])

    @property
    def start_url(self) -> str:
        """By address, so starting a crawl asks no resolver; it redirects to the name."""
        return f"http://{PUBLIC_ADDRESS}:{self.port}/"


def start_world() -> tuple[HostileSite, InternalHost]:
    """The public site on 127.0.0.1 and the internal host on 127.0.0.2, one port for both,
    serving; ``stop()`` each after."""
    site = HostileSite()
    try:
        internal = InternalHost(site.port)
    except OSError:
        site.server_close()
        raise
    return site.start(), internal.start()


class StubHosts:
    """Name resolution for the hostile world, never the real DNS: ``news.test`` is the
    public site, ``www.news.test`` the internal host, ``rebind.news.test`` the public
    address on its first lookup and the internal one after; any other name resolves to
    nothing and an IP literal to itself. (No name leads off loopback: were a guard to
    fail, the traffic would still stay on this machine.)"""

    def __init__(self) -> None:
        self._lookups = itertools.count()
        self._lock = threading.Lock()

    def resolve(self, host: str, port: int = 0) -> list[str]:
        host = host.lower().strip("[]")
        try:
            return [str(ipaddress.ip_address(host))]
        except ValueError:
            pass
        if host == f"rebind.{NAME}":
            with self._lock:
                first = next(self._lookups) == 0
            return [PUBLIC_ADDRESS if first else INTERNAL_ADDRESS]
        return {NAME: [PUBLIC_ADDRESS], f"www.{NAME}": [INTERNAL_ADDRESS]}.get(host, [])

    async def resolve_async(self, host: str, port: int) -> list[str]:
        return self.resolve(host, port)


@implementer(IHostResolution)
class _Resolution:
    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:
        pass


class _StubResolver:
    """A Twisted IHostnameResolver over :class:`StubHosts`."""

    def __init__(self, hosts: StubHosts) -> None:
        self.hosts = hosts

    def resolveHostName(self, receiver: Any, hostName: str, portNumber: int = 0,
                        addressTypes: Sequence[Any] | None = None,
                        transportSemantics: str = "TCP") -> Any:
        resolution = _Resolution(hostName)
        receiver.resolutionBegan(resolution)
        for address in self.hosts.resolve(hostName):
            kind = IPv6Address if ":" in address else IPv4Address
            receiver.addressResolved(kind("TCP", address, portNumber))
        receiver.resolutionComplete()
        return resolution


class StubPolicyResolver(PolicyResolver):
    """The spider's policy resolver over the hostile world's names
    (``TWISTED_DNS_RESOLVER=crawler.demosite.hostile.StubPolicyResolver``)."""

    def resolver_for(self, reactor: Any, cache_size: int) -> Any:
        return _StubResolver(StubHosts())
