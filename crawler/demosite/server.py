"""The demo portal as an HTTP server on 127.0.0.1 (a thread, or ``python -m crawler.demosite``).

Routes: ``/`` and ``/blogs`` (paginated latest posts), ``/blogs/category/<id>/<slug>``
(paginated), ``/blogs/<id>/<slug>`` and ``/live/<id>/<slug>`` (posts), ``/api/posts/<id>.json`` (bodies of the
JavaScript posts), ``/robots.txt``, and two broken pages linked from the home page:
one answers HTTP 500, one serves binary garbage as text/html.

Traps for render workers, linked from nowhere: ``/traps/never-loads`` sends half a page
and then nothing; ``/traps/download-popup`` is a post whose script opens popups and
starts a download (``/traps/file.bin``). ``api_delay_s`` slows the JavaScript posts'
API, so a render can be caught in the middle.

``bundle_ms`` gives every page the script work of a real news site: a site bundle
(``/static/site.js``, cacheable) that keeps the browser's main thread busy for that
long on every page view, as analytics, ad and framework code do (hundreds of
milliseconds on a typical news page). A static fetch never runs it; a render does.
"""

from __future__ import annotations

import re
import sys
import threading
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

from crawler.demosite import _pages
from crawler.demosite._content import JS_EVERY, post_by_id
from crawler.demosite._serving import CountingServer

ROBOTS = b"User-agent: *\nDisallow: /search\nDisallow: /ads/\nDisallow: /share/\nDisallow: /report/\n"
BROKEN_500 = "/blogs/900/server-error"
BROKEN_GARBLED = "/blogs/901/garbled-page"
_PIXEL = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
          b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")
NEVER_LOADS = "/traps/never-loads"
DOWNLOAD_POPUP = "/traps/download-popup"
DOWNLOAD_FILE = "/traps/file.bin"
POPUP = "/traps/popup"
_DOWNLOAD_POPUP_JS = f"""
window.open('{POPUP}?via=open');
const link = document.createElement('a');
link.href = '{POPUP}?via=link'; link.target = '_blank'; document.body.appendChild(link);
link.click();
const file = document.createElement('a');
file.href = '{DOWNLOAD_FILE}'; file.download = 'report.bin'; document.body.appendChild(file);
file.click();
"""
BUNDLE = "/static/site.js"


def site_bundle(busy_ms: int) -> bytes:
    """A script that works the main thread for ``busy_ms`` and leaves the page as it is."""
    return (f"(function () {{ var end = Date.now() + {int(busy_ms)}, s = 0;"
            " while (Date.now() < end) { for (var i = 0; i < 1000; i++) { s = (s + i * i) % 1000003; } }"
            " window.__siteBundle = s; })();").encode()


_POST = re.compile(r"^/(?:blogs|live)/(\d+)/[^/]+$")
_CATEGORY = re.compile(r"^/blogs/category/(\d+)/[^/]+$")
_TAG = re.compile(r"^/blogs/tag/([^/]+)$")
_AUTHOR = re.compile(r"^/([^/.]+)$")
_API = re.compile(r"^/api/posts/(\d+)\.json$")


class DemoServer(CountingServer):
    def __init__(self, port: int = 0, host: str = "127.0.0.1") -> None:
        super().__init__(port, _Handler, host)
        self.api_delay_s = 0.0
        self.bundle_ms = 0
        self.closing = threading.Event()

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A browser that hung up mid-answer (a closed tab, a killed worker) is no error."""
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)

    def stop(self) -> None:
        self.closing.set()
        super().stop()


class _Handler(BaseHTTPRequestHandler):
    server: DemoServer

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        self.server.count(parts.path)
        if parts.path == NEVER_LOADS:
            self._never_finish()
            return
        if parts.path.startswith("/api/") and self.server.api_delay_s:
            self.server.closing.wait(self.server.api_delay_s)
        page = _page_number(parts.query)
        status, ctype, body = self._route(parts.path, page)
        if self.server.bundle_ms and ctype.startswith("text/html"):
            body = body.replace(b"</body>", b'<script src="/static/site.js"></script></body>', 1)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        if parts.path == BUNDLE:
            self.send_header("Cache-Control", "public, max-age=3600")
        self.send_header("Content-Length", str(len(body)))
        if parts.path == DOWNLOAD_FILE:
            self.send_header("Content-Disposition", 'attachment; filename="report.bin"')
        self.end_headers()
        self.wfile.write(body)

    def _never_finish(self) -> None:
        """Headers and the start of a page, then silence until the server stops."""
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        self.wfile.write(b"<html><head><title>Loading</title></head><body><p>Loading")
        self.wfile.flush()
        self.server.closing.wait(300)

    def _route(self, path: str, page: int) -> tuple[int, str, bytes]:
        html = "text/html; charset=utf-8"
        if path == DOWNLOAD_POPUP:
            static = next(p for i in range(1, 1 + JS_EVERY)
                          if (p := post_by_id(i)) is not None and not p.js_mode)
            return 200, html, _pages.article_page(static).replace(
                "</body>", f"<script>{_DOWNLOAD_POPUP_JS}</script></body>").encode()
        if path == DOWNLOAD_FILE:
            return 200, "application/octet-stream", b"\0" * 65536
        if path == POPUP:
            return 200, html, b"<html><body><p>A popup.</p></body></html>"
        if path == "/robots.txt":
            return 200, "text/plain", ROBOTS
        if path == BUNDLE:
            return 200, "application/javascript", site_bundle(self.server.bundle_ms)
        if path.startswith("/static/"):
            return 200, "image/gif", _PIXEL
        if path == BROKEN_500:
            return 500, html, b"<html><body><h1>Internal Server Error</h1></body></html>"
        if path == BROKEN_GARBLED:
            return 200, html, bytes(range(256)) * 8
        if path in ("/", "/blogs"):
            text = _pages.blogs_listing(page, "/blogs")
            if text and path == "/" and page == 1:
                text = text.replace("</footer>", _BROKEN_LINKS + "</footer>")
            return _html_or_404(text)
        if m := _CATEGORY.match(path):
            return _html_or_404(_pages.category_listing(int(m.group(1)), page))
        if m := _POST.match(path):
            post = post_by_id(int(m.group(1)))
            in_section = post is not None and post.path.split("/")[1] == path.split("/")[1]
            return _html_or_404(_pages.article_page(post) if post and in_section else None)
        if m := _TAG.match(path):
            tag = unquote(m.group(1))
            return _html_or_404(_pages.filtered_listing(f"#{tag}", path, page, ("tag", tag)))
        if m := _AUTHOR.match(path):
            name = unquote(m.group(1))
            return _html_or_404(_pages.filtered_listing(name, path, page, ("author", name)))
        if m := _API.match(path):
            post = post_by_id(int(m.group(1)))
            if post:
                return 200, "application/json", _pages.post_json(post).encode()
        return 404, html, b"<html><body><h1>Not found</h1></body></html>"


_BROKEN_LINKS = (f'<div class="trending"><a href="{BROKEN_500}">Trending now</a> '
                 f'<a href="{BROKEN_GARBLED}">Editor picks</a></div>')


def _page_number(query: str) -> int:
    try:
        return max(1, int(parse_qs(query).get("page", ["1"])[0]))
    except ValueError:
        return 1


def _html_or_404(text: str | None) -> tuple[int, str, bytes]:
    if text is None:
        return 404, "text/html; charset=utf-8", b"<html><body><h1>Not found</h1></body></html>"
    return 200, "text/html; charset=utf-8", text.encode("utf-8")
