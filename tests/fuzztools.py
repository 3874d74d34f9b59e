"""Helpers for the fuzz and hostile-input tests: a widget's real option values, every number of a Plotly figure
with the NaNs a chart carries on purpose told apart from the rest, "nan"/"inf" in LaTeX, and where a learner's
text lands in Markdown.

Deliberate NaNs (read from viz/): a log axis cannot draw 0 or inf, so `viz.vanishing.split` and
`viz.gradients._positive` turn them into NaN and the chart flags them: a marker trace named "<line>: 0: underflow",
"<line>: inf: overflow" or "<line>: exactly 0" at the same x, a "0 (underflow)" marker, an "overflow (inf/NaN)"
annotation at that x, "<run>: inf/NaN at step n" (clipping lab), or a "(not drawn)" note (stacked layers).
Heatmaps leave cells blank on purpose in three ways: a companion layer ("<panel>: masked" in self-attention,
"0 (underflow)" / "inf (overflow)" on the vanishing maps) paints them; or they are the structurally empty upper
triangle (k > t) of a T x T map ("Which loss reaches", the vanishing maps). Everything else must be finite."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import numpy as np
from streamlit.testing.v1 import AppTest

from tests.apptools import arr, widget_list

OVERLAYS = ("cut", "0 (underflow)", "inf (overflow)")  # single-colour layers: 1 where they paint, NaN elsewhere
PAINT = ("0 (underflow)", "inf (overflow)")  # the overlays that stand for a value the main layer leaves blank
TRIANGULAR = ("Which loss reaches",)  # T x T maps where k > t has no path: hello's, by the start of its title ...
MAPS = ("RNN (tanh)", "LSTM", "GRU")  # ... and the vanishing lesson's three, titled exactly so
NAN_WORD = re.compile(r"(?<![A-Za-z\\])(?:nan|inf)(?![A-Za-z])")  # as Python prints them; not \infty, not "NaN"


def all_widgets(at: AppTest) -> list:
    """Every widget a learner can move, as AppTest lists them."""
    return [*widget_list(at), *at.checkbox, *at.multiselect, *at.button]


def options(at: AppTest, widget) -> list:
    """The real option values of a radio, selectbox, select_slider or multiselect (``widget.options`` holds
    their formatted labels): read from the widget's serde, which Streamlit keeps in the session's metadata."""
    state = at.session_state._state._state
    metadata = state._new_widget_state.widget_metadata.get(widget.id)
    serde = getattr(getattr(metadata, "deserializer", None), "__self__", None)
    values = getattr(serde, "options", None)
    if values is None or len(values) != len(widget.options):
        raise AssertionError(f"cannot read the options of {widget.type} {widget.key!r}")
    return list(values)


def title_of(fig: dict) -> str:
    title = fig.get("layout", {}).get("title", {})
    return (title.get("text", "") if isinstance(title, dict) else str(title)).split("<br>")[0]


def figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def _numeric_list(value) -> np.ndarray | None:
    """A JSON list (possibly nested) of numbers as floats, with null (Plotly writes NaN in lists as null) as NaN;
    None if it is not a list of numbers (strings, or nothing but nulls)."""
    def number(v) -> bool:
        return isinstance(v, int | float) and not isinstance(v, bool)

    rows = value if value and all(isinstance(v, list) for v in value) else [value]
    if len({len(row) for row in rows}) != 1:
        return None
    flat = [v for row in rows for v in row]
    if not any(number(v) for v in flat) or not all(number(v) or v is None for v in flat):
        return None
    out = np.array([np.nan if v is None else float(v) for v in flat])
    return out.reshape(len(rows), -1) if rows is value else out


def arrays(obj, path: str = "") -> Iterator[tuple[str, np.ndarray]]:
    """(path, float array) for every numeric array in a figure's JSON (base64 Plotly 7 arrays and plain lists)."""
    if isinstance(obj, dict):
        if "bdata" in obj:
            a = arr(obj)
            if a.dtype.kind in "fiu":
                yield path, a.astype(float)
            return
        for key, value in obj.items():
            yield from arrays(value, f"{path}.{key}" if path else key)
    elif isinstance(obj, list):
        numeric = _numeric_list(obj) if obj and not any(isinstance(v, dict) for v in obj) else None
        if numeric is not None:
            yield path, numeric
        else:
            for i, value in enumerate(obj):
                if isinstance(value, dict | list):
                    yield from arrays(value, f"{path}[{i}]")


def _xs(trace: dict) -> np.ndarray:
    """A trace's x as floats (NaN where it is not a number: category labels)."""
    x = trace.get("x")
    if x is None:
        return np.array([])
    if isinstance(x, dict):
        return np.ravel(arr(x)).astype(float)
    return np.array([float(v) if isinstance(v, int | float) and not isinstance(v, bool) else np.nan
                     for v in np.ravel(np.asarray(x, dtype=object))])


def _same_axes(a: dict, b: dict) -> bool:
    return a.get("xaxis", "x") == b.get("xaxis", "x") and a.get("yaxis", "y") == b.get("yaxis", "y")


def _z(trace: dict) -> np.ndarray:
    z = trace.get("z")
    return arr(z) if isinstance(z, dict) else np.asarray(_numeric_list(z) if z else [], dtype=float)


def _heatmap_allowed(fig: dict, trace: dict, z: np.ndarray, problems: list[str], where: str) -> np.ndarray:
    """Cells of a heatmap that may be NaN: painted by a companion layer or structurally empty."""
    allowed = np.zeros(z.shape, dtype=bool)
    name = trace.get("name") or ""
    others = [t for t in fig["data"] if t is not trace and t.get("type") == "heatmap" and _same_axes(t, trace)]
    for other in others:
        other_z = _z(other)
        if other_z.shape != z.shape:
            continue
        painted = other_z == 1
        if other.get("name") == f"{name}: masked":
            if not np.array_equal(np.isnan(z), painted):  # masked cells are exactly the blank ones
                problems.append(f"{where}: NaN cells {np.argwhere(np.isnan(z)).tolist()[:6]} are not the masked "
                                f"cells {np.argwhere(painted).tolist()[:6]}")
            allowed |= painted
        elif other.get("name") in PAINT:
            allowed |= painted
    title = title_of(fig)
    if (title.startswith(TRIANGULAR) or title in MAPS) and z.ndim == 2 and z.shape[0] == z.shape[1]:
        allowed |= np.triu(np.ones(z.shape, dtype=bool), k=1)
    return allowed


def _line_allowed(fig: dict, trace: dict, y: np.ndarray, diverged: dict[str, int]) -> np.ndarray:
    """Points of a line or bar that may be NaN because the chart marks them (see the module docstring)."""
    x = _xs(trace)
    if x.size != y.size:
        return np.zeros(y.shape, dtype=bool)
    name = trace.get("name") or ""
    flagged: set = set()
    for other in fig["data"]:
        other_name = other.get("name") or ""
        if other is not trace and (other_name.startswith(f"{name}: ") or other_name == "0 (underflow)"):
            flagged |= set(_xs(other)[np.isfinite(_xs(other))].tolist())
    notes = fig["layout"].get("annotations") or []
    flagged |= {float(n["x"]) for n in notes if "overflow" in str(n.get("text", "")) and n.get("xref") != "paper"
                and isinstance(n.get("x"), int | float)}
    if any("(not drawn)" in str(n.get("text", "")) for n in notes):
        return np.ones(y.shape, dtype=bool)
    allowed = np.isin(x, list(flagged))
    for run, step in diverged.items():  # the clipping lab: a run that diverged is NaN from that step on
        if name == run or name.startswith(("no clipping" if run == "no clipping" else "clipped run",)):
            allowed |= x >= step
    return allowed


def diverged_runs(figs: list[dict]) -> dict[str, int]:
    """The clipping lab's runs that diverged, from its loss chart's notes: run name -> first bad step."""
    out = {}
    for fig in figs:
        for note in fig["layout"].get("annotations") or []:
            match = re.fullmatch(r"(.+): inf/NaN at step (\d+)", str(note.get("text", "")))
            if match:
                out[match.group(1)] = int(match.group(2))
    return out


def overflow_stated(at: AppTest) -> bool:
    """The page says, in words, that something overflowed: a warning, or a chart's note or marker."""
    if any("overflow" in w.value.lower() for w in at.warning):
        return True
    if any("inf or NaN" in m.value for m in at.markdown):  # the clipping lab: "the loss became inf or NaN"
        return True
    for fig in figures(at):
        texts = [str(n.get("text", "")) for n in fig["layout"].get("annotations") or []]
        texts += [str(t.get("name", "")) for t in fig["data"]]
        if any("overflow" in t or "inf/NaN" in t for t in texts):
            return True
    return False


def chart_problems(at: AppTest) -> list[str]:
    """Every non-finite number on the page's charts that no rule above explains, as readable lines."""
    return figure_problems(figures(at), overflow_stated(at))


def figure_problems(figs: list[dict], stated: bool = False) -> list[str]:
    """``chart_problems`` for figures as JSON; ``stated``: the page says in words that something overflowed."""
    diverged = diverged_runs(figs)
    problems: list[str] = []
    for fig in figs:
        title = title_of(fig)[:60]
        for n, trace in enumerate(fig["data"]):
            name = trace.get("name") or ""
            kind = trace.get("type", "scatter")
            for path, a in arrays(trace):
                bad = ~np.isfinite(a)
                where = f"chart {title!r}, trace {n} {kind} {name!r}, {path}"
                if kind == "heatmap" and (name in OVERLAYS or name.endswith(": masked")) and path == "z":
                    if not np.all(np.isnan(a) | (a == 1)):
                        problems.append(f"{where}: an overlay layer holds values other than 1 and NaN")
                    continue
                if not bad.any():
                    continue
                if kind == "heatmap" and path in ("z", "customdata") and a.ndim == 2:
                    allowed = _heatmap_allowed(fig, trace, _z(trace) if path == "customdata" else a, problems, where)
                    if allowed.shape != a.shape:
                        allowed = np.zeros(a.shape, dtype=bool)
                elif path == "y" and kind in ("scatter", "bar"):
                    allowed = _line_allowed(fig, trace, a, diverged)
                elif path == "customdata" and stated:
                    allowed = np.ones(a.shape, dtype=bool)  # hover text of a flagged overflow
                else:
                    allowed = np.zeros(a.shape, dtype=bool)
                unexplained = bad & ~allowed
                if unexplained.any():
                    idx = np.argwhere(unexplained).tolist()[:6]
                    x = trace.get("x")
                    if path == "y" and isinstance(x, list) and len(x) == a.size:  # name the points: x=['W_hh']
                        idx = [x[i] for i in np.flatnonzero(unexplained)[:6]]
                    problems.append(f"{where}: {int(unexplained.sum())} non-finite value(s) nothing on the chart "
                                    f"explains, at {idx}: {a[unexplained][:6].tolist()}")
        for path, a in arrays(fig["layout"], "layout"):
            if (~np.isfinite(a)).any():
                problems.append(f"chart {title!r}, {path}: non-finite {a[~np.isfinite(a)][:6].tolist()}")
        for group in ("annotations", "shapes"):
            for k, item in enumerate(fig["layout"].get(group) or []):
                for key in ("x", "y", "x0", "x1", "y0", "y1"):
                    if key in item and item[key] is None:
                        problems.append(f"chart {title!r}, layout.{group}[{k}].{key} is null (NaN)")
    return problems


def text_problems(at: AppTest) -> list[str]:
    """'nan' or 'inf' written as a number in LaTeX, metrics or messages, unless the page states an overflow."""
    if overflow_stated(at):
        return []
    found = []
    for kind in ("latex", "metric", "markdown", "caption", "success", "info"):
        for el in at.get(kind):
            value = el.proto.body if kind == "metric" else el.value
            texts = [str(value)] + ([el.label] if kind == "metric" else [])
            for text in texts:
                if NAN_WORD.search(text):
                    found.append(f"{kind}: {text[:300]!r}")
    return found


def code_spans(markdown: str) -> list[tuple[int, int]]:
    """The [start, end) ranges of CommonMark inline code spans (a run of n backticks up to the next run of
    exactly n) and of fenced code blocks."""
    spans, i = [], 0
    runs = [(m.start(), m.end()) for m in re.finditer(r"`+", markdown)]
    while i < len(runs):
        start, end = runs[i]
        width = end - start
        close = next((j for j in range(i + 1, len(runs)) if runs[j][1] - runs[j][0] == width), None)
        if close is None:
            i += 1
            continue
        spans.append((start, runs[close][1]))
        i = close + 1
    return spans


def outside_code(markdown: str, fragment: str) -> bool:
    """``fragment`` occurs in ``markdown`` somewhere that is not inside a code span (so Markdown would read it)."""
    spans = code_spans(markdown)
    for match in re.finditer(re.escape(fragment), markdown):
        if not any(a <= match.start() and match.end() <= b for a, b in spans):
            return True
    return False
