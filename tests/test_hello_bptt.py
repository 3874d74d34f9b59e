"""The hello lesson's core, part 2 (no Streamlit): backpropagation through time, full and truncated, and sampling."""

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from core.bptt import autograd_dh, gradient_flow
from core.charlm import CharLM, HelloConfig, train
from core.sampling import sample
from core.text import make_task

CELL_KINDS = ("rnn", "lstm", "gru")


# ---- core.bptt ----------------------------------------------------------------------------------------------

def random_model(cell: str, text: str = "hello world", hidden: int = 4, seed: int = 0):
    """An untrained model (its gradients are far from zero, so the comparisons below mean something)."""
    task = make_task(text)
    torch.manual_seed(seed)
    return CharLM(cell, task.V, hidden).double(), task


@pytest.mark.parametrize("cell", CELL_KINDS)
def test_full_window_matches_plain_autograd(cell):
    model, task = random_model(cell)
    flow = gradient_flow(model, task)  # window defaults to T
    assert flow.window == task.T
    ref = autograd_dh(model, task)
    assert np.abs(ref).max() > 1e-3
    np.testing.assert_allclose(flow.dh, ref, rtol=0, atol=1e-12)
    np.testing.assert_allclose(gradient_flow(model, task, task.T).dh, ref, rtol=0, atol=1e-12)


@pytest.mark.parametrize("cell", CELL_KINDS)
@pytest.mark.parametrize("k", [1, 2, 3, 10])
def test_contrib_zero_in_the_future_and_beyond_the_window(cell, k):
    model, task = random_model(cell)
    T = task.T
    flow = gradient_flow(model, task, k)
    full = gradient_flow(model, task)
    t, s = np.meshgrid(np.arange(T), np.arange(T), indexing="ij")
    norms = np.linalg.norm(flow.contrib, axis=-1)
    assert np.all(norms[s > t] == 0)
    assert np.all(norms[t - s >= k] == 0)
    kept = (s <= t) & (t - s < k)
    assert np.all(norms[kept] > 0)
    # inside the window the Jacobians are the full ones (the forward values are the same)
    np.testing.assert_allclose(flow.contrib[kept], full.contrib[kept], rtol=0, atol=1e-12)
    np.testing.assert_allclose(flow.dh, flow.contrib.sum(axis=0), rtol=0, atol=1e-12)


def truncated_reference(model: CharLM, task, k: int) -> dict[str, np.ndarray]:
    """BPTT(k) one loss at a time: each L_t re-runs the cell for (at most) k steps from the detached state of
    the full forward pass, then backward; the parameter gradients of all T losses are summed."""
    x, y = task.one_hot(), torch.tensor(task.targets)
    cell = model.cell
    with torch.no_grad():  # states[i] = state after i steps, states[0] = zeros
        states = [cell.initial_state(x[0])]
        for i in range(task.T):
            states.append(cell.step(x[i], states[-1]).state)
    model.zero_grad()
    for i in range(task.T):  # the loss that reads h after step i
        start = max(0, i - k + 1)
        state = tuple(v.detach() for v in states[start])
        for j in range(start, i + 1):
            state = cell.step(x[j], state).state
        F.cross_entropy(model.head(state[0])[None], y[i:i + 1]).backward()
    grads = {name: p.grad.detach().numpy().copy() for name, p in model.named_parameters()}
    model.zero_grad()
    return grads


@pytest.mark.parametrize("cell", CELL_KINDS)
@pytest.mark.parametrize("k", [1, 2, 4, 10, 50])
def test_truncated_param_grads_match_a_loss_by_loss_reference(cell, k):
    model, task = random_model(cell, seed=1)
    flow = gradient_flow(model, task, k)
    assert flow.window == min(k, task.T)
    ref = truncated_reference(model, task, k)
    assert set(flow.param_grads) == set(ref)
    for name, g in ref.items():
        np.testing.assert_allclose(flow.param_grads[name], g, rtol=0, atol=1e-12, err_msg=name)


def test_truncation_changes_the_gradient():
    model, task = random_model("rnn")
    full, cut = gradient_flow(model, task), gradient_flow(model, task, 1)
    diff = max(np.abs(full.param_grads[n] - cut.param_grads[n]).max() for n in full.param_grads)
    assert diff > 1e-6
    np.testing.assert_allclose(cut.param_grads["head.weight"], full.param_grads["head.weight"], atol=1e-12)


@pytest.mark.parametrize("window", [0, -1, 1.5, "2"])
def test_bad_window_is_rejected(window):
    model, task = random_model("rnn")
    with pytest.raises(ValueError):
        gradient_flow(model, task, window)


# ---- core.sampling ------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def trained_hello():
    return {cell: train(HelloConfig(cell=cell)) for cell in CELL_KINDS}


@pytest.mark.parametrize("cell", CELL_KINDS)
def test_greedy_sample_spells_hello(trained_hello, cell):
    r = trained_hello[cell]
    out = sample(r.model(), r.task.vocab, "h", 4)
    assert "".join(out.chars) == "ello"
    assert out.probs.shape == (4,) and np.all(out.probs > 0.5)
    np.testing.assert_allclose(out.dists.sum(axis=1), 1.0, atol=1e-12)


def test_temperature_sampling_is_deterministic_per_seed(trained_hello):
    r = trained_hello["rnn"]
    model, vocab = r.model(), r.task.vocab
    runs = [sample(model, vocab, "l", 60, temperature=3.0, greedy=False, seed=seed) for seed in (7, 7, 8)]
    assert runs[0].chars == runs[1].chars
    np.testing.assert_array_equal(runs[0].probs, runs[1].probs)
    assert set(runs[0].chars) <= set(vocab)
    assert runs[0].chars != runs[2].chars  # at temperature 3 sixty draws from four characters do differ


@pytest.mark.parametrize("start", ["x", "", "he", "H"])
def test_sampling_rejects_unknown_start(trained_hello, start):
    r = trained_hello["rnn"]
    with pytest.raises(ValueError):
        sample(r.model(), r.task.vocab, start, 4)


@pytest.mark.parametrize("kwargs", [dict(n=0), dict(n=201), dict(greedy=False, temperature=0.0),
                                    dict(greedy=False, temperature=10.0)])
def test_sampling_rejects_bad_settings(trained_hello, kwargs):
    r = trained_hello["rnn"]
    with pytest.raises(ValueError):
        sample(r.model(), r.task.vocab, "h", **{"n": 4, **kwargs})
