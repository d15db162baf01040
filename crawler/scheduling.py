"""``python -m crawler schedule ...`` and ``python -m crawler serve``.

``schedule`` commands read and write the ``schedules`` collection of the configured
MongoDB (or of the embedded one a running ``serve`` announced, or the embedded one of
``CRAWLER_DATA_DIR``); Celery beat fires them (:mod:`workers.beat`). ``serve`` runs, on
one machine with the embedded defaults, what production runs as separate processes:
``celery -A workers.app beat``, a crawl worker (``worker -Q crawl``) and render workers
(``worker -Q render``), until Ctrl-C.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.table import Table

from crawler.config import ConfigError, CrawlerConfig
from crawler.schedules import Schedule, ScheduleStore, check_cron, check_name, parse_every
from crawler.storage import ArticleStore

console = Console(stderr=True, highlight=False)
_STOP_GRACE_S = 30


def add_commands(sub: Any) -> None:
    schedule = sub.add_parser("schedule", help="crawls fired again and again by Celery beat: "
                              "add, list, pause, resume, remove, run")
    verbs = schedule.add_subparsers(dest="verb", required=True, parser_class=type(schedule))
    add = verbs.add_parser("add", help="add a schedule (an interval one runs at once, then "
                           "every period)")
    add.add_argument("name", help="its name (letters, digits, '.', '_', '-')")
    add.add_argument("urls", nargs="+", metavar="URL", help="start URLs of each job")
    when = add.add_mutually_exclusive_group(required=True)
    when.add_argument("--every", help="period: 90s, 15m, 2h, 1d")
    when.add_argument("--cron", help="cron expression, UTC: '*/15 * * * *'")
    add.add_argument("--render", choices=["auto", "always", "never"], default=None,
                     help="render mode of its jobs (default: RENDER_MODE)")
    add.add_argument("--max-pages", type=int, default=0,
                     help="stop each job after this many responses (0: no limit)")
    add.add_argument("--full", action="store_true", help="every job fetches every page "
                     "(default: incremental, only new and due pages)")
    add.add_argument("--spiders", type=int, default=1,
                     help="spider processes per job (crawl tasks sent; default 1)")
    add.add_argument("--allow-private", action="store_true",
                     help="allow private and loopback addresses (local test sites)")
    add.add_argument("--replace", action="store_true", help="replace a schedule of that name")
    listing = verbs.add_parser("list", help="schedules, their next run and last job")
    listing.add_argument("--json", action="store_true", help="one JSON object per schedule")
    for verb, text in (("pause", "stop firing it (a job running goes on)"),
                       ("resume", "fire it again from its next period"),
                       ("remove", "delete it (its jobs and articles stay)"),
                       ("run", "fire it at the next beat poll, whatever its period")):
        verbs.add_parser(verb, help=text).add_argument("name")

    serve = sub.add_parser("serve", help="run Celery beat, a crawl worker and render workers "
                           "on this machine until Ctrl-C (the embedded servers if none set)")
    serve.add_argument("--crawl-workers", type=int, default=1,
                       help="spiders this machine runs at once (crawl worker threads)")
    serve.add_argument("--no-beat", action="store_true",
                       help="do not run beat here (another machine fires the schedules)")
    serve.add_argument("--render-workers", type=int, default=None,
                       help="render worker processes (default RENDER_WORKERS; 0: none)")


def open_schedules() -> tuple[ArticleStore, ScheduleStore]:
    from crawler.results import open_store

    store = open_store()
    return store, ScheduleStore(store.db)


def schedule_command(args: argparse.Namespace) -> int:
    store, schedules = open_schedules()
    try:
        if args.verb == "add":
            return _add(args, schedules)
        if args.verb == "list":
            return _list(args, schedules, store)
        name = args.name
        if args.verb == "pause":
            schedules.set(name, paused=True)
        elif args.verb == "resume":
            found = schedules.require(name)
            # From its next period: the periods it missed while paused are not run.
            schedules.set(name, paused=False, next_at=found.next_after(time.time()))
        elif args.verb == "remove":
            schedules.remove(name)
        else:  # run
            if schedules.require(name).paused:
                raise ConfigError(f"schedule {name!r} is paused; resume it first")
            schedules.set(name, next_at=time.time())
        console.print(f"schedule {name}: {args.verb} done" + (
            " (fires at the next beat poll)" if args.verb == "run" else ""))
        return 0
    finally:
        store.close()


def _add(args: argparse.Namespace, schedules: ScheduleStore) -> int:
    config = CrawlerConfig.load(crawler_allow_private=args.allow_private or None)
    name = check_name(args.name)
    urls = [config.check_start_url(u) for u in args.urls]
    if args.max_pages < 0 or args.spiders < 1:
        raise ConfigError("--max-pages must be 0 or more and --spiders 1 or more")
    schedule = Schedule(name, urls, every_s=parse_every(args.every) if args.every else None,
                        cron=check_cron(args.cron) if args.cron else None, render=args.render,
                        max_pages=args.max_pages, full=args.full, spiders=args.spiders)
    schedules.add(schedule, replace=args.replace)
    console.print(f"schedule {name}: {schedule.period}, {len(urls)} start URL(s), "
                  f"{'full' if args.full else 'incremental'}; next run "
                  f"{_when(schedule.next_at)}")
    return 0


def _list(args: argparse.Namespace, schedules: ScheduleStore, store: ArticleStore) -> int:
    found = schedules.all()
    rows = []
    for schedule in found:
        job = store.get_job(schedule.last_job) if schedule.last_job else None
        counters = (job or {}).get("counters", {})
        rows.append({**schedule.to_doc(), "last_job_status": (job or {}).get("status"),
                     "last_job_counters": counters})
    if args.json:
        for row in rows:
            row.pop("_id", None)
            print(json.dumps(row, default=str))
        return 0
    table = Table("name", "period", "URLs", "state", "next run", "runs", "skipped",
                  "last job", "pages", "not modified", "articles")
    for row in rows:
        counters = row["last_job_counters"]
        table.add_row(
            row["name"], Schedule.from_doc(row).period, str(len(row["urls"])),
            ("paused" if row["paused"] else "active") + (" full" if row["full"] else ""),
            "-" if row["paused"] else _when(row["next_at"]), str(row["runs"]),
            str(row["skipped"]),
            f"{row['last_job'] or '-'} {row['last_job_status'] or ''}".strip(),
            str(counters.get("pages_fetched", "-")), str(counters.get("not_modified", "-")),
            str(counters.get("articles_static", "-")))
    Console().print(table)
    console.print(f"{len(rows)} schedule(s)")
    return 0


def _when(at: float) -> str:
    left = at - time.time()
    stamp = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime(at))
    return f"{stamp} (due)" if left <= 0 else f"{stamp} (in {left:.0f} s)"


# -- serve ------------------------------------------------------------------------------


def serve_command(args: argparse.Namespace) -> int:
    from crawler import lifetime
    from crawler.local_workers import LocalWorkers
    from crawler.services import announce, child_environ, start_services

    config = CrawlerConfig.load()
    data_dir = config.ensure_data_dir()
    render_workers = (config.render_workers if args.render_workers is None
                      else args.render_workers)
    if render_workers and config.render_mode != "never":
        config.require_chromium()
    if args.crawl_workers < 1:
        raise ConfigError("--crawl-workers must be 1 or more")
    endpoints = start_services(config)
    note = announce(config, endpoints)
    lifetime.own(data_dir)
    # Spiders started here hand renders to the render workers started here.
    env = {**child_environ(endpoints), "RENDER_WORKERS": "0"}
    log_dir = data_dir / "serve"
    log_dir.mkdir(exist_ok=True)
    celery = [sys.executable, "-m", "celery", "-A", "workers.app"]
    commands = {"crawl-worker": [*celery, "worker", "-Q", "crawl", "--pool", "threads",
                                 "-c", str(args.crawl_workers), "-n", f"crawl-{os.getpid()}@%h",
                                 "--without-gossip", "--without-mingle", "-l", "INFO"]}
    if not args.no_beat:
        commands["beat"] = [*celery, "beat", "-l", "INFO"]
    procs = {name: _spawn(cmd, env, log_dir / f"{name}.log") for name, cmd in commands.items()}
    renders = LocalWorkers(render_workers, endpoints, log_dir) if render_workers else None
    if renders is not None:
        renders.start()
    console.print(f"serving: {', '.join(procs)}"
                  + (f", {render_workers} render worker(s)" if renders else "")
                  + f"; logs in {log_dir}; Redis {endpoints.redis_url}, MongoDB "
                  f"{endpoints.mongo_uri}. Ctrl-C stops.", soft_wrap=True)
    stop = _stop_on_signals()
    try:
        while not stop:
            for name, proc in procs.items():
                if proc.poll() is not None:
                    console.print(f"{name} exited (code {proc.returncode}); see "
                                  f"{log_dir / (name + '.log')}")
                    stop.append(name)
            if renders is not None:
                renders.restart_dead()
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        for proc in procs.values():
            _stop(proc)
        if renders is not None:
            renders.stop()
        with contextlib.suppress(OSError):
            note.unlink()
    return 1 if stop and stop[0] != "signal" else 0


def _spawn(cmd: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    with open(log, "ab") as out:
        return subprocess.Popen(cmd, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)


def _stop_on_signals() -> list[str]:
    """A list that gets an entry when SIGTERM arrives (Ctrl-C raises KeyboardInterrupt)."""
    stop: list[str] = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append("signal"))
    return stop


def _stop(proc: subprocess.Popen[bytes]) -> None:
    """A warm shutdown (a spider in progress is stopped and saves its job), then kill."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=_STOP_GRACE_S)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()
