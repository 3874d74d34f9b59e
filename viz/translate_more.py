"""The translation lesson's other charts: the encoder's states and the context vector, what the context vector
keeps of each word, accuracy against sentence length, saliency beside attention, and the training loss."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.style import DIVERGING, OKABE_ITO, axis, figure, layout, log_axis
from viz.translate import word_axis

MODEL_COLOURS = {"attention": OKABE_ITO[0], "no attention": OKABE_ITO[1]}


def encoder_states(states: np.ndarray, first: np.ndarray, source: list[str], title: str, caption: str) -> go.Figure:
    """Rows: the encoder state h_i after each English word, and below them s_0, the one vector the decoder
    starts from. Columns: units."""
    z = np.vstack([states, first[None]])
    labels = [f"h{i + 1} ({w})" for i, w in enumerate(source)] + ["s₀: context"]
    data = [dict(type="heatmap", z=z, y=labels, zmin=-1, zmax=1, zmid=0, colorscale=DIVERGING, ygap=1,
                 colorbar=dict(title=dict(text="value", side="right"), thickness=12),
                 hovertemplate="%{y}, unit %{x}: %{z:.3f}<extra></extra>")]
    line = dict(type="line", x0=-0.5, x1=z.shape[1] - 0.5, y0=len(source) - 0.5, y1=len(source) - 0.5,
                line=dict(color="black", width=2))
    return figure(data=data, layout=layout(
        title, caption, height=max(280, 110 + 22 * len(labels)), shapes=[line],
        xaxis=axis(f"unit (of {z.shape[1]})"), yaxis=axis("", autorange="reversed", type="category"),
        margin=dict(l=140, r=20, t=70, b=50)))


def context_share(values: dict[str, np.ndarray], source: list[str], title: str, caption: str) -> go.Figure:
    """||ds_0/dx_i|| per English word for each model (name -> (T_in,)): what the single vector keeps."""
    data = [dict(type="bar", x=list(range(len(source))), y=v, name=name, customdata=source,
                 marker=dict(color=MODEL_COLOURS.get(name, OKABE_ITO[2])),
                 hovertemplate="%{customdata}: %{y:.3f}<extra>" + name + "</extra>") for name, v in values.items()]
    return figure(data=data, layout=layout(
        title, caption, height=320, barmode="group", xaxis=word_axis("English word", source, tickangle=-45),
        yaxis=axis("‖∂s₀/∂x_i‖"), margin=dict(l=70, r=20, t=70, b=90)))


def accuracy_curves(curves: dict[str, dict[int, float]], train_max: int, title: str, caption: str) -> go.Figure:
    """Exact-match accuracy (%) against English length for each model; the lengths seen in training shaded."""
    data = [dict(type="scatter", x=list(c), y=[100 * a for a in c.values()], name=name, mode="lines+markers",
                 line=dict(color=MODEL_COLOURS.get(name, OKABE_ITO[2]), width=2.5),
                 hovertemplate="%{x} words: %{y:.1f} %<extra>" + name + "</extra>") for name, c in curves.items()]
    lengths = [k for c in curves.values() for k in c]
    shade = dict(type="rect", xref="x", yref="paper", x0=min(lengths) - 0.5, x1=train_max + 0.5, y0=0, y1=1,
                 fillcolor="rgba(0,0,0,0.07)", line=dict(width=0), layer="below")
    notes = [dict(x=(min(lengths) + train_max) / 2, y=1.0, yref="paper", yanchor="bottom", showarrow=False,
                  text="lengths seen in training"),
             dict(x=(train_max + max(lengths)) / 2 + 0.5, y=1.0, yref="paper", yanchor="bottom", showarrow=False,
                  text="longer than any training sentence")]
    return figure(data=data, layout=layout(
        title, caption, height=380, shapes=[shade], annotations=notes,
        xaxis=axis("English sentence length (words)", dtick=2), yaxis=axis("exact-match accuracy (%)", range=[-3, 105]),
        legend=dict(orientation="h", y=-0.25, x=0, yanchor="top"), margin=dict(l=60, r=20, t=90, b=100)))


def saliency_bars(weights: np.ndarray | None, saliency: dict[str, np.ndarray], source: list[str], title: str,
                  caption: str) -> go.Figure:
    """Left: the attention weights for one output word. Right: ||dL_t/dx_i|| for each model on a log axis."""
    x = list(range(len(source)))
    data = []
    if weights is not None:
        data.append(dict(type="bar", x=x, y=weights, name="attention weight", customdata=source,
                         marker=dict(color=OKABE_ITO[2]), xaxis="x", yaxis="y",
                         hovertemplate="%{customdata}: weight %{y:.3f}<extra></extra>"))
    for name, v in saliency.items():
        data.append(dict(type="scatter", x=x, y=v, name=f"‖∂L_t/∂x_i‖, {name}", mode="lines+markers",
                         customdata=source, marker=dict(size=8), xaxis="x2", yaxis="y2",
                         line=dict(color=MODEL_COLOURS.get(name, OKABE_ITO[4]), width=2.5),
                         hovertemplate="%{customdata}: %{y:.2e}<extra>" + name + "</extra>"))
    values = np.concatenate([v for v in saliency.values()])
    words = word_axis("English word", source, tickangle=-45)
    return figure(data=data, layout=layout(
        title, caption, height=380, xaxis=words | dict(domain=[0, 0.42], anchor="y"),
        xaxis2=words | dict(domain=[0.55, 1], anchor="y2"), yaxis=axis("attention weight", range=[0, 1.05]),
        yaxis2=log_axis("gradient norm (log)", values, anchor="x2"),
        legend=dict(orientation="h", y=-0.4, x=0, yanchor="top"), margin=dict(l=60, r=20, t=70, b=130)))


def loss_curve(losses: np.ndarray, title: str, caption: str, step: int | None = None) -> go.Figure:
    x = np.arange(1, len(losses) + 1)
    data = [dict(type="scatter", x=x, y=losses, mode="lines", name="loss", line=dict(color=OKABE_ITO[0]),
                 hovertemplate="step %{x}: %{y:.4f}<extra></extra>")]
    shapes = [dict(type="line", x0=step, x1=step, yref="paper", y0=0, y1=1, line=dict(color=OKABE_ITO[3], dash="dot"))
              ] if step else []
    return figure(data=data, layout=layout(
        title, caption, height=280, shapes=shapes, showlegend=False, xaxis=axis("training step"),
        yaxis=log_axis("cross-entropy per word (log)", losses)))
