"""Gates lesson, section 3: one stacked weight matrix for all the gates."""

import streamlit as st

from core.recurrent import CELLS, LABELS
from lessons.gates.study import GatesStudy
from ui.store import shared
from viz.gates import stacked_matrix


@shared(32)
def matrix_chart(s: GatesStudy, kind: str, caption: str, lang: str):
    w, cell = s.results[kind].state, CELLS[kind]
    blocks = [(g, "σ" if g in cell.SIGMOID else "tanh") for g in cell.GATES]  # one H-row block per gate
    return stacked_matrix(w["cell.weight_ih_l0"].numpy(), w["cell.weight_hh_l0"].numpy(),
                          (w["cell.bias_ih_l0"] + w["cell.bias_hh_l0"]).numpy(), blocks, s.task.vocab,
                          LABELS[kind], caption, lang=lang)


def matrix_section(s: GatesStudy, S: dict, caption: str, lang: str) -> None:
    st.subheader(S["matrix_heading"], anchor="matrix")  # a link from the lecture map: /gates#matrix
    H = s.config.hidden_size
    st.markdown(S["matrix_intro"].format(rows=4 * H, H=H, I=s.task.V))
    st.plotly_chart(matrix_chart(s, "lstm", caption, lang), key="matrix_lstm")
    with st.expander(S["matrix_gru"]):
        st.plotly_chart(matrix_chart(s, "gru", caption, lang), key="matrix_gru")
