"""The cluster command under test (``python -m deploy.cluster``, 2 replicas and HAProxy on 127.0.0.1), read from
what it prints, and a protocol-level session that goes through the balancer with its own cookie jar."""

from __future__ import annotations

import asyncio
import os
import re
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import websockets

from benchmarks.client import Client
from benchmarks.procs import stop

REPO_ROOT = Path(__file__).resolve().parent.parent
HAPROXY = "/usr/sbin/haproxy"
READY_TIMEOUT = 600.0  # seconds: two replicas warm every page (about 30 s each on the 2-core machine, in parallel)
REPLICA_LINE = re.compile(r"^replica (r\d+): (?:restarted, )?pid (\d+) on http://127\.0\.0\.1:(\d+)")
BALANCER_LINE = re.compile(r"^balancer: haproxy pid (\d+)")
WARM_LINE = re.compile(r"^replica (r\d+) warm: (\d+) pages in ([\d.]+) s")


@dataclass
class Cluster:
    process: subprocess.Popen
    port: int
    lines: list[str] = field(default_factory=list)
    changed: threading.Condition = field(default_factory=threading.Condition)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def read(self) -> None:
        """Collect the command's output lines (a thread: the pipe must never fill up)."""
        for line in self.process.stdout:
            with self.changed:
                self.lines.append(line.rstrip("\n"))
                self.changed.notify_all()
        with self.changed:
            self.changed.notify_all()

    def wait_for(self, pattern: str, timeout: float = READY_TIMEOUT, after: int = 0) -> re.Match:
        """The first output line from index ``after`` on that matches ``pattern``; fails the test when the command
        exits or the timeout passes first."""
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                for line in self.lines[after:]:
                    if match := re.search(pattern, line):
                        return match
                if self.process.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"no line {pattern!r} from the cluster; it printed:\n" + "\n".join(self.lines))
                self.changed.wait(timeout=1)

    def pids(self) -> dict[str, int]:
        """Each replica's current pid (the last one printed) and haproxy's, by name."""
        pids = {}
        for line in self.lines:
            if m := REPLICA_LINE.match(line):
                pids[m[1]] = int(m[2])
            elif m := BALANCER_LINE.match(line):
                pids["haproxy"] = int(m[1])
        return pids

    def all_pids(self) -> set[int]:
        """Every process the command said it started, restarted replicas included."""
        return {int(m[2]) for line in self.lines if (m := REPLICA_LINE.match(line))} | {self.pids()["haproxy"]}

    def warm_times(self) -> dict[str, float]:
        return {m[1]: float(m[3]) for line in self.lines if (m := WARM_LINE.match(line))}


def start_cluster(port: int, replicas: int = 2) -> Cluster:
    if not Path(HAPROXY).exists():
        message = "HAProxy not found: install it with `apt-get install -y haproxy` (.ci/run does)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    process = subprocess.Popen(
        [sys.executable, "-u", "-m", "deploy.cluster", "--replicas", str(replicas), "--port", str(port),
         "--host", "127.0.0.1"], cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    cluster = Cluster(process, port)
    threading.Thread(target=cluster.read, daemon=True).start()
    return cluster


def stop_cluster(cluster: Cluster) -> None:
    stop(cluster.process)


def alive(pid: int) -> bool:
    """A running process (a zombie waiting for its parent counts as gone)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def health(url: str, jar: dict[str, str]) -> str:
    """GET /_stcore/health with the cookies in ``jar``; the cookies set are kept in it. The replica that answered
    (HAProxy's X-VP-Replica header)."""
    request = urllib.request.Request(f"{url}/_stcore/health",
                                     headers={"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())})
    with urllib.request.urlopen(request, timeout=30) as response:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            jar[name.strip()] = rest.split(";", 1)[0].strip('"')
        return response.headers["X-VP-Replica"]


class BalancedClient(Client):
    """benchmarks.client.Client through the balancer, with a browser's cookie jar: the XSRF cookie and the
    sticky VP_REPLICA cookie go with the websocket's upgrade request. ``replica`` is who answered the upgrade."""

    def __init__(self, port: int, jar: dict[str, str]):
        super().__init__(port)
        self.jar, self.replica = jar, None

    async def connect(self, path: str = "/", query_string: str = "", timeout: float = 300):
        cookies = "; ".join(f"{k}={v}" for k, v in self.jar.items())
        self.ws = await websockets.connect(
            f"ws://{self.host}:{self.port}/_stcore/stream", subprotocols=["streamlit", self.jar["_streamlit_xsrf"]],
            additional_headers={"Origin": f"http://{self.host}:{self.port}", "Cookie": cookies},
            max_size=None, open_timeout=60, compression=None)
        self.replica = self.ws.response.headers.get("X-VP-Replica")
        self.path, self.query_string = path.strip("/"), query_string
        self._reader = asyncio.create_task(self._read())
        return await self.rerun(page_name=self.path, query_string=query_string, timeout=timeout)


# A Plotly chart's data as plain lists, found by the key Streamlit gives its element (``.st-key-<key>``): Plotly's
# own decoded copy (``_fullData``; ``data`` keeps Plotly 7's base64 arrays), typed arrays turned into lists.
CHART_DATA_JS = """key => {
    const plain = v => v == null ? null : Array.from(v, e => e !== null && typeof e === 'object' ? Array.from(e) : e);
    const p = document.querySelector('.st-key-' + key + ' .js-plotly-plot');
    // Between two drawings Streamlit remounts the chart: no plot, or one not drawn yet, reads as null.
    if (!p || !p._fullData) return null;
    return p._fullData.map(t => ({x: plain(t.x), y: plain(t.y), z: plain(t.z)}));
}"""


def chart_data(page, key: str) -> list[dict]:
    return page.evaluate(CHART_DATA_JS, key)


def slider_value(page, label: str) -> str:
    return page.locator(f'input[type=range][aria-label="{label}"]').get_attribute("aria-valuetext")


def replica_cookie(page) -> str | None:
    return next((c["value"] for c in page.context.cookies() if c["name"] == "VP_REPLICA"), None)
