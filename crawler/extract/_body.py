"""The article body: paragraphs and sub-headings, without boilerplate or captions.

trafilatura finds the main content on the pre-cleaned tree; its XML output keeps
paragraphs and headings apart. Lines that are page furniture rather than prose
(ad labels, bare counters, verification strings, "Read More") are filtered after.
"""

from __future__ import annotations

import copy
import logging
import re

import trafilatura
from lxml import etree
from lxml import html as lxml_html
from trafilatura.utils import sanitize_tree
from trafilatura.xml import remove_empty_elements, strip_double_tags

from crawler.extract._structure import AD_LABELS, own_text
from crawler.extract._text import clean, parse_count

# trafilatura warns for every page it finds no body in; JS shells are expected to be empty.
logging.getLogger("trafilatura").setLevel(logging.ERROR)

# AFP-style sub-heading: "- Continued support -" on a line of its own.
_DASH_HEADING = re.compile(r"^[-–—]\s+(.{2,120}?)\s+[-–—]$")
_NOISE = re.compile(
    r"^(read more|share|report|like|reply|comments?|print|tweet|"
    r"google-site-verification:.*|advertisement.*|site içinde arama yapın|kategoriler)$",
    re.IGNORECASE,
)


def body_lines(root: lxml_html.HtmlElement, url: str) -> list[tuple[str, str]]:
    """``[(kind, text)]`` in reading order; kind is "p" (prose), "h" (heading) or "c"
    (table cell)."""
    tree = copy.deepcopy(root)
    for cap in list(tree.iter("figcaption")):
        cap.drop_tree()
    # Serialised, not passed as a tree: trafilatura re-parses with its own parser
    # options, and given our tree it lost half the body on some pages (benchmark: NYT).
    markup = lxml_html.tostring(tree, encoding="unicode")
    # The XML body tree, cleaned as trafilatura's own XML output is, without its
    # serialisation, re-parsing and fingerprinting.
    document = trafilatura.bare_extraction(
        markup, url=url, output_format="xml", include_comments=False, include_tables=True,
        include_images=False, include_links=False, with_metadata=False, deduplicate=False,
        fast=True,
    )
    main = getattr(document, "body", None)
    if main is None:
        return _fallback_lines(root)
    strip_double_tags(main)
    remove_empty_elements(main)
    lines = _xml_lines(sanitize_tree(main))
    return lines or _fallback_lines(root)


def _xml_lines(main: etree._Element) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for child in main:
        if child.tag == "list":
            parts = [("p", item) for item in child.iter("item")]
        elif child.tag == "table":
            parts = [("c", cell) for cell in child.iter("cell")]
        else:
            parts = [("h" if child.tag == "head" else "p", child)]
        for kind, el in parts:
            text = clean("".join(el.itertext()))
            if text:
                out.append((kind, text))
    return out


def _fallback_lines(root: lxml_html.HtmlElement) -> list[tuple[str, str]]:
    return [("p", own_text(p)) for p in root.iter("p") if own_text(p)]


def is_noise(text: str, title: str | None, kind: str = "p") -> bool:
    low = text.lower()
    return (
        low in AD_LABELS
        or (kind != "c" and parse_count(text) is not None)  # numbers in tables are data
        or bool(_NOISE.match(text))
        or (title is not None and clean(text) == clean(title))
    )


def split_body(
    lines: list[tuple[str, str]], title: str | None, captions: set[str]
) -> tuple[list[str], list[str], list[str]]:
    """(paragraphs, headings, text lines) with noise and captions taken out.

    Paragraphs are prose only; headings are sub-headings (AFP "- x -" lines become
    "x"); text lines keep both in reading order, headings as they appear.
    """
    paragraphs: list[str] = []
    headings: list[str] = []
    text_lines: list[str] = []
    for kind, line in lines:
        if is_noise(line, title, kind) or _is_caption(line, captions):
            continue
        dash = _DASH_HEADING.match(line)
        if kind == "h" or dash:
            headings.append(dash.group(1) if dash else line)
        else:
            paragraphs.append(line)
        text_lines.append(line)
    return paragraphs, headings, text_lines


def _is_caption(line: str, captions: set[str]) -> bool:
    line = clean(line)
    return any(line == c or (len(c) > 40 and line.startswith(c)) for c in captions)
