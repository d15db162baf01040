"""``python -m crawler``: crawl, demo, schedule, serve, export, similar, replay, errors,
jobs, history, db, migrate, health, workers.

User mistakes (bad options, settings, URLs, unreachable servers or sites, no
Chromium) end with one line on stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit

from rich.console import Console
from rich.table import Table

from crawler import results, scheduling
from crawler.config import ConfigError, CrawlerConfig
from crawler.services import Endpoints, check_redis, start_services
from crawler.storage import NEAR_DUPLICATE_MAX_DISTANCE, ArticleStore, by_job

EXIT_USAGE = 2
_PREFLIGHT_TIMEOUT_S = 10
console = Console(stderr=True, highlight=False)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_USAGE, f"error: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m crawler", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    crawl = sub.add_parser("crawl", help="crawl sites to completion")
    crawl.add_argument("urls", nargs="+", metavar="URL", help="start URLs (their sites are crawled)")
    crawl.add_argument("--distributed", action="store_true",
                       help="a job other machines join (scrapy crawl news -a job=ID); needs "
                       "REDIS_URL and MONGO_URI that they reach")
    crawl.add_argument("--seed-only", action="store_true",
                       help="with --distributed: create the job and queue its seeds, crawl nothing")
    _crawl_options(crawl)

    demo = sub.add_parser("demo", help="serve the demo portal on 127.0.0.1 and crawl it")
    demo.add_argument("--port", type=int, default=8765,
                      help="demo site port on 127.0.0.1 (fixed, so re-crawls hit the same URLs)")
    _crawl_options(demo)

    export = sub.add_parser("export", help="write stored articles (JSON Lines or CSV)")
    export.add_argument("--format", choices=["jsonl", "csv"], default="jsonl")
    export.add_argument("--output", type=Path, help="file to write (default: stdout)")
    export.add_argument("--job", help="only articles this crawl job stored (new or again)")
    export.add_argument("--since", type=_whole_number(0), metavar="CURSOR",
                        help="the change feed: articles changed after CURSOR (0: from the "
                        "start), in order; the cursor to resume from goes to stderr")
    export.add_argument("--limit", type=_whole_number(0), default=0,
                        help="with --since: at most this many changes (0: all)")

    similar = sub.add_parser("similar", help="stored near-duplicates of an article: syndicated "
                             "and edited copies of its body")
    similar.add_argument("url", metavar="URL", help="a stored article's URL")
    similar.add_argument("--max-distance", type=_whole_number(0, 64),
                         default=NEAR_DUPLICATE_MAX_DISTANCE, help="simhash bits two bodies may differ in (0-64; default "
                         f"{NEAR_DUPLICATE_MAX_DISTANCE}); a copy sharing half its paragraphs "
                         "word for word is listed whatever its distance")
    similar.add_argument("--json", action="store_true", help="one JSON object per article")

    sub.add_parser("replay", help="write the documents MongoDB did not take (spilled to "
                   "CRAWLER_DATA_DIR/spill/) into it now")

    health = sub.add_parser("health", help="check Redis, MongoDB, the render queue's "
                            "consumers and Chromium; one line each, exit 1 if any fails")
    health.add_argument("--no-workers", action="store_true",
                        help="do not ask for render workers (a spider-only machine)")

    results.add_commands(sub)
    scheduling.add_commands(sub)
    sub.add_parser("migrate", help="bring stored articles to the current schema_version "
                   "(idempotent)")

    workers = sub.add_parser("workers", help="show the render workers on REDIS_URL and what "
                             "they are doing")
    workers.add_argument("--json", action="store_true", help="one JSON object per worker")
    return parser


def _crawl_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--render", choices=["auto", "always", "never"], default=None,
                   help="render pages in Chromium: auto (pages that need it), always, never")
    p.add_argument("--max-pages", type=_whole_number(1), default=None,
                   help="stop after this many responses")
    p.add_argument("--allow-private", action="store_true",
                   help="allow private and loopback addresses (local test sites)")
    p.add_argument("--job", help="job id (default: a new one); an unfinished job's id resumes it")
    p.add_argument("--log-level", default="WARNING",
                   choices=["DEBUG", "INFO", "WARNING", "ERROR"], help="Scrapy log level")


def _whole_number(low: int, high: int | None = None) -> Callable[[str], int]:
    """An argparse type: a whole number from ``low`` to ``high``."""
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
        if number < low or (high is not None and number > high):
            bounds = f"from {low} to {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"must be {bounds}")
        return number
    return parse


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "crawl":
            return crawl_command(args, args.urls)
        if args.command == "demo":
            return demo_command(args)
        if args.command == "workers":
            return workers_command(args)
        if args.command == "similar":
            return results.similar_command(args)
        if args.command == "replay":
            return replay_command()
        if args.command == "health":
            return health_command(args)
        if args.command in ("errors", "jobs", "history"):
            return results.run(args, results.open_store())
        if args.command == "db":
            return results.db_command(args)
        if args.command == "schedule":
            return scheduling.schedule_command(args)
        if args.command == "serve":
            return scheduling.serve_command(args)
        if args.command == "migrate":
            return migrate_command()
        return results.export_command(args)
    except ConfigError as exc:
        console.print(f"[red]error:[/red] {exc}", soft_wrap=True)
        return EXIT_USAGE
    except KeyboardInterrupt:
        console.print("interrupted")
        return 130


# -- crawl ------------------------------------------------------------------------------


@dataclass
class CrawlResult:
    job_id: str
    reason: str
    seconds: float
    stats: dict[str, Any]


def load_config(args: argparse.Namespace, defaults: dict[str, Any] | None = None
                ) -> CrawlerConfig:
    """Settings from the environment and the options; ConfigError on any problem."""
    config = CrawlerConfig.load(
        defaults, render_mode=args.render, crawler_allow_private=args.allow_private or None
    )
    config.ensure_data_dir()
    if config.render_mode != "never":
        config.require_chromium()
    return config


def crawl_command(args: argparse.Namespace, urls: list[str]) -> int:
    config = load_config(args)
    # Cheap checks first: no server starts for a mistyped URL.
    starts = [config.check_start_url(u) for u in urls]
    if args.seed_only and not args.distributed:
        raise ConfigError("--seed-only needs --distributed (it creates a job for others to run)")
    if args.distributed and not (config.redis_url and config.mongo_uri):
        raise ConfigError("--distributed needs REDIS_URL and MONGO_URI set to servers every "
                          "machine of the crawl reaches; the embedded ones are local")
    endpoints = start_services(config)
    for url in starts:
        preflight(url)
    if args.distributed:
        from crawler.frontier import new_job_id

        args.job = args.job or new_job_id()
        from crawler.jobs import seed_job

        if seed_job(config, endpoints.redis_url, endpoints.mongo_uri, args.job, starts) is None:
            console.print(f"job {args.job} exists: its start URLs were queued when it was "
                          "created, and are not queued again", soft_wrap=True)
        console.print(f"job {args.job}: join from any machine with\n  REDIS_URL={config.redis_url}"
                      f" MONGO_URI={config.mongo_uri} scrapy crawl news -a job={args.job}",
                      soft_wrap=True)
        if args.seed_only:
            return 0
    result = run_crawl(config, endpoints, starts, args)
    waiting = print_summary(config, endpoints, result)
    return 0 if result.reason in ("finished", "closespider_pagecount") and not waiting else 1


def preflight(url: str) -> None:
    """ConfigError when a start URL's server cannot be reached at all (DNS, refused,
    timeout). Only a connection is opened: the page itself is fetched once, by the crawl,
    inside the site's budget."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    try:
        with socket.create_connection((parts.hostname or "", port), timeout=_PREFLIGHT_TIMEOUT_S):
            return
    except OSError as exc:
        reason = exc.strerror or exc.__class__.__name__
        raise ConfigError(f"cannot reach {url} ({reason}); check the address") from None


def run_crawl(
    config: CrawlerConfig, endpoints: Endpoints, starts: list[str], args: argparse.Namespace
) -> CrawlResult:
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from crawler.frontier import new_job_id

    # The project's settings wherever the command runs (scrapy.cfg is found only from the
    # repository's own directory).
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "crawler.settings")
    settings = get_project_settings()
    job_id = args.job or new_job_id()
    # The crawl runs on this config as it was read here (the demo's budget included),
    # with the servers this process started.
    settings.setdict({
        **config.to_scrapy_settings(), "CRAWL_JOB_ID": job_id, "PROGRESS_DISPLAY": True,
        "LOG_LEVEL": args.log_level, "REDIS_URL": endpoints.redis_url,
        "MONGO_URI": endpoints.mongo_uri, "CLOSESPIDER_PAGECOUNT": args.max_pages or 0,
    }, priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler("news")
    started = time.monotonic()
    # A distributed job was seeded already: this process joins it like any other spider.
    process.crawl(crawler, start_urls=[] if getattr(args, "distributed", False) else starts)
    process.start()
    stats = crawler.stats.get_stats() if crawler.stats else {}
    return CrawlResult(job_id, str(stats.get("finish_reason", "unknown")),
                       time.monotonic() - started, stats)


def print_summary(config: CrawlerConfig, endpoints: Endpoints, result: CrawlResult) -> int:
    """The crawl's figures; returns how many of its documents still wait on disk."""
    from pymongo.errors import PyMongoError

    from crawler.frontier import JobChannel, connect

    spill = JobChannel(connect(endpoints.redis_url), result.job_id).spill_counts()
    pages = int(result.stats.get("response_received_count", 0))
    rows = [("time", f"{result.seconds:.1f} s"),
            ("pages fetched", f"{pages} ({pages / result.seconds:.1f}/s)")]
    store = ArticleStore(endpoints.mongo_uri, config.mongo_database)
    try:
        job = store.get_job(result.job_id) or {}
        counters = job.get("counters", {})
        stored = store.articles.count_documents(by_job(result.job_id))
        rendered = store.articles.count_documents(
            {**by_job(result.job_id), "fetch.rendered": True}
        )
        errors = store.errors.count_documents({"job_id": result.job_id})
        renders = counters.get("rendered_articles", 0) + counters.get("rendered_other", 0)
        rows += [
            ("articles stored", str(stored)),
            ("  of them rendered", f"{rendered} ({renders / result.seconds:.2f} renders/s)"),
            ("errors", str(errors)),
        ]
        # Links the crawl chose not to follow, by why: a trap or a depth limit that cut
        # off part of a site shows here, not only in the job document.
        refused = job.get("links_refused") or {}
        if refused:
            why = ", ".join(f"{k} {v}" for k, v in sorted(refused.items(), key=lambda kv: -kv[1]))
            rows.append(("links not followed", f"{sum(refused.values())} ({why})"))
    except PyMongoError as exc:
        rows.append(("articles stored", f"unknown: MongoDB not reachable ({exc.__class__.__name__})"))
    finally:
        store.close()
    if spill["spilled"]:
        waiting = (f", {spill['pending']} waiting: python -m crawler replay"
                   if spill["pending"] else "")
        replayed = f"{spill['spilled']} (replayed {spill['replayed']}{waiting})"
        rows.append(("spilled to disk", replayed))
    where = endpoints.mongo_uri if config.mongo_uri else "embedded"
    rows.append(("MongoDB", f"{where} db {config.mongo_database}"))
    table = Table(title=f"crawl {result.job_id}: {result.reason}", show_header=False)
    for label, value in rows:
        table.add_row(label, value)
    out = Console()
    out.print(table)
    # The commands, whole on their lines (to copy), and never a URI of an embedded server
    # that stops with this process.
    out.print(f"results: python -m crawler errors --job {result.job_id}\n"
              f"         python -m crawler export --job {result.job_id}\n"
              "         python -m crawler jobs"
              + ("" if config.mongo_uri else
                 "\n         python -m crawler db   (serves the embedded MongoDB for mongosh, "
                 "Compass, pymongo)"), soft_wrap=True, highlight=False)
    return spill["pending"]


# -- demo -------------------------------------------------------------------------------


def demo_command(args: argparse.Namespace) -> int:
    from crawler.demosite import DemoServer

    args.allow_private = True
    try:
        server = DemoServer(args.port).start()
    except OSError as exc:
        raise ConfigError(f"cannot serve the demo on 127.0.0.1:{args.port} ({exc.strerror}); "
                          "pass --port with a free port") from None
    try:
        # The demo portal is our own: a budget far above the polite default keeps it short
        # (FRONTIER_SITE_RPS and FRONTIER_SITE_CONCURRENCY still win when set).
        config = load_config(args, defaults={"frontier_site_rps": 100,
                                             "frontier_site_concurrency": 16})
        endpoints = start_services(config)
        console.print(f"demo portal at {server.url}")
        result = run_crawl(config, endpoints, [server.url], args)
        print_summary(config, endpoints, result)
        sample_query(config, endpoints)
    finally:
        server.stop()
    return 0 if result.reason == "finished" else 1


def sample_query(config: CrawlerConfig, endpoints: Endpoints) -> None:
    store = ArticleStore(endpoints.mongo_uri, config.mongo_database)
    query = {"category": "News"}
    out = Console()
    out.print(f"\nSample query: db.articles.find({json.dumps(query)}).sort('published_at', -1)")
    # Whole "fetch" projected: nx-27017 drops dotted sub-field projections like "fetch.rendered".
    projection = {"title": 1, "published_at": 1, "views": 1, "fetch": 1}
    for doc in store.articles.find(query, projection).sort("published_at", -1).limit(5):
        when = doc.get("published_at")
        out.print(f"  {when:%Y-%m-%d}  views={doc.get('views')!s:>6}  "
                  f"rendered={doc['fetch']['rendered']!s:5}  {doc.get('title')}")
    store.close()


# -- export -----------------------------------------------------------------------------


def replay_command() -> int:
    """Write what waits in CRAWLER_DATA_DIR/spill/ to MongoDB; exit 1 if some still waits."""
    from crawler.frontier import connect
    from crawler.spill import Spill, replay_counted

    config = CrawlerConfig.load()
    data_dir = config.ensure_data_dir()
    endpoints = start_services(config)
    spill = Spill.at(data_dir / "spill")
    store = ArticleStore(endpoints.mongo_uri, config.mongo_database)
    try:
        done = replay_counted(spill, store, connect(endpoints.redis_url))
    finally:
        store.close()
    left = spill.pending()
    console.print(f"replayed {sum(done.articles.values())} articles and "
                  f"{sum(done.errors.values())} errors; {left} still waiting")
    return 1 if left else 0


def migrate_command() -> int:
    from crawler.migrate import migrate_articles, pending
    from crawler.storage import SCHEMA_VERSION

    store = results.open_store()
    try:
        store.ensure_indexes()
        before = pending(store)
        migrated = migrate_articles(store)
    finally:
        store.close()
    console.print(f"{migrated} article(s) migrated to schema_version {SCHEMA_VERSION} "
                  f"({before} found older)")
    return 0


def health_command(args: argparse.Namespace) -> int:
    from crawler.health import check_all

    checks = check_all(CrawlerConfig.load(), workers=not args.no_workers)
    for check in checks:
        print(check.line(), flush=True)
    return 1 if any(check.problem for check in checks) else 0


def workers_command(args: argparse.Namespace) -> int:
    import redis

    from workers.metrics import read_workers

    config = CrawlerConfig.load()
    if not config.redis_url:
        raise ConfigError("set REDIS_URL to the Redis the render workers use")
    check_redis(config.redis_url)
    reports = read_workers(redis.Redis.from_url(config.redis_url))
    if args.json:
        for report in reports:
            print(json.dumps(report))
        return 0
    table = Table("worker", "renders/s", "renders", "failures", "timeouts", "pages",
                  "browsers (crashed)", "contexts", "RSS MB", "outcomes")
    for r in reports:
        table.add_row(
            r["worker"], f"{r['renders_per_s']:.2f}", str(r["renders"]), str(r["failures"]),
            str(r["timeouts"]), f"{r['active']}/{r['pages']}",
            f"{r['browser_launches']} ({r['browser_crashes']})", str(r["contexts_opened"]),
            f"{r['rss_bytes'] / 2**20:.0f}",
            " ".join(f"{k}={v}" for k, v in sorted(r["outcomes"].items())))
    Console().print(table)
    console.print(f"{len(reports)} render worker process(es) reporting")
    return 0
