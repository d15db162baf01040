"""benchmarks.scale at 1,000 pages: its keys and counts, not its speed (that is the
benchmark's business), so that it cannot rot."""

from __future__ import annotations

import json
import subprocess
import sys

from crawler.demosite import _content
from tests.conftest import ROOT

POSTS = 650


def test_the_scale_benchmark_reports_every_figure() -> None:
    done = subprocess.run([sys.executable, "-m", "benchmarks.scale", "--posts", str(POSTS)],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["exit_code"] == 0
    assert result["pages"] > POSTS  # every post, and the listings
    # Every post found: each static one stored, each drawn by script an errors document
    # (rendering is off), besides the portal's two broken pages.
    _content.set_post_count(POSTS)
    try:
        static = [p for p in _content.posts() if not p.js_mode]
    finally:
        _content.set_post_count(_content.POST_COUNT)
    assert result["articles"] == len(static)
    assert result["errors"] == POSTS - len(static) + 2
    assert len(result["rate_by_tenth"]) == 10
    assert isinstance(result["rate_last_vs_first"], float)
    assert len(result["stored_by_tenth"]) == 10
    assert isinstance(result["stored_last_vs_first"], float)
    assert set(result["peak_rss_mb"]) == {"spider", "mongo", "redis"}
    assert all(mb > 0 for mb in result["peak_rss_mb"].values()), result["peak_rss_mb"]
    assert result["redis_bytes_per_url"] > 0
    assert set(result["mongo_write_ms"]) == {"first_tenth", "last_tenth"}
    assert result["mongo_write_ms"]["first_tenth"]["p50"] > 0
    assert result["mongo_write_ms"]["last_tenth"]["p50"] > 0
    assert result["server_alone_pages_per_s"] > 0
    assert result["wall_s"] > 0 and result["pages_per_s"] > 0


def test_the_frontier_size_benchmark_takes_back_every_url_it_queued() -> None:
    # One site: the 2,000 leases taken before an ack put it at its concurrency (1,000),
    # the path a run of 10,000,000 URLs over 1,000 sites crashed on near its end.
    urls = 5_000
    done = subprocess.run([sys.executable, "-m", "benchmarks.frontier_size", "--urls",
                           str(urls), "--sites", "1"],
                          cwd=ROOT, capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["pushed"] + result["false_seen"] == urls
    assert result["false_seen"] < urls * 0.01  # a Bloom filter sized for 0.1 %
    assert result["taken"] == result["pushed"]  # every URL queued was taken back
    assert result["push_urls_per_s"] > 0 and result["take_urls_per_s"] > 0
    assert result["queued_bytes_per_url"] > result["bytes_per_url_at_end"] > 0
    assert 0 < result["seen_bytes_per_url"] < 4
