"""Gates lesson, the end: the cost of memory, the hidden state's path, what to notice, a question, code, data."""

import streamlit as st

from core import gates, gru_forms, recurrent
from core.cost import param_counts, time_per_step
from core.gates import GatesConfig, GatesStudy, accuracy, config_json, gates_csv
from core.text import memory_steps
from core.trajectory import pca_2d
from lessons.gates_break import cached_break
from ui.store import cached_chart
from ui.widgets import show_code
from viz.memory import param_bars, step_times, trajectory

WORKING = dict(input_size=256, hidden_size=256, steps=32, repeats=10, batch=64)  # where arithmetic dominates


@st.cache_resource(max_entries=16, show_spinner=False)
def cached_times(input_size: int, hidden_size: int, steps: int = 64, repeats: int = 30,
                 batch: int = 1) -> dict[str, float]:
    return time_per_step(input_size, hidden_size, steps=steps, repeats=repeats, batch=batch)


def cost_section(s: GatesStudy, S: dict) -> None:
    st.subheader(S["cost_heading"])
    st.markdown(S["cost_intro"])
    I, H = s.task.V, s.config.hidden_size
    caption = S["cost_caption"].format(I=I, H=H)
    counts = param_counts(I, H)
    a, b = st.columns(2)
    a.plotly_chart(cached_chart(("params", I, H, caption), lambda: param_bars(counts, caption)), key="cost_params")
    b.markdown(S["cost_counts"].format(H=H, I=I, **{kind: c["total"] for kind, c in counts.items()}))
    a, b = st.columns(2)
    a.plotly_chart(cached_chart(("times", I, H, caption), lambda: step_times(cached_times(I, H), S["time_small"],
                                                                              caption)), key="cost_times")
    b.plotly_chart(cached_chart(("times_large", S["time_large_caption"]), lambda: step_times(
        cached_times(**WORKING), S["time_large"], S["time_large_caption"])), key="cost_times_large")
    st.caption(S["cost_note"])


def trajectory_section(s: GatesStudy, S: dict, caption: str) -> None:
    st.subheader(S["path_heading"])
    st.markdown(S["path_intro"])
    chars = [s.task.vocab[i] for i in s.task.inputs]
    for column, kind in zip(st.columns(3), ("lstm", "gru", "rnn"), strict=True):
        chart = cached_chart(("path", s.config, kind, caption),
                             lambda kind=kind: trajectory(pca_2d(s.analyses[kind].h), chars, kind, caption))
        column.plotly_chart(chart, key=f"path_{kind}")


def _question(s: GatesStudy, S: dict) -> None:
    st.subheader(S["question_heading"])
    st.markdown(S["question"].format(T=s.task.T))
    options = S["question_options"]
    guess = st.radio(S["question_pick"], options, index=None, horizontal=True, key="guess")
    if not st.toggle(S["question_reveal"], key="reveal"):
        return
    a = cached_break(s.config, (("f", 0.0),), s).analysis
    right_steps = a.probs.argmax(axis=1) == list(s.task.targets)
    wrong = [t for t, ok in enumerate(right_steps, start=1) if not ok]
    memory = set(memory_steps(s.task))
    share = accuracy(a, s.task)
    answer = options[3 if not wrong else 2 if set(wrong) <= memory else 0 if share < 0.3 else 1]
    verdict = S["question_right"] if guess == answer else ""
    st.success(S["question_answer"].format(right=int(right_steps.sum()), T=s.task.T, answer=answer,
                                           wrong=", ".join(map(str, wrong)) or "none",
                                           memory=", ".join(map(str, sorted(memory))) or "none", verdict=verdict))


@st.cache_resource(max_entries=16, show_spinner=False)
def cached_downloads(config: GatesConfig, _s: GatesStudy) -> tuple[bytes, str]:
    """The CSV and JSON, built once per trained study rather than on every rerun of the page."""
    return gates_csv(_s).encode("utf-8-sig"), config_json(_s)


def closing_sections(s: GatesStudy, S: dict) -> None:
    st.subheader(S["notice_heading"])
    st.markdown(S["notice"])
    _question(s, S)
    show_code(S, (recurrent.pinned, recurrent.LSTM, recurrent.GRU, gru_forms.reset_before, gates.cell_gradient,
                  gates.highway))
    st.subheader(S["download_heading"])
    a, b = st.columns(2)  # the files are written when clicked (Streamlit calls these then), not on every rerun
    a.download_button(S["download_csv"], lambda: cached_downloads(s.config, s)[0], "gates_trace.csv", "text/csv",
                      on_click="ignore", key="download_csv")
    b.download_button(S["download_json"], lambda: cached_downloads(s.config, s)[1], "gates_config.json",
                      "application/json", on_click="ignore", key="download_json")
