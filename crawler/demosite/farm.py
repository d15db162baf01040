"""A farm of small news sites on 127.0.0.1, one port each, for frontier tests and benchmarks.

``python -m crawler.demosite.farm --sites 20 --pages 50 --latency-ms 200`` prints one JSON
line, ``{"ports": [...], "control": PORT}``, then serves until killed. Each site has a
home page listing its articles, articles linking to three others, a robots.txt that
disallows ``/private/`` (linked from every page, so a crawler that ignores it shows),
links to a ``.pdf``, to another host and to a malformed URL that no crawl follows, and
every response waits ``latency-ms`` first. The control port answers ``/stats``
(every fetch: port, path, start time; the most requests each site had in flight) and
``/reset``. The servers count what crawlers do; nothing is taken on their word.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, cast

_WORDS = ["council", "market", "river", "harbour", "school", "budget", "clinic", "station", "museum", "report", "water", "energy", "festival", "library", "bridge", "stadium", "review", "plan", "study", "project", "officials", "residents", "teachers", "engineers", "analysts", "warned", "backed", "delayed", "expanded", "announced"]


class Ledger:
    """What the sites served, counted on the server side."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.fetches: list[tuple[int, str, float]] = []
        self.in_flight: dict[int, int] = {}
        self.max_in_flight: dict[int, int] = {}

    def enter(self, port: int, path: str) -> None:
        with self.lock:
            self.fetches.append((port, path, time.time()))
            self.in_flight[port] = self.in_flight.get(port, 0) + 1
            self.max_in_flight[port] = max(self.max_in_flight.get(port, 0), self.in_flight[port])

    def leave(self, port: int) -> None:
        with self.lock:
            self.in_flight[port] -= 1

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {"fetches": list(self.fetches), "max_in_flight": dict(self.max_in_flight)}

    def reset(self) -> None:
        with self.lock:
            self.fetches.clear()
            self.max_in_flight.clear()


def _paragraphs(site: int, page: int) -> list[str]:
    rng = random.Random(site * 100_003 + page)
    return [" ".join(rng.choice(_WORDS) for _ in range(40)).capitalize() + "." for _ in range(4)]


def article_html(site: int, page: int, pages: int) -> str:
    links = "".join(f'<li><a href="/p/{(page + k) % pages + 1}">Story {(page + k) % pages + 1}'
                    "</a></li>" for k in range(1, 4))
    body = "".join(f"<p>{p}</p>" for p in _paragraphs(site, page))
    return (f"<html><head><title>Story {page} of site {site}</title></head><body>"
            f'<nav><a href="/">Home</a> <a href="/private/{page}">Private</a> '
            # Links no crawler follows: a file, a page of another host, and a URL of this
            # host that is no request at all (its port is out of range).
            f'<a href="/files/story-{page}.pdf">PDF</a> '
            f'<a href="http://127.0.0.2/p/{page}">Mirror</a> '
            f'<a href="http://127.0.0.1:99999/p/{page}">Broken</a></nav>'
            f"<article><h1>Story {page} of site {site}</h1>"
            f'<time datetime="2024-05-{page % 28 + 1:02d}T10:00:00Z">May {page % 28 + 1}</time>'
            f'<span class="author">By Reporter {site}</span>{body}</article>'
            f"<aside><h3>Read More</h3><ul>{links}</ul></aside></body></html>")


def home_html(site: int, pages: int) -> str:
    items = "".join(f'<li><a href="/p/{i}">Story {i} of site {site}</a></li>'
                    for i in range(1, pages + 1))
    return (f"<html><head><title>Site {site}</title></head><body><h1>Site {site}</h1>"
            f'<a href="/private/all">Private</a><ul class="list">{items}</ul></body></html>')


def page_paths(pages: int) -> list[str]:
    """Every page a crawler should fetch on one site."""
    return ["/", *(f"/p/{i}" for i in range(1, pages + 1))]


def _handler(site: int, pages: int, latency_s: float, ledger: Ledger) -> type:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            port = cast("tuple[str, int]", self.server.server_address)[1]
            ledger.enter(port, self.path)
            try:
                time.sleep(latency_s)
                status, body, kind = self._page()
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
            finally:
                ledger.leave(port)

        def _page(self) -> tuple[int, str, str]:
            html = "text/html; charset=utf-8"
            if self.path == "/robots.txt":
                return 200, "User-agent: *\nDisallow: /private/\n", "text/plain"
            if self.path == "/":
                return 200, home_html(site, pages), html
            if self.path.startswith("/p/") and self.path[3:].isdigit():
                number = int(self.path[3:])
                if 1 <= number <= pages:
                    return 200, article_html(site, number, pages), html
            return 404, "<html><body>not found</body></html>", html

    return Handler


def _control(ledger: Ledger) -> type:
    class Control(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:
            pass

        def do_GET(self) -> None:
            if self.path == "/reset":
                ledger.reset()
            data = json.dumps(ledger.snapshot() if self.path == "/stats" else {}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    return Control


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # as CountingServer's: no SYN dropped by a short backlog

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a crawler killed mid-request resets its connections: expected here


def serve(sites: int, pages: int, latency_ms: float,
          announce: Callable[[dict[str, Any]], None]) -> None:
    ledger = Ledger()
    servers = [_Server(("127.0.0.1", 0), _handler(i, pages, latency_ms / 1000, ledger))
               for i in range(sites)]
    control = _Server(("127.0.0.1", 0), _control(ledger))
    for server in [*servers, control]:
        threading.Thread(target=server.serve_forever, daemon=True).start()
    announce({"ports": [s.server_address[1] for s in servers],
              "control": control.server_address[1]})
    threading.Event().wait()


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m crawler.demosite.farm")
    parser.add_argument("--sites", type=int, default=20)
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--latency-ms", type=float, default=200)
    args = parser.parse_args()
    serve(args.sites, args.pages, args.latency_ms,
          lambda info: print(json.dumps(info), flush=True, file=sys.stdout))


if __name__ == "__main__":
    main()


class Farm:
    """The farm in a child process (its threads then do not compete with the caller's)."""

    def __init__(self, sites: int, pages: int, latency_ms: float) -> None:
        self.sites, self.pages, self.latency_ms = sites, pages, latency_ms
        self.ports: list[int] = []
        self._control = 0
        self._proc: Any = None

    def start(self) -> Farm:
        import subprocess

        self._proc = subprocess.Popen(
            [sys.executable, "-m", "crawler.demosite.farm", "--sites", str(self.sites),
             "--pages", str(self.pages), "--latency-ms", str(self.latency_ms)],
            stdout=subprocess.PIPE, text=True,
        )
        info = json.loads(self._proc.stdout.readline())
        self.ports, self._control = info["ports"], info["control"]
        return self

    @property
    def urls(self) -> list[str]:
        return [f"http://127.0.0.1:{port}/" for port in self.ports]

    def expected(self) -> set[str]:
        return {f"http://127.0.0.1:{port}{path}" for port in self.ports
                for path in page_paths(self.pages)}

    def _get(self, path: str) -> dict[str, Any]:
        import urllib.request

        with urllib.request.urlopen(f"http://127.0.0.1:{self._control}{path}", timeout=10) as r:
            return dict(json.loads(r.read()))

    def stats(self) -> dict[str, Any]:
        return self._get("/stats")

    def reset(self) -> None:
        self._get("/reset")

    def stop(self) -> None:
        if self._proc is not None:
            self._proc.kill()
            self._proc.wait()
            self._proc = None
