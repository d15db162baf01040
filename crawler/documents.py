"""The stored form of an article: extraction output plus how it was fetched."""

from __future__ import annotations

from typing import Any

from crawler.extract import Article
from crawler.storage import utcnow


def article_document(
    article: Article, *, fetched_url: str, status: int, rendered: bool, elapsed_ms: int | None,
    render_reason: str | None = None,
) -> dict[str, Any]:
    """One ``articles`` document (without ``crawl``, which storage maintains)."""
    doc = article.to_document()
    doc["fetch"] = {
        "url": fetched_url,
        "status": status,
        "rendered": rendered,
        "render_reason": render_reason,
        "fetched_at": utcnow(),
        "elapsed_ms": elapsed_ms,
    }
    return doc
