"""The gates lesson's study: the GRU's two reset placements, fused training, the traces on the one time axis, the
step values, saturation, the downloads and the config's limits."""

import csv
import io
import json

import numpy as np
import pytest
import torch
from torch import nn

from core.charlm import CharLM, HelloConfig, train
from core.recurrent import GRU
from core.text import make_task, memory_steps
from lessons.gates.study import GatesConfig, config_json, gates_csv, saturation, step_values, study, traces
from lessons.gates.study_break import break_gates
from lessons.gates.study_forms import compare, reset_before


def _x(T=9, I=5, seed=1):
    return torch.randn(T, I, generator=torch.Generator().manual_seed(seed), dtype=torch.float64)


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
    trace = reset_before(cell)(x)
    W = torch.cat([cell.weight_hh_l0[2 * H:], cell.weight_ih_l0[2 * H:]], dim=1)  # (H, H + I)
    b = cell.bias_ih_l0[2 * H:] + cell.bias_hh_l0[2 * H:]
    n = torch.tanh(torch.cat([trace.gates["r"] * trace.h_prev, x], dim=1) @ W.T + b)
    torch.testing.assert_close(trace.gates["n"], n, rtol=0, atol=1e-12)


def test_the_two_placements_agree_when_r_is_one_and_differ_otherwise():
    cell, x = _gru(), _x()
    other = reset_before(cell)
    torch.testing.assert_close(other(x, pins={"r": 1.0}).h, cell(x, pins={"r": 1.0}).h, rtol=0, atol=1e-12)
    assert (other(x).h - cell(x).h).abs().max() > 1e-3


def test_the_placement_alone_is_one_step_of_each_form_from_the_same_state():
    """compare's step gap: n_t of the two forms, both from PyTorch's h_(t-1), written out by hand here."""
    task = make_task("abcabd")
    torch.manual_seed(2)
    model = CharLM("gru", task.V, 4).double()
    cell, x = model.cell, task.one_hot()
    with torch.no_grad():
        after = cell(x)
        _, _, W_in = cell.blocks("weight_ih_l0")
        _, _, W_hn = cell.blocks("weight_hh_l0")
        _, _, b_in = cell.blocks("bias_ih_l0")
        _, _, b_hn = cell.blocks("bias_hh_l0")
        n_before = torch.tanh(x @ W_in.T + b_in + (after.gates["r"] * after.h_prev) @ W_hn.T + b_hn)  # (T, H)
    expected = (after.gates["n"] - n_before).abs().max(dim=1).values.numpy()
    np.testing.assert_allclose(compare(model, task).step_gap, expected, rtol=0, atol=1e-12)


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
            h_prev = torch.tensor(small.analyses["gru"].h_prev[t - 1])
            recurrent = float((W_hn @ h_prev + b_hn)[unit].detach())
            assert g["reset_term"] == pytest.approx(g["r"] * recurrent, abs=1e-10)


def test_saturation_counts(small):
    a = small.analyses["lstm"]
    fractions = saturation(a, "lstm")
    assert set(fractions) == {"i", "f", "o"}
    f = a.gates["f"].ravel()
    assert fractions["f"] == (sum(v < 0.05 for v in f) / f.size, sum(v > 0.95 for v in f) / f.size)


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


def test_the_study_is_shared_by_its_config(small):
    assert small.cache_key == GatesConfig(text="hello hello", hidden_size=5, steps=150, seed=0)
    hash(small.cache_key)


def test_traces_are_on_the_one_time_axis(small):
    """Row t - 1 of every trace is step t: h_1..h_T, never the initial state."""
    a = small.analyses["lstm"]
    values = traces(a)
    assert all(v.shape == (small.task.T, 5) for v in values.values())
    np.testing.assert_array_equal(values["h"], a.h)
    np.testing.assert_array_equal(values["tanh_c"], np.tanh(a.c))
    v = step_values(small, "lstm", 1, 0)
    assert v["h_prev"] == 0 and v["c_prev"] == 0 and v["h"] == a.h[0, 0]


def test_downloads(small):
    rows = list(csv.DictReader(io.StringIO(gates_csv(small))))
    assert len(rows) == 2 * small.task.T * 5
    first = rows[0]
    assert float(first["f"]) == pytest.approx(small.analyses["lstm"].gates["f"][0, 0], rel=1e-7)
    assert float(first["h"]) == pytest.approx(small.analyses["lstm"].h[0, 0], rel=1e-7)  # h_1: step 1's state
    assert first["r"] == ""
    data = json.loads(config_json(small))
    assert data["config"]["text"] == "hello hello" and set(data["accuracy"]) == {"lstm", "gru", "rnn"}


@pytest.mark.parametrize("kwargs, message", [({"hidden_size": 33}, "hidden size"), ({"text": " "}, "empty"),
                                             ({"steps": 0}, "training steps")])
def test_bad_config(kwargs, message):
    with pytest.raises(ValueError, match=message):
        GatesConfig(**kwargs)
