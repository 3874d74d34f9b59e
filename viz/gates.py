"""The gates lesson's charts: every gate over units x time in one figure, gate saturation, and the stacked
weight matrix with its blocks named. Their words are in viz/text/gates.<lang>.toml."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.ink import MUTED, NEUTRAL
from viz.labels import char_label
from viz.style import DIVERGING, MAGNITUDE, OKABE_ITO, axis, figure, layout
from viz.words import words

# Fixed colour ranges, so a colour means the same value at every step, in every model and every session:
# gates 0..1 (sigmoid), candidates and states -1..1 (tanh), the cell state c around 0 (it is not bounded).
SCALES = {"gate": "coloraxis", "signed": "coloraxis2", "cell": "coloraxis3"}  # each scale's colour axis
MARK = "#D55E00"  # the chosen unit, in the colour the equations use for it
GAP = 0.025  # of the plot height, between panels
BAR_PX = 150  # the least height of one colour bar: its title ("tanh range: −1 … 1") runs along it, and ran
# into the next bar's title on short figures (few units)
MARGIN_Y = (70, 60)  # the panels' figure margin, top and bottom


def _coloraxes(used: list[str], cmax: float, say: dict) -> dict:
    """One colour bar per scale in use, stacked down the right edge."""
    out = {}
    for n, scale in enumerate(used):
        name, title = SCALES[scale], say[f"scale_{scale}"]
        top = 1 - n / len(used)
        bar = dict(title=dict(text=title, side="right"), y=top - 0.5 / len(used), len=0.9 / len(used),
                   thickness=12, x=1.01)
        if scale == "gate":
            out[name] = dict(cmin=0, cmax=1, colorscale=MAGNITUDE, colorbar=bar)
        else:
            limit = 1.0 if scale == "signed" else cmax
            out[name] = dict(cmin=-limit, cmax=limit, colorscale=DIVERGING, colorbar=bar)
    return out


def gate_panels(panels: list[tuple[str, np.ndarray, str]], chars, t: int | None, title: str, caption: str,
                cell_max: float = 1.0, unit: int | None = None, *, lang: str) -> go.Figure:
    """Stacked heatmaps over units x time sharing one time axis, step t (if given) boxed across all of them.

    panels: (label, values (T, H) for steps 1..T, scale "gate" | "signed" | "cell").  chars: the T characters
    read.  cell_max: the colour range of "cell" panels is [-cell_max, cell_max].  unit: a row (0-based) to
    outline in every panel."""
    say = words("gates", lang)
    n = len(panels)
    T, H = panels[0][1].shape
    steps, units = np.arange(1, T + 1), np.arange(1, H + 1)
    height = (n - 1) * GAP
    span = (1 - height) / n
    data, axes, used, rows = [], {}, [], []
    for p, (label, values, scale) in enumerate(panels):
        top = 1 - p * (span + GAP)
        suffix = "" if p == 0 else str(p + 1)
        if scale not in used:
            used.append(scale)
        if unit is not None:
            rows.append(dict(type="rect", xref="x", yref=f"y{suffix}", x0=0.5, x1=T + 0.5, y0=unit + 0.5,
                             y1=unit + 1.5, line=dict(color=MARK, width=1.5)))
        data.append(dict(type="heatmap", z=np.asarray(values, dtype=np.float32).T, x=steps, y=units,
                         coloraxis=SCALES[scale], xaxis="x", yaxis=f"y{suffix}", name=label,
                         hovertemplate=f"{say['step']} %{{x}}<br>{say['unit']} %{{y}}<br>{label} = %{{z:.3f}}"
                                       "<extra></extra>"))
        axes[f"yaxis{suffix}"] = dict(domain=[max(0.0, top - span), min(1.0, top)], anchor="x", autorange="reversed",
                                      showticklabels=H <= 8, title=dict(text=label, font=dict(size=12)),
                                      fixedrange=True, ticks="")
    every = max(1, -(-T // 48))  # at most ~48 character ticks
    ticks = steps[::every]
    axes["xaxis"] = axis(say["panels_x"], tickvals=ticks,
                         ticktext=[char_label(chars[s - 1]) for s in ticks], anchor=f"y{n if n > 1 else ''}",
                         fixedrange=True, tickangle=0)
    box = [] if t is None else [dict(type="rect", xref="x", yref="paper", x0=t - 0.5, x1=t + 0.5, y0=0, y1=1,
                                     line=dict(color="black", width=2.5))]
    bars = sum(MARGIN_Y) + len(used) * BAR_PX / 0.9  # each bar is 0.9 / len(used) of the plot's height
    return figure(data=data, layout=layout(
        title, caption, height=round(max(110 + n * (26 + 6 * H), bars)), shapes=rows + box,
        **_coloraxes(used, cell_max, say), **axes, margin=dict(l=90, r=110, t=MARGIN_Y[0], b=MARGIN_Y[1])))


def saturation_bars(fractions: dict[str, tuple[float, float]], names: dict[str, str], cell: str,
                    caption: str, *, lang: str) -> go.Figure:
    """For each sigmoid gate: the share of values below 0.05 (closed), in between, and above 0.95 (open)."""
    say = words("gates", lang)
    gates = list(fractions)
    low = np.array([fractions[g][0] for g in gates])
    high = np.array([fractions[g][1] for g in gates])
    labels = [names[g] for g in gates]
    parts = ((say["closed"], low, OKABE_ITO[0]), (say["between"], 1 - low - high, NEUTRAL),
             (say["open"], high, OKABE_ITO[1]))
    data = [dict(type="bar", orientation="h", y=labels, x=100 * v, name=name, marker=dict(color=colour),
                 text=[f"{100 * x:.0f} %" if x >= 0.04 else "" for x in v], textposition="inside",
                 hovertemplate="%{y}: %{x:.1f} %<extra>" + name + "</extra>") for name, v, colour in parts]
    plot = 46 * len(gates) - 10  # px: the height less the top and bottom margins
    return figure(data=data, layout=layout(
        say["saturation_title"].format(cell=cell), caption, height=180 + plot, barmode="stack",
        xaxis=axis(say["saturation_x"], range=[0, 100]), yaxis=axis("", autorange="reversed"),
        legend=dict(orientation="h", y=-64 / plot, x=0, yanchor="top"),  # 64 px below the bars, under the axis title
        margin=dict(l=110, r=20, t=70, b=110)))


def stacked_matrix(W_ih: np.ndarray, W_hh: np.ndarray, bias: np.ndarray, blocks: list[tuple[str, str]],
                   vocab, cell: str, caption: str, *, lang: str) -> go.Figure:
    """The stacked weight matrix W = [W_h | W_x | b] (G*H rows), as the lecture notes multiply it with
    [h_{t-1}, x_t]; the G row blocks are outlined and named with their activation.

    blocks: (name, activation) per block, in PyTorch's order: the gates and the one candidate (LSTM g, GRU n)."""
    say = words("gates", lang)
    GH, I = W_ih.shape
    G = len(blocks)
    H = GH // G
    W = np.concatenate([W_hh, W_ih, bias[:, None]], axis=1)  # (G*H, H + I + 1)
    cols = [f"h{j + 1}" for j in range(H)] + [f"x:{char_label(ch)}" for ch in vocab] + ["b"]
    zmax = float(np.abs(W).max()) or 1.0
    heat = dict(type="heatmap", z=W.astype(np.float32), x=np.arange(W.shape[1]), y=np.arange(GH),
                colorscale=DIVERGING, zmin=-zmax, zmax=zmax, customdata=[list(cols)] * GH,
                colorbar=dict(title=dict(text=say["weight"]), len=0.8),
                hovertemplate=say["matrix_hover"] + ": %{z:.3f}<extra></extra>")
    line = dict(color="black", width=2)
    shapes = [dict(type="line", x0=-0.5, x1=W.shape[1] - 0.5, y0=k * H - 0.5, y1=k * H - 0.5, line=line)
              for k in range(1, G)]
    shapes += [dict(type="line", x0=x - 0.5, x1=x - 0.5, y0=-0.5, y1=GH - 0.5, line=dict(color="#555", width=1.5,
                                                                                        dash="dot"))
               for x in (H, H + I)]
    notes = [dict(x=0, xref="paper", xanchor="right", y=k * H + (H - 1) / 2, text=f"<b>{name}</b>: {fn}",
                  showarrow=False, font=dict(size=13)) for k, (name, fn) in enumerate(blocks)]
    notes += [dict(x=x, y=-0.5, yanchor="bottom", text=text, showarrow=False, font=dict(color=MUTED))
              for x, text in (((H - 1) / 2, "× h_(t−1)"), (H + (I - 1) / 2, "× x_t"), (H + I, "+ b"))]
    every = max(1, -(-len(cols) // 40))
    ticks = np.arange(0, len(cols), every)
    return figure(data=[heat], layout=layout(
        say["matrix_title"].format(G=G, gates=G - 1, rows=GH, columns=H + I), caption,
        height=140 + min(560, 9 * GH), annotations=notes, shapes=shapes, margin=dict(l=130, r=20, t=70, b=70),
        xaxis=axis(say["matrix_x"],
                   tickvals=ticks, ticktext=[cols[i] for i in ticks], tickangle=-60, fixedrange=True),
        yaxis=axis("", autorange="reversed", showticklabels=False, fixedrange=True)))
