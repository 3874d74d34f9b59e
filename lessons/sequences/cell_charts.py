"""Sequences lesson, section 3's shared results and charts: the unrolled cell, the parameter counts, h_t in both
forms and the count against T."""

from __future__ import annotations

import numpy as np

from lessons.sequences.study_cell import CellConfig, Unrolled, parameter_counts, unroll
from lessons.sequences.study_tokens import Tokens, shown
from ui.store import shared
from ui.strings import strings
from viz.ink import TEXT
from viz.labels import step_labels
from viz.style import OKABE_ITO, axis, figure, layout


@shared(96)
def unrolled(tokens: Tokens, hidden: int, seed: int) -> Unrolled:
    return unroll(tokens.one_hot, CellConfig(V=tokens.V, hidden=hidden, seed=seed))


@shared(32)
def counts(V: int, H: int) -> dict[str, np.ndarray]:
    return parameter_counts(V, H)


@shared(96)
def h_chart(tokens: Tokens, hidden: int, seed: int, caption: str, lang: str):
    """Every unit of h_t against t: the notes' row form (lines) and PyTorch's column form (markers) on top."""
    S, u = strings("sequences", lang), unrolled(tokens, hidden, seed)
    x = step_labels([shown(token) for token in tokens.tokens])
    data = []
    for j in range(u.config.hidden):  # one legend entry a unit: its marks (the column form) follow its line
        colour, group = OKABE_ITO[j % len(OKABE_ITO)], f"h{j + 1}"
        data.append(dict(type="scatter", mode="lines", x=x, y=u.h_row[:, j], line=dict(color=colour, width=3),
                         name=S["h_row_name"].format(j=j + 1), legendgroup=group,
                         hovertemplate="%{x}: %{y:.4f}<extra></extra>"))
        data.append(dict(type="scatter", mode="markers", x=x, y=u.h_col[:, j], name=S["h_col_name"].format(j=j + 1),
                         marker=dict(color=colour, symbol="x", size=10, line=dict(color=TEXT, width=1)),
                         legendgroup=group, showlegend=False, hovertemplate="%{x}: %{y:.4f}<extra></extra>"))
    below = dict(orientation="h", yanchor="top", y=-0.28, xanchor="left", x=0)  # many units: not over the title
    return figure(data=data, layout=layout(S["chart_h_title"], caption, height=360, legend=below,
                                           margin=dict(l=60, r=20, t=70, b=100),
                                           xaxis=axis(S["chart_h_x"], type="category"),
                                           yaxis=axis(S["chart_h_y"], range=[-1.05, 1.05])))


@shared(64)
def count_chart(V: int, H: int, T: int, caption: str, lang: str):
    """Parameters against T: the RNN's flat line, a fixed-window Dense layer's rising one, the sentence's T marked."""
    S = strings("sequences", lang)
    c = counts(V, H)
    data = [dict(type="scatter", mode="lines", x=c["T"], y=c[name], name=S[f"count_{name}"],
                 line=dict(color=colour, dash=dash), hovertemplate="T = %{x}: %{y}<extra></extra>")
            for name, colour, dash in (("rnn", OKABE_ITO[0], "solid"), ("window", OKABE_ITO[1], "dash"))]
    mark = dict(type="line", x0=T, x1=T, y0=0, y1=1, yref="paper", line=dict(color=OKABE_ITO[2], dash="dot"))
    note = dict(x=T, y=1, yref="paper", text=S["count_mark"].format(T=T), showarrow=False, xanchor="left")
    return figure(data=data, layout=layout(S["chart_count_title"], caption, xaxis=axis(S["chart_count_x"]),
                                           yaxis=axis(S["chart_count_y"], rangemode="tozero"), shapes=[mark],
                                           annotations=[note]))
