"""Moving the timestep slider on "Hello, RNN" (budget: server-side rerun <= 30 ms at the 95th percentile).

server_rerun_full_script: AppTest moves the slider and reruns. AppTest reruns the *whole* script (it does not
run fragments alone), so this is an upper bound on what a slider move costs the server.
server_fragment: the time inside the timestep fragment (``lessons.hello_step.step_view``) during those same
reruns: exactly the work a browser's slider move makes the server do (Streamlit reruns only the fragment).
browser_keypress_to_chart: a real Chromium presses ArrowRight on the slider and waits until the heatmap's
title names the new step: the time a learner waits, network and drawing included.
"""

from __future__ import annotations

import tempfile
import time

from benchmarks.common import CHROMIUM_ARGS, ROOT, free_port, start_server, summary, wait_healthy

REPEATS = 40


def server_rerun() -> dict:
    from streamlit.testing.v1 import AppTest

    from lessons import hello_step

    fragment, inside = hello_step.step_view, []

    def timed(*args, **kwargs):  # AppTest runs the page in this process, so the page calls this wrapper
        start = time.perf_counter()
        fragment(*args, **kwargs)
        inside.append(time.perf_counter() - start)

    hello_step.step_view = timed
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60)
    at.run()
    at.switch_page("lessons/hello.py").run()  # trains once; later reruns hit the cache
    times = []
    for i in range(REPEATS):
        slider = at.slider(key="t")
        start = time.perf_counter()
        slider.set_value(1 + (i + 1) % 4).run()
        times.append(time.perf_counter() - start)
        assert not at.exception, at.exception
    hello_step.step_view = fragment
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
            page.goto(f"http://127.0.0.1:{port}/hello?text=hello+world")
            page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60000)
            page.wait_for_selector("text=step t = 1 boxed", timeout=60000)
            thumb = page.get_by_role("slider", name="Time step t")
            thumb.focus()
            times = []
            for i in range(REPEATS // 2):
                key, t = ("ArrowRight", 2 + i % 9) if (i // 9) % 2 == 0 else ("ArrowLeft", 9 - i % 9)
                start = time.perf_counter()
                page.keyboard.press(key)
                page.wait_for_selector(f"text=step t = {t} boxed", timeout=30000)
                times.append(time.perf_counter() - start)
            ctx.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return summary(times)


def run() -> dict:
    return server_rerun() | {"browser_keypress_to_chart": browser_keypress()}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
