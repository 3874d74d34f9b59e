"""Note 001's C_t = sum_i <s_t, h_i> h_i beside the model's c_t at one decoder step: the weights each gives the
encoder states (raw inner products against their softmax, on one axis) and the two vectors unit by unit (on one
axis, with the band the encoder states live in). Every chart takes ``lang``: its words come from
viz/text/translate_notes.<lang>.toml; the sentence's words are data."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.style import OKABE_ITO, axis, figure, layout
from viz.translate import shown, word_axis
from viz.words import words as chart_words

NOTES, MODEL = OKABE_ITO[3], OKABE_ITO[0]
TOP = 3  # terms written out in the note's sum


def notes_chart(inner: np.ndarray, weights: np.ndarray, notes: np.ndarray, context: np.ndarray, source: list[str],
                title: str, caption: str, *, lang: str) -> go.Figure:
    """Left: each English word's weight in the note's sum, <s_t, h_i>, and in the model's, softmax_i (T_in,).
    Right: the two vectors (D,) unit by unit; the encoder states' units lie in (-1, 1), shaded (the axis title says
so). A weight under 0.01 has no number on its bar."""
    W = chart_words("translate_notes", lang)
    x, units = list(range(len(source))), list(range(1, len(context) + 1))
    data = [dict(type="bar", x=x, y=inner, name=W["inner_name"].format(sum=float(inner.sum())),
                 marker=dict(color=NOTES), customdata=source, text=[f"{v:.1f}" for v in inner],
                 textposition="outside", hovertemplate=W["inner_hover"] + "<extra></extra>", xaxis="x", yaxis="y"),
            dict(type="bar", x=x, y=weights, name=W["weight_name"].format(sum=float(weights.sum())),
                 marker=dict(color=MODEL), customdata=source, text=[f"{v:.2f}" if v >= 0.01 else "" for v in weights],
                 textposition="outside", hovertemplate=W["weight_hover"] + "<extra></extra>", xaxis="x", yaxis="y"),
            dict(type="scatter", x=units, y=notes, mode="lines", name=W["notes_name"], line=dict(color=NOTES),
                 hovertemplate=W["unit_hover"] + "<extra></extra>", xaxis="x2", yaxis="y2"),
            dict(type="scatter", x=units, y=context, mode="lines", name=W["context_name"],
                 line=dict(color=MODEL, width=2.5), hovertemplate=W["unit_hover"] + "<extra></extra>",
                 xaxis="x2", yaxis="y2")]
    band = dict(type="rect", xref="x2", yref="y2", x0=0.5, x1=len(units) + 0.5, y0=-1, y1=1, layer="below",
                fillcolor="rgba(0,114,178,0.12)", line=dict(width=0))
    return figure(data=data, layout=layout(
        title, caption, height=420, barmode="group", shapes=[band],
        xaxis=word_axis(W["word_x"], source, lang, tickangle=-45) | dict(domain=[0, 0.44], anchor="y"),
        yaxis=axis(W["weight_y"], zeroline=True), xaxis2=axis(W["unit_x"].format(units=len(units)),
                                                              domain=[0.54, 1], anchor="y2"),
        yaxis2=axis(W["vector_y"], anchor="x2", zeroline=True),
        legend=dict(orientation="h", y=-0.32, x=0, yanchor="top"), margin=dict(l=60, r=20, t=70, b=130)))


def _h(word: str, i: int, lang: str) -> str:
    return f"h_{{{i + 1}}}^{{\\text{{{shown(word, lang)}}}}}"


def notes_equations(inner: np.ndarray, weights: np.ndarray, notes: np.ndarray, context: np.ndarray,
                    source: list[str], t: int, *, lang: str) -> str:
    """The note's sum and the model's at step t, the TOP largest terms (by size) written out, each vector's length,
    and what each set of weights adds up to."""
    W = chart_words("translate_notes", lang)
    order = [int(i) for i in np.argsort(-np.abs(inner))[:TOP]]
    more = r" + \dots" if len(source) > TOP else ""
    raw = " + ".join(f"({inner[i]:.2f})\\, {_h(source[i], i, lang)}" for i in order)
    soft = " + ".join(f"{weights[i]:.3f}\\, {_h(source[i], i, lang)}" for i in order)
    return (f"\\text{{{W['eq_notes']}}}\\ C_{{{t}}} = \\sum_i \\langle s_{{{t}}}, h_i \\rangle\\, h_i = {raw}{more},"
            f"\\quad \\lVert C_{{{t}}} \\rVert = {np.linalg.norm(notes):.1f} \\\\ "
            f"\\text{{{W['eq_model']}}}\\ c_{{{t}}} = \\sum_i \\alpha_{{{t},i}}\\, h_i = {soft}{more},"
            f"\\quad \\lVert c_{{{t}}} \\rVert = {np.linalg.norm(context):.2f} \\\\ "
            f"\\textstyle\\sum_i \\langle s_{{{t}}}, h_i \\rangle = {inner.sum():.2f},"
            f"\\qquad \\sum_i \\alpha_{{{t},i}} = {weights.sum():.3f}")
