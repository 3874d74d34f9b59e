"""Translation lesson, section 3: exact-match accuracy against sentence length for both shipped models, lengths
longer than any training sentence included (the shape of Bahdanau et al. 2015, Figure 2); and the JSON download."""

import streamlit as st

from lessons.translate.models import record, shipped_curves
from lessons.translate.study import SHIPPED, accuracy_numbers, results_json
from viz.translate_more import accuracy_curves


def accuracy_section(S: dict, lang: str) -> None:
    st.subheader(S["accuracy_heading"])
    st.markdown(S["accuracy_intro"])
    with st.spinner(S["accuracy_running"]):
        curves = shipped_curves()
    train_max = record("attention").config.train_max
    st.plotly_chart(accuracy_curves(curves, train_max, S["accuracy_title"], S["accuracy_caption"], lang=lang),
                    key="accuracy")
    st.markdown(S["accuracy_notice"].format(**accuracy_numbers(curves, train_max)))


def accuracy_json() -> str:
    """The download: both curves and the shipped models' configs (written when the button is clicked), keyed by
    the models' code names in both languages (the schema download_schema describes)."""
    return results_json(shipped_curves(), {name: record(name).config for name in SHIPPED})
