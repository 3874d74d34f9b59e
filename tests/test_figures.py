"""viz builds figures without Plotly's validation (viz.style.figure, for speed). Here every chart every page draws
is rebuilt with validation on: an unknown property raises, and a key validation would have rewritten (a magic
underscore such as ``title_text``, which Plotly.js ignores) shows up as a key the validated figure does not have."""

import json
import pickle

import numpy as np
import plotly.graph_objects as go
import plotly.io as pio
import pytest

import viz.style as style
from tests.apptools import lesson_page
from ui import store
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


def plotly_json(spec: dict) -> dict:
    return json.loads(pio.to_json(spec, validate=False))


def test_a_chart_writes_what_plotly_writes_and_stays_as_built(monkeypatch):
    z = np.arange(6.0).reshape(2, 3)
    chart = style.figure([{"type": "heatmap", "z": z, "x": ["a", "b", "c"]}, {"y": np.array([1, 2, 3])}],
                         {"title": {"text": "t"}, "xaxis": {"range": np.array([0.0, 1.0])}})
    assert plotly_json(chart.to_dict()) == plotly_json(chart.full().to_dict())
    assert chart.to_dict()["data"][0]["z"]["bdata"] and chart.to_dict()["data"][1]["type"] == "scatter"
    assert isinstance(chart.to_dict()["layout"]["xaxis"]["range"], np.ndarray)  # "range" stays a list, as in Plotly
    assert isinstance(chart._spec_data[0]["z"], np.ndarray)  # writing it did not change what it was built from
    assert chart.layout.title.text == "t" and list(chart.data[1].y) == [1, 2, 3]
    again = pickle.loads(pickle.dumps(chart))
    assert plotly_json(again.to_dict()) == plotly_json(chart.to_dict())
    assert chart.to_dict() is chart.to_dict()  # written once
    monkeypatch.setattr(style, "_encoded", lambda value, key=None: value)  # a writer without Plotly's base64 step
    raw = style.Chart(chart._spec_data, chart._spec_layout)
    assert plotly_json(raw.to_dict()) != plotly_json(raw.full().to_dict())  # is caught by the comparison


@pytest.mark.parametrize("path", PAGES)
def test_every_chart_writes_what_plotly_writes(path, monkeypatch):
    """st.plotly_chart sends ``Chart.to_dict()``; for every chart a page draws it equals Plotly's own ``to_dict``
    of a go.Figure built from the same dicts, base64 arrays and default template included."""
    built = []
    original = style.Chart.__init__

    def record(self, data, layout):
        original(self, data, layout)
        built.append(self)

    monkeypatch.setattr(style.Chart, "__init__", record)
    store.clear()  # charts are shared across sessions: built by an earlier test, they would not be seen here
    lesson_page(path, timeout=300)
    assert built, f"{path} built no chart"
    for chart in built:
        ours, plotly = plotly_json(chart.to_dict()), plotly_json(chart.full().to_dict())
        assert ours == plotly, f"{path}, chart {chart!r}"


def test_the_theme_colours_are_streamlits_placeholders():
    """viz/ink.py's colours are the placeholders st.plotly_chart swaps for the page theme's own (issue 20). Were
    Streamlit to change them, the charts' ink would be a fixed near-black again, lost on the dark page."""
    from streamlit.elements.lib import streamlit_plotly_theme as theme

    from viz import ink

    assert (ink.TEXT, ink.MUTED, ink.PAGE) == (theme.GRAY_90, theme.GRAY_70, theme.BG_COLOR)
