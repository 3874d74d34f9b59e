"""Hello lesson, beside the equations when the cell is the GRU: the GRU as lecture note 001 writes it (z = the share of
the NEW state) next to PyTorch's (z = the share of the OLD state kept), with the trained model's own numbers."""

import streamlit as st

from lessons.hello.study import HelloStudy
from lessons.hello.study_gru import GruReadings, readings
from ui.callout import notes_say
from ui.latex import latex
from ui.store import shared

GATES_PAGE = "lessons/gates/page.py"  # the gates lesson's section 6 measures the reset's placement


@shared(64)
def gru_readings(s: HelloStudy) -> GruReadings:
    return readings(s.analysis)


def gru_view(s: HelloStudy, S: dict, lang: str) -> None:
    st.markdown(f"**{S['gru_heading']}**")
    for column, key in zip(st.columns(2), ("gru_notes", "gru_torch"), strict=True):
        with column:
            st.markdown(f"*{S[key + '_title']}*")
            latex(S[key])
            st.caption(S[key + "_source"])
    g = gru_readings(s)
    t, unit = g.example
    z = float(g.z[t - 1, unit - 1])
    notes_say("001", S["gru_said"], S["gru_measured"].format(t=t, prev=t - 1, unit=unit, z=z, z_pct=100 * z,
                                                             new_pct=100 * (1 - z), gap=g.gap,
                                                             z_notes=float(g.z_notes[t - 1, unit - 1])), lang)
    st.caption(S["gru_reset"])
    st.page_link(GATES_PAGE, label=S["gru_link"], icon=":material/compare_arrows:", query_params={"lang": lang})
