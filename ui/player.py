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
    """Rounded to 4 places; a value that is not a finite number becomes None (JSON null: the view shows it as
    missing), since NaN and inf are not JSON and the browser would refuse the whole message."""
    a = np.round(np.asarray(a, dtype=float), 4)
    return np.where(np.isfinite(a), a, None).tolist()


def frames(tape, grid_rows, grid_columns, grid_values, grid_range, grid_title, bar_labels, bar_values, marked,
           bar_titles, captions, initial: bool = True, *, grid_scale: str = "diverging", grid_at=None,
           bar_range=(0.0, 1.0), bar_rule=None, slider=None) -> dict:
    """A player's data: ``tape``, the T inputs read (one label per step); a grid of values over the columns
    ``grid_columns``, ``grid_values`` rows x columns: with ``initial`` T + 1 columns (column 0 is the state before
    step 1, column t the state after step t), else T (column t - 1 is step t); bars per step (``bar_values``:
    T x len(bar_labels), the bar ``marked[t - 1]`` is the target); one title for the bars and one caption per step.
    Plain lists: the page sends them once.

    For views that are not a forward pass over columns 1..T: ``grid_scale`` "magnitude" colours the grid with
    viridis over ``grid_range`` (a log10 norm, a softmax weight) instead of the signed scale centred on 0;
    ``grid_at`` lists the column each step shows (any number of columns; the column the step before it showed is
    dotted, the one after it for the first step), ``bar_range`` is the bars' axis and ``bar_rule`` a value marked
    on every bar (1 for a factor that stretches or shrinks); ``slider`` lists the page's slider value at each step
    (default 1..T), so a backward walk or a slider of words can follow the player. A value that is not finite is
    sent as missing (null)."""
    T = len(tape)
    values, bars = np.asarray(grid_values, dtype=float), np.asarray(bar_values, dtype=float)
    columns = T + 1 if initial else T
    at = list(range(1 if initial else 0, T + 1 if initial else T)) if grid_at is None else [int(c) for c in grid_at]
    columns = len(grid_columns) if grid_at is not None else columns
    if values.shape != (len(grid_rows), columns) or len(grid_columns) != columns:
        raise ValueError(f"grid: expected {len(grid_rows)} x {columns} values, got {values.shape}")
    if bars.shape != (T, len(bar_labels)) or len(marked) != T or len(captions) != T or len(bar_titles) != T:
        raise ValueError(f"bars: expected {T} x {len(bar_labels)} values and {T} marks, titles and captions")
    slider = list(range(1, T + 1)) if slider is None else list(slider)
    if len(at) != T or not all(0 <= c < columns for c in at) or len(slider) != T:
        raise ValueError(f"grid_at and slider: expected one column (0..{columns - 1}) and one value per step")
    if grid_scale not in ("diverging", "magnitude") or not float(bar_range[1]) > float(bar_range[0]):
        raise ValueError("grid_scale is 'diverging' or 'magnitude', and bar_range is (low, high) with low < high")
    step = at[1] - at[0] if T > 1 and at[1] != at[0] else 1  # the walk's direction: the dotted column is behind it
    behind = [at[0] - step] + at[:-1]
    data = {"T": T, "tape": list(tape),
            "grid": {"rows": list(grid_rows), "columns": list(grid_columns), "values": _rounded(values),
                     "range": [float(grid_range[0]), float(grid_range[1])], "title": grid_title,
                     "first": 0 if initial else 1, "scale": grid_scale, "at": at,
                     "from": [c if 0 <= c < columns else -1 for c in behind]},
            "bars": {"labels": list(bar_labels), "values": _rounded(bars), "marked": [int(m) for m in marked],
                     "titles": list(bar_titles), "range": [float(bar_range[0]), float(bar_range[1])],
                     "rule": None if bar_rule is None else float(bar_rule)},
            "captions": list(captions), "slider": slider, "frame_ms": FRAME_MS}
    data["id"] = hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()[:16]
    return data


def _labels() -> dict:
    U = app_strings(lang())
    return {name: U[f"player_{name}"] for name in ("play", "pause", "play_aria", "pause_aria", "range_aria", "where")}


def player(data: dict, value, key: str, slider_key: str) -> None:
    """Mount the player on ``data`` (``frames``), showing the step at which the page's step slider ``slider_key``
    has the value ``value`` (the first step if none has). Where the learner stops becomes that slider's value (set
    before the rerun it causes, so the slider and the views under it follow)."""
    T, values = data["T"], data["slider"]
    start = values.index(value) + 1 if value in values else 1

    def stopped() -> None:
        step = st.session_state[key].get("stopped")
        if isinstance(step, int | float) and not isinstance(step, bool):
            st.session_state[slider_key] = values[int(min(max(int(step), 1), T)) - 1]

    _mount(data=data | {"start": start, "labels": _labels()}, key=key, on_stopped_change=stopped,
           height="content")
