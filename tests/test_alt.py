"""Alt text on every chart (issue 20): viz.alt.describe from a chart's own numbers, and ui.charts giving every chart
on every page one, in the page's language."""

import json
import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptools import APP, arr, title_of
from ui.registry import HOME, LESSONS
from viz.alt import describe

HANGUL = re.compile("[가-힣]")


def test_a_line_chart_names_each_series_first_last_and_range():
    y = np.array([1.0, 0.5, 0.02, 4.1e-14])
    text = describe([dict(type="scatter", mode="lines", name="RNN", x=[3, 2, 1, 0], y=y)],
                    dict(title=dict(text="Gradient<br><sup>caption</sup>"), xaxis=dict(title="distance"),
                         yaxis=dict(title=dict(text="norm"), type="log")), "en")
    assert text.startswith("Line chart: Gradient.") and "caption" not in text
    assert "x axis: distance; y axis: norm (log scale)" in text
    assert "RNN: 1 at x = 3 to 4.1e-14 at x = 0 (4 points, from 4.1e-14 to 1)" in text


def test_bars_heatmaps_missing_values_and_korean():
    bars = dict(type="bar", name="µs", x=["RNN", "GRU", "LSTM"], y=[2.0, 9.0, 5.6])
    grid = dict(type="heatmap", name="h", z=np.array([[0.1, -0.9], [np.nan, 0.7], [0.3, 0.2]]))
    text = describe([bars, grid, dict(type="bar", x=[None], y=[None], name="legend key")], {}, "en")
    assert "µs: RNN 2, GRU 9, LSTM 5.6" in text and "h: 3 rows × 2 columns, values from -0.9 to 0.7" in text
    assert "legend key" not in text
    korean = describe([bars, grid], dict(title="제목"), "ko")
    assert korean.startswith("히트맵: 제목.") and "3행 × 2열, 값 범위 -0.9 ~ 0.7" in korean


def page_at(path: str, lang: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["lang"] = lang
    at.run()
    if path != HOME.path:
        at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("path", [HOME.path] + [lesson.path for lesson in LESSONS],
                         ids=["home"] + [lesson.key for lesson in LESSONS])
def test_every_chart_on_every_page_has_an_alt_in_the_pages_language(path, lang):
    at = page_at(path, lang)
    elements = at.get("plotly_chart")
    assert elements, "every page has charts"
    for element in elements:
        alt, fig = element.proto.alt, json.loads(element.proto.spec)
        assert alt.strip(), fig["layout"].get("title")
        title = re.sub(r"<[^>]+>", "", title_of(fig).split("<br>")[0]).strip()
        assert title[:20] in alt, (title, alt)
        if lang == "ko":  # the description's own words are Korean (the data may hold words of either language)
            assert HANGUL.search(alt.replace(title, "")), alt
        else:
            assert alt.startswith(("Line chart", "Bar chart", "Heatmap", "Chart")) or alt.startswith(title), alt
        for trace in fig["data"]:  # a described heatmap's range is its data's
            if trace.get("type") == "heatmap" and trace.get("name") and f"{trace['name']}: " in alt:
                z = arr(trace["z"]).astype(float)
                if np.isfinite(z).any():
                    assert f"{np.nanmax(z[np.isfinite(z)]):.3g}" in alt
