"""Hello lesson, section 6: lecture note 001's ∂L₄/∂W_x = H + E + L + L, one loss's gradient with respect to the
input weights split into one term per character read, before and after training (a fragment)."""

import streamlit as st

from lessons.hello.study import HelloStudy
from lessons.hello.study_terms import InputTerms, input_terms
from ui.safe import code
from ui.store import shared
from ui.widgets import step_slider
from viz.gradients import input_terms as terms_bars

SPLITS = 128  # per table: a few studies' worth of losses, two models each


@shared(SPLITS)
def split(s: HelloStudy, loss: int, trained: bool) -> InputTerms:
    model = s.result.model() if trained else s.untrained_model()
    return input_terms(model, s.result.task, loss)


@shared(SPLITS)
def terms_chart(s: HelloStudy, loss: int, caption: str, names: tuple[str, str], lang: str):
    series = [(names[0], split(s, loss, False).norms), (names[1], split(s, loss, True).norms)]
    return terms_bars(series, s.chars[:loss], loss, caption, lang)


@st.fragment
def terms_view(s: HelloStudy, S: dict, caption: str, lang: str) -> None:
    T = s.result.task.T
    st.subheader(S["wx_heading"], anchor="input-terms")
    st.markdown(S["wx_intro"])
    t = step_slider(S["wx_label"], "wx", T, T)  # the note's L_4 is the last loss of "hello"
    names = (S["wx_before"], S["wx_after"].format(steps=s.result.config.steps))
    st.plotly_chart(terms_chart(s, t, caption, names, lang), key="input_terms")
    before, after = split(s, t, False), split(s, t, True)
    st.markdown(S["wx_sum"].format(t=t, gap_before=before.gap, gap_after=after.gap))
    if t > 1:
        near, far = before.norms[-1], before.norms[0]
        st.markdown(S["wx_shrink"].format(t=t, near_char=code(s.chars[t - 1]), far_char=code(s.chars[0]),
                                          near=near, far=far, ratio=far / near if near > 0 else float("nan"),
                                          after_max=float(after.norms.max()),
                                          loss_after=float(s.analysis.losses[t - 1])))
