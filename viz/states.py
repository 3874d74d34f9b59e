"""Hidden states, output distributions and per-step losses. The words are in viz/text/states.<lang>.toml."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.labels import char_label, step_labels, transition_labels
from viz.style import DIVERGING, OKABE_ITO, axis, figure, layout, log_axis
from viz.words import words


def hidden_heatmap(h: np.ndarray, chars, t: int, caption: str, lang: str, name: str = "h",
                   zmax: float = 1.0) -> go.Figure:
    """Units x time heatmap of h_0..h_T (h: (T+1, H), row 0 the initial state); columns t-1 and t boxed.

    ``chars`` are the T input characters; column s >= 1 is the state after reading chars[s-1]. The colour
    range is [-zmax, zmax], centred on 0 (1 for h, whose tanh keeps it there; the largest |c| for a cell state)."""
    W = words("states", lang)
    T1, H = h.shape
    x = np.arange(T1)
    shapes, notes = [], []
    for col, dash, label in ((t - 1, "dot", f"{name}_(t-1)"), (t, "solid", f"{name}_t")):
        shapes.append(dict(type="rect", x0=col - 0.5, x1=col + 0.5, y0=0.5, y1=H + 0.5,
                           line=dict(color="black", width=3 if dash == "solid" else 2, dash=dash)))
        if T1 <= 12:  # on narrow columns the two labels would overlap; the title names step t anyway
            notes.append(dict(x=col, y=0.5, text=label, showarrow=False, yanchor="bottom"))
    heat = dict(type="heatmap", z=h.T, x=x, y=np.arange(1, H + 1), zmin=-zmax, zmax=zmax, colorscale=DIVERGING,
                colorbar=dict(title=dict(text=W["heatmap_value"]), len=0.9), hovertemplate=W["heatmap_hover"])
    if H <= 8 and T1 <= 17:
        heat |= dict(texttemplate="%{z:.2f}", textfont=dict(size=11))
    return figure(data=[heat], layout=layout(
        W["heatmap_title"].format(state=W[f"state_{name}"], name=name, t=t), caption, height=220 + 14 * min(H, 40),
        xaxis=axis(W["heatmap_x"], tickvals=x, ticktext=[f"{name}₀"] + step_labels(chars)),
        yaxis=axis(W["heatmap_y"], tickvals=np.arange(1, H + 1) if H <= 16 else None, autorange="reversed"),
        shapes=shapes, annotations=notes))


def output_probs(probs: np.ndarray, vocab, target: int, t: int, caption: str, lang: str) -> go.Figure:
    """The softmax over the vocabulary at step t, the target character's bar marked."""
    W = words("states", lang)
    colors = [OKABE_ITO[2] if i == target else OKABE_ITO[0] for i in range(len(vocab))]
    labels = [char_label(ch) for ch in vocab]
    x = np.arange(len(vocab))
    text = [(f"{W['probs_target']}<br>" if i == target else "") + f"{p:.2f}" for i, p in enumerate(probs)]
    bars = dict(type="bar", x=x, y=probs, marker=dict(color=colors), text=text,
                textposition="outside", customdata=labels, hovertemplate="%{customdata}: p = %{y:.4f}<extra></extra>")
    return figure(data=[bars], layout=layout(
        W["probs_title"].format(t=t), caption,
        xaxis=axis(W["probs_x"], tickvals=x, ticktext=labels),
        yaxis=axis(W["probs_y"], range=[0, 1.25])))


def step_losses(losses: np.ndarray, inputs, targets, caption: str, lang: str) -> go.Figure:
    """Per-step cross-entropy L_t = -log p_t(target), with their sum in the title."""
    W = words("states", lang)
    x = np.arange(1, len(losses) + 1)
    top = float(np.max(losses)) if len(losses) else 1.0
    bars = dict(type="bar", x=x, y=losses, marker=dict(color=OKABE_ITO[3]), text=[f"{v:.3g}" for v in losses],
                textposition="outside", hovertemplate="L_%{x} = %{y:.5f} nats<extra></extra>")
    return figure(data=[bars], layout=layout(
        W["losses_title"].format(total=float(np.sum(losses))), caption,
        xaxis=axis(W["losses_x"], tickvals=x, ticktext=transition_labels(inputs, targets)),
        yaxis=axis(W["losses_y"], range=[0, 1.2 * top if top > 0 else 1])))


def sample_probs(start: str, chars, probs: np.ndarray, caption: str, lang: str) -> go.Figure:
    """The probability of each generated character."""
    W = words("states", lang)
    x = np.arange(1, len(chars) + 1)
    labels = [char_label(ch) for ch in chars]
    bars = dict(type="bar", x=x, y=probs, marker=dict(color=OKABE_ITO[4]), text=[f"{p:.2f}" for p in probs],
                textposition="outside", customdata=labels,
                hovertemplate=W["sample_hover"])
    return figure(data=[bars], layout=layout(
        W["sample_title"].format(start=char_label(start)), caption,
        xaxis=axis(W["sample_x"], tickvals=x, ticktext=labels if len(x) <= 40 else None),
        yaxis=axis(W["sample_y"], range=[0, 1.15])))


def input_reach(series, chars, caption: str, lang: str) -> go.Figure:
    """‖∂h_t/∂x_1‖ against t on a log axis, one line per model: how much of the first character read is still in
    the state (lecture note 001: 갈수록 흐려진다). series: list of (name, values (T,), dash)."""
    W = words("states", lang)
    x = np.arange(1, len(chars) + 1)
    data, shown = [], []
    for i, (name, values, dash) in enumerate(series):
        values = np.asarray(values, dtype=float)
        y = np.where(np.isfinite(values) & (values > 0), values, np.nan)
        shown.append(y)
        data.append(dict(type="scatter", x=x, y=y, name=name, mode="lines+markers",
                         line=dict(color=OKABE_ITO[i % len(OKABE_ITO)], dash=dash, width=2),
                         hovertemplate=W["reach_hover"] + "<extra>" + name + "</extra>"))
    return figure(data=data, layout=layout(
        W["reach_title"].format(first=char_label(chars[0])), caption,
        xaxis=axis(W["reach_x"], tickvals=x, ticktext=step_labels(chars)),
        yaxis=log_axis(W["reach_y"], np.concatenate(shown) if shown else [])))
