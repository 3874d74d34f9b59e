"""A character model at one step of its training: what it predicts at each step of the text, and what each
prediction costs. The words are in viz/text/snapshots.<lang>.toml."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.labels import char_label, transition_labels
from viz.style import MAGNITUDE, OKABE_ITO, axis, figure, layout
from viz.words import words


def prediction_map(probs: np.ndarray, vocab, inputs, targets, step: int, caption: str, lang: str) -> go.Figure:
    """p(next character) for every step of the text (columns) and every character (rows), after ``step`` updates;
    the right answer boxed and the model's choice (the most likely character) marked.

    probs: (T, V).  inputs: the T characters read.  targets: (T,) indices of the right answers."""
    W = words("snapshots", lang)
    T, V = probs.shape
    x, y = np.arange(1, T + 1), np.arange(V)
    chosen = probs.argmax(axis=1)
    labels = [char_label(ch) for ch in vocab]
    heat = dict(type="heatmap", z=probs.T, x=x, y=y, zmin=0, zmax=1, colorscale=MAGNITUDE,
                colorbar=dict(title=dict(text=W["map_colour"]), len=0.9), customdata=np.array(labels)[:, None]
                .repeat(T, axis=1), hovertemplate=W["map_hover"])
    if T <= 16 and V <= 12:
        heat |= dict(texttemplate="%{z:.2f}", textfont=dict(size=11))
    right = dict(type="scatter", x=x, y=np.asarray(targets), mode="markers", name=W["map_target"],
                 marker=dict(symbol="square-open", size=26 if T <= 16 else 10, color=OKABE_ITO[2],
                             line=dict(width=3)), hoverinfo="skip")
    # the choice sits in its cell's upper right corner, so the number in the cell stays readable
    pick = dict(type="scatter", x=x + 0.3, y=chosen - 0.28, mode="markers", name=W["map_choice"],
                marker=dict(symbol="x-thin-open", size=9 if T <= 16 else 5, color=OKABE_ITO[3],
                            line=dict(width=2.5)), hoverinfo="skip")
    right_count = int(np.sum(chosen == np.asarray(targets)))
    return figure(data=[heat, right, pick], layout=layout(
        W["map_title"].format(step=step, right=right_count, T=T), caption, height=220 + 26 * min(V, 24),
        xaxis=axis(W["map_x"], tickvals=x, ticktext=transition_labels(inputs, [vocab[j] for j in targets]),
                   tickangle=-45 if T > 12 else 0),
        yaxis=axis(W["map_y"], tickvals=y, ticktext=labels, autorange="reversed")))


def loss_terms(losses: np.ndarray, inputs, targets, step: int, top: float, caption: str, lang: str) -> go.Figure:
    """L_t = -log p_t(target) after ``step`` updates, on an axis fixed by ``top`` (the largest L_t of the whole run)
    so the bars shrink as the slider moves; the sum L in the title."""
    W = words("snapshots", lang)
    T = len(losses)
    x = np.arange(1, T + 1)
    bars = dict(type="bar", x=x, y=losses, marker=dict(color=OKABE_ITO[3]), text=[f"{v:.3g}" for v in losses],
                textposition="outside", hovertemplate=W["loss_hover"])
    return figure(data=[bars], layout=layout(
        W["loss_title"].format(step=step, T=T, total=float(np.sum(losses))), caption,
        xaxis=axis(W["loss_x"], tickvals=x, ticktext=transition_labels(inputs, targets),
                   tickangle=-45 if T > 12 else 0),
        yaxis=axis(W["loss_y"], range=[0, 1.15 * top if top > 0 else 1])))
