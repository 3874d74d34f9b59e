"""The translation lesson's decoding charts: one decoder step (scores, softmax, scaled states, sum) and the
alignment heatmap. Words are tick labels (positions as tick values, so a repeated word keeps its own column).
Every chart takes ``lang``: its words come from viz/text/translate.<lang>.toml; the sentences' words are data."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.style import DIVERGING, MAGNITUDE, OKABE_ITO, axis, figure, layout
from viz.words import words as chart_words

CHOSEN, OTHER = OKABE_ITO[3], OKABE_ITO[0]


def shown(word: str, lang: str) -> str:
    """A word as the charts and the page show it: the decoder's marks ("</s>", which Plotly would read as an HTML
    tag) in words, in ``lang``; every other word as it is."""
    return chart_words("translate", lang)["marks"].get(word, word)


def word_axis(title: str, words: list[str], lang: str, **extra) -> dict:
    return axis(title, tickvals=list(range(len(words))), ticktext=[shown(w, lang) for w in words], **extra)


def _box(row: int, n: int, colour: str = CHOSEN) -> dict:
    return dict(type="rect", x0=-0.5, x1=n - 0.5, y0=row - 0.5, y1=row + 0.5, line=dict(color=colour, width=3))


def alignment(weights: np.ndarray, source: list[str], target: list[str], title: str, caption: str,
              t: int | None = None, *, lang: str) -> go.Figure:
    """Heatmap of weights (T_out, T_in): row t is where the decoder looked while writing target word t."""
    W = chart_words("translate", lang)
    T_out, T_in = weights.shape
    data = [dict(type="heatmap", z=weights, x=list(range(T_in)), y=list(range(T_out)), zmin=0, zmax=1,
                 colorscale=MAGNITUDE, colorbar=dict(title=dict(text=W["weight"], side="right"), thickness=12),
                 customdata=[[f"{shown(target[r], lang)} → {source[c]}" for c in range(T_in)] for r in range(T_out)],
                 hovertemplate=W["alignment_hover"] + "<extra></extra>")]
    shapes = [_box(t, T_in)] if t is not None else []
    return figure(data=data, layout=layout(
        title, caption, height=max(300, 120 + 26 * T_out), shapes=shapes,
        xaxis=word_axis(W["alignment_x"], source, lang, tickangle=-45),
        yaxis=word_axis(W["alignment_y"], target, lang, autorange="reversed"),
        margin=dict(l=90, r=20, t=70, b=110)))


def step_bars(scores: np.ndarray | None, weights: np.ndarray, source: list[str], title: str,
              caption: str, *, lang: str) -> go.Figure:
    """Step 2 and 3 of the notes for one decoder step: the scores over the source words, then their softmax."""
    W = chart_words("translate", lang)
    x = list(range(len(source)))
    top = int(np.argmax(weights))
    colours = [CHOSEN if i == top else OTHER for i in x]
    data = [dict(type="bar", x=x, y=weights, marker=dict(color=colours), name=W["softmax_name"],
                 customdata=source, hovertemplate=W["softmax_hover"] + "<extra></extra>",
                 text=[f"{w:.2f}" for w in weights], textposition="outside", xaxis="x", yaxis="y")]
    if scores is not None:
        data.append(dict(type="bar", x=x, y=scores, marker=dict(color=colours), name=W["score_name"],
                         customdata=source, hovertemplate=W["score_hover"] + "<extra></extra>",
                         text=[f"{s:.1f}" for s in scores], textposition="outside", xaxis="x2", yaxis="y2"))
    words = word_axis("", source, lang, tickangle=-45)
    return figure(data=data, layout=layout(
        title, caption, height=440, showlegend=False,
        xaxis=words | dict(anchor="y"), xaxis2=words | dict(anchor="y2", showticklabels=False),
        yaxis=axis(W["softmax_axis"], range=[0, 1.18], domain=[0, 0.44]),
        yaxis2=axis(W["score_axis"], domain=[0.56, 1]), margin=dict(l=70, r=20, t=70, b=90)))


def weighted_sum(states: np.ndarray, weights: np.ndarray, context: np.ndarray, source: list[str], title: str,
                 caption: str, shown: int = 32, *, lang: str) -> go.Figure:
    """Steps 4 and 5: each encoder state scaled by its weight (rows), and their sum, the context vector c_t
    (the bottom row). The first ``shown`` units are drawn; hover gives the numbers."""
    W = chart_words("translate", lang)
    scaled = weights[:, None] * states[:, :shown]  # (T_in, shown)
    z = np.vstack([scaled, context[None, :shown]])
    labels = [f"{w:.2f} × h({word})" for w, word in zip(weights, source, strict=True)] + [W["sum_row"]]
    limit = float(np.abs(z).max()) or 1.0
    data = [dict(type="heatmap", z=z, zmid=0, zmin=-limit, zmax=limit, colorscale=DIVERGING,
                 colorbar=dict(title=dict(text=W["value"], side="right"), thickness=12),
                 hovertemplate=W["unit_hover"] + "<extra></extra>", y=labels, x=list(range(shown)),
                 ygap=1)]
    line = dict(type="line", x0=-0.5, x1=shown - 0.5, y0=len(source) - 0.5, y1=len(source) - 0.5,
                line=dict(color="black", width=2))
    return figure(data=data, layout=layout(
        title, caption, height=max(260, 110 + 22 * (len(source) + 1)), shapes=[line],
        xaxis=axis(W["sum_x"].format(shown=shown, units=states.shape[1])),
        yaxis=axis("", autorange="reversed", type="category"), margin=dict(l=150, r=20, t=70, b=50)))


def next_word(probs: np.ndarray, vocabulary: list[str], title: str, caption: str, top: int = 5, *,
              lang: str) -> go.Figure:
    """The decoder's top next-word probabilities at one step; the greedy choice is the first bar."""
    W = chart_words("translate", lang)
    order = np.argsort(probs)[::-1][:top]
    data = [dict(type="bar", x=[float(probs[k]) for k in order], y=[shown(vocabulary[k], lang) for k in order],
                 orientation="h",
                 marker=dict(color=[CHOSEN] + [OTHER] * (top - 1)), text=[f"{probs[k]:.3f}" for k in order],
                 textposition="outside", hovertemplate=W["next_hover"] + "<extra></extra>")]
    return figure(data=data, layout=layout(
        title, caption, height=260, xaxis=axis(W["next_x"], range=[0, 1.2]),
        yaxis=axis("", autorange="reversed", type="category"), margin=dict(l=90, r=20, t=70, b=50)))


def _w(word: str, i: int) -> str:
    return f"{i + 1}}}^{{\\text{{{word}}}"


def step_equations(scores: np.ndarray, weights: np.ndarray, source: list[str], t: int, top: int = 3, *,
                   lang: str) -> str:
    """The notes' steps 2-5 at step t with the numbers of the ``top`` most-weighted English words."""
    W = chart_words("translate", lang)
    order = [int(i) for i in np.argsort(weights)[::-1][:top]]
    more = r" + \dots" if len(source) > top else ""
    e = r",\quad ".join(f"e_{{{t},{i + 1}}} = \\langle s_{{{t}}}, h_{{{_w(source[i], i)}}} \\rangle = {scores[i]:.2f}"
                        for i in order)
    a = r",\quad ".join(f"\\alpha_{{{t},{i + 1}}} = {weights[i]:.3f}" for i in order)
    c = " + ".join(f"{weights[i]:.3f}\\, h_{{{_w(source[i], i)}}}" for i in order)
    rest = 1 - float(sum(weights[i] for i in order))
    return (f"\\text{{{W['eq_scores']}}} {e}{more} \\\\ \\text{{{W['eq_softmax']}}} {a}{more}"
            f"\\;\\; (\\text{{{W['eq_rest']}}} {rest:.3f}) \\\\ "
            f"\\text{{{W['eq_sum']}}} c_{{{t}}} = {c}{more}")
