"""Hello lesson, sections 1-2: the training run, and the network stepped through one character at a time."""

import numpy as np
import streamlit as st

from core.hello import HelloStudy
from ui.safe import code
from ui.store import cached_chart
from ui.widgets import step_slider
from viz.latex import cell_at_step
from viz.states import hidden_heatmap, output_probs
from viz.training import loss_curve


def train_section(s: HelloStudy, S: dict, caption: str) -> None:
    r = s.result
    st.subheader(S["train_heading"])
    a, b, c = st.columns(3)
    a.metric(S["metric_accuracy"], f"{100 * r.accuracies[-1]:.0f} %")
    b.metric(S["metric_solved"], r.solved_at if r.solved_at else S["metric_solved_never"])
    c.metric(S["metric_time"], f"{1000 * r.seconds:.0f} ms")
    st.plotly_chart(cached_chart(("loss_curve", r.config, caption),
                                 lambda: loss_curve(r.losses, r.accuracies, r.solved_at, caption)), key="loss_curve")
    if r.accuracies[-1] < 1:
        st.warning(S["not_solved"], icon=":material/warning:")


@st.fragment
def step_view(s: HelloStudy, S: dict, caption: str) -> None:
    task, a, w = s.result.task, s.analysis, s.result.state
    st.subheader(S["step_heading"])
    st.caption(S["step_intro"])
    t = step_slider(S["step_label"], "t", task.T, 1)
    i = t - 1
    read, target = task.inputs[i], task.targets[i]
    predicted = int(np.argmax(a.probs[i]))
    st.markdown(S["step_reading"].format(t=t, read=code(task.vocab[read]), target=code(task.vocab[target]),
                                         predicted=code(task.vocab[predicted]), p=a.probs[i, predicted]))
    chars = [task.vocab[j] for j in task.inputs]
    left, right = st.columns([3, 2])
    key = (s.result.config, t, caption)  # everything the three charts below show
    left.plotly_chart(cached_chart(("h", *key), lambda: hidden_heatmap(a.h, chars, t, caption)), key="hidden_heatmap")
    if a.c is not None:
        zmax = max(1.0, float(np.abs(a.c).max()))
        cell = cached_chart(("c", *key), lambda: hidden_heatmap(a.c, chars, t, caption, name="c", zmax=zmax))
        left.plotly_chart(cell, key="cell_heatmap")
    right.plotly_chart(cached_chart(("probs", *key), lambda: output_probs(a.probs[i], task.vocab, target, t, caption)),
                       key="output_probs")
    st.markdown(f"**{S['numbers_heading']}**")
    weights = {"W_ih": w["cell.weight_ih_l0"].numpy(), "W_hh": w["cell.weight_hh_l0"].numpy(),
               "b": (w["cell.bias_ih_l0"] + w["cell.bias_hh_l0"]).numpy()}
    x_t = np.eye(task.V)[read]
    lines = cell_at_step(s.result.config.cell, t, x_t, a.h[i], a.h[t], {k: v[i] for k, v in a.pre.items()},
                         {k: v[i] for k, v in a.gates.items()}, weights,
                         c_prev=None if a.c is None else a.c[i], c_t=None if a.c is None else a.c[t])
    gates, states = lines[:len(a.gates)], lines[len(a.gates):]  # gate lines fit two abreast; state lines need the width
    columns = st.columns(2)
    for n, line in enumerate(gates):
        with columns[n % 2]:
            st.latex(line)
    for line in states:
        st.latex(line)
    st.caption(S["numbers_small"])
