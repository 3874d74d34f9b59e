"""``python -m deploy.cluster --replicas N --port P``: N Streamlit replicas of app.py on free loopback ports and
HAProxy in front of them on port P (deploy/balancer.py says why HAProxy). Ctrl-C or SIGTERM stops everything.

1. HAProxy starts first, every replica in maintenance: the address answers at once (503 until a replica joins).
2. The replicas start with one cookie secret (``VP_COOKIE_SECRET``, or one generated for this run), so a cookie
   signed by one replica is valid at every other.
3. Each replica is warmed directly on its own port (every page's default view computed once, deploy/replica.py) and
   only then enabled over HAProxy's runtime API; the line "replica r1 warm: 9 pages in 23.4 s" says so.
4. Then the cluster watches: a replica that exits is put in maintenance (its learners go to the others at once),
   started again, warmed and enabled again. If HAProxy itself exits, the cluster stops.

Every child gets the parent-death signal, so even a SIGKILL of this process leaves no replica or HAProxy behind.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from deploy.balancer import Balancer, Server
from deploy.replica import PAGES, Replica, _die_with_parent, start, tail, wait_healthy, warm

STOP_TIMEOUT = 10.0  # seconds a child gets to exit after SIGTERM before SIGKILL


def say(line: str) -> None:
    print(line, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    def __init__(self, replicas: int, host: str, port: int, secret: str, workdir: Path, restart: bool = True):
        self.host, self.port, self.secret, self.restart = host, port, secret, restart
        self.replicas = [Replica(f"r{i}", free_port(), workdir / f"r{i}.log") for i in range(1, replicas + 1)]
        self.balancer = Balancer(host, port, [Server(r.name, r.port) for r in self.replicas], workdir)

    def up(self) -> None:
        """HAProxy, then every replica started, healthy, warmed and enabled."""
        haproxy = self.balancer.start(stdin=subprocess.DEVNULL, start_new_session=True, preexec_fn=_die_with_parent)
        self._wait_listening(haproxy)
        say(f"balancer: haproxy pid {haproxy.pid} on http://{self.host}:{self.port} "
            f"(runtime API: {self.balancer.socket})")
        for r in self.replicas:
            start(r, self.secret)
            say(f"replica {r.name}: pid {r.process.pid} on {r.url} (log {r.log})")
        for r in self.replicas:
            wait_healthy(r)
        asyncio.run(self._join_all())
        say(f"cluster ready: http://{self.host}:{self.port} with {len(self.replicas)} replicas")

    def _wait_listening(self, haproxy: subprocess.Popen) -> None:
        address = "127.0.0.1" if self.host in ("0.0.0.0", "") else self.host
        while True:
            if haproxy.poll() is not None:
                raise RuntimeError(f"haproxy exited with code {haproxy.returncode} (is port {self.port} taken?)")
            try:
                socket.create_connection((address, self.port), timeout=1).close()
                return
            except OSError:
                time.sleep(0.1)

    async def _join_all(self) -> None:
        await asyncio.gather(*(self._join(r) for r in self.replicas))

    async def _join(self, r: Replica) -> None:
        seconds = await warm(r)
        self.balancer.enable(r.name)
        say(f"replica {r.name} warm: {len(PAGES)} pages in {seconds:.1f} s; joined the balancer")

    def watch(self) -> None:
        """Until stopped: replace a replica that exits; stop if HAProxy exits."""
        while True:
            time.sleep(1)
            if self.balancer.process.poll() is not None:
                raise RuntimeError(f"haproxy exited with code {self.balancer.process.returncode}")
            for r in self.replicas:
                if r.process.poll() is not None:
                    self._replace(r)

    def _replace(self, r: Replica) -> None:
        self.balancer.disable(r.name)
        say(f"replica {r.name} exited with code {r.process.returncode}; its learners go to the other replicas")
        if not self.restart:
            raise RuntimeError(f"replica {r.name} exited (--no-restart):\n{tail(r.log)}")
        start(r, self.secret)
        say(f"replica {r.name}: restarted, pid {r.process.pid} on {r.url}")
        wait_healthy(r)
        asyncio.run(self._join(r))

    def stop(self) -> None:
        """SIGTERM to every child, then SIGKILL to any still running after STOP_TIMEOUT."""
        children = [r.process for r in self.replicas if r.process] + [self.balancer.process]
        children = [p for p in children if p is not None and p.poll() is None]
        for p in children:
            p.terminate()
        deadline = time.monotonic() + STOP_TIMEOUT
        for p in children:
            try:
                p.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait()
        say(f"stopped {len(children)} processes")


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m deploy.cluster", description=__doc__.split("\n\n")[0])
    parser.add_argument("--replicas", type=int, default=2, help="Streamlit processes (about one per core)")
    parser.add_argument("--port", type=int, default=8501, help="the port learners open")
    parser.add_argument("--host", default="0.0.0.0", help="the address HAProxy listens on (127.0.0.1: this machine)")
    parser.add_argument("--no-restart", dest="restart", action="store_false",
                        help="stop the cluster when a replica exits instead of starting it again")
    args = parser.parse_args(argv)
    if args.replicas < 1:
        parser.error("--replicas must be at least 1")
    return args


def _terminate(signum, frame) -> None:
    raise KeyboardInterrupt  # SIGTERM stops the cluster as Ctrl-C does


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    secret = os.environ.get("VP_COOKIE_SECRET") or secrets.token_hex(32)
    workdir = Path(tempfile.mkdtemp(prefix="vp-cluster-"))
    for signum in (signal.SIGINT, signal.SIGTERM):  # SIGINT too: a shell's background job starts with it ignored
        signal.signal(signum, _terminate)
    cluster = None
    try:
        cluster = Cluster(args.replicas, args.host, args.port, secret, workdir, args.restart)
        cluster.up()
        cluster.watch()
    except KeyboardInterrupt:
        return 0
    except RuntimeError as error:
        say(f"error: {error}")
        return 1
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the clean-up
        if cluster is not None:
            cluster.stop()
        shutil.rmtree(workdir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
