"""User mistakes end in one line and exit code 2, never a traceback."""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from crawler.config import ConfigError, CrawlerConfig
from crawler.services import Endpoints
from tests.conftest import ROOT, run_cli


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _assert_one_line_error(result: object, *needles: str) -> None:
    assert result.returncode == 2, result.stderr  # type: ignore[attr-defined]
    err = result.stderr.strip()  # type: ignore[attr-defined]
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    for needle in needles:
        assert needle in err


@pytest.mark.parametrize(
    ("env", "needle"),
    [({"MONGO_URI": "mongo://nowhere"}, "MONGO_URI"),
     ({"REDIS_URL": "http://localhost:6379"}, "REDIS_URL"),
     ({"RENDER_WORKERS": "many"}, "RENDER_WORKERS"),
     ({"RENDER_BLOCK": "image,document"}, "unknown resource types"),
     ({"CHROMIUM_PATH": "/nonexistent/chromium"}, "apt-get install -y chromium"),
     ({"CHROMIUM_PATH": "/bin/false"}, "is not Chromium"),
     ({"MONGO_DATABASE": "a/b"}, "MONGO_DATABASE 'a/b' holds '/'"),
     ({"MONGO_DATABASE": ""}, "MONGO_DATABASE '' is empty"),
     ({"REDIS_URL": "redis://127.0.0.1:6379/abc"}, "names database 'abc'"),
     ({"CRAWLER_DATA_DIR": "/etc/hostname"}, "is a file, not a directory"),
     ({"CRAWLER_DATA_DIR": "/etc/hostname/below"}, "cannot be used (Not a directory)"),
     ({"CRAWLER_DATA_DIR": "/tmp/" + "d" * 110}, "too deep for the embedded Redis's socket")],
)
def test_bad_settings(env: dict[str, str], needle: str) -> None:
    _assert_one_line_error(run_cli("crawl", "http://127.0.0.1:1/", "--allow-private", env=env),
                           needle)


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/", "http://[::1]x/"])
def test_malformed_start_url(url: str) -> None:
    _assert_one_line_error(run_cli("crawl", url, "--allow-private", "--render", "never"), url)


def test_export_refuses_an_unusable_data_dir() -> None:
    result = run_cli("export", env={"CRAWLER_DATA_DIR": "/etc/hostname/below", "MONGO_URI": ""})
    _assert_one_line_error(result, "CRAWLER_DATA_DIR")


def test_unknown_option() -> None:
    _assert_one_line_error(run_cli("crawl", "--frobnicate", "http://x/"), "--frobnicate")


def test_not_a_url() -> None:
    _assert_one_line_error(run_cli("crawl", "ftp://example.com/", "--render", "never"), "http(s)")


def test_private_address_needs_flag() -> None:
    _assert_one_line_error(run_cli("crawl", "http://127.0.0.1:8/", "--render", "never"),
                           "--allow-private")


def test_unreachable_start_url(data_dir: object) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/"
    result = run_cli("crawl", url, "--allow-private", "--render", "never",
                     env={"CRAWLER_DATA_DIR": str(data_dir)})
    _assert_one_line_error(result, "cannot reach", url)


def test_unreachable_mongo() -> None:
    result = run_cli("crawl", "http://127.0.0.1:9/", "--allow-private", "--render", "never",
                     env={"MONGO_URI": f"mongodb://127.0.0.1:{_closed_port()}/?serverSelectionTimeoutMS=500"})
    _assert_one_line_error(result, "MongoDB", "not reachable")


def test_config_error_names_the_setting() -> None:
    with pytest.raises(ConfigError, match="REDIS_URL"):
        CrawlerConfig.load(redis_url="localhost:6379")
    assert CrawlerConfig.load(redis_url="unix:///tmp/r.sock").redis_url == "unix:///tmp/r.sock"


def test_unreachable_redis() -> None:
    result = run_cli("crawl", "http://127.0.0.1:9/", "--allow-private", "--render", "never",
                     env={"REDIS_URL": f"redis://127.0.0.1:{_closed_port()}/0"})
    _assert_one_line_error(result, "Redis", "not reachable")


def test_distributed_needs_shared_servers() -> None:
    result = run_cli("crawl", "http://127.0.0.1:9/", "--allow-private", "--render", "never",
                     "--distributed", env={"REDIS_URL": "", "MONGO_URI": ""})
    _assert_one_line_error(result, "--distributed needs REDIS_URL and MONGO_URI")


def test_seed_only_needs_distributed() -> None:
    result = run_cli("crawl", "http://127.0.0.1:9/", "--allow-private", "--render", "never",
                     "--seed-only")
    _assert_one_line_error(result, "--seed-only needs --distributed")


def test_bloom_too_big_for_redis() -> None:
    result = run_cli("crawl", "http://127.0.0.1:9/", "--allow-private", "--render", "never",
                     env={"FRONTIER_SEEN": "bloom", "FRONTIER_EXPECTED_URLS": "2000000000",
                          "FRONTIER_FP_RATE": "0.00001"})
    _assert_one_line_error(result, "512 MiB")


def test_scrapy_crawl_of_an_unknown_job_says_so_in_one_line(endpoints: Endpoints) -> None:
    env = {**os.environ, "REDIS_URL": endpoints.redis_url, "MONGO_URI": endpoints.mongo_uri}
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "news", "-a", "job=no-such-job", "-s",
         "LOG_LEVEL=ERROR"], cwd=ROOT, env=env, text=True, capture_output=True, timeout=120,
        check=False,
    )
    err = result.stderr.strip()
    assert "Traceback" not in err
    assert len(err.splitlines()) == 1, err
    assert "no crawl job 'no-such-job'" in err
