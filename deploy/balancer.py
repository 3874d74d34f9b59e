"""HAProxy in front of the replicas: its configuration from deploy/haproxy.cfg.in, the process, and its runtime API.

Why HAProxy (Debian's /usr/sbin/haproxy) and not nginx: open-source nginx has no sticky cookie it sets itself (its
``sticky cookie`` is in the commercial edition; ``ip_hash`` would put a class behind one school NAT on one replica),
and no active health checks (it notices a dead replica only when a learner's request fails). HAProxy inserts a
cookie per browser (``cookie VP_REPLICA insert``), checks ``/_stcore/health`` every second, proxies websockets with
its own ``timeout tunnel``, sends a learner whose replica died to a live one (``option redispatch``), and takes
servers in and out at run time over a socket, which is how a replica joins only once it is warm.
"""

from __future__ import annotations

import csv
import io
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from string import Template

HAPROXY = "/usr/sbin/haproxy"
TEMPLATE = Path(__file__).with_name("haproxy.cfg.in")
BACKEND = "app"


@dataclass(frozen=True)
class Server:
    name: str  # r1, r2, ...: also the value of the VP_REPLICA cookie that sticks a browser to it
    port: int  # on 127.0.0.1


def config(host: str, port: int, servers: list[Server], socket_path: Path) -> str:
    """HAProxy's configuration: the template with the address, the replicas (all disabled) and the socket."""
    lines = "\n".join(f"    server {s.name} 127.0.0.1:{s.port} cookie {s.name} disabled" for s in servers)
    return Template(TEMPLATE.read_text()).substitute(host=host, port=port, servers=lines, socket=socket_path)


class Balancer:
    """One HAProxy process in the foreground (``-db``), configured in ``workdir``."""

    def __init__(self, host: str, port: int, servers: list[Server], workdir: Path):
        self.host, self.port, self.servers = host, port, servers
        self.socket = workdir / "haproxy.sock"
        self.config_file = workdir / "haproxy.cfg"
        self.config_file.write_text(config(host, port, servers, self.socket))
        self.process: subprocess.Popen | None = None

    def check(self) -> None:
        """``haproxy -c``: the configuration is valid (RuntimeError with HAProxy's message if not)."""
        done = subprocess.run([HAPROXY, "-c", "-f", str(self.config_file)], capture_output=True, text=True,
                              check=False)
        if done.returncode != 0:
            raise RuntimeError(f"haproxy rejected {self.config_file}:\n{done.stdout}{done.stderr}")

    def start(self, **popen) -> subprocess.Popen:
        self.check()
        self.process = subprocess.Popen([HAPROXY, "-db", "-f", str(self.config_file)], **popen)
        return self.process

    def command(self, line: str, timeout: float = 10) -> str:
        """One command on the runtime API (the stats socket), its answer."""
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(timeout)
            s.connect(str(self.socket))
            s.sendall(line.encode() + b"\n")
            chunks = []
            while chunk := s.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks).decode()

    def enable(self, name: str) -> None:
        """Take a replica out of maintenance: it takes learners once its health checks pass."""
        answer = self.command(f"enable server {BACKEND}/{name}").strip()
        if answer:
            raise RuntimeError(f"haproxy: enable server {BACKEND}/{name}: {answer}")

    def disable(self, name: str) -> None:
        """Put a replica in maintenance: HAProxy sends its browsers elsewhere, whatever their cookie says."""
        self.command(f"disable server {BACKEND}/{name}")

    def states(self) -> dict[str, str]:
        """Each replica's status as HAProxy sees it: "UP", "DOWN", "MAINT", "UP 1/2" (rising), ..."""
        text = self.command("show stat").lstrip("# ")
        rows = csv.DictReader(io.StringIO(text))
        return {r["svname"]: r["status"] for r in rows if r["pxname"] == BACKEND and r["svname"] != "BACKEND"}
