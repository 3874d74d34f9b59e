"""Gates lesson, section 6: the GRU's three ways of being written, and what the reset placement changes."""

import streamlit as st

from lessons.gates.study import GatesStudy
from lessons.gates.study_forms import Placements, compare
from ui.latex import latex
from ui.store import shared
from viz.breaks import placement_gaps


@shared(16)
def placements(s: GatesStudy) -> Placements:
    return compare(s.model("gru"), s.task)


@shared(32)
def gaps_chart(s: GatesStudy, caption: str, lang: str):
    p = placements(s)
    return placement_gaps(p.step_gap, p.run_gap, s.chars, caption, lang=lang)


def forms_section(s: GatesStudy, S: dict, caption: str, lang: str) -> None:
    st.subheader(S["forms_heading"])
    st.markdown(S["forms_intro"])
    for column, key in zip(st.columns(3), ("form_after", "form_before", "form_notes"), strict=True):
        with column:
            st.markdown(f"**{S[key + '_title']}**")
            latex(S[key])
            st.caption(S[key + "_source"])
    p = placements(s)
    st.plotly_chart(gaps_chart(s, caption, lang), key="forms_gaps")
    st.markdown(S["forms_numbers"].format(step=float(p.step_gap.max()), run=float(p.run_gap.max()),
                                          after=100 * p.accuracy_after, before=100 * p.accuracy_before,
                                          z=p.z_mean, notes_z=1 - p.z_mean))
