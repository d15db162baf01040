"""The browser pool in real Chromium: what a render does not need is never fetched."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from crawler.addresses import AddressPolicy
from crawler.config import CrawlerConfig
from crawler.demosite import DemoServer
from crawler.demosite._content import posts
from crawler.extract import extract
from workers.browser import BrowserPool

LOOPBACK = AddressPolicy(allow_private=True)  # the test site's address
# A post whose photo is drawn into the page by JavaScript: images blocked, text kept.
POST = next(p for p in posts() if p.js_mode and p.caption)


@pytest.fixture(scope="module")
def chromium() -> str:
    return CrawlerConfig.load().require_chromium()


@pytest.fixture
def pool(chromium: str, request: pytest.FixtureRequest) -> Iterator[BrowserPool]:
    types, hosts = request.param
    pool = BrowserPool(chromium, 20, block_types=frozenset(types), block_hosts=tuple(hosts),
                       policy=LOOPBACK)
    yield pool
    pool.close()


def _photo_hits(site: DemoServer) -> int:
    return sum(n for path, n in site.hits.items() if path.startswith("/static/photos/"))


@pytest.mark.parametrize("pool", [(("image", "media", "font"), ())], indirect=True)
def test_blocked_images_are_never_fetched(pool: BrowserPool, demo_site: DemoServer) -> None:
    before = _photo_hits(demo_site)
    page = pool.render(demo_site.url + POST.path.lstrip("/"))
    assert _photo_hits(demo_site) == before
    assert pool.blocked >= 1
    article = extract(page.html, page.url)
    assert article.title == POST.title  # the JavaScript still drew the article
    assert [image.caption for image in article.images] == [POST.caption]


@pytest.mark.parametrize("pool", [((), ())], indirect=True)
def test_nothing_blocked_fetches_images(pool: BrowserPool, demo_site: DemoServer) -> None:
    before = _photo_hits(demo_site)
    pool.render(demo_site.url + POST.path.lstrip("/"))
    assert _photo_hits(demo_site) > before
    assert pool.blocked == 0


@pytest.mark.parametrize("pool", [((), ("127.0.0.1",))], indirect=True)
def test_blocked_hosts_are_never_contacted(pool: BrowserPool, demo_site: DemoServer) -> None:
    before = sum(demo_site.hits.values())
    with pytest.raises(Exception, match="ERR_BLOCKED_BY_CLIENT"):
        pool.render(demo_site.url + POST.path.lstrip("/"))
    assert sum(demo_site.hits.values()) == before
