"""Whether a statically fetched page must be rendered in a browser."""

from __future__ import annotations

from crawler.config import RenderMode
from crawler.extract import Article

# An article page whose static HTML carries fewer words than this has its body drawn
# by script (every static demo post has over 150; JS posts carry under 20).
MIN_STATIC_WORDS = 80


def render_reason(article: Article, mode: RenderMode) -> str | None:
    """Why ``article`` needs the browser, or None when the static fetch suffices."""
    if mode == "never":
        return None
    if article.js_shell:
        return "js-shell"
    if article.page_type != "article":
        return None
    if mode == "always":
        return "always"
    if article.word_count < MIN_STATIC_WORDS:
        return "thin-body"
    return None
