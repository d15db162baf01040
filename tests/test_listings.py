"""Every article of a site that lists each one many times over is stored: the latest
news, categories, tags, authors and month archives, each paginated deeper than the trap
and hop limits and all read side by side, so only one listing is first to any article.
Three seeds draw three sites (URL shapes, pagination, page size); the same sites hold a
real traps: an endless calendar (one URL pattern), which must still be found, and an
endless folder browser (a new pattern each level), which the hop limit must stop."""

from __future__ import annotations

import uuid

import pytest

from crawler.demosite.listings import ListingSite
from crawler.services import Endpoints
from crawler.storage import ArticleStore
from tests.conftest import run_cli

TRAP_PAGES = 3
MAX_HOPS = 4


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_listed_article_is_stored_and_the_calendar_is_a_trap(
        endpoints: Endpoints, seed: int) -> None:
    site = ListingSite(0, seed=seed, count=120).start()
    database = f"listings_{uuid.uuid4().hex[:8]}"
    job = f"listings-{uuid.uuid4().hex[:8]}"
    store = ArticleStore(endpoints.mongo_uri, database)
    try:
        deepest = max(-(-len(s) // site.shape.page_size) for s in site.shape.listings().values())
        assert deepest > TRAP_PAGES + MAX_HOPS  # the world is what the test needs
        result = run_cli(
            "crawl", site.url, "--allow-private", "--render", "never", "--job", job,
            timeout=240,
            env={"REDIS_URL": endpoints.redis_url, "MONGO_URI": endpoints.mongo_uri,
                 "MONGO_DATABASE": database, "FRONTIER_SITE_RPS": "1000",
                 "FRONTIER_SITE_CONCURRENCY": "8", "FRONTIER_TRAP_PAGES": str(TRAP_PAGES),
                 "FRONTIER_MAX_HOPS": str(MAX_HOPS)})
        assert result.returncode == 0, result.stderr
        stored = {d["url"].removeprefix(site.url.rstrip("/"))
                  for d in store.articles.find({"crawl.job_id": job}, {"url": 1})}
        missing = site.truth - stored
        assert not missing, (site.shape.article_shape, site.shape.paging, sorted(missing)[:5])
        assert stored == site.truth
        # The calendar: its pages until found, plus those in flight.
        assert site.fetches_under("/events/") <= TRAP_PAGES + 10
        # The folders: no pattern repeats, so only the hop limit stops them.
        assert 0 < site.fetches_under("/browse/") <= MAX_HOPS + 2
        reasons = [e["reason"] for e in store.errors.find({"job_id": job, "stage": "trap"})]
        assert any("/events/{n}/{n}" in r for r in reasons), reasons
    finally:
        store.client.drop_database(database)
        store.close()
        site.stop()
