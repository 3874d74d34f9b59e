"""Hello lesson, section 1: the training run, shared by every learner who asks for the same settings."""

import streamlit as st

from core.charlm import HelloConfig
from lessons.hello.study import HelloStudy, study
from ui.store import shared
from viz.training import loss_curve

MAX_STUDIES = 64  # a trained "hello" study is well under 1 MB (64-character texts with H = 64: ~3 MB)


@shared(MAX_STUDIES, progress=True)
def trained(config: HelloConfig, on_step=None) -> HelloStudy:
    return study(config, on_step)


@shared(32)
def loss_chart(s: HelloStudy, caption: str, lang: str):
    r = s.result
    return loss_curve(r.losses, r.accuracies, r.solved_at, caption, lang)


def train_section(s: HelloStudy, S: dict, caption: str, lang: str) -> None:
    r = s.result
    st.subheader(S["train_heading"])
    a, b, c = st.columns(3)
    a.metric(S["metric_accuracy"], f"{100 * r.accuracies[-1]:.0f} %")
    b.metric(S["metric_solved"], r.solved_at if r.solved_at else S["metric_solved_never"])
    c.metric(S["metric_time"], f"{1000 * r.seconds:.0f} ms")
    st.plotly_chart(loss_chart(s, caption, lang), key="loss_curve")
    if r.accuracies[-1] < 1:
        st.warning(S["not_solved"], icon=":material/warning:")
