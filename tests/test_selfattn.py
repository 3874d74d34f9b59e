"""Self-attention: every stage against a direct computation and PyTorch's own attention, the masks, the leak of
an unmasked next-character model, distance gradients, and the page under AppTest."""

import math

import numpy as np
import plotly.graph_objects as go
import pytest
import torch
import torch.nn.functional as F

from core.charattn import CharAttnConfig, attention_map, generate, train
from core.selfattn import distance_gradients, mask_for, padding_mask, projections, stages
from tests.apptools import arr, chart, charts, lesson_page
from ui.registry import LESSONS
from ui.strings import strings
from viz.selfattn import panels

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "selfattn")
S = strings("selfattn")
rng = np.random.default_rng(0)
X = rng.normal(size=(7, 32))


@pytest.mark.parametrize("heads", [1, 3, 4])
@pytest.mark.parametrize("kind", ["none", "causal", "padding"])
def test_every_stage_against_a_direct_computation(heads, kind):
    p = projections(32, heads, seed=1)
    mask = mask_for(kind, 7, real=5)
    s = stages(X, p, mask)
    for h in range(heads):
        Q, K, V = X @ p.W_q[h], X @ p.W_k[h], X @ p.W_v[h]
        np.testing.assert_allclose(s.Q[h], Q)
        np.testing.assert_allclose(s.scores[h], Q @ K.T, atol=1e-12)
        np.testing.assert_allclose(s.scaled[h], Q @ K.T / math.sqrt(8), atol=1e-12)
        masked = np.where(mask, Q @ K.T / math.sqrt(8), -np.inf)
        np.testing.assert_array_equal(np.isneginf(s.masked[h]), ~mask)
        np.testing.assert_allclose(s.masked[h][mask], masked[mask], atol=1e-12)
        weights = np.exp(masked - masked.max(axis=1, keepdims=True))
        weights /= weights.sum(axis=1, keepdims=True)
        np.testing.assert_allclose(s.weights[h], weights, atol=1e-12)
        np.testing.assert_allclose(s.heads_out[h], weights @ V, atol=1e-12)
        expected = F.scaled_dot_product_attention(*(torch.tensor(m) for m in (Q, K, V)), attn_mask=torch.tensor(mask))
        np.testing.assert_allclose(s.heads_out[h], expected.numpy(), atol=1e-12)
        assert (s.weights[h][~mask] == 0).all()
    np.testing.assert_allclose(s.output, np.concatenate(list(s.heads_out), axis=1) @ p.W_o, atol=1e-12)


def test_masks():
    causal = mask_for("causal", 5)
    assert (causal == np.tril(np.ones((5, 5), dtype=bool))).all()
    s = stages(X[:5], projections(32, 2, 0), causal)
    assert (s.weights[:, ~causal] == 0).all() and np.isneginf(s.masked[:, ~causal]).all()
    assert (padding_mask(6, 4)[:, 4:] == 0).all() and padding_mask(6, 4)[:, :4].all()
    grid = np.ones((5, 5), dtype=bool)
    grid[2] = False
    with pytest.raises(ValueError, match="allows nothing in row 2"):
        stages(X[:5], projections(32, 1, 0), mask_for("custom", 5, custom=grid))
    with pytest.raises(ValueError, match="mask must be one of"):
        mask_for("diagonal", 5)
    with pytest.raises(ValueError, match="1 to 16 tokens"):
        stages(rng.normal(size=(17, 32)), projections(32, 1, 0))


def test_unmasked_model_leaks_and_masked_one_generates_hello():
    masked = train(CharAttnConfig(text="hello", masked=True))
    unmasked = train(CharAttnConfig(text="hello", masked=False))
    assert unmasked.losses[-20:].mean() < masked.losses[-20:].mean() / 20  # the leak is real
    assert generate(masked, "h") == "hello"
    assert generate(unmasked, "h") != "hello"
    chars, weights = attention_map(masked)
    assert chars == "hell" and (np.triu(weights, k=1) == 0).all()
    _, free = attention_map(unmasked)
    assert np.triu(free, k=1).sum() > 0.5  # weight on later positions, where the answers are


def test_rnn_gradient_fades_with_distance_and_attention_does_not():
    x = rng.normal(size=(14, 32))
    g = distance_gradients(x, projections(32, 2, 0), seed=0)
    rnn, att = g["tanh RNN"], g["self-attention"]
    assert rnn[0] < rnn[-1] / 100  # 13 steps back through tanh and W_hh with spectral radius 0.9
    assert att[0] > att[-1] / 10
    # the RNN's last-word gradient by hand: y = tanh(x_T W_xh + h_(T-1) W_hh), so dy/dx_T = diag(1 - y^2) W_xh^T
    assert rnn[-1] > 0 and np.isfinite(att).all()


def test_figures_are_valid_plotly_with_validation_on():
    """viz.selfattn builds figures with validation off for speed; rebuilding them validated must not fail."""
    s = stages(X[:4], projections(32, 2, 0), mask_for("causal", 4))
    words = ["i", "eat", "red", "apple"]
    fig = panels([dict(name="scores", z=s.scores[0], rows=words, cols=words, kind="signed"),
                  dict(name="softmax", z=s.weights[0], rows=words, cols=words, kind="weights", masked=~s.mask)],
                 "t", "c")
    go.Figure(fig.to_dict())


def page(**widgets):
    return lesson_page(PAGE, timeout=300, **widgets)


def test_page_each_mask_changes_the_weights():
    seen = {}
    for label in (S["mask_none"], S["mask_causal"], S["mask_padding"]):
        at = page(mask=label)
        fig = chart(at, "Scores, scaled, masked, softmax")
        (trace,) = [t for t in fig["data"] if t["name"] == "softmax"]
        z = arr(trace["z"])
        seen[label] = z.reshape(int(math.isqrt(z.size)), -1)
    none, causal, padding = seen.values()
    assert not np.isnan(none).any() and np.isnan(causal[0, 1:]).all() and padding.shape == (16, 16)
    assert np.isnan(padding[:, 4:]).all() and not np.isnan(padding[:, :4]).any()
    np.testing.assert_allclose(np.nansum(causal, axis=1), 1, atol=1e-6)


def test_page_custom_mask_with_an_empty_row_shows_the_message():
    at = page(mask=S["mask_custom"])
    at.multiselect(key="allow_0_custom_grid_i_eat_red_apple").set_value([]).run()
    assert any("The mask allows nothing in the row of `i`" in e.value for e in at.error)
    assert not any(t.startswith("Scores") for t in charts(at)) and not at.exception


def test_page_reveal_and_the_notes_form():
    at = page(reveal=True)
    assert any("`i`, `eat`" in s.value for s in at.success)
    assert any("notes:" in el.value and "x_{\\text{2\\,eat}}" in el.value for el in at.latex)


def test_page_custom_edits_belong_to_their_sentence():
    """An edit made on one sentence must not carry over to another sentence of the same length."""
    at = page(mask=S["mask_custom"])
    at.selectbox(key="row_custom_grid_i_eat_red_apple").set_value(1).run()
    at.multiselect(key="allow_1_custom_grid_i_eat_red_apple").set_value([0, 1, 3]).run()
    weights = arr(next(t for t in chart(at, "Scores, scaled")["data"] if t["name"] == "softmax")["z"]).reshape(4, 4)
    assert weights[1, 3] > 0
    at.selectbox(key="sentence").set_value(S["own_option"]).run()
    at.text_input(key="own").set_value("we want cold water").run()
    assert not at.exception
    weights = arr(next(t for t in chart(at, "Scores, scaled")["data"] if t["name"] == "softmax")["z"]).reshape(4, 4)
    assert np.isnan(weights[np.triu_indices(4, 1)]).all()  # the new sentence starts causal, row 1 included


def test_page_unknown_and_too_many_words_are_explained():
    at = page(sentence=S["own_option"], own="i eat aple")
    assert any("`aple`" in e.value and "`apple`" in e.value for e in at.error) and not charts(at)
    at = page(sentence=S["own_option"], own=" ".join(["apple"] * 17))
    assert any("That is 17 words" in e.value for e in at.error)
