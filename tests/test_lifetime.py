"""A crawl killed however it is killed leaves nothing running: its embedded servers,
local render workers and their Chromium stop within seconds, and a later run on the same
data dir stops what a run that died with its watchdog left behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

from crawler import lifetime
from crawler.demosite import DemoServer
from crawler.lifetime import RUN_ENV, RUNS_DIR
from tests.conftest import ROOT

MARK = "NEWSCRAWLER_TEST_MARK"
_GONE_WITHIN_S = 10.0


def _proc_environ(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/environ").read_bytes()
    except OSError:
        return b""


def _proc_cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def _in_proc(mark: str, data_dir: Path) -> set[int]:
    """Pids that /proc shows belong to the test's crawl: its mark in their environment,
    or its data dir on their command line (redis-server writes over its environment)."""
    found = set()
    needle, where = f"{MARK}={mark}".encode(), str(data_dir).encode()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            pid = int(entry.name)
            if needle in _proc_environ(pid).split(b"\0") or where in _proc_cmdline(pid):
                found.add(pid)
    return found


def _alive(procs: dict[int, float]) -> set[int]:
    """Which of the (pid, start time) pairs still run (a reused pid does not count)."""
    alive = set()
    for pid, created in procs.items():
        try:
            proc = psutil.Process(pid)
            if abs(proc.create_time() - created) < 1.0 and proc.status() != "zombie":
                alive.add(pid)
        except psutil.Error:
            pass
    return alive


def _snapshot(root: int, mark: str, data_dir: Path) -> dict[int, float]:
    pids = set(_in_proc(mark, data_dir))
    try:
        pids |= {p.pid for p in psutil.Process(root).children(recursive=True)}
    except psutil.Error:
        pass
    snap = {}
    for pid in pids:
        try:
            snap[pid] = psutil.Process(pid).create_time()
        except psutil.Error:
            pass
    return snap


def _wait_gone(procs: dict[int, float], mark: str, data_dir: Path, within_s: float
               ) -> tuple[set[int], set[int]]:
    deadline = time.monotonic() + within_s
    while True:
        left_by_pid = _alive(procs)
        left_in_proc = {p for p in _in_proc(mark, data_dir) if _is_running(p)}
        if (not left_by_pid and not left_in_proc) or time.monotonic() > deadline:
            return left_by_pid, left_in_proc
        time.sleep(0.2)


def _is_running(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != "zombie"
    except psutil.Error:
        return False


def _names(pids: set[int]) -> list[str]:
    return [_proc_cmdline(p).replace(b"\0", b" ")[:100].decode(errors="replace") for p in pids]


@pytest.fixture
def crawl_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    mark = uuid.uuid4().hex
    env = {k: v for k, v in os.environ.items()
           if k not in ("REDIS_URL", "MONGO_URI", RUN_ENV)}
    env.update({MARK: mark, "CRAWLER_DATA_DIR": str(tmp_path / "data"), "RENDER_WORKERS": "1",
                "FRONTIER_SITE_RPS": "2", "FRONTIER_SITE_CONCURRENCY": "1"})
    yield env
    # Whatever a failed test left running.
    for pid in _in_proc(mark, tmp_path / "data"):
        try:
            os.kill(pid, signal.SIGKILL)
        except OSError:
            pass


def _start_crawl(url: str, env: dict[str, str]) -> subprocess.Popen[bytes]:
    """A crawl on embedded servers with a render worker, in a process group of its own
    (as a CI job or a shell runs it)."""
    return subprocess.Popen(
        [sys.executable, "-m", "crawler", "crawl", url, "--allow-private", "--render", "always"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)


def _browser_up(procs: dict[int, float]) -> bool:
    """A Chromium that Playwright's driver launched runs (not the ``chromium --version``
    a settings check runs and that is gone a moment later)."""
    for pid in procs:
        try:
            parent = psutil.Process(pid).parent()
        except psutil.Error:
            continue
        if (b"chromium" in _proc_cmdline(pid) and parent is not None
                and b"playwright" in _proc_cmdline(parent.pid)):
            return True
    return False


def _wait_for_browser(crawl: subprocess.Popen[bytes], env: dict[str, str]) -> dict[int, float]:
    """Every process of the crawl, once Chromium renders and both servers run."""
    data_dir = Path(env["CRAWLER_DATA_DIR"])
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert crawl.poll() is None, "the crawl ended before it could be killed"
        snap = _snapshot(crawl.pid, env[MARK], data_dir)
        names = " ".join(_names(set(snap)))
        if _browser_up(snap) and all(part in names
                                     for part in ("nx_27017", "redis-server", "celery")):
            return snap
        time.sleep(0.5)
    raise AssertionError("the crawl's render worker did not start Chromium")


def _kill_group(crawl: subprocess.Popen[bytes]) -> None:
    os.killpg(crawl.pid, signal.SIGKILL)
    crawl.wait()


def _crawl_again(url: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """A short crawl on the same data dir; it must start and finish cleanly."""
    done = subprocess.run(
        [sys.executable, "-m", "crawler", "crawl", url, "--allow-private", "--render", "never",
         "--max-pages", "10"],
        cwd=ROOT, env={**env, "FRONTIER_SITE_RPS": "50", "FRONTIER_SITE_CONCURRENCY": "4"},
        capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "articles stored" in done.stdout
    return done


@pytest.fixture
def rendering(demo_site: DemoServer, crawl_env: dict[str, str]
              ) -> tuple[subprocess.Popen[bytes], dict[int, float], Path]:
    """A crawl rendering with Chromium: the process, all its processes, its data dir."""
    crawl = _start_crawl(demo_site.url, crawl_env)
    return crawl, _wait_for_browser(crawl, crawl_env), Path(crawl_env["CRAWLER_DATA_DIR"])


def test_a_crawl_killed_with_its_process_group_leaves_nothing_running(
    demo_site: DemoServer, crawl_env: dict[str, str],
    rendering: tuple[subprocess.Popen[bytes], dict[int, float], Path],
) -> None:
    crawl, procs, data_dir = rendering
    assert len(procs) >= 6, _names(set(procs))
    _kill_group(crawl)
    by_pid, in_proc = _wait_gone(procs, crawl_env[MARK], data_dir, _GONE_WITHIN_S)
    assert not by_pid, f"still running after {_GONE_WITHIN_S} s: {_names(by_pid)}"
    assert not in_proc, f"still in /proc after {_GONE_WITHIN_S} s: {_names(in_proc)}"
    assert not list((data_dir / RUNS_DIR).glob("*.json")), "the run's record was left"

    _crawl_again(demo_site.url, crawl_env)  # the same data dir, straight after


def test_a_later_run_stops_what_a_run_killed_with_its_watchdog_left(
    demo_site: DemoServer, crawl_env: dict[str, str],
    rendering: tuple[subprocess.Popen[bytes], dict[int, float], Path],
) -> None:
    crawl, procs, data_dir = rendering
    watchdogs = [pid for pid in procs if b"crawler.lifetime" in _proc_cmdline(pid)]
    assert len(watchdogs) == 1, _names(set(procs))
    os.kill(watchdogs[0], signal.SIGKILL)  # both gone at once: nothing sweeps
    _kill_group(crawl)
    time.sleep(2)
    orphans = _alive(procs)
    assert any(b"redis-server" in _proc_cmdline(p) for p in orphans), _names(orphans)
    assert any(b"chromium" in _proc_cmdline(p) for p in orphans), _names(orphans)

    done = _crawl_again(demo_site.url, crawl_env)
    assert "left running by a crawl that died" in done.stderr
    assert not _alive(procs), f"left running: {_names(_alive(procs))}"
    assert not list((data_dir / RUNS_DIR).glob("*.json"))


def _start_owner(script: str) -> tuple[subprocess.Popen[bytes], str]:
    """A process running ``script`` (which owns a run and prints "ready"), with a mark of
    its own in its environment; returned once it is ready."""
    mark = uuid.uuid4().hex
    env = {k: v for k, v in os.environ.items() if k != RUN_ENV}
    owner = subprocess.Popen([sys.executable, "-c", script], cwd=ROOT, stdout=subprocess.PIPE,
                             env={**env, MARK: mark})
    assert owner.stdout is not None and owner.stdout.readline().strip() == b"ready"
    time.sleep(0.3)
    return owner, mark


def test_helpers_started_in_sessions_of_their_own_stop_with_their_owner(tmp_path: Path
                                                                        ) -> None:
    """The mechanism alone, without a crawl: an owner starts a child in a session of its
    own and a daemon (double fork, reparented to init); kill -9 of the owner stops both."""
    script = textwrap.dedent(f"""
        import subprocess, sys, time
        from pathlib import Path
        from crawler import lifetime
        lifetime.own(Path({str(tmp_path)!r}))
        subprocess.Popen(["sleep", "300"], start_new_session=True)
        subprocess.Popen(["sh", "-c", "setsid sleep 301 &"]).wait()
        print("ready", flush=True)
        time.sleep(300)
    """)
    owner, mark = _start_owner(script)
    procs = _snapshot(owner.pid, mark, tmp_path)
    sleepers = {p for p in procs if _proc_cmdline(p).startswith(b"sleep")}
    assert len(sleepers) == 2, _names(set(procs))
    owner.kill()
    owner.wait()
    by_pid, in_proc = _wait_gone(procs, mark, tmp_path, _GONE_WITHIN_S)
    assert not by_pid and not in_proc, _names(by_pid | in_proc)


def test_a_clock_step_does_not_make_a_live_run_look_dead(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A second run on a data dir stops only what dead runs left. After the wall clock
    steps (NTP, a virtual machine resumed), a live owner is still alive to it and its
    helpers keep running: a crawl's servers are not killed by the next command."""
    script = textwrap.dedent(f"""
        import subprocess, time
        from pathlib import Path
        from crawler import lifetime
        lifetime.own(Path({str(tmp_path)!r}))
        subprocess.Popen(["sleep", "300"])
        print("ready", flush=True)
        time.sleep(300)
    """)
    owner, mark = _start_owner(script)
    try:
        procs = _snapshot(owner.pid, mark, tmp_path)
        assert any(_proc_cmdline(p).startswith(b"sleep") for p in procs), _names(set(procs))
        # Every wall-clock reading of a process's start moves with the clock.
        stepped = psutil._pslinux.boot_time() + 3600  # type: ignore[attr-defined]
        monkeypatch.setattr(psutil._pslinux, "boot_time", lambda: stepped)

        stopped = lifetime.stop_leftovers(tmp_path)
        monkeypatch.undo()
        assert stopped == 0
        assert _alive(procs) == set(procs), "a live run's helpers were stopped"
        assert len(list((tmp_path / RUNS_DIR).glob("*.json"))) == 1
    finally:
        monkeypatch.undo()
        owner.kill()
        owner.wait()
    by_pid, in_proc = _wait_gone(procs, mark, tmp_path, _GONE_WITHIN_S)
    assert not by_pid and not in_proc, _names(by_pid | in_proc)
