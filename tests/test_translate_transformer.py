"""The translation lesson's Transformer section: the study against the model's own trace (masked weights exactly 0,
rows summing to 1, the unmasked row reaching the future), the charts and equations against the study, and the
page (AppTest) showing the step and layer the address asks for, in English and in Korean."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from core.seq2seq import pretrained, translate
from core.vocab import BOS, TARGET_ID, ids
from lessons.translate.study_transformer import transformer_view
from tests.apptools import arr, chart
from tests.i18ntools import HANGUL, assert_korean, figures, move, open_page, title_of
from ui.registry import LESSONS
from ui.strings import strings
from viz.transformer import decoder_rows, encoder_grid, step_equations

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "translate")
EN, KO = strings("translate", "en"), strings("translate", "ko")
SENTENCE = EN["examples"][0].split()  # the page's first sentence


@pytest.fixture(scope="module")
def model():
    return pretrained("transformer")


@pytest.fixture(scope="module")
def view(model):
    return transformer_view(model, SENTENCE)


@pytest.fixture(scope="module")
def traces(model):
    """The model's own passes, made here: (masked, unmasked), over <s> and its greedy translation."""
    korean, _ = translate(model, SENTENCE)
    target_in = torch.tensor([[TARGET_ID[BOS]] + [TARGET_ID[w] for w in korean]])
    with torch.no_grad():
        return korean, model.trace(ids(SENTENCE), target_in), model.trace(ids(SENTENCE), target_in, masked=False)


def test_the_study_is_the_models_trace(view, traces):
    korean, on, off = traces
    assert view.inputs == (BOS, *korean) and view.written[:-1] == tuple(korean)  # its own greedy words, then
    assert view.written[-1] == "</s>"  # the end mark
    L, h, n1, _ = view.masked.shape
    assert (L, h, n1) == (len(on.decoder), on.decoder[0].shape[1], len(korean) + 1)
    for layer in range(L):
        np.testing.assert_array_equal(view.masked[layer], on.decoder[layer][0].double().numpy())
        np.testing.assert_array_equal(view.unmasked[layer], off.decoder[layer][0].double().numpy())
        np.testing.assert_array_equal(view.cross[layer], on.cross[layer][0].double().numpy())
        np.testing.assert_array_equal(view.encoder[layer], on.encoder[layer][0].double().numpy())


def test_masked_weights_are_exactly_zero_and_every_row_sums_to_one(view):
    future = np.triu(np.ones((view.steps, view.steps), dtype=bool), k=1)  # position j > t at step t
    assert (view.masked[..., future] == 0).all()
    np.testing.assert_allclose(np.where(future, 0, view.masked).sum(-1), 1, atol=1e-5)  # all on the words read
    for weights in (view.masked, view.unmasked, view.cross, view.encoder):
        np.testing.assert_allclose(weights.sum(-1), 1, atol=1e-5)


def test_with_the_mask_off_the_rows_reach_the_words_not_yet_written(view):
    for layer in range(1, view.layers + 1):
        leaked = view.leaked(1, layer)  # step 1 has read only <s>: every other word is in the future
        assert leaked.max() > 0.01, leaked  # some head looks ahead as soon as it may (which one: the checkpoint's)
        np.testing.assert_allclose(leaked, view.unmasked[layer - 1, :, 0, 1:].sum(-1))
        assert (view.leaked(view.steps, layer) == 0).all()  # the last step: nothing after it
    said = view.numbers(2, view.layers)
    leak = view.leaked(2, view.layers)
    assert said["leak"] == pytest.approx(100 * leak.max()) and said["head"] == int(leak.argmax()) + 1
    assert said["future"] == view.steps - 2 and said["word"] == view.written[1]
    with pytest.raises(ValueError, match="output step"):
        view.numbers(view.steps + 1, 1)
    with pytest.raises(ValueError, match="layers 1 to"):
        view.leaked(1, view.layers + 1)


def test_the_charts_carry_the_weights(view):
    t, layer = 3, 1
    fig = decoder_rows(view.masked[0, :, t - 1], view.unmasked[0, :, t - 1], list(view.inputs), t, "T", "c",
                       lang="en").to_dict()
    on, off = (arr(trace["z"]) for trace in fig["data"])
    np.testing.assert_array_equal(on, view.masked[layer - 1, :, t - 1])
    np.testing.assert_array_equal(off, view.unmasked[layer - 1, :, t - 1])
    assert fig["data"][0]["text"][0][t:] == ["0"] * (view.steps - t)  # a masked weight says it is exactly 0
    assert [s["x0"] for s in fig["layout"]["shapes"]] == [t - 0.5, t - 0.5]  # the future, shaded and outlined
    leak = view.unmasked[0, 0, t - 1, t:].sum()
    assert fig["layout"]["yaxis2"]["ticktext"][0] == f"head 1: {100 * leak:.0f} % on the future"
    grid = encoder_grid(view.encoder, SENTENCE, "T", "c", lang="ko").to_dict()
    assert len(grid["data"]) == view.encoder.shape[0] * view.encoder.shape[1]
    np.testing.assert_array_equal(arr(grid["data"][-1]["z"]), view.encoder[-1, -1])
    assert grid["layout"]["coloraxis"]["cmin"] == 0 and grid["layout"]["coloraxis"]["cmax"] == 1
    assert all(HANGUL.search(a["text"]) for a in grid["layout"]["annotations"])
    latex = step_equations(view.masked[0, 0, 3], view.unmasked[0, 0, 3], view.cross[0, 0, 3], list(view.inputs),
                           SENTENCE, 4, 1, lang="en")
    assert r"S_{4}^{\text{new}} = \sum_{j=1}^{4}" in latex and r"\sum_{j=5}^{" in latex
    assert f"= {view.unmasked[0, 0, 3, 4:].sum():.2f}" in latex


@pytest.fixture(scope="module")
def step2():
    return open_page(PAGE, "en", tf_t="2", tf_layer="1")


def test_the_page_shows_the_step_and_layer_from_the_address(view, step2):
    rows = chart(step2, "Step 2, decoder layer 1: self-attention")
    np.testing.assert_allclose(arr(rows["data"][0]["z"]), view.masked[0, :, 1], atol=1e-6)
    np.testing.assert_allclose(arr(rows["data"][1]["z"]), view.unmasked[0, :, 1], atol=1e-6)
    assert (arr(rows["data"][0]["z"])[:, 2:] == 0).all()
    cross = chart(step2, "Step 2, decoder layer 1: cross-attention")
    np.testing.assert_allclose(arr(cross["data"][0]["z"]), view.cross[0, :, 1], atol=1e-6)
    grid = chart(step2, "Encoder self-attention")
    np.testing.assert_allclose(arr(grid["data"][0]["z"]), view.encoder[0, 0], atol=1e-6)
    said = view.numbers(2, 1)
    text = " ".join(m.value for m in step2.markdown)
    assert f"**{said['leak']:.0f} % of head {said['head']}'s attention goes to the {said['future']} words" in text
    assert f"At step **2** of {view.steps}" in text
    assert any(r"S_{2}^{\text{new}}" in el.value for el in step2.latex)
    assert step2.query_params["tf_layer"] == "1" and step2.query_params["tf_t"] == "2"  # keys, not labels


def test_the_slider_and_the_layer_change_what_is_shown(view, step2):
    at = move(step2, "tf_t", 5)
    titles = [title_of(f) for f in figures(at)]
    assert any(t.startswith("Step 5, decoder layer 1") for t in titles)
    assert not any(t.startswith("Step 2, decoder layer") for t in titles)
    np.testing.assert_allclose(arr(chart(at, "Step 5, decoder layer 1: self")["data"][0]["z"]),
                               view.masked[0, :, 4], atol=1e-6)
    at = move(at, "tf_layer", str(view.layers))
    fig = chart(at, f"Step 5, decoder layer {view.layers}: self")
    np.testing.assert_allclose(arr(fig["data"][1]["z"]), view.unmasked[-1, :, 4], atol=1e-6)
    at = move(at, "tf_t", view.steps)  # the last step: the mask hides nothing
    assert any(EN["tf_leak_none"].format(t=view.steps)[:40] in m.value for m in at.markdown)


def test_the_korean_page_speaks_korean():
    at = open_page(PAGE, "ko", tf_t="3")
    assert any(title_of(f).startswith("시점 3, 디코더 2층") for f in figures(at))
    text = " ".join(m.value for m in at.markdown)
    assert "의 어텐션 중" in text and "트랜스포머" in text and "Vaswani 외 2017" in text
    assert at.radio(key="tf_layer").format_func("1") == "1층"
    assert_korean(at, "the Transformer section")
