"""Vanishing lesson, section 2: the T x T gradient-flow maps, ||ds_t/ds_k|| for every pair of steps. Large maps
wait for a click; once anyone has computed them, everyone sees them at once."""

import numpy as np
import streamlit as st

from core.gradients import state_jacobian_map
from core.recurrent import LABELS
from lessons.vanishing.study import KINDS, FlowStudy
from ui.store import shared
from viz.vanishing import flow_map, map_range

AUTO_SECONDS = 2.0  # maps that take longer wait for a click (T = 200, H = 128 takes ~25 s)
MAX_MAPS = 48  # 16 studies' worth of three maps; a T = 200 map is 320 kB


def seconds_for_maps(T: int, H: int) -> float:
    """Roughly how long the three maps take: 1.8 s at T = 100, H = 64 (benchmarks/vanishing.py), growing as
    the number of pairs (T^2) times the size of each product (H^2)."""
    return 1.8 * (T / 100) ** 2 * (H / 64) ** 2


@shared(MAX_MAPS, progress=True)
def flow_matrix(s: FlowStudy, kind: str, on_step=None) -> np.ndarray:
    """(T, T) the map of one cell of the study (core.gradients.state_jacobian_map), on the study's own input."""
    return state_jacobian_map(s.cells[kind].cell, s.x, on_step=on_step)


@shared(96)
def map_chart(s: FlowStudy, kind: str, caption: str, lang: str):
    zrange = map_range([flow_matrix(s, k) for k in KINDS])  # one colour scale for the three maps
    return flow_map(flow_matrix(s, kind), s.labels, kind, zrange, caption, lang)


def map_section(s: FlowStudy, S: dict, caption: str, lang: str) -> None:
    st.subheader(S["maps_heading"])
    st.caption(S["maps_intro"])
    pairs = s.T * (s.T - 1) // 2
    st.caption(S["maps_cost"].format(T=s.T, pairs=f"{pairs:,}"))
    seconds = seconds_for_maps(s.T, s.config.hidden_size)
    waiting = any(flow_matrix.peek(s, kind) is None for kind in KINDS)
    if waiting and seconds > AUTO_SECONDS and not st.button(S["maps_button"].format(seconds=seconds),
                                                             key="maps_go", icon=":material/grid_on:"):
        st.caption(S["maps_waiting"])
        return
    for kind in KINDS:
        flow_matrix(s, kind, label=S["maps_progress"].format(cell=LABELS[kind], pairs=f"{pairs:,}"))
    st.caption(caption)
    for column, kind in zip(st.columns(3), KINDS, strict=True):
        column.plotly_chart(map_chart(s, kind, S["maps_caption"], lang), key=f"map_{kind}")
