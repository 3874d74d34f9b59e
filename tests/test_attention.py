"""core.attention against PyTorch's own scaled_dot_product_attention and against the formulas written out."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from core.attention import attention, causal_mask


def qkv(Tq=5, Tk=7, d=8, dv=6, seed=0):
    g = torch.Generator().manual_seed(seed)
    return (torch.randn(Tq, d, generator=g, dtype=torch.float64), torch.randn(Tk, d, generator=g, dtype=torch.float64),
            torch.randn(Tk, dv, generator=g, dtype=torch.float64))


def random_mask(Tq, Tk, seed=0):
    rng = np.random.default_rng(seed)
    mask = rng.random((Tq, Tk)) > 0.5
    mask[np.arange(Tq), rng.integers(Tk, size=Tq)] = True  # every row allows something
    return mask


def test_scaled_dot_matches_torch_without_mask():
    q, k, v = qkv()
    r = attention(q, k, v, score="scaled_dot")
    torch.testing.assert_close(r.context, F.scaled_dot_product_attention(q, k, v), rtol=0, atol=1e-12)
    torch.testing.assert_close(r.scores, q @ k.T / math.sqrt(q.shape[1]), rtol=0, atol=1e-12)


def test_scaled_dot_matches_torch_with_mask_and_masked_weights_are_exactly_zero():
    q, k, v = qkv(seed=1)
    mask = random_mask(5, 7, seed=1)
    r = attention(q, k, v, score="scaled_dot", mask=mask)
    expected = F.scaled_dot_product_attention(q, k, v, attn_mask=torch.as_tensor(mask))
    torch.testing.assert_close(r.context, expected, rtol=0, atol=1e-12)
    assert (r.weights[~torch.as_tensor(mask)] == 0).all()
    torch.testing.assert_close(r.weights.sum(dim=1), torch.ones(5, dtype=torch.float64), rtol=0, atol=1e-12)
    # scores are before masking: the masked entries still hold q.k / sqrt(d)
    torch.testing.assert_close(r.scores, q @ k.T / math.sqrt(8), rtol=0, atol=1e-12)


def test_causal_mask_is_lower_triangular_and_matches_is_causal():
    T = 6
    m = causal_mask(T)
    assert m.dtype == bool and m.shape == (T, T)
    assert all(m[i, j] == (j <= i) for i in range(T) for j in range(T))
    q, k, v = qkv(T, T, seed=2)
    r = attention(q, k, v, score="scaled_dot", mask=m)
    torch.testing.assert_close(r.context, F.scaled_dot_product_attention(q, k, v, is_causal=True), rtol=0, atol=1e-12)
    assert (r.weights[torch.triu(torch.ones(T, T, dtype=torch.bool), diagonal=1)] == 0).all()


def test_all_masked_row_raises_and_says_which():
    q, k, v = qkv()
    mask = random_mask(5, 7)
    mask[3] = False
    with pytest.raises(ValueError, match="allows nothing in row 3"):
        attention(q, k, v, mask=mask)


def test_dot_general_and_additive_follow_their_formulas():
    q, k, v = qkv(seed=3)
    dot = attention(q, k, v, score="dot")
    torch.testing.assert_close(dot.scores, q @ k.T)
    rng = np.random.default_rng(0)
    W = rng.normal(size=(8, 8))
    general = attention(q.numpy(), k.numpy(), v.numpy(), score="general", params={"W": W})
    np.testing.assert_allclose(general.scores, q.numpy() @ W @ k.numpy().T, atol=1e-12)
    W_q, W_k, a = rng.normal(size=(8, 4)), rng.normal(size=(8, 4)), rng.normal(size=4)
    additive = attention(q.numpy(), k.numpy(), v.numpy(), score="additive", params={"W_q": W_q, "W_k": W_k, "v": a})
    by_hand = np.array([[a @ np.tanh(q.numpy()[t] @ W_q + k.numpy()[i] @ W_k) for i in range(7)] for t in range(5)])
    np.testing.assert_allclose(additive.scores, by_hand, atol=1e-12)
    weights = np.exp(by_hand) / np.exp(by_hand).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(additive.context, weights @ v.numpy(), atol=1e-12)
    assert isinstance(additive.weights, np.ndarray)


def test_torch_inputs_keep_their_gradient():
    q, k, v = (t.clone().requires_grad_(True) for t in qkv(seed=4))
    attention(q, k, v, score="dot").context.sum().backward()
    assert q.grad is not None and k.grad is not None and v.grad is not None


@pytest.mark.parametrize("kwargs, message", [
    (dict(score="cosine"), "score must be one of"),
    (dict(score="general"), "needs its learned weights in params: W"),
    (dict(score="additive", params={"W_q": np.eye(8)}), "W_k, v"),
    (dict(mask=np.ones((5, 6), dtype=bool)), "mask must be a bool array of shape"),
    (dict(mask=np.ones((5, 7))), "mask must be a bool array"),
])
def test_bad_arguments_are_explained(kwargs, message):
    q, k, v = qkv()
    with pytest.raises(ValueError, match=message):
        attention(q, k, v, **kwargs)


def test_shapes_are_checked():
    q, k, v = qkv()
    with pytest.raises(ValueError, match="same width"):
        attention(q[:, :4], k, v)
    with pytest.raises(ValueError, match="one row per source position"):
        attention(q, k, v[:3])
    with pytest.raises(ValueError, match="at least one position"):
        causal_mask(0)
