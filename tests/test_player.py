"""The step player's data (ui/player.py, issue 19): every step the browser plays is the page's own analysis, the same
numbers its charts draw; where the player stops becomes the page's slider value; bad shapes are refused and values
that are not finite are sent as null. The playing itself is tested in Chromium (tests/test_browser_player.py)."""

from __future__ import annotations

import json

import numpy as np
import pytest

from tests.apptools import arr, chart, lesson_page, title_of
from tests.playertools import player_data, strict
from ui.player import frames


@pytest.mark.parametrize("cell", ["RNN", "LSTM"])
def test_every_step_the_player_plays_is_what_the_charts_draw(cell):
    at = lesson_page("lessons/hello/page.py", text="hello world", cell=cell)
    data = player_data(at)
    T = len("hello world") - 1
    assert data["T"] == T and data["tape"] == list("hello worl".replace(" ", "␣"))
    assert data["start"] == 1 and data["frame_ms"] > 0
    heat = chart(at, "Hidden state h over time")["data"][0]
    h = arr(heat["z"])  # units x (T + 1), the heatmap's own values
    assert np.allclose(np.asarray(data["grid"]["values"]), h, atol=1e-4)  # the player rounds to 4 places
    assert data["grid"]["columns"][0] == "h₀" and len(data["grid"]["columns"]) == T + 1
    probs = arr(chart(at, "Prediction at step t = 1")["data"][0]["y"])
    assert np.allclose(data["bars"]["values"][0], probs, atol=1e-4)
    bars = np.asarray(data["bars"]["values"])
    assert bars.shape == (T, len(data["bars"]["labels"])) and np.allclose(bars.sum(axis=1), 1, atol=1e-3)
    vocab = data["bars"]["labels"]
    assert [vocab[m] for m in data["bars"]["marked"]] == list("ello world".replace(" ", "␣"))
    assert len(data["captions"]) == T and data["captions"][0].startswith("t = 1: reads “h”, should predict “e”")


def test_the_gates_player_plays_the_units_gates_the_heatmaps_draw():
    at = lesson_page("lessons/gates/page.py", unit=4)
    data = player_data(at)
    (panels,) = [json.loads(e.proto.spec) for e in at.get("plotly_chart")
                 if title_of(json.loads(e.proto.spec)).startswith("LSTM: every gate and state")]
    names = [trace["name"] for trace in panels["data"]]
    assert data["grid"]["rows"] == names and data["grid"]["first"] == 1  # one row per panel; column 0 is step 1
    for row, trace in zip(data["grid"]["values"], panels["data"], strict=True):
        assert np.allclose(row, arr(trace["z"])[3], atol=1e-4), trace["name"]  # unit 4 is row 3 of each panel
    assert data["start"] == 7 and len(data["grid"]["columns"]) == data["T"]


def test_the_translate_player_plays_the_alignment_the_heatmap_draws():
    at = lesson_page("lessons/translate/page.py")
    data = player_data(at)
    heat = chart(at, "Where it looked for each word it wrote")["data"][0]
    weights = arr(heat["z"])  # words written x English words
    assert np.allclose(np.asarray(data["grid"]["values"]).T, weights, atol=1e-4)
    assert np.allclose(np.asarray(data["bars"]["values"]), weights, atol=1e-4)
    assert data["bars"]["marked"] == [int(np.argmax(row)) for row in weights]
    assert data["tape"][-1] == "(end)" and data["grid"]["first"] == 1
    assert data["captions"][7].startswith("t = 8: writes “먹는다”")


def test_the_player_follows_the_step_slider_and_the_language():
    at = lesson_page("lessons/hello/page.py", t=3, lang="한국어")
    data = player_data(at)
    assert data["start"] == 3
    assert data["labels"]["play"] == "▶ 재생" and "읽는 글자" in data["captions"][0]


def test_a_single_step_has_nothing_to_play():
    at = lesson_page("lessons/hello/page.py", text="hi")
    assert [e for e in at.get("bidi_component") if e.proto.component_name == "vp_step_player"] == []


def test_frames_refuse_shapes_that_do_not_match():
    good = dict(tape=["a", "b"], grid_rows=["h1"], grid_columns=["h₀", "1", "2"], grid_values=[[0, 0.5, -0.5]],
                grid_range=(-1, 1), grid_title="h", bar_labels=["a", "b"], bar_values=[[0.5, 0.5], [1, 0]],
                marked=[1, 0], bar_titles=["1", "2"], captions=["one", "two"])
    assert frames(**good)["T"] == 2
    for change in ({"grid_values": [[0, 0.5]]}, {"grid_columns": ["h₀", "1"]}, {"bar_values": [[0.5, 0.5]]},
                   {"marked": [1]}, {"captions": ["one"]}):
        with pytest.raises(ValueError):
            frames(**(good | change))


def test_frames_send_values_that_are_not_finite_as_null_and_map_steps_to_slider_values():
    data = frames(tape=["b", "a"], grid_rows=["x"], grid_columns=["1", "2", "3"], grid_values=[[0, np.inf, np.nan]],
                  grid_range=(0, 1), grid_title="", bar_labels=["x"], bar_values=[[np.nan], [-np.inf]], marked=[0, 0],
                  bar_titles=["", ""], captions=["", ""], grid_at=[1, 0], slider=[2, 1], grid_scale="magnitude")
    text = json.dumps(data)
    assert strict(text)["grid"]["values"] == [[0.0, None, None]] and data["bars"]["values"] == [[None], [None]]
    assert data["grid"]["at"] == [1, 0] and data["grid"]["from"] == [2, 1]  # walking left: the dotted column is right
    assert data["slider"] == [2, 1]
    for change in ({"grid_at": [0, 3]}, {"slider": [1]}, {"grid_scale": "rainbow"}, {"bar_range": (1, 1)}):
        with pytest.raises(ValueError):
            frames(**(dict(tape=["b", "a"], grid_rows=["x"], grid_columns=["1", "2", "3"], grid_values=[[0, 1, 2]],
                           grid_range=(0, 1), grid_title="", bar_labels=["x"], bar_values=[[0], [1]], marked=[0, 0],
                           bar_titles=["", ""], captions=["", ""], grid_at=[1, 0]) | change))
