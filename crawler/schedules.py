"""Schedules: crawls fired again and again (``python -m crawler schedule ...``).

A schedule is a document of the ``schedules`` collection (``_id`` its name): its start
URLs, its period (``every_s`` seconds, or a ``cron`` expression in UTC), the crawl
options of its jobs, whether it is paused, and ``next_at``, the time of its next run.
Every time is a float of seconds since the epoch: nx-27017 turns datetimes written with
``$set`` into strings.

Firing (:func:`fire_due`, called by the beat scheduler of :mod:`workers.beat`) takes
each schedule whose ``next_at`` has come and claims the run with one Redis ``SET NX``
keyed on the schedule and that ``next_at``: every beat computes the same key, so when
several beat processes run at once exactly one of them fires the run, whichever asks
first, and none waits for a leader to fail over. The winner moves ``next_at`` to the
first period after *now*: a schedule whose periods passed while nothing ran fires once,
not once per missed period. The crawl job it creates is the ordinary distributed job
(:func:`crawler.jobs.seed_job`), crawled by the crawl workers (``-Q crawl``).
"""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import redis
from cronsim import CronSim, CronSimError
from pymongo.collection import Collection
from pymongo.database import Database

from crawler.config import ConfigError

logger = logging.getLogger(__name__)

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")
_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
MIN_EVERY_S = 1.0
# A claim older than this whose schedule did not move on belongs to a beat that died
# between claiming and recording the run: the run is given up and the schedule moves on.
CLAIM_STALE_S = 300.0
# Claims outlive any period a beat could still be asked about.
_CLAIM_TTL_S = 7 * 86400


def parse_every(text: str) -> float:
    """``90``, ``90s``, ``15m``, ``2h``, ``1d`` -> seconds; ConfigError otherwise."""
    match = _DURATION.match(text)
    if not match:
        raise ConfigError(f"--every {text!r} is not a period; write e.g. 60s, 15m, 2h or 1d")
    seconds = float(match.group(1)) * _UNITS[match.group(2)]
    if seconds < MIN_EVERY_S:
        raise ConfigError(f"--every {text!r} is shorter than {MIN_EVERY_S:g} s")
    return seconds


def check_cron(expr: str) -> str:
    try:
        CronSim(expr, datetime.now(UTC))
    except CronSimError as exc:
        raise ConfigError(f"--cron {expr!r} is not a cron expression ({exc}); write five "
                          "fields, e.g. '*/15 * * * *' (times are UTC)") from None
    return expr


def check_name(name: str) -> str:
    if not _NAME.match(name):
        raise ConfigError(f"schedule name {name!r}: use 1-64 letters, digits, '.', '_' or "
                          "'-', starting with a letter or digit")
    return name


@dataclass
class Schedule:
    name: str
    urls: list[str]
    every_s: float | None = None
    cron: str | None = None
    render: str | None = None
    max_pages: int = 0
    full: bool = False  # every job fetches everything (no incremental recrawl)
    spiders: int = 1  # crawl tasks (spider processes) sent per job
    paused: bool = False
    created_at: float = field(default_factory=time.time)
    next_at: float = 0.0
    last_fired_at: float | None = None
    last_job: str | None = None
    runs: int = 0
    skipped: int = 0  # periods not fired because the previous job was still running

    def __post_init__(self) -> None:
        if (self.every_s is None) == (self.cron is None):
            raise ConfigError("a schedule needs one of --every or --cron")
        if not self.next_at:
            # An interval schedule runs at once, then every period; a cron one at its
            # first time.
            self.next_at = self.created_at if self.every_s else self.next_after(
                self.created_at)

    @property
    def period(self) -> str:
        return f"every {self.every_s:g} s" if self.every_s else f"cron {self.cron} (UTC)"

    def next_after(self, now: float) -> float:
        """The first time of this schedule after ``now``."""
        if self.every_s:
            steps = math.floor((now - self.created_at) / self.every_s) + 1
            return self.created_at + max(steps, 1) * self.every_s
        assert self.cron is not None
        start = datetime.fromtimestamp(now, UTC)
        return next(iter(CronSim(self.cron, start))).timestamp()

    def to_doc(self) -> dict[str, Any]:
        doc = asdict(self)
        doc["_id"] = doc["name"]
        return doc

    @classmethod
    def from_doc(cls, doc: dict[str, Any]) -> Schedule:
        known = {k: v for k, v in doc.items() if k in cls.__dataclass_fields__}
        return cls(**known)


class ScheduleStore:
    """The ``schedules`` collection."""

    def __init__(self, db: Database[Any]) -> None:
        self.schedules: Collection[dict[str, Any]] = db["schedules"]

    def add(self, schedule: Schedule, replace: bool = False) -> None:
        if replace:
            self.schedules.replace_one({"_id": schedule.name}, schedule.to_doc(), upsert=True)
            return
        if self.schedules.find_one({"_id": {"$eq": schedule.name}}, {"_id": 1}):
            raise ConfigError(f"schedule {schedule.name!r} exists; remove it first, or pass "
                              "--replace")
        self.schedules.insert_one(schedule.to_doc())

    def get(self, name: str) -> Schedule | None:
        doc = self.schedules.find_one({"_id": {"$eq": name}})
        return Schedule.from_doc(doc) if doc else None

    def require(self, name: str) -> Schedule:
        found = self.get(name)
        if found is None:
            raise ConfigError(f"no schedule named {name!r} (python -m crawler schedule list)")
        return found

    def all(self) -> list[Schedule]:
        return [Schedule.from_doc(d) for d in self.schedules.find({}).sort("_id", 1)]

    def set(self, name: str, **fields: Any) -> None:
        """Change fields of one schedule (numbers, strings and booleans only)."""
        self.require(name)
        self.schedules.update_one({"_id": name}, {"$set": fields})

    def remove(self, name: str) -> None:
        self.require(name)
        self.schedules.delete_one({"_id": name})

    def record_run(self, name: str, next_at: float, fired_at: float, job_id: str | None
                   ) -> None:
        fields: dict[str, Any] = {"next_at": next_at}
        update: dict[str, Any] = {"$set": fields}
        if job_id is None:
            update["$inc"] = {"skipped": 1}
        else:
            fields.update(last_fired_at=fired_at, last_job=job_id)
            update["$inc"] = {"runs": 1}
        self.schedules.update_one({"_id": name}, update)


@dataclass
class Fired:
    name: str
    job_id: str | None  # None: skipped (its previous job still runs)
    period: float


StartJob = Callable[[Schedule], str | None]


def claim_key(name: str, next_at: float) -> str:
    return f"crawler:schedule:{name}:{next_at!r}"


def fire_due(store: ScheduleStore, client: redis.Redis, start_job: StartJob,
             now: float | None = None) -> list[Fired]:
    """Fire every unpaused schedule whose time has come, each run by one caller only.

    ``start_job(schedule)`` creates the run's crawl job and hands it to the crawl
    workers; it returns the job id, or None to skip the run (the schedule's previous job
    still runs)."""
    fired = []
    for schedule in _due(store, now if now is not None else time.time()):
        run = _fire_one(store, client, schedule, start_job)
        if run is not None:
            fired.append(run)
    return fired


def _due(store: ScheduleStore, now: float) -> Iterable[Schedule]:
    for doc in store.schedules.find({"paused": False, "next_at": {"$lte": now}}):
        yield Schedule.from_doc(doc)


def _fire_one(store: ScheduleStore, client: redis.Redis, schedule: Schedule,
              start_job: StartJob) -> Fired | None:
    key = claim_key(schedule.name, schedule.next_at)
    now = time.time()
    if not client.set(key, repr(now), nx=True, ex=_CLAIM_TTL_S):
        claimed_at = float(client.get(key) or now)
        if now - claimed_at > CLAIM_STALE_S:
            # The beat that claimed this run died before recording it.
            logger.warning("schedule %s: the run claimed at %s was never recorded; moving on",
                           schedule.name, claimed_at)
            store.record_run(schedule.name, schedule.next_after(now), now, None)
        return None
    job_id = start_job(schedule)
    store.record_run(schedule.name, schedule.next_after(now), now, job_id)
    if job_id is None:
        logger.warning("schedule %s: previous job %s still running; this run is skipped",
                       schedule.name, schedule.last_job)
    else:
        logger.info("schedule %s fired: job %s (period %r)", schedule.name, job_id,
                    schedule.next_at)
    return Fired(schedule.name, job_id, schedule.next_at)
