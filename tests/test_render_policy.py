"""Adaptive rendering: URL patterns, what a job learns, and a crawl that uses it."""

from __future__ import annotations

import uuid
import zlib
from collections.abc import Iterator

import pytest

from crawler.demosite import DemoServer, posts
from crawler.extract import Article
from crawler.frontier import connect
from crawler.render_policy import (
    EXPLORE_EVERY,
    MIN_EVIDENCE,
    MIN_STATIC_SITE,
    RenderLearner,
    needed_js,
    render_reason,
    url_pattern,
)
from crawler.services import Endpoints
from crawler.storage import ArticleStore
from tests.conftest import run_cli


def explored(url: str) -> bool:
    return zlib.crc32(url.encode()) % EXPLORE_EVERY == 0


def test_url_patterns_make_ids_and_slugs_generic() -> None:
    assert url_pattern("https://www.news.example/blogs/12/bridge-costs-climb-again?x=1") == \
        "news.example/blogs/{n}/{slug}"
    assert url_pattern("http://127.0.0.1:8765/live/10/festival-talks-resume") == \
        "127.0.0.1:8765/live/{n}/{slug}"
    assert url_pattern("https://a.example/2024/03/05/the-budget-vote-today.html") == \
        "a.example/{n}/{n}/{n}/{slug}"
    assert url_pattern("https://a.example/sport/") == "a.example/sport/"
    assert url_pattern("https://a.example/blogs/12/x") != url_pattern("https://a.example/live/12/x")


def test_needed_js_compares_the_render_with_the_static_body() -> None:
    assert needed_js(rendered_words=400, static_words=12)
    assert not needed_js(rendered_words=60, static_words=12)  # a short page either way
    assert not needed_js(rendered_words=300, static_words=290)  # the static body was there


@pytest.fixture
def learner(endpoints: Endpoints) -> Iterator[RenderLearner]:
    client = connect(endpoints.redis_url)
    learner = RenderLearner(client, f"learn-{uuid.uuid4().hex[:8]}")
    yield learner
    client.delete(learner.key)


def urls(section: str, count: int, start: int = 1) -> list[str]:
    return [f"http://site.example/{section}/{i}/a-long-story-slug" for i in range(start, start + count)]


def test_a_pattern_that_needs_javascript_is_sent_straight_to_render(learner: RenderLearner) -> None:
    later = [u for u in urls("live", 40, 100) if not explored(u)]
    for url in urls("live", MIN_EVIDENCE - 1):
        learner.record(url, js=True)
    learner._cache.clear()
    assert not learner.render_directly(later[0])  # not enough evidence yet
    learner.record(urls("live", 1, 50)[0], js=True)
    learner._cache.clear()
    assert all(learner.render_directly(u) for u in later)
    assert not learner.render_directly("http://site.example/blogs/7/a-long-story-slug")
    # One page in EXPLORE_EVERY still goes the long way, so the rule keeps being tested.
    assert [u for u in urls("live", 200, 300) if not learner.render_directly(u)] == \
        [u for u in urls("live", 200, 300) if explored(u)]


def test_a_mixed_pattern_is_not_sent_straight_to_render(learner: RenderLearner) -> None:
    for url in urls("blogs", 5):
        learner.record(url, js=True)
    for url in urls("blogs", 2, 10):
        learner.record(url, js=False)
    learner._cache.clear()
    assert not any(learner.render_directly(u) for u in urls("blogs", 30, 100))


def thin_article(words: int = 30, js_shell: bool = False) -> Article:
    return Article(url="u", canonical_url="u", domain="d", word_count=words, js_shell=js_shell,
                   text="word " * words, page_type="article")


def test_a_static_site_stops_rendering_thin_pages(learner: RenderLearner) -> None:
    page = next(u for u in urls("blogs", 50, 500) if not explored(u))
    assert render_reason(thin_article(), "auto", page, learner) == "thin-body"
    for url in urls("blogs", MIN_STATIC_SITE):
        assert render_reason(thin_article(words=300), "auto", url, learner) is None  # recorded
    learner._cache.clear()
    assert render_reason(thin_article(), "auto", page, learner) is None
    # An app shell is still rendered, and one is enough to make the site not static.
    assert render_reason(thin_article(js_shell=True), "auto", page, learner) == "js-shell"
    learner._cache.clear()
    assert render_reason(thin_article(), "auto", page, learner) == "thin-body"
    assert learner.patterns()["site.example"] == {"js": 1, "static": MIN_STATIC_SITE}


def test_always_and_never_ignore_what_was_learned(learner: RenderLearner) -> None:
    for url in urls("blogs", MIN_STATIC_SITE):  # a static site...
        learner.record(url, js=False)
    learner._cache.clear()
    page = next(u for u in urls("blogs", 50, 500) if not explored(u))
    assert learner.static_site(page)
    # ...is still rendered with always, and an app shell still is not with never.
    assert render_reason(thin_article(words=300), "always", page, learner) == "always"
    assert render_reason(thin_article(js_shell=True), "never", page, learner) is None


def test_a_crawl_skips_the_static_fetch_of_a_learned_pattern(
        endpoints: Endpoints, demo_site: DemoServer) -> None:
    """A job that knows the live section needs a browser renders those posts without
    fetching them statically first: the portal serves each once, to the browser."""
    job, database = f"learned-{uuid.uuid4().hex[:8]}", f"learned_{uuid.uuid4().hex[:8]}"
    client = connect(endpoints.redis_url)
    learner = RenderLearner(client, job)
    live = [p for p in posts() if p.js_mode == "app"]
    for post in live[:MIN_EVIDENCE]:
        learner.record(demo_site.url + post.path.lstrip("/"), js=True)
    direct = [p for p in live if not explored(demo_site.url + p.path.lstrip("/"))]
    before = {p.path: demo_site.hits[p.path] for p in live}
    env = {"REDIS_URL": endpoints.redis_url, "MONGO_URI": endpoints.mongo_uri,
           "MONGO_DATABASE": database, "FRONTIER_SITE_RPS": "100",
           "FRONTIER_SITE_CONCURRENCY": "16"}
    try:
        result = run_cli("crawl", demo_site.url, "--allow-private", "--job", job, env=env)
        assert result.returncode == 0, result.stderr
        store = ArticleStore(endpoints.mongo_uri, database)
        reasons = {d["url"]: d["fetch"]["render_reason"]
                   for d in store.articles.find({}, {"url": 1, "fetch": 1})}
        assert len(reasons) == len(posts())
        for post in direct:
            assert demo_site.hits[post.path] - before[post.path] == 1, post.path
            assert reasons[demo_site.url + post.path.lstrip("/")] == "learned-pattern"
    finally:
        ArticleStore(endpoints.mongo_uri, database).client.drop_database(database)
        client.delete(learner.key)


def test_a_batching_learner_counts_its_own_evidence_and_writes_it_in_one_go(
        endpoints: Endpoints) -> None:
    client = connect(endpoints.redis_url)
    job = f"batch-{uuid.uuid4().hex[:8]}"
    spider = RenderLearner(client, job, batch=True)
    spider.FLUSH_EVERY_S = 3600  # written on flush() only, however slow this host is
    for url in urls("live", MIN_EVIDENCE):
        spider.record(url, js=True)
    probe = next(u for u in urls("live", 50, start=100) if not explored(u))
    try:
        assert spider.render_directly(probe)  # its own evidence counts at once
        assert not RenderLearner(client, job).render_directly(probe)  # not written yet
        spider.flush()
        assert RenderLearner(client, job).render_directly(probe)
        assert RenderLearner(client, job).patterns()["site.example/live/{n}/{slug}"] == {
            "js": MIN_EVIDENCE, "static": 0}
    finally:
        client.delete(spider.key)
