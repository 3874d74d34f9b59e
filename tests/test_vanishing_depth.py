"""Depth as well as time (lessons.vanishing.study_depth): a stack of tanh RNNs, ||dh^top_T/dh^l_t|| for every
layer and step, against torch autograd through ``torch.nn.RNNCell`` with copied weights."""

import numpy as np
import pytest
import torch

from lessons.vanishing.study import FlowConfig, inputs, study
from lessons.vanishing.study_depth import build_stack, layer_norms

F64 = torch.float64


@pytest.fixture(autouse=True, scope="module")
def _one_thread():
    """One intra-op thread, as the app runs (small matrices: threads only add synchronisation, and on a busy
    machine a second thread can make a study 10x slower)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def reference_layer_norms(config, layers):
    """(layers, T) ||dh^L_{T-1}/dh^l_k||_2 by autograd: rerun the stack (torch.nn.RNNCell, copied weights) with
    h^l_k replaced by a leaf of the same value, and differentiate the top layer's last state."""
    x, _ = inputs(config)
    T, H = x.shape[0], config.hidden_size
    stack = build_stack(config, layers, x.shape[1])
    cells = []
    for cell in stack:
        ref = torch.nn.RNNCell(cell.input_size, H).double().requires_grad_(False)
        ref.load_state_dict({name.removesuffix("_l0"): v.double() for name, v in cell.state_dict().items()})
        cells.append(ref)

    def run(replace=None, leaf=None):
        below, all_h = x.double(), []
        for layer, cell in enumerate(cells):
            h, out = torch.zeros(H, dtype=F64), []
            for t in range(T):
                h = cell(below[t], h)
                if replace == (layer, t):
                    h = leaf
                out.append(h)
            below = torch.stack(out)
            all_h.append(below)
        return all_h

    states = run()
    out = np.empty((layers, T))
    for layer in range(layers):
        for k in range(T):
            J = torch.func.jacrev(lambda v, at=(layer, k): run(at, v)[-1][-1])(states[layer][k].clone())
            out[layer, k] = torch.linalg.matrix_norm(J, ord=2)
    return out


def test_one_layer_equals_the_rnn_curve():
    config = FlowConfig(length=20, hidden_size=8, scale=1.3, dtype="float64", seed=2)
    got = layer_norms(config, 1)
    assert got.shape == (1, 20)
    np.testing.assert_allclose(got[0], study(config).cells["rnn"].norms, rtol=1e-9)


@pytest.mark.parametrize("layers", [2, 3])
@pytest.mark.parametrize("scale,seed", [(0.6, 0), (1.5, 1), (3.0, 2)])
def test_layer_norms_match_autograd(layers, scale, seed):
    config = FlowConfig(length=6, hidden_size=3, input_size=2, scale=scale, seed=seed, dtype="float64")
    got = layer_norms(config, layers)
    assert got.shape == (layers, 6)
    assert got[layers - 1, 5] == pytest.approx(1.0, abs=1e-15)
    ref = reference_layer_norms(config, layers)
    assert np.ptp(ref) > 0.1  # not a flat array of ones
    np.testing.assert_allclose(got, ref, rtol=1e-8, atol=0)


@pytest.mark.parametrize("layers", [0, 4, 2.0, None])
def test_layer_norms_rejects_bad_layer_counts(layers):
    with pytest.raises(ValueError, match="layers"):
        layer_norms(FlowConfig(length=4, hidden_size=3), layers)
