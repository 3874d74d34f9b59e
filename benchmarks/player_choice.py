"""Plotly's own animation frames against the lab's step player (ui/player.py), for hello's step view (issue 19:
"use Plotly frames with its own slider and buttons, or a st.components.v2 view; measure both, and choose").

Both draw the same data: hello's model trained on "hello world" (the page's defaults), every step's hidden state
and prediction, as ``lessons/hello/stepping.py`` ``player_frames`` gives them to the player and as its
``hidden_chart``/``probs_chart`` draw them. A static page on 127.0.0.1 (no internet: plotly.js is the installed
plotly package's ``plotly.min.js``; the player is ui/player/player.js and player.css, mounted by their own default
export as Streamlit mounts them) holds:

- Plotly: one figure, the heatmap of h over time (steps t - 1 and t boxed) and the prediction's bars side by side,
  one frame per step (the bars, the boxes and the titles change), with Plotly's own ▶ button and step slider;
- the player: ui/player/player.js on the same steps.

In headless Chromium it times, for each, frame to frame: a step asked for (``Plotly.animate`` to the next frame,
redraw on, no transition; the player's range input moved) until the next frame is painted (two
requestAnimationFrame callbacks later), every step of the word, ``--rounds`` times. It also plays each as fast as it
can (Plotly's own ▶ button with 0 ms frames; the player with a 16 ms frame) and times the frames drawn in between
(``plotly_animatingframe`` events; the player's ``data-t`` changes), and, for comparison, what Streamlit does for a
step: ``Plotly.newPlot`` of the next step's two charts into fresh divs. It prints JSON (ms).

Usage: python -m benchmarks.player_choice [--rounds 3]
"""

from __future__ import annotations

import argparse
import functools
import http.server
import json
import shutil
import sys
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.common import ROOT, free_port  # noqa: E402
from benchmarks.player_choice_js import NEWPLOT, PAGE, PAINTED, PLAY_PLAYER, PLAY_PLOTLY, STEP_PLAYER, STEP_PLOTLY  # noqa: E402,E501
from tests.conftest import CHROMIUM_ARGS  # noqa: E402

TEXT = "hello world"


def hello_views() -> tuple[dict, dict]:
    """The player's data and the Plotly figure with frames, both from the page's own functions."""
    import plotly

    from core.charlm import HelloConfig
    from lessons.hello import stepping
    from lessons.hello.study import study
    from ui.strings import app_strings, strings

    S, U = strings("hello", "en"), app_strings("en")
    config = HelloConfig(text=TEXT)  # the page's defaults: RNN, H = 3, 100 steps, lr 0.1, seed 0
    s = study(config)
    caption = S["caption"].format(cell="RNN", hidden=config.hidden_size, seed=config.seed, steps=config.steps,
                                  lr=config.lr)
    data = stepping.player_frames(s, S["player_reading"], S["player_grid"], S["player_bars"])
    data = data | {"start": 1, "labels": {k: U[f"player_{k}"] for k in
                                          ("play", "pause", "play_aria", "pause_aria", "range_aria", "where")}}
    T = s.result.task.T

    def step(t: int) -> tuple[dict, dict]:
        heat = json.loads(plotly.io.to_json(stepping.hidden_chart(s, t, caption, "en"), validate=False))
        bars = json.loads(plotly.io.to_json(stepping.probs_chart(s, t, caption, "en"), validate=False))
        return heat, bars

    first_heat, first_bars = step(1)
    hl, bl = first_heat["layout"], first_bars["layout"]

    def combined(t: int, heat: dict, bars: dict) -> tuple[list, dict]:
        """Both charts in one figure: the heatmap on the left (x, y), the bars on the right (x2, y2)."""
        traces = [heat["data"][0] | {"xaxis": "x", "yaxis": "y"},
                  bars["data"][0] | {"xaxis": "x2", "yaxis": "y2"}]
        title = heat["layout"]["title"]["text"].split("<br>")[0] + " · " + bars["layout"]["title"]["text"]
        layout = {"title": {"text": title}, "shapes": heat["layout"]["shapes"],
                  "annotations": heat["layout"].get("annotations", [])}
        return traces, layout

    traces, layout = combined(1, first_heat, first_bars)
    traces[0]["colorbar"] = traces[0].get("colorbar", {}) | {"x": 0.56}
    frames = []
    for t in range(1, T + 1):
        ft, fl = combined(t, *step(t))
        frames.append({"name": f"t{t}", "data": [ft[1]], "traces": [1], "layout": fl})
    steps = [{"method": "animate", "label": str(t), "args": [[f"t{t}"], {"mode": "immediate", "frame": {
        "duration": 0, "redraw": True}, "transition": {"duration": 0}}]} for t in range(1, T + 1)]
    figure = {"data": traces, "frames": frames, "layout": layout | {
        "height": hl["height"] + 80, "template": hl["template"], "font": hl["font"], "margin": hl["margin"],
        "xaxis": hl["xaxis"] | {"domain": [0, 0.5]}, "yaxis": hl["yaxis"],
        "xaxis2": bl["xaxis"] | {"domain": [0.65, 1], "anchor": "y2"}, "yaxis2": bl["yaxis"] | {"anchor": "x2"},
        "updatemenus": [{"type": "buttons", "showactive": False, "x": 0, "y": -0.25, "xanchor": "left",
                         "buttons": [{"label": "▶", "method": "animate", "args": [None, {
                             "frame": {"duration": 0, "redraw": True}, "transition": {"duration": 0},
                             "fromcurrent": True, "mode": "immediate"}]},
                             {"label": "❚❚", "method": "animate", "args": [[None], {
                                 "frame": {"duration": 0, "redraw": False}, "mode": "immediate"}]}]}],
        "sliders": [{"active": 0, "steps": steps, "x": 0.1, "len": 0.9, "y": -0.2}]}}
    newplot = [step(t) for t in range(1, T + 1)]  # what Streamlit draws anew for each step: the two charts
    return data, {"figure": figure, "charts": newplot, "T": T}


def stats(ms) -> dict:
    a = np.asarray(ms, dtype=float)
    return {"n": int(a.size), "p50_ms": round(float(np.percentile(a, 50)), 2),
            "p95_ms": round(float(np.percentile(a, 95)), 2), "max_ms": round(float(a.max()), 2)}


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, int]:
    port = free_port()

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, port


def run(rounds: int) -> dict:
    import plotly
    from playwright.sync_api import sync_playwright

    player, plotly_views = hello_views()
    T = plotly_views["T"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        shutil.copy(Path(plotly.__file__).parent / "package_data" / "plotly.min.js", folder / "plotly.min.js")
        for name in ("player.js", "player.css"):
            shutil.copy(ROOT / "ui" / "player" / name, folder / name)
        (folder / "views.json").write_text(json.dumps({"player": player, "plotly": plotly_views}), encoding="utf-8")
        (folder / "index.html").write_text(PAGE, encoding="utf-8")
        server, port = serve(folder)
        out: dict = {"T": T, "rounds": rounds}
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
                page = browser.new_context(viewport={"width": 1400, "height": 1400}).new_page()
                page.goto(f"http://127.0.0.1:{port}/index.html")
                page.wait_for_function("() => window.ready === true", timeout=60_000)
                plotly_version = page.evaluate("() => Plotly.version")
                steps = {"plotly_frames": [], "player": [], "streamlit_way_newplot_two_charts": []}
                ways = {"plotly_frames": STEP_PLOTLY, "player": STEP_PLAYER,
                        "streamlit_way_newplot_two_charts": NEWPLOT}
                for _ in range(rounds):  # each way through every step in turn (not interleaved: one way's garbage
                    for name, script in ways.items():  # collection would land in another's frames)
                        for t in [*range(2, T + 1), 1]:  # every step forward, and back to the first
                            steps[name].append(page.evaluate(script, [t]))
                        page.evaluate(PAINTED)
                for name, runs in steps.items():
                    out[name] = {"draw": stats([r[0] for r in runs]),
                                 "frame_to_painted_frame": stats([r[1] for r in runs])}
                    if name == "player":
                        out[name]["data_draw_ms"] = stats([r[2] for r in runs])
                plays = {"plotly_play_button": [], "player_play_16ms": []}
                draws = []
                for _ in range(rounds):
                    times = page.evaluate(PLAY_PLOTLY)
                    plays["plotly_play_button"] += list(np.diff(times))
                    times, drawn = page.evaluate(PLAY_PLAYER)
                    plays["player_play_16ms"] += list(np.diff(times))
                    draws += drawn
                for name, gaps in plays.items():
                    out[name] = {"frame_to_frame": stats(gaps)}
                out["player_play_16ms"]["data_draw_ms"] = stats(draws)
                out["plotly_js"] = plotly_version
                browser.close()
        finally:
            server.shutdown()
    return {"started": time.strftime("%Y-%m-%d %H:%M:%S %Z"), "text": TEXT, **out}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(json.dumps(run(args.rounds), indent=2))
