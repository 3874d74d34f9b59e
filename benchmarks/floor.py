"""The lessons against Streamlit's own floor, measured side by side in one run (issue 19).

The floor is benchmarks/floor_app.py: one fragment, one slider, one small heatmap. Two servers run at once, the
floor and the lab (``streamlit run``, on 127.0.0.1; the lab's pages are visited once first, so models are trained and
cached, as for any learner after the first). Then, ``--rounds`` times round, each page in turn gets a fresh headless
Chromium context (no cache, no session) and is timed:

- first paint: from navigation until the step view's chart is drawn (its title text appears) and painted. The page
  itself records it (PAINTED_JS: a MutationObserver sees the chart title's text put in, then the time is taken after the
  next frame, which the browser paints only when the task drawing the chart is done). Playwright's own polling runs
  on the page's main thread, so it saw the title only once the next long task (the rest of the page) had ended;
- whole page: from navigation until the whole page is drawn (every chart drawn, no element still loading, and no
  "first screen first" hold, ui/later.py, left waiting for the rest); the key presses start after it;
- key press -> redraw: the step slider focused, ArrowRight pressed ``--presses`` times, each timed until the next
  step's title text is drawn.

It prints JSON: per page the times, and each figure's ratio to the floor's from the same rounds.

``--compare DIR`` also runs the lab from another checkout (DIR, e.g. a ``git worktree`` of an older commit) and
times its pages as ``<page>@compare`` in the same rounds, so two versions of the code meet the same machine.

Usage: python -m benchmarks.floor [--rounds 2] [--presses 6] [--pages hello,gates,translate,vanishing,selfattn]
       [--compare DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ROOT, free_port, wait_healthy  # noqa: E402
from benchmarks.procs import start_server  # noqa: E402
from tests.browsertools import HELD, LOADING  # noqa: E402
from tests.conftest import CHROMIUM_ARGS  # noqa: E402

# page: (address, the step view's drawn title at the first step, slider name, title after each press: {t} the
# step, {next} the step after it), first step, key pressed: ArrowRight walks forward, ArrowLeft back (vanishing's
# k walks backward through time from its default, k = T - 1 = 59, where its Jacobian is ds_60/ds_59)
PAGES = {
    "floor": ("/", "Floor: step t = 1 boxed", "Floor step", "Floor: step t = {t} boxed", 1, "ArrowRight"),
    "hello": ("/hello?text=hello+world&t=1", "(step t = 1 boxed)", "Time step t", "(step t = {t} boxed)", 1,
              "ArrowRight"),
    "gates": ("/gates?t=1", "(step t = 1 boxed, unit", "Step t", "(step t = {t} boxed, unit", 1, "ArrowRight"),
    "translate": ("/translate?t=1", "Step 1: scores, then softmax weights", "Decoder step t",
                  "Step {t}: scores, then softmax weights", 1, "ArrowRight"),
    "vanishing": ("/vanishing", "The local Jacobian ∂s_{60}/∂s_{59}", "Back to step k",
                  "The local Jacobian ∂s_{{{next}}}/∂s_{{{t}}}", 59, "ArrowLeft"),
    "selfattn": ("/self-attention", "; head 1 of", ".st-key-head", "; head {t} of", 1, "ArrowRight"),
}  # a slider named by its label, or by its widget key's class where two sliders share the label


PAINTED_JS = """(() => {
  const want = %s;
  const seen = () => {
    if (window.__vpPainted !== undefined) return;
    if (!Array.from(document.querySelectorAll(".gtitle")).some((g) => g.textContent.includes(want))) return;
    window.__vpPainted = null;
    requestAnimationFrame(() => setTimeout(() => { window.__vpPainted = performance.now(); }, 0));
  };
  new MutationObserver(seen).observe(document, {childList: true, subtree: true, characterData: true});
})();"""
COMPLETE_JS = f"""() => !document.querySelector({json.dumps(HELD)}) && !document.querySelector({json.dumps(LOADING)})
  && Array.from(document.querySelectorAll('[data-testid="stPlotlyChart"]')).every(c => c.querySelector('.main-svg'))"""


def thumb_of(page, slider: str):
    """The step slider's thumb (its range input)."""
    if slider.startswith(".st-key-"):
        return page.locator(slider).get_by_role("slider")
    return page.get_by_role("slider", name=slider)


def start_floor(port: int) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(ROOT / "benchmarks" / "floor_app.py"), "--server.headless",
         "true", "--server.address", "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none",
         "--browser.gatherUsageStats", "false"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def visit(browser, url: str, ready: str, slider: str, after: str, first: int, key: str, presses: int) -> dict:
    """One fresh context: first paint, then each key press until the next step is drawn (seconds)."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(PAINTED_JS % json.dumps(ready))
    page = context.new_page()
    try:
        start = time.perf_counter()
        page.goto(url)
        page.get_by_text(ready).first.wait_for(timeout=120_000)
        page.wait_for_function("() => typeof window.__vpPainted === 'number'", timeout=120_000)
        paint = page.evaluate("() => window.__vpPainted") / 1000  # ms from the navigation's start
        page.wait_for_function(COMPLETE_JS, timeout=120_000)
        whole = time.perf_counter() - start
        thumb = thumb_of(page, slider)
        thumb.focus()
        span = int(float(thumb.get_attribute("max"))) - int(float(thumb.get_attribute("min")))  # steps it can move
        back = {"ArrowRight": "ArrowLeft", "ArrowLeft": "ArrowRight"}[key]
        sign = -1 if key == "ArrowLeft" else 1
        keys, away, way = [], 0, 1  # away: steps from ``first`` in the key's direction; at an end, turn back
        for _ in range(presses):
            if not 0 <= away + way <= span:
                way = -way
            away += way
            pressed = key if way == 1 else back
            t = first + sign * away
            start = time.perf_counter()
            page.keyboard.press(pressed)
            page.get_by_text(after.format(t=t, next=t + 1)).first.wait_for(timeout=30_000)
            keys.append(time.perf_counter() - start)
        return {"first_paint_s": paint, "whole_s": whole, "keys_s": keys}
    finally:
        context.close()


def stats(points: list[dict]) -> dict:
    paint = np.array([p["first_paint_s"] for p in points])
    keys = 1000 * np.array([k for p in points for k in p["keys_s"]])
    return {"first_paint_s": [round(float(x), 2) for x in paint],
            "first_paint_median_s": round(float(np.median(paint)), 2),
            "whole_page_median_s": round(float(np.median([p["whole_s"] for p in points])), 2),
            "key_p50_ms": round(float(np.percentile(keys, 50)), 1),
            "key_p95_ms": round(float(np.percentile(keys, 95)), 1), "key_n": int(keys.size)}


def run(pages: list[str], rounds: int, presses: int, compare: Path | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    ports = {"floor": free_port(), "lab": free_port(), "compare": free_port()}
    servers = {"floor": start_floor(ports["floor"]), "lab": start_server(ports["lab"])}
    if compare is not None:
        servers["compare"] = start_server(ports["compare"], root=compare)
    timed = [("floor", "floor")] + [(name, "lab") for name in pages]
    timed += [(f"{name}@compare", "compare") for name in pages] if compare is not None else []
    try:
        for server in servers:
            wait_healthy(ports[server], 120)
        points = {name: [] for name, _ in timed}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
            for name, server in timed[1:]:  # warm: each lesson's models trained and cached before the timed rounds
                url, ready, slider, after, first, key = PAGES[name.split("@")[0]]
                visit(browser, f"http://127.0.0.1:{ports[server]}{url}", ready, slider, after, first, key, 0)
            for _ in range(rounds):
                for name, server in timed:
                    url, ready, slider, after, first, key = PAGES[name.split("@")[0]]
                    points[name].append(visit(browser, f"http://127.0.0.1:{ports[server]}{url}", ready, slider,
                                              after, first, key, presses))
            browser.close()
    finally:
        for server in servers.values():
            server.terminate()
            server.wait(30)
    out = {name: stats(ps) for name, ps in points.items()}
    base = out["floor"]
    for name, _ in timed[1:]:
        out[name]["ratio_first_paint"] = round(out[name]["first_paint_median_s"] / base["first_paint_median_s"], 2)
        out[name]["ratio_whole_page"] = round(out[name]["whole_page_median_s"] / base["whole_page_median_s"], 2)
        out[name]["ratio_key_p50"] = round(out[name]["key_p50_ms"] / base["key_p50_ms"], 2)
        out[name]["ratio_key_p95"] = round(out[name]["key_p95_ms"] / base["key_p95_ms"], 2)
    return {"started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "cpus": os.cpu_count(), "rounds": rounds,
            "presses": presses, "compare": str(compare) if compare else None, "pages": out}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--presses", type=int, default=6)
    parser.add_argument("--pages", default="hello,gates,translate")
    parser.add_argument("--compare", type=Path, default=None, help="another checkout's lab, timed in the same rounds")
    args = parser.parse_args()
    print(json.dumps(run(args.pages.split(","), args.rounds, args.presses, args.compare), indent=2))
