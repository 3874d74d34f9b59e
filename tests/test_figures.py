"""viz builds figures without Plotly's validation (viz.style.figure, for speed). Here every chart every page draws
is rebuilt with validation on: an unknown property raises, and a key validation would have rewritten (a magic
underscore such as ``title_text``, which Plotly.js ignores) shows up as a key the validated figure does not have."""

import json

import plotly.graph_objects as go
import pytest

from tests.apptools import lesson_page
from ui.registry import LESSONS

PAGES = [lesson.path for lesson in LESSONS]


def key_paths(value, prefix="") -> set[str]:
    """Every dict key path in a figure's JSON, arrays and encoded arrays left out."""
    if isinstance(value, dict):
        if "bdata" in value and "dtype" in value:  # Plotly 7's encoded array
            return set()
        out = set()
        for key, item in value.items():
            if item in ([], {}):  # validation drops an empty list of shapes or notes, which draws the same
                continue
            out |= {f"{prefix}.{key}"} | key_paths(item, f"{prefix}.{key}")
        return out
    if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
        return set().union(*(key_paths(v, f"{prefix}[]") for v in value))
    return set()


def named_scales(value) -> list[str]:
    """Colour scales given by name: validation translates "RdBu_r", Plotly.js does not know it."""
    if isinstance(value, dict):
        return [v for k, v in value.items() if k == "colorscale" and isinstance(v, str)] + \
            [s for v in value.values() for s in named_scales(v)]
    return [s for v in value for s in named_scales(v)] if isinstance(value, list) else []


def test_the_checks_can_fail():
    spec = {"data": [{"type": "heatmap", "z": [[1]], "colorscale": "RdBu_r"}],
            "layout": {"xaxis": {"title_text": "t"}, "shapes": []}}
    validated = json.loads(go.Figure(spec).to_json())
    assert key_paths(spec) - key_paths(validated) == {".layout.xaxis.title_text"}
    assert named_scales(spec) == ["RdBu_r"]


@pytest.mark.parametrize("path", PAGES)
def test_every_chart_passes_validation_unchanged(path):
    at = lesson_page(path, timeout=300)
    specs = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    assert specs, f"{path} drew no chart"
    for spec in specs:
        validated = json.loads(go.Figure(spec).to_json())  # raises on an unknown property or a bad value
        missing = key_paths(spec) - key_paths(validated)
        title = spec["layout"].get("title", {}).get("text", "")[:60]
        assert not missing, f"{path}, chart {title!r}: keys validation rewrote or dropped: {sorted(missing)[:8]}"
        assert not named_scales(spec), f"{path}, chart {title!r}: colour scale by name {named_scales(spec)}"
