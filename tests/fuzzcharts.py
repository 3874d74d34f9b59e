"""The fuzz tests' chart rule: every number of a Plotly figure must be finite, except the NaNs a chart carries on
purpose, told apart from the rest here.

Deliberate NaNs (read from viz/): a log axis cannot draw 0 or inf, so `viz.vanishing.split` and
`viz.gradients._positive` turn them into NaN and the chart flags them: a marker trace named "<line>: 0: underflow",
"<line>: inf: overflow" or "<line>: exactly 0" at the same x, a "0 (underflow)" marker, an "overflow (inf/NaN)"
annotation at that x, "<run>: inf/NaN at step n" (clipping lab), or a "(not drawn)" note (stacked layers).
Heatmaps leave cells blank on purpose in three ways: a companion layer ("<panel>: masked" in self-attention,
"0 (underflow)" / "inf (overflow)" on the vanishing maps) paints them; or they are the structurally empty upper
triangle (k > t) of a T x T map ("Which loss reaches", the vanishing maps). Everything else must be finite."""

from __future__ import annotations

import re

import numpy as np

from core.recurrent import LABELS
from tests.fuzzarrays import arrays, same_axes, title_of, xs, zs
from viz.words import words

LANGS = ("en", "ko")


def both(module: str, key: str) -> tuple[str, ...]:
    """A chart word of viz/<module>.py in every language."""
    return tuple(words(module, lang)[key] for lang in LANGS)


PAINT = both("vanishing", "map_underflow") + both("vanishing", "map_overflow")  # overlays that stand for a value
OVERLAYS = ("cut", *PAINT)  # the main layer leaves blank; single-colour layers: 1 where they paint, NaN elsewhere
TRIANGULAR = both("gradients", "map_title")  # T x T maps where k > t has no path: hello's, by its title ...
MAPS = tuple(title.format(cell=cell) for title in both("vanishing", "map_title") for cell in LABELS.values())  # ...
UNDERFLOW = both("backward", "forget_underflow")  # a bar's "0 (underflow)" marker at the same x
OVERFLOW_NOTE = ("overflow", "오버플로")  # an annotation at the x where a line overflows (viz.vanishing)
NOT_DRAWN = ("(not drawn)", "그리지 않았습니다", "(그리지 않음)")  # a note for values a log axis cannot draw
DIVERGED = (re.compile(r"(.+): inf/NaN at step (\d+)"), re.compile(r"(.+): (\d+)단계에서 inf/NaN"))  # viz.labs
RUNS = {}  # the clipping lab (viz.labs): a run's name -> the names of its lines
for W in (words("labs", lang) for lang in LANGS):
    RUNS[W["no_clipping"]] = (W["norm_plain"],)
    RUNS[W["with_clipping"]] = (W["norm_before"], W["norm_after"])


def heatmap_allowed(fig: dict, trace: dict, z: np.ndarray, problems: list[str], where: str) -> np.ndarray:
    """Cells of a heatmap that may be NaN: painted by a companion layer or structurally empty."""
    allowed = np.zeros(z.shape, dtype=bool)
    name = trace.get("name") or ""
    others = [t for t in fig["data"] if t is not trace and t.get("type") == "heatmap" and same_axes(t, trace)]
    for other in others:
        other_z = zs(other)
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


def line_allowed(fig: dict, trace: dict, y: np.ndarray, diverged: dict[str, int]) -> np.ndarray:
    """Points of a line or bar that may be NaN because the chart marks them (see the module docstring)."""
    x = xs(trace)
    if x.size != y.size:
        return np.zeros(y.shape, dtype=bool)
    name = trace.get("name") or ""
    flagged: set = set()
    for other in fig["data"]:
        other_name = other.get("name") or ""
        if other is not trace and (other_name.startswith(f"{name}: ") or other_name in UNDERFLOW):
            flagged |= set(xs(other)[np.isfinite(xs(other))].tolist())
    notes = fig["layout"].get("annotations") or []
    flagged |= {float(n["x"]) for n in notes if any(w in str(n.get("text", "")) for w in OVERFLOW_NOTE)
                and n.get("xref") != "paper" and isinstance(n.get("x"), int | float)}
    if any(w in str(n.get("text", "")) for n in notes for w in NOT_DRAWN):
        return np.ones(y.shape, dtype=bool)
    allowed = np.isin(x, list(flagged))
    for run, step in diverged.items():  # the clipping lab: a run that diverged is NaN from that step on
        if name == run or name in RUNS.get(run, ()):
            allowed |= x >= step
    return allowed


def diverged_runs(figs: list[dict]) -> dict[str, int]:
    """The clipping lab's runs that diverged, from its loss chart's notes: run name -> first bad step."""
    out = {}
    for fig in figs:
        for note in fig["layout"].get("annotations") or []:
            for pattern in DIVERGED:
                match = pattern.fullmatch(str(note.get("text", "")))
                if match:
                    out[match.group(1)] = int(match.group(2))
    return out


def figure_problems(figs: list[dict], stated: bool = False) -> list[str]:
    """Every non-finite number on these figures (as JSON) that no rule above explains, as readable lines;
    ``stated``: the page says in words that something overflowed."""
    diverged = diverged_runs(figs)
    problems: list[str] = []
    for fig in figs:
        title = title_of(fig)[:60]
        for n, trace in enumerate(fig["data"]):
            _trace_problems(fig, trace, f"chart {title!r}, trace {n}", diverged, stated, problems)
        _layout_problems(fig, title, problems)
    return problems


def _trace_problems(fig: dict, trace: dict, at: str, diverged: dict[str, int], stated: bool,
                    problems: list[str]) -> None:
    name = trace.get("name") or ""
    kind = trace.get("type", "scatter")
    for path, a in arrays(trace):
        bad = ~np.isfinite(a)
        where = f"{at} {kind} {name!r}, {path}"
        if kind == "heatmap" and (name in OVERLAYS or name.endswith(": masked")) and path == "z":
            if not np.all(np.isnan(a) | (a == 1)):
                problems.append(f"{where}: an overlay layer holds values other than 1 and NaN")
            continue
        if not bad.any():
            continue
        if kind == "heatmap" and path in ("z", "customdata") and a.ndim == 2:
            allowed = heatmap_allowed(fig, trace, zs(trace) if path == "customdata" else a, problems, where)
            if allowed.shape != a.shape:
                allowed = np.zeros(a.shape, dtype=bool)
        elif path == "y" and kind in ("scatter", "bar"):
            allowed = line_allowed(fig, trace, a, diverged)
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


def _layout_problems(fig: dict, title: str, problems: list[str]) -> None:
    for path, a in arrays(fig["layout"], "layout"):
        if (~np.isfinite(a)).any():
            problems.append(f"chart {title!r}, {path}: non-finite {a[~np.isfinite(a)][:6].tolist()}")
    for group in ("annotations", "shapes"):
        for k, item in enumerate(fig["layout"].get(group) or []):
            for key in ("x", "y", "x0", "x1", "y0", "y1"):
                if key in item and item[key] is None:
                    problems.append(f"chart {title!r}, layout.{group}[{k}].{key} is null (NaN)")
