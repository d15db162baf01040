"""``python -m benchmarks.crawl``: crawl the demo portal end to end on embedded defaults.

Prints one JSON object: wall time, pages/s, articles, renders/s, for ``--render auto``
and ``--render never`` (static only) on a fresh data directory each.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from crawler.demosite import DemoServer

ROOT = Path(__file__).resolve().parent.parent


def embedded_env(data_dir: str, **settings: str) -> dict[str, str]:
    """This environment on embedded Redis and MongoDB in ``data_dir``, plus ``settings``."""
    env = {**os.environ, "CRAWLER_DATA_DIR": data_dir, **settings}
    env.pop("MONGO_URI", None)
    env.pop("REDIS_URL", None)
    return env


def crawl_cli(url: str, render: str, env: dict[str, str], timeout: float = 600) -> str:
    """Run ``python -m crawler crawl`` on ``url``; its summary table."""
    return subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", url, "--allow-private", "--render", render],
        cwd=ROOT, env=env, text=True, capture_output=True, check=True, timeout=timeout,
    ).stdout


def run(url: str, render: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as data_dir:
        # The demo portal is local: a per-site budget far above the polite default.
        env = embedded_env(data_dir, FRONTIER_SITE_RPS="100", FRONTIER_SITE_CONCURRENCY="16")
        started = time.monotonic()
        summary = crawl_cli(url, render, env)
        wall = time.monotonic() - started
    numbers = summary_numbers(summary)
    numbers["wall_s"] = round(wall, 2)
    return numbers


def summary_numbers(summary: str) -> dict[str, Any]:
    """The figures of a ``python -m crawler crawl`` summary table."""
    def number(label: str, pattern: str = r"(\d+)") -> float:
        match = re.search(label + r"\s+│\s+" + pattern, summary)
        if match is None:
            raise SystemExit(f"no {label!r} in the crawl's summary:\n{summary}")
        return float(match.group(1))

    numbers: dict[str, Any] = {
        "crawl_s": number("time", r"([\d.]+) s"),
        "pages": int(number("pages fetched")),
        "articles": int(number("articles stored")),
        "rendered": int(number("of them rendered")),
    }
    numbers["pages_per_s"] = round(numbers["pages"] / numbers["crawl_s"], 1)
    numbers["renders_per_s"] = round(numbers["rendered"] / numbers["crawl_s"], 2)
    return numbers


def main() -> None:
    server = DemoServer(0).start()
    try:
        report = {"auto": run(server.url, "auto"), "never": run(server.url, "never")}
    finally:
        server.stop()
    print(json.dumps(report))


if __name__ == "__main__":
    main()
