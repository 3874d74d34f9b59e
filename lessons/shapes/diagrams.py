"""RNN shapes lesson: the T slider and the six diagrams, each on the tokens of the task in this lab that uses that
shape (a fragment: moving the slider reruns only this)."""

import streamlit as st

from core.limits import MAX_LAYERS
from core.recall import RecallConfig
from lessons.shapes.study import STEPS, TEXT, Tokens, tokens
from ui.store import shared
from viz.shapes import SHAPES, shape_diagram

CHARTS = 96  # six shapes x seven T, in a language or two


@shared(16)
def drawn(T: int, recall_key: str) -> dict[str, Tokens]:
    return tokens(T, recall_key)


@shared(CHARTS)
def diagram(kind: str, T: int, recall_key: str, caption: str, lang: str):
    inputs, outputs = drawn(T, recall_key)[kind]
    return shape_diagram(kind, list(inputs), list(outputs), caption, lang=lang)


def width(fig) -> float:
    """How many columns a diagram spans, so each grid column gets room in proportion to its diagram."""
    low, high = fig.layout_spec["xaxis"]["range"]
    return high - low


@st.fragment
def diagrams(S: dict, lang: str) -> None:
    """The T slider and the six diagrams: moving it reruns only this."""
    st.subheader(S["controls_heading"])
    T = int(st.slider(S["steps_label"], *STEPS, 4, key="T", bind="query-params", help=S["steps_help"]))
    st.subheader(S["diagrams_heading"])
    st.caption(S["diagrams_intro"])
    found = drawn(T, S["recall_key"])
    recall = RecallConfig()
    n = len(found["encoder_decoder"][0])
    chart_captions = {"one_to_many": dict(text=TEXT[:T + 1]), "many_to_one": dict(d=len(found["many_to_one"][0]) - 2),
                      "encoder_decoder": dict(n=n), "synced": dict(text=TEXT, T=T), "bidirectional": dict(n=n),
                      "stacked": {}}
    uses = {"many_to_one": dict(K=recall.symbols, first=recall.symbols, last=recall.vocab_size - 2),
            "encoder_decoder": dict(n=n), "stacked": dict(layers=MAX_LAYERS)}
    figures = {kind: diagram(kind, T, S["recall_key"], S[f"chart_{kind}"].format(**chart_captions[kind]), lang)
               for kind in SHAPES}
    for pair in (SHAPES[0:2], SHAPES[2:4], SHAPES[4:6]):
        for column, kind in zip(st.columns([width(figures[k]) for k in pair]), pair, strict=True):
            column.plotly_chart(figures[kind], key=f"chart_{kind}")
            column.caption(S[f"use_{kind}"].format(**uses.get(kind, {})))
