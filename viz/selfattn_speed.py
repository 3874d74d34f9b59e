"""Note 001's "self-attention has less computation and is fast": one self-attention layer against a tanh RNN of the
same width, for several lengths T, measured on this machine. Left: wall-clock time of one layer; right: the
multiply-adds each does. Both axes logarithmic. Then the lab's two translators: the time of one training step
against the English sentence length L (left) and the steps it must take one after another (right). Every chart
takes ``lang``: its words come from viz/text/selfattn_speed.<lang>.toml; the title and caption are the caller's."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.style import OKABE_ITO, axis, figure, layout, log_axis
from viz.words import words

COLOURS = {"attention": OKABE_ITO[0], "rnn": OKABE_ITO[1]}


def speed_chart(lengths: np.ndarray, attention_ms: np.ndarray, rnn_ms: np.ndarray, macs: np.ndarray,
                steps: np.ndarray, title: str, caption: str, *, lang: str) -> go.Figure:
    """lengths (L,); times (L,) in ms; macs and steps (L, 2), column 0 attention's, column 1 the RNN's."""
    W = words("selfattn_speed", lang)
    x = [int(T) for T in lengths]
    data = []
    for k, (key, ms) in enumerate((("attention", attention_ms), ("rnn", rnn_ms))):
        line = dict(color=COLOURS[key], width=2.5)
        custom = np.stack([steps[:, k], macs[:, k]], axis=1)
        data.append(dict(type="scatter", x=x, y=ms, name=W[key], mode="lines+markers", line=line, legendgroup=key,
                         customdata=custom, xaxis="x", yaxis="y",
                         hovertemplate=W["time_hover"] + f"<extra>{W[key]}</extra>"))
        data.append(dict(type="scatter", x=x, y=macs[:, k], name=W[key], mode="lines+markers",
                         line=line | dict(dash="dot"), legendgroup=key, showlegend=False, customdata=custom,
                         xaxis="x2", yaxis="y2", hovertemplate=W["macs_hover"] + f"<extra>{W[key]}</extra>"))
    ticks = dict(type="log", tickvals=x, ticktext=[str(T) for T in x])
    return figure(data=data, layout=layout(
        title, caption, height=380,
        xaxis=axis(W["length_x"], domain=[0, 0.44], anchor="y", **ticks),
        yaxis=log_axis(W["time_y"], np.concatenate([attention_ms, rnn_ms]), anchor="x"),
        xaxis2=axis(W["length_x"], domain=[0.56, 1], anchor="y2", **ticks),
        yaxis2=log_axis(W["macs_y"], macs.ravel().astype(float), anchor="x2"),
        legend=dict(orientation="h", y=-0.3, x=0, yanchor="top"), margin=dict(l=70, r=20, t=70, b=110)))


TRAIN_COLOURS = {"rnn": OKABE_ITO[1], "transformer": OKABE_ITO[2]}


def trainstep_chart(lengths: np.ndarray, ms: np.ndarray, steps: np.ndarray, inputs: np.ndarray, title: str,
                    caption: str, *, lang: str) -> go.Figure:
    """lengths (L,) English words; ms and steps (L, 2), column 0 the recurrent translator's, column 1 the
    Transformer's; inputs (L,) the decoder's inputs n in each length's batch."""
    W = words("selfattn_speed", lang)
    x = [int(L) for L in lengths]
    data = []
    for k, key in enumerate(("rnn", "transformer")):
        line = dict(color=TRAIN_COLOURS[key], width=2.5)
        custom = np.stack([steps[:, k], inputs, ms[:, k]], axis=1)
        name = W[f"train_{key}"]
        data.append(dict(type="scatter", x=x, y=ms[:, k], name=name, mode="lines+markers", line=line,
                         legendgroup=key, customdata=custom, xaxis="x", yaxis="y",
                         hovertemplate=W["step_hover"] + f"<extra>{name}</extra>"))
        data.append(dict(type="scatter", x=x, y=steps[:, k], name=name, mode="lines+markers",
                         line=line | dict(dash="dot"), legendgroup=key, showlegend=False, customdata=custom,
                         xaxis="x2", yaxis="y2", hovertemplate=W["sequential_hover"] + f"<extra>{name}</extra>"))
    ticks = dict(tickvals=x, ticktext=[str(L) for L in x])
    return figure(data=data, layout=layout(
        title, caption, height=380,
        xaxis=axis(W["sentence_x"], domain=[0, 0.44], anchor="y", **ticks),
        yaxis=axis(W["step_y"], rangemode="tozero", anchor="x"),
        xaxis2=axis(W["sentence_x"], domain=[0.56, 1], anchor="y2", **ticks),
        yaxis2=axis(W["sequential_y"], rangemode="tozero", anchor="x2"),
        legend=dict(orientation="h", y=-0.3, x=0, yanchor="top"), margin=dict(l=70, r=20, t=70, b=110)))
