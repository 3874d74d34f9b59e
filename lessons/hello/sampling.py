"""Hello lesson, section 6: let the trained network write, one character at a time (a fragment)."""

import streamlit as st

from core.sampling import sample
from lessons.hello.study import HelloStudy
from ui.safe import code
from ui.store import shared
from viz.labels import VISIBLE
from viz.states import sample_probs

SAMPLES = 64  # a few studies' worth of starts, lengths and temperatures


@shared(SAMPLES)
def sampled(s: HelloStudy, start: str, n: int, temperature: float, greedy: bool, seed: int):
    """What the trained network writes from ``start`` (kept: every rerun of the page draws it, and writing it
    builds a copy of the model)."""
    return sample(s.result.model(), s.result.task.vocab, start, n, temperature, greedy, seed)


@shared(SAMPLES)
def sampled_chart(s: HelloStudy, start: str, n: int, temperature: float, greedy: bool, seed: int, caption: str,
                  lang: str):
    out = sampled(s, start, n, temperature, greedy, seed)
    return sample_probs(start, out.chars, out.probs, caption, lang)


@st.fragment
def sample_view(s: HelloStudy, S: dict, caption: str, lang: str) -> None:
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
    args = (s, start, int(n), float(temperature), greedy, int(seed))
    out = sampled(*args)
    st.caption(S["sample_result"])
    st.markdown(code(start + "".join(out.chars)))  # a code span, not st.code: see lessons/gates/breaking.aligned
    st.plotly_chart(sampled_chart(*args, caption, lang), key="sample_probs")
