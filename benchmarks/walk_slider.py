"""Moving the backward-pass slider on the vanishing lesson (budget: server-side rerun <= 30 ms at p95).

server_fragment: the time inside ``lessons.vanishing_views.walk_view`` (the st.fragment a browser's slider move
reruns, and nothing else), measured during AppTest reruns at the default settings (T = 60, H = 32) and at the
largest (T = 200, H = 128, where the LSTM's Jacobian is 256 x 256).
server_rerun_full_script: AppTest's whole-script rerun (an upper bound; it reruns every section).
browser_keypress_to_chart: Chromium presses ArrowLeft on the slider and waits for the Jacobian chart's new title.
"""

from __future__ import annotations

import tempfile
import time

from benchmarks.common import CHROMIUM_ARGS, ROOT, free_port, start_server, summary, wait_healthy

REPEATS = 30


def server_rerun(query: dict[str, str]) -> dict:
    from streamlit.testing.v1 import AppTest

    from lessons import vanishing_views

    fragment, inside = vanishing_views.walk_view, []

    def timed(*args, **kwargs):  # AppTest runs the page in this process, so the page calls this wrapper
        start = time.perf_counter()
        fragment(*args, **kwargs)
        inside.append(time.perf_counter() - start)

    vanishing_views.walk_view = timed
    try:
        at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
        at.run()
        for key, value in query.items():
            at.query_params[key] = value
        at.switch_page("lessons/vanishing.py").run()
        at.radio(key="walk_cell").set_value("LSTM").run()  # the largest Jacobian
        T = int(query.get("T", 60))
        times = []
        for i in range(REPEATS):
            start = time.perf_counter()
            at.slider(key="k").set_value(T - 1 - (i % (T - 1))).run()
            times.append(time.perf_counter() - start)
            assert not at.exception, at.exception
    finally:
        vanishing_views.walk_view = fragment
    return {"server_rerun_full_script": summary(times), "server_fragment": summary(inside[-REPEATS:])}


def browser_keypress() -> dict:
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
            page.goto(f"http://127.0.0.1:{port}/vanishing")
            page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=120000)
            page.wait_for_selector("text=The local Jacobian", timeout=120000)
            thumb = page.get_by_role("slider", name="Back to step k")
            thumb.focus()
            times = []
            for i in range(REPEATS // 2):
                k = 59 - 1 - i
                start = time.perf_counter()
                page.keyboard.press("ArrowLeft")
                page.wait_for_selector(f"text=∂s_{{{k + 1}}}/∂s_{{{k}}}", timeout=30000)
                times.append(time.perf_counter() - start)
            ctx.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return summary(times)


def run() -> dict:
    return {"default_T60_H32": server_rerun({}),
            "largest_T200_H128": server_rerun({"T": "200", "H": "128"}),
            "browser_keypress_to_chart": browser_keypress()}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
