"""Self-attention lesson, section 3: one word's new vector in the lecture notes' form (raw inner products of the
word vectors) beside what the layer computes (head 1's softmax weights on the values); a fragment, so the word
slider reruns only this."""

import numpy as np
import streamlit as st

from lessons.selfattn.study import PAD, LayerStudy

TOP = 4  # terms written out in the sums


def written_sum(coefficients: np.ndarray, names: list[str], vector: str) -> str:
    """LaTeX for the TOP largest terms (by size) of sum_j coefficients[j] vector_j, then dots if there are more."""
    order = [int(j) for j in np.argsort(-np.abs(coefficients))[:TOP]]
    terms = " + ".join(f"({coefficients[j]:.2f})\\, {vector}_{{\\text{{{names[j]}}}}}" for j in order)
    return terms + (r" + \dots" if len(names) > TOP else "")


@st.fragment  # the word slider reruns only this section
def notes_section(s: LayerStudy, S: dict) -> None:
    st.subheader(S["notes_heading"])
    st.markdown(S["notes_intro"])
    tokens, a = s.tokens, s.stages
    real = [k for k, w in enumerate(tokens) if w != PAD]
    options = [f"{k + 1}. {tokens[k]}" for k in real]
    pick = st.select_slider(S["notes_word"], options, options[min(1, len(options) - 1)], key="word")
    i = options.index(pick)
    names = [f"{k + 1}\\,{w}" if w != PAD else f"{k + 1}\\,pad" for k, w in enumerate(tokens)]
    me = names[i]
    inner = a.X @ a.X[i]  # <x_i, x_j> for every j, the notes' raw dot products
    st.latex(S["notes_form"].format(word=me, sum=written_sum(inner, names, "x")))
    st.latex(S["layer_form"].format(word=me, sum=written_sum(a.weights[0, i], names, "v")))
    st.caption(S["notes_caption"])
