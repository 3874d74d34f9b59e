"""Self-attention lesson, section 5: how much the last output depends on each word, for a tanh RNN and for the
layer; the RNN's dependence fades with distance, attention's does not."""

import numpy as np
import streamlit as st

from lessons.selfattn.study import distance
from ui.models import shipped_translator
from ui.store import shared
from ui.strings import strings
from viz.selfattn import distance_chart

MAX_SENTENCES = 64  # (sentence, heads, seed): two (T,) arrays each


@shared(MAX_SENTENCES)
def gradients(words: tuple[str, ...], heads: int, seed: int) -> dict[str, np.ndarray]:
    """||dy_T/dx_k|| by autograd for the RNN and the layer, on the shipped translator's word vectors."""
    return distance(shipped_translator("attention"), words, heads, seed)


@shared(MAX_SENTENCES)
def gradients_chart(words: tuple[str, ...], heads: int, seed: int, title: str, caption: str, lang: str):
    """The two models' curves, each named in ``lang``."""
    S, grads = strings("selfattn", lang), gradients(words, heads, seed)
    named = {S["distance_rnn"]: grads["tanh RNN"], S["distance_attention"]: grads["self-attention"]}
    return distance_chart(named, list(words), title, caption, lang=lang)


def distance_section(words: tuple[str, ...], heads: int, seed: int, S: dict, lang: str) -> None:
    st.subheader(S["distance_heading"], anchor="distance")
    st.markdown(S["distance_intro"])
    if len(words) < 2:
        st.info(S["distance_short"])
        return
    caption = S["distance_caption"].format(seed=seed)
    st.plotly_chart(gradients_chart(words, heads, seed, S["distance_title"], caption, lang), key="distance")
    grads = gradients(words, heads, seed)
    rnn, att = grads["tanh RNN"], grads["self-attention"]
    st.markdown(S["distance_notice"].format(first=words[0], rnn=rnn[0] / rnn[-1], att=att[0] / att[-1]))
