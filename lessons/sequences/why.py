"""Sequences lesson, section 1: why a recurrent network, measured. A Dense layer on a bag of words (note 002) and a
tiny RNN learn the same "who does it?" task; the bag of words cannot tell "dog bites man" from "man bites dog"."""

from __future__ import annotations

import html

import numpy as np
import streamlit as st

from core.errors import explain
from lessons.sequences.study import OrderConfig, OrderStudy, answers, parameters, train
from lessons.sequences.study_words import MAX_WORDS, NOUNS_EN, NOUNS_KO, VOCAB, Parsed, bag, parse
from ui.callout import notes_say
from ui.safe import code
from ui.store import shared
from ui.strings import strings
from viz.style import OKABE_ITO, axis, figure, layout

ENGLISH_PAIR = ("dog bites man", "man bites dog")
KOREAN_PAIR = ("개가 소를 물었다", "소가 개를 물었다")  # the same five tokens, opposite meanings
MODELS = ("bow", "rnn")
COLOURS = {"bow": OKABE_ITO[1], "rnn": OKABE_ITO[0]}
SHOWN_CHARS = 24  # an unknown word is named in the message up to this many characters


@shared(16, progress=True)
def trained(config: OrderConfig, on_step=None) -> OrderStudy:
    return train(config, on_step)


@shared(32)
def accuracy_chart(study: OrderStudy, caption: str, lang: str):
    """Each model's share of right answers, on the training sentences and on the held-out ones."""
    S = strings("sequences", lang)
    x = [S["model_bow"], S["model_rnn"]]
    data = [dict(type="bar", name=S[f"split_{split}"], x=x, y=[100 * study.accuracy[m, split] for m in MODELS],
                 marker=dict(color=colour), texttemplate="%{y:.0f} %", textposition="outside",
                 hovertemplate=f"%{{x}}<br>{S['split_' + split]}: %{{y:.1f}} %<extra></extra>")
            for split, colour in (("train", OKABE_ITO[5]), ("held_out", OKABE_ITO[0]))]
    chance = dict(color=OKABE_ITO[3], dash="dash")  # drawn across the plot; the empty trace names it in the legend
    data.append(dict(type="scatter", mode="lines", x=[None], y=[None], name=S["chart_chance"], line=chance))
    line = dict(type="line", xref="paper", x0=0, x1=1, y0=50, y1=50, line=chance)
    return figure(data=data, layout=layout(S["chart_accuracy_title"], caption, barmode="group",
                                           xaxis=axis(S["chart_accuracy_x"]), shapes=[line],
                                           yaxis=axis(S["chart_accuracy_y"], range=[0, 112])))


@shared(64)
def answers_chart(study: OrderStudy, items: tuple[tuple[int, str], ...], caption: str, lang: str):
    """For each sentence (its number and text), each model's answer (the bar's text) and the probability it gives
    it (the bar)."""
    S = strings("sequences", lang)
    found = answers(study, [parse(text).tokens for _, text in items])
    x = [f"{n}. {html.escape(text)}" for n, text in items]
    data = []
    for m in MODELS:
        marks = [("" if a.truth is None else " ✓" if a.picks[m][0] == a.truth else " ✗") for a in found]
        data.append(dict(type="bar", name=S[f"model_{m}"], x=x, y=[a.picks[m][1] for a in found],
                         text=[html.escape(a.picks[m][0]) + mark for a, mark in zip(found, marks, strict=True)],
                         textposition="outside", marker=dict(color=COLOURS[m]),
                         hovertemplate=f"%{{x}}<br>{S['model_' + m]}: %{{text}} (p = %{{y:.3f}})<extra></extra>"))
    return figure(data=data, layout=layout(S["chart_answers_title"], caption, height=380, barmode="group",
                                           xaxis=axis(S["chart_answers_x"]),
                                           yaxis=axis(S["chart_answers_y"], range=[0, 1.15])))


def _pair_inputs(S: dict) -> list[Parsed]:
    """The learner's two sentences, with a clear message for each one the models cannot read."""
    left, right = st.columns(2)
    texts = [left.text_input(S["pair_a_label"], ENGLISH_PAIR[0], key="pair_a", bind="query-params",
                             help=S["pair_help"]),
             right.text_input(S["pair_b_label"], ENGLISH_PAIR[1], key="pair_b", bind="query-params",
                              help=S["pair_help"])]
    parsed = [parse(text) for text in texts]
    for n, p in enumerate(parsed, start=1):
        if not p.tokens:
            st.warning(S["pair_empty"].format(n=n), icon=":material/edit:")
        elif p.unknown:
            shown = (w if len(w) <= SHOWN_CHARS else w[:SHOWN_CHARS] + "…" for w in p.unknown)
            st.warning(S["pair_unknown"].format(n=n, words=", ".join(code(w) for w in shown)),
                       icon=":material/help:")
        elif len(p.tokens) > MAX_WORDS:
            st.warning(S["pair_long"].format(n=n, count=len(p.tokens), max=MAX_WORDS), icon=":material/edit:")
    if any(p.unknown for p in parsed):
        st.caption(S["pair_vocabulary"].format(en=", ".join(code(w) for w in VOCAB if w.isascii()),
                                               ko=", ".join(code(w) for w in VOCAB if not w.isascii())))
    return parsed


def _bag_line(S: dict, pair: list[Parsed]) -> str:
    """What the bag of words sees of the learner's pair: the counts, and whether they are the same."""
    counts = [bag(p.tokens) for p in pair]
    shown = [", ".join(f"{code(VOCAB[j])}: {int(c[j])}" for j in np.flatnonzero(c)) for c in counts]
    same = np.array_equal(*counts)
    return S["bag_same" if same else "bag_differ"].format(a=shown[0], b=shown[1],
                                                          diff=float(np.abs(counts[0] - counts[1]).max()))


def why_section(S: dict, lang: str) -> tuple[OrderStudy, list[tuple[str, ...]]]:
    """Train both models (shared by every session), show their accuracies and their answers. Returns the study and
    the learner's pair as tokens (empty if either sentence cannot be read)."""
    st.subheader(S["why_heading"])
    st.markdown(S["why_intro"])
    seed = st.number_input(S["order_seed_label"], 0, 99_999, 0, key="order_seed", bind="query-params",
                           help=S["order_seed_help"])
    try:
        study = trained(OrderConfig(seed=int(seed)), label=S["training"])
    except ValueError as error:
        st.error(S["bad_input"].format(message=explain(error, lang)), icon=":material/error:")
        st.stop()
    c = study.config
    caption = S["order_caption"].format(seed=c.seed, hidden=c.hidden, steps=c.steps, lr=c.lr,
                                        train=len(study.split["train"]), held=len(study.split["held_out"]))
    a, b, m = st.columns(3)
    a.metric(S["metric_bow"], f"{100 * study.accuracy['bow', 'held_out']:.0f} %")
    b.metric(S["metric_rnn"], f"{100 * study.accuracy['rnn', 'held_out']:.0f} %")
    m.metric(S["metric_time"], f"{1000 * study.seconds['bow']:.0f} / {1000 * study.seconds['rnn']:.0f} ms")
    st.plotly_chart(accuracy_chart(study, caption, lang), key="order_accuracy")
    st.markdown(S["pair_intro"].format(nouns_en=", ".join(code(w) for w in NOUNS_EN),
                                       nouns_ko=", ".join(code(w) for w in NOUNS_KO)))
    pair = _pair_inputs(S)
    items = tuple((n, p.text) for n, p in enumerate(pair, start=1) if p.ok) + ((3, KOREAN_PAIR[0]), (4, KOREAN_PAIR[1]))
    st.plotly_chart(answers_chart(study, items, caption, lang), key="order_answers")
    if all(p.ok for p in pair):
        st.markdown(_bag_line(S, pair))
    counts = parameters(study)
    diff = float(np.abs(bag(parse(KOREAN_PAIR[0]).tokens) - bag(parse(KOREAN_PAIR[1]).tokens)).max())
    notes_say("002", S["notes_dense_said"], S["notes_dense_measured"].format(
        diff=diff, bow=100 * study.accuracy["bow", "held_out"], rnn=100 * study.accuracy["rnn", "held_out"],
        window=counts["window"], rnn_params=counts["rnn"], T=counts["T"]), lang)
    return study, [p.tokens for p in pair] if all(p.ok for p in pair) else []
