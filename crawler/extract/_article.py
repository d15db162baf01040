"""The article record that extraction returns and storage keeps."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Literal

PageType = Literal["article", "listing", "other"]

# Bumped whenever a rule changes what extract gives for some page, so downstream teams
# can tell which articles an older extractor produced.
EXTRACTOR_VERSION = 30


@dataclass(slots=True)
class Extraction:
    """Which path produced the body and how far it can be trusted."""

    # trafilatura (the main path), paragraphs (trafilatura found nothing; the page's
    # <p>s), readability (the fallback where the main path found next to nothing),
    # hydration (the page's script data), links-only (a listing read for its links),
    # none (no body).
    method: str = "none"
    confidence: float = 0.0  # 0-1; README "extraction" says how it is calibrated
    version: int = EXTRACTOR_VERSION


@dataclass(slots=True)
class Image:
    src: str
    alt: str | None = None
    caption: str | None = None


@dataclass(slots=True)
class RelatedLink:
    url: str
    title: str
    category: str | None = None


@dataclass(slots=True)
class Article:
    """What one page says about its article; see README "Mongo schema" for each field."""

    url: str
    canonical_url: str
    domain: str
    page_type: PageType = "other"
    # Why: declared (JSON-LD, microdata or og:type), article-frame (a headline with prose,
    # or with a byline or time where the body is drawn by script), og:type=<type>,
    # link-list (many links, no article frame), or no-frame.
    page_type_reason: str = ""
    site_name: str | None = None
    title: str | None = None
    lead: str | None = None
    # The summary printed between the headline and the body (a "standfirst", "dek"),
    # kept apart from the body's text; None where there is none or the body holds it.
    standfirst: str | None = None
    text: str = ""
    paragraphs: list[str] = field(default_factory=list)
    headings: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    modified_at: datetime | None = None
    category: str | None = None
    tags: list[str] = field(default_factory=list)
    images: list[Image] = field(default_factory=list)
    language: str | None = None
    word_count: int = 0
    views: int | None = None
    comments: int | None = None
    related: list[RelatedLink] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    content_hash: str | None = None
    simhash: str | None = None
    simhash_bands: list[str] = field(default_factory=list)
    paragraph_keys: list[str] = field(default_factory=list)
    js_shell: bool = False
    feeds: list[str] = field(default_factory=list)
    extraction: Extraction = field(default_factory=Extraction)

    def to_document(self) -> dict[str, Any]:
        """The stored form: everything but crawl-time hints (links, feeds, js_shell)."""
        doc = asdict(self)
        for transient in ("links", "feeds", "js_shell"):
            doc.pop(transient)
        return doc
