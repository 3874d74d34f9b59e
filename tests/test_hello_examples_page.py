"""The lecture notes' worked examples on the "Hello, RNN" page (issue 16), in AppTest: each new view's chart data
read back and compared with the study computed directly, its address opening it, and the page in Korean and English
while the new widgets move."""

import numpy as np
import pytest

from core.charlm import HelloConfig
from lessons.hello.study import study
from lessons.hello.study_gru import readings
from lessons.hello.study_terms import input_reach, input_terms
from tests.apptools import arr, chart, charts
from tests.i18ntools import SWITCH, assert_korean, hangul_in, move, open_page
from ui.registry import LESSONS

HELLO = next(lesson.path for lesson in LESSONS if lesson.key == "hello")
DEFAULT = study(HelloConfig())  # the page's defaults: the same deterministic study the page trains


def number(at, pattern: str) -> float:
    import re
    (match,) = [m for el in at.markdown if (m := re.search(pattern, el.value))]
    return float(match.group(1))


def test_the_snapshot_slider_walks_from_the_untrained_model_to_the_trained_one():
    at = open_page(HELLO, "en")
    assert at.select_slider(key="snap").value == 0 and at.select_slider(key="snap").options[-1] == "100"
    first = chart(at, "What the model predicts after 0 training steps")
    np.testing.assert_allclose(arr(first["data"][0]["z"]), DEFAULT.snapshots.at(0).T, rtol=0, atol=1e-12)
    bars = arr(chart(at, "Loss terms after 0 steps")["data"][0]["y"])
    np.testing.assert_allclose(bars, DEFAULT.snapshots.losses(0), rtol=1e-12)
    assert bars.sum() == pytest.approx(DEFAULT.result.losses[0], rel=1e-12)  # the run's loss before step 1
    (callout,) = [el.value for el in at.info if "note 004" in el.value]
    assert "before training (step 0)" in callout
    move(at, "snap", 100)
    last = chart(at, "What the model predicts after 100 training steps (4 of 4 right)")
    np.testing.assert_allclose(arr(last["data"][0]["z"]), DEFAULT.analysis.probs.T, rtol=0, atol=1e-12)
    np.testing.assert_allclose(arr(chart(at, "Loss terms after 100 steps")["data"][0]["y"]), DEFAULT.analysis.losses,
                               rtol=1e-9)


def test_a_snapshot_link_opens_that_step_and_survives_a_shorter_run():
    at = open_page(HELLO, "en", snap="7")
    assert at.select_slider(key="snap").value == 7
    assert chart(at, "What the model predicts after 7 training steps")
    move(at, "steps", 300)
    move(at, "snap", 34)  # kept with 300 steps (20, 34, 48, ...), not with 100 (20, 24, ..., 32, 36, ...)
    move(at, "steps", 100)
    assert at.select_slider(key="snap").value == 32  # pulled to the nearest kept step
    assert chart(at, "What the model predicts after 32 training steps")


def test_the_input_weight_gradient_is_split_by_character_and_adds_up():
    at = open_page(HELLO, "en")
    fig = chart(at, "∂L_4/∂W_ih = h + e + l + l")
    before, after = (arr(trace["y"]) for trace in fig["data"])
    model, task = DEFAULT.untrained_model(), DEFAULT.result.task
    np.testing.assert_allclose(before, input_terms(model, task, 4).norms, rtol=1e-12)
    np.testing.assert_allclose(after, input_terms(DEFAULT.result.model(), task, 4).norms, rtol=1e-12)
    assert before[-1] > before[0]  # the note's "L back to H": the nearest term is the largest before training
    assert number(at, r"to within \*\*([0-9.e+-]+)\*\* before training") < 1e-12
    move(at, "wx", 2)
    assert chart(at, "∂L_2/∂W_ih = h + e")
    assert at.query_params["wx"] in ("2", ["2"])


def test_the_forward_blurring_is_drawn_from_the_models():
    at = open_page(HELLO, "en")
    before, after = (arr(trace["y"]) for trace in chart(at, "How much of x_1 ('h') is still in h_t")["data"])
    task = DEFAULT.result.task
    np.testing.assert_allclose(before, input_reach(DEFAULT.untrained_model(), task), rtol=1e-12)
    np.testing.assert_allclose(after, input_reach(DEFAULT.result.model(), task), rtol=1e-12)


def test_the_chunk_map_greys_what_crosses_a_chunk_boundary():
    at = open_page(HELLO, "en", text="hello world", k="3")
    fig = chart(at, "Which loss reaches which hidden state: chunks")
    grey = ~np.isnan(arr(fig["data"][1]["z"]))
    t, s = np.meshgrid(np.arange(10), np.arange(10), indexing="ij")
    np.testing.assert_array_equal(grey, (s <= t) & (s // 3 != t // 3))
    assert len(chart(at, "Parameter gradients")["data"]) == 3
    assert number(at, r"\*\*([0-9]+)\*\* with chunks") == ((s <= t) & (s // 3 == t // 3)).sum()


def test_the_gru_shows_the_notes_form_beside_pytorchs_with_a_live_number():
    at = open_page(HELLO, "en")
    assert not any(r"\tilde{h}" in el.value for el in at.latex) and not any("note 001" in i.value for i in at.info)
    assert any("logits" in el.value and "V = 4" in el.value for el in at.caption)
    at = open_page(HELLO, "en", cell="GRU")
    assert any(r"h_t = (1 - z_t) * h_{t-1} + z_t * \tilde{h}_t" in el.value for el in at.latex)
    (callout,) = [el.value for el in at.info if "note 001" in el.value]
    g = readings(study(HelloConfig(cell="gru")).analysis)
    t, unit = g.example
    assert f"step t = {t}, unit {unit}, PyTorch's z = **{g.z[t - 1, unit - 1]:.3f}**" in callout
    assert f"**{1 - g.z[t - 1, unit - 1]:.3f}**" in callout
    assert at.get("page_link")


WALK = (("snap", 5), ("wx", 2), ("k", 1), ("cell", "GRU"), ("snap", 100), ("text", "hello world"), ("wx", 10),
        ("k", 3))


def test_the_new_views_are_korean_in_korean():
    at = open_page(HELLO, "ko")
    assert_korean(at, "first paint")
    for key, value in WALK:
        move(at, key, value)
        assert_korean(at, f"after {key} = {value!r}")
    titles = list(charts(at))
    assert any(title.startswith("학습 100단계 뒤 모델의 예측") for title in titles), titles
    assert any("노트 001" in el.value for el in at.info) and any("노트 004" in el.value for el in at.info)


def test_the_new_views_have_no_hangul_in_english():
    at = open_page(HELLO, "en")
    for key, value in WALK:
        move(at, key, value)
        assert hangul_in(at, allowed=SWITCH) == [], f"after {key} = {value!r}"
