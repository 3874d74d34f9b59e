"""Vanishing lesson, section 4: depth as well as time, a stack of tanh RNN layers (a fragment: the number of layers
reruns only this)."""

import numpy as np
import streamlit as st

from core.limits import MAX_LAYERS
from lessons.vanishing.study import FlowConfig
from lessons.vanishing.study_depth import layer_norms
from ui.store import shared
from viz.backward import layer_curves


@shared(24)
def stacked(config: FlowConfig, layers: int) -> np.ndarray:
    return layer_norms(config, layers)


@shared(64)
def layers_chart(config: FlowConfig, layers: int, caption: str, lang: str):
    return layer_curves(stacked(config, layers), config.dtype, caption, lang)


@st.fragment
def depth_section(config: FlowConfig, S: dict, caption: str, lang: str) -> None:
    st.subheader(S["depth_heading"])
    st.caption(S["depth_intro"])
    layers = st.radio(S["depth_label"], list(range(1, MAX_LAYERS + 1)), index=1, key="layers",
                      bind="query-params", horizontal=True)
    caption = S["depth_caption"].format(caption=caption, layers=layers)
    st.plotly_chart(layers_chart(config, int(layers), caption, lang), key="layers_chart")
