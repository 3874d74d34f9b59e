"""The language model's charts (section 5 of "Sequences and recurrence"): what it predicts after the tokens read so
far, and how much it gives the truth at every step before and after training. Arrays and the lesson's words in, a
figure out; tokens are shown as text, never as markup (viz.labels.char_label)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.labels import char_label
from viz.style import OKABE_ITO, axis, figure, layout

GREY = "#8c8c8c"


def next_token(probs: np.ndarray, logits: np.ndarray, vocab, truth: int, W: dict, caption: str) -> go.Figure:
    """p(next token) over the vocabulary (V,), the true next token's bar green; each bar's hover gives its logit.
    ``W``: title, x, y, truth (the word over the true bar) and hover (a template with %{customdata[0]}, the token,
    and %{customdata[1]}, its logit)."""
    labels = [char_label(token) for token in vocab]
    x = np.arange(len(vocab))
    text = [(f"{W['truth']}<br>" if i == truth else "") + f"{p:.3f}" for i, p in enumerate(probs)]
    bars = dict(type="bar", x=x, y=probs, text=text, textposition="outside", name=W["y"],
                marker=dict(color=[OKABE_ITO[2] if i == truth else OKABE_ITO[0] for i in range(len(vocab))]),
                customdata=[[label, f"{z:+.2f}"] for label, z in zip(labels, logits, strict=True)],
                hovertemplate=W["hover"])
    return figure(data=[bars], layout=layout(
        W["title"], caption, height=330, showlegend=False,
        xaxis=axis(W["x"], tickvals=x, ticktext=labels), yaxis=axis(W["y"], range=[0, 1.3])))


def truth_by_step(before: np.ndarray, after: np.ndarray, read, due, W: dict, caption: str) -> go.Figure:
    """p(truth) at each step t = 1..T (T,), before training and after, as grouped bars; ticks "read→truth".
    ``W``: title, x, y, before, after (the two bars' names) and hover (a template with %{customdata}, the step)."""
    x = np.arange(1, len(after) + 1)
    ticks = [f"{char_label(a)}→{char_label(b)}" for a, b in zip(read, due, strict=True)]
    traces = [dict(type="bar", x=x, y=values, name=W[name], marker=dict(color=colour), customdata=ticks,
                   text=[f"{v:.2f}" for v in values], textposition="outside", hovertemplate=W["hover"])
              for name, values, colour in (("before", before, GREY), ("after", after, OKABE_ITO[2]))]
    return figure(data=traces, layout=layout(
        W["title"], caption, height=330, barmode="group",
        xaxis=axis(W["x"], tickvals=x, ticktext=ticks), yaxis=axis(W["y"], range=[0, 1.3])))
