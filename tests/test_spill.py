"""Documents MongoDB did not take: kept on disk whole, replayed once, never twice."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from datetime import datetime
from pathlib import Path

import pytest

from crawler.documents import article_document
from crawler.extract import extract
from crawler.spill import Spill
from crawler.storage import ArticleStore, error_document

PAGE = ("<html><head><title>Harbour vote</title><meta property='og:type' content='article'>"
        "<meta property='article:published_time' content='2024-05-01T10:00:00+02:00'>"
        "</head><body><article><h1>Harbour vote</h1>"
        + "<p>The council voted on the harbour budget after a long debate in town.</p>" * 6
        + "</article></body></html>")


def _article(n: int) -> dict[str, object]:
    url = f"https://news.example/2024/05/harbour-vote-{n}"
    return article_document(extract(PAGE, url), fetched_url=url, status=200, rendered=True,
                            elapsed_ms=5)


def _unreachable(database: str) -> ArticleStore:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return ArticleStore(f"mongodb://127.0.0.1:{port}/", database, timeout_ms=300)


def test_spilled_documents_are_whole_and_replay_as_real_documents(
    tmp_path: Path, store: ArticleStore
) -> None:
    spill = Spill(tmp_path / "spill")
    spill.add("articles", "job-1", [_article(1), _article(2)])
    spill.add("errors", "job-1", [error_document("https://news.example/x", "render", "gone",
                                                 "job-1")])
    # On disk: Extended JSON, dates as dates, the crawl sub-document there.
    record = json.loads(spill.path.read_text().splitlines()[0])
    assert "$date" in json.dumps(record["doc"]["published_at"])
    assert record["doc"]["crawl"]["job_id"] == "job-1"
    assert spill.pending() == 3 and spill.pending("job-2") == 0

    done = spill.replay(store)
    assert done.articles == {"job-1": 2} and done.errors == {"job-1": 1}
    assert spill.pending() == 0 and not spill.waiting()
    stored = store.articles.find_one({"url": "https://news.example/2024/05/harbour-vote-1"})
    assert stored is not None and isinstance(stored["published_at"], datetime)
    assert stored["crawl"]["job_id"] == "job-1" and stored["crawl"]["crawl_count"] == 1
    assert store.errors.count_documents({"job_id": "job-1"}) == 1


def test_a_replay_that_fails_keeps_everything(tmp_path: Path, store: ArticleStore) -> None:
    spill = Spill(tmp_path / "spill")
    spill.add("articles", "job-1", [_article(1)])
    spill.add("errors", "job-1", [error_document("u", "fetch", "x", "job-1")])
    gone = _unreachable(store.articles.database.name)
    try:
        done = spill.replay(gone)
    finally:
        gone.close()
    assert done.total == 0 and done.failed_files == 1
    assert spill.pending() == 2
    assert spill.replay(store).total == 2


def test_errors_replayed_twice_are_stored_once(tmp_path: Path, store: ArticleStore) -> None:
    """A replay cut short after writing runs again: the errors' ids make it harmless."""
    spill = Spill(tmp_path / "spill")
    spill.add("errors", "job-1", [error_document(f"u{i}", "fetch", "x", "job-1")
                                  for i in range(3)])
    copy = spill.path.read_text()
    spill.replay(store)
    spill.path.write_text(copy)  # as if the file had not been deleted
    spill.replay(store)
    assert store.errors.count_documents({"job_id": "job-1"}) == 3


def test_a_dead_replayers_claim_is_taken_over(tmp_path: Path, store: ArticleStore) -> None:
    spill = Spill(tmp_path / "spill")
    spill.add("articles", "job-1", [_article(1)])
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    claimed = spill.path.with_name(f"{spill.path.name}.replaying-{socket.gethostname()}-{dead}")
    spill.path.rename(claimed)
    assert spill.waiting() and spill.pending() == 1
    assert spill.replay(store).total == 1
    assert not claimed.exists() and not spill.waiting()


def test_a_live_replayers_claim_is_left_alone(tmp_path: Path, store: ArticleStore) -> None:
    spill = Spill(tmp_path / "spill")
    spill.add("articles", "job-1", [_article(1)])
    claimed = spill.path.with_name(
        f"{spill.path.name}.replaying-{socket.gethostname()}-{os.getppid()}")
    spill.path.rename(claimed)
    assert spill.replay(store).total == 0
    assert spill.pending() == 1  # still counted as waiting


def test_a_disk_that_refuses_says_so(tmp_path: Path) -> None:
    (tmp_path / "spill").write_text("a file where the directory should be")
    from crawler.spill import SpillError

    with pytest.raises(SpillError, match="not spilled"):
        Spill(tmp_path / "spill").add("articles", "job-1", [_article(1)])
