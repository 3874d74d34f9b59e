"""Gradients through time on absolute log scales; overflow is marked, never hidden. The words are in
viz/text/gradients.<lang>.toml."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.labels import step_labels
from viz.style import MAGNITUDE, OKABE_ITO, axis, figure, layout, log_axis, log_span, log_ticks
from viz.words import words

# PyTorch's parameter names as the lesson's symbols (the read-out layer is W_hy, b_y).
PARAMETER_SYMBOLS = {"cell.weight_ih_l0": "W_ih", "cell.weight_hh_l0": "W_hh", "cell.bias_ih_l0": "b_ih",
                     "cell.bias_hh_l0": "b_hh", "head.weight": "W_hy", "head.bias": "b_y"}


def _positive(values) -> tuple[np.ndarray, np.ndarray]:
    """Values a log axis can show (others -> NaN) and a mask of the non-finite ones to flag."""
    values = np.asarray(values, dtype=float)
    bad = ~np.isfinite(values)
    return np.where(np.isfinite(values) & (values > 0), values, np.nan), bad


def gradient_norms(series, chars, caption: str, title: str, lang: str) -> go.Figure:
    """||dL/dh_t|| against t for several computations, overlaid on one log axis.

    series: list of (name, norms (T,), dash, marker symbol); the title and the names are the caller's words."""
    W = words("gradients", lang)
    x = np.arange(1, len(chars) + 1)
    overflow = np.zeros(len(x), dtype=bool)
    data, shown = [], []
    for i, (name, norms, dash, symbol) in enumerate(series):
        y, bad = _positive(norms)
        overflow |= bad
        shown.append(y)
        data.append(dict(type="scatter", x=x, y=y, name=name, mode="lines+markers",
                         line=dict(color=OKABE_ITO[i % len(OKABE_ITO)], dash=dash, width=2 + (i == 0)),
                         marker=dict(symbol=symbol, size=11 - 3 * i),
                         hovertemplate="h_%{x}: %{y:.4e}<extra>" + name + "</extra>"))
    notes = [dict(x=t, y=1, yref="paper", text=W["overflow"], font=dict(color=OKABE_ITO[3]), showarrow=False)
             for t in x[overflow]]
    return figure(data=data, layout=layout(
        title, caption, annotations=notes,
        xaxis=axis(W["norms_x"], tickvals=x, ticktext=step_labels(chars)),
        yaxis=log_axis(W["norms_y"], np.concatenate(shown) if shown else [])))


def contribution_map(norms: np.ndarray, chars, window: int, caption: str, lang: str) -> go.Figure:
    """||dL_t/dh_s|| for every loss t (rows) and state s <= t (columns), log colour; cells that truncation
    to ``window`` steps removes are greyed."""
    W = words("gradients", lang)
    T = norms.shape[0]
    x = np.arange(1, T + 1)
    t_idx, s_idx = np.meshgrid(x, x, indexing="ij")
    future = s_idx > t_idx
    shown = np.where(future | (norms <= 0), np.nan, norms)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.log10(shown)
    span = log_span(shown)
    lo, hi = (np.log10(span[0]), np.log10(span[1])) if span else (-1.0, 0.0)
    tickvals, ticktext = log_ticks(shown)
    data = [dict(type="heatmap", z=z, x=x, y=x, colorscale=MAGNITUDE, zmin=lo, zmax=hi,
                 colorbar=dict(title=dict(text="‖∂L_t/∂h_s‖"), tickvals=np.log10(tickvals), ticktext=ticktext),
                 customdata=norms,
                 hovertemplate=W["map_hover"])]
    notes = []
    cut = (~future) & (t_idx - s_idx >= window)
    if cut.any():
        grey = "rgba(128,128,128,0.85)"
        # the layer's name "cut" is an id, the same in every language: it shows in no legend and no hover
        data.append(dict(type="heatmap", z=np.where(cut, 1.0, np.nan), x=x, y=x, showscale=False, hoverinfo="skip",
                         colorscale=[[0, grey], [1, grey]], xgap=1, ygap=1, name="cut"))
        notes.append(dict(x=T + 0.5, y=0.5, text=W["map_cut"].format(window=window),
                          showarrow=False, xanchor="right", yanchor="top", align="right"))
    return figure(data=data, layout=layout(
        W["map_title"], caption,
        height=260 + 12 * min(T, 64), annotations=notes,
        xaxis=axis(W["map_x"], tickvals=x, ticktext=step_labels(chars), tickangle=-45 if T > 12 else 0),
        yaxis=axis(W["map_y"], tickvals=x, ticktext=[f"L_{t}" for t in x], autorange="reversed")))


def parameter_gradients(full: dict[str, np.ndarray], truncated: dict[str, np.ndarray], window: int,
                        caption: str, lang: str) -> go.Figure:
    """||dL/dθ|| per parameter with full BPTT and truncated to ``window`` steps, log axis."""
    W = words("gradients", lang)
    names = list(full)
    shown_names = [PARAMETER_SYMBOLS.get(n, n) for n in names]
    data, shown, notes = [], [], []
    labels = (W["params_full"], W["params_cut"].format(window=window))
    for i, (label, grads) in enumerate(zip(labels, (full, truncated), strict=True)):
        values = np.array([np.linalg.norm(grads[n]) for n in names])
        y, bad = _positive(values)
        shown.append(y)
        data.append(dict(type="bar", x=shown_names, y=y, name=label, customdata=names, marker=dict(color=OKABE_ITO[i]),
                         hovertemplate="%{x} (%{customdata}): %{y:.4e}<extra>" + label + "</extra>"))
        # a log axis cannot draw 0 or inf: say so where the bar is missing (e.g. dL/dW_hh = 0 exactly when T = 1,
        # since h_0 = 0 is the only state W_hh ever multiplies)
        notes += [dict(x=shown_names[k], y=0.02 + 0.08 * i, yref="paper", yanchor="bottom", showarrow=False,
                       text=W["params_overflow" if bad[k] else "params_zero"].format(label=label),
                       font=dict(color=OKABE_ITO[i], size=11)) for k in np.flatnonzero(bad | (values == 0))]
    return figure(data=data, layout=layout(
        W["params_title"], caption, annotations=notes,
        xaxis=axis(W["params_x"]), yaxis=log_axis(W["params_y"], np.concatenate(shown))))
