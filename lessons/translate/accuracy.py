"""Translation lesson, section 4: exact-match accuracy against sentence length for the three shipped models, lengths
longer than any training sentence included (the shape of Bahdanau et al. 2015, Figure 2, with the Transformer of
Vaswani et al. 2017 beside the two recurrent models); and the JSON download."""

import streamlit as st

from lessons.translate.models import compared_curves, record
from lessons.translate.study import (
    COMPARED,
    EVAL_SEED,
    PER_LENGTH,
    TRANSFORMER,
    accuracy_numbers,
    results_json,
    transformer_numbers,
)
from viz.translate_more import accuracy_curves


def accuracy_section(S: dict, lang: str) -> None:
    st.subheader(S["accuracy_heading"])
    st.markdown(S["accuracy_intro"])
    with st.spinner(S["accuracy_running"]):
        curves = compared_curves()
    train_max = record("attention").config.train_max
    t = record(TRANSFORMER).config
    caption = S["accuracy_caption"].format(per=PER_LENGTH, seed=EVAL_SEED, t=t)
    st.plotly_chart(accuracy_curves(curves, train_max, S["accuracy_title"], caption, lang=lang), key="accuracy")
    st.markdown(S["accuracy_notice"].format(**accuracy_numbers(curves, train_max)))
    told = transformer_numbers(curves, t.train_max)  # the Transformer's own training lengths
    if told is not None:
        key, numbers = told
        st.markdown(S[key].format(**numbers))


def accuracy_json() -> str:
    """The download: the three curves and the shipped models' configs (written when the button is clicked), keyed
    by the models' code names in both languages (the schema download_schema describes)."""
    return results_json(compared_curves(), {name: record(name).config for name in COMPARED})
