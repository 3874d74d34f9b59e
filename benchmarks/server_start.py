"""From `streamlit run` to a usable lesson page (budget: <= 3 s).

healthy_s: until the server answers /_stcore/health.  controls_s: until a fresh Chromium on /hello shows the
lesson's controls.  lesson_ready_s: until it has drawn all the lesson's charts (the first visitor also pays for
importing torch and for training).  reload_s: the same page loaded again (server warm, browser cache warm)."""

from __future__ import annotations

import tempfile
import time

from benchmarks.common import CHROMIUM_ARGS, free_port, start_server, wait_healthy

RUNS = 3
CHARTS_DRAWN = "document.querySelectorAll('.js-plotly-plot .main-svg').length >= 8"


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
        page.get_by_role("slider", name="Hidden size H").wait_for(timeout=60000)
        controls = time.perf_counter() - start
        page.wait_for_function(CHARTS_DRAWN, timeout=60000)
        ready = time.perf_counter() - start
        again = time.perf_counter()
        page.reload()
        page.wait_for_function(CHARTS_DRAWN, timeout=60000)
        reload = time.perf_counter() - again
        ctx.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    return {"healthy_s": round(healthy, 3), "controls_s": round(controls, 3), "lesson_ready_s": round(ready, 3),
            "reload_s": round(reload, 3)}


def run() -> dict:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        runs = [once(p) for _ in range(RUNS)]
    return {"runs": runs} | {f"median_{k}": sorted(r[k] for r in runs)[len(runs) // 2] for k in runs[0]}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
