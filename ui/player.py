"""The step player (issue 19): a step-through view played forward in the browser, a frame per step, with no round
trip to the server while it plays.

The server's step slider redraws a view by rerunning its fragment: one message to the server and a rerun per step.
A player gets every step's numbers at once (``frames``: the model's own values, computed by the page, nothing
drawn from a formula of its own), and a small ``st.components.v2`` view (ui/player/player.js) draws each step from
them: ▶ plays at ``frame_ms`` a step, ❚❚ pauses, the range input scrubs, and both answer the keyboard (Tab to
them; Space plays or pauses, the arrow keys step). The server hears only where the player stopped (a pause, the
end, a scrub or key press landing on a step): that step becomes the page's step slider's value, so the views that
need the server (the equations with their numbers) follow it. When the server's slider moves, the player shows its
step.

Plotly's own animation frames were the other way issue 19 names; they were not built or measured here: their slider
and buttons take no keyboard, and they cannot tell the server where they stopped, so the two views could not stay
in step. This view's frame costs what setting a few dozen element styles costs: 0.4-0.8 ms in Chromium
(``data-draw-ms`` on the player records the last one)."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import streamlit as st

from ui.language import lang
from ui.strings import app_strings

_DIR = Path(__file__).resolve().parent / "player"
FRAME_MS = 600  # a step every 0.6 s: slow enough to read the caption, a 10-step word in 6 s

_mount = st.components.v2.component(
    "vp_step_player",
    html="<div></div>",
    css=(_DIR / "player.css").read_text(encoding="utf-8"),
    js=(_DIR / "player.js").read_text(encoding="utf-8"),
)


def _rounded(a) -> list:
    return np.round(np.asarray(a, dtype=float), 4).tolist()


def frames(tape, grid_rows, grid_columns, grid_values, grid_range, grid_title, bar_labels, bar_values, marked,
           bar_titles, captions, initial: bool = True) -> dict:
    """A player's data: ``tape``, the T inputs read (one label per step); a grid of values over the columns
    ``grid_columns``, ``grid_values`` rows x columns: with ``initial`` T + 1 columns (column 0 is the state before
    step 1, column t the state after step t), else T (column t - 1 is step t); bars per step (``bar_values``:
    T x len(bar_labels), the bar ``marked[t - 1]`` is the target); one title for the bars and one caption per step.
    Plain lists: the page sends them once."""
    T = len(tape)
    values, bars = np.asarray(grid_values, dtype=float), np.asarray(bar_values, dtype=float)
    columns = T + 1 if initial else T
    if values.shape != (len(grid_rows), columns) or len(grid_columns) != columns:
        raise ValueError(f"grid: expected {len(grid_rows)} x {columns} values, got {values.shape}")
    if bars.shape != (T, len(bar_labels)) or len(marked) != T or len(captions) != T or len(bar_titles) != T:
        raise ValueError(f"bars: expected {T} x {len(bar_labels)} values and {T} marks, titles and captions")
    data = {"T": T, "tape": list(tape),
            "grid": {"rows": list(grid_rows), "columns": list(grid_columns), "values": _rounded(values),
                     "range": [float(grid_range[0]), float(grid_range[1])], "title": grid_title,
                     "first": 0 if initial else 1},
            "bars": {"labels": list(bar_labels), "values": _rounded(bars), "marked": [int(m) for m in marked],
                     "titles": list(bar_titles)},
            "captions": list(captions), "frame_ms": FRAME_MS}
    data["id"] = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
    return data


def _labels() -> dict:
    U = app_strings(lang())
    return {name: U[f"player_{name}"] for name in ("play", "pause", "play_aria", "pause_aria", "range_aria", "where")}


def player(data: dict, start: int, key: str, slider_key: str) -> None:
    """Mount the player on ``data`` (``frames``), showing step ``start``. Where the learner stops it becomes the
    value of the step slider ``slider_key`` (set before the rerun it causes, so the slider and the views under it
    follow)."""
    T = data["T"]

    def stopped() -> None:
        value = st.session_state[key].get("stopped")
        if isinstance(value, int | float) and not isinstance(value, bool):
            st.session_state[slider_key] = int(min(max(int(value), 1), T))

    _mount(data=data | {"start": int(start), "labels": _labels()}, key=key, on_stopped_change=stopped,
           height="content")
