"""The vanishing lesson's training labs: gradient clipping (Pascanu et al. 2013) and recall across distance."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.recurrent import LABELS
from viz.style import OKABE_ITO, axis, figure, layout, log_axis
from viz.vanishing import COLOURS, OVER, split

PLAIN, CLIPPED = OKABE_ITO[3], OKABE_ITO[0]
BELOW = dict(orientation="h", yanchor="top", y=-0.22, xanchor="left", x=0)  # half-width charts: no room on top


def _diverged_note(run, name: str) -> list[dict]:
    if run.diverged_at is None:
        return []
    return [dict(x=run.diverged_at, y=1, yref="paper", yanchor="top", text=f"{name}: inf/NaN at step {run.diverged_at}",
                 showarrow=False, font=dict(color=OVER))]


def clip_losses(result, caption: str) -> go.Figure:
    """Training loss per step without and with clipping, one log axis; divergence is marked, not hidden."""
    data, shown = [], []
    for run, name, colour in ((result.plain, "no clipping", PLAIN), (result.clipped, "with clipping", CLIPPED)):
        y, _, _ = split(run.losses)
        shown.append(y)
        data.append(dict(type="scatter", x=np.arange(1, len(y) + 1), y=y, name=name, mode="lines",
                         line=dict(color=colour, width=2),
                         hovertemplate="step %{x}: %{y:.3f}<extra>" + name + "</extra>"))
    notes = _diverged_note(result.plain, "no clipping") + _diverged_note(result.clipped, "with clipping")
    return figure(data=data, layout=layout(
        "Training loss, same start, with and without clipping", caption, height=420, annotations=notes,
        legend=BELOW,
        xaxis=axis("training step (SGD)"), yaxis=log_axis("loss Σ L_t (nats, log scale)", np.concatenate(shown))))


def clip_norms(result, caption: str) -> go.Figure:
    """||g|| at every step: the unclipped run's, the clipped run's before clipping, and after (<= threshold)."""
    threshold = result.config.threshold
    series = ((result.plain.norm_before, "no clipping: ‖g‖", PLAIN, "solid"),
              (result.clipped.norm_before, "clipped run: ‖g‖ before", CLIPPED, "solid"),
              (result.clipped.norm_after, "clipped run: ‖g‖ after", OKABE_ITO[1], "dot"))
    data, shown = [], []
    for values, name, colour, dash in series:
        y, _, _ = split(values)
        shown.append(y)
        data.append(dict(type="scatter", x=np.arange(1, len(y) + 1), y=y, name=name, mode="lines",
                         line=dict(color=colour, dash=dash, width=2),
                         hovertemplate="step %{x}: %{y:.3e}<extra>" + name + "</extra>"))
    return figure(data=data, layout=layout(
        "Gradient norm at every step (Pascanu et al. 2013, Algorithm 1)", caption, height=420, legend=BELOW,
        shapes=[dict(type="line", x0=0, x1=1, xref="paper", y0=threshold, y1=threshold,
                     line=dict(color="#000", dash="dash", width=1))],
        annotations=[dict(x=1, xref="paper", y=np.log10(threshold), text=f"threshold {threshold:g}", showarrow=False,
                          xanchor="right", yanchor="bottom")],
        xaxis=axis("training step"), yaxis=log_axis("‖∂L/∂θ‖ (log scale)", np.concatenate(shown + [[threshold]]))))


def recall_accuracy(results: dict[str, dict[int, float]], chance: float, caption: str) -> go.Figure:
    """Held-out accuracy against the distance d for each cell; chance level dashed."""
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
        "Recall the first symbol after d distractors: held-out accuracy", caption, height=420, legend=BELOW,
        shapes=[dict(type="line", x0=0, x1=1, xref="paper", y0=100 * chance, y1=100 * chance,
                     line=dict(color="#555", dash="dash", width=1))],
        annotations=[dict(x=1, xref="paper", y=100 * chance, text=f"chance {100 * chance:.0f} %", showarrow=False,
                          xanchor="right", yanchor="bottom")],
        xaxis=axis("distance d (distractors between the symbol and the question)", rangemode="tozero"),
        yaxis=axis("accuracy (%)", range=[0, 105])))
