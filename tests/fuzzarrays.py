"""Reading a Plotly figure's JSON for the fuzz tests (tests/fuzzcharts.py): its title, and every number in it as a
float array, with the nulls Plotly writes for NaN in plain lists read back as NaN."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from tests.apptools import arr


def title_of(fig: dict) -> str:
    title = fig.get("layout", {}).get("title", {})
    return (title.get("text", "") if isinstance(title, dict) else str(title)).split("<br>")[0]


def numeric_list(value) -> np.ndarray | None:
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
        numeric = numeric_list(obj) if obj and not any(isinstance(v, dict) for v in obj) else None
        if numeric is not None:
            yield path, numeric
        else:
            for i, value in enumerate(obj):
                if isinstance(value, dict | list):
                    yield from arrays(value, f"{path}[{i}]")


def xs(trace: dict) -> np.ndarray:
    """A trace's x as floats (NaN where it is not a number: category labels)."""
    x = trace.get("x")
    if x is None:
        return np.array([])
    if isinstance(x, dict):
        return np.ravel(arr(x)).astype(float)
    return np.array([float(v) if isinstance(v, int | float) and not isinstance(v, bool) else np.nan
                     for v in np.ravel(np.asarray(x, dtype=object))])


def same_axes(a: dict, b: dict) -> bool:
    return a.get("xaxis", "x") == b.get("xaxis", "x") and a.get("yaxis", "y") == b.get("yaxis", "y")


def zs(trace: dict) -> np.ndarray:
    """A heatmap trace's z as floats."""
    z = trace.get("z")
    return arr(z) if isinstance(z, dict) else np.asarray(numeric_list(z) if z else [], dtype=float)
