"""RNN shapes: one cell, wired six ways, each drawn unrolled on the tokens of the task in this lab that uses it."""

import numpy as np
import pandas as pd
import streamlit as st
import torch

import viz.shapes
from core.depth import MAX_LAYERS
from core.grammar import MIN_LENGTH, sample
from core.recall import RecallConfig, make_batch
from core.recurrent import RNN, equation
from core.text import make_task
from ui.registry import LESSONS, icon, title
from ui.strings import strings
from ui.widgets import show_code
from viz.shapes import SHAPE_NAMES, SHAPES, shape_diagram

S = strings("shapes")
TEXT = "hello hello"  # lesson 1's "hello", twice, so every T up to 8 has characters; its first 4 steps are "hello"
SEED = 0  # the recall sequence and the grammar sentence


@st.cache_data(max_entries=16, show_spinner=False)
def tokens(T: int) -> dict[str, tuple[list[str], list[str]]]:
    """Inputs and outputs of every shape at T steps, read from the tasks in core."""
    task = make_task(TEXT)
    read = [task.vocab[i] for i in task.inputs[:T]]
    due = [task.vocab[i] for i in task.targets[:T]]
    recall = RecallConfig(distance=max(T - 2, 1), seed=SEED)  # key, d distractors, query: T = d + 2
    x, key = make_batch(recall, 1, torch.Generator().manual_seed(SEED))
    ids = x[:, 0].argmax(-1).tolist()  # (d + 2,) the index of each one-hot input
    recall_in = [S["recall_key"].format(i=ids[0])] + [f"#{i}" for i in ids[1:-1]] + ["?"]
    sentence = sample(np.random.default_rng(SEED), max(T, MIN_LENGTH))
    english = sentence.english()
    annotations = [f"h{chr(0x2080 + t)}" for t in range(1, len(english) + 1)]  # h₁, h₂, ...: [→h_t; ←h_t]
    return {"one_to_many": (read[:1], due), "many_to_one": (recall_in, [f"#{int(key[0])}"]),
            "encoder_decoder": (english, sentence.korean()), "synced": (read, due),
            "bidirectional": (english, annotations), "stacked": (read, due)}


def width(fig) -> float:
    """How many columns a diagram spans, so each grid column gets room in proportion to its diagram."""
    low, high = fig.layout_spec["xaxis"]["range"]
    return high - low


def table_csv() -> str:
    """The table of shapes as CSV: written when the download button is clicked, not on every rerun."""
    rows = [(SHAPE_NAMES[r["kind"]], r["where"], r["example"]) for r in S["rows"]]
    return pd.DataFrame(rows, columns=S["table_columns"]).to_csv(index=False)


@st.fragment
def diagrams() -> None:
    """The T slider and the six diagrams: moving it reruns only this."""
    st.subheader(S["controls_heading"])
    T = int(st.slider(S["steps_label"], 2, 8, 4, key="T", bind="query-params", help=S["steps_help"]))
    st.subheader(S["diagrams_heading"])
    st.caption(S["diagrams_intro"])
    drawn = tokens(T)
    recall = RecallConfig()
    n = len(drawn["encoder_decoder"][0])
    chart_captions = {"one_to_many": dict(text=TEXT[:T + 1]), "many_to_one": dict(d=len(drawn["many_to_one"][0]) - 2),
                      "encoder_decoder": dict(n=n), "synced": dict(text=TEXT, T=T), "bidirectional": dict(n=n),
                      "stacked": {}}
    uses = {"many_to_one": dict(K=recall.symbols, first=recall.symbols, last=recall.vocab_size - 2),
            "encoder_decoder": dict(n=n), "stacked": dict(layers=MAX_LAYERS)}
    figures = {kind: shape_diagram(kind, *drawn[kind], S[f"chart_{kind}"].format(**chart_captions[kind]))
               for kind in SHAPES}
    for pair in (SHAPES[0:2], SHAPES[2:4], SHAPES[4:6]):
        for column, kind in zip(st.columns([width(figures[k]) for k in pair]), pair, strict=True):
            column.plotly_chart(figures[kind], key=f"chart_{kind}")
            column.caption(S[f"use_{kind}"].format(**uses.get(kind, {})))


st.title(f"{S['icon']} {S['title']}")
st.markdown(S["why"])
st.subheader(S["equation_heading"])
st.latex(S["equation"])
st.caption(S["equation_note"])
st.latex(equation(RNN))
diagrams()

st.subheader(S["table_heading"])
registered = {lesson.key: lesson for lesson in LESSONS}
widths = [2, 3, 3]
for column, name in zip(st.columns(widths), S["table_columns"], strict=True):
    column.markdown(f"**{name}**")
for row in S["rows"]:
    shape, where, example = st.columns(widths, vertical_alignment="center")
    shape.markdown(SHAPE_NAMES[row["kind"]])
    with where:
        for key in row["lessons"]:
            if key in registered:
                lesson = registered[key]
                st.page_link(lesson.path, label=title(lesson), icon=icon(lesson))
            else:
                st.markdown(S["missing_lesson"].get(key, key))
        st.caption(row["where"])
    example.markdown(row["example"])

st.subheader(S["notice_heading"])
st.markdown(S["notice"])

st.subheader(S["question_heading"])
st.markdown(S["question"])
if st.toggle(S["question_reveal"], key="reveal"):
    st.success(S["question_answer"])

show_code(S, (viz.shapes,))

st.subheader(S["download_heading"])
st.download_button(S["download_csv"], table_csv, "rnn_shapes.csv", "text/csv", on_click="ignore", key="download_csv")
