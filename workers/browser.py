"""One Chromium per worker process, reused across renders; a fresh context per page.

The browser starts on first use and restarts if it crashed. Pages that offer a
download or open a popup get neither. What an article does not need (by default
images, media and fonts, and known ad and analytics hosts) is not fetched at all.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.sync_api import Browser, Playwright, Route, sync_playwright
from playwright.sync_api import Error as PlaywrightError

logger = logging.getLogger(__name__)

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]

# Resolves once the page's visible text has stopped changing for ``quiet_ms``
# (scripts that draw the article are done), or after ``cap_ms`` at the latest.
_WAIT_STABLE_JS = """
([quietMs, capMs]) => new Promise(resolve => {
  const started = Date.now();
  let last = -1, stableSince = Date.now();
  const tick = () => {
    const size = document.body ? document.body.innerText.length : 0;
    if (size !== last) { last = size; stableSince = Date.now(); }
    if ((size > 0 && Date.now() - stableSince >= quietMs) || Date.now() - started >= capMs) {
      resolve(size);
    } else { setTimeout(tick, 50); }
  };
  tick();
})
"""
QUIET_MS = 250


@dataclass(frozen=True)
class RenderedPage:
    url: str
    status: int
    html: str
    elapsed_ms: int


class RenderError(RuntimeError):
    """A render failed in a way a retry may fix (timeout, crash, network)."""


class BrowserPool:
    """Renders pages in one long-lived Chromium."""

    def __init__(self, executable_path: str, timeout_s: float,
                 block_types: frozenset[str] = frozenset(),
                 block_hosts: tuple[str, ...] = ()) -> None:
        self.executable_path = executable_path
        self.timeout_ms = int(timeout_s * 1000)
        self.block_types = block_types
        self.block_hosts = tuple(h.lower().lstrip(".") for h in block_hosts)
        self.blocked = 0
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None

    def start(self) -> None:
        if self._playwright is None:
            self._playwright = sync_playwright().start()
        if self._browser is None or not self._browser.is_connected():
            self._browser = self._playwright.chromium.launch(
                executable_path=self.executable_path, headless=True, args=CHROMIUM_ARGS
            )

    def close(self) -> None:
        for closer in (self._browser, self._playwright):
            try:
                if closer is self._playwright and closer is not None:
                    closer.stop()
                elif closer is not None:
                    closer.close()
            except Exception:  # noqa: BLE001 - shutting down regardless
                pass
        self._browser = None
        self._playwright = None

    def _filter(self, route: Route) -> None:
        request = route.request
        host = (urlsplit(request.url).hostname or "").lower()
        if request.resource_type in self.block_types or any(
            host == h or host.endswith("." + h) for h in self.block_hosts
        ):
            self.blocked += 1
            route.abort("blockedbyclient")
        else:
            route.continue_()

    def render(self, url: str) -> RenderedPage:
        import time

        self.start()
        assert self._browser is not None
        started = time.monotonic()
        context = self._browser.new_context(accept_downloads=False, java_script_enabled=True)
        try:
            if self.block_types or self.block_hosts:
                context.route("**/*", self._filter)
            page = context.new_page()
            page.on("popup", lambda popup: popup.close())
            response = page.goto(url, wait_until="load", timeout=self.timeout_ms)
            page.evaluate(_WAIT_STABLE_JS, [QUIET_MS, self.timeout_ms // 2])
            html = page.content()
            status = response.status if response else 0
        except PlaywrightError as exc:
            if self._browser is not None and not self._browser.is_connected():
                self._browser = None
            raise RenderError(f"{type(exc).__name__}: {str(exc).splitlines()[0]}") from None
        finally:
            try:
                context.close()
            except PlaywrightError:
                pass
        return RenderedPage(url, status, html, int((time.monotonic() - started) * 1000))
