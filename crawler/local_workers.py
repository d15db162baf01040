"""Render workers started on this machine for an ad-hoc crawl (a Celery worker subprocess)."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
from pathlib import Path

from crawler.services import Endpoints, child_environ

logger = logging.getLogger(__name__)

# A warm shutdown lets a render in progress finish; beyond this the group is killed.
_STOP_GRACE_S = 30


class LocalWorkers:
    """``celery worker -Q render`` with ``processes`` prefork children, one Chromium each."""

    def __init__(self, processes: int, endpoints: Endpoints, log_dir: Path) -> None:
        self.processes = processes
        self.endpoints = endpoints
        self.log_path = log_dir / "render-workers.log"
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        cmd = [
            sys.executable, "-m", "celery", "-A", "workers.app", "worker", "-Q", "render",
            "--pool", "prefork", "-c", str(self.processes), "-n", f"render-{os.getpid()}@%h",
            "--without-gossip", "--without-mingle", "-l", "WARNING",
        ]
        with open(self.log_path, "ab") as log:
            self._proc = subprocess.Popen(
                cmd, env=child_environ(self.endpoints), stdout=log, stderr=subprocess.STDOUT,
                start_new_session=True, cwd=Path(__file__).resolve().parent.parent,
            )
        logger.info("started %d local render worker processes (log: %s)", self.processes,
                    self.log_path)

    def alive(self) -> bool:
        return self._proc is not None and self._proc.poll() is None

    def stop(self) -> None:
        if self._proc is None:
            return
        if self._proc.poll() is None:
            self._proc.terminate()  # the master's warm shutdown closes each child's browser
            try:
                self._proc.wait(timeout=_STOP_GRACE_S)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
        try:
            os.killpg(self._proc.pid, signal.SIGKILL)  # whatever the group left behind
        except ProcessLookupError:
            pass
        self._proc = None
