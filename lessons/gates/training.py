"""Gates lesson, section 1: the three cells trained on one text, shared by every learner who asks for the same
settings."""

import streamlit as st

from core.recurrent import LABELS
from lessons.gates.study import GATED, GatesConfig, GatesStudy, study
from ui.store import shared

MAX_STUDIES = 32  # three trained cells and their traces: well under 1 MB a study (H = 32, 64 characters)


@shared(MAX_STUDIES, progress=True)
def trained(config: GatesConfig, on_step=None) -> GatesStudy:
    return study(config, on_step)


def train_summary(s: GatesStudy, S: dict) -> None:
    st.subheader(S["train_heading"])
    st.caption(S["train_intro"])
    for column, (kind, r) in zip(st.columns(3), s.results.items(), strict=True):
        column.metric(S["metric_accuracy"].format(cell=LABELS[kind]), f"{100 * r.accuracies[-1]:.0f} %",
                      help=S["metric_help"].format(loss=r.losses[-1], ms=1000 * r.seconds))
    missed = [LABELS[k] for k in GATED if s.results[k].accuracies[-1] < 1]
    if missed:
        st.warning(S["not_learned"].format(cells=S["cells_and"].join(missed)), icon=":material/warning:")
