"""The seed post, as the demo portal serves it, field by field."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from crawler.demosite._content import post_by_id, related
from crawler.demosite._pages import article_page
from crawler.extract import Article, extract
from crawler.extract._text import clean

BASE = "http://news.example/"


@pytest.fixture(scope="module")
def seed() -> Article:
    post = post_by_id(1)
    assert post is not None
    return extract(article_page(post).encode("utf-8"), BASE.rstrip("/") + post.path)


def test_title_lead_and_byline(seed: Article) -> None:
    assert seed.page_type == "article"
    assert seed.title == "China rebuffs 'criticism or pressure' over ties with Russia"
    assert seed.lead is not None and seed.lead.startswith("China vowed Wednesday it would not")
    assert seed.authors == ["AFP"]
    assert seed.published_at == datetime(2024, 4, 10, 9, 12, tzinfo=UTC)
    assert seed.category == "News"
    assert seed.tags == ["China", "Russia", "Ukraine"]
    assert seed.language == "en"
    assert seed.site_name == "Sngine Demo News"


def test_counters_are_integers(seed: Article) -> None:
    assert seed.views == 2000  # shown as "2K"
    assert seed.comments == 0


def test_sub_headings_and_second_story(seed: Article) -> None:
    assert seed.headings == [
        "Continued support",
        "China, Russia say to strengthen cooperation in Lavrov visit",
        "'Vassalage to China'",
        "'Unlawful sanctions'",
    ]
    assert "- Continued support -" in seed.text
    assert not any(p.startswith("- ") for p in seed.paragraphs)


def test_caption_in_images_not_in_text(seed: Article) -> None:
    caption = ("China and Russia said they would strengthen strategic cooperation as Foreign "
               "Minister Sergei Lavrov (L) held talks with President Xi Jinping (R) and top "
               "diplomat Wang Yi")
    assert len(seed.images) == 1
    image = seed.images[0]
    assert image.caption == caption
    assert image.alt == caption + " (Handout)"
    assert image.src == BASE + "static/photos/1.jpg"
    assert caption not in seed.text


def test_body_is_complete_and_free_of_boilerplate(seed: Article) -> None:
    post = post_by_id(1)
    assert post is not None
    prose = [clean(p) for i, p in enumerate(post.paragraphs) if i not in post.subheadings]
    assert seed.paragraphs == prose
    for furniture in ("Sponsorluk", "Site içinde arama yapın", "Kategoriler", "Read More",
                      "google-site-verification", "Like", "Share", "Report", "2K",
                      "By AFP", "Aseptic"):
        assert furniture not in seed.text, furniture
    for teaser in related(post):
        assert teaser.title not in seed.text


def test_read_more_block_becomes_related_links(seed: Article) -> None:
    post = post_by_id(1)
    assert post is not None
    expected = [(BASE.rstrip("/") + p.path, p.title, p.category) for p in related(post)]
    assert [(r.url, r.title, r.category) for r in seed.related] == expected


def test_keys_for_storage(seed: Article) -> None:
    doc = seed.to_document()
    assert doc["url"] == doc["canonical_url"] == BASE.rstrip("/") + "/blogs/1/" + (
        "china-rebuffs-criticism-or-pressure-over-ties-with-russia")
    assert doc["domain"] == "news.example"
    assert len(doc["content_hash"]) == 40 and len(doc["simhash"]) == 16
    assert doc["word_count"] > 1000
    assert "links" not in doc and "js_shell" not in doc
