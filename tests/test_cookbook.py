"""Every query of the README's cookbook (crawler.cookbook) returns what it documents on the
embedded server, on a database built for it, and names an index that exists."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from crawler import cookbook
from crawler.documents import article_document
from crawler.extract import Article
from crawler.extract._article import Extraction
from crawler.storage import ARTICLE_INDEXES, ArticleStore, utcnow

DAY = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
STORY = ("The harbour council approved the new breakwater after a long night of debate. "
         "Fishermen had asked for it for a decade. ")


def _doc(domain: str, n: int, *, category: str = "News", days_ago: int = 0,
         text: str | None = None, confidence: float = 0.9, title: str | None = None
         ) -> dict[str, Any]:
    url = f"https://{domain}/2026/11/story-{n}"
    body = text or f"Story {n} of {domain}: " + " ".join(f"w{n}x{i}" for i in range(60))
    article = Article(url=url, canonical_url=url, domain=domain, page_type="article",
                      title=title or f"Story {n} of {domain}", text=body, paragraphs=[body],
                      word_count=len(body.split()), category=category,
                      published_at=DAY - timedelta(days=days_ago),
                      content_hash=f"{url}-{hash(body)}",
                      extraction=Extraction(method="trafilatura", confidence=confidence))
    return article_document(article, fetched_url=url, status=200, rendered=False,
                            elapsed_ms=1)


@pytest.fixture
def shelf(store: ArticleStore) -> tuple[ArticleStore, datetime]:
    """Three domains, two categories over ten days, a wire copy, two weak bodies; then,
    after a pause, one new article and one changed: the changes since ``since``."""
    from crawler.extract import extract  # a real body for the copies' fingerprints

    docs = [_doc(d, n, category="Sport" if n % 3 == 0 else "News", days_ago=n)
            for d in ("a.example", "b.example", "c.example") for n in range(1, 8)]
    docs += [_doc("a.example", 20, days_ago=9, confidence=0.2),
             _doc("b.example", 21, days_ago=9, confidence=0.4)]
    story = "".join(f"<p>{STORY * 2} Part {i}.</p>" for i in range(6))
    for domain, n in (("a.example", 30), ("c.example", 31)):
        url = f"https://{domain}/2026/11/story-{n}"
        page = f"<html><head><title>Breakwater</title></head><body><article><h1>Breakwater" \
               f"</h1>{story}</article></body></html>"
        docs.append(article_document(extract(page, url), fetched_url=url, status=200,
                                     rendered=False, elapsed_ms=1))
    store.upsert_articles(docs, "cookbook")
    time.sleep(0.05)
    since = utcnow()
    time.sleep(0.05)
    store.upsert_articles([_doc("b.example", 40, days_ago=0),
                           _doc("a.example", 2, days_ago=2, title="Story 2, corrected")],
                          "cookbook-later")
    return store, since


def test_every_query_names_an_index_that_exists() -> None:
    public = {name for name in dir(cookbook) if callable(getattr(cookbook, name))
              and getattr(getattr(cookbook, name), "__module__", "") == cookbook.__name__}
    assert set(cookbook.USES) == public
    assert set(cookbook.USES.values()) <= set(ARTICLE_INDEXES) | {"title_text"}


def test_latest_per_domain(shelf: tuple[ArticleStore, datetime]) -> None:
    latest = cookbook.latest_per_domain(shelf[0].db, per_domain=2)
    assert sorted(latest) == ["a.example", "b.example", "c.example"]
    assert [d["url"].rsplit("-", 1)[1] for d in latest["b.example"]] == ["40", "1"]
    for docs in latest.values():
        assert docs[0]["published_at"] >= docs[1]["published_at"]
        assert "text" not in docs[0]


def test_by_category_between(shelf: tuple[ArticleStore, datetime]) -> None:
    found = cookbook.by_category_between(shelf[0].db, "Sport", DAY - timedelta(days=6),
                                         DAY - timedelta(days=2))
    # Sport: stories 3 and 6; 6 days ago is in, the end is out.
    assert sorted(d["url"].rsplit("-", 1)[1] for d in found) == ["3", "3", "3", "6", "6", "6"]
    assert all(d["category"] == "Sport" for d in found)
    dates = [d["published_at"] for d in found]
    assert dates == sorted(dates, reverse=True)


def test_full_text(shelf: tuple[ArticleStore, datetime]) -> None:
    found = cookbook.full_text(shelf[0].db, "breakwater")
    assert sorted(d["url"] for d in found) == ["https://a.example/2026/11/story-30",
                                               "https://c.example/2026/11/story-31"]
    assert cookbook.full_text(shelf[0].db, "w4x17") and \
        {d["domain"] for d in cookbook.full_text(shelf[0].db, "w4x17")} == {
            "a.example", "b.example", "c.example"}


def test_changed_since(shelf: tuple[ArticleStore, datetime]) -> None:
    store, since = shelf
    found = cookbook.changed_since(store.db, since)
    # The new article and the corrected one; both changed in one write, so either first.
    assert sorted(d["url"] for d in found) == ["https://a.example/2026/11/story-2",
                                               "https://b.example/2026/11/story-40"]
    assert all(d["crawl"]["changed_at"] >= since for d in found)


def test_near_duplicate_candidates(shelf: tuple[ArticleStore, datetime]) -> None:
    found = cookbook.near_duplicate_candidates(shelf[0].db, "https://a.example/2026/11/story-30")
    assert [d["url"] for d in found] == ["https://c.example/2026/11/story-31"]
    assert cookbook.near_duplicate_candidates(shelf[0].db, "https://nowhere.example/") == []


def test_low_confidence(shelf: tuple[ArticleStore, datetime]) -> None:
    found = cookbook.low_confidence(shelf[0].db)
    assert [(d["url"], d["extraction"]["confidence"]) for d in found] == [
        ("https://a.example/2026/11/story-20", 0.2), ("https://b.example/2026/11/story-21", 0.4)]
