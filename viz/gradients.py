"""Gradients through time on absolute log scales; overflow is marked, never hidden. The words are in
viz/text/gradients.<lang>.toml."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.labels import char_label, step_labels
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
    room = {"margin": dict(l=60, r=20, t=92, b=50)} if len(series) > 2 else {}  # the legend under the caption
    return figure(data=data, layout=layout(
        title, caption, annotations=notes, **room,
        xaxis=axis(W["norms_x"], tickvals=x, ticktext=step_labels(chars)),
        yaxis=log_axis(W["norms_y"], np.concatenate(shown) if shown else [])))


def contribution_map(norms: np.ndarray, chars, window: int, caption: str, lang: str,
                     chunked: bool = False) -> go.Figure:
    """||dL_t/dh_s|| for every loss t (rows) and state s <= t (columns), log colour; the cells truncation removes
    are greyed: with per-loss windows (BPTT(h)) those ``window`` or more steps back, with ``chunked`` those in an
    earlier chunk of ``window`` steps."""
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
    beyond = (s_idx - 1) // window != (t_idx - 1) // window if chunked else t_idx - s_idx >= window
    cut = (~future) & beyond
    if cut.any():
        grey = "rgba(128,128,128,0.85)"
        # the layer's name "cut" is an id, the same in every language: it shows in no legend and no hover
        data.append(dict(type="heatmap", z=np.where(cut, 1.0, np.nan), x=x, y=x, showscale=False, hoverinfo="skip",
                         colorscale=[[0, grey], [1, grey]], xgap=1, ygap=1, name="cut"))
        notes.append(dict(x=T + 0.5, y=0.5, text=W["map_chunk_cut" if chunked else "map_cut"].format(window=window),
                          showarrow=False, xanchor="right", yanchor="top", align="right"))
    title = W["map_chunks" if chunked else "map_windows"].format(title=W["map_title"])
    return figure(data=data, layout=layout(
        title, caption,
        height=260 + 12 * min(T, 64), annotations=notes,
        xaxis=axis(W["map_x"], tickvals=x, ticktext=step_labels(chars), tickangle=-45 if T > 12 else 0),
        yaxis=axis(W["map_y"], tickvals=x, ticktext=[f"L_{t}" for t in x], autorange="reversed")))


def parameter_gradients(full: dict[str, np.ndarray], truncated: dict[str, np.ndarray], window: int,
                        caption: str, lang: str, chunked: dict[str, np.ndarray] | None = None) -> go.Figure:
    """||dL/dθ|| per parameter with full BPTT, truncated to ``window`` steps per loss, and (if given) truncated
    in chunks of ``window`` steps; log axis."""
    W = words("gradients", lang)
    names = list(full)
    shown_names = [PARAMETER_SYMBOLS.get(n, n) for n in names]
    data, shown, notes = [], [], []
    runs = [(W["params_full"], full), (W["params_cut"].format(window=window), truncated)]
    if chunked is not None:
        runs.append((W["params_chunks"].format(window=window), chunked))
    for i, (label, grads) in enumerate(runs):
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
    room = {"margin": dict(l=60, r=20, t=92, b=50)} if len(runs) > 2 else {}  # the legend under the caption
    return figure(data=data, layout=layout(
        W["params_title"], caption, annotations=notes, **room,
        xaxis=axis(W["params_x"]), yaxis=log_axis(W["params_y"], np.concatenate(shown))))


def input_terms(series, chars, loss: int, caption: str, lang: str) -> go.Figure:
    """The size of each step's term of ∂L_t/∂W_ih (one bar per character read, s = 1..t), grouped by model, on a
    log axis; a term a log axis cannot draw (0, inf) is noted where its bar is missing.

    series: list of (name, norms (t,)); chars: the t characters read; loss: t."""
    W = words("gradients", lang)
    x = np.arange(1, len(chars) + 1)
    data, shown, notes = [], [], []
    for i, (name, norms) in enumerate(series):
        y, bad = _positive(norms)
        shown.append(y)
        data.append(dict(type="bar", x=x, y=y, name=name, marker=dict(color=OKABE_ITO[i % len(OKABE_ITO)]),
                         text=[f"{v:.1e}" for v in norms], textposition="outside",
                         hovertemplate=W["terms_hover"] + "<extra>" + name + "</extra>"))
        notes += [dict(x=int(x[k]), y=0.02 + 0.08 * i, yref="paper", yanchor="bottom", showarrow=False,
                       text=W["params_overflow" if bad[k] else "params_zero"].format(label=name),
                       font=dict(color=OKABE_ITO[i], size=11))
                  for k in np.flatnonzero(bad | (np.asarray(norms) == 0))]
    shown_chars = [char_label(ch) for ch in chars]
    split = " + ".join(shown_chars if len(chars) <= 8 else [*shown_chars[:2], "…", shown_chars[-1]])
    return figure(data=data, layout=layout(
        W["terms_title"].format(t=loss, split=split), caption, annotations=notes, barmode="group",
        xaxis=axis(W["terms_x"], tickvals=x, ticktext=step_labels(chars)),
        yaxis=log_axis(W["terms_y"], headroom(np.concatenate(shown)) if shown else [])))


def headroom(values: np.ndarray) -> np.ndarray:
    """``values`` and one more, 5 times the largest finite one, so a log axis leaves room above the tallest bar's
    number."""
    finite = values[np.isfinite(values) & (values > 0)]
    return np.append(values, 5 * finite.max()) if finite.size else values
