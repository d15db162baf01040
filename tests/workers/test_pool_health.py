"""The browser pool in real Chromium: crashes, recycling, caps, traps, no orphans."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import psutil
import pytest

from crawler.addresses import AddressPolicy
from crawler.config import CrawlerConfig
from crawler.demosite import DemoServer
from crawler.demosite._content import posts
from crawler.demosite.server import DOWNLOAD_FILE, DOWNLOAD_POPUP, NEVER_LOADS, POPUP
from crawler.extract import extract
from workers.browser import BrowserPool, NotRenderable, RenderError

# The test site is on loopback: allowed, as with --allow-private.
LOOPBACK = AddressPolicy(allow_private=True)
JS_POSTS = [p for p in posts() if p.js_mode == "fetch"]


@pytest.fixture(scope="module")
def site() -> Iterator[DemoServer]:
    server = DemoServer(0).start()
    yield server
    server.stop()


def make_pool(**options: int) -> BrowserPool:
    pool = BrowserPool(CrawlerConfig.load().require_chromium(), 4,
                       block_types=frozenset({"image", "font", "media"}), policy=LOOPBACK,
                       **options)
    pool.start()
    return pool


def js_url(site: DemoServer, index: int) -> str:
    return site.url + JS_POSTS[index % len(JS_POSTS)].path.lstrip("/") + f"?i={index}"


def browsers(pool: BrowserPool) -> list[psutil.Process]:
    """The main browser processes (not their renderers, GPU or utility children)."""
    found = []
    for process in pool.processes():
        try:
            cmdline = process.cmdline()
        except psutil.Error:
            continue
        if "--remote-debugging-pipe" in cmdline and not any(a.startswith("--type=") for a in cmdline):
            found.append(process)
    return found


def test_a_killed_chromium_is_replaced_and_rendering_goes_on(site: DemoServer) -> None:
    pool = make_pool(pages=3)
    site.api_delay_s = 1.0  # renders are mid-way when the browser dies
    try:
        with ThreadPoolExecutor(3) as threads:
            running = [threads.submit(pool.render, js_url(site, i)) for i in range(3)]
            while pool.stats.active < 3:
                time.sleep(0.02)
            (old,) = browsers(pool)
            old.kill()
            failed = [f for f in running if isinstance(f.exception(), RenderError)]
        assert failed, "the renders in flight should have failed with a retryable error"
        site.api_delay_s = 0
        with ThreadPoolExecutor(3) as threads:
            pages = list(threads.map(pool.render, [js_url(site, i) for i in range(3, 9)]))
        assert all(extract(p.html, p.url).word_count > 80 for p in pages)
        assert pool.stats.browser_crashes == 1
        assert pool.stats.browser_launches == 2
        (new,) = browsers(pool)
        assert new.pid != old.pid
    finally:
        site.api_delay_s = 0
        pool.close()


def test_contexts_and_the_browser_are_recycled(site: DemoServer) -> None:
    pool = make_pool(pages=2, context_pages=3, browser_pages=7)
    try:
        first = browsers(pool)
        with ThreadPoolExecutor(2) as threads:
            list(threads.map(pool.render, [js_url(site, i) for i in range(10)]))
        assert pool.stats.browser_launches == 2  # renders 1-7, then 8-10
        assert pool.stats.contexts_opened >= 4  # at most 3 renders per context
        now = browsers(pool)
        assert len(now) == 1, "the retired browser was closed once its renders ended"
        assert now[0].pid not in {p.pid for p in first}
        assert not _alive(first[0])
    finally:
        pool.close()


def test_no_more_pages_than_allowed_and_slots_come_back_after_failures(site: DemoServer) -> None:
    pool = make_pool(pages=2)
    try:
        with ThreadPoolExecutor(6) as threads:
            outcomes = list(threads.map(
                lambda url: _outcome(pool, url),
                [site.url + NEVER_LOADS.lstrip("/")] * 2 + [js_url(site, i) for i in range(4)]))
        assert outcomes.count("timeout") == 2
        assert outcomes.count("ok") == 4
        assert pool.stats.peak_active == 2
        assert pool.stats.active == 0
        # Both slots are free again: two renders still run side by side.
        site.api_delay_s = 0.5
        started = time.monotonic()
        with ThreadPoolExecutor(2) as threads:
            list(threads.map(pool.render, [js_url(site, 20), js_url(site, 21)]))
        assert time.monotonic() - started < 2 * 0.5 + 1.5
    finally:
        site.api_delay_s = 0
        pool.close()


def _outcome(pool: BrowserPool, url: str) -> str:
    try:
        pool.render(url)
    except RenderError as exc:
        return "timeout" if "timed out" in str(exc) else str(exc)
    return "ok"


def test_a_page_that_never_finishes_loading_times_out(site: DemoServer) -> None:
    pool = make_pool(pages=1)
    try:
        started = time.monotonic()
        with pytest.raises(RenderError, match="timed out after 4 s"):
            pool.render(site.url + NEVER_LOADS.lstrip("/"))
        assert time.monotonic() - started < 4 + 2
        assert pool.stats.timeouts == 1
    finally:
        pool.close()


def test_a_page_gets_no_popup_and_no_download(site: DemoServer) -> None:
    pool = make_pool(pages=1)
    try:
        page = pool.render(site.url + DOWNLOAD_POPUP.lstrip("/"))
        assert extract(page.html, page.url).word_count > 80  # the page itself rendered
        time.sleep(0.5)  # anything the scripts started has had time to reach the server
        assert site.hits[POPUP] == 0
        assert site.hits[DOWNLOAD_FILE] == 0
        # Sent straight to a file: no page, no retry, nothing saved.
        with pytest.raises(NotRenderable):
            pool.render(site.url + DOWNLOAD_FILE.lstrip("/"))
        assert pool.stats.downloads_refused == 1
    finally:
        pool.close()


def test_close_leaves_no_browser_process(site: DemoServer) -> None:
    pool = make_pool(pages=2)
    pool.render(js_url(site, 0))
    processes = pool.processes()
    assert len(processes) > 2  # the driver, the browser and its helpers
    pool.close()
    deadline = time.monotonic() + 10
    while any(_alive(p) for p in processes) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not [p.pid for p in processes if _alive(p)]
    assert "browser-pool" not in [t.name for t in threading.enumerate()]
    # A closed pool starts again on the next render (a worker restarting its renderer).
    assert extract(pool.render(js_url(site, 1)).html, site.url).word_count > 80
    pool.close()


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running() and process.status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def test_a_killed_playwright_driver_is_replaced(site: DemoServer) -> None:
    pool = make_pool(pages=1)
    try:
        pool.render(js_url(site, 0))
        (driver,) = [p for p in pool.processes() if "chrom" not in p.name().lower()]
        driver.kill()
        driver.wait(5)
        outcomes = [_outcome(pool, js_url(site, i)) for i in range(1, 4)]
        assert outcomes[1:] == ["ok", "ok"]  # at worst the first render after it fails
        assert pool.stats.browser_launches == 2
    finally:
        pool.close()


def test_a_site_selector_is_waited_for(site: DemoServer) -> None:
    """RENDER_WAIT_FOR: the render returns once the body's paragraphs exist, even when the
    article's API answers after the page went quiet; a selector that never appears is
    a timeout."""
    host = "127.0.0.1"
    pool = BrowserPool(CrawlerConfig.load().require_chromium(), 4, pages=1,
                       wait_for={host: "#post-body p"}, policy=LOOPBACK)
    site.api_delay_s = 1.0
    try:
        page = pool.render(js_url(site, 0))
        assert extract(page.html, page.url).word_count > 80
        assert page.elapsed_ms >= 1000
        pool.wait_for = {host: "#never-there"}
        with pytest.raises(RenderError, match="timed out|Timeout"):
            pool.render(js_url(site, 1))
    finally:
        site.api_delay_s = 0
        pool.close()
