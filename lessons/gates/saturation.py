"""Gates lesson, section 4: how saturated the trained gates are (near 0 or 1, where the sigmoid is flat)."""

import streamlit as st

from core.recurrent import CELLS, LABELS
from lessons.gates.study import GATED, GatesStudy, saturation
from ui.store import shared
from viz.gates import saturation_bars


@shared(32)
def saturation_chart(s: GatesStudy, kind: str, names: tuple[str, ...], caption: str, lang: str):
    """names: how the chart names each sigmoid gate of the cell, in the cell's order."""
    names_of = dict(zip(CELLS[kind].SIGMOID, names, strict=True))
    return saturation_bars(saturation(s.analyses[kind], kind), names_of, LABELS[kind], caption, lang=lang)


def saturation_section(s: GatesStudy, S: dict, caption: str, lang: str) -> None:
    st.subheader(S["saturation_heading"])
    st.markdown(S["saturation_intro"])
    for column, kind in zip(st.columns(2), GATED, strict=True):
        names = tuple(S["gate_names"][g] for g in CELLS[kind].SIGMOID)
        column.plotly_chart(saturation_chart(s, kind, names, caption, lang), key=f"saturation_{kind}")
    st.caption(S["saturation_note"])
