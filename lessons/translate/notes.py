"""Translation lesson, inside section 2's step fragment: note 001's C₄ = sum <S₄, h_i> h_i (raw inner products, no
softmax) beside the model's c_t on the step the learner chose, the word the model's readout writes from each, and
the one-style callout with the live numbers (why the softmax is there)."""

import streamlit as st

from lessons.translate.models import notes_of
from ui.callout import notes_say
from ui.latex import latex
from ui.store import shared
from viz.translate import shown
from viz.translate_notes import notes_chart, notes_equations

NOTES_CHARTS = 96  # per chart: one per (sentence, step, language)


@shared(NOTES_CHARTS)
def chart(words: tuple[str, ...], t: int, title: str, caption: str, lang: str):
    n, k = notes_of(words), t - 1
    return notes_chart(n.inner[k], n.weights[k], n.notes[k], n.context[k], list(words), title, caption, lang=lang)


def numbers(words: tuple[str, ...], t: int, lang: str) -> dict:
    """The live numbers the prose and the callout quote at step t, the words as the page shows them."""
    out = notes_of(words).numbers(t)
    return out | dict(top_word=words[out["top"]], notes_word=shown(out["notes_word"], lang),
                      model_word=shown(out["model_word"], lang))


def notes_view(words: tuple[str, ...], t: int, S: dict, lang: str) -> None:
    """Drawn by the step fragment, so the decoder-step slider moves it too."""
    st.markdown(f"#### {S['notes_heading']}")
    st.markdown(S["notes_intro"].format(t=t))
    n, k = notes_of(words), t - 1
    st.plotly_chart(chart(words, t, S["notes_title"].format(t=t), S["notes_caption"].format(t=t), lang),
                    key="notes_context")
    latex(notes_equations(n.inner[k], n.weights[k], n.notes[k], n.context[k], list(words), t, lang=lang))
    said = numbers(words, t, lang)
    st.markdown(S["notes_readout"].format(**said))
    notes_say("001", S["notes_said"], S["notes_measured"].format(**said), lang)
    st.markdown(S["notes_notice"].format(**said))
