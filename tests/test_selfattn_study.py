"""Self-attention, what the lesson computes: every stage against a direct computation and PyTorch's own attention,
the masks, the leak of an unmasked next-character model, distance gradients, the word vectors, the question's
answer from the causal mask, and the downloads (the page itself: tests/test_selfattn_page.py)."""

import csv
import io
import json
import math

import numpy as np
import plotly.graph_objects as go
import pytest
import torch
import torch.nn.functional as F

from core.attention import causal_mask
from core.selfattn import distance_gradients, mask_for, padding_mask, projections, stages
from core.seq2seq import SOURCE_ID, pretrained
from lessons.selfattn.study import (
    PAD,
    LayerConfig,
    causal_sight,
    distance,
    embeddings,
    layer_json,
    mask_rows,
    sight_choices,
    study,
    weights_csv,
)
from lessons.selfattn.study_mask import MAX_TEXT, CharAttnConfig, attention_map, generate, later_share, train
from viz.selfattn import distance_chart, loss_curves, panels

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
    assert later_share(masked) == 0 and later_share(unmasked) == pytest.approx(np.triu(free, k=1).sum() / free.sum())


def test_rnn_gradient_fades_with_distance_and_attention_does_not():
    x = rng.normal(size=(14, 32))
    g = distance_gradients(x, projections(32, 2, 0), seed=0)
    rnn, att = g["tanh RNN"], g["self-attention"]
    assert rnn[0] < rnn[-1] / 100  # 13 steps back through tanh and W_hh with spectral radius 0.9
    assert att[0] > att[-1] / 10
    # the RNN's last-word gradient by hand: y = tanh(x_T W_xh + h_(T-1) W_hh), so dy/dx_T = diag(1 - y^2) W_xh^T
    assert rnn[-1] > 0 and np.isfinite(att).all()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_figures_are_valid_plotly_with_validation_on(lang):
    """viz.selfattn builds figures with validation off for speed; rebuilding them validated must not fail."""
    s = stages(X[:4], projections(32, 2, 0), mask_for("causal", 4))
    words = ["i", "eat", "red", "apple"]
    fig = panels([dict(name="scores", z=s.scores[0], rows=words, cols=words, kind="signed"),
                  dict(name="softmax", z=s.weights[0], rows=words, cols=words, kind="weights", masked=~s.mask)],
                 "t", "c", lang=lang)
    go.Figure(fig.to_dict())
    curves = {"a": np.array([1.0, 0.5]), "b": np.array([0.9, 0.1])}
    go.Figure(distance_chart(curves, ["i", "eat"], "t", "c", lang=lang).to_dict())
    go.Figure(loss_curves(curves, "t", "c", lang=lang).to_dict())


@pytest.mark.parametrize("make,message", [
    (lambda: CharAttnConfig(text="x" * (MAX_TEXT + 1)), "at most 32"),
    (lambda: CharAttnConfig(steps=5001), "training steps must be between 1 and 5000, got 5001"),
    (lambda: CharAttnConfig(steps=2.5), "training steps must be a whole number"),
    (lambda: CharAttnConfig(width=1), "width must be between 2 and 64, got 1"),
    (lambda: CharAttnConfig(lr=0.0), "learning rate must be above 0"),
    (lambda: CharAttnConfig(seed=-1), "seed must be"),
    (lambda: LayerConfig(("i",), heads=5, mask=((True,),)), "the number of heads must be"),
    (lambda: LayerConfig(("i", "eat"), mask=((True,),)), "the mask must have 2 rows of 2"),
    (lambda: LayerConfig(("apple",) * 17, mask=((True,) * 17,) * 17), "1 to 16 tokens")])
def test_configs_refuse_what_is_out_of_range(make, message):
    with pytest.raises(ValueError, match=message):
        make()


@pytest.fixture(scope="module")
def translator():
    return pretrained("attention")


def test_word_vectors_are_the_translators_and_padding_is_zero(translator):
    table = translator.source_embed.weight.detach().double().numpy()
    X = embeddings(translator, ["i", "eat", PAD])
    np.testing.assert_array_equal(X[0], table[SOURCE_ID["i"]])
    np.testing.assert_array_equal(X[1], table[SOURCE_ID["eat"]])
    assert X.shape == (3, 32) and (X[2] == 0).all()


def test_the_study_runs_the_layer_on_those_vectors(translator):
    tokens = ("i", "eat", "red", "apple")
    config = LayerConfig(tokens, heads=3, seed=2, mask=mask_rows(mask_for("causal", 4)), weights="random")
    s = study(config, translator)
    assert s.cache_key == config and s.tokens == list(tokens)
    direct = stages(embeddings(translator, tokens), projections(32, 3, 2), causal_mask(4))
    np.testing.assert_array_equal(s.stages.weights, direct.weights)
    assert (s.stages.mask == causal_mask(4)).all()
    g = distance(translator, tokens, 3, 2)
    np.testing.assert_allclose(g["tanh RNN"], distance_gradients(direct.X, projections(32, 3, 2), 2)["tanh RNN"])


def test_downloads_hold_every_weight_and_the_mask(translator):
    tokens = ("i", "eat", "red")
    s = study(LayerConfig(tokens, heads=2, seed=0, mask=mask_rows(mask_for("causal", 3)), weights="random"), translator)
    rows = list(csv.DictReader(io.StringIO(weights_csv(s).decode("utf-8"))))
    assert len(rows) == 2 * 3 * 3 and list(rows[0]) == ["weights", "layer", "seed", "head", "query", "key", "weight"]
    eat_red = [r for r in rows if (r["head"], r["query"], r["key"]) == ("2", "eat", "red")]
    assert float(eat_red[0]["weight"]) == 0  # masked: the future
    assert float(rows[0]["weight"]) == pytest.approx(s.stages.weights[0, 0, 0], abs=1e-6)
    data = json.loads(layer_json(s))
    assert data == {"weights": "random", "model": "random projections", "layer": None, "seed": 0,
                    "tokens": list(tokens), "heads": 2, "max_heads": 4, "d": 32, "d_k": 8,
                    "mask": causal_mask(3).tolist()}


@pytest.mark.parametrize("T,i", [(1, 0), (2, 1), (4, 1), (16, 1), (5, 4)])
def test_the_questions_choices_are_distinct_and_one_is_what_the_mask_allows(T, i):
    choices = sight_choices(T, i)
    assert len(set(choices.values())) == len(choices) and set(choices) <= {"self", "before", "after", "all"}
    seen = causal_sight(T, i)
    assert seen == tuple(range(i + 1))  # the causal mask: itself and everything before
    assert [name for name, positions in choices.items() if positions == seen] in (["before"], ["self"], ["all"])
