"""The lecture notes' worked examples in "Hello, RNN" (issue 16), each checked against an independent computation:
the snapshots against core.charlm.train, note 001's ∂L₄/∂W_x split against autograd and against per-step copies of
the weight, the forward blurring against reverse-mode autograd and the written-out Jacobian product, chunked
truncated BPTT against a direct loop (float64 throughout). The GRU's two readings are in tests/test_hello_gru.py."""

import numpy as np
import pytest
import torch
from torch.func import functional_call
from torch.nn import functional as F

from core.bptt import chunked_flow, gradient_flow
from core.charlm import CharLM, HelloConfig, build_model, train
from core.text import make_task
from lessons.hello.study_snapshots import snapshot_steps, train_keeping
from lessons.hello.study_terms import input_reach, input_terms

CELL_KINDS = ("rnn", "lstm", "gru")


def random_model(cell: str, text: str = "hello world", hidden: int = 4, seed: int = 0):
    """An untrained model: its gradients are far from zero, so the comparisons mean something."""
    task = make_task(text)
    torch.manual_seed(seed)
    return CharLM(cell, task.V, hidden).double(), task


def probs(model: CharLM, task) -> np.ndarray:
    with torch.no_grad():
        return torch.softmax(model(task.one_hot())[1], -1).numpy()


# ---- the snapshots (note 004's untrained model) ------------------------------------------------------------------

@pytest.mark.parametrize("steps", [1, 7, 20, 21, 100, 3000])
def test_snapshot_steps_run_from_0_to_the_end_and_are_bounded(steps):
    kept = snapshot_steps(steps)
    assert kept[0] == 0 and kept[-1] == steps and list(kept) == sorted(set(kept)) and len(kept) <= 41
    assert set(range(min(steps, 20) + 1)) <= set(kept)  # every early step


@pytest.mark.parametrize("cell", CELL_KINDS)
def test_training_that_keeps_snapshots_is_core_training(cell):
    config = HelloConfig(text="hello world", cell=cell, hidden_size=4, steps=30, seed=1)
    kept, _ = train_keeping(config)
    reference = train(config)
    np.testing.assert_array_equal(kept.losses, reference.losses)
    np.testing.assert_array_equal(kept.accuracies, reference.accuracies)
    assert kept.solved_at == reference.solved_at
    for name, value in reference.state.items():
        assert torch.equal(kept.state[name], value), name


@pytest.mark.parametrize("cell", ["rnn", "gru"])
def test_each_snapshot_is_what_a_model_trained_that_long_predicts(cell):
    config = HelloConfig(cell=cell, steps=40, seed=3)
    result, snaps = train_keeping(config)
    task = result.task
    np.testing.assert_allclose(snaps.at(0), probs(build_model(config, task), task), rtol=0, atol=1e-13)
    for step in (1, 5, 24, 40):
        shorter = train(HelloConfig(cell=cell, steps=step, seed=3)).model()
        np.testing.assert_allclose(snaps.at(step), probs(shorter, task), rtol=0, atol=1e-12)
    for step in snaps.steps[:-1]:  # the loss the loop measured before update step + 1 is the sum of the terms
        assert snaps.losses(step).sum() == pytest.approx(result.losses[step], rel=1e-12)
    np.testing.assert_array_equal(snaps.predicted(40), probs(result.model(), task).argmax(1))


# ---- note 001: ∂L₄/∂W_x = H + E + L + L --------------------------------------------------------------------

def per_step_weight_terms(model: CharLM, task, loss: int) -> list[np.ndarray]:
    """The direct computation: step s uses its own copy of W_ih, so autograd's gradient for that copy is the term of
    step s (the cell's parameters swapped in with torch.func.functional_call, one step at a time)."""
    x, y = task.one_hot(), torch.tensor(task.targets)
    cell = model.cell
    params = dict(cell.named_parameters())
    copies = [params["weight_ih_l0"].detach().clone().requires_grad_() for _ in range(loss)]
    state = cell.initial_state(x[0])
    for t in range(loss):
        trace = functional_call(cell, {**params, "weight_ih_l0": copies[t]}, (x[t:t + 1], state))
        state = (trace.h[-1],) if trace.c is None else (trace.h[-1], trace.c[-1])
    L = F.cross_entropy(model.head(state[0])[None], y[loss - 1:loss])
    return [g.detach().numpy() for g in torch.autograd.grad(L, copies)]


@pytest.mark.parametrize("cell", CELL_KINDS)
@pytest.mark.parametrize("loss", [1, 4, 10])
def test_the_terms_are_the_per_step_gradients_and_add_up_to_autograd(cell, loss):
    model, task = random_model(cell)
    split = input_terms(model, task, loss)
    direct = per_step_weight_terms(model, task, loss)
    assert len(direct) == loss == len(split.norms)
    for s, term in enumerate(direct, start=1):
        np.testing.assert_allclose(split.term(s), term, rtol=0, atol=1e-13)
        assert np.count_nonzero(np.abs(term).sum(axis=0)) <= 1  # one column: the character read at step s
    full = torch.autograd.grad(F.cross_entropy(model(task.one_hot())[1][loss - 1:loss],
                                               torch.tensor(task.targets[loss - 1:loss])),
                               model.cell.weight_ih_l0)[0].numpy()
    np.testing.assert_allclose(split.total, full, rtol=0, atol=1e-13)
    assert split.gap < 1e-13 and np.abs(full).max() > 1e-3
    np.testing.assert_allclose(split.norms, [np.linalg.norm(t) for t in direct], rtol=1e-12)


def test_a_loss_outside_the_text_is_refused():
    model, task = random_model("rnn")
    for loss in (0, task.T + 1):
        with pytest.raises(ValueError, match="L_1"):
            input_terms(model, task, loss)


# ---- note 001: 갈수록 흐려진다 ----------------------------------------------------------------------------

def reverse_mode_reach(model: CharLM, task, source: int) -> np.ndarray:
    x = task.one_hot().requires_grad_()
    h = model.cell(x).h  # (T, H)
    T, H = h.shape
    out = np.zeros(T)
    for t in range(T):
        rows = [torch.autograd.grad(h[t, j], x, retain_graph=True)[0][source - 1] for j in range(H)]
        out[t] = torch.stack(rows).norm().item()
    return out


@pytest.mark.parametrize("cell", CELL_KINDS)
@pytest.mark.parametrize("source", [1, 3])
def test_the_forward_reach_is_reverse_mode_autograds(cell, source):
    model, task = random_model(cell)
    reach = input_reach(model, task, source)
    np.testing.assert_allclose(reach, reverse_mode_reach(model, task, source), rtol=1e-10, atol=1e-15)
    assert np.all(reach[:source - 1] == 0) and np.all(reach[source - 1:] > 0)


def test_the_forward_reach_is_the_product_of_the_step_jacobians():
    """Plain RNN: ∂h_t/∂x_1 = D_t W_hh ⋯ D_2 W_hh D_1 W_ih with D_t = diag(1 - h_t²), in NumPy."""
    model, task = random_model("rnn", hidden=5)
    cell = model.cell
    with torch.no_grad():
        h = cell(task.one_hot()).h.numpy()
    W_ih, W_hh = cell.weight_ih_l0.detach().numpy(), cell.weight_hh_l0.detach().numpy()
    J, expected = None, []
    for t in range(task.T):
        J = (1 - h[t] ** 2)[:, None] * (W_ih if J is None else W_hh @ J)
        expected.append(np.linalg.norm(J))
    np.testing.assert_allclose(input_reach(model, task), expected, rtol=1e-12)


# ---- note 004: truncated BPTT in chunks ---------------------------------------------------------------------

def direct_chunks(model: CharLM, task, k: int) -> dict[str, np.ndarray]:
    """Chunk by chunk with .backward(): each chunk starts from the state a no-grad full forward reached there."""
    x, y = task.one_hot(), torch.tensor(task.targets)
    cell = model.cell
    model.zero_grad()
    for start in range(0, task.T, k):
        with torch.no_grad():  # recomputed from the start, not carried: an independent forward
            trace = cell(x[:start]) if start else None
        state = (cell.initial_state(x[0]) if trace is None else (trace.h[-1],) if trace.c is None
                 else (trace.h[-1], trace.c[-1]))
        hs = []
        for t in range(start, min(start + k, task.T)):
            state = cell.step(x[t], state).state
            hs.append(state[0])
        F.cross_entropy(model.head(torch.stack(hs)), y[start:start + len(hs)], reduction="sum").backward()
    out = {name: p.grad.detach().numpy().copy() for name, p in model.named_parameters()}
    model.zero_grad()
    return out


@pytest.mark.parametrize("cell", CELL_KINDS)
@pytest.mark.parametrize("k", [1, 2, 3, 10])
def test_chunked_bptt_is_the_direct_loop(cell, k):
    model, task = random_model(cell)
    flow, full = chunked_flow(model, task, k), gradient_flow(model, task)
    reference = direct_chunks(model, task, k)
    for name, g in reference.items():
        np.testing.assert_allclose(flow.param_grads[name], g, rtol=0, atol=1e-12, err_msg=name)
    t, s = np.meshgrid(np.arange(task.T), np.arange(task.T), indexing="ij")
    same = (s <= t) & (s // k == t // k)
    np.testing.assert_allclose(flow.contrib[same], full.contrib[same], rtol=0, atol=1e-12)  # same Jacobians inside
    assert np.all(flow.contrib[~same] == 0) and np.all(np.linalg.norm(flow.contrib[same], axis=-1) > 0)
    np.testing.assert_allclose(flow.losses, full.losses, rtol=0, atol=1e-12)  # the carried state: same forward


@pytest.mark.parametrize("cell", CELL_KINDS)
def test_one_chunk_as_long_as_the_text_is_full_bptt(cell):
    model, task = random_model(cell)
    chunked, full = chunked_flow(model, task, task.T + 5), gradient_flow(model, task)
    for name, g in full.param_grads.items():
        np.testing.assert_allclose(chunked.param_grads[name], g, rtol=0, atol=1e-12)
    np.testing.assert_allclose(chunked.dh, full.dh, rtol=0, atol=1e-12)
    with pytest.raises(ValueError, match="chunk"):
        chunked_flow(model, task, 0)
