"""Metadata from structured data: JSON-LD and microdata (schema.org), OpenGraph, meta tags.

extruct reads the syntaxes; this module maps them onto article fields, in order
of trust: JSON-LD, microdata, OpenGraph / article:*, then plain meta tags.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from extruct.jsonld import JsonLdExtractor
from extruct.opengraph import OpenGraphExtractor
from extruct.w3cmicrodata import LxmlMicrodataExtractor
from lxml import etree
from lxml import html as lxml_html
from w3lib.html import replace_tags

from crawler.extract._links import http_url
from crawler.extract._text import clean, count_words

logger = logging.getLogger(__name__)

ARTICLE_TYPES = frozenset(
    {"article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle",
     "opinionnewsarticle", "backgroundnewsarticle", "techarticle", "scholarlyarticle",
     "socialmediaposting", "liveblogposting", "posting", "report"}
)

ARTICLE_OG_TYPES = frozenset({"article", "news", "blog"})
# schema.org types of a page that lists others: a section front, an archive, search
# results, an author's page. Such a page is a listing whatever its og:type says (some
# sites write og:type "article" on every page).
LISTING_TYPES = frozenset({"collectionpage", "searchresultspage", "profilepage"})
_USED_TYPES = ARTICLE_TYPES | LISTING_TYPES | {"website"}
_BY = re.compile(r"^(?:by|von|par|por)\s+", re.IGNORECASE)
_JSONLD = JsonLdExtractor()
_OPENGRAPH = OpenGraphExtractor()
_MICRODATA = LxmlMicrodataExtractor()
_MICRODATA_ITEM = "@microdata"  # marks a node read from microdata, not JSON-LD


@dataclass(slots=True)
class Metadata:
    is_article: bool = False
    # The listing type the page declares in its structured data (and no article node).
    listing_type: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)  # schema.org Person authors
    # Authors of <meta> tags and OpenGraph: often the publisher or a CMS account, so a
    # byline's names win over them.
    tag_authors: list[str] = field(default_factory=list)
    # Declared authors that are organisations (JSON-LD "@type": "Organization"): kept
    # apart, a byline's person wins over them.
    org_authors: list[str] = field(default_factory=list)
    # Every publication time the page declares, most trusted first: the chosen one may
    # be a day where another source gives the same day with its time and offset.
    published_candidates: list[str] = field(default_factory=list)
    # The titles the page declares (schema headline, og:title, twitter:title, <title>),
    # against which a visible <h1> is checked.
    declared_titles: list[str] = field(default_factory=list)
    modified: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    image: str | None = None
    canonical: str | None = None
    site_name: str | None = None
    language: str | None = None
    views: int | None = None
    comments: int | None = None
    article_body: str | None = None  # the main article node's articleBody
    og_type: str | None = None


def read_metadata(root: lxml_html.HtmlElement, url: str) -> Metadata:
    meta = Metadata()
    tags = _from_meta_tags(root, meta)
    _from_opengraph(root, url, meta, tags)
    nodes = _schema_nodes(root, url)
    for node in nodes:
        if not _is_article_node(node) and "website" in _types(node) and not meta.site_name:
            meta.site_name = _first(node.get("name"))
    main = _main_article(nodes, url, meta, root)
    if main is not None:
        _from_schema(main, meta)
    else:
        meta.listing_type = next((t for n in nodes for t in sorted(_types(n) & LISTING_TYPES)),
                                 None)
        meta.is_article = meta.is_article and meta.listing_type is None
    meta.declared_titles = [t for t in dict.fromkeys(meta.declared_titles) if t]
    meta.published_candidates = [d for d in dict.fromkeys(meta.published_candidates) if d]
    return meta


def _main_article(nodes: list[dict[str, Any]], url: str, meta: Metadata,
                  root: lxml_html.HtmlElement) -> dict[str, Any] | None:
    """The page's own article among the article nodes: the one whose URL is the page's,
    else the first JSON-LD one that holds a body or a headline, else the first. Other
    article nodes are teasers of other stories (a sidebar's list, "related" items),
    whose dates and authors are not this page's. Microdata marks up such teasers in the
    page's markup, one item each: of several microdata items none of which is this
    page's by its URL, only one that holds the body or the page's headline is."""
    articles = [n for n in nodes if _is_article_node(n)]
    if any(n.get(_MICRODATA_ITEM) for n in articles) and not _story_item(root):
        # Every microdata article item is a teaser (none holds the headline or prose):
        # only one that names the page's own headline or holds its body is read.
        articles = [n for n in articles if not n.get(_MICRODATA_ITEM) or _holds_page(n, meta)]
    here = {_bare(u) for u in (url, meta.canonical) if u}
    if len(articles) < 2:
        # (One node may be a teaser's too: another story's address and headline.)
        return articles[0] if articles and not _other_story(articles[0], here, meta) else None
    for node in articles:
        ids = [node.get("url"), node.get("@id"), node.get("mainEntityOfPage")]
        ids = [i.get("@id") if isinstance(i, dict) else i for i in ids]
        if any(isinstance(i, str) and _bare(i) in here for i in ids):
            return node
    declared = [n for n in articles if not n.get(_MICRODATA_ITEM)]
    if declared:
        return next((n for n in declared if n.get("articleBody") or n.get("headline")),
                    declared[0])
    return next((n for n in articles if _holds_page(n, meta)), None)


def _other_story(node: dict[str, Any], here: set[str], meta: Metadata) -> bool:
    """Whether a JSON-LD article node is another story's: it gives another page's
    address, and a headline and name that none of the page's declared titles holds."""
    if node.get(_MICRODATA_ITEM):
        return False
    address = node.get("url") or node.get("mainEntityOfPage")
    address = address.get("@id") if isinstance(address, dict) else address
    names = [n.casefold() for key in ("headline", "name") if (n := _first(node.get(key)))]
    if not isinstance(address, str) or not address.startswith("http") or not names:
        return False
    if _bare(address).removeprefix("www.") in {h.removeprefix("www.") for h in here}:
        return False
    return not any(name in t.casefold() or t.casefold() in name
                   for name in names for t in meta.declared_titles if t)


def _holds_page(node: dict[str, Any], meta: Metadata) -> bool:
    """Whether a microdata article item is the page's own by what it declares: a body,
    or the headline the page declares (its <title> may add the site's name)."""
    if node.get("articleBody"):
        return True
    headline = (_first(node.get("headline")) or "").casefold()
    return bool(headline) and any(t.casefold().startswith(headline)
                                  for t in meta.declared_titles if t)


_STORY_ITEM_WORDS = 120  # a teaser's item holds a summary, a story's its prose


def _story_item(root: lxml_html.HtmlElement) -> bool:
    """Whether a microdata article item of the page is its story (``_holds_story``)."""
    for el in _ITEM_ELEMENTS(root):
        if _item_types(el) & ARTICLE_TYPES and _holds_story(el):
            return True
    return False


def _holds_story(item: lxml_html.HtmlElement) -> bool:
    """Whether a microdata item's element is the page's story, not a teaser: the whole
    page (<html>, <head>, <body>), or an element holding the headline <h1> or an
    article's words of paragraphs (each Chinese or Japanese character a word)."""
    return (item.tag in ("html", "head", "body") or next(item.iter("h1"), None) is not None
            or sum(count_words(p.text_content()) for p in item.iter("p")) >= _STORY_ITEM_WORDS)


def _bare(url: str) -> str:
    return url.split("#", 1)[0].split("?", 1)[0].rstrip("/").split("://", 1)[-1].lower()


# XHTML pages wrap script data in CDATA markers, often behind "//" ("//<![CDATA[").
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
_JSONLD_SCRIPTS = etree.XPath("//script[@type='application/ld+json']")


def _unwrap_cdata(root: lxml_html.HtmlElement) -> None:
    for script in _JSONLD_SCRIPTS(root):
        if script.text and "CDATA[" in script.text:
            script.text = _CDATA.sub("", script.text)


def _schema_nodes(root: lxml_html.HtmlElement, url: str) -> list[dict[str, Any]]:
    nodes: list[dict[str, Any]] = []
    _unwrap_cdata(root)
    try:
        items = _JSONLD.extract_items(root, url)
    except Exception as exc:  # noqa: BLE001 - broken JSON-LD must not cost the page
        logger.debug("JSON-LD unreadable on %s: %s", url, exc)
        items = []
    for item in items:
        nodes.extend(_flatten(item))
    _resolve_references(nodes)
    try:
        for item in _MICRODATA.extract_items(root, url) if _has_useful_microdata(root) else ():
            props = dict(item.get("properties", {}))
            props["@type"] = str(item.get("type", "")).rsplit("/", 1)[-1]
            props[_MICRODATA_ITEM] = True
            nodes.append(props)
    except Exception as exc:  # noqa: BLE001
        logger.debug("microdata unreadable on %s: %s", url, exc)
    # Article nodes first, so their fields win over WebPage / Organization nodes.
    return sorted(nodes, key=lambda n: not _is_article_node(n))


_ITEM_TYPES = etree.XPath("//*[@itemscope]/@itemtype", smart_strings=False)
_ITEM_ELEMENTS = etree.XPath("//*[@itemscope][@itemtype]")


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


def _resolve_references(nodes: list[dict[str, Any]]) -> None:
    """An author given as a reference to another node of the page's JSON-LD (``{"@id":
    "…#/schema/person/…"}``, as Yoast SEO and other WordPress plugins write a graph)
    replaced by that node, which names the person."""
    known = {node["@id"]: node for node in nodes
             if isinstance(node.get("@id"), str) and len(node) > 1}
    if not known:
        return
    for node in nodes:
        value = node.get("author")
        if isinstance(value, list):
            node["author"] = [_referenced(v, known) for v in value]
        elif isinstance(value, dict):
            node["author"] = _referenced(value, known)


def _referenced(value: Any, known: dict[str, dict[str, Any]]) -> Any:
    if isinstance(value, dict) and "name" not in value and isinstance(value.get("@id"), str):
        return known.get(value["@id"], value)
    return value


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
        if not inner and isinstance(value.get("familyName"), str):
            # A schema.org Person by parts: {"givenName": "Jane", "familyName": "Doe"}
            inner = " ".join(v for key in ("givenName", "additionalName", "familyName")
                             if isinstance(v := value.get(key), str) and v.strip())
        return _names(inner) if inner else []
    # JSON-LD written by templates often holds HTML entities ("&quot;", "&#8216;").
    text = clean(_unescape(str(value))) if value else ""
    return [text] if text and not text.startswith("http") else []


_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-f]+|[a-z]+);", re.IGNORECASE)


def _unescape(text: str) -> str:
    """Entities decoded, twice where a template escaped them twice ("&amp;quot;")."""
    for _ in range(2):
        if not _ENTITY.search(text):
            break
        text = html.unescape(text)
    return text


def _people(value: Any) -> tuple[list[str], list[str]]:
    """(persons, organisations) named as authors."""
    persons: list[str] = []
    orgs: list[str] = []
    for item in value if isinstance(value, list) else [value]:
        org = isinstance(item, dict) and bool(_types(item) & {"organization", "newsmediaorganization"})
        (orgs if org else persons).extend(_names(item))
    return persons, orgs


def _first(value: Any) -> str | None:
    names = _names(value)
    return names[0] if names else None


def _from_schema(node: dict[str, Any], meta: Metadata) -> None:
    meta.is_article = True
    headline = _first(node.get("headline")) or _first(node.get("name"))
    if headline:
        meta.declared_titles.insert(0, headline)
    persons, orgs = _people(node.get("author"))
    if persons or orgs:
        meta.authors, meta.org_authors = persons, orgs
    meta.published_candidates.insert(0, _first(node.get("datePublished")) or "")
    meta.modified = _first(node.get("dateModified")) or meta.modified
    body = node.get("articleBody")
    meta.article_body = body if isinstance(body, str) else None
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


def _from_opengraph(root: lxml_html.HtmlElement, url: str, meta: Metadata,
                    tags: dict[str, list[str]]) -> None:
    try:
        items = _OPENGRAPH.extract_items(root, url)
    except Exception:  # noqa: BLE001
        items = []
    props: dict[str, list[str]] = {}
    for item in items:
        for key, value in item.get("properties", []):
            props.setdefault(key, []).append(clean(value))
    # Templates also write OpenGraph as <meta name=...> or with "value" for "content",
    # which extruct does not read, and prefix article:* with "og:".
    for key, values in tags.items():
        key = key.removeprefix("og:") if key.startswith("og:article:") else key
        if key.startswith(("og:", "article:")):
            props.setdefault(key, values)

    def one(key: str) -> str | None:
        values = props.get(key)
        return values[0] if values else None

    meta.og_type = (one("og:type") or "").lower() or None
    if meta.og_type in ARTICLE_OG_TYPES:
        meta.is_article = True
    meta.declared_titles.insert(0, one("og:title") or "")
    meta.description = one("og:description") or meta.description
    meta.image = one("og:image")
    meta.site_name = one("og:site_name") or meta.site_name
    meta.canonical = meta.canonical or one("og:url")
    meta.published_candidates.insert(0, one("article:published_time") or "")
    meta.modified = one("article:modified_time") or meta.modified
    meta.section = one("article:section") or meta.section
    # An author's profile link ("https://...", "/@handle") is no name.
    authors = [a for a in props.get("article:author", [])
               if a and not a.startswith(("http", "/", "@"))]
    meta.tag_authors = authors or meta.tag_authors
    meta.tags = props.get("article:tag", []) or meta.tags
    locale = one("og:locale")
    meta.language = meta.language or (locale.split("_")[0] if locale else None)


# <meta> names of a publication time, most trusted first: Dublin Core, the names
# analytics and newsletter platforms read (Parse.ly, Sailthru), and generic ones.
_DATE_NAMES = ("datepublished", "article:published_time", "article.published",
               "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.created",
               "dcterms.date", "parsely-pub-date", "sailthru.date", "publish-date",
               "publish_date", "published_at", "published-date", "publication_date",
               "pubdate", "date", "article_date_original", "original-publish-date")
_AUTHOR_NAMES = ("author", "article:author", "dc.creator", "dcterms.creator",
                 "parsely-author", "sailthru.author", "cxenseparse:author", "byl", "writer")


# Link previews' label/value pairs: twitter:label1 "Written by", twitter:data1 "Jane Doe".
_AUTHOR_LABEL = re.compile(r"^(?:written by|author|by|autor|auteur|yazar)\b", re.IGNORECASE)


def _labelled_author(by_name: dict[str, str]) -> str:
    return next((by_name.get(f"twitter:data{n}", "") for n in (1, 2, 3, 4)
                 if _AUTHOR_LABEL.match(by_name.get(f"twitter:label{n}", ""))), "")


def _in_teaser_item(el: lxml_html.HtmlElement) -> bool:
    """Whether ``el`` belongs to a microdata item set inside the page that is not its
    story (``_holds_story``): a teaser's."""
    for ancestor in el.iterancestors():
        if ancestor.get("itemscope") is not None:
            return not _holds_story(ancestor)
    return False


def teaser_articles(root: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The page's microdata article items that are other stories' teasers
    (``in_teaser_article``), outermost ones, in page order."""
    found: list[lxml_html.HtmlElement] = []
    for item in _ITEM_ELEMENTS(root):
        if (_item_types(item) & ARTICLE_TYPES and not _holds_story(item)
                and _addresses_elsewhere(item)
                and not any(a in found for a in item.iterancestors())):
            found.append(item)
    return found


def in_teaser_article(el: lxml_html.HtmlElement) -> bool:
    """Whether ``el`` is inside a microdata article item that is another story's teaser:
    it does not hold the page's story (``_holds_story``) and gives another page's address
    ("<div itemscope itemtype='…/NewsArticle'><a itemprop='url' href='/news/2'>…<span
    itemprop='author'>"); its author and time are that story's. (A person's or an
    organisation's item around ``el`` is passed: the article's is the one that tells.)"""
    for ancestor in el.iterancestors():
        if ancestor.get("itemscope") is not None and _item_types(ancestor) & ARTICLE_TYPES:
            return not _holds_story(ancestor) and _addresses_elsewhere(ancestor)
    return False


def _item_types(el: lxml_html.HtmlElement) -> set[str]:
    return {t.rstrip("/").rsplit("/", 1)[-1].lower() for t in (el.get("itemtype") or "").split()}


def _addresses_elsewhere(item: lxml_html.HtmlElement) -> bool:
    """Whether a microdata item's own ``url`` (or ``mainEntityOfPage``) is another
    page's."""
    page = item.getroottree().docinfo.URL
    for el in _ITEM_ADDRESSES(item):
        if next(a for a in el.iterancestors() if a.get("itemscope") is not None) is not item:
            continue  # a nested item's (the author's page)
        value = el.get("href") or el.get("content") or el.get("itemid") or ""
        if page and value.startswith(("http", "/")):
            # (An address urllib cannot read, "http://[…", is not the page's, which is.)
            url = http_url(page, value)
            return url is None or _bare(url) != _bare(page)
    return False


_ITEM_ADDRESSES = etree.XPath(".//*[@itemprop='url' or @itemprop='mainEntityOfPage']")


def _from_meta_tags(root: lxml_html.HtmlElement, meta: Metadata) -> dict[str, list[str]]:
    """Fields of the plain <meta> tags; returns every tag's values by its name."""
    every: dict[str, list[str]] = {}
    named: dict[str, list[str]] = {}
    for el in root.iter("meta"):
        key = (el.get("name") or el.get("property") or el.get("itemprop")
               or el.get("http-equiv") or "").lower()
        # Some templates write the value in "value" rather than "content".
        content = clean(el.get("content") or el.get("value"))
        if key and content:
            every.setdefault(key, []).append(content)
            if el.get("name") or el.get("property") or not _in_teaser_item(el):
                # Not an itemprop <meta> of an item inside the page: another story's.
                named.setdefault(key, []).append(content)
    by_name = {key: values[0] for key, values in every.items()}
    title = root.find(".//title")
    meta.declared_titles = [by_name.get("twitter:title", ""),
                            clean(title.text_content()) if title is not None else ""]
    meta.description = by_name.get("description")
    # Every value of the first name used: a page may write one <meta name="author"> a person.
    written = (next((named[k] for k in _AUTHOR_NAMES if k in named), None)
               or [by_name[k] for k in _AUTHOR_NAMES if k in by_name][:1]
               or [_labelled_author(by_name)])
    # (Markup in a value is no name's: "Jane Doe，<b>Daily</b>".)
    meta.tag_authors = list(dict.fromkeys(
        a for a in (_BY.sub("", clean(replace_tags(v, " "))) for v in written)
        if a and not a.startswith(("http", "/"))))
    # Scholarly pages name every author in a tag of its own (Highwire Press, read by
    # Google Scholar): a list as trusted as schema.org's.
    # Google Scholar's form "Last, First" is read as "First Last".
    meta.authors = list(dict.fromkeys(
        " ".join(reversed(v.split(", "))) if v.count(", ") == 1 else v
        for v in every.get("citation_author", [])))
    # Not an itemprop <meta> of a teaser's item (a page's one microdata date is read
    # apart, see _lone_item_date).
    meta.published_candidates = [named[k][0] for k in _DATE_NAMES if k in named]
    keywords = by_name.get("news_keywords") or by_name.get("keywords")
    meta.tags = [clean(k) for k in keywords.split(",") if clean(k)] if keywords else []
    meta.language = by_name.get("content-language")
    canonical = root.xpath("//link[@rel='canonical']/@href")
    meta.canonical = clean(canonical[0]) if canonical else None
    return every
