"""Idempotent upserts against the embedded Mongo wire server through pymongo."""

from __future__ import annotations

import json
import random
import threading
from datetime import timedelta

from crawler.documents import article_document
from crawler.extract import Article, extract, simhash_bands
from crawler.storage import ArticleStore, by_job, utcnow
from tests.conftest import run_cli

SITE = "https://news.example/"


def _doc(name: str, title: str = "t") -> dict[str, object]:
    """A whole article document (as the spider stores one) at SITE + name."""
    url = SITE + name
    article = Article(url=url, canonical_url=url, domain="news.example", page_type="article",
                      title=title, text="body", paragraphs=["body"], word_count=1,
                      published_at=utcnow() - timedelta(days=1), content_hash=f"hash-{title}")
    return article_document(article, fetched_url=url, status=200, rendered=False,
                            elapsed_ms=1)


def test_new_then_known_article(store: ArticleStore) -> None:
    assert store.upsert_articles([_doc("u1"), _doc("u2")], "job-a") == {
        "inserted": 2, "updated": 0, "own_url": 0, "refused": 0}
    first = store.articles.find_one({"url": SITE + "u1"})
    assert first is not None and first["crawl"]["crawl_count"] == 1

    assert store.upsert_articles([_doc("u1", "new title")], "job-b") == {
        "inserted": 0, "updated": 1, "own_url": 0, "refused": 0}
    again = store.articles.find_one({"url": SITE + "u1"})
    assert again is not None
    assert store.articles.count_documents({}) == 2
    assert again["title"] == "new title"
    assert again["crawl"]["crawl_count"] == 2
    assert again["crawl"]["job_id"] == "job-b"
    assert again["crawl"]["first_seen"] == first["crawl"]["first_seen"]
    assert again["crawl"]["last_seen"] >= first["crawl"]["last_seen"]


def test_jobs_sharing_a_database_each_keep_their_articles(store: ArticleStore) -> None:
    """A later job storing the same article again does not take it from the earlier
    job's count (crawl.job_id is the last writer; crawl.job_ids every recent one)."""
    store.upsert_articles([_doc("u1"), _doc("u2")], "job-a")
    store.upsert_articles([_doc("u2"), _doc("u3")], "job-b")
    assert store.articles.count_documents(by_job("job-a")) == 2
    assert store.articles.count_documents(by_job("job-b")) == 2
    assert store.articles.count_documents({"crawl.job_id": "job-a"}) == 1
    again = store.articles.find_one({"url": SITE + "u2"})
    assert again is not None and again["crawl"]["job_ids"] == ["job-a", "job-b"]
    for n in range(25):  # a long-lived article keeps the recent jobs only
        store.upsert_articles([_doc("u1")], f"job-{n}")
    kept = store.articles.find_one({"url": SITE + "u1"})
    assert kept is not None and len(kept["crawl"]["job_ids"]) == 20
    assert kept["crawl"]["job_ids"][-1] == "job-24"


def test_dates_stay_dates_after_updates(store: ArticleStore) -> None:
    store.upsert_articles([_doc("u1")], "j")
    store.upsert_articles([_doc("u1")], "j")
    since = utcnow() - timedelta(days=2)
    assert store.articles.count_documents({"published_at": {"$gte": since}}) == 1
    assert store.articles.count_documents({"crawl.last_seen": {"$gte": since}}) == 1


def test_concurrent_writers_lose_no_increment(store: ArticleStore) -> None:
    writers, rounds = 4, 5
    uri = store.client.address
    assert uri is not None

    def write() -> None:
        own = ArticleStore(f"mongodb://{uri[0]}:{uri[1]}/", store.articles.database.name)
        for _ in range(rounds):
            own.upsert_articles([_doc("shared")], "j")
        own.close()

    threads = [threading.Thread(target=write) for _ in range(writers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    docs = list(store.articles.find({"url": SITE + "shared"}))
    assert len(docs) == 1
    assert docs[0]["crawl"]["crawl_count"] == writers * rounds


def test_indexes_and_errors(store: ArticleStore) -> None:
    names = {ix["name"] for ix in store.articles.list_indexes()}
    assert any("url" in n for n in names)
    store.record_error("http://x/", "fetch", "HTTP 500", "j", status=500)
    err = store.errors.find_one({"job_id": "j"})
    assert err is not None and err["stage"] == "fetch" and err["status"] == 500


_WORDS = ["minister", "talks", "border", "river", "city", "council", "vote", "report",
          "market", "price", "energy", "grid", "farmers", "harvest", "court", "ruling",
          "police", "officials", "crowd", "protest", "summit", "leaders", "trade", "deal",
          "coast", "storm", "rescue", "hospital", "school", "teachers", "strike", "budget",
          "plan", "railway"]


def _story(seed: int, paragraphs: int = 8) -> list[str]:
    """Deterministic prose: paragraphs of sentences drawn from a small vocabulary."""
    rng = random.Random(seed)
    return [" ".join(" ".join(rng.choices(_WORDS, k=12)).capitalize() + "."
                     for _ in range(4)) for _ in range(paragraphs)]


def _page(site: str, title: str, paragraphs: list[str]) -> bytes:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f"<html><head><title>{title} | {site}</title></head><body>"
            f"<nav><a href='/'>{site}</a> <a href='/world'>World</a></nav>"
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>(c) {site} 2024</footer></body></html>").encode()


def _store_wire_story(store: ArticleStore) -> None:
    """A story, its wire copy on another site, a different story, and a follow-up that
    repeats one of the story's paragraphs."""
    story, other = _story(1), _story(2)
    # A different story that repeats one paragraph of the first as background.
    follow_up = [*_story(3), story[5]]
    # The wire copy on another site: a dateline added, the last paragraph cut, a word changed.
    copy = [f"PARIS (AFP) - {story[0]}", *story[1:-1]]
    copy[3] = copy[3].replace("minister", "ministry", 1)
    pages = {
        "https://a.example/news/1": _page("A News", "Storm hits coast", story),
        "https://b.example/world/7": _page("B Daily", "Storm hits coast, AFP", copy),
        "https://a.example/news/2": _page("A News", "Budget talks stall", other),
        "https://a.example/news/3": _page("A News", "Coast rebuilds", follow_up),
    }
    articles = [extract(html, url) for url, html in pages.items()]
    assert all(a.word_count > 200 and len(a.simhash_bands) == 4 for a in articles)
    assert len(articles[0].paragraph_keys) == 8
    store.upsert_articles([article_document(a, fetched_url=a.url, status=200, rendered=False,
                                            elapsed_ms=1) for a in articles], "j")


def test_syndicated_copies_are_found_and_other_stories_are_not(store: ArticleStore) -> None:
    _store_wire_story(store)
    found = store.near_duplicates("https://a.example/news/1")
    assert found is not None
    assert [d["url"] for d in found] == ["https://b.example/world/7"]
    assert found[0]["shared_paragraphs"] == 5  # of 7: the dateline and the edit differ
    assert store.near_duplicates("https://a.example/news/2") == []
    assert store.near_duplicates("https://a.example/news/3") == []
    assert store.near_duplicates("https://nowhere.example/") is None


def test_similar_command_lists_copies_and_refuses_unknown_urls(store: ArticleStore) -> None:
    _store_wire_story(store)
    host, port = store.client.address
    env = {"MONGO_URI": f"mongodb://{host}:{port}/", "MONGO_DATABASE": store.articles.database.name}
    listed = run_cli("similar", "HTTPS://a.example/news/1", "--json", env=env)
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert [(r["url"], r["shared_paragraphs"]) for r in rows] == [("https://b.example/world/7", 5)]

    unknown = run_cli("similar", "https://a.example/news/404", env=env)
    assert unknown.returncode == 2
    assert unknown.stderr.strip().splitlines() == [
        "error: no article is stored under https://a.example/news/404"]


def test_a_paragraph_a_hundred_articles_share_finds_no_copies(store: ArticleStore) -> None:
    """A disclaimer every article of a site ends with is boilerplate, not a copy."""
    rng = random.Random(5)
    docs = [{"url": f"https://a.example/{i}", "simhash": f"{rng.getrandbits(64):016x}",
             "paragraph_keys": ["disclaimer00", f"own{i:09d}"]} for i in range(100)]
    store.articles.insert_many([{**d, "simhash_bands": simhash_bands(d["simhash"])}
                                for d in docs])
    found = store.near_duplicates("https://a.example/0", max_distance=0)
    assert found == []


def _claiming_page(path: str, canonical: str, story: int) -> dict[str, object]:
    """A stored document for a page at ``path`` declaring ``canonical``: story ``story``."""
    from crawler.documents import article_document

    rng = random.Random(story)
    vocabulary = ["council", "harbour", "vote", "river", "budget", "school", "market", "rail",
                  "festival", "museum", "report", "weather", "bridge", "court", "hospital",
                  "union", "library", "election"]
    body = "".join("<p>" + " ".join(rng.choice(vocabulary) for _ in range(40)) + ".</p>"
                   for _ in range(5))
    url = f"https://news.example{path}"
    html = (f"<html><head><title>Story {story}</title><link rel='canonical' href='{canonical}'>"
            f"<meta property='og:type' content='article'></head><body><article>"
            f"<h1>Story {story}</h1>{body}</article></body></html>")
    return article_document(extract(html, url), fetched_url=url, status=200, rendered=False,
                            elapsed_ms=1)


def test_stories_claiming_one_canonical_keep_their_own_urls(store: ArticleStore) -> None:
    """A theme printing one canonical on every page: each story is stored, under its own
    URL, within a batch and across batches; the page itself, when it comes, takes its
    URL back and its claimant moves out; a copy of the same story (AMP) does not."""
    shared = "/2024/05/one-shared-story-slug"
    a, b = _claiming_page("/2024/05/a-story", shared, 1), _claiming_page("/2024/05/b-story", shared, 2)
    assert a["url"] == b["url"] == "https://news.example" + shared
    counts = store.upsert_articles([a, b], "j")
    assert counts["own_url"] == 1
    c = _claiming_page("/2024/05/c-story", shared, 3)
    assert store.upsert_articles([c], "j")["own_url"] == 1
    owner = _claiming_page(shared, shared, 4)
    assert store.upsert_articles([owner], "j")["own_url"] == 1
    amp = _claiming_page(shared + "/amp", shared, 4)
    assert store.upsert_articles([amp], "j")["own_url"] == 0
    stored = {d["url"]: d["title"] for d in store.articles.find({}, {"url": 1, "title": 1})}
    assert stored == {"https://news.example/2024/05/a-story": "Story 1",
                      "https://news.example/2024/05/b-story": "Story 2",
                      "https://news.example/2024/05/c-story": "Story 3",
                      "https://news.example" + shared: "Story 4"}


def test_a_canonical_pointing_above_the_page_is_not_trusted() -> None:
    """Home page and section canonicals are theme defaults, not this page's URL; a copy
    below its article (AMP, print) keeps its canonical."""
    assert _claiming_page("/news/a-story-here", "/", 1)["url"] == "https://news.example/news/a-story-here"
    assert _claiming_page("/?p=12", "/", 1)["url"] == "https://news.example/?p=12"
    assert _claiming_page("/news/a-story-here", "/news/", 1)["url"] == (
        "https://news.example/news/a-story-here")
    assert _claiming_page("/news/a-story-here/amp", "/news/a-story-here", 1)["url"] == (
        "https://news.example/news/a-story-here")
    assert _claiming_page("/p/123/print", "/p/123", 1)["url"] == "https://news.example/p/123"
    assert _claiming_page("/", "/", 1)["url"] == "https://news.example/"
