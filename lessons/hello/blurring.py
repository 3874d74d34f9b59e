"""Hello lesson, section 7: lecture note 001's 갈수록 흐려진다, information blurring as it travels forward: how much of
x_1 is still in h_t, ‖∂h_t/∂x_1‖, before and after training."""

import numpy as np
import streamlit as st

from lessons.hello.study import HelloStudy
from lessons.hello.study_terms import input_reach
from ui.store import shared
from viz.states import input_reach as reach_lines

REACH = 64  # per table: one entry per study and model


@shared(REACH)
def reach(s: HelloStudy, trained: bool) -> np.ndarray:
    model = s.result.model() if trained else s.untrained_model()
    return input_reach(model, s.result.task)


@shared(REACH)
def reach_chart(s: HelloStudy, caption: str, names: tuple[str, str], lang: str):
    series = [(names[0], reach(s, False), "dash"), (names[1], reach(s, True), "solid")]
    return reach_lines(series, s.chars, caption, lang)


def blurring_section(s: HelloStudy, S: dict, caption: str, lang: str) -> None:
    st.subheader(S["blur_heading"], anchor="blurring")
    st.markdown(S["blur_intro"])
    names = (S["blur_before"], S["blur_after"].format(steps=s.result.config.steps))
    st.plotly_chart(reach_chart(s, caption, names, lang), key="input_reach")
    before, after = reach(s, False), reach(s, True)
    st.markdown(S["blur_numbers"].format(b1=before[0], bT=before[-1], b_left=100 * before[-1] / before[0],
                                         a1=after[0], aT=after[-1], a_left=100 * after[-1] / after[0],
                                         T=len(before)))
    st.caption(S["blur_method"])
