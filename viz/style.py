"""Shared chart styling: one place for fonts, margins and colour choices, and the one way figures are built.

Figures are built in one ``figure(data=[...], layout={...})`` call, without Plotly's per-property validation:
validating cost 10-25 ms of every page rerun (measured with benchmarks/latency.py on the hello, gates and
vanishing lessons), and building incrementally with ``add_*``/``update_*`` cost more still.
tests/test_figures.py rebuilds every chart every page draws with validation on, so a wrong property still fails."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

# Colour-blind-safe: Okabe & Ito (2008) for categories, viridis for magnitudes, RdBu for signed values. The scales
# are spelled out as lists: validation would translate a name like "RdBu_r", but Plotly.js does not know it.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")
DIVERGING = [list(stop) for stop in go.Heatmap(colorscale="RdBu_r").colorscale]
MAGNITUDE = [list(stop) for stop in go.Heatmap(colorscale="Viridis").colorscale]
FONT = "Source Sans, Noto Sans CJK KR, Noto Color Emoji, sans-serif"


def figure(data: list, layout: dict) -> go.Figure:
    """A Plotly figure from trace dicts and a layout dict, built without validation (see the module docstring)."""
    return go.Figure(data=data, layout=layout, _validate=False)


def layout(title: str, caption: str | None = None, height: int = 320, **extra) -> dict:
    """Title (with the caption saying what computed the chart), margins, font and legend, plus ``extra``."""
    text = title if caption is None else f"{title}<br><sup>{caption}</sup>"
    base = dict(
        title=dict(text=text, x=0, xanchor="left", font=dict(size=15)),
        height=height,
        margin=dict(l=60, r=20, t=70 if caption else 48, b=50),
        font=dict(family=FONT, size=13),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="right", x=1.0),
    )
    return base | extra


def axis(title: str, **extra) -> dict:
    return dict(title=dict(text=title), **extra)


MAX_TICKS = 12  # tick labels on one log axis
PAD = 1.3  # a log axis spans [min / PAD, max * PAD], and its ticks are chosen inside that span


def log_span(values) -> tuple[float, float] | None:
    """The padded [low, high] a log axis shows for the positive finite ``values`` (None if there are none)."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    return (float(v.min()) / PAD, float(v.max()) * PAD) if v.size else None


def log_ticks(values) -> tuple[list[float], list[str]]:
    """Tick positions at 1, 2 and 5 times each power of ten within the padded span of ``values`` (all of
    1..9 when that gives fewer than three), so a log axis spanning less than a decade still shows numbers."""
    span = log_span(values)
    if span is None:
        return [], []
    lo, hi = np.floor(np.log10(span[0])), np.ceil(np.log10(span[1]))
    for steps in ((1,), (1, 2, 5), (1, 2, 3, 4, 5, 6, 7, 8, 9)):  # coarsest first, until at least three ticks
        ticks = [m * 10.0**e for e in np.arange(lo, hi + 1) for m in steps]
        ticks = [x for x in ticks if span[0] <= x <= span[1]]
        if len(ticks) >= 3:
            break
    ticks = ticks or [10.0**lo]
    ticks = ticks[::-(-len(ticks) // MAX_TICKS)]  # at most MAX_TICKS: every 2nd, 3rd, ... decade on long spans
    return ticks, [f"{x:.0e}".replace("e-0", "e-").replace("e+0", "e").replace("e+", "e") for x in ticks]


def log_axis(title: str, values, **extra) -> dict:
    """A log axis over ``values`` with readable ticks and a range that contains them."""
    tickvals, ticktext = log_ticks(values)
    span = log_span(values)
    fixed = {} if span is None else dict(range=[np.log10(span[0]), np.log10(span[1])])
    return axis(title, type="log", tickvals=tickvals, ticktext=ticktext, **fixed, **extra)
