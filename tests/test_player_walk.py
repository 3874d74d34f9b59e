"""The step players of the vanishing walk and of self-attention (ui/player.py, issue 19): every step is what the
page's charts draw, pausing sets the page's slider (k, or the query word), Korean, and values past the dtype's range
sent without NaN. The hello, gates and translate players are in test_player.py."""

from __future__ import annotations

import dataclasses
import json
import re

import numpy as np
import pytest

from tests.apptools import arr, chart, lesson_page
from tests.playertools import player_data, stop_at, strict

VANISHING = "lessons/vanishing/page.py"
CELLS = ["RNN (tanh)", "LSTM", "GRU"]


def walk_numbers(at, kind: str) -> tuple[float, float]:
    """What the walk shows for the chosen cell at its k: ||ds_T/ds_k|| (the running line) and sigma_1 of J_k (the
    singular values chart's largest)."""
    (line,) = [m.value for m in at.markdown if m.value.startswith("‖∂s_T/∂s_k‖ at k =")]
    norm = float(re.search(r"\*\*([^*]+)\*\*", line).group(1))
    return norm, float(arr(chart(at, "Singular values of that Jacobian")["data"][0]["y"]).max())


def test_the_vanishing_player_walks_back_through_what_the_walk_draws():
    at = lesson_page(VANISHING)
    data = player_data(at)
    T = 60  # FlowConfig.length: the walk is k = 59 .. 1
    assert data["T"] == T - 1 and data["slider"] == list(range(T - 1, 0, -1)) and data["start"] == 1
    assert data["grid"]["at"] == [k - 1 for k in range(T - 1, 0, -1)] and data["grid"]["from"][0] == T - 1
    assert data["grid"]["rows"] == CELLS and data["grid"]["scale"] == "magnitude"
    chain = chart(at, "The fading chain")["data"]  # one row of nodes per cell, coloured by log10 ||ds_T/ds_k||
    for row, trace in zip(data["grid"]["values"], chain, strict=True):
        assert np.allclose(row, arr(trace["marker"]["color"]), atol=1e-4), trace["name"]
        assert data["grid"]["range"] == pytest.approx([trace["marker"]["cmin"], trace["marker"]["cmax"]])
    assert "log₁₀ ‖∂s_T/∂s_k‖" in data["grid"]["title"]
    assert data["bars"]["labels"] == CELLS and data["bars"]["rule"] == 1.0
    assert data["bars"]["range"][1] >= max(max(v for v in row if v is not None) for row in data["bars"]["values"])
    for k, kind in ((59, "RNN"), (5, "RNN"), (5, "LSTM"), (23, "GRU")):  # the charts at k against player step T - k
        at.slider(key="k").set_value(k)
        at.radio(key="walk_cell").set_value(kind).run()
        data, i = player_data(at), T - k
        assert data["start"] == i and data["slider"][i - 1] == k
        norm, sigma = walk_numbers(at, kind)
        cell = ["RNN", "LSTM", "GRU"].index(kind)
        assert data["bars"]["values"][i - 1][cell] == pytest.approx(sigma, abs=1e-4)
        assert 10 ** data["grid"]["values"][cell][k - 1] == pytest.approx(norm, rel=1e-3)
        assert set(data["bars"]["marked"]) == {cell}  # the cell the charts below show
        caption = data["captions"][i - 1]
        assert caption.startswith(f"k = {k} (T − k = {T - k}): ‖∂s_T/∂s_k‖") and f"{sigma:.3f}" in caption
        assert f"{CELLS[cell]} {norm:.1e}" in caption
        assert data["bars"]["titles"][i - 1].startswith(f"σ₁ of J_{k} = ∂s_{k + 1}/∂s_{k}")


def test_pausing_the_vanishing_player_sets_k_and_the_walk_follows():
    at = lesson_page(VANISHING)
    stop_at(at, 3)  # player step 3 of the walk back from T = 60 is k = 57
    assert at.slider(key="k").value == 57
    assert chart(at, "The fading chain")["layout"]["shapes"][0]["x0"] == 56.5
    assert chart(at, "The local Jacobian ∂s_{58}/∂s_{57}")
    assert player_data(at)["start"] == 3
    stop_at(at, 59)
    assert at.slider(key="k").value == 1 and chart(at, "The local Jacobian ∂s_{2}/∂s_{1}")


def test_the_vanishing_player_speaks_korean():
    at = lesson_page(VANISHING, lang="한국어")
    data = player_data(at)
    assert "이 단계가 기울기를 가장 크게 늘리는 배율" in data["captions"][0] and "셀별" in data["grid"]["title"]
    assert data["labels"]["play"] == "▶ 재생"


def test_the_vanishing_player_marks_underflow_without_nan():
    at = lesson_page(VANISHING, scale=0.1, T=200)  # the RNN's gradient falls below float32's smallest number: 0
    data = player_data(at)  # strict: no NaN or Infinity anywhere in the JSON
    lo, hi = data["grid"]["range"]
    values = np.asarray(data["grid"]["values"], dtype=float)
    assert np.isfinite(values).all() and values.min() >= lo - 1e-4 and values.max() <= hi + 1e-4
    assert np.isclose(values[0], lo, atol=1e-4).any()  # 0 at the bottom of the range, as the fading chain draws it
    assert any("RNN (tanh) 0 (underflow)" in caption for caption in data["captions"])


def test_the_vanishing_player_marks_overflow_without_nan():
    """No slider setting overflows a norm in float32 (the bound does), so the study is given one: inf where the RNN's
    product left the dtype's range and a Jacobian with no singular values (NaN, as study.measure writes them)."""
    from lessons.vanishing import walk
    from lessons.vanishing.curves import studied
    from lessons.vanishing.study import FlowConfig
    from ui.strings import strings

    s = studied(FlowConfig())
    rnn = s.cells["rnn"]
    norms, singular = rnn.norms.copy(), rnn.singular.copy()
    norms[:10], singular[3] = np.inf, np.nan
    broken = dataclasses.replace(s, cells=s.cells | {"rnn": dataclasses.replace(rnn, norms=norms, singular=singular)})
    S = strings("vanishing", "en")
    data = strict(json.dumps(walk.player_frames.__wrapped__(broken, "rnn", S["player_reading"], S["player_grid"],
                                                            S["player_bars"], S["player_underflow"],
                                                            S["player_overflow"])))
    T = s.T
    values = np.asarray(data["grid"]["values"], dtype=float)
    assert np.isfinite(values).all() and np.allclose(values[0, :10], data["grid"]["range"][1], atol=1e-4)
    assert data["bars"]["values"][T - 4 - 1][0] is None  # k = 4 (row 3) is player step T - 4: no bar, "–"
    assert "RNN (tanh) overflow" in data["captions"][T - 4 - 1] and "RNN (tanh) overflow" in data["captions"][-1]


SELFATTN = "lessons/selfattn/page.py"
WORDS = ["i", "eat", "red", "apple"]  # the default sentence
OPTIONS = [f"{k}. {w}" for k, w in enumerate(WORDS, 1)]  # the word slider's options


def test_the_selfattn_player_steps_through_the_query_words_of_head_1():
    at = lesson_page(SELFATTN, timeout=300)
    data = player_data(at)
    assert data["T"] == 4 and data["slider"] == OPTIONS and data["start"] == 2  # the word slider's default
    assert data["tape"] == [f"{k}·{w}" for k, w in enumerate(WORDS, 1)]
    (head,) = [t for t in chart(at, "Softmax weights of each of the")["data"] if t["name"] == "head 1"]
    weights = arr(head["z"]).reshape(4, 4)  # queries x keys, masked cells NaN (grey)
    grid = np.asarray(data["grid"]["values"], dtype=float)  # keys x queries, masked cells null
    assert np.array_equal(np.isnan(grid), np.isnan(weights.T))
    assert np.allclose(np.nan_to_num(grid), np.nan_to_num(weights.T), atol=1e-4)
    assert np.allclose(data["bars"]["values"], np.nan_to_num(weights), atol=1e-4)  # masked: exactly 0
    assert data["bars"]["marked"] == [int(np.nanargmax(row)) for row in weights]
    assert data["captions"][1].startswith("Query “2·eat” looks most at")
    for option in (OPTIONS[3], OPTIONS[0]):
        at.select_slider(key="word").set_value(option).run()
        assert player_data(at)["start"] == OPTIONS.index(option) + 1


def test_pausing_the_selfattn_player_sets_the_word_and_the_sums_follow():
    at = lesson_page(SELFATTN, timeout=300)
    stop_at(at, 3)
    assert at.select_slider(key="word").value == "3. red"
    assert any(r"\mathrm{head}_{3\,red}" in m.value for m in at.latex)  # the layer's sum for the word shown
    assert player_data(at)["start"] == 3


def test_the_selfattn_player_speaks_korean():
    at = lesson_page(SELFATTN, timeout=300, lang="한국어")
    data = player_data(at)
    assert data["captions"][0].startswith("쿼리 “1·i”: 가중치가 가장 큰 키는") and "헤드 1" in data["grid"]["title"]
