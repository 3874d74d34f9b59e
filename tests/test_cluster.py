"""The class cluster (issue 18): ``python -m deploy.cluster --replicas 2`` on 127.0.0.1, HAProxy in front, driven
through the balancer as learners would be: sessions spread over both replicas and each browser stays on one, one
cookie secret, a download served by the learner's replica, a killed replica survived in Chromium, and SIGTERM
stops every process. One cluster serves the whole module (warming two replicas costs about a minute); the tests
run in the order written, the last one stops it."""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import signal
import time
import urllib.error
import urllib.request

import pytest

from tests.browsertools import IDLE, LOAD_TIMEOUT, RESULTS_DIR, open_page, screenshot, wait_for_charts
from tests.clustertools import (
    CHART_DATA_JS,
    BalancedClient,
    alive,
    chart_data,
    health,
    replica_cookie,
    slider_value,
    start_cluster,
    stop_cluster,
)
from tests.conftest import _free_port

RECONNECT_TIMEOUT = 120.0  # seconds for a page to find the other replica after its own was killed


@pytest.fixture(scope="module")
def cluster():
    running = start_cluster(_free_port())
    try:
        running.wait_for(r"^cluster ready: ")
        yield running
    finally:
        stop_cluster(running)


def in_own_loop(coroutine):
    """Run a coroutine on a thread of its own: in the full suite Playwright's sync API keeps an event loop running
    in the main thread, where asyncio.run() refuses to start another."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def session(cluster, jar: dict[str, str], path: str = "/hello"):
    client = BalancedClient(cluster.port, jar)
    try:
        run = await client.connect(path, timeout=300)
    finally:
        await client.close()
    return client.replica, run


def test_sessions_spread_over_both_replicas_and_each_browser_stays_on_one(cluster):
    served = []
    for _ in range(4):  # four browsers: four cookie jars
        jar = {}
        first = health(cluster.url, jar)
        assert jar["VP_REPLICA"] == first, jar  # HAProxy's sticky cookie names the replica that answered
        assert [health(cluster.url, jar) for _ in range(3)] == [first] * 3  # the same cookie, the same replica
        replica, run = in_own_loop(session(cluster, jar))
        assert run.ok and not run.exceptions, (run.status, run.exceptions)
        assert replica == first, "the websocket went to another replica than the browser's cookie names"
        served.append(first)
    assert set(served) == {"r1", "r2"}, served
    for name in ("r1", "r2"):  # a cookie set by hand picks the replica, whatever the balancing would choose
        assert {health(cluster.url, {"VP_REPLICA": name}) for _ in range(4)} == {name}


def test_one_cookie_secret_for_every_replica(cluster):
    """Both replicas got the same secret, in their environment (only this user can read it), not on the command
    line (every user's ps shows that). A browser's XSRF cookie set by r1 opens a session on r2. (In Streamlit 1.67
    the XSRF check compares a masked token with the cookie; the secret signs the login cookies, which then also hold
    on every replica.)"""
    pids = cluster.pids()
    secrets = set()
    for name in ("r1", "r2"):
        with open(f"/proc/{pids[name]}/environ", "rb") as f:
            env = dict(e.split(b"=", 1) for e in f.read().split(b"\0") if b"=" in e)
        secret = env[b"STREAMLIT_SERVER_COOKIE_SECRET"]
        with open(f"/proc/{pids[name]}/cmdline", "rb") as f:
            assert secret not in f.read()
        secrets.add(secret)
    assert len(secrets) == 1 and len(secrets.pop()) >= 32
    jar = {"VP_REPLICA": "r1"}
    assert health(cluster.url, jar) == "r1" and "_streamlit_xsrf" in jar
    jar["VP_REPLICA"] = "r2"
    replica, run = in_own_loop(session(cluster, jar, "/gates"))
    assert replica == "r2" and run.ok and not run.exceptions, (replica, run.status, run.exceptions)


@pytest.mark.browser
def test_a_download_comes_from_the_learners_replica(cluster, browser_page):
    """Streamlit keeps a download's file in the memory of the replica that wrote it: the sticky cookie sends the
    browser's request for it there. The same address with the other replica's cookie is not found."""
    page = browser_page
    page.context.clear_cookies()
    open_page(page, f"{cluster.url}/hello")
    page.wait_for_selector(".st-key-download_json button", timeout=LOAD_TIMEOUT)
    for key, name, start in (("download_csv", "hello_trace.csv", "t,"), ("download_json", "hello_config.json", "{")):
        with page.expect_download(timeout=LOAD_TIMEOUT) as info:
            page.locator(f".st-key-{key} button").click()
        download = info.value
        assert download.failure() is None and download.suggested_filename == name
        with open(download.path(), encoding="utf-8-sig") as f:
            text = f.read()
        assert text.startswith(start), text[:200]
    mine = replica_cookie(page)
    other = {"r1": "r2", "r2": "r1"}[mine]
    for cookie, expected in ((mine, 200), (other, 404)):
        request = urllib.request.Request(download.url, headers={"Cookie": f"VP_REPLICA={cookie}"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status = error.code
        assert status == expected, (download.url, cookie, status)


def view(page) -> dict:
    """What the learner sees of the step view: the sliders and the numbers in two of its charts."""
    return {"hidden": slider_value(page, "Hidden size H"), "t": slider_value(page, "Time step t"),
            "heatmap": chart_data(page, "hidden_heatmap"), "probs": chart_data(page, "output_probs")}


def wait_for_the_other_replica(page, other: str, sockets: list, opened_before: int) -> None:
    """Until the browser holds the other replica's cookie (HAProxy sent its reconnection there) and a websocket it
    opened after the kill is open, or RECONNECT_TIMEOUT passes."""
    deadline = time.monotonic() + RECONNECT_TIMEOUT
    while not (replica_cookie(page) == other and any(not ws.is_closed() for ws in sockets[opened_before:])):
        if time.monotonic() > deadline:
            screenshot(page, "cluster_no_reconnection.png")
            pytest.fail(f"no reconnection to {other}: cookie {replica_cookie(page)}, "
                        f"{len(sockets) - opened_before} websockets opened since the kill")
        page.wait_for_timeout(250)  # a poll interval: Playwright reports websockets while it waits


def step_view_screenshot(page, name: str) -> None:
    """The screen around the step view's charts (the whole page is 8000 px tall)."""
    page.locator(".st-key-hidden_heatmap").scroll_into_view_if_needed()
    page.screenshot(path=str(RESULTS_DIR / name))


@pytest.mark.browser
def test_a_killed_replica_is_survived(cluster, browser_page):
    """A learner's view with address-bound settings; the replica serving it is killed (SIGKILL); the page reconnects
    through the balancer to the other replica and still shows the same numbers (Streamlit keeps what it drew and does
    not rerun on a reconnection), and the learner goes on moving the step slider, a fragment the new replica's session
    has never run: ui/failover.py runs the whole page there instead, with the address's settings (H = 8 stays)."""
    page = browser_page
    page.context.clear_cookies()
    sockets = []
    page.on("websocket", lambda ws: sockets.append(ws))
    open_page(page, f"{cluster.url}/hello?hidden=8&t=3")
    wait_for_charts(page, 8)
    before = view(page)
    assert (before["hidden"], before["t"], len(before["heatmap"][0]["z"])) == ("8", "3", 8), before
    mine = replica_cookie(page)
    other = {"r1": "r2", "r2": "r1"}[mine]
    step_view_screenshot(page, "cluster_before_kill.png")
    opened_before = len(sockets)
    os.kill(cluster.pids()[mine], signal.SIGKILL)
    wait_for_the_other_replica(page, other, sockets, opened_before)
    assert view(page) == before
    step_view_screenshot(page, "cluster_after_kill.png")
    old = page.evaluate(f"key => JSON.stringify(({CHART_DATA_JS})(key))", "output_probs")
    page.locator('input[type=range][aria-label="Time step t"]').focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**t=4**", timeout=LOAD_TIMEOUT)
    page.wait_for_function(f"([key, old]) => {{ const d = ({CHART_DATA_JS})(key);"
                           " return d !== null && JSON.stringify(d) !== old; }",
                           arg=["output_probs", old],
                           timeout=LOAD_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=LOAD_TIMEOUT)
    after = view(page)
    assert after["t"] == "4" and after["hidden"] == "8" and after["probs"] != before["probs"]
    assert len(after["heatmap"][0]["z"]) == 8 and "t = 4" in page.locator(".st-key-output_probs").inner_text()
    assert replica_cookie(page) == other
    step_view_screenshot(page, "cluster_after_kill_moved.png")


def test_sigterm_stops_every_process(cluster):
    started = cluster.all_pids()
    assert all(alive(pid) for pid in cluster.pids().values())
    cluster.process.send_signal(signal.SIGTERM)
    assert cluster.process.wait(timeout=60) == 0
    cluster.wait_for(r"^stopped \d+ processes", timeout=10)
    assert not [pid for pid in started if alive(pid)]
