"""Gates lesson, sections 1-2: the three trained models, and one step of the LSTM or GRU with every number."""

import numpy as np
import streamlit as st

from core.gates import GatesStudy, memory_unit, step_values, traces
from ui.safe import code
from ui.store import cached_chart
from ui.widgets import step_slider
from viz.cell_diagram import gru_diagram, lstm_diagram
from viz.gates import gate_panels
from viz.latex import gate_lines

VIEWS = {"LSTM": "lstm", "GRU": "gru"}  # the label is the URL value: ?cell=GRU
NAMES = {"lstm": "LSTM", "gru": "GRU", "rnn": "RNN (tanh)"}
PANELS = {"lstm": (("i", "gate"), ("f", "gate"), ("g", "signed"), ("o", "gate"), ("c", "cell"),
                   ("tanh_c", "signed"), ("h", "signed")),
          "gru": (("r", "gate"), ("z", "gate"), ("n", "signed"), ("h", "signed"))}


def train_summary(s: GatesStudy, S: dict) -> None:
    st.subheader(S["train_heading"])
    st.caption(S["train_intro"])
    for column, (kind, r) in zip(st.columns(3), s.results.items(), strict=True):
        column.metric(S["metric_accuracy"].format(cell=NAMES[kind]), f"{100 * r.accuracies[-1]:.0f} %",
                      help=S["metric_help"].format(loss=r.losses[-1], ms=1000 * r.seconds))
    missed = [NAMES[k] for k in ("lstm", "gru") if s.results[k].accuracies[-1] < 1]
    if missed:
        st.warning(S["not_learned"].format(cells=" and ".join(missed)), icon=":material/warning:")


@st.fragment
def step_view(s: GatesStudy, S: dict, caption: str) -> None:
    st.subheader(S["step_heading"])
    st.caption(S["step_intro"])
    task = s.task
    left, middle, right = st.columns([1, 3, 2])
    kind = VIEWS[left.radio(S["view_label"], list(VIEWS), key="cell", bind="query-params", horizontal=True)]
    with middle:
        t = step_slider(S["step_label"], "t", task.T, min(7, task.T))
    a = s.analyses[kind]
    H = a.h.shape[1]
    with right:
        unit = step_slider(S["unit_label"], "unit", H, memory_unit(s.analyses["lstm"]) + 1) - 1
    read, due = task.vocab[task.inputs[t - 1]], task.vocab[task.targets[t - 1]]
    guess = int(np.argmax(a.probs[t - 1]))
    st.markdown(S["step_reading"].format(cell=NAMES[kind], t=t, read=code(read), due=code(due),
                                         guess=code(task.vocab[guess]), p=a.probs[t - 1, guess]))
    values = traces(a)
    labels = S["panel_names"]
    panels = [(labels[name], values[name], scale) for name, scale in PANELS[kind]]
    chars = [task.vocab[i] for i in task.inputs]
    cell_max = max(1.0, float(np.abs(values["c"]).max())) if kind == "lstm" else 1.0
    title = S["panels_title"].format(cell=NAMES[kind], t=t, unit=unit + 1)
    chart = cached_chart(("panels", s.config, kind, t, unit, title, caption),
                         lambda: gate_panels(panels, chars, t, title, caption, cell_max, unit))
    st.plotly_chart(chart, key="gate_panels")
    v = step_values(s, kind, t, unit)
    draw, story = (lstm_diagram, "lstm_story") if kind == "lstm" else (gru_diagram, "gru_story")
    left, right = st.columns([3, 2])
    diagram = cached_chart(("diagram", s.config, kind, t, unit, caption), lambda: draw(v, t, unit + 1, read, caption))
    left.plotly_chart(diagram, key="cell_diagram")
    right.markdown(S[story].format(unit=unit + 1, t=t, **v))
    st.markdown(f"**{S['numbers_heading']}**")
    st.caption(S["numbers_intro"].format(unit=unit + 1) + (S["numbers_notes_g"] if kind == "lstm" else ""))
    lines = gate_lines(kind, t, unit, {k: p[t - 1] for k, p in a.pre.items()},
                       {k: g[t - 1] for k, g in a.gates.items()}, a.h[t - 1], a.h[t],
                       None if a.c is None else a.c[t - 1], None if a.c is None else a.c[t])
    pairs = [line for line in lines if line.startswith(("f_", "i_", "r_", "z_"))]  # short enough to sit two abreast
    columns = st.columns(2)
    for n, line in enumerate(pairs):
        with columns[n % 2]:
            st.latex(line)
    for line in lines:
        if line not in pairs:
            st.latex(line)
