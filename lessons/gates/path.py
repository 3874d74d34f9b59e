"""Gates lesson, section 8: each cell's hidden state h_0..h_T as a path in its two main directions (PCA)."""

import streamlit as st

from core.trajectory import pca_2d
from lessons.gates.study import KINDS, GatesStudy
from ui.store import shared
from viz.memory import trajectory


@shared(48)
def path_chart(s: GatesStudy, kind: str, caption: str, lang: str):
    return trajectory(pca_2d(s.analyses[kind].path("h")), s.chars, kind, caption, lang=lang)


def path_section(s: GatesStudy, S: dict, caption: str, lang: str) -> None:
    st.subheader(S["path_heading"])
    st.markdown(S["path_intro"])
    for column, kind in zip(st.columns(3), KINDS, strict=True):
        column.plotly_chart(path_chart(s, kind, caption, lang), key=f"path_{kind}")
