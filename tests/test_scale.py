"""benchmarks.scale at 1,000 pages: its keys and counts, not its speed (that is the
benchmark's business), so that it cannot rot."""

from __future__ import annotations

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_the_scale_benchmark_reports_every_figure() -> None:
    done = subprocess.run([sys.executable, "-m", "benchmarks.scale", "--posts", "650"],
                          cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["exit_code"] == 0
    assert result["pages"] > 650  # every post, and the listings
    assert len(result["rate_by_tenth"]) == 10
    assert isinstance(result["rate_last_vs_first"], float)
    assert set(result["peak_rss_mb"]) == {"spider", "mongo", "redis"}
    assert all(mb > 0 for mb in result["peak_rss_mb"].values()), result["peak_rss_mb"]
    assert result["redis_bytes_per_url"] > 0
    assert set(result["mongo_write_ms"]) == {"first_tenth", "last_tenth"}
    assert result["mongo_write_ms"]["first_tenth"]["p50"] > 0
    assert result["server_alone_pages_per_s"] > 0
    assert result["wall_s"] > 0 and result["pages_per_s"] > 0
