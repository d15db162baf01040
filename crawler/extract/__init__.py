"""Article extraction: ``extract(html, url) -> Article``, one pure function used by the
spider (static pages) and the render workers (rendered pages) alike."""

from __future__ import annotations

from crawler.extract._article import Article, Image, PageType, RelatedLink
from crawler.extract._extract import ExtractionError, decode_html, extract
from crawler.extract.fingerprints import simhash_bands, simhash_distance

__all__ = ["Article", "ExtractionError", "Image", "PageType", "RelatedLink", "decode_html",
           "extract", "simhash_bands", "simhash_distance"]
