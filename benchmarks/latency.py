"""Interaction latency of every slider of every page, as one table (issue 7's budget: p95 <= 30 ms server-side).

One real server (``streamlit run app.py`` on 127.0.0.1, as for a class). For each page and each slider or select
slider on it, a fresh session (benchmarks/client.py, Streamlit's own websocket protocol) moves the slider through
its minimum, maximum and middle value, ``--rounds`` times round, and times each move from sending it to the server's
``script_finished``: exactly the rerun a browser's move asks for (the fragment alone when the slider lives in an
``st.fragment``, the whole page otherwise; the "runs" column says which). The first round is reported apart: a
move to a setting not seen before may train a model (the page shows a progress bar), and later moves reuse it.
Then, for the main step sliders, a real Chromium presses arrow keys on the slider and times each press until the
new step is drawn (the per-lesson benchmarks' browser timings).

Measured on the real server rather than AppTest: AppTest recompiles the page script on every rerun (py-spy: 12-28 %
of its rerun time), which a server does once.

Usage: python -m benchmarks.latency [--rounds N] [--no-browser]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.client import Client  # noqa: E402
from benchmarks.common import free_port, summary, wait_healthy  # noqa: E402
from benchmarks.procs import start_server  # noqa: E402

PAGES = ["sequences", "hello", "vanishing", "gates", "translate", "self-attention"]
BUDGET_MS = 30
TIMEOUT_S = 300  # a first move that trains a model


def corners(values: list) -> list:
    return [values[0], values[-1], values[len(values) // 2]]


async def slider_keys(port: int, page: str) -> list[str]:
    client = Client(port)
    try:
        await client.connect(f"/{page}", timeout=TIMEOUT_S)
        return [key for key, w in client.widgets.items()
                if w.kind == "slider" and w.key == key and not w.proto.disabled]
    finally:
        await client.close()


async def move(port: int, page: str, key: str, rounds: int) -> dict:
    """A fresh session on ``page`` (the defaults) moves ``key`` through its corners ``rounds`` times round."""
    client = Client(port)
    try:
        await client.connect(f"/{page}", timeout=TIMEOUT_S)
        values = corners(client.widget(key).values())
        times, kinds = [], set()
        for value in values * rounds:
            run = await client.set(timeout=TIMEOUT_S, **{key: value})
            if not run.ok or run.exceptions:
                raise RuntimeError(f"/{page} {key}={value!r}: {run.status} {run.exceptions[:1]}")
            times.append(run.seconds)
            kinds.add(run.status)
    finally:
        await client.close()
    later = summary(times[len(values):])
    return {"page": page, "slider": key, "runs": "/".join(sorted(kinds)), "p50_ms": later["p50_ms"],
            "p95_ms": later["p95_ms"], "first_round_max_ms": round(1000 * max(times[:len(values)]), 1)}


async def server_rows(rounds: int) -> list[dict]:
    port = free_port()
    server = start_server(port)
    try:
        await asyncio.to_thread(wait_healthy, port)
        rows = []
        for page in PAGES:
            for key in await slider_keys(port, page):
                rows.append(await move(port, page, key, rounds))
        return rows
    finally:
        server.terminate()
        server.wait(timeout=10)


def browser_rows() -> dict[tuple[str, str], dict]:
    """Chromium key press to the redrawn chart, for the step sliders a learner drags most."""
    from benchmarks import gates, slider, translate, walk_slider

    return {("hello", "t"): slider.browser_keypress(), ("vanishing", "k"): walk_slider.browser_keypress(),
            ("gates", "t"): gates.browser_keypress(), ("translate", "t"): translate.browser_keypress()}


def table(rows: list[dict], browser: dict) -> str:
    lines = ["| page | slider | reruns | server p50 / p95 ms | first round, slowest ms | Chromium p50 / p95 ms |",
             "|---|---|---|---|---|---|"]
    for r in rows:
        b = browser.get((r["page"], r["slider"]))
        chromium = f"{b['p50_ms']:.0f} / {b['p95_ms']:.0f}" if b else "–"
        over = " (**over**)" if r["p95_ms"] > BUDGET_MS else ""
        lines.append(f"| {r['page']} | {r['slider']} | {r['runs']} | {r['p50_ms']} / {r['p95_ms']}{over} | "
                     f"{r['first_round_max_ms']} | {chromium} |")
    return "\n".join(lines)


def run(rounds: int = 5, browser: bool = True) -> dict:
    rows = asyncio.run(server_rows(max(2, rounds)))
    keys = browser_rows() if browser else {}
    return {"budget_p95_ms": BUDGET_MS, "sliders": rows,
            "over_budget": [f"{r['page']}/{r['slider']}" for r in rows if r["p95_ms"] > BUDGET_MS],
            "browser_keypress_to_chart": {f"{page}/{key}": v for (page, key), v in keys.items()},
            "table": table(rows, keys)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="times round min, max and middle (at least 2)")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium key presses")
    args = parser.parse_args()
    result = run(args.rounds, not args.no_browser)
    print(json.dumps({k: v for k, v in result.items() if k != "table"}, indent=2))
    print(result["table"])
