"""Fixtures for the browser tests: a real `streamlit run` server and the system Chromium driven by Playwright.

Playwright's own browser download does not work everywhere, so the tests launch Debian's Chromium
(`apt-get install -y chromium`) through `executable_path`. Locally a missing Chromium skips the browser tests;
in CI (CI=true) it fails them, because CI must run them."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO_ROOT / "test-results"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VIEWPORT = {"width": 1400, "height": 1000}
SERVER_START_TIMEOUT = 60.0  # seconds; a cold start imports torch and plotly
HEALTH_POLL_INTERVAL = 0.2
MISSING_CHROMIUM = "Chromium not found: install it with `apt-get install -y chromium` (see README)"


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() == "true"


def _skip_or_fail(message: str) -> None:
    """Skip locally; fail in CI, where the browser tests must run."""
    if _in_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The system Chromium, checked before any server is started."""
    if not Path(CHROMIUM).exists():
        _skip_or_fail(MISSING_CHROMIUM)
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        _skip_or_fail("The Python package playwright is not installed: pip install -r requirements-dev.txt")
    return CHROMIUM


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200 and response.read().decode().strip() == "ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def start_app(port: int, log_path) -> subprocess.Popen:
    """`streamlit run app.py` on 127.0.0.1:port, returned once /_stcore/health says ok (fails the test if not)."""
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none",
               "--browser.gatherUsageStats", "false"]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO_ROOT, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while not _healthy(f"http://127.0.0.1:{port}/_stcore/health"):
        if process.poll() is not None:
            pytest.fail(f"streamlit exited with code {process.returncode} before it was healthy:\n"
                        f"{log_path.read_text(errors='replace')[-3000:]}", pytrace=False)
        if time.monotonic() > deadline:
            _stop(process)
            pytest.fail(f"streamlit was not healthy after {SERVER_START_TIMEOUT:.0f} s:\n"
                        f"{log_path.read_text(errors='replace')[-3000:]}", pytrace=False)
        time.sleep(HEALTH_POLL_INTERVAL)
    return process


@pytest.fixture(scope="session")
def app_url(chromium_path, tmp_path_factory) -> str:
    """Start `streamlit run app.py` on a free port, wait until /_stcore/health says ok, yield the base URL."""
    port = _free_port()
    process = start_app(port, tmp_path_factory.mktemp("streamlit") / "server.log")
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def _browser_context(chromium_path):
    """One headless Chromium for the session, with a fresh profile directory."""
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="vp-chromium-") as profile, sync_playwright() as p:
        context = p.chromium.launch_persistent_context(user_data_dir=profile, executable_path=chromium_path,
                                                       headless=True, args=CHROMIUM_ARGS, viewport=VIEWPORT)
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def browser_page(_browser_context):
    """A fresh tab (so a fresh Streamlit session) at 1400 x 1000."""
    RESULTS_DIR.mkdir(exist_ok=True)
    page = _browser_context.new_page()
    page.set_viewport_size(VIEWPORT)
    try:
        yield page
    finally:
        page.close()
