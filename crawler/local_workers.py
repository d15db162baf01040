"""Render workers started on this machine for an ad-hoc crawl (Celery worker subprocesses)."""

from __future__ import annotations

import contextlib
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from crawler import lifetime
from crawler.services import Endpoints, child_environ

logger = logging.getLogger(__name__)

# A warm shutdown lets a render in progress finish; beyond this the group is killed.
_STOP_GRACE_S = 30
# Workers started in place of dead ones, per crawl: beyond this a worker that keeps dying
# (a broken setup) ends the crawl instead.
MAX_RESTARTS = 5


class LocalWorkers:
    """``processes`` times ``celery worker -Q render``: each a process of ``RENDER_PAGES``
    threads sharing one Chromium."""

    def __init__(self, processes: int, endpoints: Endpoints, log_dir: Path,
                 environ: dict[str, str] | None = None, metrics_port: int = 0) -> None:
        self.processes = processes
        self.endpoints = endpoints
        self.environ = environ or {}  # settings of this crawl the workers must share
        self.log_path = log_dir / "render-workers.log"
        self._procs: list[subprocess.Popen[bytes]] = []
        self._asked: set[int] = set()
        self._restarts = 0
        # Worker i serves its metrics on metrics_port + 1 + i (none when 0): never on the
        # spider's own port, which it would inherit from the environment.
        self.metrics_port = metrics_port

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        # They and their browsers stop when this process dies, however it dies.
        lifetime.own(self.log_path.parent)
        self._procs = [self._spawn(index) for index in range(self.processes)]
        logger.info("started %d local render worker processes (log: %s)", self.processes,
                    self.log_path)

    def _spawn(self, index: int) -> subprocess.Popen[bytes]:
        cmd = [
            sys.executable, "-m", "celery", "-A", "workers.app", "worker", "-Q", "render",
            "--pool", "threads", "-n", f"render-{os.getpid()}-{index}@%h",
            "--without-gossip", "--without-mingle", "-l", "WARNING",
        ]
        port = self.metrics_port + 1 + index if self.metrics_port else 0
        env = {**child_environ(self.endpoints), **self.environ, "METRICS_PORT": str(port)}
        with open(self.log_path, "ab") as log:
            return subprocess.Popen(
                cmd, env=env, stdout=log,
                stderr=subprocess.STDOUT, start_new_session=True,
                cwd=Path(__file__).resolve().parent.parent,
            )

    def restart_dead(self) -> int:
        """Start a new process in place of each worker that exited without being asked
        to (killed, crashed), ``MAX_RESTARTS`` times per crawl at most; how many were.
        The tasks a killed worker held come back to the queue after
        ``RENDER_VISIBILITY_TIMEOUT_S``."""
        restarted = 0
        for index, proc in enumerate(self._procs):
            if proc.poll() is None or proc.pid in self._asked:
                continue
            if self._restarts >= MAX_RESTARTS:
                break
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # its browsers, if they outlived it
            self._procs[index] = self._spawn(index)
            self._restarts += 1
            restarted += 1
            logger.warning("local render worker %d exited (code %s); started a new one",
                           index, proc.returncode)
        return restarted

    def alive(self) -> bool:
        """True while at least one worker process runs."""
        return any(proc.poll() is None for proc in self._procs)

    def request_stop(self) -> None:
        """Ask every worker to finish (warm shutdown: renders in progress finish, browsers
        close) without waiting; ``stop`` waits."""
        for proc in self._procs:
            if proc.poll() is None and proc.pid not in self._asked:
                proc.terminate()
                self._asked.add(proc.pid)

    def stop(self) -> None:
        self.request_stop()
        deadline = time.monotonic() + _STOP_GRACE_S
        for proc in self._procs:
            try:
                proc.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
            try:
                os.killpg(proc.pid, signal.SIGKILL)  # whatever the group left behind
            except ProcessLookupError:
                pass
        self._procs = []
        self._asked = set()
