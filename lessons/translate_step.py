"""Translation lesson, sections 1-3: both translations, the encoder's states and the context vector, and the
decoder stepped through one word at a time (a fragment: the step slider reruns only this part)."""

import streamlit as st

from core.decoding import Decoding
from core.seq2seq import TARGET
from lessons.translate_data import cached_context
from ui.widgets import step_slider
from viz.translate import alignment, next_word, shown, step_bars, step_equations, weighted_sum
from viz.translate_more import context_share, encoder_states


def _marked(words: list[str], reference: list[str] | None) -> str:
    """The words as code spans, the ones that differ from the grammar's translation struck through."""
    if reference is None:
        return " ".join(f"`{w}`" for w in words)
    out = [f"`{w}`" if k < len(reference) and reference[k] == w else f"~~`{w}`~~" for k, w in enumerate(words)]
    missing = len(reference) - len(words)
    return " ".join(out) + (f" *(+{missing} missing)*" if missing > 0 else "")


def results(words: list[str], reference: list[str] | None, decodings: dict[str, Decoding], S: dict) -> None:
    st.markdown(S["english"].format(words=" ".join(f"`{w}`" for w in words), n=len(words)))
    if reference is None:
        st.warning(S["not_grammar"], icon=":material/help:")
    else:
        st.markdown(S["reference"].format(words=_marked(reference, None)))
    for name, d in decodings.items():
        ok = reference is not None and d.korean == reference
        verdict = S["right"] if ok else S["wrong"] if reference is not None else ""
        st.markdown(S["model_output"].format(name=name, words=_marked(d.korean, reference), verdict=verdict))


def encoder_section(words: list[str], decodings: dict[str, Decoding], S: dict, caption: str) -> None:
    st.subheader(S["encoder_heading"])
    st.markdown(S["encoder_intro"])
    d = decodings["no attention"]
    a, b = st.columns([3, 2])
    a.plotly_chart(encoder_states(d.states, d.first, words, S["encoder_title"], caption),
                   key="encoder_states")
    shares = {name: cached_context(name, tuple(words)) for name in decodings}
    b.plotly_chart(context_share(shares, words, S["context_title"], caption), key="context_share")
    st.markdown(S["encoder_notice"])


@st.fragment
def step_view(d: Decoding, S: dict) -> None:
    st.subheader(S["step_heading"])
    st.markdown(S["step_intro"])
    T = len(d.words)
    t = step_slider(S["step_label"], "t", T, default=max(1, T - 1))  # the verb, written last: the headline
    k = t - 1
    st.markdown(S["step_word"].format(t=t, word=shown(d.words[k]), T=T))
    caption = S["step_caption"].format(t=t)
    a, b = st.columns(2)
    a.plotly_chart(step_bars(d.scores[k], d.weights[k], d.source, S["step_title"].format(t=t), caption),
                   key="step_bars")
    b.plotly_chart(alignment(d.weights, d.source, d.words, S["alignment_title"], caption, t=k), key="alignment")
    st.latex(step_equations(d.scores[k], d.weights[k], d.source, t))
    a, b = st.columns([3, 2])
    a.plotly_chart(weighted_sum(d.states, d.weights[k], d.context[k], d.source, S["sum_title"].format(t=t),
                                caption), key="weighted_sum")
    b.plotly_chart(next_word(d.probs[k], TARGET, S["next_title"].format(t=t), caption), key="next_word")
    st.markdown(S["step_notice"])
