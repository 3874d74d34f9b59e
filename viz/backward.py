"""One step of the backward pass: the local Jacobian, its singular values, the LSTM's forget-gate highway,
and gradient norms through a stack of layers. Every chart takes ``lang``; its words are in
viz/text/backward.<lang>.toml."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from core.recurrent import LABELS
from viz.ink import PAGE, TEXT
from viz.style import DIVERGING, OKABE_ITO, axis, figure, layout, log_axis
from viz.vanishing import COLOURS, OVER, UNDER, split
from viz.words import words


def jacobian(J: np.ndarray, k: int, kind: str, caption: str, lang: str) -> go.Figure:
    """The S x S Jacobian ds_{k+1}/ds_k as a diverging heatmap centred on 0; for the LSTM the four
    blocks (h and c, in and out) are outlined and named."""
    W = words("backward", lang)
    S = J.shape[0]
    zmax = float(np.abs(J).max()) or 1.0
    units = np.arange(1, S + 1)
    data = [dict(type="heatmap", z=J.astype(np.float32), x=units, y=units, colorscale=DIVERGING, zmid=0,
                 zmin=-zmax, zmax=zmax, colorbar=dict(title=dict(text="∂s′ᵢ/∂sⱼ"), len=0.8),
                 hovertemplate="∂s_{k+1}[%{y}] / ∂s_k[%{x}] = %{z:.4f}<extra></extra>")]
    shapes, notes, title_axis = [], [], (W["jacobian_x"], W["jacobian_y"])
    if kind == "lstm":
        H = S // 2
        edge = dict(color="#000", width=1.5)  # between the h and c halves
        shapes += [dict(type="line", x0=H + 0.5, x1=H + 0.5, y0=0.5, y1=S + 0.5, line=edge),
                   dict(type="line", y0=H + 0.5, y1=H + 0.5, x0=0.5, x1=S + 0.5, line=edge)]
        for x, y, text in ((H / 2, H / 2, "∂h/∂h"), (1.5 * H, H / 2, "∂h/∂c"), (H / 2, 1.5 * H, "∂c/∂h"),
                           (1.5 * H, 1.5 * H, "∂c/∂c = diag(f)")):
            notes.append(dict(x=x + 0.5, y=y + 0.5, text=text, showarrow=False, bgcolor=PAGE))
        title_axis = (W["jacobian_x_lstm"], W["jacobian_y_lstm"])
    return figure(data=data, layout=layout(
        W["jacobian_title"].format(next=k + 1, k=k, cell=LABELS[kind]), caption, height=430, shapes=shapes,
        annotations=notes, xaxis=axis(title_axis[0], constrain="domain"),
        yaxis=axis(title_axis[1], autorange="reversed", scaleanchor="x")))


def singular_values(sv: np.ndarray, kind: str, k: int, caption: str, lang: str) -> go.Figure:
    """The singular values of one local Jacobian, largest first, on a log axis with 1 marked: a factor
    below 1 shrinks the gradient along that direction, above 1 stretches it."""
    W = words("backward", lang)
    y, _, _ = split(sv)
    idx = np.arange(1, len(sv) + 1)
    data = [dict(type="bar", x=idx, y=y, marker=dict(color=COLOURS[kind]), name=W["singular_name"],
                 hovertemplate="σ_%{x} = %{y:.4f}<extra></extra>")]
    return figure(data=data, layout=layout(
        W["singular_title"].format(next=k + 1, k=k), caption, height=330,
        shapes=[dict(type="line", x0=0, x1=1, xref="paper", y0=1, y1=1, line=dict(color=TEXT, dash="dot"))],
        xaxis=axis(W["singular_x"]), yaxis=log_axis(W["singular_y"], np.concatenate([y, [1.0]]))))


def forget_product(product: np.ndarray, k: int, caption: str, lang: str) -> go.Figure:
    """prod_{j=k+1}^{T} f_j per unit: how much of c_k reaches the last cell state along the highway alone."""
    W = words("backward", lang)
    y, zero, _ = split(product)
    units = np.arange(1, len(product) + 1)
    data = [dict(type="bar", x=units, y=y, marker=dict(color=COLOURS["lstm"]), name="∏ f",
                 hovertemplate=W["forget_hover"] + ": ∏ f = %{y:.3e}<extra></extra>")]
    if zero.any():
        data.append(dict(type="scatter", x=units[zero], y=np.ones(int(zero.sum())), mode="markers",
                         name=W["forget_underflow"], marker=dict(symbol="triangle-down", color=UNDER, size=9)))
    return figure(data=data, layout=layout(
        W["forget_title"].format(k=k, next=k + 1), caption, height=330,
        xaxis=axis(W["forget_x"]), yaxis=log_axis(W["forget_y"], np.concatenate([y, [1.0]]))))


def layer_curves(norms: np.ndarray, dtype: str, caption: str, lang: str) -> go.Figure:
    """||dh^L_T/dh^l_k|| against the distance T-k for each layer l of a stacked RNN, one log axis."""
    W = words("backward", lang)
    L, T = norms.shape
    d = np.arange(T)[::-1]
    data, shown = [], []
    for layer in range(L):
        y, zero, bad = split(norms[layer])
        shown.append(y)
        name = W["layer_top" if layer == L - 1 else "layer_bottom" if layer == 0 else "layer"].format(n=layer + 1)
        data.append(dict(type="scatter", x=d, y=y, mode="lines", name=name,
                         line=dict(color=OKABE_ITO[layer], width=2.5, dash=("solid", "dash", "dot")[layer]),
                         hovertemplate=W["layers_hover"] + ": %{y:.3e}<extra>" + name + "</extra>"))
    notes = []
    if any(~np.isfinite(norms).ravel()):
        notes.append(dict(x=0.5, xref="paper", y=1, yref="paper", yanchor="top", showarrow=False,
                          text=W["layers_overflow"].format(dtype=dtype), font=dict(color=OVER)))
    if (norms == 0).any():
        notes.append(dict(x=0.5, xref="paper", y=0, yref="paper", yanchor="bottom", showarrow=False,
                          text=W["layers_underflow"].format(dtype=dtype), font=dict(color=UNDER)))
    return figure(data=data, layout=layout(
        W["layers_title"], caption, height=400, annotations=notes, xaxis=axis(W["layers_x"]),
        yaxis=log_axis(W["layers_y"], np.concatenate(shown))))
