"""One Streamlit replica of app.py: started as the README's class command on a loopback port, with the cluster's
shared cookie secret, and warmed (every page's default view computed once) before it joins the balancer."""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from benchmarks.client import Client
from ui.registry import GLOSSARY, LECTURE, LESSONS

ROOT = Path(__file__).resolve().parent.parent
# Every page a learner can open from the menu, home first (its address is the bare "/"): the lessons train their
# default models here, so the first learner of the day waits for no training.
PAGES = ("", *(lesson.url_path for lesson in LESSONS), GLOSSARY.url_path, LECTURE.url_path)
HEALTH_TIMEOUT = 120.0  # seconds from start to a healthy server (a cold start imports torch)
PAGE_TIMEOUT = 600.0  # seconds for one page's first run (translation's default view is the slowest)


@dataclass
class Replica:
    name: str  # r1, r2, ...: HAProxy's server name and its cookie value
    port: int
    log: Path
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def _die_with_parent() -> None:
    """In the child, before exec: Linux sends SIGTERM when the cluster process dies, even by SIGKILL (no orphans)."""
    PR_SET_PDEATHSIG = 1
    ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def command(port: int) -> list[str]:
    """The README's class command on 127.0.0.1:port; .streamlit/config.toml (read from the repository, the working
    directory) adds the rest: no file watcher, XSRF protection on, no full GC after a rerun."""
    return [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
            "--server.address", "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false"]


def start(replica: Replica, secret: str) -> subprocess.Popen:
    """Start the replica's server (call from the main thread: the parent-death signal follows the thread that
    started the child). The secret goes in the environment, which only this user can read, not on the command line,
    which every user's ``ps`` shows."""
    env = dict(os.environ, STREAMLIT_SERVER_COOKIE_SECRET=secret)
    with open(replica.log, "ab") as log:
        replica.process = subprocess.Popen(command(replica.port), cwd=ROOT, env=env, stdout=log,
                                           stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                           start_new_session=True, preexec_fn=_die_with_parent)
    return replica.process


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def wait_healthy(replica: Replica) -> None:
    deadline = time.monotonic() + HEALTH_TIMEOUT
    while not healthy(replica.url):
        if replica.process.poll() is not None:
            raise RuntimeError(f"replica {replica.name} exited with code {replica.process.returncode}; "
                               f"its log:\n{tail(replica.log)}")
        if time.monotonic() > deadline:
            raise RuntimeError(f"replica {replica.name} not healthy after {HEALTH_TIMEOUT:.0f} s:\n{tail(replica.log)}")
        time.sleep(0.2)


async def warm(replica: Replica, pages: tuple[str, ...] = PAGES) -> float:
    """Open each page's default view in a fresh session directly on the replica (the front end's websocket
    protocol, benchmarks/client.py) and wait for its script to finish; the seconds it took."""
    start_time = time.perf_counter()
    for path in pages:
        client = Client(replica.port)
        try:
            run = await client.connect(f"/{path}", timeout=PAGE_TIMEOUT)
        finally:
            await client.close()
        if not run.ok or run.exceptions:
            raise RuntimeError(f"replica {replica.name}: /{path} did not run ({run.status}): {run.exceptions[:2]}")
    return time.perf_counter() - start_time


def tail(path: Path, chars: int = 3000) -> str:
    try:
        return path.read_text(errors="replace")[-chars:]
    except OSError:
        return ""
