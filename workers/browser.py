"""One Chromium per worker process, several pages at a time, kept healthy.

:class:`BrowserPool` drives async Playwright on its own event-loop thread, so any
number of threads (Celery's ``threads`` pool) may call :meth:`BrowserPool.render`;
at most ``pages`` renders run at once. Memory stays flat over a long crawl because
nothing lives for ever:

- a page tab is reused for the next render, but closed after any failure;
- a browser context (cookies, cache, tabs) is retired after ``context_pages`` renders;
- the browser is retired after ``browser_pages`` renders, and replaced at once when it
  crashes or is killed (renders in flight then fail with :class:`RenderError`, which
  the task retries);
- retired contexts and browsers are closed as soon as their last render ends.

A render waits for the article: for the site's selector when one is configured
(``RENDER_WAIT_FOR``), else until no fetch/XHR is in flight and the DOM has been quiet
for a moment, capped. Downloads are refused, ``window.open`` returns nothing, and what
an article does not need (by default images, media, fonts and known ad and analytics
hosts) is never fetched.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import logging
import threading
import time
from collections.abc import Coroutine
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import urlsplit

import psutil
from playwright.async_api import Browser, BrowserContext, Page, Playwright, Route, async_playwright
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeout

from crawler.addresses import AddressPolicy
from workers.proxy import REFUSED_HEADER, AsyncResolve, GuardProxy, system_resolve

logger = logging.getLogger(__name__)
T = TypeVar("T")

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
    # Every connection goes through the pool's proxy; WebRTC's UDP would not.
    "--force-webrtc-ip-handling-policy=disable_non_proxied_udp",
    "--webrtc-ip-handling-policy=disable_non_proxied_udp",
]

# Runs in every document before its own scripts: counts fetch/XHR in flight, notes the
# last DOM change, and refuses popups and link-started downloads.
_INIT_JS = """
(() => {
  if (window.__ncRender) return;
  const s = window.__ncRender = {inflight: 0, changed: Date.now()};
  const done = () => { s.inflight--; s.changed = Date.now(); };
  const fetch0 = window.fetch;
  if (fetch0) window.fetch = function (...args) {
    s.inflight++;
    return fetch0.apply(this, args).finally(done);
  };
  // fetch() resolves on the headers; the body is read after: count that too.
  if (window.Response) for (const name of ['json', 'text', 'arrayBuffer', 'blob', 'formData']) {
    const read0 = Response.prototype[name];
    if (read0) Response.prototype[name] = function (...args) {
      s.inflight++;
      return read0.apply(this, args).finally(done);
    };
  }
  const send0 = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.send = function (...args) {
    s.inflight++;
    this.addEventListener('loadend', done, {once: true});
    return send0.apply(this, args);
  };
  new MutationObserver(() => { s.changed = Date.now(); })
    .observe(document, {subtree: true, childList: true, characterData: true});
  window.open = () => null;
  // A scripted click on a link that would open a window or save a file does nothing.
  document.addEventListener('click', event => {
    const link = event.target && event.target.closest && event.target.closest('a[href]');
    if (link && (link.hasAttribute('download') ||
                 (link.target && !['_self', '_top', '_parent'].includes(link.target)))) {
      event.preventDefault();
    }
  }, true);
})();
"""

# Resolves once nothing is in flight and the DOM has not changed for ``quietMs``, or
# after ``capMs`` at the latest.
_WAIT_QUIET_JS = """
([quietMs, capMs]) => new Promise(resolve => {
  const s = window.__ncRender || {inflight: 0, changed: 0};
  const started = Date.now();
  const tick = () => {
    const now = Date.now();
    if ((s.inflight <= 0 && now - s.changed >= quietMs) || now - started >= capMs) {
      resolve(s.inflight);
    } else { setTimeout(tick, 20); }
  };
  tick();
})
"""
QUIET_MS = 150


@dataclass(frozen=True)
class RenderedPage:
    url: str
    status: int
    html: str
    elapsed_ms: int


class RenderError(RuntimeError):
    """A render failed in a way a retry may fix (timeout, crash, network). ``kind`` names
    the failure for the metrics: timeout, network, browser, http, download,
    address-refused."""

    def __init__(self, message: str, kind: str = "browser") -> None:
        super().__init__(message)
        self.kind = kind


class NotRenderable(RenderError):
    """The URL is not a page a browser can show (a download); retrying cannot help."""


@dataclass(eq=False)
class _Generation:
    """A browser or a context: serves ``limit`` renders, then is retired and closed once idle."""

    handle: Any
    limit: int
    parent: _Generation | None = None
    served: int = 0
    active: int = 0
    retired: bool = False
    idle: list[Page] = field(default_factory=list)

    def spent(self) -> bool:
        return self.retired or self.served >= self.limit


@dataclass
class PoolStats:
    renders: int = 0
    failures: int = 0
    timeouts: int = 0
    blocked: int = 0
    browser_launches: int = 0
    browser_crashes: int = 0
    contexts_opened: int = 0
    popups_refused: int = 0
    downloads_refused: int = 0
    active: int = 0
    peak_active: int = 0


class BrowserPool:
    """Renders pages in one long-lived Chromium, ``pages`` at a time."""

    def __init__(self, executable_path: str, timeout_s: float, *, pages: int = 4,
                 context_pages: int = 100, browser_pages: int = 1000,
                 block_types: frozenset[str] = frozenset(), block_hosts: tuple[str, ...] = (),
                 wait_for: dict[str, str] | None = None, policy: AddressPolicy | None = None,
                 resolve: AsyncResolve | None = None) -> None:
        self.executable_path = executable_path
        self.timeout_s = timeout_s
        self.pages = pages
        self.context_pages = context_pages
        self.browser_pages = browser_pages
        self.block_types = block_types
        self.block_hosts = tuple(h.lower().lstrip(".") for h in block_hosts)
        self.wait_for = {host.lower(): sel for host, sel in (wait_for or {}).items()}
        self.stats = PoolStats()
        # Where Chromium may connect: global addresses only unless the worker's policy says.
        self.proxy = GuardProxy(policy or AddressPolicy(), resolve or system_resolve)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._guard = threading.Lock()
        self._playwright: Playwright | None = None
        self._browser: _Generation | None = None
        self._context: _Generation | None = None
        self._slots: asyncio.Semaphore | None = None
        self._launching: asyncio.Lock | None = None
        self._driver_pids: set[int] = set()

    @property
    def blocked(self) -> int:
        return self.stats.blocked

    @property
    def addresses_refused(self) -> int:
        """Requests of Chromium's the address policy refused (navigations, redirects,
        subresources, fetch/XHR, WebSockets)."""
        return self.proxy.refused

    # -- lifecycle (any thread) ----------------------------------------------------------

    def start(self) -> None:
        """Start the event loop and launch Chromium now, so a bad setup fails early."""
        self._submit(self._current_context(reserve=False)).result(self.timeout_s + 30)

    def close(self) -> None:
        """Close every context and the browser, stop Playwright and the loop; kill leftovers."""
        with self._guard:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None:
            return
        ours = self.processes()
        try:
            asyncio.run_coroutine_threadsafe(self._shutdown(), loop).result(30)
        except Exception:
            logger.warning("browser pool did not shut down cleanly", exc_info=True)
        loop.call_soon_threadsafe(loop.stop)
        if thread is not None:
            thread.join(10)
        for process in ours:  # whatever outlived its driver: no orphans
            try:
                process.kill()
            except psutil.Error:
                pass
        # Bound to the loop just stopped; a later render() starts afresh.
        self._slots = self._launching = None
        self._driver_pids = set()

    def render(self, url: str) -> RenderedPage:
        """Render ``url``; RenderError when it failed (retry), NotRenderable when it never can."""
        future = self._submit(self._render(url))
        try:
            # _render enforces the cap; this only guards against a wedged driver.
            return future.result(self.timeout_s * 2 + 30)
        except concurrent.futures.TimeoutError:
            future.cancel()
            raise RenderError(f"render of {url} did not return", "timeout") from None

    def _driver_alive(self) -> bool:
        for pid in self._driver_pids:
            try:
                if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                    return True
            except psutil.Error:
                pass
        return not self._driver_pids

    def processes(self) -> list[psutil.Process]:
        """The Playwright driver and the browser processes it runs for this pool."""
        return _descendants(self._driver_pids)

    def rss_bytes(self) -> int:
        """Resident memory of this process plus every browser process it started."""
        return sum(self.rss_split())

    def rss_split(self, proportional: bool = False) -> tuple[int, int]:
        """Resident memory of this process, and of the processes it started (Playwright's
        driver and Chromium). ``proportional``: PSS, shared pages divided among the
        processes sharing them (Chromium's sum of RSS counts them once per process,
        about 2.5 times what the browser costs); read from /proc/PID/smaps_rollup, where
        there is one (Linux), else RSS."""
        def size(proc: psutil.Process) -> int:
            if proportional:
                with contextlib.suppress(psutil.AccessDenied, AttributeError):
                    return int(proc.memory_full_info().pss)
            return int(proc.memory_info().rss)

        me = psutil.Process()
        children = 0
        for child in me.children(recursive=True):
            with contextlib.suppress(psutil.Error):
                children += size(child)
        return size(me), children

    def problem(self) -> str | None:
        """Why this pool cannot render now (no browser, or its driver is gone), or None."""
        browser = self._browser
        if browser is None:
            return "no browser launched"
        if not self._driver_alive() or not browser.handle.is_connected():
            return "the browser is not connected (it is relaunched at the next render)"
        return None

    def snapshot(self) -> dict[str, int]:
        stats = self.stats
        return {**stats.__dict__, "pages": self.pages, "rss_bytes": self.rss_bytes(),
                "addresses_refused": self.proxy.refused}

    def _submit(self, coro: Coroutine[Any, Any, T]) -> concurrent.futures.Future[T]:
        with self._guard:
            if self._loop is None:
                loop = asyncio.new_event_loop()
                loop.set_exception_handler(_driver_gone_quietly)
                thread = threading.Thread(target=loop.run_forever, name="browser-pool", daemon=True)
                thread.start()
                self._loop, self._thread = loop, thread
            loop = self._loop
        return asyncio.run_coroutine_threadsafe(coro, loop)

    # -- on the loop thread ------------------------------------------------------------------

    async def _render(self, url: str) -> RenderedPage:
        if self._slots is None:
            self._slots = asyncio.Semaphore(self.pages)
        async with self._slots:
            started = time.monotonic()
            self.stats.active += 1
            self.stats.peak_active = max(self.stats.peak_active, self.stats.active)
            context: _Generation | None = None
            page: Page | None = None
            reusable = False
            try:
                context = await self._current_context(reserve=True)
                page = context.idle.pop() if context.idle else await self._new_page(context)
                status, html = await asyncio.wait_for(self._load(page, url), self.timeout_s)
                reusable = True
                return RenderedPage(url, status, html, int((time.monotonic() - started) * 1000))
            except (TimeoutError, PlaywrightTimeout):
                # Navigation has the same cap as the whole render: either may fire first.
                self.stats.failures += 1
                self.stats.timeouts += 1
                raise RenderError(f"timed out after {self.timeout_s:g} s", "timeout") from None
            except PlaywrightError as exc:
                self.stats.failures += 1
                message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                if "Download is starting" in message:
                    raise NotRenderable("the URL is a download, not a page", "download") from None
                refused = self.proxy.refusal(urlsplit(url).hostname or "")
                if "ERR_TUNNEL_CONNECTION_FAILED" in message and refused is not None:
                    raise NotRenderable(str(refused), "address-refused") from None
                kind = "network" if "net::ERR_" in message else "browser"
                raise RenderError(f"{type(exc).__name__}: {message}", kind) from None
            finally:
                self.stats.active -= 1
                self.stats.renders += 1
                if context is not None:
                    await self._give_back(context, page, reusable)

    async def _load(self, page: Page, url: str) -> tuple[int, str]:
        timeout_ms = self.timeout_s * 1000
        response = await page.goto(url, wait_until="load", timeout=timeout_ms)
        refused = response.headers.get(REFUSED_HEADER) if response is not None else None
        if refused:  # the page, or a redirect on the way to it, is somewhere not allowed
            raise NotRenderable(refused, "address-refused")
        selector = self.wait_for.get((urlsplit(url).hostname or "").lower())
        if selector:
            await page.wait_for_selector(selector, timeout=timeout_ms)
        else:
            await page.evaluate(_WAIT_QUIET_JS, [QUIET_MS, int(timeout_ms // 2)])
        return (response.status if response else 0), await page.content()

    async def _current_context(self, reserve: bool) -> _Generation:
        """The context to render in, launching a browser or opening a context as needed."""
        if self._launching is None:
            self._launching = asyncio.Lock()
        async with self._launching:
            browser = self._browser
            if (browser is None or browser.spent() or not browser.handle.is_connected()
                    or not self._driver_alive()):
                if browser is not None:
                    await self._retire(browser)
                browser = self._browser = _Generation(await self._launch(), self.browser_pages)
            context = self._context
            if context is None or context.spent() or context.parent is not browser:
                if context is not None:
                    await self._retire(context)
                context = self._context = _Generation(
                    await self._new_context(browser.handle), self.context_pages, browser)
            if reserve:
                for generation in (context, browser):
                    generation.served += 1
                    generation.active += 1
            return context

    async def _launch(self) -> Browser:
        if self._playwright is not None and not self._driver_alive():
            logger.warning("the Playwright driver went away; starting a new one")
            self._playwright = None  # nothing left to stop
        if self._playwright is None:
            before = {p.pid for p in psutil.Process().children()}
            self._playwright = await async_playwright().start()
            self._driver_pids = {p.pid for p in psutil.Process().children()} - before
        proxy = await self.proxy.start()
        browser = await self._playwright.chromium.launch(
            executable_path=self.executable_path, headless=True, args=CHROMIUM_ARGS,
            proxy={"server": proxy, "bypass": "<-loopback>"})
        self.stats.browser_launches += 1
        browser.on("disconnected", self._on_disconnected)
        return browser

    def _on_disconnected(self, browser: Browser) -> None:
        current = self._browser
        if current is not None and current.handle is browser and not current.retired:
            self.stats.browser_crashes += 1
            current.retired = True
            logger.warning("Chromium went away; the next render starts a new one")

    async def _new_context(self, browser: Browser) -> BrowserContext:
        context = await browser.new_context(accept_downloads=False, java_script_enabled=True)
        await context.add_init_script(_INIT_JS)
        if self.block_types or self.block_hosts:
            await context.route("**/*", self._filter)
        self.stats.contexts_opened += 1
        return context

    async def _new_page(self, context: _Generation) -> Page:
        page: Page = await context.handle.new_page()
        page.on("popup", self._refuse_popup)
        page.on("download", self._refuse_download)
        return page

    async def _refuse_popup(self, popup: Page) -> None:
        self.stats.popups_refused += 1
        await _close_quietly(popup)

    async def _refuse_download(self, download: Any) -> None:
        self.stats.downloads_refused += 1
        with contextlib.suppress(Exception):
            await download.cancel()

    async def _filter(self, route: Route) -> None:
        request = route.request
        host = (urlsplit(request.url).hostname or "").lower()
        if request.resource_type in self.block_types or any(
            host == h or host.endswith("." + h) for h in self.block_hosts
        ):
            self.stats.blocked += 1
            await route.abort("blockedbyclient")
        else:
            await route.continue_()

    async def _give_back(self, context: _Generation, page: Page | None, reusable: bool) -> None:
        browser = context.parent
        assert browser is not None
        context.active -= 1
        browser.active -= 1
        if page is not None:
            if reusable and not context.spent():
                context.idle.append(page)
            else:
                await _close_quietly(page)
        for generation in (context, browser):
            if generation.spent() and generation.active == 0:
                await self._retire(generation)

    async def _retire(self, generation: _Generation) -> None:
        """No new renders go to ``generation``; close it now if none is running in it."""
        generation.retired = True
        if generation.active == 0 and generation.handle is not None:
            handle, generation.handle = generation.handle, None
            generation.idle.clear()
            await _close_quietly(handle)

    async def _shutdown(self) -> None:
        for generation in (self._context, self._browser):
            if generation is not None:
                generation.active = 0
                await self._retire(generation)
        self._context = self._browser = None
        await self.proxy.close()
        if self._playwright is not None:
            with contextlib.suppress(Exception):  # shutting down regardless
                await self._playwright.stop()
            self._playwright = None


def _driver_gone_quietly(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
    """A killed Playwright driver leaves futures nobody awaits; the pool already replaced
    it, so say so at debug level rather than print a stray traceback."""
    exc = context.get("exception")
    if exc is not None and "Connection closed" in str(exc):
        logger.debug("Playwright driver connection closed: %s", exc)
    else:
        loop.default_exception_handler(context)


async def _close_quietly(closable: Any) -> None:
    with contextlib.suppress(Exception):  # a crashed or closing target is closed enough
        await asyncio.wait_for(closable.close(), 10)


def _descendants(pids: set[int]) -> list[psutil.Process]:
    """The processes ``pids`` and everything they started."""
    found = []
    for pid in pids:
        try:
            root = psutil.Process(pid)
            found += [root, *root.children(recursive=True)]
        except psutil.Error:
            pass
    return found
