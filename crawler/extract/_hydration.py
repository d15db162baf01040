"""The story a page carries as data for its scripts, read without a browser.

Client-rendered sites ship the article twice: as the markup a browser draws and, in
the static HTML, as data the page's script starts from: JSON-LD ``articleBody``,
Next.js ``__NEXT_DATA__``, Nuxt ``__NUXT_DATA__``, ``window.__INITIAL_STATE__`` and its
kin. When the HTML body is empty, the longest body-like text in that data (a string,
HTML, or a list of text blocks) is the article's body, so no render is needed; data
holding only a summary is not enough, and the page is rendered as before.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from lxml import etree
from lxml import html as lxml_html
from lxml.html import HtmlElement

from crawler.extract._text import clean, count_words

# Keys under which a story's body is kept (lower case, without - and _): Arc XP's
# "content_elements", a WordPress REST post's "content": {"rendered": "<p>…"}.
_BODY_KEYS = frozenset({"articlebody", "body", "bodyhtml", "content", "contenthtml", "html",
                        "text", "story", "storybody", "articletext", "fulltext", "blocks",
                        "contentelements", "rendered"})
# Blocks of a list that are no prose: a picture's, a player's, an embed's, an ad's (Arc
# XP's "raw_html", "oembed_response", "interstitial_link"; their captions and code).
_NOT_PROSE = re.compile(r"image|video|audio|gallery|embed|raw_?html|\bads?\b|interstitial|"
                        r"promo|related|script", re.IGNORECASE)
# Scripts of data: by type, or by the id the frameworks give them.
_DATA_TYPES = frozenset({"application/ld+json", "application/json"})
_DATA_IDS = frozenset({"__NEXT_DATA__", "__NUXT_DATA__"})
# Inline code that sets the page's initial state: "window.__INITIAL_STATE__ = {...}".
_STATE = re.compile(r"__(?:INITIAL_STATE|PRELOADED_STATE|APOLLO_STATE|INITIAL_DATA)__|"
                    r"Fusion\.globalContent")  # (Arc XP's)
_STATE_START = re.compile(f"(?:{_STATE.pattern})" + r"\s*=\s*")
_BLOCKS = ("p", "h2", "h3", "h4", "li", "blockquote", "pre")
_MAX_DEPTH = 40
_MAX_SCRIPT_CHARS = 5_000_000


def _is_data(script: HtmlElement) -> bool:
    return script.get("type") in _DATA_TYPES or script.get("id") in _DATA_IDS


def _sets_state(script: HtmlElement) -> bool:
    return script.get("src") is None and bool(_STATE.search(script.text or ""))


def holds_data(script: HtmlElement) -> bool:
    """Whether a <script> is one ``hydrated_bodies`` reads: data, or code that
    sets the page's initial state."""
    return _is_data(script) or _sets_state(script)


def hydrated_bodies(root: HtmlElement, min_words: int) -> list[list[str]]:
    """Every body-like text of at least ``min_words`` words in the page's script data,
    as paragraphs, the longest first (a page's data may hold the next story of an
    endless scroll beside its own)."""
    found: list[tuple[int, list[str]]] = []
    for data in _script_data(root):
        for key, value in _walk(data, 0):
            paragraphs = _paragraphs(key, value)
            count = sum(count_words(p) for p in paragraphs)
            if count >= min_words:
                found.append((count, paragraphs))
    found.sort(key=lambda item: -item[0])  # (stable: the first of equal length first)
    return [paragraphs for _, paragraphs in found]


def _script_data(root: HtmlElement) -> Iterator[Any]:
    scripts = [s for s in root.iter("script") if s.text]
    for script in scripts:
        if _is_data(script) and len(script.text) <= _MAX_SCRIPT_CHARS:
            try:
                data = json.loads(script.text)
            except ValueError:
                continue
            yield _unflattened(data) if _flattened(data, script) else data
    decoder = json.JSONDecoder()
    for script in scripts:
        raw = script.text
        match = _STATE_START.search(raw) if _sets_state(script) else None
        if match is None or len(raw) > _MAX_SCRIPT_CHARS:
            continue
        try:  # "window.__INITIAL_STATE__ = {...};": the object, whatever follows it
            yield decoder.raw_decode(raw, match.end())[0]
        except ValueError:
            continue


# Nuxt 3 writes its payload (``__NUXT_DATA__``) flattened by devalue: one JSON array of
# values, each object's values and each list's items indices into that array ("body": 7,
# the array's eighth value); a list opening with a name is a typed value (a reviver's
# ["ShallowReactive", 1], ["Date", "…"], ["Set", 3, 4], ["Map", key, value, …]); negative
# indices stand for undefined, NaN and the infinities. Written here in a few lines: the
# format's one reader is devalue's own JavaScript.
_DEVALUE_PLAIN = frozenset({"Date", "RegExp", "BigInt", "URL", "URLSearchParams"})


def _flattened(data: Any, script: HtmlElement) -> bool:
    """Whether ``data`` is a devalue payload: Nuxt's by its script's id, or an array
    whose first value, its root, is a reviver's ``["Name", index]``."""
    if not isinstance(data, list) or len(data) < 2:
        return False
    if script.get("id") == "__NUXT_DATA__":
        return True
    root = data[0]
    return (isinstance(root, list) and len(root) == 2 and isinstance(root[0], str)
            and root[0][:1].isupper() and _is_index(root[1], data))


def _is_index(value: Any, values: list[Any]) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and -7 < value < len(values)


def _unflattened(values: list[Any]) -> Any:
    """The payload's root as plain JSON values (a value met again on its own path, a
    cycle, is None)."""
    done: dict[int, Any] = {}
    open_: set[int] = set()

    def value(index: Any, depth: int) -> Any:
        if (not _is_index(index, values) or index < 0 or index in open_
                or depth > _MAX_DEPTH):
            return None
        if index in done:
            return done[index]
        raw = values[index]
        open_.add(index)
        out: Any = raw
        if isinstance(raw, dict):
            out = {key: value(item, depth + 1) for key, item in raw.items()}
        elif isinstance(raw, list) and raw and isinstance(raw[0], str):
            kind, rest = raw[0], raw[1:]
            if kind in _DEVALUE_PLAIN:
                out = rest[0] if rest else None
            elif kind in ("Set", "Map", "Object", "null"):
                out = [value(item, depth + 1) for item in rest]
            else:  # a reviver's wrapper around one value
                out = value(rest[0], depth + 1) if rest else None
        elif isinstance(raw, list):
            out = [value(item, depth + 1) for item in raw]
        open_.discard(index)
        done[index] = out
        return out

    return value(0, 0)


def _walk(node: Any, depth: int) -> Iterator[tuple[str, Any]]:
    """(key, value) of every body-like key at any depth."""
    if depth > _MAX_DEPTH:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            name = str(key).lower().replace("_", "").replace("-", "")
            if name in _BODY_KEYS and isinstance(value, str | list):
                yield name, value
            if isinstance(value, dict | list):
                yield from _walk(value, depth + 1)
    elif isinstance(node, list):
        for item in node:
            if isinstance(item, dict | list):
                yield from _walk(item, depth + 1)


def _paragraphs(key: str, value: Any) -> list[str]:
    if isinstance(value, list):  # text blocks: [{"type": "paragraph", "text": "..."}, ...]
        out = []
        for block in value:
            text = block if isinstance(block, str) else _block_text(block)
            out += _paragraphs(key, text) if text else []
        return out
    if not isinstance(value, str) or not value.strip():
        return []
    if "<" in value and re.search(r"</?(?:p|br|div|h[2-4]|li)\b", value, re.IGNORECASE):
        return _html_paragraphs(value)
    if "<" in value and _INLINE_TAG.search(value):
        # A block's text with its links and emphasis as markup ("… in <a href=…>Rolling
        # Stone</a> …", as Arc XP keeps a text element's content): their words.
        value = _markup_text(value)
    return [p for p in (clean(part) for part in re.split(r"\n\s*\n|\n", value)) if p]


_INLINE_TAG = re.compile(r"</?(?:a|b|i|em|strong|span|sup|sub|u|s|mark|small|code)\b[^>]*>",
                         re.IGNORECASE)


def _markup_text(markup: str) -> str:
    try:
        return str(lxml_html.fragment_fromstring(markup, create_parent="div").text_content())
    except (etree.ParserError, ValueError):
        return _INLINE_TAG.sub("", markup)


def _block_text(block: Any, depth: int = 0) -> str | None:
    """A text block's text: its own ("text", "content", ...), or its parts' joined, as
    rich-text editors nest them (Sanity's Portable Text "children" spans, Contentful's
    "content" text nodes with their "value"); none of a block that is no prose."""
    if not isinstance(block, dict) or depth > _MAX_DEPTH:
        return None
    kind = block.get("type") or block.get("_type") or block.get("nodeType")
    if isinstance(kind, str) and _NOT_PROSE.search(kind):
        return None
    for name in ("text", "content", "html", "value", "body"):
        value = block.get(name)
        if isinstance(value, str):
            return value
    for name, joiner in (("children", ""), ("content", ""), ("items", "\n")):
        parts = block.get(name)
        if isinstance(parts, list):
            texts = [t for part in parts if (t := _block_text(part, depth + 1))]
            return joiner.join(texts) or None
    return None


def _html_paragraphs(markup: str) -> list[str]:
    try:
        fragment = lxml_html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    blocks = [clean(el.text_content()) for el in fragment.iter(*_BLOCKS)
              if not any(a.tag in _BLOCKS for a in el.iterancestors())]
    return [b for b in blocks if b] or [clean(fragment.text_content())]
