"""``python -m benchmarks.feed [--articles 5000] [--batch 50] [--rounds 3]``: what the
change feed costs and how fast it reads, on the embedded MongoDB (nx-27017).

Writes ``--articles`` new articles in batches of ``--batch`` (the spider's
``MONGO_BATCH_SIZE``) through ``ArticleStore.upsert_articles`` with the feed's numbers,
and the same without them (a feed that takes none), each into a database of its own,
the two taking turns to go first, ``--rounds`` times; then writes them all again
unchanged (no number taken: the feed carries changes only); then reads the whole feed
back, all at once and in pages of 500. The last line is one JSON object:
``upserts_per_s_with_seq`` / ``upserts_per_s_without_seq`` (medians), ``seq_overhead``
(1 − their ratio), ``rewrite_unchanged_per_s``, ``feed_read_per_s`` and
``feed_read_paged_per_s``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from crawler.config import CrawlerConfig
from crawler.documents import article_document
from crawler.extract import Article
from crawler.feed import Feed, read_changes
from crawler.services import resolve_mongo, stop_embedded
from crawler.storage import ArticleStore


class _NoNumbers(Feed):
    """The write path as it was before the feed: no note, no counter."""

    @contextlib.contextmanager
    def numbers(self, count: int) -> Iterator[list[int]]:
        yield [0] * count


def _articles(count: int, tag: str, version: int = 1) -> list[dict[str, Any]]:
    words = " ".join(f"word{i % 97}" for i in range(400))  # a 400-word body
    docs = []
    for i in range(count):
        url = f"https://bench.test/{tag}/{i}"
        article = Article(url=url, canonical_url=url, domain="bench.test", page_type="article",
                          title=f"Story {i} v{version}", text=f"{words} {version}",
                          paragraphs=[f"{words} {version}"], authors=["A. Writer"],
                          word_count=401, content_hash=f"{tag}-{i}-{version}")
        docs.append(article_document(article, fetched_url=url, status=200, rendered=False,
                                     elapsed_ms=1))
    return docs


def _write(store: ArticleStore, docs: list[dict[str, Any]], batch: int) -> float:
    started = time.perf_counter()
    for start in range(0, len(docs), batch):
        store.upsert_articles(docs[start:start + batch], "bench")
    return len(docs) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.feed")
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data:
        uri = resolve_mongo(CrawlerConfig.load(crawler_data_dir=Path(data), mongo_uri=None))
        try:
            result = _run(uri, args.articles, args.batch, args.rounds)
        finally:
            stop_embedded()
    print(json.dumps(result))


def _run(uri: str, count: int, batch: int, rounds: int) -> dict[str, Any]:
    rates: dict[bool, list[float]] = {True: [], False: []}
    stores = []
    for round_ in range(rounds):
        for with_seq in ((True, False) if round_ % 2 == 0 else (False, True)):
            store = ArticleStore(uri, f"bench_feed_{round_}_{int(with_seq)}")
            store.ensure_indexes()
            if not with_seq:
                store.feed = _NoNumbers(store.db)
            rates[with_seq].append(_write(store, _articles(count, f"r{round_}"), batch))
            print(f"round {round_} {'with' if with_seq else 'without'} seq: "
                  f"{rates[with_seq][-1]:.0f} upserts/s", flush=True)
            stores.append(store)
    feed_store = next(s for s in stores if not isinstance(s.feed, _NoNumbers))
    counter_before = feed_store.feed.counter()
    rewrite = _write(feed_store, _articles(count, "r0"), batch)  # nothing changed
    taken_by_rewrite = feed_store.feed.counter() - counter_before
    started = time.perf_counter()
    docs, _ = read_changes(feed_store.db, 0)
    read_all = len(docs) / (time.perf_counter() - started)
    started, cursor, paged = time.perf_counter(), 0, 0
    while True:
        page, cursor = read_changes(feed_store.db, cursor, limit=500)
        if not page:
            break
        paged += len(page)
    read_paged = paged / (time.perf_counter() - started)
    with_seq = statistics.median(rates[True])
    without = statistics.median(rates[False])
    for store in stores:
        store.client.drop_database(store.db.name)
        store.close()
    return {"articles": count, "batch": batch, "rounds": rounds,
            "upserts_per_s_with_seq": round(with_seq, 1),
            "upserts_per_s_without_seq": round(without, 1),
            "seq_overhead": round(1 - with_seq / without, 3),
            "rewrite_unchanged_per_s": round(rewrite, 1),
            "numbers_taken_by_rewrite": taken_by_rewrite,
            "feed_changes": len(docs), "feed_read_per_s": round(read_all, 1),
            "feed_read_paged": paged, "feed_read_paged_per_s": round(read_paged, 1)}


if __name__ == "__main__":
    main()
