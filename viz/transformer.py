"""The Transformer's attention in the translation lesson (Vaswani et al. 2017): one output step's masked
self-attention beside the same row with the mask off (heads x positions), its cross-attention onto the English words,
the encoder's self-attention as a grid of layers x heads, and the notes' S_t_new and C_t_new with the step's numbers.
Words are tick labels by position (a repeated word keeps its own column). Every weight uses one colour range, 0..1.

Every chart takes ``lang``: its words come from viz/text/transformer.<lang>.toml; the sentences' words are data."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.style import MAGNITUDE, OKABE_ITO, axis, figure, layout
from viz.translate import shown, word_axis
from viz.words import words as chart_words

FUTURE = OKABE_ITO[3]  # vermillion: the words not yet written
NUMBERS = {"rows": 10, "cross": 14}  # columns up to which each cell carries its number (hover gives them all)
TOP = 3  # terms written out in a sum


def _number(v: float) -> str:
    return "0" if v == 0 else f"{v:.2f}"  # a masked weight is exactly 0, and says so


def _cells(z: np.ndarray, limit: int) -> dict:
    """Each cell's number while ``limit`` columns or fewer fit them; past that only the exact zeros say so."""
    fit = z.shape[1] <= limit
    text = [[_number(v) if fit or v == 0 else "" for v in row] for row in z]
    return dict(text=text, texttemplate="%{text}", textfont=dict(size=11))


def _weights_axis(W: dict) -> dict:
    return dict(colorscale=MAGNITUDE, cmin=0, cmax=1,
                colorbar=dict(title=dict(text=W["weight"], side="right"), thickness=12, len=0.9))


def _heads(h: int, labels: list[str] | None = None, **extra) -> dict:
    return dict(title=dict(text=""), tickvals=list(range(1, h + 1)), autorange="reversed",
                ticktext=labels or [str(k) for k in range(1, h + 1)], **extra)


def decoder_rows(masked: np.ndarray, unmasked: np.ndarray, inputs: list[str], t: int, title: str, caption: str, *,
                 lang: str) -> go.Figure:
    """Step t's self-attention row per head, masked (left) and with the mask off (right): (h, n + 1) each, over
    the decoder's positions 1..n+1 (<s> y_1 ..). Positions after t hold words not yet written: shaded on the left,
    outlined on the right, and each head's weight on them is its tick label on the right."""
    W = chart_words("transformer", lang)
    h, n1 = masked.shape
    leak = unmasked[:, t:].sum(1)  # (h,)
    x = list(range(n1))
    data = []
    for z, xa, ya in ((masked, "x", "y"), (unmasked, "x2", "y2")):
        data.append(dict(type="heatmap", z=z, x=x, y=list(range(1, h + 1)), coloraxis="coloraxis", xaxis=xa,
                         yaxis=ya, xgap=1, ygap=1, customdata=[[shown(w, lang) for w in inputs]] * h,
                         hovertemplate=W["self_hover"] + "<extra></extra>", **_cells(z, NUMBERS["rows"])))
    top = dict(xref="paper", y=1.0, yref="paper", yanchor="bottom", showarrow=False)
    shapes, notes = [], [top | dict(text=W["on_panel"], x=0.19, xanchor="center"),
                         top | dict(text=W["off_panel"], x=0.785, xanchor="center")]
    if t < n1:
        box = dict(type="rect", x0=t - 0.5, x1=n1 - 0.5, y0=0.5, y1=h + 0.5)
        shapes = [box | dict(xref="x", yref="y", fillcolor="rgba(190,190,190,0.55)", line=dict(width=0)),
                  box | dict(xref="x2", yref="y2", line=dict(color=FUTURE, width=3))]
    words = word_axis(W["position_x"], inputs, lang, tickangle=-45)
    labels = [W["head_leak"].format(head=k + 1, leak=100 * v) for k, v in enumerate(leak)]
    return figure(data=data, layout=layout(
        title, caption, height=max(300, 200 + 42 * h), annotations=notes, **({"shapes": shapes} if shapes else {}),
        coloraxis=_weights_axis(W), xaxis=words | dict(domain=[0, 0.38], anchor="y"),
        xaxis2=words | dict(domain=[0.62, 0.95], anchor="y2"),
        yaxis=_heads(h, [W["head"].format(head=k) for k in range(1, h + 1)], anchor="x"),
        yaxis2=_heads(h, labels, anchor="x2"), margin=dict(l=80, r=20, t=90, b=110)))


def cross_rows(cross: np.ndarray, source: list[str], title: str, caption: str, *, lang: str) -> go.Figure:
    """Step t's cross-attention per head (h, T): how much of each English word's self-attended state h_i_new
    goes into the notes' C_t_new."""
    W = chart_words("transformer", lang)
    h, T = cross.shape
    data = [dict(type="heatmap", z=cross, x=list(range(T)), y=list(range(1, h + 1)), coloraxis="coloraxis",
                 xgap=1, ygap=1, customdata=[list(source)] * h, hovertemplate=W["cross_hover"] + "<extra></extra>",
                 **_cells(cross, NUMBERS["cross"]))]
    return figure(data=data, layout=layout(
        title, caption, height=max(280, 190 + 42 * h), coloraxis=_weights_axis(W),
        xaxis=word_axis(W["english_x"], source, lang, tickangle=-45),
        yaxis=_heads(h, [W["head"].format(head=k) for k in range(1, h + 1)]), margin=dict(l=80, r=20, t=70, b=110)))


def encoder_grid(weights: np.ndarray, source: list[str], title: str, caption: str, *, lang: str) -> go.Figure:
    """Every encoder layer (rows) and head (columns) as a T x T heatmap (L, h, T, T): row i is how the word i's
    new state h_i_new mixes every English word. One colour range (0..1) and one colour bar for all."""
    W = chart_words("transformer", lang)
    L, h, T, _ = weights.shape
    panel, gap, below = 160 + 8 * T, 40, 60 + 7 * max(len(w) for w in source)  # pixels; words hang below
    gap_x, gap_y, height = 0.03, gap / (L * panel + (L - 1) * gap), panel / (L * panel + (L - 1) * gap)
    width = (1 - gap_x * (h - 1)) / h
    ticks = dict(tickvals=list(range(T)), ticktext=list(source), tickfont=dict(size=10 if T <= 12 else 8))
    pairs = [[f"{source[r]} → {source[c]}" for c in range(T)] for r in range(T)]
    data, axes, notes = [], {}, []
    for layer in range(L):
        for head in range(h):
            k = layer * h + head + 1
            sx, x0, y1 = ("" if k == 1 else str(k)), head * (width + gap_x), 1 - layer * (height + gap_y)
            data.append(dict(type="heatmap", z=weights[layer, head], x=list(range(T)), y=list(range(T)),
                             coloraxis="coloraxis", xaxis=f"x{sx}", yaxis=f"y{sx}", customdata=pairs,
                             hovertemplate=W["encoder_hover"].replace("{layer}", str(layer + 1))
                             .replace("{head}", str(head + 1)) + "<extra></extra>"))
            axes[f"xaxis{sx}"] = axis(W["read_x"] if layer == L - 1 and head == 0 else "", domain=[x0, x0 + width],
                                      anchor=f"y{sx}", showticklabels=layer == L - 1, tickangle=-90, **ticks)
            axes[f"yaxis{sx}"] = axis(W["word_y"] if head == 0 else "", domain=[y1 - height, y1], anchor=f"x{sx}",
                                      autorange="reversed", showticklabels=head == 0, **ticks)
            notes.append(dict(text=W["panel"].format(layer=layer + 1, head=head + 1), x=x0 + width / 2,
                              xanchor="center", xref="paper", y=y1, yref="paper", yanchor="bottom", showarrow=False))
    return figure(data=data, layout=layout(
        title, caption, height=100 + L * panel + (L - 1) * gap + below, coloraxis=_weights_axis(W),
        annotations=notes, **axes, margin=dict(l=90, r=20, t=100, b=below)))


def _term(weight: float, symbol: str, word: str, lang: str) -> str:
    return f"{weight:.2f}\\, \\underset{{\\text{{{shown(word, lang)}}}}}{{{symbol}}}"  # the word under its vector


def step_equations(masked: np.ndarray, unmasked: np.ndarray, cross: np.ndarray, inputs: list[str],
                   source: list[str], t: int, head: int, *, lang: str) -> str:
    """The notes' S_t_new and C_t_new at step t for one head (1-based), each weight's TOP largest terms written
    out: masked (n + 1,), unmasked (n + 1,), cross (T,) are that head's rows."""
    W = chart_words("transformer", lang)
    seen = [int(j) for j in np.argsort(-masked[:t], kind="stable")[:TOP]]
    more = r" + \dots" if t > TOP else ""
    own = " + ".join(_term(masked[j], f"s_{{{j + 1}}}", inputs[j], lang) for j in sorted(seen))
    looked = [int(i) for i in np.argsort(-cross, kind="stable")[:TOP]]
    mixed = " + ".join(_term(cross[i], f"h_{{{i + 1}}}^{{\\text{{new}}}}", source[i], lang) for i in sorted(looked))
    n1, future = len(inputs), float(unmasked[t:].sum())
    off = (f"\\sum_{{j={t + 1}}}^{{{n1}}} \\alpha'_{{{t},j}} = {future:.2f}\\;\\;(\\text{{{W['eq_future']}}})"
           if t < n1 else f"\\text{{{W['eq_no_future']}}}")
    return (f"\\text{{{W['eq_head'].format(head=head)}}}\\quad S_{{{t}}}^{{\\text{{new}}}} = "
            f"\\sum_{{j=1}}^{{{t}}} \\alpha_{{{t},j}}\\, s_j W_V = ({own}{more})\\, W_V,\\quad "
            f"\\sum_{{j=1}}^{{{t}}} \\alpha_{{{t},j}} = {masked[:t].sum():.3f} \\\\ "
            f"\\text{{{W['eq_off']}}}\\quad {off} \\\\ "
            f"C_{{{t}}}^{{\\text{{new}}}} = \\sum_{{i=1}}^{{{len(source)}}} \\beta_{{{t},i}}\\, h_i^{{\\text{{new}}}}"
            f" W'_V = ({mixed}" + (r" + \dots" if len(source) > TOP else "") + r")\, W'_V")
