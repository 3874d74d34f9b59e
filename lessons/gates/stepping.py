"""Gates lesson, section 2: one step of the LSTM or GRU with every number (a fragment: the step, unit and cell
widgets rerun only this)."""

import numpy as np
import streamlit as st

from core.recurrent import CELLS, KIND, LABELS, NAMES
from lessons.gates.study import GATED, GatesStudy, memory_unit, step_values, traces
from ui.latex import latex
from ui.player import frames, player
from ui.safe import code
from ui.store import shared
from ui.widgets import step_slider
from viz.cell_diagram import gru_diagram, lstm_diagram
from viz.gates import gate_panels
from viz.labels import VISIBLE
from viz.latex import gate_lines

STEP_CHARTS = 128  # per chart: steps x units x two cells; a panels chart is 20-180 kB (H = 12 to 32, 64 steps)
STATES = {"lstm": (("c", "cell"), ("tanh_c", "signed"), ("h", "signed")), "gru": (("h", "signed"),)}


def panels_of(kind: str) -> tuple[tuple[str, str], ...]:
    """The heatmap panels of a cell, (name, colour scale): its gates in PyTorch's order, then its states."""
    cell = CELLS[kind]
    return tuple((g, "gate" if g in cell.SIGMOID else "signed") for g in cell.GATES) + STATES[kind]


@shared(STEP_CHARTS)
def panels_chart(s: GatesStudy, kind: str, t: int, unit: int, labels: tuple[str, ...], title: str, caption: str,
                 lang: str):
    """labels: the panels' names, in the order of ``panels_of(kind)``."""
    values = traces(s.analyses[kind])
    panels = [(label, values[name], scale) for label, (name, scale) in zip(labels, panels_of(kind), strict=True)]
    cell_max = max(1.0, float(np.abs(values["c"]).max())) if kind == "lstm" else 1.0
    return gate_panels(panels, s.chars, t, title, caption, cell_max, unit, lang=lang)


@shared(STEP_CHARTS)
def diagram_chart(s: GatesStudy, kind: str, t: int, unit: int, caption: str, lang: str):
    draw = lstm_diagram if kind == "lstm" else gru_diagram
    return draw(step_values(s, kind, t, unit), t, unit + 1, s.chars[t - 1], caption, lang=lang)


@shared(STEP_CHARTS)
def player_frames(s: GatesStudy, kind: str, unit: int, labels: tuple[str, ...], reading: str, grid: str,
                  bars: str) -> dict:
    """Every step of one unit's gates and states, and the prediction, for the player (ui/player.py): the values
    the heatmaps below draw. labels: the panels' names, in the order of ``panels_of(kind)``."""
    task, a = s.task, s.analyses[kind]
    values = traces(a)
    shown = [VISIBLE.get(ch, ch) for ch in task.vocab]
    guess = a.probs.argmax(axis=1)
    T = task.T
    captions = [reading.format(t=t, read=shown[task.inputs[t - 1]], due=shown[task.targets[t - 1]],
                               guess=shown[guess[t - 1]], p=a.probs[t - 1, guess[t - 1]]) for t in range(1, T + 1)]
    return frames(tape=[shown[i] for i in task.inputs], grid_rows=list(labels),
                  grid_columns=[f"{t}·{shown[i]}" for t, i in enumerate(task.inputs, 1)],
                  grid_values=[values[name][:, unit] for name, _ in panels_of(kind)], grid_range=(-1.0, 1.0),
                  grid_title=grid, bar_labels=shown, bar_values=a.probs, marked=list(task.targets),
                  bar_titles=[bars.format(t=t) for t in range(1, T + 1)], captions=captions, initial=False)


def equations(s: GatesStudy, kind: str, t: int, unit: int) -> None:
    a = s.analyses[kind]
    lines = gate_lines(kind, t, unit, {k: p[t - 1] for k, p in a.pre.items()},
                       {k: g[t - 1] for k, g in a.gates.items()}, a.h_prev[t - 1], a.h[t - 1],
                       None if a.c is None else a.c_prev[t - 1], None if a.c is None else a.c[t - 1])
    pairs = [line for line in lines if line.startswith(("f_", "i_", "r_", "z_"))]  # short enough to sit two abreast
    columns = st.columns(2)
    for n, line in enumerate(pairs):
        with columns[n % 2]:
            latex(line)
    for line in lines:
        if line not in pairs:
            latex(line)


@st.fragment
def step_view(s: GatesStudy, S: dict, caption: str, lang: str) -> None:
    st.subheader(S["step_heading"])
    st.caption(S["step_intro"])
    task = s.task
    left, middle, right = st.columns([1, 3, 2])
    views = [NAMES[k] for k in GATED]  # the name is the URL value: ?cell=GRU
    kind = KIND[left.radio(S["view_label"], views, key="cell", bind="query-params", horizontal=True)]
    with middle:
        t = step_slider(S["step_label"], "t", task.T, min(7, task.T))
    a = s.analyses[kind]
    with right:
        unit = step_slider(S["unit_label"], "unit", a.h.shape[1], memory_unit(s.analyses["lstm"]) + 1) - 1
    read, due = task.vocab[task.inputs[t - 1]], task.vocab[task.targets[t - 1]]
    guess = int(np.argmax(a.probs[t - 1]))
    st.markdown(S["step_reading"].format(cell=LABELS[kind], t=t, read=code(read), due=code(due),
                                         guess=code(task.vocab[guess]), p=a.probs[t - 1, guess]))
    labels = tuple(S["panel_names"][name] for name, _ in panels_of(kind))
    if task.T >= 2:
        st.markdown(S["player_intro"].format(cell=LABELS[kind], unit=unit + 1))
        player(player_frames(s, kind, unit, labels, S["player_reading"],
                             S["player_grid"].format(unit=unit + 1, cell=LABELS[kind]), S["player_bars"]),
               t, key="t_player", slider_key="t")
    title = S["panels_title"].format(cell=LABELS[kind], t=t, unit=unit + 1)
    st.plotly_chart(panels_chart(s, kind, t, unit, labels, title, caption, lang), key="gate_panels")
    left, right = st.columns([3, 2])
    left.plotly_chart(diagram_chart(s, kind, t, unit, caption, lang), key="cell_diagram")
    right.markdown(S[f"{kind}_story"].format(unit=unit + 1, t=t, **step_values(s, kind, t, unit)))
    st.markdown(f"**{S['numbers_heading']}**")
    st.caption(S["numbers_intro"].format(unit=unit + 1) + (S["numbers_notes_g"] if kind == "lstm" else ""))
    equations(s, kind, t, unit)
