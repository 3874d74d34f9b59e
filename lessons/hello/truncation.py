"""Hello lesson, section 5: truncated BPTT, what a window of k steps keeps and what it cuts (a fragment)."""

import streamlit as st

from core.bptt import GradientFlow
from lessons.hello.study import HelloStudy, norms, relative_change, truncated
from ui.store import shared
from ui.widgets import step_slider
from viz.gradients import contribution_map, gradient_norms, parameter_gradients

WINDOWS = 96  # per chart: a few studies' worth of windows


@shared(WINDOWS)
def cut(s: HelloStudy, k: int) -> GradientFlow:
    return truncated(s, k)


@shared(WINDOWS)
def contribution_chart(s: HelloStudy, k: int, caption: str, lang: str):
    return contribution_map(norms(s.flow.contrib), s.chars, k, caption, lang)


@shared(WINDOWS)
def dh_chart(s: HelloStudy, k: int, caption: str, title: str, names: tuple[str, str], lang: str):
    series = [(names[0], norms(s.flow.dh), "solid", "circle"), (names[1], norms(cut(s, k).dh), "dash", "diamond")]
    return gradient_norms(series, s.chars, caption, title, lang)


@shared(WINDOWS)
def parameters_chart(s: HelloStudy, k: int, caption: str, lang: str):
    return parameter_gradients(s.flow.param_grads, cut(s, k).param_grads, k, caption, lang)


@st.fragment
def truncation_view(s: HelloStudy, S: dict, caption: str, lang: str) -> None:
    T = s.result.task.T
    st.subheader(S["trunc_heading"])
    st.markdown(S["trunc_intro"])
    k = step_slider(S["trunc_label"], "k", T, max(1, T // 2))  # start with something cut, to see what it does
    st.plotly_chart(contribution_chart(s, k, caption, lang), key="contribution_map")
    if k >= T:
        st.info(S["trunc_full"].format(T=T), icon=":material/info:")
    left, right = st.columns(2)
    names = (S["trunc_full_name"], S["trunc_cut_name"].format(k=k))
    left.plotly_chart(dh_chart(s, k, caption, S["trunc_dh_title"], names, lang), key="trunc_norms")
    right.plotly_chart(parameters_chart(s, k, caption, lang), key="param_grads")
    st.markdown(S["trunc_change"].format(k=k, rel=relative_change(s.flow.param_grads, cut(s, k).param_grads)))
