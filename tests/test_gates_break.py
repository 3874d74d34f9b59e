"""The gates lesson's "break the gates": gate pins (the cell's and the lesson's four), the cell-state gradient
||dc_T/dc_k|| through every path and along the forget-gate highway alone."""

import numpy as np
import pytest
import torch

from core.charlm import CharLM
from core.recurrent import LSTM, RNN
from core.text import make_task
from lessons.gates.study import GatesConfig, study
from lessons.gates.study_break import break_gates, cell_gradient, checked_pins, highway


def _lstm(seed=0, I=5, H=4):
    torch.manual_seed(seed)
    return LSTM(I, H).double()


def _x(T=9, I=5, seed=1):
    return torch.randn(T, I, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


def test_forget_one_input_zero_keeps_the_cell_state_constant():
    cell, x = _lstm(), _x()
    c0 = torch.randn(4, dtype=torch.float64)
    trace = cell(x, (torch.zeros(4, dtype=torch.float64), c0), pins={"f": 1.0, "i": 0.0})
    assert torch.equal(trace.c, c0.expand_as(trace.c))


def test_forget_zero_leaves_only_what_the_input_gate_writes():
    cell, x = _lstm(), _x()
    trace = cell(x, (torch.randn(4, dtype=torch.float64), torch.randn(4, dtype=torch.float64)), pins={"f": 0.0})
    assert torch.equal(trace.c, trace.gates["i"] * trace.gates["g"])
    assert torch.equal(trace.gates["f"], torch.zeros_like(trace.gates["f"]))


def test_output_one_shows_the_whole_squashed_cell():
    trace = _lstm()(_x(), pins={"o": 1.0})
    assert torch.equal(trace.h, torch.tanh(trace.c))


def test_no_pins_changes_nothing():
    cell, x = _lstm(), _x()
    assert torch.equal(cell(x).h, cell(x, pins={}).h)


@pytest.mark.parametrize("cell, pins, message", [
    (_lstm(), {"q": 1.0}, "cannot pin"), (_lstm(), {"f": 1.5}, "in \\[0, 1\\]"),
    (_lstm(), {"f": float("nan")}, "in \\[0, 1\\]"), (RNN(5, 4), {"f": 1.0}, "cannot pin")])
def test_bad_pins_are_refused(cell, pins, message):
    with pytest.raises(ValueError, match=message):
        cell(_x().to(next(cell.parameters()).dtype), pins=pins)


def test_the_lesson_allows_only_its_four_overrides():
    assert checked_pins((("f", 1.0), ("i", 0.0))) == {"f": 1.0, "i": 0.0}
    with pytest.raises(ValueError, match="pins f to 1 or 0"):
        checked_pins((("f", 0.5),))


def _reference_gradient(cell, x, k):
    """dc_T/dc_k by jacrev: rerun from step k with h_k = o_k tanh(c_k) recomputed from the nudged c_k."""
    with torch.no_grad():
        trace = cell(x)
    H = cell.hidden_size
    o_k = trace.gates["o"][k - 1] if k > 0 else None

    def c_T(c_k):
        h_k = o_k * torch.tanh(c_k) if k > 0 else torch.zeros(H, dtype=x.dtype)
        state = (h_k, c_k)
        for t in range(k, x.shape[0]):
            state = cell.step(x[t], state).state
        return state[1]

    c_k = trace.c[k - 1] if k > 0 else torch.zeros(H, dtype=x.dtype)
    return torch.linalg.matrix_norm(torch.func.jacrev(c_T)(c_k), ord=2).item()


def test_cell_gradient_matches_jacrev():
    task = make_task("abcabd")
    torch.manual_seed(0)
    model = CharLM("lstm", task.V, 3).double()
    norms = cell_gradient(model, task)
    x = task.one_hot()
    for k in range(task.T):
        assert norms[k] == pytest.approx(_reference_gradient(model.cell, x, k), rel=1e-10)
    assert norms[-1] == 1.0


def test_a_sealed_highway_passes_the_gradient_exactly():
    task = make_task("hello world")
    torch.manual_seed(1)
    model = CharLM("lstm", task.V, 4).double()
    assert np.array_equal(cell_gradient(model, task, {"f": 1.0, "i": 0.0}), np.ones(task.T + 1))


def test_highway_is_the_product_of_forget_gates():
    f = np.random.default_rng(0).uniform(0.2, 1.0, size=(6, 3))
    expected = [max(np.prod(f[k:, j]) for j in range(3)) for k in range(6)] + [1.0]
    np.testing.assert_allclose(highway(f), expected, rtol=1e-12)


@pytest.fixture(scope="module")
def small():
    return study(GatesConfig(text="hello hello", hidden_size=5, steps=150, seed=0))


def test_breaking_changes_what_it_should(small):
    learned = break_gates(small, ())
    sealed = break_gates(small, (("f", 1.0), ("i", 0.0)))
    assert np.array_equal(learned.analysis.h, small.analyses["lstm"].h)
    assert np.all(sealed.analysis.c == 0) and np.array_equal(sealed.gradient, np.ones(small.task.T + 1))
    no_output = break_gates(small, (("o", 1.0),))
    np.testing.assert_allclose(no_output.analysis.h, np.tanh(no_output.analysis.c), rtol=0, atol=1e-15)
