"""Self-attention with the trained Transformer's weights: the lesson's stages (weights, heads, output) are what
core.transformer computes in that encoder layer's self_attn, with every mask the page offers; X is what the layer
reads; the weights split into heads as MultiHead splits them; the config refuses what the model does not have; the
downloads say which weights were used. Numbers are read from the checkpoint, never written here (it is replaced)."""

import copy
import csv
import io
import json

import numpy as np
import pytest
import torch

from core.selfattn import encoder_input, mask_for, trained_projections
from core.seq2seq import pretrained
from core.vocab import ids as word_ids
from lessons.selfattn.study import (
    PAD,
    LayerConfig,
    layer_json,
    mask_rows,
    study,
    unknown_to_transformer,
    weights_csv,
)

WORDS = ("he", "eats", "big", "red", "apple", "quickly")
GRID = np.array([[1, 0, 0, 1, 0, 0], [0, 1, 1, 0, 0, 0], [1, 1, 1, 1, 1, 1],
                 [0, 0, 0, 1, 0, 0], [1, 0, 1, 0, 1, 0], [0, 0, 0, 0, 0, 1]], dtype=bool)


@pytest.fixture(scope="module")
def models():
    """The shipped translator (for the config's signature), the Transformer, and a float64 copy of it."""
    transformer = pretrained("transformer")
    return pretrained("attention"), transformer, copy.deepcopy(transformer).double()


def tokens_and_mask(kind: str):
    tokens = WORDS + (PAD,) * (3 if kind == "padding" else 0)
    return tokens, mask_for(kind, len(tokens), real=len(WORDS), custom=GRID)


def layers_own(model, layer: int, X: np.ndarray, mask: np.ndarray):
    """What core.transformer computes: that layer's self_attn on X with the mask, (B=1) squeezed."""
    attn = model.encoder[layer - 1].self_attn
    x = torch.as_tensor(X, dtype=attn.W_q.weight.dtype)[None]
    with torch.no_grad():
        out, weights = attn(x, x, torch.as_tensor(mask))
        Q = attn.split(attn.W_q(x))[0]
    return out[0].double().numpy(), weights[0].double().numpy(), Q.double().numpy()


@pytest.mark.parametrize("layer", [1, 2])
@pytest.mark.parametrize("kind", ["none", "causal", "padding", "custom"])
def test_the_stages_are_the_trained_layers_own_in_float64(models, layer, kind):
    translator, _, model64 = models
    tokens, mask = tokens_and_mask(kind)
    s = study(LayerConfig(tokens, 4, 0, mask_rows(mask), "trained", layer), translator, model64)
    out, weights, Q = layers_own(model64, layer, s.stages.X, mask)
    assert s.stages.weights.shape == weights.shape == (model64.config.heads, len(tokens), len(tokens))
    np.testing.assert_allclose(s.stages.weights, weights, rtol=0, atol=1e-10)
    np.testing.assert_allclose(s.stages.output, out, rtol=0, atol=1e-10)
    np.testing.assert_allclose(s.stages.Q, Q, rtol=0, atol=1e-10)
    assert (s.stages.weights[:, ~mask] == 0).all() and (s.stages.mask == mask).all()


@pytest.mark.parametrize("layer", [1, 2])
def test_the_page_models_float32_layer_agrees_to_1e_6(models, layer):
    translator, model, _ = models
    tokens, mask = tokens_and_mask("causal")
    s = study(LayerConfig(tokens, 4, 0, mask_rows(mask), "trained", layer), translator, model)
    out, weights, _ = layers_own(model, layer, s.stages.X, mask)
    np.testing.assert_allclose(s.stages.weights, weights, rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(s.stages.output, out, rtol=1e-5, atol=1e-6)


def test_x_is_what_each_layer_reads_and_unmasked_weights_are_the_encoders(models):
    _, _, model = models
    source = word_ids(list(WORDS))
    with torch.no_grad():
        x1 = model.embed(model.source_embed, source)
        x2, _ = model.encoder[0](x1)
        _, encoder_weights = model.encode(source)
    np.testing.assert_allclose(encoder_input(model, WORDS, 1), x1[0].numpy(), rtol=0, atol=1e-12)
    np.testing.assert_allclose(encoder_input(model, WORDS, 2), x2[0].numpy(), rtol=0, atol=1e-12)
    padded = encoder_input(model, WORDS, 2, T=9)
    assert padded.shape == (9, model.config.d_model) and (padded[6:] == 0).all()
    for layer in (1, 2):  # the model's own pass over the sentence (no mask): the same weights
        s = study(LayerConfig(WORDS, 4, 0, mask_rows(mask_for("none", 6)), "trained", layer), None, model)
        np.testing.assert_allclose(s.stages.weights, encoder_weights[layer - 1][0].numpy(), rtol=0, atol=1e-10)


def test_the_heads_are_blocks_of_dk_columns(models):
    _, model, _ = models
    attn = model.encoder[0].self_attn
    p = trained_projections(attn)
    d, H = model.config.d_model, model.config.heads
    dk = d // H
    assert p.W_q.shape == (H, d, dk) and p.W_o.shape == (H * dk, d)
    W_k = attn.W_k.weight.detach().double().T.numpy()
    for h in range(H):
        np.testing.assert_array_equal(p.W_k[h], W_k[:, h * dk:(h + 1) * dk])
    np.testing.assert_array_equal(p.W_o, attn.W_o.weight.detach().double().T.numpy())
    assert not np.allclose(p.W_q[0], p.W_q[1])  # four heads, four different projections


def test_the_mask_changes_the_trained_weights(models):
    translator, model, _ = models
    free, causal = (study(LayerConfig(WORDS, 4, 0, mask_rows(mask_for(k, 6)), "trained", 1), translator, model)
                    for k in ("none", "causal"))
    assert not np.allclose(free.stages.weights[:, :-1], causal.stages.weights[:, :-1])
    np.testing.assert_allclose(free.stages.weights[:, -1], causal.stages.weights[:, -1], atol=1e-12)


@pytest.mark.parametrize("make,message", [
    (lambda m: LayerConfig(WORDS, 2, 0, mask_rows(mask_for("none", 6)), "trained", 1), "the trained layer has 4"),
    (lambda m: LayerConfig(WORDS, 4, 0, mask_rows(mask_for("none", 6)), "trained", len(m.encoder) + 1), "layers 1 to"),
    (lambda m: LayerConfig(WORDS, 4, 0, mask_rows(mask_for("none", 6)), "learned", 1), "weights must be one of"),
    (lambda m: LayerConfig(WORDS, 4, 0, mask_rows(mask_for("none", 6)), "trained", 0), "layer must be"),
])
def test_what_the_model_does_not_have_is_refused(models, make, message):
    translator, model, _ = models
    with pytest.raises(ValueError, match=message):
        study(make(model), translator, model)


def test_words_the_transformer_does_not_know(models):
    _, model, _ = models
    assert unknown_to_transformer(["i", "eat", "aple"]) == ["aple"] and unknown_to_transformer(WORDS) == []
    with pytest.raises(ValueError, match="not in the vocabulary: aple"):
        encoder_input(model, ["i", "aple"], 1)


def test_the_downloads_say_which_weights(models):
    translator, model, _ = models
    mask = mask_rows(mask_for("causal", 3))
    trained = study(LayerConfig(WORDS[:3], 4, 0, mask, "trained", 2), translator, model)
    random = study(LayerConfig(WORDS[:3], 2, 7, mask, "random"), translator, model)
    rows = list(csv.DictReader(io.StringIO(weights_csv(trained).decode("utf-8"))))
    assert len(rows) == 4 * 3 * 3 and {(r["weights"], r["layer"], r["seed"]) for r in rows} == {("trained", "2", "")}
    assert float(rows[-1]["weight"]) == pytest.approx(trained.stages.weights[3, 2, 2], abs=1e-6)
    rows = list(csv.DictReader(io.StringIO(weights_csv(random).decode("utf-8"))))
    assert {(r["weights"], r["layer"], r["seed"]) for r in rows} == {("random", "", "7")}
    data = json.loads(layer_json(trained))
    assert (data["weights"], data["model"], data["layer"], data["seed"]) == ("trained", "transformer", 2, None)
    assert (data["heads"], data["d"], data["d_k"]) == (4, model.config.d_model, model.config.d_model // 4)
    data = json.loads(layer_json(random))
    assert (data["weights"], data["layer"], data["seed"], data["d_k"]) == ("random", None, 7, 8)
