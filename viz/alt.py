"""A chart's alt text (issue 20), built from the chart's own data in the page's language: what kind of chart, its
title, its axes, and for each series its numbers (a line's first and last points and its range, a bar chart's bars,
a heatmap's size and range). Screen readers read it as the chart's name (Streamlit 1.67's ``st.plotly_chart(...,
alt=...)``; ui/charts.py gives every chart one)."""

from __future__ import annotations

import re

import numpy as np

from viz.fit import unwrap
from viz.words import words

MAX_SERIES = 6  # described series per chart; the rest are counted
MAX_BARS = 10


def _text(value) -> str:
    """A title or axis title as plain text: its first line as written (before viz.fit wrapped it), tags removed."""
    if isinstance(value, dict):
        value = value.get("text", "")
    return re.sub(r"<[^>]+>", "", unwrap(str(value or "")).split("<br>")[0]).strip()


def _num(v) -> str:
    return f"{float(v):.3g}"


def _label(v) -> str:
    return _num(v) if isinstance(v, int | float | np.number) and not isinstance(v, bool) else str(v)


def _values(a) -> np.ndarray:
    try:
        return np.asarray(a, dtype=float)
    except (TypeError, ValueError):
        return np.array([], dtype=float)


def _ticks(axis: dict) -> dict:
    """An axis's tick labels by value (a chart that puts words at positions 0, 1, 2 ...)."""
    values, text = axis.get("tickvals"), axis.get("ticktext")
    if values is None or text is None or len(values) != len(text):
        return {}
    return {_label(v): _text(t) for v, t in zip(values, text, strict=True)}


def _series(trace: dict, W: dict, ticks: dict | None = None) -> str | None:
    """One trace described, or None for a trace with nothing to describe (a legend key, a marker layer). ``ticks``
    names the positions along the category axis."""
    kind, name = trace.get("type", "scatter"), trace.get("name") or W["values"]
    if kind == "heatmap":
        z = _values(trace.get("z"))
        if z.ndim != 2 or not z.size:
            return None
        raw = _values(trace.get("customdata"))  # a log-coloured map keeps its raw values here: describe those
        z = raw if raw.shape == z.shape else z
        finite = z[np.isfinite(z)]
        if not finite.size:
            return W["missing"].format(name=name)
        return W["grid"].format(name=name, rows=z.shape[0], cols=z.shape[1], low=_num(finite.min()),
                                high=_num(finite.max()))
    x, y = trace.get("x"), trace.get("y")
    if kind == "bar" and trace.get("orientation") == "h":
        x, y = y, x
    x, values = [(ticks or {}).get(_label(v), v) for v in (x if x is not None else [])], _values(y)
    if kind == "scatter" and "lines" not in str(trace.get("mode", "lines")):
        return None  # markers or text alone: a diagram's nodes or a chart's marks, whose positions are not data
    if values.ndim != 1 or not values.size or not x and kind != "bar":
        return None
    if kind == "bar":
        labels = x if len(x) == values.size else list(range(1, values.size + 1))
        shown = [f"{_label(label)} {_num(v)}" for label, v in zip(labels, values, strict=True) if np.isfinite(v)]
        if not shown:
            return None
        extra = [W["more"].format(n=len(shown) - MAX_BARS)] if len(shown) > MAX_BARS else []
        return W["bars"].format(name=name, values=", ".join(shown[:MAX_BARS] + extra))
    finite = np.flatnonzero(np.isfinite(values))
    if not finite.size or len(x) != values.size:
        return None
    first, last = finite[0], finite[-1]
    return W["points"].format(name=name, first=_num(values[first]), x_first=_label(x[first]),
                              last=_num(values[last]), x_last=_label(x[last]), n=finite.size,
                              low=_num(values[finite].min()), high=_num(values[finite].max()))


def describe(data: list[dict], layout: dict, lang: str) -> str:
    """The alt text of the chart with these Plotly traces and layout."""
    W = words("alt", lang)
    kinds = [t.get("type", "scatter") for t in data]
    kind = ("heatmap" if "heatmap" in kinds else "bar" if "bar" in kinds
            else "line" if any("lines" in str(t.get("mode", "lines")) for t in data if t.get("type", "scatter") ==
                               "scatter") else "chart")
    parts = [W[kind] + (f": {title}" if (title := _text(layout.get("title"))) else "")]
    xaxis, yaxis = layout.get("xaxis") or {}, layout.get("yaxis") or {}
    x, y = _text(xaxis.get("title")), _text(yaxis.get("title"))
    if x or y:
        log = W["log"] if yaxis.get("type") == "log" and not re.search("log|로그", y) else ""
        parts.append(W["axes"].format(x=x or "–", y=(y or "–") + log))
    horizontal = any(t.get("orientation") == "h" for t in data)
    ticks = _ticks(yaxis if horizontal else xaxis)
    described = [s for s in (_series(t, W, ticks) for t in data) if s]
    parts += described[:MAX_SERIES]
    if len(described) > MAX_SERIES:
        parts.append(W["other_traces"].format(n=len(described) - MAX_SERIES))
    return ". ".join(parts) + "."
