"""From `streamlit run` to a usable lesson page (budget: <= 3 s).

healthy_s: until the server answers /_stcore/health.  lesson_ready_s: until a fresh Chromium showing
/hello has finished the script and drawn the lesson's charts (the first visitor also pays for training)."""

from __future__ import annotations

import tempfile
import time

from benchmarks.common import CHROMIUM_ARGS, free_port, start_server, wait_healthy

RUNS = 3


def once(p) -> dict:
    port = free_port()
    start = time.perf_counter()
    server = start_server(port)
    try:
        healthy = wait_healthy(port)
        ctx = p.chromium.launch_persistent_context(tempfile.mkdtemp(), executable_path="/usr/bin/chromium",
                                                   headless=True, args=CHROMIUM_ARGS)
        page = ctx.new_page()
        page.goto(f"http://127.0.0.1:{port}/hello")
        page.wait_for_function("document.querySelectorAll('.js-plotly-plot .main-svg').length >= 8", timeout=60000)
        page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=60000)
        ready = time.perf_counter() - start
        ctx.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {"healthy_s": round(healthy, 3), "lesson_ready_s": round(ready, 3)}


def run() -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        runs = [once(p) for _ in range(RUNS)]
    ready = sorted(r["lesson_ready_s"] for r in runs)
    return {"runs": runs, "median_lesson_ready_s": ready[len(ready) // 2]}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
