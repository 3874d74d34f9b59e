"""Hello lesson, section 2: the network stepped through one character at a time (a fragment: the step slider
reruns only this)."""

import numpy as np
import streamlit as st

from lessons.hello.study import HelloStudy
from ui.latex import latex
from ui.player import frames, player
from ui.safe import code
from ui.store import shared
from ui.widgets import step_slider
from viz.labels import VISIBLE
from viz.latex import cell_at_step
from viz.states import hidden_heatmap, output_probs

STEP_CHARTS = 96  # per chart: a few studies' worth of steps


@shared(STEP_CHARTS)
def hidden_chart(s: HelloStudy, t: int, caption: str, lang: str):
    return hidden_heatmap(s.analysis.path("h"), s.chars, t, caption, lang)


@shared(STEP_CHARTS)
def cell_chart(s: HelloStudy, t: int, caption: str, lang: str):
    a = s.analysis
    return hidden_heatmap(a.path("c"), s.chars, t, caption, lang, name="c", zmax=max(1.0, float(np.abs(a.c).max())))


@shared(STEP_CHARTS)
def probs_chart(s: HelloStudy, t: int, caption: str, lang: str):
    task = s.result.task
    return output_probs(s.analysis.probs[t - 1], task.vocab, task.targets[t - 1], t, caption, lang)


@shared(STEP_CHARTS)
def player_frames(s: HelloStudy, S_reading: str, S_grid: str, S_bars: str) -> dict:
    """Every step's h_t and prediction, for the player (ui/player.py): the same analysis the charts below draw."""
    task, a = s.result.task, s.analysis
    shown = [VISIBLE.get(ch, ch) for ch in task.vocab]
    T = task.T
    predicted = a.probs.argmax(axis=1)
    captions = [S_reading.format(t=t, read=shown[task.inputs[t - 1]], target=shown[task.targets[t - 1]],
                                 predicted=shown[predicted[t - 1]], p=a.probs[t - 1, predicted[t - 1]])
                for t in range(1, T + 1)]
    H = a.h.shape[1]
    return frames(tape=[shown[i] for i in task.inputs], grid_rows=[f"h{j}" for j in range(1, H + 1)],
                  grid_columns=["h₀"] + [f"{t}·{shown[i]}" for t, i in enumerate(task.inputs, 1)],
                  grid_values=a.path("h").T,
                  grid_range=(-1.0, 1.0), grid_title=S_grid, bar_labels=shown, bar_values=a.probs,
                  marked=list(task.targets), bar_titles=[S_bars.format(t=t) for t in range(1, T + 1)],
                  captions=captions)


def equations_at(s: HelloStudy, t: int) -> list[str]:
    """The cell's equations at step t with the numbers plugged in."""
    task, a, w = s.result.task, s.analysis, s.result.state
    weights = {"W_ih": w["cell.weight_ih_l0"].numpy(), "W_hh": w["cell.weight_hh_l0"].numpy(),
               "b": (w["cell.bias_ih_l0"] + w["cell.bias_hh_l0"]).numpy()}
    x_t = np.eye(task.V)[task.inputs[t - 1]]
    at = {name: values[t - 1] for name, values in a.pre.items()}
    return cell_at_step(s.result.config.cell, t, x_t, a.h_prev[t - 1], a.h[t - 1], at,
                        {k: v[t - 1] for k, v in a.gates.items()}, weights,
                        c_prev=None if a.c is None else a.c_prev[t - 1], c_t=None if a.c is None else a.c[t - 1])


@st.fragment
def step_view(s: HelloStudy, S: dict, caption: str, lang: str) -> None:
    task, a = s.result.task, s.analysis
    st.subheader(S["step_heading"])
    st.caption(S["step_intro"])
    t = step_slider(S["step_label"], "t", task.T, 1)
    if task.T >= 2:
        st.markdown(S["player_intro"])
        player(player_frames(s, S["player_reading"], S["player_grid"], S["player_bars"]), t, key="t_player",
               slider_key="t")
    read, target = task.inputs[t - 1], task.targets[t - 1]
    predicted = int(np.argmax(a.probs[t - 1]))
    st.markdown(S["step_reading"].format(t=t, read=code(task.vocab[read]), target=code(task.vocab[target]),
                                         predicted=code(task.vocab[predicted]), p=a.probs[t - 1, predicted]))
    left, right = st.columns([3, 2])
    left.plotly_chart(hidden_chart(s, t, caption, lang), key="hidden_heatmap")
    if a.c is not None:
        left.plotly_chart(cell_chart(s, t, caption, lang), key="cell_heatmap")
    right.plotly_chart(probs_chart(s, t, caption, lang), key="output_probs")
    st.markdown(f"**{S['numbers_heading']}**")
    lines = equations_at(s, t)
    gates, states = lines[:len(a.gates)], lines[len(a.gates):]  # gate lines fit two abreast; state lines need the width
    columns = st.columns(2)
    for n, line in enumerate(gates):
        with columns[n % 2]:
            latex(line)
    for line in states:
        latex(line)
    st.caption(S["numbers_small"])
