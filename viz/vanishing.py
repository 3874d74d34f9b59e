"""The vanishing-gradient lesson's charts: ||ds_T/ds_k|| by distance, the T x T flow maps and the fading chain.

Magnitudes are on absolute log scales shared by all three cells. Values a log scale cannot show are marked:
0 (underflow: below the dtype's smallest number) at the bottom edge, inf/NaN (overflow) at the top edge.
Every chart takes ``lang``; its words are in viz/text/vanishing.<lang>.toml."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.recurrent import LABELS
from viz.ink import MUTED, PAGE, TEXT
from viz.labels import char_label
from viz.style import MAGNITUDE, OKABE_ITO, axis, figure, layout, log_axis, log_span, log_ticks
from viz.words import words

COLOURS = {"rnn": OKABE_ITO[3], "lstm": OKABE_ITO[0], "gru": OKABE_ITO[2]}
UNDER, OVER = "#7f7f7f", "#CC79A7"  # flag colours: grey for 0 (underflow), reddish purple for inf (overflow)


def split(values) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values a log axis can show, else NaN; mask of exact zeros; mask of inf/NaN)."""
    v = np.asarray(values, dtype=float)
    bad = ~np.isfinite(v)
    zero = v == 0
    return np.where(bad | zero | (v < 0), np.nan, v), zero, bad


def _edge_markers(x, zero, bad, span, name, colour, W: dict) -> list[dict]:
    """Markers for values the log axis cannot show: 0 at the bottom edge, overflow at the top edge."""
    out = []
    for mask, y, symbol, label, edge in ((zero, span[0], "triangle-down", W["underflow_marker"], UNDER),
                                         (bad, span[1], "triangle-up", W["overflow_marker"], OVER)):
        if mask.any():
            out.append(dict(type="scatter", x=np.asarray(x)[mask], y=np.full(int(mask.sum()), y), mode="markers",
                            name=f"{name}: {label}", legendgroup=name,
                            marker=dict(symbol=symbol, size=9, color=edge, line=dict(color=colour, width=1.5)),
                            hovertemplate=f"{W['at_distance']}: {label}<extra>{name}</extra>"))
    return out


def distance_curves(norms: dict[str, np.ndarray], bound: np.ndarray | None, threshold: float,
                    dtype: str, caption: str, lang: str, title: str | None = None) -> go.Figure:
    """||ds_T/ds_t|| against the distance T - t for every cell (row t - 1 of each array is step t), the Pascanu
    bound over the RNN's. ``title`` replaces the lesson's (the home page's headline)."""
    W = words("vanishing", lang)
    shown, flags, data = [], [], []
    series = [(kind, LABELS[kind], values, COLOURS[kind], "solid") for kind, values in norms.items()]
    if bound is not None:
        series.append(("bound", W["bound_name"], bound, COLOURS["rnn"], "dash"))
    for key, name, values, colour, dash in series:
        d = np.arange(len(values))[::-1]  # row t - 1 sits at distance T - t
        y, zero, bad = split(values)
        shown.append(y)
        flags.append((d, zero, bad, name, colour))
        data.append(dict(type="scatter", x=d, y=y, name=name, mode="lines", line=dict(color=colour, dash=dash,
                         width=1.5 if key == "bound" else 2.5),
                         hovertemplate=W["at_distance"] + ": %{y:.3e}<extra>" + name + "</extra>"))
    measured = np.concatenate(shown[:len(norms)] + [[threshold]])
    span = log_span(measured) or (threshold / 10, 10.0)
    span = (span[0], span[1] * 100)  # two decades of head room, so the bound's slope shows before it leaves
    for d, zero, bad, name, colour in flags:
        data += _edge_markers(d, zero, bad, span, name, colour, W)
    notes = [dict(x=1, xref="paper", y=np.log10(threshold), text=W["threshold_note"].format(threshold=threshold),
                  showarrow=False, xanchor="right", yanchor="bottom", font=dict(color=MUTED))]
    if bound is not None:
        finite = np.isfinite(bound)
        above = np.flatnonzero(finite & (bound > span[1]))
        if above.size > 1 or not finite.all():  # (a last point just over the edge needs no note)
            d_out = len(bound) - 1 - int(above.max() if above.size else np.flatnonzero(~finite).max())
            text = W["bound_leaves"].format(d=d_out)
            if not finite.all():
                text += W["bound_overflows"].format(dtype=dtype, d=len(bound) - 1 - int(np.flatnonzero(~finite).max()))
            notes.append(dict(x=d_out, y=np.log10(span[1]), text=text, showarrow=False, xanchor="left",
                              yanchor="top", font=dict(color=COLOURS["rnn"]), bgcolor=PAGE))
    if any(bad.any() for _, _, bad, _, _ in flags):
        notes.append(dict(x=1, xref="paper", y=np.log10(span[1]), yanchor="bottom", xanchor="right", showarrow=False,
                          text=W["overflow_note"].format(dtype=dtype),
                          font=dict(color=OVER)))
    return figure(data=data, layout=layout(
        title or W["curves_title"], caption, height=500,
        legend=dict(orientation="h", yanchor="top", y=-0.18, xanchor="left", x=0),
        shapes=[dict(type="line", x0=0, x1=1, xref="paper", y0=threshold, y1=threshold,
                     line=dict(color=MUTED, dash="dot", width=1))],
        annotations=notes,
        xaxis=axis(W["curves_x"]), yaxis=log_axis(W["curves_y"], span)))


def _ticks(labels, n_max=40) -> dict:
    """Tick labels for steps 1..T: the characters when they fit, else step numbers chosen by Plotly."""
    if len(labels) <= n_max and not all(label.isdigit() for label in labels):
        return dict(tickvals=list(range(1, len(labels) + 1)), ticktext=[char_label(ch) for ch in labels])
    return {}


def flow_map(matrix: np.ndarray, labels, kind: str, zrange: tuple[float, float], caption: str,
             lang: str) -> go.Figure:
    """||ds_t/ds_k|| for every t (rows) and k <= t (columns) as log colour on the shared range ``zrange``."""
    W = words("vanishing", lang)
    T = matrix.shape[0]
    y, zero, bad = split(matrix)
    lower = np.tril(np.ones((T, T), dtype=bool))
    zero, bad = zero & lower, bad & lower
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.log10(y)
    tickvals, ticktext = log_ticks(10.0 ** np.array(zrange))
    every = max(1, len(tickvals) // 8)
    tickvals, ticktext = tickvals[::every], ticktext[::every]
    steps = np.arange(1, T + 1)
    data = [dict(type="heatmap", z=z.astype(np.float32), x=steps, y=steps, colorscale=MAGNITUDE,
                 zmin=zrange[0], zmax=zrange[1], customdata=matrix.astype(np.float32),
                 colorbar=dict(title=dict(text="‖∂s_t/∂s_k‖"), tickvals=np.log10(tickvals), ticktext=ticktext,
                               len=0.8),
                 hovertemplate="t = %{y}, k = %{x}: %{customdata:.3e}<extra></extra>")]
    for mask, colour, name in ((zero, UNDER, W["map_underflow"]), (bad, OVER, W["map_overflow"])):
        if mask.any():
            data.append(dict(type="heatmap", z=np.where(mask, 1.0, np.nan).astype(np.float32), x=steps, y=steps,
                             colorscale=[[0, colour], [1, colour]], showscale=False, name=name,
                             hovertemplate="t = %{y}, k = %{x}: " + name + "<extra></extra>"))
    flagged = [name for mask, name in ((zero, W["map_grey"]), (bad, W["map_pink"])) if mask.any()]
    ticks = _ticks(labels)
    return figure(data=data, layout=layout(
        W["map_title"].format(cell=LABELS[kind]), caption + (f"<br>{', '.join(flagged)}" if flagged else ""),
        height=430, xaxis=axis(W["map_x"], **ticks), yaxis=axis(W["map_y"], autorange="reversed", **ticks)))


def map_range(matrices) -> tuple[float, float]:
    """The shared log10 colour range of several maps (their positive finite entries)."""
    span = log_span(np.concatenate([np.asarray(m, dtype=float).ravel() for m in matrices]))
    return (np.log10(span[0]), np.log10(span[1])) if span else (-1.0, 0.0)


def chain_levels(norms: dict[str, np.ndarray]) -> tuple[dict[str, np.ndarray], float, float]:
    """Each cell's log10 ||ds_T/ds_k|| as the fading chain shades it, and the colour range [lo, hi] they share: the
    padded span of every cell's values, 0 (underflow) drawn at lo and inf/NaN (overflow) at hi. Also the step
    player's grid (lessons/vanishing/walk.py), so the two show the same numbers."""
    values = np.concatenate([np.asarray(v, dtype=float) for v in norms.values()])
    span = log_span(values) or (0.1, 1.0)
    lo, hi = float(np.log10(span[0])), float(np.log10(span[1]))
    levels = {}
    for kind, v in norms.items():
        y, zero, bad = split(v)
        with np.errstate(divide="ignore"):
            levels[kind] = np.where(zero, lo, np.where(bad, hi, np.log10(np.where(np.isnan(y), 1, y))))
    return levels, lo, hi


def fading_chain(norms: dict[str, np.ndarray], labels, k: int, caption: str, lang: str) -> go.Figure:
    """The unrolled network as rows of nodes, one row per cell, each node shaded by ||ds_T/ds_k||: the
    lecture's fading-colour picture, measured. The node at step ``k`` (1-based) is ringed."""
    W = words("vanishing", lang)
    T = len(labels)
    values = np.concatenate([np.asarray(v, dtype=float) for v in norms.values()])
    levels, lo, hi = chain_levels(norms)
    tickvals, ticktext = log_ticks(values)
    every = max(1, -(-len(tickvals) // 4))  # the bar is short (about 120 px): at most 4 labels, or they overlap
    tickvals, ticktext = tickvals[::every], ticktext[::every]
    steps = np.arange(1, T + 1)
    data = []
    for row, (kind, v) in enumerate(norms.items()):
        z = levels[kind]
        data.append(dict(type="scatter", x=steps, y=[LABELS[kind]] * T, mode="lines+markers", name=LABELS[kind],
                         showlegend=False, line=dict(color=UNDER, width=1),
                         marker=dict(size=max(6, min(16, 600 // T)), color=z, colorscale=MAGNITUDE, cmin=lo, cmax=hi,
                                     showscale=row == 0, line=dict(color="#444", width=0.5),
                                     colorbar=dict(title=dict(text="‖∂s_T/∂s_k‖"), tickvals=np.log10(tickvals),
                                                   ticktext=ticktext, len=1.0)),
                         customdata=np.asarray(v, dtype=float), text=[char_label(ch) for ch in labels],
                         hovertemplate=W["chain_hover"] + ": %{customdata:.3e}<extra>" + LABELS[kind] + "</extra>"))
    ring = dict(type="rect", x0=k - 0.5, x1=k + 0.5, y0=-0.5, y1=len(norms) - 0.5, line=dict(color=TEXT, width=2))
    return figure(data=data, layout=layout(
        W["chain_title"], caption, height=260, shapes=[ring], xaxis=axis(W["chain_x"], **_ticks(labels)),
        yaxis=axis("", autorange="reversed")))
