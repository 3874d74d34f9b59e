"""The vanishing lesson's cells and their config (lessons.vanishing.study): build_cell rescales every block of
W_hh and sets the LSTM's forget bias, seeded; FlowConfig refuses every out-of-range value with a message that says
what to change. The measurements on these cells are tested in test_vanishing_study.py."""

import numpy as np
import pytest
import torch

from lessons.vanishing.study import FlowConfig, build_cell, inputs, study
from tests.gradtools import F64, KINDS, one_thread

_one_thread = pytest.fixture(autouse=True, scope="module")(one_thread)


# ---------------------------------------------------------------------------------------------------------------
# build_cell and FlowConfig


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("scale_kind", ["radius", "sigma"])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_build_cell_rescales_every_block(kind, scale_kind, dtype):
    for scale, H in ((0.3, 5), (1.7, 16), (5.0, 3)):
        config = FlowConfig(hidden_size=H, scale=scale, scale_kind=scale_kind, dtype=dtype, seed=H)
        cell = build_cell(config, kind, 4)
        assert cell.weight_hh_l0.dtype == (torch.float32 if dtype == "float32" else F64)
        W = cell.weight_hh_l0.detach().double().numpy()
        blocks = np.split(W, W.shape[0] // H)
        assert len(blocks) == {"rnn": 1, "lstm": 4, "gru": 3}[kind]
        for block in blocks:
            size = np.abs(np.linalg.eigvals(block)).max() if scale_kind == "radius" else np.linalg.norm(block, 2)
            assert size == pytest.approx(scale, rel=2e-6 if dtype == "float32" else 1e-12)


@pytest.mark.parametrize("forget_bias", [-5.0, -2.0, 0.0, 1.0, 3.0, 7.5, 10.0])
@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_build_cell_sets_the_lstm_forget_bias(forget_bias, dtype):
    H = 6
    cell = build_cell(FlowConfig(hidden_size=H, forget_bias=forget_bias, dtype=dtype), "lstm", 3)
    total = (cell.bias_ih_l0 + cell.bias_hh_l0).detach().double().numpy()
    np.testing.assert_array_equal(total[H:2 * H], forget_bias)
    assert np.all(np.abs(total[:H]) <= 2 / np.sqrt(H))  # the other gates keep PyTorch's initialisation
    assert np.all(np.abs(total[2 * H:]) <= 2 / np.sqrt(H))


def test_build_cell_is_seeded():
    a, b = (build_cell(FlowConfig(seed=4), "gru", 8) for _ in range(2))
    c = build_cell(FlowConfig(seed=5), "gru", 8)
    torch.testing.assert_close(a.weight_hh_l0, b.weight_hh_l0, atol=0, rtol=0)
    assert not torch.equal(a.weight_hh_l0, c.weight_hh_l0)


BAD_CONFIGS = [
    ({"length": 1}, "length"), ({"length": 201}, "length"),
    ({"input_size": 0}, "input size"), ({"input_size": 65}, "input size"),
    ({"hidden_size": 0}, "hidden size"), ({"hidden_size": 129}, "hidden size"),
    ({"scale": 0.0}, "scale"), ({"scale": 5.01}, "scale"), ({"scale": float("nan")}, "scale"),
    ({"scale_kind": "norm"}, "scale_kind"),
    ({"input_scale": -0.5}, "input scale"), ({"input_scale": 11}, "input scale"),
    ({"forget_bias": -6}, "forget"), ({"forget_bias": 11}, "forget"),
    ({"seed": -1}, "seed"), ({"seed": 2**31}, "seed"),
    ({"dtype": "float16"}, "dtype"), ({"source": "file"}, "source"),
    ({"source": "text", "text": ""}, "empty"), ({"source": "text", "text": "   \n"}, "empty"),
    ({"source": "text", "text": "a" * 201}, "201 characters"), ({"source": "text", "text": "x"}, "one character"),
]


@pytest.mark.parametrize("settings,words", BAD_CONFIGS, ids=[repr(s)[:40] for s, _ in BAD_CONFIGS])
def test_flow_config_rejects_bad_values_with_a_message(settings, words):
    with pytest.raises(ValueError) as caught:
        FlowConfig(**settings)
    message = str(caught.value)
    assert words.lower() in message.lower()
    assert len(message) > 25  # says what to change, not just "invalid"


def test_flow_config_accepts_the_edges():
    for settings in ({"length": 2}, {"length": 200}, {"hidden_size": 128}, {"input_size": 64}, {"scale": 0.01},
                     {"scale": 5}, {"forget_bias": -5}, {"forget_bias": 10}, {"input_scale": 0},
                     {"source": "text", "text": "a" * 200}, {"source": "text", "text": "ab"}):
        FlowConfig(**settings)
    x, labels = inputs(FlowConfig(source="text", text="  abca  ", input_scale=1.5))
    assert labels == tuple("abca") and x.shape == (4, 3)  # one-hot over the text's own characters, scaled
    torch.testing.assert_close(x, 1.5 * torch.eye(3)[[0, 1, 2, 0]])


@pytest.mark.parametrize("settings", [{"length": 2.5}, {"length": 10.0}, {"input_size": 3.0}, {"seed": 1.5},
                                      {"hidden_size": 4.5}])
def test_flow_config_rejects_fractional_counts(settings):
    """A fractional length, size or seed is out of range like any other bad value: ValueError at construction,
    not a TypeError from deep inside torch when the study runs."""
    with pytest.raises(ValueError):
        study(FlowConfig(**settings))
    with pytest.raises(ValueError):
        FlowConfig(**settings)
