"""What benchmarks/load.py loads: one server (``streamlit run app.py``, README's "Running it for a class") or the
class cluster (``python -m deploy.cluster --replicas N``: N replicas behind HAProxy, each warmed before it joins),
both on 127.0.0.1. A target is a context manager; inside it, ``port`` is where the sessions connect, ``pid`` the
process whose tree holds every server process (for memory and CPU), ``processes()`` each server process by name."""

from __future__ import annotations

import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.common import ROOT, free_port, wait_healthy
from benchmarks.load_report import server_log_problems
from benchmarks.procs import start_server, stop

CLUSTER_READY_S = 600  # the replicas warm every page at the same time: about 20-30 s each on 2 cores
REPLICA_LINE = re.compile(r"^replica (r\d+): (?:restarted, )?pid (\d+) on \S+(?: \(log (\S+)\))?")
BALANCER_LINE = re.compile(r"^balancer: haproxy pid (\d+)")


class OneServer:
    kind = "server"

    def __init__(self):
        self.port, self.log = free_port(), Path(tempfile.mkdtemp()) / "server.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> OneServer:
        self.process = start_server(self.port, self.log)
        wait_healthy(self.port)
        return self

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)

    @property
    def pid(self) -> int:
        return self.process.pid

    def processes(self) -> dict[str, int]:
        return {"server": self.process.pid}

    def problems(self) -> dict:
        return server_log_problems(self.log)


class ClusterTarget:
    """``python -m deploy.cluster --replicas N --port P --host 127.0.0.1``, ready once it prints "cluster ready"
    (every replica warmed and enabled). Its output goes to ``log``; each replica's log is in the cluster's work
    folder, which it removes when it stops, so ``problems()`` is read before leaving the context."""
    kind = "cluster"

    def __init__(self, replicas: int):
        self.replicas, self.port = replicas, free_port()
        self.log = Path(tempfile.mkdtemp()) / "cluster.log"
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> ClusterTarget:
        self.process = subprocess.Popen(
            [sys.executable, "-u", "-m", "deploy.cluster", "--replicas", str(self.replicas), "--port", str(self.port),
             "--host", "127.0.0.1"], cwd=ROOT, stdout=open(self.log, "wb"), stderr=subprocess.STDOUT)  # noqa: SIM115
        deadline = time.monotonic() + CLUSTER_READY_S
        while not any(line.startswith("cluster ready") for line in self.lines()):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.__exit__()
                raise RuntimeError("the cluster did not get ready:\n" + "\n".join(self.lines()[-20:]))
            time.sleep(0.5)
        return self

    def __exit__(self, *exc) -> None:
        stop(self.process)

    @property
    def pid(self) -> int:
        return self.process.pid

    def lines(self) -> list[str]:
        return self.log.read_text(errors="replace").splitlines()

    def processes(self) -> dict[str, int]:
        """Each replica's current pid and HAProxy's, by name."""
        found = {}
        for line in self.lines():
            if m := REPLICA_LINE.match(line):
                found[m[1]] = int(m[2])
            elif m := BALANCER_LINE.match(line):
                found["haproxy"] = int(m[1])
        return found

    def problems(self) -> dict:
        logs = {m[1]: Path(m[3]) for line in self.lines() if (m := REPLICA_LINE.match(line)) and m[3]}
        return {"cluster_output": [line for line in self.lines() if not REPLICA_LINE.match(line)],
                **{name: server_log_problems(path) for name, path in logs.items() if path.exists()}}


def target(kind: str, replicas: int = 2) -> OneServer | ClusterTarget:
    return OneServer() if kind == "server" else ClusterTarget(replicas)
