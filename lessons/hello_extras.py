"""Hello lesson, the rest: sampling, what to notice, predict-then-reveal, the code, the data."""


import numpy as np
import streamlit as st

from core import bptt, numpy_rnn
from core.hello import HelloStudy, config_json, norms, trace_csv
from core.recurrent import CELLS
from core.sampling import sample
from ui.safe import code
from ui.widgets import show_code
from viz.labels import VISIBLE
from viz.states import sample_probs


@st.fragment
def sample_view(s: HelloStudy, S: dict, caption: str) -> None:
    task = s.result.task
    st.subheader(S["sample_heading"])
    st.caption(S["sample_intro"])
    a, b, c = st.columns(3)
    start = a.selectbox(S["sample_start"], task.vocab, format_func=lambda ch: VISIBLE.get(ch, ch), key="start")
    n = a.slider(S["sample_n"], 1, 100, max(task.T, 1), key="n", bind="query-params")
    greedy = b.radio(S["sample_mode"], [True, False], key="greedy",
                     format_func=lambda g: S["sample_greedy"] if g else S["sample_temperature"]) is True
    temperature = b.slider(S["sample_temp_label"], 0.1, 3.0, 1.0, step=0.1, key="temperature",
                           disabled=greedy, help=S["sample_temp_help"])
    seed = c.number_input(S["sample_seed"], 0, 99_999, 0, key="sample_seed", disabled=greedy)
    out = sample(s.result.model(), task.vocab, start, int(n), float(temperature), greedy, int(seed))
    st.caption(S["sample_result"])
    st.code(start + "".join(out.chars), language=None)
    st.plotly_chart(sample_probs(start, out.chars, out.probs, caption), key="sample_probs")


def _question(s: HelloStudy, S: dict) -> None:
    task = s.result.task
    st.subheader(S["question_heading"])
    st.markdown(S["question"])
    row = norms(s.flow.contrib[-1])  # ||dL_T/dh_s|| for s = 1..T
    options = list(range(task.T))

    def label(j: int) -> str:
        return f"h_{j + 1} · {code(task.vocab[task.inputs[j]])}"

    guess = st.radio(S["question_pick"], options, index=None, format_func=label, horizontal=True, key="guess")
    if st.toggle(S["question_reveal"], key="reveal"):
        best = int(np.argmax(row))
        verdict = (S["question_right"] if guess == best else S["question_wrong"].format(guess=label(guess))
                   if guess is not None else "—")
        nearest = ", ".join(f"{label(j)}: {row[j]:.1e}" for j in reversed(options))
        st.success(S["question_answer"].format(best=label(best), value=row[best], verdict=verdict, row=nearest))
        st.caption(S["question_why"])


def closing_sections(s: HelloStudy, S: dict) -> None:
    st.subheader(S["notice_heading"])
    st.markdown(S["notice"])
    _question(s, S)
    show_code(S, (CELLS[s.result.config.cell], numpy_rnn.forward_backward, bptt.gradient_flow))
    st.subheader(S["download_heading"])
    a, b = st.columns(2)
    # the files are written when clicked (Streamlit calls these then), not on every rerun
    a.download_button(S["download_csv"], lambda: trace_csv(s).encode("utf-8-sig"), "hello_trace.csv", "text/csv",
                      on_click="ignore", key="download_csv")
    b.download_button(S["download_json"], lambda: config_json(s), "hello_config.json", "application/json",
                      on_click="ignore", key="download_json")
