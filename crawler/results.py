"""Results people read after a run: ``export``, ``similar``, ``errors``, ``jobs``,
``history`` and ``db``.

They read the configured MongoDB, or the embedded one of ``CRAWLER_DATA_DIR`` (started
for the command and stopped after it: the crawl that wrote it has ended). ``db`` keeps
that embedded server up on a fixed port until Ctrl-C, for mongosh, Compass or pymongo.
"""

from __future__ import annotations

import argparse
import csv
import json
import signal
import sys
import threading
from collections import Counter
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import IO, Any, TypeVar

from rich.console import Console
from rich.table import Table
from w3lib.url import canonicalize_url

from crawler.config import ConfigError, CrawlerConfig
from crawler.services import check_mongo, resolve_mongo, serve_embedded_mongo
from crawler.storage import ArticleStore, by_job

console = Console(stderr=True, highlight=False)
T = TypeVar("T")
DB_PORT = 27017
CSV_COLUMNS = ["url", "title", "domain", "site_name", "published_at", "authors", "category",
               "tags", "language", "word_count", "views", "comments", "lead", "standfirst",
               "text"]


def add_commands(sub: Any) -> None:
    """The commands' parsers, on the CLI's subparsers."""
    errors = sub.add_parser("errors", help="list the errors documents: pages that became "
                            "neither an article nor a followed listing, and why")
    errors.add_argument("--job", help="only this crawl job's")
    errors.add_argument("--stage", help="only this stage's (fetch, parse, render, frontier, "
                        "trap, robots, ...)")
    errors.add_argument("--limit", type=int, default=50, help="newest N (default 50; 0: all)")
    errors.add_argument("--json", action="store_true", help="one JSON object per error")

    jobs = sub.add_parser("jobs", help="list crawl jobs, newest first, with their counters")
    jobs.add_argument("--limit", type=int, default=20, help="newest N (default 20; 0: all)")
    jobs.add_argument("--json", action="store_true", help="one JSON object per job")

    history = sub.add_parser("history", help="an article as stored now and its earlier "
                             "versions (article_revisions), newest first")
    history.add_argument("url", metavar="URL", help="a stored article's URL")
    history.add_argument("--json", action="store_true",
                         help="one JSON object per version, with its text")

    db = sub.add_parser("db", help="serve the embedded MongoDB of CRAWLER_DATA_DIR on a fixed "
                        "port until Ctrl-C (for mongosh, Compass, pymongo)")
    db.add_argument("--port", type=int, default=DB_PORT,
                    help=f"port on 127.0.0.1 (default {DB_PORT})")


def run(args: argparse.Namespace, store: ArticleStore) -> int:
    try:
        if args.command == "errors":
            return errors_command(args, store)
        if args.command == "history":
            return history_command(args, store)
        return jobs_command(args, store)
    finally:
        store.close()


def _json_default(value: Any) -> str:
    return value.isoformat() if isinstance(value, datetime) else str(value)


def _when(value: Any) -> str:
    return f"{value:%Y-%m-%d %H:%M:%S}" if isinstance(value, datetime) else ""


def _stored_under(url: str, look: Callable[[str], T | None]) -> T:
    """What ``look`` finds for ``url``, or for the URL as stored (canonical: a URL as the
    browser shows it finds its article too); ConfigError when neither is stored."""
    for candidate in dict.fromkeys((url, canonicalize_url(url))):
        found = look(candidate)
        if found is not None:
            return found
    raise ConfigError(f"no article is stored under {url}")


def errors_command(args: argparse.Namespace, store: ArticleStore) -> int:
    query: dict[str, Any] = {}
    if args.job:
        query["job_id"] = args.job
    if args.stage:
        query["stage"] = args.stage
    found = store.errors.find(query, {"_id": 0}).sort("at", -1).limit(max(args.limit, 0))
    docs = list(found)
    if args.json:
        write_jsonl(docs, sys.stdout)
        return 0
    table = Table("at", "stage", "url", "reason", title="errors")
    for doc in docs:
        table.add_row(_when(doc.get("at")), str(doc.get("stage", "")), str(doc.get("url", "")),
                      str(doc.get("reason", ""))[:160])
    Console().print(table)
    stages = Counter(d.get("stage") for d in store.errors.find(query, {"stage": 1, "_id": 0}))
    total = sum(stages.values())
    by_stage = " ".join(f"{stage}={n}" for stage, n in stages.most_common())
    console.print(f"{total} error(s){f' ({len(docs)} shown)' if len(docs) < total else ''}"
                  f"{'; by stage: ' + by_stage if by_stage else ''}")
    return 0


def jobs_command(args: argparse.Namespace, store: ArticleStore) -> int:
    docs = list(store.jobs.find({}, {"_id": 0}).sort("started_at", -1).limit(max(args.limit, 0)))
    if args.json:
        write_jsonl(docs, sys.stdout)
        return 0
    table = Table("job", "status", "started", "finished", "pages", "articles", "rendered",
                  "errors", "seeds", title="jobs")
    for doc in docs:
        c = doc.get("counters") or {}
        seeds = doc.get("seeds") or []
        table.add_row(
            str(doc.get("job_id")), str(doc.get("status")), _when(doc.get("started_at")),
            _when(doc.get("finished_at")), str(c.get("pages_fetched", 0)),
            str(c.get("articles_static", 0) + c.get("rendered_articles", 0)),
            str(c.get("rendered_articles", 0) + c.get("rendered_other", 0)),
            str(c.get("errors", 0)),
            (seeds[0] + (f" +{len(seeds) - 1}" if len(seeds) > 1 else "")) if seeds else "")
    Console().print(table)
    console.print(f"{len(docs)} job(s); details: python -m crawler jobs --json")
    return 0


def history_command(args: argparse.Namespace, store: ArticleStore) -> int:
    versions = _stored_under(args.url, store.history)
    if args.json:
        write_jsonl(versions, sys.stdout)
        return 0
    table = Table("version", "seen", "words", "content_hash", "title", title=versions[0]["url"])
    for number, version in enumerate(versions):
        table.add_row("current" if number == 0 else f"-{number}", _when(version.get("seen_at")),
                      str(len((version.get("text") or "").split())),
                      str(version.get("content_hash") or "")[:12], str(version.get("title") or ""))
    Console().print(table)
    console.print(f"{len(versions) - 1} earlier version(s); texts: --json")
    return 0


def db_command(args: argparse.Namespace) -> int:
    config = CrawlerConfig.load()
    if config.mongo_uri:
        check_mongo(config.mongo_uri)
        console.print(f"MONGO_URI is set: the database is already served at {config.mongo_uri}")
        return 0
    if not 0 < args.port < 65536:
        raise ConfigError(f"--port {args.port} is not a port")
    config.ensure_data_dir()
    uri = serve_embedded_mongo(config, args.port)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    print(f"MongoDB (embedded nx-27017, data in {config.crawler_data_dir.resolve() / 'mongo'})"
          f" at {uri}\n  mongosh '{uri}{config.mongo_database}'\n"
          f"  python -c \"import pymongo; print(pymongo.MongoClient('{uri}')"
          f"['{config.mongo_database}'].articles.count_documents({{}}))\"\n"
          "Ctrl-C stops it.", flush=True)
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    return 0


def open_store() -> ArticleStore:
    """The configured database (the embedded server when MONGO_URI is unset)."""
    config = CrawlerConfig.load()
    if not config.mongo_uri:
        config.ensure_data_dir()  # the embedded server keeps its data there
    uri = resolve_mongo(config)
    if config.mongo_uri:
        check_mongo(uri)
    return ArticleStore(uri, config.mongo_database)


def export_command(args: argparse.Namespace) -> int:
    from crawler.feed import read_changes

    if args.since is not None and args.job:
        raise ConfigError("--since reads the whole change feed; it does not take --job")
    store = open_store()
    docs: Iterable[dict[str, Any]]
    cursor = None
    if args.since is not None:
        docs, cursor = read_changes(store.db, args.since, args.limit)
    else:
        query = by_job(args.job) if args.job else {}
        docs = store.articles.find(query, {"_id": 0}).sort("url", 1)
    try:
        out: IO[str] = (args.output.open("w", encoding="utf-8", newline="")
                        if args.output else sys.stdout)
    except OSError as exc:
        raise ConfigError(f"cannot write {args.output} ({exc.strerror})") from None
    try:
        count = (write_csv if args.format == "csv" else write_jsonl)(docs, out)
    finally:
        if args.output:
            out.close()
        store.close()
    console.print(f"exported {count} articles")
    if cursor is not None:
        console.print(f"next cursor: {cursor}")
    return 0


def similar_command(args: argparse.Namespace) -> int:
    store = open_store()
    try:
        found = _stored_under(args.url,
                              lambda url: store.near_duplicates(url, args.max_distance))
    finally:
        store.close()
    if args.json:
        write_jsonl(found, sys.stdout)
        return 0
    table = Table("bits apart", "paragraphs shared", "published", "url", "title")
    for doc in found:
        when = doc.get("published_at")
        table.add_row(str(doc["distance"]), str(doc["shared_paragraphs"]),
                      f"{when:%Y-%m-%d}" if when else "", doc["url"], doc.get("title") or "")
    Console().print(table)
    console.print(f"{len(found)} near-duplicate(s) of {args.url}")
    return 0


def write_jsonl(docs: Iterable[dict[str, Any]], out: IO[str]) -> int:
    count = 0
    for doc in docs:
        out.write(json.dumps(doc, default=_json_default, ensure_ascii=False) + "\n")
        count += 1
    return count


def write_csv(docs: Iterable[dict[str, Any]], out: IO[str]) -> int:
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    count = 0
    for doc in docs:
        count += 1
        row = {k: doc.get(k) for k in CSV_COLUMNS}
        for key in ("authors", "tags"):
            row[key] = "; ".join(row[key] or [])
        if isinstance(row["published_at"], datetime):
            row["published_at"] = row["published_at"].isoformat()
        writer.writerow(row)
    return count
