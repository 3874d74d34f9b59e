"""Small writes sent at once: TCP_NODELAY on the server's sockets.

Streamlit 1.67 binds its listening socket itself (``streamlit/web/server/starlette/starlette_server.py``,
``_bind_socket``: ``socket.socket(family=...)``, protocol number 0). asyncio turns Nagle's algorithm off only on
sockets whose protocol number says TCP (``asyncio.base_events._set_nodelay``), so every connection the server
accepts keeps it on: the first message of a rerun goes out, the rest wait for the browser's delayed ACK (40 ms on
Linux, up to 200 ms on Windows). Measured with benchmarks/client.py: two slider moves less than 45 ms apart took
48 ms each instead of 9 (the same bug in uvicorn: Kludex/uvicorn issue 3149).

``no_delay()`` sets TCP_NODELAY on every TCP socket the process holds: the listening socket, which Linux copies
to every connection it accepts from then on, and the connections already open. It runs once, on the first page
run (app.py), before any learner has waited for a second message."""

from __future__ import annotations

import os
import socket
import stat


def _descriptors() -> list[int]:
    try:
        return sorted(int(fd) for fd in os.listdir("/proc/self/fd"))
    except OSError:  # no /proc (macOS): look through the usual range
        return list(range(3, 1024))


def no_delay() -> int:
    """Set TCP_NODELAY on every TCP socket of this process; how many sockets it set."""
    done = 0
    for fd in _descriptors():
        try:
            if not stat.S_ISSOCK(os.fstat(fd).st_mode):
                continue
            sock = socket.socket(fileno=os.dup(fd))  # a second handle on the same socket: closing it closes only it
        except OSError:
            continue
        with sock:
            if sock.family in (socket.AF_INET, socket.AF_INET6) and sock.type == socket.SOCK_STREAM:
                try:
                    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                    done += 1
                except OSError:
                    pass
    return done
