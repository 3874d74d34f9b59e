"""Breaking the gates: predictions and the cell-state gradient with and without an override; the GRU's two
reset placements on the same weights. Their words are in viz/text/breaks.<lang>.toml."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.ink import PAGE
from viz.labels import char_label, transition_labels
from viz.style import OKABE_ITO, axis, figure, layout, log_axis
from viz.vanishing import UNDER, split
from viz.words import words

LEARNED, BROKEN = "#7f7f7f", OKABE_ITO[3]


def prediction_bars(probs: list[np.ndarray], runs: list[tuple[str, str]], inputs, targets,
                    caption: str, *, lang: str) -> go.Figure:
    """p(the right next character) at every step for each run (name, colour): the trained LSTM, and the same
    weights with gates pinned."""
    say = words("breaks", lang)
    x = np.arange(1, len(probs[0]) + 1)
    labels = transition_labels(inputs, targets)
    data = [dict(type="bar", x=x, y=v, name=name, marker=dict(color=colour), customdata=labels,
                 hovertemplate=say["step"] + " %{x} (%{customdata}): p = %{y:.3f}<extra>" + name + "</extra>")
            for v, (name, colour) in zip(probs, runs, strict=True)]
    every = max(1, -(-len(x) // 32))
    return figure(data=data, layout=layout(
        say["predictions_title"], caption, height=340, barmode="group",
        xaxis=axis(say["predictions_x"], tickvals=x[::every], ticktext=labels[::every], tickangle=-60),
        yaxis=axis(say["predictions_y"], range=[0, 1.05]),
        legend=dict(orientation="h", y=-0.45, x=0, yanchor="top"), margin=dict(l=60, r=20, t=70, b=120)))


def _log_series(k, values, name, colour, dash, span, say: dict) -> list[dict]:
    symbol = "triangle-down" if dash == "solid" else "triangle-down-open"  # two zero series stay apart
    y, zero, _ = split(values)
    out = [dict(type="scatter", x=k, y=y, name=name, mode="lines+markers", marker=dict(size=5),
                line=dict(color=colour, dash=dash, width=2.5 if dash == "solid" else 1.8),
                hovertemplate="k = %{x}: %{y:.3e}<extra>" + name + "</extra>")]
    if zero.any():  # exactly 0: no path at all, which a log axis cannot draw
        out.append(dict(type="scatter", x=k[zero], y=np.full(int(zero.sum()), span[0]), mode="markers",
                        name=say["zero_series"].format(name=name),
                        marker=dict(symbol=symbol, size=9, color=UNDER, line=dict(color=colour, width=1.5)),
                        hovertemplate=f"k = %{{x}}: {say['exactly_zero']}<extra>{name}</extra>"))
    return out


def cell_gradients(series: list[tuple[str, np.ndarray, str, str]], T: int, caption: str, *,
                   lang: str) -> go.Figure:
    """||dc_T/dc_k|| for k = 0..T on a log axis. series: (name, values (T+1,), colour, dash)."""
    say = words("breaks", lang)
    k = np.arange(T + 1)
    shown = np.concatenate([split(v)[0] for _, v, _, _ in series])
    shown = shown[np.isfinite(shown)]
    low = float(shown.min()) / 10 if shown.size else 1e-3
    high = float(shown.max()) * 3 if shown.size else 10.0
    data = []
    for name, values, colour, dash in series:
        data += _log_series(k, values, name, colour, dash, (low, high), say)
    zero = any((np.asarray(v) == 0).any() for _, v, _, _ in series)
    notes = [dict(x=1, xref="paper", y=np.log10(low), yanchor="bottom", xanchor="right", showarrow=False,
                  text=say["zero_note"], font=dict(color=UNDER),
                  bgcolor=PAGE)] if zero else []
    return figure(data=data, layout=layout(
        say["gradient_title"].format(T=T), caption, height=380, annotations=notes,
        xaxis=axis(say["gradient_x"]), yaxis=log_axis(say["gradient_y"], [low, high]),
        legend=dict(orientation="h", y=-0.3, x=0, yanchor="top"), margin=dict(l=70, r=20, t=70, b=110)))


def placement_gaps(step_gap: np.ndarray, run_gap: np.ndarray, chars, caption: str, *, lang: str) -> go.Figure:
    """max over units of |after - before| at every step: n_t from the same h_{t-1}, and h_t over whole runs."""
    say = words("breaks", lang)
    x = np.arange(1, len(step_gap) + 1)
    hover = say["step"] + " %{x}: %{y:.4f}<extra></extra>"
    data = [dict(type="bar", x=x, y=step_gap, name=say["gap_step"], marker=dict(color=OKABE_ITO[2]),
                 hovertemplate=hover),
            dict(type="scatter", x=x, y=run_gap, name=say["gap_run"], mode="lines+markers",
                 line=dict(color=OKABE_ITO[4], width=2.5), hovertemplate=hover)]
    every = max(1, -(-len(x) // 48))
    top = float(max(np.max(step_gap), np.max(run_gap), 1e-6))
    return figure(data=data, layout=layout(
        say["gaps_title"], caption, height=340,
        xaxis=axis(say["gaps_x"], tickvals=x[::every], ticktext=[char_label(chars[i - 1]) for i in x[::every]]),
        yaxis=axis(say["gaps_y"], range=[0, 1.15 * top]),
        legend=dict(orientation="h", y=-0.3, x=0, yanchor="top"), margin=dict(l=70, r=20, t=70, b=100)))
