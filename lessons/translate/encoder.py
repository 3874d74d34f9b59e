"""Translation lesson, section 1: the encoder's states, the one context vector s_0, and what s_0 keeps of each
English word (||ds_0/dx_i||, by autograd) for both models."""

import streamlit as st

from core.decoding import Decoding
from lessons.translate.models import context_of
from viz.translate_more import context_share, encoder_states


def encoder_section(words: list[str], decodings: dict[str, Decoding], S: dict, caption: str, lang: str) -> None:
    st.subheader(S["encoder_heading"])
    st.markdown(S["encoder_intro"].format(units=decodings["no attention"].first.shape[0]))
    d = decodings["no attention"]
    a, b = st.columns([3, 2])
    a.plotly_chart(encoder_states(d.states, d.first, words, S["encoder_title"], caption, lang=lang),
                   key="encoder_states")
    shares = {name: context_of(name, tuple(words)) for name in decodings}
    b.plotly_chart(context_share(shares, words, S["context_title"], caption, lang=lang), key="context_share")
    st.markdown(S["encoder_notice"])
