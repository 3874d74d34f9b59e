"""The gates lesson's core: gate pins, the GRU's two reset placements, the cell-state gradient, fused training."""

import csv
import io
import json

import numpy as np
import pytest
import torch
from torch import nn

from core import gates
from core.charlm import HelloConfig, train
from core.gates import GatesConfig, break_gates, cell_gradient, highway, saturation, step_values, study
from core.gru_forms import compare, reset_before
from core.recurrent import GRU, LSTM, RNN
from core.text import make_task, memory_steps


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
    assert gates.checked_pins((("f", 1.0), ("i", 0.0))) == {"f": 1.0, "i": 0.0}
    with pytest.raises(ValueError, match="pins f to 1 or 0"):
        gates.checked_pins((("f", 0.5),))


def _gru(seed=3, I=5, H=4):
    torch.manual_seed(seed)
    return GRU(I, H).double()


def test_pytorch_placement_matches_torch_gru():
    ours, x = _gru(), _x()
    theirs = nn.GRU(5, 4).double()
    theirs.load_state_dict(ours.state_dict())
    expected, _ = theirs(x[:, None])
    torch.testing.assert_close(ours(x).h, expected[:, 0], rtol=0, atol=1e-12)


def test_reset_before_is_the_concatenated_form():
    """n_t = tanh(W [r ⊙ h_(t-1), x_t] + b), written with one matrix as the lecture notes do."""
    cell, x = _gru(), _x()
    H = 4
    trace = reset_before(cell, x)
    W = torch.cat([cell.weight_hh_l0[2 * H:], cell.weight_ih_l0[2 * H:]], dim=1)  # (H, H + I)
    b = cell.bias_ih_l0[2 * H:] + cell.bias_hh_l0[2 * H:]
    h_prev = torch.cat([torch.zeros(1, H, dtype=x.dtype), trace.h[:-1]])
    n = torch.tanh(torch.cat([trace.gates["r"] * h_prev, x], dim=1) @ W.T + b)
    torch.testing.assert_close(trace.gates["n"], n, rtol=0, atol=1e-12)


def test_the_two_placements_agree_when_r_is_one_and_differ_otherwise():
    cell, x = _gru(), _x()
    torch.testing.assert_close(reset_before(cell, x, pins={"r": 1.0}).h, cell(x, pins={"r": 1.0}).h,
                               rtol=0, atol=1e-12)
    assert (reset_before(cell, x).h - cell(x).h).abs().max() > 1e-3


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
            state, _ = cell.step(x[t], state)
        return state[1]

    c_k = trace.c[k - 1] if k > 0 else torch.zeros(H, dtype=x.dtype)
    return torch.linalg.matrix_norm(torch.func.jacrev(c_T)(c_k), ord=2).item()


def test_cell_gradient_matches_jacrev():
    task = make_task("abcabd")
    torch.manual_seed(0)
    from core.charlm import CharLM
    model = CharLM("lstm", task.V, 3).double()
    norms = cell_gradient(model, task)
    x = task.one_hot()
    for k in range(task.T):
        assert norms[k] == pytest.approx(_reference_gradient(model.cell, x, k), rel=1e-10)
    assert norms[-1] == 1.0


def test_a_sealed_highway_passes_the_gradient_exactly():
    task = make_task("hello world")
    from core.charlm import CharLM
    torch.manual_seed(1)
    model = CharLM("lstm", task.V, 4).double()
    assert np.array_equal(cell_gradient(model, task, {"f": 1.0, "i": 0.0}), np.ones(task.T + 1))


def test_highway_is_the_product_of_forget_gates():
    f = np.random.default_rng(0).uniform(0.2, 1.0, size=(6, 3))
    expected = [max(np.prod(f[k:, j]) for j in range(3)) for k in range(6)] + [1.0]
    np.testing.assert_allclose(highway(f), expected, rtol=1e-12)


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
def test_fused_training_is_the_same_training(cell):
    config = HelloConfig(text="hello there", cell=cell, hidden_size=5, steps=40, lr=0.05, seed=2)
    ours, fused = train(config), train(config, fused=True)
    np.testing.assert_allclose(fused.losses, ours.losses, rtol=1e-9)
    for name, value in ours.state.items():
        torch.testing.assert_close(fused.state[name], value, rtol=1e-7, atol=1e-9)


@pytest.fixture(scope="module")
def small():
    return study(GatesConfig(text="hello hello", hidden_size=5, steps=150, seed=0))


def test_study_reports_progress_through_all_three_cells():
    seen = []
    study(GatesConfig(text="abcab", hidden_size=3, steps=10), lambda step, steps, *_: seen.append((step, steps)))
    assert seen == [(s, 30) for s in range(1, 31)]


def test_step_values_add_up(small):
    for t in (1, 4, small.task.T):
        for unit in range(5):
            v = step_values(small, "lstm", t, unit)
            assert v["kept"] + v["added"] == pytest.approx(v["c"], abs=1e-12)
            assert v["o"] * v["tanh_c"] == pytest.approx(v["h"], abs=1e-12)
            g = step_values(small, "gru", t, unit)
            assert g["new_part"] + g["kept"] == pytest.approx(g["h"], abs=1e-12)
            cell = small.model("gru").cell
            _, _, W_hn = cell.blocks("weight_hh_l0")
            _, _, b_hn = cell.blocks("bias_hh_l0")
            h_prev = torch.tensor(small.analyses["gru"].h[t - 1])
            recurrent = float((W_hn @ h_prev + b_hn)[unit].detach())
            assert g["reset_term"] == pytest.approx(g["r"] * recurrent, abs=1e-10)


def test_saturation_counts(small):
    a = small.analyses["lstm"]
    fractions = saturation(a, "lstm")
    assert set(fractions) == {"i", "f", "o"}
    f = a.gates["f"].ravel()
    assert fractions["f"] == (sum(v < 0.05 for v in f) / f.size, sum(v > 0.95 for v in f) / f.size)


def test_breaking_changes_what_it_should(small):
    learned = break_gates(small, ())
    sealed = break_gates(small, (("f", 1.0), ("i", 0.0)))
    assert np.array_equal(learned.analysis.h, small.analyses["lstm"].h)
    assert np.all(sealed.analysis.c == 0) and np.array_equal(sealed.gradient, np.ones(small.task.T + 1))
    no_output = break_gates(small, (("o", 1.0),))
    np.testing.assert_allclose(no_output.analysis.h[1:], np.tanh(no_output.analysis.c[1:]), rtol=0, atol=1e-15)


def test_the_default_model_carries_the_bracket():
    """The lesson's claim: with the defaults both gated cells learn the bracket text, and pinning the LSTM's
    forget gate to 0 breaks exactly steps that need memory."""
    s = study(GatesConfig())
    assert s.results["lstm"].accuracies[-1] == 1.0 and s.results["gru"].accuracies[-1] == 1.0
    broken = break_gates(s, (("f", 0.0),)).analysis
    wrong = set(np.flatnonzero(broken.probs.argmax(1) != np.array(s.task.targets)) + 1)
    assert wrong and wrong <= set(memory_steps(s.task))
    placements = compare(s.model("gru"), s.task)
    assert placements.accuracy_after == 1.0 and placements.step_gap.max() > 1e-3


def test_memory_steps():
    assert memory_steps(make_task("hello")) == (3, 4)  # "l" is followed by "l" once and by "o" once
    assert memory_steps(make_task("abcd")) == ()


def test_downloads(small):
    rows = list(csv.DictReader(io.StringIO(gates.gates_csv(small))))
    assert len(rows) == 2 * small.task.T * 5
    first = rows[0]
    assert float(first["f"]) == pytest.approx(small.analyses["lstm"].gates["f"][0, 0], rel=1e-7)
    assert first["r"] == ""
    data = json.loads(gates.config_json(small))
    assert data["config"]["text"] == "hello hello" and set(data["accuracy"]) == {"lstm", "gru", "rnn"}


@pytest.mark.parametrize("kwargs, message", [({"hidden_size": 33}, "hidden size"), ({"text": " "}, "empty"),
                                             ({"steps": 0}, "training steps")])
def test_bad_config(kwargs, message):
    with pytest.raises(ValueError, match=message):
        GatesConfig(**kwargs)
