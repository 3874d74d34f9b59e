"""Where the browser's time goes (issue 19): first paint and a step slider's key press, on the floor and on each
lesson of benchmarks/floor.py, probed with Chromium's DevTools protocol.

For each page, one fresh headless context:

- an init script wraps the WebSocket (the time and size of every message in and out) and watches the document
  (a MutationObserver: every Plotly graph drawn anew, ``svg.main-svg`` added, every KaTeX formula, ``.katex``
  added, and the moment the awaited chart title appears); a capture-phase keydown listener marks the press;
- Chromium's trace (``devtools.timeline``) gives the renderer main thread's time by kind: script, style, layout,
  paint, garbage collection, and the time it was idle (waiting for the server or the network);
- the CPU profiler (``Profiler`` domain, 100 µs samples) gives the script time by the file it ran in: Plotly
  (PlotlyChart.*.js), KaTeX (katex.*.js), Streamlit and React (index.*.js), and the rest.

It prints JSON: per page, for first paint and for each probed key press, the window (ms), the main thread's time
by kind, the script time by file, the charts drawn anew and formulas set, and the websocket timeline (key press ->
message out -> first message in -> last message in -> title drawn).

Usage: python -m benchmarks.browser_probe [--pages hello,gates,translate] [--presses 3]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import free_port, wait_healthy  # noqa: E402
from benchmarks.floor import PAGES, start_floor, thumb_of  # noqa: E402
from benchmarks.procs import start_server, stop  # noqa: E402
from benchmarks.trace_tools import CATEGORIES, phases  # noqa: E402
from tests.conftest import CHROMIUM_ARGS  # noqa: E402

INIT = r"""
(() => {
  const P = window.__vp = {ws: [], svg: [], katex: [], title: null, want: null, press: null};
  const Native = window.WebSocket;
  const size = (d) => d == null ? 0 : (d.byteLength ?? d.size ?? d.length ?? 0);
  class Probed extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', (e) => {
        P.ws.push(['in', performance.now(), size(e.data)]);
        performance.mark('vp-in');
      });
    }
    send(d) { P.ws.push(['out', performance.now(), size(d)]); performance.mark('vp-out'); return super.send(d); }
  }
  window.WebSocket = Probed;
  addEventListener('keydown', () => { P.press = performance.now(); performance.mark('vp-press'); }, true);
  const seen = (node) => {
    if (node.nodeType !== 1) return;
    const now = performance.now();
    if (node.matches('svg.main-svg')) P.svg.push(now);
    else node.querySelectorAll?.('svg.main-svg').forEach(() => P.svg.push(now));
    if (node.matches('.katex')) P.katex.push(now);
    else node.querySelectorAll?.('.katex').forEach(() => P.katex.push(now));
  };
  const look = () => {
    if (P.want && P.title === null) {
      for (const t of document.querySelectorAll('text.gtitle')) {
        if (t.textContent.includes(P.want)) { P.title = performance.now(); performance.mark('vp-title'); break; }
      }
    }
  };
  new MutationObserver((records) => {
    for (const r of records) r.addedNodes.forEach(seen);
    look();
  }).observe(document, {childList: true, subtree: true, characterData: true});
})();
"""

def page_numbers(page) -> dict:
    return page.evaluate("() => window.__vp")


def timeline(P: dict, start: float) -> dict:
    """The websocket and drawing timeline after ``start`` (performance.now ms), relative to it."""
    out = [w for w in P["ws"] if w[0] == "out" and w[1] >= start]
    ins = [w for w in P["ws"] if w[0] == "in" and w[1] >= start]
    end = P["title"]

    def rel(x):
        return None if x is None else round(x - start, 1)

    before = [w for w in ins if w[1] <= end] if end else ins
    return {"first_out_ms": rel(out[0][1]) if out else None,
            "first_in_ms": rel(ins[0][1]) if ins else None,
            "last_in_before_title_ms": rel(before[-1][1]) if before else None,
            "messages_in_before_title": len(before), "bytes_in_before_title": sum(w[2] for w in before),
            "title_ms": rel(end),
            "main_svgs_added_before_title": sum(1 for s in P["svg"] if start <= s <= (end or 1e18)),
            "main_svgs_added_total": sum(1 for s in P["svg"] if s >= start),
            "katex_set_before_title": sum(1 for s in P["katex"] if start <= s <= (end or 1e18)),
            "katex_set_total": sum(1 for s in P["katex"] if s >= start)}


def probe(browser, base: str, name: str, presses: int) -> dict:
    url, ready, slider, after, first, key = PAGES[name]
    sign = -1 if key == "ArrowLeft" else 1
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    context.add_init_script(INIT)
    page = context.new_page()
    out = {}
    try:
        page.goto(base + "/_stcore/health")  # same origin first, so the profiler's session survives navigation
        cdp = context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 100})
        browser.start_tracing(page=page, categories=CATEGORIES)
        cdp.send("Profiler.start")
        page.evaluate("() => 0")
        page.goto(base + url, wait_until="commit")
        page.evaluate("(w) => { window.__vp.want = w; }", ready)
        page.wait_for_function("() => window.__vp.title !== null", timeout=120_000)
        profile = cdp.send("Profiler.stop")["profile"]
        trace = json.loads(browser.stop_tracing())
        P = page_numbers(page)
        nav = page.evaluate("() => performance.getEntriesByType('navigation')[0].startTime")
        fonts = page.evaluate("""() => performance.getEntriesByType('resource')
            .filter(r => /woff2?|ttf/.test(r.name)).map(r => [r.name.split('/').pop(), Math.round(r.responseEnd)])""")
        scripts = page.evaluate("""() => performance.getEntriesByType('resource')
            .filter(r => r.initiatorType === 'script' || /\\.js$/.test(r.name))
            .map(r => [r.name.split('/').pop(), Math.round(r.startTime), Math.round(r.responseEnd),
                       r.encodedBodySize])""")
        out["first_paint"] = {"title_ms_after_navigation": round(P["title"] - nav, 1),
                              "phases": phases(trace, profile, True), **timeline(P, nav),
                              "fonts_loaded_ms": fonts,
                              "big_scripts": [s for s in scripts if s[3] > 100_000]}
        thumb_of(page, slider).focus()
        for n in range(1, presses + 1):
            page.evaluate("(w) => { const P = window.__vp; P.want = w; P.title = null; performance.clearMarks(); }",
                          after.format(t=first + sign * n, next=first + sign * n + 1))
            browser.start_tracing(page=page, categories=CATEGORIES)
            cdp.send("Profiler.start")
            started = time.perf_counter()
            page.keyboard.press(key)
            page.wait_for_function("() => window.__vp.title !== null", timeout=30_000)
            wall = time.perf_counter() - started
            # everything this press caused, until the script is done and the page is still
            page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]")
            page.evaluate("() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")
            profile = cdp.send("Profiler.stop")["profile"]
            trace = json.loads(browser.stop_tracing())
            P = page_numbers(page)
            out[f"press_{n}"] = {"wall_ms": round(1000 * wall, 1),
                                 "phases": phases(trace, profile, False), **timeline(P, P["press"])}
        out["elements"] = page.evaluate("""() => ({
            element_containers: document.querySelectorAll('[data-testid=stElementContainer]').length,
            plotly_charts: document.querySelectorAll('.stPlotlyChart').length,
            katex: document.querySelectorAll('.katex').length,
            dom_nodes: document.getElementsByTagName('*').length})""")
        return out
    finally:
        context.close()


def run(pages: list[str], presses: int) -> dict:
    from playwright.sync_api import sync_playwright

    floor_port, lab_port = free_port(), free_port()
    floor, lab = start_floor(floor_port), start_server(lab_port)
    try:
        wait_healthy(floor_port, 120)
        wait_healthy(lab_port, 120)
        out = {}
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
            for name in pages:  # warm: models trained and cached, as for any learner after the first
                url, ready, *_ = PAGES[name]
                context = browser.new_context()
                page = context.new_page()
                page.goto(f"http://127.0.0.1:{lab_port}{url}")
                page.get_by_text(ready).first.wait_for(timeout=300_000)
                context.close()
            for name in ["floor", *pages]:
                port = floor_port if name == "floor" else lab_port
                out[name] = probe(browser, f"http://127.0.0.1:{port}", name, presses)
            browser.close()
    finally:
        for server in (floor, lab):
            stop(server, 30)
    return {"started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "pages": out}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", default="hello,gates,translate")
    parser.add_argument("--presses", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(run(args.pages.split(","), args.presses), indent=2))
