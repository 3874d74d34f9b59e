"""Self-attention lesson, section 6: note 001's "self-attention has less computation and is fast; an RNN cannot be
parallelised", measured on this server: time and multiply-adds of one self-attention layer (the cost of its T x T
score matrix) and a tanh RNN of the same width for T = 8 to 2048, the sequential steps (T against 1), and the
one-style callout with the numbers; then one training step of the lab's two translators (trainstep.py)."""

import streamlit as st

from lessons.selfattn.study_speed import SpeedConfig, SpeedRun, measure, speed_numbers
from lessons.selfattn.trainstep import trainstep_section
from ui.callout import notes_say
from ui.store import shared
from viz.selfattn_speed import speed_chart

MAX_RUNS = 2  # one measurement per server process (a few kB); the second entry is for a test's config
CHARTS = 8  # per chart: one per language


@shared(MAX_RUNS)
def measured(config: SpeedConfig) -> SpeedRun:
    """Timed once per server process and shown to every learner: wall-clock time on a shared server is noisy, and
    one bounded measurement (about 0.3 s) costs the server less than one per session."""
    return measure(config)


@shared(CHARTS)
def chart(config: SpeedConfig, title: str, caption: str, lang: str):
    run = measured(config)
    return speed_chart(run.lengths, run.attention_ms, run.rnn_ms, run.counts("macs"), run.counts("steps"), title,
                       caption, lang=lang)


def table(run: SpeedRun, S: dict) -> str:
    """A Markdown table, one row per length: sequential steps, times, multiply-adds and score-matrix entries."""
    steps, macs = run.counts("steps"), run.counts("macs")
    rows = [S["speed_table"], "|" + "---:|" * S["speed_table"].count("|", 1)]
    for k, T in enumerate(run.config.lengths):
        rows.append(f"| {T} | {steps[k, 1]:,} | {steps[k, 0]} | {run.rnn_ms[k]:.3f} | {run.attention_ms[k]:.3f} | "
                    f"{macs[k, 1]:,} | {macs[k, 0]:,} | {macs[k, 0] / macs[k, 1]:.2f} | {T * T:,} |")
    return "\n".join(rows)


def verdict(attention_ms: float, rnn_ms: float, S: dict) -> str:
    """How attention's time compares with the RNN's, in words, from the measured numbers."""
    if attention_ms <= rnn_ms:
        return S["speed_faster"].format(x=rnn_ms / attention_ms)
    return S["speed_slower"].format(x=attention_ms / rnn_ms)


def speed_section(S: dict, lang: str) -> None:
    st.subheader(S["speed_heading"], anchor="speed")
    st.markdown(S["speed_intro"])
    config = SpeedConfig()
    with st.spinner(S["speed_running"]):
        run = measured(config)
    caption = S["speed_caption"].format(d=config.width, repeats=config.repeats, threads=run.threads)
    st.plotly_chart(chart(config, S["speed_title"], caption, lang), key="speed")
    st.markdown(table(run, S))
    n = speed_numbers(run)
    said = n | dict(speed_mid=verdict(n["a_mid"], n["r_mid"], S), speed_max=verdict(n["a_max"], n["r_max"], S))
    notes_say("001", S["speed_said"], S["speed_measured"].format(**said), lang)
    st.markdown(S["speed_notice"].format(**said))
    trainstep_section(S, lang)
