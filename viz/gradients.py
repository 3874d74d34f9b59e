"""Gradients through time on absolute log scales; overflow is marked, never hidden."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.labels import step_labels
from viz.style import MAGNITUDE, OKABE_ITO, base_layout, log_ticks


def _positive(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Values a log axis can show (others -> NaN) and a mask of the non-finite ones to flag."""
    values = np.asarray(values, dtype=float)
    bad = ~np.isfinite(values)
    shown = np.where(np.isfinite(values) & (values > 0), values, np.nan)
    return shown, bad


def gradient_norms(series, chars, caption: str, title: str) -> go.Figure:
    """||dL/dh_t|| against t for several computations, overlaid on one log axis.

    series: list of (name, norms (T,), dash, marker symbol)."""
    fig = go.Figure()
    x = np.arange(1, len(chars) + 1)
    overflow = np.zeros(len(x), dtype=bool)
    shown = []
    for i, (name, norms, dash, symbol) in enumerate(series):
        y, bad = _positive(norms)
        overflow |= bad
        shown.append(y)
        fig.add_trace(go.Scatter(x=x, y=y, name=name, mode="lines+markers",
                                 line=dict(color=OKABE_ITO[i % len(OKABE_ITO)], dash=dash, width=2 + (i == 0)),
                                 marker=dict(symbol=symbol, size=11 - 3 * i),
                                 hovertemplate="h_%{x}: %{y:.4e}<extra>" + name + "</extra>"))
    for t in x[overflow]:
        fig.add_annotation(x=t, y=1, yref="paper", text="overflow (inf/NaN)", font=dict(color=OKABE_ITO[3]),
                           showarrow=False)
    fig.update_xaxes(tickvals=x, ticktext=step_labels(chars), title_text="hidden state h_t (step · character read)")
    tickvals, ticktext = log_ticks(np.concatenate(shown) if shown else [])
    fig.update_yaxes(type="log", title_text="‖∂L/∂h_t‖₂ (log scale)", tickvals=tickvals, ticktext=ticktext)
    return base_layout(fig, title, caption=caption)


def contribution_map(norms: np.ndarray, chars, window: int, caption: str) -> go.Figure:
    """||dL_t/dh_s|| for every loss t (rows) and state s <= t (columns), log colour; cells that truncation
    to ``window`` steps removes are greyed and hatched."""
    T = norms.shape[0]
    x = np.arange(1, T + 1)
    t_idx, s_idx = np.meshgrid(x, x, indexing="ij")
    future = s_idx > t_idx
    with np.errstate(divide="ignore"):
        z = np.where(future | (norms <= 0), np.nan, np.log10(np.where(norms > 0, norms, 1.0)))
    finite = z[np.isfinite(z)]
    lo, hi = (float(finite.min()), float(finite.max())) if finite.size else (-1.0, 0.0)
    tickvals, ticktext = log_ticks(norms[~future])
    labels = step_labels(chars)
    fig = go.Figure(go.Heatmap(
        z=z, x=x, y=x, colorscale=MAGNITUDE, zmin=lo, zmax=hi if hi > lo else lo + 1,
        colorbar=dict(title=dict(text="‖∂L_t/∂h_s‖"), tickvals=np.log10(tickvals), ticktext=ticktext),
        customdata=norms, hovertemplate="loss L_%{y}, state h_%{x}<br>‖∂L_t/∂h_s‖ = %{customdata:.3e}<extra></extra>"))
    cut = (~future) & (t_idx - s_idx >= window)
    if cut.any():
        fig.add_trace(go.Heatmap(z=np.where(cut, 1.0, np.nan), x=x, y=x, showscale=False, hoverinfo="skip",
                                 colorscale=[[0, "rgba(128,128,128,0.85)"], [1, "rgba(128,128,128,0.85)"]],
                                 xgap=1, ygap=1, name="cut"))
        fig.add_annotation(x=T + 0.5, y=0.5, text=f"grey: cut by truncation<br>(more than {window} steps back)",
                           showarrow=False, xanchor="right", yanchor="top", align="right")
    fig.update_xaxes(tickvals=x, ticktext=labels, title_text="hidden state h_s", tickangle=-45 if T > 12 else 0)
    fig.update_yaxes(tickvals=x, ticktext=[f"L_{t}" for t in x], title_text="loss at step t", autorange="reversed")
    height = 260 + 12 * min(T, 64)
    return base_layout(fig, "Which loss reaches which hidden state (upper right: the future, no path)",
                       height=height, caption=caption)


def parameter_gradients(full: dict[str, np.ndarray], truncated: dict[str, np.ndarray], window: int,
                        caption: str) -> go.Figure:
    """||dL/dθ|| per parameter with full BPTT and truncated to ``window`` steps, log axis."""
    names = list(full)
    fig = go.Figure()
    shown = []
    for i, (label, grads) in enumerate((("full BPTT", full), (f"truncated, k = {window}", truncated))):
        y, _ = _positive([np.linalg.norm(grads[n]) for n in names])
        shown.append(y)
        fig.add_trace(go.Bar(x=names, y=y, name=label, marker_color=OKABE_ITO[i],
                             hovertemplate="%{x}: %{y:.4e}<extra>" + label + "</extra>"))
    tickvals, ticktext = log_ticks(np.concatenate(shown))
    fig.update_yaxes(type="log", title_text="‖∂L/∂θ‖ (log scale)", tickvals=tickvals, ticktext=ticktext)
    fig.update_xaxes(title_text="parameter")
    return base_layout(fig, "Parameter gradients: full vs truncated", caption=caption)
