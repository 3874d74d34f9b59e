"""core.numpy_rnn.forward_backward (hand-written BPTT) against a torch autograd reference."""

import numpy as np
import pytest
import torch

from core.numpy_rnn import forward_backward

KEYS = ("Wxh", "Whh", "Why", "bh", "by")


def problem(seed, V, H, T):
    """Random params, index sequences and a nonzero h_prev, scaled so tanh is neither linear nor saturated."""
    rng = np.random.default_rng(seed)
    params = {
        "Wxh": rng.normal(0, 0.8, (H, V)),
        "Whh": rng.normal(0, 0.9 / np.sqrt(H), (H, H)),
        "Why": rng.normal(0, 0.8, (V, H)),
        "bh": rng.normal(0, 0.2, H),
        "by": rng.normal(0, 0.2, V),
    }
    inputs = [int(i) for i in rng.integers(0, V, T)]
    targets = [int(i) for i in rng.integers(0, V, T)]
    h_prev = rng.uniform(-0.9, 0.9, H)
    return inputs, targets, h_prev, params


def torch_reference(inputs, targets, h_prev, params):
    """The model written straight from its equations in torch float64; autograd does the backward."""
    p = {k: torch.tensor(v, dtype=torch.float64, requires_grad=True) for k, v in params.items()}
    V = p["Wxh"].shape[1]
    h = torch.tensor(h_prev, dtype=torch.float64)
    hs, logits = [], []
    for x_idx in inputs:
        x = torch.nn.functional.one_hot(torch.tensor(x_idx), V).double()
        h = torch.tanh(p["Wxh"] @ x + p["Whh"] @ h + p["bh"])
        hs.append(h)
        logits.append(p["Why"] @ h + p["by"])
    loss = torch.nn.functional.cross_entropy(torch.stack(logits), torch.tensor(targets), reduction="sum")
    grads = torch.autograd.grad(loss, [p[k] for k in KEYS] + hs)
    return {
        "loss": loss.item(),
        "grads": {k: g.numpy() for k, g in zip(KEYS, grads[:len(KEYS)], strict=True)},
        "hs": torch.stack(hs).detach().numpy(),
        "dh": torch.stack(grads[len(KEYS):]).numpy(),
    }


def close(got, want, what, tol=1e-12):
    np.testing.assert_allclose(np.asarray(got, dtype=np.float64), want, rtol=tol, atol=tol, err_msg=what)


@pytest.mark.parametrize("seed", [0, 1, 2])
@pytest.mark.parametrize("V", [4, 7])
@pytest.mark.parametrize("H", [1, 3, 16])
@pytest.mark.parametrize("T", [1, 4, 20])
def test_matches_torch_autograd(seed, V, H, T):
    inputs, targets, h_prev, params = problem(seed, V, H, T)
    before = {k: v.copy() for k, v in params.items()}
    res = forward_backward(inputs, targets, h_prev, params)
    ref = torch_reference(inputs, targets, h_prev, params)
    assert isinstance(res["loss"], float)
    close(res["loss"], ref["loss"], "loss")
    assert set(res["grads"]) == set(KEYS)
    for k in KEYS:
        assert np.shape(res["grads"][k]) == params[k].shape, k
        close(res["grads"][k], ref["grads"][k], f"grad {k}")
    assert np.shape(res["hs"]) == (T, H) and np.shape(res["dh"]) == (T, H)
    close(res["hs"], ref["hs"], "hs")
    close(res["dh"], ref["dh"], "dh")
    for k in KEYS:
        np.testing.assert_array_equal(params[k], before[k], err_msg=f"params[{k!r}] was modified")


def entries(shape, rng, n=3):
    return [tuple(int(rng.integers(0, d)) for d in shape) for _ in range(n)]


@pytest.mark.parametrize("seed,V,H,T", [(0, 4, 3, 4), (1, 7, 16, 20), (2, 7, 1, 6)])
def test_finite_differences(seed, V, H, T):
    inputs, targets, h_prev, params = problem(seed, V, H, T)
    grads = forward_backward(inputs, targets, h_prev, params)["grads"]
    rng = np.random.default_rng(100 + seed)
    eps = 1e-6
    for k in KEYS:
        picks = entries(params[k].shape, rng)
        if k == "Wxh":  # columns of characters never read have zero gradient: also probe ones that are read
            picks += [(int(rng.integers(0, H)), inputs[0]), (int(rng.integers(0, H)), inputs[-1])]
        for idx in picks:
            plus = {n: v.copy() for n, v in params.items()}
            minus = {n: v.copy() for n, v in params.items()}
            plus[k][idx] += eps
            minus[k][idx] -= eps
            numeric = (forward_backward(inputs, targets, h_prev, plus)["loss"]
                       - forward_backward(inputs, targets, h_prev, minus)["loss"]) / (2 * eps)
            np.testing.assert_allclose(grads[k][idx], numeric, rtol=1e-5, atol=1e-7, err_msg=f"{k}{idx}")


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


@pytest.mark.parametrize("seed,V,H,T", [(3, 4, 3, 1), (4, 7, 16, 5), (5, 4, 1, 20)])
def test_last_step_closed_form(seed, V, H, T):
    inputs, targets, h_prev, params = problem(seed, V, H, T)
    h, local = h_prev, []
    for x_idx, y in zip(inputs, targets, strict=True):  # plain NumPy forward, written here independently
        h = np.tanh(params["Wxh"][:, x_idx] + params["Whh"] @ h + params["bh"])
        local.append(params["Why"].T @ (softmax(params["Why"] @ h + params["by"]) - np.eye(V)[y]))
    dh = np.asarray(forward_backward(inputs, targets, h_prev, params)["dh"])
    close(dh[-1], local[-1], "dh[-1]")  # nothing comes after the last step
    if T > 1:  # earlier steps also collect gradient from every later step, so the local term alone is wrong
        assert not np.allclose(dh[0], local[0], rtol=1e-6, atol=1e-9)


def bad_cases():
    inputs, targets, h_prev, params = problem(0, 4, 3, 5)
    V, H = 4, 3

    def with_param(k, shape):
        return inputs, targets, h_prev, {**params, k: np.zeros(shape)}

    return {
        "input index = V": ([0, 1, V, 2, 3], targets, h_prev, params),
        "negative input index": ([0, 1, -1, 2, 3], targets, h_prev, params),
        "target index = V": (inputs, [0, 1, 2, 3, V], h_prev, params),
        "mismatched lengths": (inputs, targets[:-1], h_prev, params),
        "empty inputs": ([], [], h_prev, params),
        "Whh not square": with_param("Whh", (H, H + 1)),
        "Why transposed": with_param("Why", (H, V)),
        "bh wrong length": with_param("bh", (H + 1,)),
        "by wrong length": with_param("by", (V + 1,)),
        "h_prev wrong length": (inputs, targets, np.zeros(H + 1), params),
    }


@pytest.mark.parametrize("case", list(bad_cases()))
def test_bad_input_raises(case):
    with pytest.raises(ValueError, match=r"\S"):
        forward_backward(*bad_cases()[case])
