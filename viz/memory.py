"""What memory costs: parameters and time per step of RNN, GRU and LSTM, and the hidden state's path (PCA).
Their words are in viz/text/memory.<lang>.toml."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import plotly.graph_objects as go

from core.recurrent import NAMES
from viz.ink import PAGE, TEXT
from viz.labels import char_label
from viz.style import MAGNITUDE, axis, figure, layout
from viz.vanishing import COLOURS
from viz.words import words

if TYPE_CHECKING:
    from core.trajectory import Projection

ORDER = ("rnn", "gru", "lstm")  # by parameter count: 1, 3 and 4 weight blocks
# The bar's colour is the cell (as on every other chart); the fill pattern is the part of the parameter set
# (each part's name is the words' key of the same name).
PARTS = (("weight_ih", "/", 0.6), ("weight_hh", "", 1.0), ("biases", "x", 0.35))
KEY = "#8c8c8c"  # the legend explains patterns only, so its swatches are neutral grey


def param_bars(counts: dict[str, dict[str, int]], caption: str, *, lang: str) -> go.Figure:
    """Stacked bars per cell: W_ih, W_hh and the two biases; each bar's total and its multiple of the RNN's on top."""
    say = words("memory", lang)
    kinds = [k for k in ORDER if k in counts]
    names = [NAMES[k] for k in kinds]
    colours = [COLOURS[k] for k in kinds]
    data = []
    for part, shape, opacity in PARTS:
        label = say[part]
        data.append(dict(type="bar", x=names, y=[counts[k][part] for k in kinds], name=label, showlegend=False,
                         marker=dict(color=colours, opacity=opacity, line=dict(color=colours, width=1),
                                     pattern=dict(shape=shape, fgcolor="#fff", size=7)),
                         hovertemplate=say["params_hover"].format(cell="%{x}", count="%{y:,}", part=label)
                         + "<extra></extra>"))
        # legend key only: grey hatching on the page with a grey outline (the bars' white hatching on a grey swatch
        # left only W_hh's solid swatch visible)
        data.append(dict(type="bar", x=[None], y=[None], name=label, hoverinfo="skip",
                         marker=dict(color=KEY if not shape else PAGE, line=dict(color=KEY, width=1.5),
                                     pattern=dict(shape=shape, fgcolor=KEY, bgcolor=PAGE, size=4, solidity=0.4))))
    totals = [counts[k]["total"] for k in kinds]
    base = counts["rnn"]["total"] if "rnn" in counts else None
    notes = [dict(x=name, y=total, yanchor="bottom", showarrow=False,
                  text=f"<b>{total:,}</b>" + (f" · {total / base:g}× RNN" if base else ""))
             for name, total in zip(names, totals, strict=True)]
    return figure(data=data, layout=layout(
        say["params_title"], caption, height=360, barmode="stack", annotations=notes,
        legend=dict(orientation="v", yanchor="top", y=1.0, xanchor="left", x=0.01, bgcolor=PAGE),
        xaxis=axis(""), yaxis=axis(say["params_y"], range=[0, max(totals) * 1.15], tickformat=",")))


def step_times(times: dict[str, float], title: str, caption: str, *, lang: str) -> go.Figure:
    """Bars of microseconds per time step, each labelled with its value and its ratio to the RNN's."""
    say = words("memory", lang)
    kinds = [k for k in ORDER if k in times]
    us = [times[k] * 1e6 for k in kinds]  # seconds -> microseconds, for readable numbers
    base = times["rnn"] * 1e6 if times.get("rnn") else None
    text = [f"{v:.1f} µs" + (f" · {v / base:.1f}× RNN" if base else "") for v in us]
    data = [dict(type="bar", x=[NAMES[k] for k in kinds], y=us, marker=dict(color=[COLOURS[k] for k in kinds]),
                 text=text, textposition="outside", cliponaxis=False, showlegend=False,
                 hovertemplate=say["times_hover"].format(cell="%{x}", us="%{y:.2f}") + "<extra></extra>")]
    return figure(data=data, layout=layout(
        title, caption, height=360,
        xaxis=axis(""), yaxis=axis(say["times_y"], range=[0, max(us) * 1.18])))


def _percent(fraction: float) -> str:
    return f"{100 * fraction:.1f} %" if fraction < 0.1 else f"{100 * fraction:.0f} %"


SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")
MAX_TEXT = 60  # beyond this many points the labels pile up; they stay in the hover text


def trajectory(p: Projection, chars: list[str], kind: str, caption: str, *, lang: str) -> go.Figure:
    """h_0..h_T as a path in the PC1/PC2 plane; point s >= 1 is labelled with chars[s-1], the character
    just read, point 0 is h₀. Marker colour runs with time; the start and the end are marked."""
    say = words("memory", lang)
    points = np.asarray(p.points)
    N = points.shape[0]
    if len(chars) != N - 1:
        raise ValueError(f"{N} states h_0..h_T need {N - 1} characters, got {len(chars)}")
    x, y = points[:, 0], points[:, 1]
    labels = ["h₀"] + [char_label(ch) for ch in chars]
    steps = np.arange(N)
    name = NAMES[kind]
    path = dict(type="scatter", x=x, y=y, mode="lines+markers+text" if N <= MAX_TEXT else "lines+markers",
                text=labels, textposition="top center", textfont=dict(size=12), customdata=steps, showlegend=False,
                cliponaxis=False,  # a label above the top point would otherwise be cut at the plot edge
                line=dict(color=COLOURS[kind], width=1.5),
                marker=dict(size=9, color=steps, colorscale=MAGNITUDE, cmin=0, cmax=max(N - 1, 1),
                            line=dict(color="#333", width=0.5),
                            colorbar=dict(title=dict(text=say["colorbar"]), thickness=12, len=0.8)),
                hovertemplate=say["path_hover"].format(step="%{customdata}", char="%{text}")
                + "<br>PC1 %{x:.3f}, PC2 %{y:.3f}<extra></extra>")
    last = say["end"].format(h=f"h{str(N - 1).translate(SUBSCRIPT)}")
    ends = [dict(type="scatter", x=[x[i]], y=[y[i]], mode="markers", name=label, hoverinfo="skip",
                 marker=dict(symbol=symbol, size=18, color=TEXT, line=dict(width=2)))  # "-open": color is the ring
            for i, label, symbol in ((0, say["start"], "circle-open"), (N - 1, last, "square-open"))]
    notes = []
    if not np.any(p.explained):  # every state identical (or a single one): the path is one point
        notes.append(dict(x=0.5, y=0.5, xref="paper", yref="paper", showarrow=False, text=say["all_equal"]))
    e1, e2 = (float(v) for v in p.explained)
    return figure(data=[path, *ends], layout=layout(
        say["path_title"].format(cell=name), caption, height=420, annotations=notes,
        legend=dict(orientation="h", yanchor="top", y=-0.16, xanchor="left", x=0),
        xaxis=axis(say["pc1"].format(share=_percent(e1)), zeroline=False),
        yaxis=axis(say["pc2"].format(share=_percent(e2)), zeroline=False)))
