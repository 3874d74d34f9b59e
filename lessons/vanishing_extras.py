"""Vanishing lesson, the end: what to notice, predict-then-reveal, the code, the data."""

import dataclasses

import streamlit as st

from core import gradients, jacobians, vanishing
from core.vanishing import FlowStudy, config_json, curves_csv
from ui.widgets import show_code


@st.cache_resource(max_entries=16, show_spinner=False)
def _answer(config: vanishing.FlowConfig) -> float:
    """The RNN's ||ds_T/ds_(T-20)|| for the learner's settings but with sigma_max(W_hh) = 0.5."""
    halved = dataclasses.replace(config, scale=0.5, scale_kind="sigma")
    x, _ = vanishing.inputs(halved)
    norms = gradients.state_jacobian_norms(vanishing.build_cell(halved, "rnn", x.shape[1]), x)
    return float(norms[max(0, len(norms) - 21)])


def _question(s: FlowStudy, S: dict) -> None:
    st.subheader(S["question_heading"])
    st.markdown(S["question"])
    options = S["question_options"]
    guess = st.radio(S["question_pick"], options, index=None, horizontal=True, key="guess")
    if st.toggle(S["question_reveal"], key="reveal"):
        value = _answer(s.config)
        # which option the measurement falls in: >= 1e-2, >= 1e-4.5, >= 1e-6, below
        right = options[0 if value >= 1e-2 else 1 if value >= 10**-4.5 else 2 if value >= 1e-6 else 3]
        verdict = f"the closest option is “{right}”" + ("; you had it" if guess == right else "")
        st.success(S["question_answer"].format(value=value, right=verdict, bound=0.5**20))


def closing_sections(s: FlowStudy, S: dict, chosen: dict) -> None:
    st.subheader(S["notice_heading"])
    st.markdown(S["notice"])
    _question(s, S)
    show_code(S, (jacobians.rnn_jacobians, jacobians.lstm_jacobians, gradients.norms_to_end,
                    gradients.norms_from_jacobians, gradients._subspace, gradients.pascanu_bound,
                    vanishing.build_cell))
    st.subheader(S["download_heading"])
    a, b = st.columns(2)
    # the files are written when clicked (Streamlit calls these then), not on every rerun
    a.download_button(S["download_csv"], lambda: curves_csv(s).encode("utf-8-sig"), "vanishing_curves.csv",
                      "text/csv", on_click="ignore", key="download_csv")
    b.download_button(S["download_json"], lambda: config_json(s, float(chosen["threshold"])), "vanishing_config.json",
                      "application/json", on_click="ignore", key="download_json")
