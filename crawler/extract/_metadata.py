"""Metadata from structured data: JSON-LD and microdata (schema.org), OpenGraph, meta tags.

extruct reads the syntaxes; this module maps them onto article fields, in order
of trust: JSON-LD, microdata, OpenGraph / article:*, then plain meta tags.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from extruct.jsonld import JsonLdExtractor
from extruct.opengraph import OpenGraphExtractor
from extruct.w3cmicrodata import LxmlMicrodataExtractor
from lxml import etree
from lxml import html as lxml_html

from crawler.extract._text import clean

logger = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
     "opinionnewsarticle", "backgroundnewsarticle", "techarticle", "scholarlyarticle",
     "socialmediaposting", "liveblogposting", "posting", "report"}
)

ARTICLE_OG_TYPES = frozenset({"article", "news", "blog"})
_USED_TYPES = ARTICLE_TYPES | {"website"}
_JSONLD = JsonLdExtractor()
_OPENGRAPH = OpenGraphExtractor()
_MICRODATA = LxmlMicrodataExtractor()


@dataclass(slots=True)
class Metadata:
    is_article: bool = False
    title: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    canonical: str | None = None
    site_name: str | None = None
    language: str | None = None
    views: int | None = None
    comments: int | None = None
    title_from_schema: bool = False
    og_type: str | None = None


def read_metadata(root: lxml_html.HtmlElement, url: str) -> Metadata:
    meta = Metadata()
    _from_meta_tags(root, meta)
    _from_opengraph(root, url, meta)
    for node in _schema_nodes(root, url):
        _from_schema(node, meta)
    return meta


def _schema_nodes(root: lxml_html.HtmlElement, url: str) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    try:
        items = _JSONLD.extract_items(root, url)
    except Exception as exc:  # noqa: BLE001 - broken JSON-LD must not cost the page
        logger.debug("JSON-LD unreadable on %s: %s", url, exc)
        items = []
    for item in items:
        nodes.extend(_flatten(item))
    try:
        for item in _MICRODATA.extract_items(root, url) if _has_useful_microdata(root) else ():
            props = dict(item.get("properties", {}))
            props["@type"] = str(item.get("type", "")).rsplit("/", 1)[-1]
            nodes.append(props)
    except Exception as exc:  # noqa: BLE001
        logger.debug("microdata unreadable on %s: %s", url, exc)
    # Article nodes first, so their fields win over WebPage / Organization nodes.
    return sorted(nodes, key=lambda n: not _is_article_node(n))


_ITEM_TYPES = etree.XPath("//*[@itemscope]/@itemtype", smart_strings=False)


def _has_useful_microdata(root: lxml_html.HtmlElement) -> bool:
    """Whether any microdata item is of a type read here (an article or the website).
    extruct reads the text of every property, an article body included, so pages
    with only breadcrumbs or organisations are not handed to it."""
    return any(
        url.rsplit("/", 1)[-1].lower() in _USED_TYPES
        for value in _ITEM_TYPES(root) for url in value.split()
    )


def _flatten(item: Any) -> list[dict[str, Any]]:
    if isinstance(item, list):
        return [n for x in item for n in _flatten(x)]
    if not isinstance(item, dict):
        return []
    return [item, *_flatten(item.get("@graph", []))]


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type", [])
    values = value if isinstance(value, list) else [value]
    return {str(v).rsplit("/", 1)[-1].lower() for v in values}


def _is_article_node(node: dict[str, Any]) -> bool:
    return bool(_types(node) & ARTICLE_TYPES)


def _names(value: Any) -> list[str]:
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    if isinstance(value, dict):
        inner = value.get("name") or value.get("properties", {}).get("name")
        return _names(inner) if inner else []
    text = clean(str(value)) if value else ""
    return [text] if text and not text.startswith("http") else []


def _first(value: Any) -> str | None:
    names = _names(value)
    return names[0] if names else None


def _from_schema(node: dict[str, Any], meta: Metadata) -> None:
    if not _is_article_node(node):
        if "website" in _types(node) and not meta.site_name:
            meta.site_name = _first(node.get("name"))
        return
    meta.is_article = True
    headline = _first(node.get("headline"))
    if headline and not meta.title_from_schema:
        meta.title, meta.title_from_schema = headline, True
    if not meta.authors:
        meta.authors = _names(node.get("author"))
    meta.published = _first(node.get("datePublished")) or meta.published
    meta.modified = _first(node.get("dateModified")) or meta.modified
    meta.section = _first(node.get("articleSection")) or meta.section
    keywords = node.get("keywords")
    if isinstance(keywords, str):
        keywords = [k for k in keywords.split(",")]
    if keywords and not meta.tags:
        meta.tags = [k for k in _names(keywords)]
    meta.language = meta.language or _first(node.get("inLanguage"))
    for stat in _as_list(node.get("interactionStatistic")):
        if not isinstance(stat, dict):
            continue
        kind = str(stat.get("interactionType", "")).lower()
        count = _int(stat.get("userInteractionCount"))
        if "comment" in kind:
            meta.comments = count
        elif "view" in kind or "watch" in kind or "read" in kind:
            meta.views = count
    if meta.comments is None:
        meta.comments = _int(node.get("commentCount"))


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value] if value else []


def _int(value: Any) -> int | None:
    try:
        return int(str(value).replace(",", ""))
    except (TypeError, ValueError):
        return None


def _from_opengraph(root: lxml_html.HtmlElement, url: str, meta: Metadata) -> None:
    try:
        items = _OPENGRAPH.extract_items(root, url)
    except Exception:  # noqa: BLE001
        return
    props: dict[str, list[str]] = {}
    for item in items:
        for key, value in item.get("properties", []):
            props.setdefault(key, []).append(clean(value))

    def one(key: str) -> str | None:
        values = props.get(key)
        return values[0] if values else None

    meta.og_type = (one("og:type") or "").lower() or None
    if meta.og_type in ARTICLE_OG_TYPES:
        meta.is_article = True
    meta.title = one("og:title") or meta.title
    meta.description = one("og:description") or meta.description
    meta.image = one("og:image")
    meta.site_name = one("og:site_name") or meta.site_name
    meta.canonical = meta.canonical or one("og:url")
    meta.published = one("article:published_time") or meta.published
    meta.modified = one("article:modified_time") or meta.modified
    meta.section = one("article:section") or meta.section
    authors = [a for a in props.get("article:author", []) if a and not a.startswith("http")]
    meta.authors = authors or meta.authors
    meta.tags = props.get("article:tag", []) or meta.tags
    locale = one("og:locale")
    meta.language = meta.language or (locale.split("_")[0] if locale else None)


def _from_meta_tags(root: lxml_html.HtmlElement, meta: Metadata) -> None:
    by_name: dict[str, str] = {}
    for el in root.iter("meta"):
        key = (el.get("name") or el.get("itemprop") or el.get("http-equiv") or "").lower()
        content = clean(el.get("content"))
        if key and content and key not in by_name:
            by_name[key] = content
    title = root.find(".//title")
    meta.title = clean(title.text_content()) if title is not None else None
    meta.description = by_name.get("description")
    author = by_name.get("author") or by_name.get("byl", "").removeprefix("By ")
    meta.authors = [author] if author and not author.startswith("http") else []
    meta.published = by_name.get("date") or by_name.get("pubdate") or by_name.get("dc.date")
    keywords = by_name.get("news_keywords") or by_name.get("keywords")
    meta.tags = [clean(k) for k in keywords.split(",") if clean(k)] if keywords else []
    meta.language = by_name.get("content-language")
    canonical = root.xpath("//link[@rel='canonical']/@href")
    meta.canonical = clean(canonical[0]) if canonical else None
