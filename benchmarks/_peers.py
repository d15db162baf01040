"""Our ``extract`` and its peers, each as ``(text, url) -> Result``.

Peers are the extractors a crawl engineer would otherwise pick, all from PyPI and
run with their defaults: trafilatura (also with ``favor_recall``), readability-lxml,
newspaper4k, goose3. A peer that is not installed is named, with why, instead of run.
Nothing here may reach the network: :func:`offline` refuses every connection and name
lookup that is not loopback, and the peers' image fetching is switched off.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import warnings
from collections.abc import Callable
from datetime import datetime
from typing import Any

from benchmarks._suites import Result
from crawler.extract import ExtractionError, extract

Extractor = Callable[[str, str], Result]


def offline() -> None:
    """Make this process unable to reach anything but loopback (peers may try)."""
    real_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def loopback(host: Any) -> bool:
        try:
            return ipaddress.ip_address(str(host).strip("[]")).is_loopback
        except ValueError:
            return str(host) == "localhost"

    def connect(self: socket.socket, address: Any) -> Any:
        if self.family in (socket.AF_INET, socket.AF_INET6) and not loopback(address[0]):
            raise OSError(f"benchmark is offline: refused {address[0]}")
        return real_connect(self, address)

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host is not None and not loopback(host):
            raise socket.gaierror(f"benchmark is offline: no lookup of {host}")
        return real_getaddrinfo(host, *args, **kwargs)

    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.getaddrinfo = getaddrinfo


def ours(text: str, url: str) -> Result:
    try:
        a = extract(text, url)
    except ExtractionError:
        return Result(standfirst=None)
    return Result(a.text, a.title, a.authors, a.published_at, a.language,
                  a.extraction.confidence, a.standfirst)


def _iso(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


def _split_authors(value: str | None) -> list[str]:
    return [a.strip() for a in (value or "").split(";") if a.strip()]


def _trafilatura(**options: Any) -> Extractor:
    import trafilatura

    def run(text: str, url: str) -> Result:
        doc = trafilatura.bare_extraction(
            text, url=url, with_metadata=True, **options,
            # its default date format is the day only; ask for the time too
            date_extraction_params={"extensive_search": True, "original_date": True,
                                    "outputformat": "%Y-%m-%dT%H:%M:%S%z"})
        if doc is None:
            return Result()
        body = doc.text or ""
        if doc.comments:  # trafilatura.extract's own text output appends them
            body += "\n" + doc.comments
        return Result(body, doc.title, _split_authors(doc.author), _iso(doc.date), doc.language)

    return run


def _readability() -> Extractor:
    import html_text
    from readability import Document

    def run(text: str, url: str) -> Result:
        doc = Document(text, url=url)
        return Result(html_text.extract_text(doc.summary(html_partial=True)), doc.title(),
                      [a for a in [doc.author()] if a and a != "[no-author]"])

    return run


def _newspaper() -> Extractor:
    from newspaper import Article, Config

    config = Config()
    config.fetch_images = False
    config.memoize_articles = False

    def run(text: str, url: str) -> Result:
        article = Article(url, config=config)
        article.download(input_html=text)
        article.parse()
        return Result(article.text, article.title, list(article.authors),
                      _iso(article.publish_date), article.meta_lang or None)

    return run


def _goose() -> Extractor:
    from goose3 import Goose

    goose = Goose({"enable_image_fetching": False, "http_timeout": 0.1})

    def run(text: str, url: str) -> Result:
        art = goose.extract(raw_html=text)
        return Result(art.cleaned_text, art.title, list(art.authors or []),
                      _iso(art.publish_datetime_utc or art.publish_date), art.meta_lang)

    return run


_PEERS: dict[str, Callable[[], Extractor]] = {
    "trafilatura": _trafilatura,
    "trafilatura_recall": lambda: _trafilatura(favor_recall=True),
    "readability_lxml": _readability,
    "newspaper4k": _newspaper,
    "goose3": _goose,
}


def extractors(names: list[str] | None = None) -> tuple[dict[str, Extractor], dict[str, str]]:
    """(what runs, what could not be loaded and why): ours first, then each peer."""
    logging.getLogger("newspaper").setLevel(logging.ERROR)
    logging.getLogger("goose3").setLevel(logging.ERROR)
    warnings.filterwarnings("ignore")
    ready: dict[str, Extractor] = {"ours": ours}
    missing: dict[str, str] = {}
    for name, load in _PEERS.items():
        if names is not None and name not in names:
            continue
        try:
            ready[name] = _guarded(load())
        except ImportError as exc:
            missing[name] = f"not installed ({exc.name or exc})"
    return ready, missing


def _guarded(fn: Extractor) -> Extractor:
    """A peer that raises on a page gives nothing for it, as ours does."""
    def run(text: str, url: str) -> Result:
        try:
            return fn(text, url)
        except Exception:  # noqa: BLE001 - a peer's failure is an empty result
            return Result()
    return run
