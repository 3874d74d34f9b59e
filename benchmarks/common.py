"""Helpers shared by the benchmarks: percentiles, a Streamlit server on a free loopback port, and timing of
slider moves on the server (AppTest) and in Chromium."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def summary(seconds) -> dict:
    ms = 1000 * np.asarray(seconds, dtype=float)
    return {"n": int(ms.size), "p50_ms": round(float(np.percentile(ms, 50)), 2),
            "p95_ms": round(float(np.percentile(ms, 95)), 2), "max_ms": round(float(ms.max()), 2)}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true", "--server.address",
         "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none"],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_healthy(port: int, deadline_s: float = 60) -> float:
    """Seconds until /_stcore/health answers ok."""
    start = time.perf_counter()
    while time.perf_counter() - start < deadline_s:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as r:
                if r.read() == b"ok":
                    return time.perf_counter() - start
        except OSError:
            time.sleep(0.05)
    raise TimeoutError("the server did not become healthy")


def fragment_reruns(module, name: str, page: str, moves, query: dict[str, str] | None = None,
                    setup=None) -> dict:
    """Time AppTest reruns of ``page`` for each widget move in ``moves`` (callables taking the AppTest), and
    the time spent inside the fragment ``module.name`` during them: the work a browser's move costs the server
    (Streamlit reruns only the fragment). AppTest runs the page in this process, so the page calls the wrapper."""
    from streamlit.testing.v1 import AppTest

    fragment, inside = getattr(module, name), []

    def timed(*args, **kwargs):
        start = time.perf_counter()
        fragment(*args, **kwargs)
        inside.append(time.perf_counter() - start)

    setattr(module, name, timed)
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.run()
        for key, value in (query or {}).items():
            at.query_params[key] = value
        at.switch_page(page).run()  # the first run computes; later reruns hit the caches
        if setup is not None:
            setup(at)
        times = []
        for move in moves:
            start = time.perf_counter()
            move(at)
            times.append(time.perf_counter() - start)
            assert not at.exception, at.exception
    finally:
        setattr(module, name, fragment)
    return {"server_rerun_full_script": summary(times), "server_fragment": summary(inside[-len(times):])}


def keypress_to_text(path: str, ready: str, slider: str, presses, load_timeout_ms: int = 120_000) -> dict:
    """In a fresh Chromium against a fresh server: open ``path``, wait for the text ``ready``, focus the slider
    named ``slider``, then for each (key, text) in ``presses`` time the key press until ``text`` appears."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    server = start_server(port)
    try:
        wait_healthy(port)
        with sync_playwright() as p:
            ctx = p.chromium.launch_persistent_context(tempfile.mkdtemp(), executable_path="/usr/bin/chromium",
                                                       headless=True, args=CHROMIUM_ARGS,
                                                       viewport={"width": 1400, "height": 1000})
            page = ctx.new_page()
            page.goto(f"http://127.0.0.1:{port}{path}")
            page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=load_timeout_ms)
            page.wait_for_selector(f"text={ready}", timeout=load_timeout_ms)
            # a lesson's first run holds the rest of the page back until the browser asks (ui/later.py): time the
            # key presses on the whole page, once it is there
            from tests.browsertools import HELD

            page.wait_for_selector(HELD, state="detached", timeout=load_timeout_ms)
            page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=load_timeout_ms)
            page.get_by_role("slider", name=slider).focus()
            times = []
            for key, text in presses:
                start = time.perf_counter()
                page.keyboard.press(key)
                page.wait_for_selector(f"text={text}", timeout=30000)
                times.append(time.perf_counter() - start)
            ctx.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return summary(times)


def in_language(lang: str):
    """A ``fragment_reruns`` setup that switches the page to ``lang`` as the sidebar's switch does."""
    def setup(at) -> None:
        at.session_state["lang"] = lang
        at.run()
    return setup


def language_flips(page: str, query: dict[str, str] | None = None, repeats: int = 10) -> dict:
    """AppTest reruns of ``page`` that flip 한국어 <-> English each time, beside reruns that change nothing (issue 15:
    a switch costs no more than any rerun). The first flip builds the Korean charts and is left out."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    same, switching = [], []
    for i in range(repeats + 1):
        start = time.perf_counter()
        at.run()
        same.append(time.perf_counter() - start)
        at.session_state["lang"] = "ko" if i % 2 == 0 else "en"
        start = time.perf_counter()
        at.run()
        switching.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    return {"rerun_same_language": summary(same[1:]), "rerun_switching_language": summary(switching[1:])}
