"""Documents MongoDB did not take, kept on disk until it does.

A write that fails (an article batch of the spider, a render worker's article, an
``errors`` document, a dead letter) is appended to ``CRAWLER_DATA_DIR/spill/`` as one
JSON line per document, in MongoDB Extended JSON, so dates stay dates and ids stay ids:
``{"collection": "articles" | "errors", "job_id": ..., "doc": {...}}``. An article is
spilled whole, with the ``crawl`` sub-document it would have been written with.

Each process appends to a file of its own (``<host>-<pid>.jsonl``). :meth:`Spill.replay`
claims a file by renaming it (atomic: two processes never replay one file), writes its
documents (articles upserted, errors inserted under the ``_id`` given at spill time, so
a replay that is cut short and run again duplicates nothing), and deletes it; a file
whose replay failed is put back for the next attempt. Files a dead process was
replaying are taken over.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import redis
from bson import ObjectId, json_util
from bson.json_util import JSONMode, JSONOptions
from pymongo.errors import BulkWriteError

from crawler.frontier import JobChannel
from crawler.storage import ArticleStore, Document, utcnow

logger = logging.getLogger(__name__)

_JSON = JSONOptions(json_mode=JSONMode.CANONICAL, tz_aware=True)
_DUPLICATE_KEY = 11000
_CLAIM = ".replaying-"
_BATCH = 200


@dataclass
class Replayed:
    """What one replay wrote, per job: ``articles`` and ``errors`` documents; ``files``
    left for later because MongoDB failed again."""

    articles: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    failed_files: int = 0

    @property
    def total(self) -> int:
        return sum(self.articles.values()) + sum(self.errors.values())


class SpillError(OSError):
    """A document could not be written to disk either: it was not kept."""


class Spill:
    """One process's spill directory (:meth:`at`: one instance per directory and process,
    so every writer of the process appends through one lock)."""

    _shared: dict[Path, Spill] = {}  # noqa: RUF012 - a registry, not a default
    _shared_lock = threading.Lock()

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.owner = f"{socket.gethostname()}-{os.getpid()}"
        self._lock = threading.Lock()
        self._replaying = threading.Lock()

    @classmethod
    def at(cls, directory: Path) -> Spill:
        key = directory.resolve()
        with cls._shared_lock:
            spill = cls._shared.get(key)
            if spill is None or spill.owner != f"{socket.gethostname()}-{os.getpid()}":
                spill = cls._shared[key] = cls(key)  # a forked child gets its own file
            return spill

    def waiting(self) -> bool:
        """Whether any spill file is in the directory (cheap: no file is read)."""
        try:
            return any(p.name.endswith(".jsonl") or _CLAIM in p.name
                       for p in self.directory.iterdir())
        except OSError:
            return False

    @property
    def path(self) -> Path:
        return self.directory / f"{self.owner}.jsonl"

    def add(self, collection: str, job_id: str | None, docs: Iterable[Mapping[str, Any]]
            ) -> int:
        """Append ``docs`` bound for ``collection``; how many were written (OSError when the
        disk refuses: the caller must then not report them as kept)."""
        lines = []
        for doc in docs:
            record = dict(doc)
            if collection == "errors":
                record.setdefault("_id", ObjectId())
            elif collection == "articles" and "crawl" not in record:
                now = utcnow()
                record["crawl"] = {"job_id": job_id, "job_ids": [job_id], "first_seen": now,
                                   "last_seen": now,
                                   "crawl_count": 1}
            lines.append(json_util.dumps({"collection": collection, "job_id": job_id,
                                          "doc": record}, json_options=_JSON))
        if not lines:
            return 0
        try:
            with self._lock:
                self.directory.mkdir(parents=True, exist_ok=True)
                with self.path.open("a", encoding="utf-8") as out:
                    out.write("\n".join(lines) + "\n")
                    out.flush()
                    os.fsync(out.fileno())
        except OSError as exc:
            raise SpillError(f"{len(lines)} documents not spilled to {self.path}: {exc}") from exc
        logger.error("MongoDB did not take %d %s documents; spilled to %s", len(lines),
                     collection, self.path)
        return len(lines)

    def pending(self, job_id: str | None = None) -> int:
        """Documents waiting in the directory (of ``job_id`` only, when given)."""
        count = 0
        for path in self._files(claimed_too=True):
            for record in _records(path):
                count += job_id is None or record.get("job_id") == job_id
        return count

    def replay(self, store: ArticleStore) -> Replayed:
        """Write every spilled document there is; what fails stays for the next time.
        (One replay at a time per process; a second caller returns at once.)"""
        done = Replayed()
        if not self._replaying.acquire(blocking=False):
            return done
        try:
            self._replay(store, done)
        finally:
            self._replaying.release()
        return done

    def _replay(self, store: ArticleStore, done: Replayed) -> None:
        for path in self._files(claimed_too=False):
            claimed = path.with_name(f"{path.name}{_CLAIM}{self.owner}")
            try:
                path.rename(claimed)
            except OSError:
                continue  # another process claimed it first
            try:
                self._write(claimed, store, done)
            except Exception as exc:  # noqa: BLE001 - MongoDB away again: keep it for later
                done.failed_files += 1
                back = path.with_name(f"{path.stem}.{os.getpid()}-{ObjectId()}.jsonl")
                claimed.rename(back)
                logger.warning("replay of %s stopped (%s); kept for the next attempt", path,
                               exc)
            else:
                claimed.unlink()
        if done.total:
            logger.info("replayed %d spilled documents", done.total)

    def _write(self, path: Path, store: ArticleStore, done: Replayed) -> None:
        """Write one file's documents; counted in ``done`` only once all are written."""
        articles: dict[str, list[Document]] = {}
        errors: list[Document] = []
        written = Replayed()
        for record in _records(path):
            job = record.get("job_id") or ""
            if record.get("collection") == "errors":
                errors.append(record["doc"])
                written.errors[job] += 1
            else:
                articles.setdefault(job, []).append(record["doc"])
                written.articles[job] += 1
        for job, docs in articles.items():
            for start in range(0, len(docs), _BATCH):
                store.upsert_articles(docs[start:start + _BATCH], job)
        for start in range(0, len(errors), _BATCH):
            try:
                store.errors.insert_many(errors[start:start + _BATCH], ordered=False)
            except BulkWriteError as exc:  # written by a replay cut short: fine
                if any(e.get("code") != _DUPLICATE_KEY for e in exc.details["writeErrors"]):
                    raise
        done.articles.update(written.articles)
        done.errors.update(written.errors)

    def _files(self, *, claimed_too: bool) -> Iterator[Path]:
        """Spill files: waiting ones, files a dead process of this host was replaying
        (taken over: renamed back first), and with ``claimed_too`` live claims as well."""
        if not self.directory.is_dir():
            return
        host = socket.gethostname()
        for path in sorted(self.directory.iterdir()):
            name = path.name
            if name.endswith(".jsonl"):
                yield path
            elif _CLAIM in name:
                owner = name.rpartition(_CLAIM)[2]
                claimer_host, _, pid = owner.rpartition("-")
                if claimer_host == host and pid.isdigit() and not _alive(int(pid)):
                    original = path.with_name(name.partition(_CLAIM)[0])
                    try:
                        path.rename(original)
                    except OSError:
                        continue
                    yield original
                elif claimed_too:
                    yield path


def replay_counted(spill: Spill, store: ArticleStore, client: redis.Redis) -> Replayed:
    """:meth:`Spill.replay`, with what was written counted for each job it belongs to (the
    job's ``replayed``, beside the ``spilled`` its writers counted)."""
    done = spill.replay(store)
    for job, n in (done.articles + done.errors).items():
        JobChannel(client, job).count_spill("replayed", n)
    return done


def store_error(store: ArticleStore, spill: Spill, channel: JobChannel, doc: Document) -> None:
    """An ``errors`` document into MongoDB, or onto disk (counted for the job) when MongoDB
    does not take it; SpillError when the disk refuses too."""
    try:
        store.errors.insert_one(doc)
    except Exception as exc:  # noqa: BLE001 - kept on disk instead
        logger.error("MongoDB did not take the error of %s (%s); spilling it", doc["url"], exc)
        channel.count_spill("spilled", spill.add("errors", channel.job_id, [doc]))


def _records(path: Path) -> Iterator[dict[str, Any]]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return
    for line in text.splitlines():
        if line.strip():
            try:
                yield json_util.loads(line, json_options=_JSON)
            except ValueError:
                logger.warning("unreadable line in %s skipped: %.80s", path, line)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
