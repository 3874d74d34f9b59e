"""Gates lesson, the lecture notes' own forms under the equations at the top: the live z beside the two ways of
writing the GRU, and note 000's y = o * c against h = o * tanh(c), measured on the trained LSTM."""

import streamlit as st

from lessons.gates.study import GatesStudy
from lessons.gates.study_notes import OutputGap, output_gap
from ui.callout import notes_say
from ui.store import shared


@shared(16)
def gap(s: GatesStudy) -> OutputGap:
    return output_gap(s.model("lstm"), s.task)


def z_caption(s: GatesStudy, S: dict) -> None:
    """The trained GRU's mean z, in PyTorch's sense and in the notes' (1 - z): the same gate, named the other way."""
    z = float(s.analyses["gru"].gates["z"].mean())
    st.caption(S["gru_z_live"].format(z=z, notes_z=1 - z))


def output_callout(s: GatesStudy, S: dict, lang: str) -> None:
    g = gap(s)
    notes_say("000", S["output_said"], S["output_measured"].format(
        t=g.t, unit=g.unit, c=g.c, gap=g.largest, notes=100 * g.accuracy_notes, trained=100 * g.accuracy_trained,
        run=float(g.run_gap.max())), lang)


def under_equations(s: GatesStudy, S: dict, slots: dict, lang: str) -> None:
    """Fill the places the equations left: the y = o * c callout under the LSTM, the live z under the GRU."""
    with slots["lstm"]:
        output_callout(s, S, lang)
    with slots["gru"]:
        z_caption(s, S)
