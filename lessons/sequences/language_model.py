"""Sequences and recurrence, section 5: what a language model is (note 004). Two tiny RNNs trained live to predict the
next token, one at character level on "hello" (Hello, RNN's default model, number for number) and one at word level;
a fragment picks the level and the step t and shows p(next token | the tokens read so far) with its logits, and a
link opens the same step in Hello, RNN."""

from __future__ import annotations

import streamlit as st

from lessons.sequences import shapes_charts
from lessons.sequences.study_shapes import LEVELS, LMConfig, LMStudy, train_lm
from ui.choices import choice
from ui.latex import latex
from ui.registry import LESSONS, icon, title
from ui.safe import code
from ui.store import shared
from ui.strings import strings
from ui.widgets import step_slider

LESSON = "sequences"  # this lesson's strings, read by the shared charts in the page's language
MODELS = 8  # two levels, a few configs: each study is a few kilobytes
STEP_CHARTS = 64  # (level, t, language): at most 2 x 5 x 2 today


@shared(MODELS, progress=True)
def trained(config: LMConfig, on_step=None) -> LMStudy:
    return train_lm(config, on_step)


def models(S: dict) -> dict[str, LMStudy]:
    """The character-level and the word-level model, trained once per server and shared by every learner."""
    return {level: trained(LMConfig(level, text), label=S["lm_training"]) for level, text in LEVELS.items()}


def caption(s: LMStudy, S: dict) -> str:
    c = s.config
    return S["lm_caption"].format(H=c.hidden_size, steps=c.steps, lr=c.lr, seed=c.seed)


def context(s: LMStudy, t: int) -> str:
    """The tokens read by step t, as text: characters run together, words with spaces."""
    read = [s.task.vocab[i] for i in s.task.inputs[:t]]
    return ("" if s.config.level == "char" else " ").join(read)


@shared(STEP_CHARTS)
def next_chart(s: LMStudy, t: int, lang: str):
    S = strings(LESSON, lang)
    W = {"title": S["lm_chart_title"].format(context=context(s, t)), "x": S["lm_chart_x"][s.config.level],
         "y": S["lm_chart_y"], "truth": S["lm_chart_truth"], "hover": S["lm_chart_hover"]}
    return shapes_charts.next_token(s.probs[t - 1], s.logits[t - 1], s.task.vocab, s.task.targets[t - 1], W,
                                    caption(s, S))


@shared(STEP_CHARTS)
def truth_chart(s: LMStudy, lang: str):
    S = strings(LESSON, lang)
    task = s.task
    W = {"title": S["lm_truth_title"], "x": S["lm_truth_x"], "y": S["lm_truth_y"], "before": S["lm_before"],
         "after": S["lm_after"].format(steps=s.config.steps), "hover": S["lm_truth_hover"]}
    return shapes_charts.truth_by_step(s.p_truth(s.before), s.p_truth(), [task.vocab[i] for i in task.inputs],
                                       [task.vocab[i] for i in task.targets], W, caption(s, S))


def logits_table(s: LMStudy, t: int, S: dict) -> str:
    """The logits z_t and probabilities p_t at step t, one row per vocabulary entry (Markdown; tokens as code)."""
    rows = [f"| {code(token)} | {z:+.3f} | {p:.4f} |"
            for token, z, p in zip(s.task.vocab, s.logits[t - 1], s.probs[t - 1], strict=True)]
    return "\n".join([f"| {S['lm_table_token']} | {S['lm_table_logit'].format(t=t)} | {S['lm_table_p'].format(t=t)} |",
                      "|:--|--:|--:|", *rows])


def hello_link(s: LMStudy, t: int, S: dict, lang: str) -> None:
    """Into Hello, RNN: the same step of the same model (character level), or the sentence read character by
    character (word level)."""
    hello = next((lesson for lesson in LESSONS if lesson.key == "hello"), None)
    if hello is None:
        return
    if s.config.level == "char":
        label, settings = S["lm_link_char"].format(t=t, title=title(hello, lang)), {"text": s.config.text, "t": str(t)}
    else:
        label, settings = S["lm_link_word"].format(title=title(hello, lang)), {"text": s.config.text}
    st.page_link(hello.path, label=label, icon=icon(hello), query_params={**settings, "lang": lang})


def language_model_section(S: dict, lang: str) -> None:
    st.subheader(S["lm_heading"])
    st.markdown(S["lm_intro"])
    latex(S["lm_equation"])
    st.caption(S["lm_equation_note"])
    view(models(S), S, lang)
    st.markdown(S["lm_outro"])


@st.fragment
def view(found: dict[str, LMStudy], S: dict, lang: str) -> None:
    """The level and the step: moving either reruns only this (both models are trained already)."""
    left, right = st.columns([2, 3])
    level = choice(left.radio, S["lm_level_label"], S["lm_levels"], "lm_level", help=S["lm_level_help"])
    s = found[level]
    with right:
        t = step_slider(S["lm_step_label"], "lm_t", s.task.T, s.task.T)
    truth, best = s.task.targets[t - 1], int(s.probs[t - 1].argmax())
    read = [s.task.vocab[i] for i in s.task.inputs[:t]]
    shown = code("".join(read)) if s.config.level == "char" else " ".join(code(word) for word in read)
    st.markdown(S["lm_reading"].format(context=shown, truth=code(s.task.vocab[truth]),
                                       predicted=code(s.task.vocab[best])))
    a, b, c = st.columns(3)
    a.metric(S["lm_metric_after"], f"{s.probs[t - 1, truth]:.3f}")
    b.metric(S["lm_metric_before"], f"{s.before[t - 1, truth]:.3f}")
    c.metric(S["lm_metric_vocab"], f"{s.task.V}")
    chart, table = st.columns([3, 2])
    chart.plotly_chart(next_chart(s, t, lang), key="lm_next")
    with table:
        st.markdown(logits_table(s, t, S))
        hello_link(s, t, S, lang)
    st.plotly_chart(truth_chart(s, lang), key="lm_truth")
