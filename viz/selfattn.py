"""Self-attention charts: rows of heatmap panels (the stages), masked cells in their own colour, distance
gradients, loss curves. Tokens are tick labels by position, so a repeated word keeps its own row.

Every chart takes ``lang``: its own words come from viz/text/selfattn.<lang>.toml; titles, captions, panel and
line names are the caller's, and the tokens are data."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.fit import line_count, wrap
from viz.labels import char_label
from viz.style import DIVERGING, MAGNITUDE, OKABE_ITO, axis, figure, layout, log_axis
from viz.words import words

MASKED = "#bdbdbd"  # -inf: the softmax gives these cells exactly 0
MASKED_ROLE = "masked"  # the grey layer's trace is "<panel>: masked" in every language: a role the chart checks read,
# never shown (a heatmap has no legend entry and the layer's hover names no trace)
GAP = 0.06
PANELS_PX = 490  # the panels' plot width on a phone, where the chart is drawn 600 px wide (ui/page.css), less margins


def _ticks(labels: list[str]) -> dict:
    return dict(tickvals=list(range(len(labels))), ticktext=[char_label(w) for w in labels])


def panels(items: list[dict], title: str, caption: str, height: int = 330, *, lang: str) -> go.Figure:
    """Heatmaps side by side. Each item: name, z (rows, cols), rows (labels), cols (labels or None for unit
    numbers), kind "signed" (diverging, centred on 0) or "weights" (0..1), optional masked (rows, cols) bool, and
    optional xtitle."""
    W = words("selfattn", lang)
    width = (1 - GAP * (len(items) - 1)) / len(items) - 0.02 / len(items)  # room for one colour bar
    data, lay = [], {}
    names = [wrap(item["name"], 13, max(60.0, width * PANELS_PX)) for item in items]  # a long one ran into the next
    for k, item in enumerate(items):
        z = np.asarray(item["z"], dtype=float)
        x0 = k * (width + GAP)
        xa, ya = ("x", "y") if k == 0 else (f"x{k + 1}", f"y{k + 1}")
        masked, cols = item.get("masked"), item.get("cols")
        shown = np.where(masked, np.nan, z) if masked is not None else z
        if item["kind"] == "weights":
            scale = dict(colorscale=MAGNITUDE, zmin=0, zmax=1)
        else:
            limit = float(np.nanmax(np.abs(shown))) if np.isfinite(shown).any() else 1.0
            scale = dict(colorscale=DIVERGING, zmid=0, zmin=-limit or -1, zmax=limit or 1)
        last = k == len(items) - 1  # one colour bar, for the last panel (each signed panel has its own range)
        bar_title = dict(text=W["weight"] if item["kind"] == "weights" else W["value"], side="right")
        bar = dict(colorbar=dict(thickness=10, x=1.0, xanchor="left", len=0.8, title=bar_title))
        data.append(dict(type="heatmap", z=shown, xaxis=xa, yaxis=ya, name=item["name"], showscale=last,
                         **(bar if last else {}),
                         hovertemplate="%{y} · %{x}: %{z:.3f}<extra>" + item["name"] + "</extra>", **scale,
                         x=list(range(z.shape[1])), y=list(range(z.shape[0]))))
        if masked is not None and masked.any():
            data.append(dict(type="heatmap", z=np.where(masked, 1.0, np.nan), xaxis=xa, yaxis=ya, showscale=False,
                             colorscale=[[0, MASKED], [1, MASKED]], name=f"{item['name']}: {MASKED_ROLE}",
                             x=list(range(z.shape[1])), y=list(range(z.shape[0])),
                             hovertemplate=W["masked_hover"] + "<extra></extra>"))
        short = cols is not None and max(len(c) for c in cols) <= 2  # characters: upright
        xaxis = axis(item.get("xtitle", ""), domain=[x0, x0 + width], anchor=ya, tickangle=0 if short else -60,
                     **(_ticks(cols) if cols is not None else {}))
        yaxis = axis("", anchor=xa, autorange="reversed", **_ticks(item["rows"]), showticklabels=k == 0)
        lay[xa.replace("x", "xaxis")] = xaxis
        lay[ya.replace("y", "yaxis")] = yaxis
        lay.setdefault("annotations", []).append(dict(text=f"<b>{names[k]}</b>", x=x0 + width / 2, xref="paper",
                                                      y=1.0, yref="paper", yanchor="bottom", showarrow=False))
    top = 95 + 17 * (max(line_count(name) for name in names) - 1)  # room above the panels for their names
    return figure(data=data, layout=layout(title, caption, height=height, margin=dict(l=90, r=20, t=top, b=90),
                                              **lay))


def distance_chart(gradients: dict[str, np.ndarray], tokens: list[str], title: str, caption: str, *,
                   lang: str) -> go.Figure:
    """||dy_T/dx_k|| against the distance T - k, one line per model (named by the keys of ``gradients``), on one
    log axis."""
    W = words("selfattn", lang)
    T = len(tokens)
    distance = np.arange(T - 1, -1, -1)  # x_1 is T - 1 steps before the last word
    colours = [OKABE_ITO[1], OKABE_ITO[0]]
    data = [dict(type="scatter", x=distance, y=g, name=name, mode="lines+markers", customdata=tokens,
                 line=dict(color=colours[k % 2], width=2.5), marker=dict(size=7),
                 hovertemplate=W["distance_hover"] + "<extra>" + name + "</extra>")
            for k, (name, g) in enumerate(gradients.items())]
    values = np.concatenate(list(gradients.values()))
    return figure(data=data, layout=layout(
        title, caption, height=360, xaxis=axis(W["distance_x"], dtick=1), yaxis=log_axis(W["distance_y"], values),
        legend=dict(orientation="h", y=-0.25, x=0, yanchor="top"),
        margin=dict(l=70, r=20, t=70, b=100)))


def loss_curves(losses: dict[str, np.ndarray], title: str, caption: str, *, lang: str) -> go.Figure:
    """One training-loss curve per model (named by the keys of ``losses``), on a log axis."""
    W = words("selfattn", lang)
    colours = [OKABE_ITO[0], OKABE_ITO[3]]
    data = [dict(type="scatter", x=np.arange(1, len(v) + 1), y=v, name=name, mode="lines",
                 line=dict(color=colours[k % 2], width=2.5), hovertemplate=W["loss_hover"] + "<extra>" + name
                 + "</extra>") for k, (name, v) in enumerate(losses.items())]
    values = np.concatenate(list(losses.values()))
    return figure(data=data, layout=layout(
        title, caption, height=320, xaxis=axis(W["loss_x"]), yaxis=log_axis(W["loss_y"], np.maximum(values, 1e-6)),
        legend=dict(orientation="h", y=-0.3, x=0, yanchor="top"), margin=dict(l=70, r=20, t=70, b=100)))
