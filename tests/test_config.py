"""CrawlerConfig: the one place settings are read, typed and defaulted."""

from __future__ import annotations

import pytest
from scrapy.settings import Settings

from crawler.config import ConfigError, CrawlerConfig


def test_lists_and_maps_are_typed_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RENDER_BLOCK", "Image, font")
    monkeypatch.setenv("RENDER_BLOCK_HOSTS", "ads.example,Track.example")
    monkeypatch.setenv("RENDER_WAIT_FOR", "News.example=article p; blog.example = main h1")
    config = CrawlerConfig.load()
    assert config.render_block == frozenset({"image", "font"})
    assert config.render_block_hosts == ("ads.example", "track.example")
    assert config.render_wait_for == {"news.example": "article p", "blog.example": "main h1"}


def test_an_empty_block_list_fetches_everything(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RENDER_BLOCK", "")
    assert CrawlerConfig.load().render_block == frozenset()


def test_a_malformed_map_is_a_one_line_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RENDER_WAIT_FOR", "news.example")
    with pytest.raises(ConfigError, match="RENDER_WAIT_FOR: 'news.example' is not host=selector"):
        CrawlerConfig.load()


def test_scrapy_settings_win_over_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FRONTIER_SITE_RPS", "2")
    monkeypatch.setenv("RENDER_BLOCK", "image")
    settings = Settings({"FRONTIER_SITE_RPS": "7", "RENDER_BLOCK": ["font", "media"]})
    config = CrawlerConfig.from_scrapy_settings(settings)
    assert config.frontier_site_rps == 7
    assert config.render_block == frozenset({"font", "media"})


def test_defaults_yield_to_the_environment_and_overrides(monkeypatch: pytest.MonkeyPatch) -> None:
    demo = {"frontier_site_rps": 100, "frontier_site_concurrency": 16}
    monkeypatch.delenv("FRONTIER_SITE_RPS", raising=False)
    monkeypatch.setenv("FRONTIER_SITE_CONCURRENCY", "3")
    config = CrawlerConfig.load(demo)
    assert (config.frontier_site_rps, config.frontier_site_concurrency) == (100, 3)
    assert CrawlerConfig.load(demo, frontier_site_concurrency=5).frontier_site_concurrency == 5
    assert CrawlerConfig.load().frontier_site_rps == 4  # the default, declared once


def test_a_config_handed_to_a_crawl_reads_back_the_same() -> None:
    config = CrawlerConfig.load({"frontier_site_rps": 100}, render_mode="never",
                                render_wait_for={"a.example": "p"})
    again = CrawlerConfig.from_scrapy_settings(Settings(config.to_scrapy_settings()))
    assert again == config
    assert again.frontier_settings() == config.frontier_settings()


def test_start_urls_are_checked_against_the_private_address_setting() -> None:
    assert CrawlerConfig.load(crawler_allow_private=True).check_start_url(
        " http://127.0.0.1:8/a b") == "http://127.0.0.1:8/a%20b"
    with pytest.raises(ConfigError, match="--allow-private"):
        CrawlerConfig.load(crawler_allow_private=False).check_start_url("http://127.0.0.1:8/")
    with pytest.raises(ConfigError, match="http\\(s\\)"):
        CrawlerConfig.load().check_start_url("ftp://example.com/")
