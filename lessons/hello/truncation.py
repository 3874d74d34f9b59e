"""Hello lesson, section 8: truncated BPTT two ways, what each keeps and what it cuts (a fragment). Per-loss windows
are Williams & Peng's (1990) BPTT(h); chunks with the state carried forward are how it is done in practice (note
004's "cut into pieces"): core.bptt names and cites both."""

import numpy as np
import streamlit as st

from core.bptt import GradientFlow, chunked_flow
from lessons.hello.study import HelloStudy, norms, relative_change, truncated
from ui.store import shared
from ui.widgets import step_slider
from viz.gradients import contribution_map, gradient_norms, parameter_gradients

WINDOWS = 96  # per chart: a few studies' worth of windows


@shared(WINDOWS)
def cut(s: HelloStudy, k: int) -> GradientFlow:
    return s.flow if k >= s.result.task.T else truncated(s, k)  # a window as long as the text cuts nothing


@shared(WINDOWS)
def chunks(s: HelloStudy, k: int) -> GradientFlow:
    return s.flow if k >= s.result.task.T else chunked_flow(s.result.model(), s.result.task, k)  # one chunk: full


@shared(WINDOWS)
def contribution_chart(s: HelloStudy, k: int, caption: str, lang: str, chunked: bool = False):
    return contribution_map(norms(s.flow.contrib), s.chars, k, caption, lang, chunked=chunked)


@shared(WINDOWS)
def dh_chart(s: HelloStudy, k: int, caption: str, title: str, names: tuple[str, str, str], lang: str):
    series = [(names[0], norms(s.flow.dh), "solid", "circle"), (names[1], norms(cut(s, k).dh), "dash", "diamond"),
              (names[2], norms(chunks(s, k).dh), "dot", "square")]
    return gradient_norms(series, s.chars, caption, title, lang)


@shared(WINDOWS)
def parameters_chart(s: HelloStudy, k: int, caption: str, lang: str):
    return parameter_gradients(s.flow.param_grads, cut(s, k).param_grads, k, caption, lang,
                               chunked=chunks(s, k).param_grads)


def kept_pairs(T: int, k: int) -> tuple[int, int, int]:
    """How many (loss t, state s <= t) pairs keep their gradient: per-loss windows, chunks, and in all."""
    t, s = np.meshgrid(np.arange(T), np.arange(T), indexing="ij")
    past = s <= t
    return int((past & (t - s < k)).sum()), int((past & (s // k == t // k)).sum()), int(past.sum())


@st.fragment
def truncation_view(s: HelloStudy, S: dict, caption: str, lang: str) -> None:
    T = s.result.task.T
    st.subheader(S["trunc_heading"], anchor="truncation")
    st.markdown(S["trunc_intro"])
    k = step_slider(S["trunc_label"], "k", T, max(1, T // 2))  # start with something cut, to see what it does
    if k >= T:
        st.info(S["trunc_full"].format(T=T), icon=":material/info:")
    left, right = st.columns(2)
    left.plotly_chart(contribution_chart(s, k, caption, lang), key="contribution_map")
    right.plotly_chart(contribution_chart(s, k, caption, lang, chunked=True), key="chunk_map")
    window, chunked, pairs = kept_pairs(T, k)
    st.markdown(S["trunc_kept"].format(k=k, window=window, chunks=chunked, pairs=pairs))
    left, right = st.columns(2)
    names = (S["trunc_full_name"], S["trunc_cut_name"].format(k=k), S["trunc_chunks_name"].format(k=k))
    left.plotly_chart(dh_chart(s, k, caption, S["trunc_dh_title"], names, lang), key="trunc_norms")
    right.plotly_chart(parameters_chart(s, k, caption, lang), key="param_grads")
    st.markdown(S["trunc_change"].format(k=k, rel=relative_change(s.flow.param_grads, cut(s, k).param_grads),
                                         rel_chunks=relative_change(s.flow.param_grads, chunks(s, k).param_grads)))
