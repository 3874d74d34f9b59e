"""The balancer's configuration as deploy/cluster.py writes it, checked without starting anything: HAProxy accepts
it (``haproxy -c``), and it says what README's class section promises."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from deploy.balancer import HAPROXY, Balancer, Server, config
from deploy.cluster import parse
from deploy.replica import PAGES, command
from ui.registry import LESSONS

SERVERS = [Server("r1", 9001), Server("r2", 9002)]


def seconds(text: str) -> float:
    value, unit = re.fullmatch(r"(\d+)(ms|s|m|h|d)?", text).groups()
    return int(value) * {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400, None: 0.001}[unit]


def test_haproxy_accepts_the_configuration(tmp_path):
    if not Path(HAPROXY).exists():
        pytest.skip("HAProxy not found: apt-get install -y haproxy")
    Balancer("127.0.0.1", 8501, SERVERS, tmp_path).check()


def test_the_configuration_says_what_the_readme_promises(tmp_path):
    text = config("0.0.0.0", 8501, SERVERS, tmp_path / "haproxy.sock")
    directives = [line.split("#", 1)[0].strip() for line in text.splitlines()]
    directives = [d for d in directives if d]
    assert "bind 0.0.0.0:8501" in directives
    cookie = next(d for d in directives if d.startswith("cookie "))
    assert cookie.split()[1:4] == ["VP_REPLICA", "insert", "indirect"] and "nocache" in cookie
    assert not any(d.startswith("balance source") or "ip_hash" in d for d in directives)  # not per address
    timeouts = {d.split()[1]: seconds(d.split()[2]) for d in directives if d.startswith("timeout ")}
    assert timeouts["tunnel"] >= 2 * 3600  # a lecture's websocket
    assert "option httpchk GET /_stcore/health" in directives and "option redispatch" in directives
    assert any(d.startswith("default-server check") for d in directives)
    assert [d for d in directives if d.startswith("server ")] == [
        "server r1 127.0.0.1:9001 cookie r1 disabled", "server r2 127.0.0.1:9002 cookie r2 disabled"]
    assert f"stats socket {tmp_path / 'haproxy.sock'} mode 600 level admin" in directives


def test_a_replica_is_the_class_command_on_loopback_and_warms_every_lesson():
    argv = command(8600)
    assert argv[argv.index("--server.address") + 1] == "127.0.0.1" and argv[argv.index("--server.port") + 1] == "8600"
    assert argv[argv.index("--server.headless") + 1] == "true" and "app.py" in argv
    assert not any("cookieSecret" in a for a in argv)  # the secret goes in the environment, not on `ps`
    assert {lesson.url_path for lesson in LESSONS} <= set(PAGES) and "" in PAGES


def test_the_command_line():
    args = parse(["--replicas", "3", "--port", "8600"])
    assert (args.replicas, args.port, args.host, args.restart) == (3, 8600, "0.0.0.0", True)
    with pytest.raises(SystemExit):
        parse(["--replicas", "0"])
