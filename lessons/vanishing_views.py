"""Vanishing lesson, sections 1-4: the curves (a fragment), the T x T maps, the backward walk (a fragment) and
stacked layers (a fragment)."""

import numpy as np
import streamlit as st

from core.depth import MAX_LAYERS, layer_norms
from core.gradients import memory_horizon, state_jacobian_map
from core.vanishing import FlowConfig, FlowStudy, build_cell, inputs
from ui.store import cached_chart, cached_run, peek
from ui.widgets import step_slider
from viz.backward import forget_product, jacobian, layer_curves, singular_values
from viz.vanishing import NAMES, distance_curves, fading_chain, flow_map, map_range

CELL_LABELS = {"RNN": "rnn", "LSTM": "lstm", "GRU": "gru"}  # the label is the URL value
THRESHOLDS = [1e-1, 1e-2, 1e-3, 1e-4, 1e-6, 1e-8]
AUTO_SECONDS = 2.0  # maps that take longer wait for a click (T = 200, H = 128 takes ~25 s)


def seconds_for_maps(T: int, H: int) -> float:
    """Roughly how long the three maps take: 1.8 s at T = 100, H = 64 (benchmarks/vanishing.py), growing as
    the number of pairs (T^2) times the size of each product (H^2)."""
    return 1.8 * (T / 100) ** 2 * (H / 64) ** 2


def _map(config: FlowConfig, kind: str, on_step) -> np.ndarray:
    x, _ = inputs(config)
    return state_jacobian_map(build_cell(config, kind, x.shape[1]), x, on_step=on_step)


@st.cache_resource(max_entries=24, show_spinner=False)
def cached_layers(config: FlowConfig, layers: int) -> np.ndarray:
    return layer_norms(config, layers)


@st.fragment
def curves_section(s: FlowStudy, S: dict, caption: str, chosen: dict) -> None:
    """Section 1: the three curves, their memory horizons at the chosen threshold and the RNN's bound. A fragment:
    the threshold slider reruns only this. ``chosen`` keeps the threshold for the JSON download."""
    dtype = s.config.dtype
    st.subheader(S["curves_heading"])
    st.caption(S["curves_intro"])
    threshold = st.select_slider(S["threshold_label"], THRESHOLDS, value=1e-3, key="threshold",
                                 bind="query-params", format_func=lambda v: f"{v:.0e}", help=S["threshold_help"])
    chosen["threshold"] = threshold
    norms = {kind: flow.norms for kind, flow in s.cells.items()}
    for column, (kind, values) in zip(st.columns(3), norms.items(), strict=True):
        d = memory_horizon(values, threshold)
        value = S["horizon_all"] if d == s.T - 1 else S["horizon_value"]
        column.metric(S["horizon_metric"].format(cell=NAMES[kind]), value.format(d=d),
                      help=S["horizon_help"].format(threshold=threshold))
    rnn = s.cells["rnn"]
    st.plotly_chart(cached_chart(("curves", s.config, threshold, caption),
                                 lambda: distance_curves(norms, rnn.bound, threshold, dtype, caption)), key="curves")
    numbers = s.rnn_numbers
    st.markdown(S["bound_vanish" if numbers["sigma_max"] < 1 else "bound_no_promise"].format(**numbers))
    ratio = numbers["bound_ratio"]  # float32 rounding may put it a hair above 1 where the two meet
    st.caption(S["bound_held" if not ratio > 1 + 1e-5 else "bound_crossed"].format(ratio=ratio))
    every = np.concatenate(list(norms.values()) + [rnn.bound])
    if (~np.isfinite(every)).any():
        st.warning(S["overflow"].format(dtype=dtype), icon=":material/warning:")
    if (every == 0).any():
        st.info(S["underflow"].format(dtype=dtype), icon=":material/info:")


def map_section(s: FlowStudy, S: dict, caption: str) -> None:
    st.subheader(S["maps_heading"])
    st.caption(S["maps_intro"])
    pairs = s.T * (s.T - 1) // 2
    st.caption(S["maps_cost"].format(T=s.T, pairs=f"{pairs:,}"))
    keys = {kind: ("map", s.config, kind) for kind in s.cells}
    seconds = seconds_for_maps(s.T, s.config.hidden_size)
    waiting = any(peek(key) is None for key in keys.values())
    if waiting and seconds > AUTO_SECONDS and not st.button(S["maps_button"].format(seconds=seconds),
                                                             key="maps_go", icon=":material/grid_on:"):
        st.caption(S["maps_waiting"])
        return
    maps = {kind: cached_run(key, lambda on_step, k=kind: _map(s.config, k, on_step),
                             S["maps_progress"].format(cell=NAMES[kind], pairs=f"{pairs:,}"))
            for kind, key in keys.items()}
    zrange = map_range(maps.values())
    st.caption(caption)
    for column, (kind, matrix) in zip(st.columns(3), maps.items(), strict=True):
        chart = cached_chart(("map", s.config, kind, S["maps_caption"]),  # zrange comes from the same three maps
                             lambda k=kind, m=matrix: flow_map(m, s.labels, k, zrange, S["maps_caption"]))
        column.plotly_chart(chart, key=f"map_{kind}")


@st.fragment
def walk_view(s: FlowStudy, S: dict, caption: str) -> None:
    st.subheader(S["walk_heading"])
    st.caption(S["walk_intro"])
    a, b = st.columns([1, 3])
    kind = CELL_LABELS[a.radio(S["walk_cell"], list(CELL_LABELS), key="walk_cell", bind="query-params",
                               horizontal=True)]
    with b:
        k = step_slider(S["walk_k"], "k", s.T - 1, s.T - 1)  # 1-based: J_k = ds_{k+1}/ds_k
    flow = s.cells[kind]
    st.plotly_chart(cached_chart(("chain", s.config, k, caption), lambda: fading_chain(
        {name: f.norms for name, f in s.cells.items()}, s.labels, k, caption)), key="chain")
    value = flow.norms[k - 1]
    n = s.T - k
    st.markdown(S["walk_running"].format(k=k, value=f"{value:.3e}", n=n, s="" if n == 1 else "s"))
    sv = flow.singular[k - 1]
    st.caption(S["walk_sv"].format(lo=np.nanmin(sv), hi=np.nanmax(sv), below=int((sv < 1).sum()), S=sv.size))
    left, right = st.columns(2)
    left.plotly_chart(cached_chart(("jacobian", s.config, kind, k, caption),
                                   lambda: jacobian(flow.jacobian(s.x, k - 1), k, kind, caption)), key="jacobian")
    right.plotly_chart(cached_chart(("singular", s.config, kind, k, caption),
                                    lambda: singular_values(sv, kind, k, caption)), key="singular")
    if flow.forget_product is not None:
        product = flow.forget_product[k - 1]
        st.markdown(S["walk_forget"].format(median=float(np.median(product)), best=float(product.max())))
        st.plotly_chart(cached_chart(("forget", s.config, k, caption), lambda: forget_product(product, k, caption)),
                        key="forget_chart")


@st.fragment
def depth_section(config: FlowConfig, S: dict, caption: str) -> None:
    st.subheader(S["depth_heading"])
    st.caption(S["depth_intro"])
    layers = st.radio(S["depth_label"], list(range(1, MAX_LAYERS + 1)), index=1, key="layers",
                      bind="query-params", horizontal=True)
    norms = cached_layers(config, int(layers))
    st.plotly_chart(cached_chart(("layers", config, layers, caption), lambda: layer_curves(
        norms, config.dtype, caption + f", {layers} layer(s)")), key="layers_chart")
