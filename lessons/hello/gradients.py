"""Hello lesson, sections 3-4: the loss at every step, and the gradient of the loss travelling back through time."""

import streamlit as st

from lessons.hello.study import HelloStudy, norms
from ui.store import shared
from viz.gradients import gradient_norms
from viz.states import step_losses


@shared(32)
def losses_chart(s: HelloStudy, caption: str, lang: str):
    task = s.result.task
    return step_losses(s.analysis.losses, s.chars, [task.vocab[j] for j in task.targets], caption, lang)


@shared(32)
def norms_chart(s: HelloStudy, caption: str, title: str, names: tuple[str, str], lang: str):
    """||dL/dh_t|| two ways: the NumPy BPTT beside autograd (plain RNN), or two autograd computations."""
    if s.numpy is not None:
        series = [(names[0], norms(s.numpy.dh), "solid", "circle"), (names[1], norms(s.autograd_dh), "dash", "x")]
    else:
        series = [(names[0], norms(s.autograd_dh), "solid", "circle"), (names[1], norms(s.flow.dh), "dash", "x")]
    return gradient_norms(series, s.chars, caption, title, lang)


def loss_section(s: HelloStudy, S: dict, caption: str, lang: str) -> None:
    st.subheader(S["loss_heading"])
    st.caption(S["loss_intro"])
    st.plotly_chart(losses_chart(s, caption, lang), key="step_losses")


def gradient_section(s: HelloStudy, S: dict, caption: str, lang: str) -> None:
    st.subheader(S["grad_heading"])
    st.markdown(S["grad_intro"])
    if s.numpy is not None:
        names = (S["grad_numpy_name"], S["grad_autograd_name"])
        note = S["grad_agree"].format(gap=s.bptt_gap)
    else:
        names = (S["grad_loop_name"], S["grad_windows_name"])
        note = S["grad_no_numpy"].format(cell=s.result.config.cell.upper(), gap=s.autograd_gap)
    st.plotly_chart(norms_chart(s, caption, S["grad_title"], names, lang), key="grad_norms")
    st.markdown(note)
