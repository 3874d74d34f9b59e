"""Note 004's chain-rule product on a log axis: |dh_T/dh_1| of a one-unit RNN against T, with its two parts (the
weight's power and the product of tanh's derivatives) and the product of tanh's values, which the chain rule does
not contain. Its words are in viz/text/chain_product.<lang>.toml."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.ink import MUTED, TEXT
from viz.style import OKABE_ITO, axis, figure, layout, log_axis, log_span
from viz.vanishing import COLOURS, UNDER, split
from viz.words import words

# (words' key, line style, colour, width) for the gradient and its parts, in the order drawn
LINES = (("gradient", "solid", COLOURS["rnn"], 3.0), ("weight_part", "dash", OKABE_ITO[0], 1.8),
         ("slope_part", "dot", OKABE_ITO[2], 2.2), ("value_part", "dashdot", "#7f7f7f", 1.8))


def chain_products(parts: dict[str, np.ndarray], T: int, marked: tuple[int, ...], caption: str,
                   lang: str) -> go.Figure:
    """parts: "gradient", "weight_part", "slope_part", "value_part" -> (steps,) signed values, row t - 1 about
    T = t (row 0, T = 1, is left out: no factor yet). Drawn as absolute values on one log axis; the chosen ``T``
    gets a vertical line, the ``marked`` T's a labelled point on the gradient. Exact zeros (u = 0 makes every h 0)
    sit on the bottom edge as markers."""
    W = words("chain_product", lang)
    steps = len(parts["gradient"])
    x = np.arange(2, steps + 1)
    shown = {key: np.abs(np.asarray(values, dtype=float)[1:]) for key, values in parts.items()}
    span = log_span(np.concatenate([*shown.values(), [1.0]])) or (0.1, 10.0)
    data = []
    for key, dash, colour, width in LINES:
        y, zero, _ = split(shown[key])
        signed = np.asarray(parts[key], dtype=float)[1:]
        data.append(dict(type="scatter", x=x, y=y, mode="lines", name=W[key], customdata=signed,
                         line=dict(color=colour, dash=dash, width=width),
                         hovertemplate="T = %{x}: %{customdata:.4g}<extra>" + W[key] + "</extra>"))
        if zero.any():
            data.append(dict(type="scatter", x=x[zero], y=np.full(int(zero.sum()), span[0]), mode="markers",
                             name=f"{W[key]}: {W['zero']}", legendgroup=key, hovertemplate="T = %{x}: 0<extra></extra>",
                             marker=dict(symbol="triangle-down", size=8, color=UNDER, line=dict(color=colour))))
    at = [t for t in marked if 2 <= t <= steps]
    gradient = np.asarray(parts["gradient"], dtype=float)
    data.append(dict(type="scatter", x=at, y=[abs(gradient[t - 1]) or None for t in at], mode="markers+text",
                     text=[f"{gradient[t - 1]:.3g}" for t in at], textposition="top center", showlegend=False,
                     marker=dict(size=10, color=COLOURS["rnn"], line=dict(color=TEXT, width=1)),
                     hoverinfo="skip", cliponaxis=False))
    shapes = [dict(type="line", x0=T, x1=T, y0=0, y1=1, yref="paper", line=dict(color=TEXT, width=1.5)),
              dict(type="line", x0=0, x1=1, xref="paper", y0=1, y1=1, layer="below",  # under the products' lines
                   line=dict(color=MUTED, dash="dot", width=1))]
    notes = [dict(x=T, y=1, yref="paper", yanchor="bottom", text=f"T = {T}", showarrow=False),
             dict(x=1, xref="paper", y=0, xanchor="right", yanchor="bottom", text=W["one"], showarrow=False,
                  font=dict(color=MUTED))]
    return figure(data=data, layout=layout(
        W["title"], caption, height=460, shapes=shapes, annotations=notes,
        legend=dict(orientation="h", yanchor="top", y=-0.2, xanchor="left", x=0),
        xaxis=axis(W["x"], range=[1.5, steps + 0.5]), yaxis=log_axis(W["y"], span)))
