"""The translation lesson's other charts: the encoder's states and the context vector, what the context vector
keeps of each word, accuracy against sentence length, saliency beside attention, and the training loss. Every chart
takes ``lang``: its words come from viz/text/translate_more.<lang>.toml. Models are passed by their code keys
("attention", "no attention", "transformer", "yours"), which pick the colour; the legend shows the key's name in
``lang``."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.style import DIVERGING, OKABE_ITO, axis, figure, layout, log_axis
from viz.translate import word_axis
from viz.words import words as chart_words

MODEL_COLOURS = {"attention": OKABE_ITO[0], "no attention": OKABE_ITO[1], "transformer": OKABE_ITO[4]}


def _words(lang: str) -> dict:
    return chart_words("translate_more", lang)


def model_name(key: str, lang: str) -> str:
    """A model's name in the legends: a shipped model's or the learner's own by its key, anything else as it is."""
    return _words(lang)["models"].get(key, key)


def encoder_states(states: np.ndarray, first: np.ndarray, source: list[str], title: str, caption: str, *,
                   lang: str) -> go.Figure:
    """Rows: the encoder state h_i after each English word, and below them s_0, the one vector the decoder
    starts from. Columns: units."""
    W = _words(lang)
    z = np.vstack([states, first[None]])
    labels = [W["state_row"].format(i=i + 1, word=w) for i, w in enumerate(source)] + [W["context_row"]]
    data = [dict(type="heatmap", z=z, y=labels, zmin=-1, zmax=1, zmid=0, colorscale=DIVERGING, ygap=1,
                 colorbar=dict(title=dict(text=W["value"], side="right"), thickness=12),
                 hovertemplate=W["unit_hover"] + "<extra></extra>")]
    line = dict(type="line", x0=-0.5, x1=z.shape[1] - 0.5, y0=len(source) - 0.5, y1=len(source) - 0.5,
                line=dict(color="black", width=2))
    return figure(data=data, layout=layout(
        title, caption, height=max(280, 110 + 22 * len(labels)), shapes=[line],
        xaxis=axis(W["units_x"].format(units=z.shape[1])), yaxis=axis("", autorange="reversed", type="category"),
        margin=dict(l=140, r=20, t=70, b=50)))


def context_share(values: dict[str, np.ndarray], source: list[str], title: str, caption: str, *,
                  lang: str) -> go.Figure:
    """||ds_0/dx_i|| per English word for each model (key -> (T_in,)): what the single vector keeps."""
    W = _words(lang)
    data = [dict(type="bar", x=list(range(len(source))), y=v, name=model_name(key, lang), customdata=source,
                 marker=dict(color=MODEL_COLOURS.get(key, OKABE_ITO[2])),
                 hovertemplate=W["context_hover"] + f"<extra>{model_name(key, lang)}</extra>")
            for key, v in values.items()]
    return figure(data=data, layout=layout(
        title, caption, height=320, barmode="group",
        xaxis=word_axis(W["english_word"], source, lang, tickangle=-45),
        yaxis=axis(W["context_y"]), margin=dict(l=70, r=20, t=70, b=90)))


def accuracy_curves(curves: dict[str, dict[int, float]], train_max: int, title: str, caption: str, *,
                    lang: str) -> go.Figure:
    """Exact-match accuracy (%) against English length for each model; the lengths seen in training shaded."""
    W = _words(lang)
    data = [dict(type="scatter", x=list(c), y=[100 * a for a in c.values()], name=model_name(key, lang),
                 mode="lines+markers", line=dict(color=MODEL_COLOURS.get(key, OKABE_ITO[2]), width=2.5),
                 hovertemplate=W["accuracy_hover"] + f"<extra>{model_name(key, lang)}</extra>")
            for key, c in curves.items()]
    lengths = [k for c in curves.values() for k in c]
    shade = dict(type="rect", xref="x", yref="paper", x0=min(lengths) - 0.5, x1=train_max + 0.5, y0=0, y1=1,
                 fillcolor="rgba(128,128,128,0.15)", line=dict(width=0), layer="below")
    notes = [dict(x=(min(lengths) + train_max) / 2, y=1.0, yref="paper", yanchor="bottom", showarrow=False,
                  text=W["seen"]),
             dict(x=(train_max + max(lengths)) / 2 + 0.5, y=1.0, yref="paper", yanchor="bottom", showarrow=False,
                  text=W["unseen"])]
    return figure(data=data, layout=layout(
        title, caption, height=380, shapes=[shade], annotations=notes,
        xaxis=axis(W["length_x"], dtick=2), yaxis=axis(W["accuracy_y"], range=[-3, 105]),
        legend=dict(orientation="h", y=-0.25, x=0, yanchor="top"), margin=dict(l=60, r=20, t=90, b=100)))


def saliency_bars(weights: np.ndarray | None, saliency: dict[str, np.ndarray], source: list[str], title: str,
                  caption: str, *, lang: str) -> go.Figure:
    """Left: the attention weights for one output word. Right: ||dL_t/dx_i|| for each model (by key) on a log
    axis."""
    W = _words(lang)
    x = list(range(len(source)))
    data = []
    if weights is not None:
        data.append(dict(type="bar", x=x, y=weights, name=W["weight_name"], customdata=source,
                         marker=dict(color=OKABE_ITO[2]), xaxis="x", yaxis="y",
                         hovertemplate=W["weight_hover"] + "<extra></extra>"))
    for key, v in saliency.items():
        name = model_name(key, lang)
        data.append(dict(type="scatter", x=x, y=v, name=W["gradient_name"].format(model=name), mode="lines+markers",
                         customdata=source, marker=dict(size=8), xaxis="x2", yaxis="y2",
                         line=dict(color=MODEL_COLOURS.get(key, OKABE_ITO[4]), width=2.5),
                         hovertemplate=W["gradient_hover"] + f"<extra>{name}</extra>"))
    values = np.concatenate([v for v in saliency.values()])
    words = word_axis(W["english_word"], source, lang, tickangle=-45)
    return figure(data=data, layout=layout(
        title, caption, height=380, xaxis=words | dict(domain=[0, 0.42], anchor="y"),
        xaxis2=words | dict(domain=[0.55, 1], anchor="y2"), yaxis=axis(W["weight_y"], range=[0, 1.05]),
        yaxis2=log_axis(W["gradient_y"], values, anchor="x2"),
        legend=dict(orientation="h", y=-0.4, x=0, yanchor="top"), margin=dict(l=60, r=20, t=70, b=130)))


def loss_curve(losses: np.ndarray, title: str, caption: str, step: int | None = None, *, lang: str) -> go.Figure:
    W = _words(lang)
    x = np.arange(1, len(losses) + 1)
    data = [dict(type="scatter", x=x, y=losses, mode="lines", name=W["loss_name"], line=dict(color=OKABE_ITO[0]),
                 hovertemplate=W["loss_hover"] + "<extra></extra>")]
    shapes = [dict(type="line", x0=step, x1=step, yref="paper", y0=0, y1=1, line=dict(color=OKABE_ITO[3], dash="dot"))
              ] if step else []
    return figure(data=data, layout=layout(
        title, caption, height=280, shapes=shapes, showlegend=False, xaxis=axis(W["step_x"]),
        yaxis=log_axis(W["loss_y"], losses)))
