"""Vanishing lesson, section 3: walk the backward pass one step at a time (a fragment: the cell and the step
rerun only this)."""

import numpy as np
import streamlit as st

from core.recurrent import KIND
from lessons.vanishing.study import FlowStudy
from ui.store import shared
from ui.widgets import step_slider
from viz.backward import forget_product, jacobian, singular_values
from viz.vanishing import fading_chain

STEP_CHARTS = 96  # per chart: a few studies' worth of steps
JACOBIANS = 48  # the LSTM's at H = 128 is 256 x 256: ~1 MB with its JSON


@shared(STEP_CHARTS)
def chain_chart(s: FlowStudy, k: int, caption: str, lang: str):
    return fading_chain({kind: flow.norms for kind, flow in s.cells.items()}, s.labels, k, caption, lang)


@shared(JACOBIANS)
def jacobian_chart(s: FlowStudy, kind: str, k: int, caption: str, lang: str):
    """J_k = ds_{k+1}/ds_k, row k - 1 of the one-step Jacobians."""
    return jacobian(s.cells[kind].jacobian(s.x, k - 1), k, kind, caption, lang)


@shared(STEP_CHARTS)
def singular_chart(s: FlowStudy, kind: str, k: int, caption: str, lang: str):
    return singular_values(s.cells[kind].singular[k - 1], kind, k, caption, lang)


@shared(STEP_CHARTS)
def forget_chart(s: FlowStudy, k: int, caption: str, lang: str):
    return forget_product(s.cells["lstm"].forget_product[k - 1], k, caption, lang)


@st.fragment
def walk_view(s: FlowStudy, S: dict, caption: str, lang: str) -> None:
    st.subheader(S["walk_heading"])
    st.caption(S["walk_intro"])
    a, b = st.columns([1, 3])
    kind = KIND[a.radio(S["walk_cell"], list(KIND), key="walk_cell", bind="query-params",
                        horizontal=True)]  # the name is also the address value: ?walk_cell=LSTM
    with b:
        k = step_slider(S["walk_k"], "k", s.T - 1, s.T - 1)  # 1-based: J_k = ds_{k+1}/ds_k
    flow = s.cells[kind]
    st.plotly_chart(chain_chart(s, k, caption, lang), key="chain")
    value = flow.norms[k - 1]
    n = s.T - k
    st.markdown(S["walk_running_one" if n == 1 else "walk_running"].format(k=k, value=f"{value:.3e}", n=n))
    sv = flow.singular[k - 1]
    st.caption(S["walk_sv"].format(lo=np.nanmin(sv), hi=np.nanmax(sv), below=int((sv < 1).sum()), S=sv.size))
    left, right = st.columns(2)
    left.plotly_chart(jacobian_chart(s, kind, k, caption, lang), key="jacobian")
    right.plotly_chart(singular_chart(s, kind, k, caption, lang), key="singular")
    if flow.forget_product is not None:
        product = flow.forget_product[k - 1]
        st.markdown(S["walk_forget"].format(median=float(np.median(product)), best=float(product.max())))
        st.plotly_chart(forget_chart(s, k, caption, lang), key="forget_chart")
