"""The vanishing lesson's training labs: gradient clipping (Pascanu et al. 2013) and recall across distance. Every
chart takes ``lang``; its words are in viz/text/labs.<lang>.toml."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.recurrent import LABELS
from viz.ink import MUTED, TEXT
from viz.style import OKABE_ITO, axis, figure, layout, log_axis
from viz.vanishing import COLOURS, OVER, split
from viz.words import words

PLAIN, CLIPPED = OKABE_ITO[3], OKABE_ITO[0]
BELOW = dict(orientation="h", yanchor="top", y=-0.22, xanchor="left", x=0)  # half-width charts: no room on top


def _diverged_note(run, name: str, W: dict) -> list[dict]:
    if run.diverged_at is None:
        return []
    return [dict(x=run.diverged_at, y=1, yref="paper", yanchor="top",
                 text=W["diverged"].format(name=name, step=run.diverged_at), showarrow=False, font=dict(color=OVER))]


def clip_losses(result, caption: str, lang: str) -> go.Figure:
    """Training loss per step without and with clipping, one log axis; divergence is marked, not hidden."""
    W = words("labs", lang)
    data, shown = [], []
    for run, name, colour in ((result.plain, W["no_clipping"], PLAIN), (result.clipped, W["with_clipping"], CLIPPED)):
        y, _, _ = split(run.losses)
        shown.append(y)
        data.append(dict(type="scatter", x=np.arange(1, len(y) + 1), y=y, name=name, mode="lines",
                         line=dict(color=colour, width=2),
                         hovertemplate=W["step_hover"] + ": %{y:.3f}<extra>" + name + "</extra>"))
    notes = (_diverged_note(result.plain, W["no_clipping"], W)
             + _diverged_note(result.clipped, W["with_clipping"], W))
    return figure(data=data, layout=layout(
        W["losses_title"], caption, height=420, annotations=notes, legend=BELOW,
        xaxis=axis(W["losses_x"]), yaxis=log_axis(W["losses_y"], np.concatenate(shown))))


def clip_norms(result, caption: str, lang: str) -> go.Figure:
    """||g|| at every step: the unclipped run's, the clipped run's before clipping, and after (<= threshold)."""
    W = words("labs", lang)
    threshold = result.config.threshold
    series = ((result.plain.norm_before, W["norm_plain"], PLAIN, "solid"),
              (result.clipped.norm_before, W["norm_before"], CLIPPED, "solid"),
              (result.clipped.norm_after, W["norm_after"], OKABE_ITO[1], "dot"))
    data, shown = [], []
    for values, name, colour, dash in series:
        y, _, _ = split(values)
        shown.append(y)
        data.append(dict(type="scatter", x=np.arange(1, len(y) + 1), y=y, name=name, mode="lines",
                         line=dict(color=colour, dash=dash, width=2),
                         hovertemplate=W["step_hover"] + ": %{y:.3e}<extra>" + name + "</extra>"))
    return figure(data=data, layout=layout(
        W["norms_title"], caption, height=420, legend=BELOW,
        shapes=[dict(type="line", x0=0, x1=1, xref="paper", y0=threshold, y1=threshold,
                     line=dict(color=TEXT, dash="dash", width=1))],
        annotations=[dict(x=1, xref="paper", y=np.log10(threshold), showarrow=False, xanchor="right",
                          yanchor="bottom", text=W["threshold_note"].format(threshold=threshold))],
        xaxis=axis(W["norms_x"]), yaxis=log_axis(W["norms_y"], np.concatenate(shown + [[threshold]]))))


def recall_accuracy(results: dict[str, dict[int, float]], chance: float, caption: str, lang: str) -> go.Figure:
    """Held-out accuracy against the distance d for each cell; chance level dashed."""
    W = words("labs", lang)
    data = []
    styles = {"rnn": ("solid", "circle", 9), "lstm": ("solid", "circle", 14), "gru": ("dash", "diamond", 8)}
    for kind, by_d in results.items():  # the gated cells often tie at 100 %: a wide line under a dashed one
        ds = sorted(by_d)
        dash, symbol, size = styles.get(kind, ("solid", "circle", 9))
        data.append(dict(type="scatter", x=ds, y=[100 * by_d[d] for d in ds], name=LABELS[kind], mode="lines+markers",
                         line=dict(color=COLOURS[kind], width=5 if kind == "lstm" else 2.5, dash=dash),
                         marker=dict(size=size, symbol=symbol),
                         hovertemplate="d = %{x}: %{y:.1f} %<extra>" + LABELS[kind] + "</extra>"))
    return figure(data=data, layout=layout(
        W["recall_title"], caption, height=420, legend=BELOW,
        shapes=[dict(type="line", x0=0, x1=1, xref="paper", y0=100 * chance, y1=100 * chance,
                     line=dict(color=MUTED, dash="dash", width=1))],
        annotations=[dict(x=1, xref="paper", y=100 * chance, text=W["chance_note"].format(percent=100 * chance),
                          showarrow=False, xanchor="right", yanchor="bottom")],
        xaxis=axis(W["recall_x"], rangemode="tozero"), yaxis=axis(W["recall_y"], range=[0, 105])))
