"""Self-attention lesson, section 6 continued: note 001's parallelism claim on the lab's two translators. The time of
one training step against the English sentence length L for the recurrent attention translator and the Transformer,
the steps each must take one after another, and what this server's numbers show (the words chosen from them)."""

import streamlit as st

from lessons.selfattn.study_trainstep import TrainStepConfig, TrainStepRun, measure, trainstep_numbers
from ui.store import shared
from viz.selfattn_speed import trainstep_chart

MAX_RUNS = 2  # one measurement per server process (a few hundred bytes); the second entry is for a test's config
CHARTS = 8  # per chart: one per language


@shared(MAX_RUNS, progress=True)
def measured(config: TrainStepConfig, on_step=None) -> TrainStepRun:
    """Timed once per server process (about 1.5 s on one free core) and shown to every learner, as the layer timing
    above: one bounded measurement costs a shared server less than one per session."""
    return measure(config, on_step)


@shared(CHARTS)
def chart(config: TrainStepConfig, title: str, caption: str, lang: str):
    run = measured(config)
    return trainstep_chart(run.lengths, run.ms, run.steps, run.decoder_inputs, title, caption, lang=lang)


def table(run: TrainStepRun, S: dict) -> str:
    """A Markdown table, one row per length: decoder inputs, sequential steps and times of both models."""
    rows = [S["trainstep_table"], "|" + "---:|" * S["trainstep_table"].count("|", 1)]
    for k, L in enumerate(run.config.lengths):
        r, t = run.ms[k]
        rows.append(f"| {L} | {run.decoder_inputs[k]} | {run.steps[k, 0]} | {run.steps[k, 1]} | {r:.1f} | {t:.1f} | "
                    f"{t / r:.2f} |")
    return "\n".join(rows)


def clock(n: dict, S: dict) -> str:
    """Where the Transformer's step was faster on the clock, in words, from the measured times."""
    if n["count"] == n["total"]:
        return S["trainstep_all_faster"].format(**n)
    if n["count"] == 0:
        return S["trainstep_all_slower"].format(**n)
    return S["trainstep_some_faster"].format(which=", ".join(map(str, n["faster"])), **n)


def shows(run: TrainStepRun, S: dict) -> str:
    """The paragraph saying what the measurement shows: every number and every comparison from ``run``."""
    n = trainstep_numbers(run)
    growth = S["trainstep_less"] if n["t_growth"] < n["r_growth"] else S["trainstep_more"]
    return S["trainstep_shows"].format(clock=clock(n, S), growth=growth, layers=n["ts"] // 2, **n)


def trainstep_section(S: dict, lang: str) -> None:
    st.markdown(S["trainstep_heading"])
    st.markdown(S["trainstep_intro"])
    config = TrainStepConfig()
    run = measured(config, label=S["trainstep_running"])
    n = trainstep_numbers(run)
    caption = S["trainstep_caption"].format(batch=config.batch, repeats=config.repeats, **n)
    st.plotly_chart(chart(config, S["trainstep_title"], caption, lang), key="trainstep")
    st.markdown(table(run, S))
    st.markdown(shows(run, S))
    st.caption(S["trainstep_caveat"])
