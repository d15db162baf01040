"""Results people read after a run on embedded defaults, when the embedded MongoDB that
the crawl used has stopped: ``errors``, ``jobs`` and ``db``, and a summary that names
them instead of a URI that no longer answers."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import pytest
from pymongo import MongoClient

from crawler.demosite import DemoServer
from crawler.demosite.outages import free_port
from crawler.lifetime import RUN_ENV
from crawler.results import write_csv
from tests.conftest import ROOT, run_cli


@pytest.fixture(scope="module")
def embedded_crawl(demo_site: DemoServer, tmp_path_factory: pytest.TempPathFactory
                   ) -> Iterator[tuple[dict[str, str], str, str]]:
    """A whole crawl of the demo portal on embedded defaults: its env, job id, summary."""
    data = tmp_path_factory.mktemp("results")
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "MONGO_URI", RUN_ENV)}
    env.update({"CRAWLER_DATA_DIR": str(data / "data"), "FRONTIER_SITE_RPS": "100",
                "FRONTIER_SITE_CONCURRENCY": "8"})
    done = subprocess.run([sys.executable, "-m", "crawler", "crawl", demo_site.url,
                           "--allow-private", "--render", "never"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=240,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    job = re.search(r"crawl (\S+): finished", done.stdout)
    assert job, done.stdout
    yield env, job.group(1), done.stdout


def _lines(env: dict[str, str], *args: str) -> list[dict[str, Any]]:
    done = run_cli(*args, "--json", env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def test_the_summary_names_the_commands_not_a_dead_uri(
        embedded_crawl: tuple[dict[str, str], str, str]) -> None:
    _, job, summary = embedded_crawl
    assert f"python -m crawler errors --job {job}" in summary
    assert "python -m crawler db" in summary
    assert "mongodb://" not in summary
    # The demo portal's robots.txt disallows its ad and share links: counted in the summary.
    refused = re.search(r"links not followed\s*│\s*(\d+) \(([^)]*)\)", summary)
    assert refused and int(refused.group(1)) > 0 and "robots" in refused.group(2), summary


def test_errors_of_a_finished_crawl_can_be_read(
        embedded_crawl: tuple[dict[str, str], str, str]) -> None:
    env, job, summary = embedded_crawl
    counted = int(re.search(r"errors\s*│\s*(\d+)", summary).group(1))  # type: ignore[union-attr]
    errors = _lines(env, "errors", "--job", job, "--limit", "0")
    assert len(errors) == counted > 0
    assert all(e["job_id"] == job and e["reason"] for e in errors)
    stage = errors[0]["stage"]
    only = _lines(env, "errors", "--job", job, "--stage", stage, "--limit", "0")
    assert only and {e["stage"] for e in only} == {stage}
    assert len(only) == sum(e["stage"] == stage for e in errors)
    assert _lines(env, "errors", "--job", "no-such-job") == []
    table = run_cli("errors", "--job", job, env=env)
    assert table.returncode == 0 and f"{counted} error(s)" in table.stderr


def test_jobs_lists_the_crawl_with_its_counters(
        embedded_crawl: tuple[dict[str, str], str, str]) -> None:
    env, job, summary = embedded_crawl
    (listed,) = [j for j in _lines(env, "jobs") if j["job_id"] == job]
    assert listed["status"] == "finished"
    pages = int(re.search(r"pages fetched\s*│\s*(\d+)", summary).group(1))  # type: ignore[union-attr]
    assert listed["counters"]["pages_fetched"] == pages


def test_db_serves_the_embedded_database_until_interrupted(
        embedded_crawl: tuple[dict[str, str], str, str]) -> None:
    env, job, summary = embedded_crawl
    stored = int(re.search(r"articles stored\s*│\s*(\d+)", summary).group(1))  # type: ignore[union-attr]
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "crawler", "db", "--port", str(port)],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        assert f"mongodb://127.0.0.1:{port}/" in first, first
        client: MongoClient[dict[str, Any]] = MongoClient(f"mongodb://127.0.0.1:{port}/",
                                                          serverSelectionTimeoutMS=5000)
        assert client["newscrawler"].articles.count_documents({"crawl.job_ids": job}) == stored
        client.close()
        helpers = psutil.Process(server.pid).children(recursive=True)
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0
        deadline = time.monotonic() + 10
        while any(h.is_running() and h.status() != "zombie" for h in helpers):
            assert time.monotonic() < deadline, "db left its server running"
            time.sleep(0.1)
    finally:
        if server.poll() is None:
            server.kill()
            server.wait()


def test_db_refuses_a_taken_port_in_one_line(
        embedded_crawl: tuple[dict[str, str], str, str]) -> None:
    env = embedded_crawl[0]
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        done = run_cli("db", "--port", str(taken.getsockname()[1]), env=env, timeout=60)
    assert done.returncode == 2
    assert len(done.stderr.strip().splitlines()) == 1 and "taken" in done.stderr


def test_a_crawl_runs_from_any_directory(demo_site: DemoServer, tmp_path: Path) -> None:
    """An installed crawler is run from wherever its user is, not from the repository
    (where scrapy.cfg would name the settings)."""
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "MONGO_URI", RUN_ENV,
                                                             "SCRAPY_SETTINGS_MODULE")}
    env.update({"CRAWLER_DATA_DIR": str(tmp_path / "data"), "FRONTIER_SITE_RPS": "100"})
    done = subprocess.run([sys.executable, "-m", "crawler", "crawl", demo_site.url,
                           "--allow-private", "--render", "never", "--max-pages", "5"],
                          cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "articles stored" in done.stdout


def test_the_csv_export_has_every_column_of_the_readme() -> None:
    out = io.StringIO()
    doc = {"url": "https://news.example/a", "title": "A, with a comma", "authors": ["Ana", "Tom"],
           "tags": [], "published_at": datetime(2024, 5, 2, 9, 30, tzinfo=UTC),
           "standfirst": "The summary under the headline.", "text": "Line one.\n\nLine two."}
    assert write_csv([doc], out) == 1
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = re.search(r"CSV has the columns ([a-z_, ]+)\.", readme)
    assert listed is not None
    assert list(rows[0]) == [c.strip() for c in listed.group(1).split(",")]
    assert rows[0]["standfirst"] == "The summary under the headline."
    assert (rows[0]["authors"], rows[0]["published_at"]) == ("Ana; Tom", "2024-05-02T09:30:00+00:00")
    assert rows[0]["text"] == "Line one.\n\nLine two."
