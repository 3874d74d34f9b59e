"""ui/nodelay.py: the server's sockets get TCP_NODELAY, the listening one included, so connections it accepts
later have it too (Streamlit binds its listener with protocol number 0, and asyncio then leaves Nagle on)."""

import socket

from ui.nodelay import no_delay


def nodelay(sock: socket.socket) -> int:
    return sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)


def test_sets_tcp_nodelay_on_the_listener_open_connections_and_later_ones():
    with socket.socket(family=socket.AF_INET) as listener:  # as Streamlit's _bind_socket makes it: proto 0
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        assert listener.proto == 0
        client = socket.create_connection(listener.getsockname())
        accepted, _ = listener.accept()
        with client, accepted:
            assert nodelay(listener) == 0 and nodelay(accepted) == 0  # what asyncio would have left as it is
            assert no_delay() >= 3
            assert nodelay(listener) and nodelay(accepted) and nodelay(client)
            later = socket.create_connection(listener.getsockname())
            accepted_later, _ = listener.accept()
            with later, accepted_later:
                assert nodelay(accepted_later)  # inherited from the listener


def test_leaves_other_descriptors_alone(tmp_path):
    a, b = socket.socketpair()  # AF_UNIX: no TCP options
    with a, b, open(tmp_path / "f", "w") as f:
        no_delay()
        a.sendall(b"x")
        assert b.recv(1) == b"x" and not f.closed and f.fileno() >= 0
