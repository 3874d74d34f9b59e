"""Gates lesson, sections 3-4: one stacked weight matrix for all the gates, and how saturated the gates are."""

import streamlit as st

from core.gates import SIGMOID, GatesStudy, saturation
from ui.store import cached_chart
from viz.gates import saturation_bars, stacked_matrix

BLOCKS = {"lstm": [("i", "σ"), ("f", "σ"), ("g", "tanh"), ("o", "σ")],
          "gru": [("r", "σ"), ("z", "σ"), ("n", "tanh")]}
NAMES = {"lstm": "LSTM", "gru": "GRU"}


def _matrix(s: GatesStudy, kind: str, caption: str):
    w = s.results[kind].state
    return stacked_matrix(w["cell.weight_ih_l0"].numpy(), w["cell.weight_hh_l0"].numpy(),
                          (w["cell.bias_ih_l0"] + w["cell.bias_hh_l0"]).numpy(), BLOCKS[kind], s.task.vocab,
                          NAMES[kind], caption)


def matrix_section(s: GatesStudy, S: dict, caption: str) -> None:
    st.subheader(S["matrix_heading"])
    H = s.config.hidden_size
    st.markdown(S["matrix_intro"].format(rows=4 * H, H=H, I=s.task.V))
    st.plotly_chart(cached_chart(("matrix", s.config, "lstm", caption), lambda: _matrix(s, "lstm", caption)),
                    key="matrix_lstm")
    with st.expander(S["matrix_gru"]):
        st.plotly_chart(cached_chart(("matrix", s.config, "gru", caption), lambda: _matrix(s, "gru", caption)),
                        key="matrix_gru")


def saturation_section(s: GatesStudy, S: dict, caption: str) -> None:
    st.subheader(S["saturation_heading"])
    st.markdown(S["saturation_intro"])
    names = S["gate_names"]
    for column, kind in zip(st.columns(2), SIGMOID, strict=True):
        chart = cached_chart(("saturation", s.config, kind, caption), lambda kind=kind: saturation_bars(
            saturation(s.analyses[kind], kind), names, NAMES[kind], caption))
        column.plotly_chart(chart, key=f"saturation_{kind}")
    st.caption(S["saturation_note"])
