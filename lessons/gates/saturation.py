"""Gates lesson, section 4: how saturated the trained gates are (near 0 or 1, where the sigmoid is flat)."""

import streamlit as st

from core.recurrent import CELLS, LABELS
from lessons.gates.study import GATED, GatesStudy, saturation
from lessons.gates.study_notes import candidate_slopes
from ui.callout import notes_say
from ui.store import shared
from viz.gates import saturation_bars


@shared(32)
def saturation_chart(s: GatesStudy, kind: str, names: tuple[str, ...], caption: str, lang: str):
    """names: how the chart names each sigmoid gate of the cell, in the cell's order."""
    names_of = dict(zip(CELLS[kind].SIGMOID, names, strict=True))
    return saturation_bars(saturation(s.analyses[kind], kind), names_of, LABELS[kind], caption, lang=lang)


def candidate_callout(s: GatesStudy, S: dict, lang: str) -> None:
    """Note 003: the candidate's tanh "passes information without gradient vanishing", against its derivative."""
    mean, share = candidate_slopes(s.analyses["lstm"].gates["g"])
    notes_say("003", S["candidate_said"], S["candidate_measured"].format(mean=mean, share=100 * share), lang)


def saturation_section(s: GatesStudy, S: dict, caption: str, lang: str) -> None:
    st.subheader(S["saturation_heading"], anchor="saturation")  # /gates#saturation
    st.markdown(S["saturation_intro"])
    for column, kind in zip(st.columns(2), GATED, strict=True):
        names = tuple(S["gate_names"][g] for g in CELLS[kind].SIGMOID)
        column.plotly_chart(saturation_chart(s, kind, names, caption, lang), key=f"saturation_{kind}")
    st.caption(S["saturation_note"])
    candidate_callout(s, S, lang)
