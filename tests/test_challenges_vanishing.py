"""Vanishing lesson, challenges graded live (issue 20): each checked met and not met through AppTest, opened from the
address; the numbers they report are measured again here through torch.nn.RNN / torch.nn.LSTM's autograd."""

import numpy as np
import pytest
import torch

from core.gradients import memory_horizon
from lessons.vanishing.challenges import forget_mean, rnn_gain
from lessons.vanishing.study import FlowConfig, inputs, study
from tests.challengetools import heading, opened, reasons, verdicts

LONG_RNN = {"scale": "1.0", "input_scale": "0.5"}  # measured: the RNN keeps 10^-3 for 59 steps back


def test_the_rnn_numbers_are_torch_nn_rnn_s_own():
    """The factor per step back is the geometric mean of ||dh_T/dh_1||, and the mean tanh' is 1 - h^2 of the states:
    both measured again through torch.nn.RNN with the study's weights and autograd (float64)."""
    config = FlowConfig()
    s = study(config)
    cell = s.cells["rnn"].cell
    module = torch.nn.RNN(cell.input_size, cell.hidden_size).double()
    module.load_state_dict({name: getattr(cell, name).double() for name in
                            ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0")})
    x, _ = inputs(config)
    x = x.double()
    with torch.no_grad():
        h1 = module(x[:1])[1]  # (1, H): h_1
    start = h1.clone().requires_grad_()
    out, _ = module(x[1:], start)  # h_2..h_T from h_1
    rows = [torch.autograd.grad(out[-1, i], start, retain_graph=True)[0][0] for i in range(cell.hidden_size)]
    far = torch.linalg.matrix_norm(torch.stack(rows), ord=2).item()  # ||dh_T/dh_1||, spectral norm
    gain = rnn_gain(s)
    assert gain["rate"] ** (s.T - 1) == pytest.approx(far, rel=1e-3)
    states = torch.cat([h1, out.detach()]).numpy()
    assert gain["slope"] == pytest.approx(float(np.mean(1 - states**2)), rel=1e-4)
    assert gain["need"] == pytest.approx(10 ** (-3 / 30))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_rnn_horizon_is_met_with_w_hh_near_1_and_small_inputs_and_not_at_the_defaults(lang):
    state, text = verdicts(opened("vanishing", LONG_RNN, lang))["vanishing_rnn_horizon"]
    horizon = memory_horizon(study(FlowConfig(scale=1.0, input_scale=0.5)).cells["rnn"].norms, 1e-3)
    assert state == "met" and horizon >= 30 and str(horizon) in text, text
    at = opened("vanishing", {}, lang)
    state, text = verdicts(at)["vanishing_rnn_horizon"]
    assert state == "not yet" and "14" in text, text
    assert heading(at).startswith("Challenges: 0 of 2" if lang == "en" else "도전 과제: 2개 중 0개")


def test_rnn_horizon_needs_a_sequence_long_enough():
    at = opened("vanishing", {**LONG_RNN, "T": "20"})
    state, text = verdicts(at)["vanishing_rnn_horizon"]
    assert state == "not yet" and "19" in text and "at least 31" in reasons(at)["vanishing_rnn_horizon"]


def test_lstm_forgets_with_forget_bias_0_and_not_with_1_nor_on_a_short_sequence():
    state, text = verdicts(opened("vanishing", {"forget": "0.0"}))["vanishing_lstm_forgets"]
    assert state == "met" and "17 steps back" in text, text
    assert verdicts(opened("vanishing", {}))["vanishing_lstm_forgets"][0] == "not yet"  # b_f = 1: 45 steps
    at = opened("vanishing", {"T": "15"})
    assert verdicts(at)["vanishing_lstm_forgets"][0] == "not yet" and "T ≥ 40" in reasons(at)["vanishing_lstm_forgets"]


def test_the_forget_numbers_are_the_lstm_s_own_forget_gates():
    """f and the 20-step product, from torch.nn.LSTM's forget gate recomputed by hand from its weights."""
    config = FlowConfig(forget_bias=0.0)
    s = study(config)
    cell = s.cells["lstm"].cell
    x, _ = inputs(config)
    x = x.double()
    H = cell.hidden_size
    W_ih, W_hh = cell.weight_ih_l0.double(), cell.weight_hh_l0.double()
    b = (cell.bias_ih_l0 + cell.bias_hh_l0).double()
    module = torch.nn.LSTM(x.shape[1], H).double()
    module.load_state_dict({"weight_ih_l0": W_ih, "weight_hh_l0": W_hh, "bias_ih_l0": cell.bias_ih_l0.double(),
                            "bias_hh_l0": cell.bias_hh_l0.double()})
    with torch.no_grad():
        out, _ = module(x)  # (T, H): h_1..h_T
    h_prev = torch.cat([torch.zeros(1, H, dtype=torch.float64), out[:-1]])
    f = torch.sigmoid(x @ W_ih[H:2 * H].T + h_prev @ W_hh[H:2 * H].T + b[H:2 * H]).numpy()  # (T, H), gate order i f g o
    whole = f[1:].prod(axis=0)  # f_2..f_T per unit
    unit = int(np.argmax(whole))
    f_mean, kept = forget_mean(s)
    assert f_mean == pytest.approx(whole[unit] ** (1 / (s.T - 1)), rel=1e-4)
    assert kept == pytest.approx(f[-20:, unit].prod(), rel=1e-4)
