"""Vanishing lesson, section 1: the three curves on one log axis, their memory horizons and the RNN's bound (a
fragment: the threshold slider reruns only this). Also the study itself, shared by every section."""

import numpy as np
import streamlit as st

from core.gradients import memory_horizon
from core.recurrent import LABELS
from lessons.vanishing.study import FlowConfig, FlowStudy, study
from ui.store import shared
from viz.vanishing import distance_curves

THRESHOLDS = [1e-1, 1e-2, 1e-3, 1e-4, 1e-6, 1e-8]
MAX_STUDIES = 32  # a study is ~1 MB at T = 200, H = 128 (the singular values of every step's Jacobian)


@shared(MAX_STUDIES)
def studied(config: FlowConfig) -> FlowStudy:
    return study(config)


@shared(64)
def curves_chart(s: FlowStudy, threshold: float, caption: str, lang: str):
    norms = {kind: flow.norms for kind, flow in s.cells.items()}
    return distance_curves(norms, s.cells["rnn"].bound, threshold, s.config.dtype, caption, lang)


@st.fragment
def curves_section(s: FlowStudy, S: dict, caption: str, chosen: dict, lang: str) -> None:
    """The three curves, their memory horizons at the chosen threshold and the RNN's bound. ``chosen`` keeps the
    threshold for the JSON download (written when clicked, after a rerun of this fragment alone)."""
    dtype = s.config.dtype
    st.subheader(S["curves_heading"])
    st.caption(S["curves_intro"])
    threshold = st.select_slider(S["threshold_label"], THRESHOLDS, value=1e-3, key="threshold",
                                 bind="query-params", format_func=lambda v: f"{v:.0e}", help=S["threshold_help"])
    chosen["threshold"] = threshold
    for column, (kind, flow) in zip(st.columns(3), s.cells.items(), strict=True):
        d = memory_horizon(flow.norms, threshold)
        value = S["horizon_all"] if d == s.T - 1 else S["horizon_value"]
        column.metric(S["horizon_metric"].format(cell=LABELS[kind]), value.format(d=d),
                      help=S["horizon_help"].format(threshold=threshold))
    st.plotly_chart(curves_chart(s, threshold, caption, lang), key="curves")
    numbers = s.rnn_numbers
    st.markdown(S["bound_vanish" if numbers["sigma_max"] < 1 else "bound_no_promise"].format(**numbers))
    ratio = numbers["bound_ratio"]  # float32 rounding may put it a hair above 1 where the two meet
    st.caption(S["bound_held" if not ratio > 1 + 1e-5 else "bound_crossed"].format(ratio=ratio))
    every = np.concatenate([flow.norms for flow in s.cells.values()] + [s.cells["rnn"].bound])
    if (~np.isfinite(every)).any():
        st.warning(S["overflow"].format(dtype=dtype), icon=":material/warning:")
    if (every == 0).any():
        st.info(S["underflow"].format(dtype=dtype), icon=":material/info:")
