"""The vanishing lesson's experiment (lessons.vanishing.study): the study's measurements against torch autograd,
its T x T maps, and the physics the lesson claims (the Pascanu bound, overflow and underflow). Its cells and their
config (build_cell, FlowConfig) are tested in test_vanishing_cells.py.

References from tests/gradtools.py: torch's own modules with copied weights, in float64, and exact SVDs."""

import numpy as np
import pytest
import torch

from core.gradients import pascanu_bound, state_jacobian_map, state_jacobian_norms
from lessons.vanishing.study import FlowConfig, build_cell, inputs, study
from tests.gradtools import (
    F64,
    KINDS,
    MODULES,
    one_thread,
    reference_map_from_steps,
    torch_states,
    torch_step,
)

_one_thread = pytest.fixture(autouse=True, scope="module")(one_thread)


# ---------------------------------------------------------------------------------------------------------------
# The study's measurements against autograd


@pytest.mark.parametrize("kind", KINDS)
def test_cell_flow_jacobian_matches_jacrev(kind):
    config = FlowConfig(length=6, hidden_size=4, input_size=3, scale=1.4, dtype="float64", seed=3)
    flow_study = study(config)
    flow = flow_study.cells[kind]
    H = config.hidden_size
    step = MODULES[kind][2](config.input_size, H).double().requires_grad_(False)
    step.load_state_dict({name.removesuffix("_l0"): v for name, v in flow.cell.state_dict().items()})
    x = flow_study.x
    s = torch_states(kind, step, H, x)
    torch.testing.assert_close(flow.states, s, atol=1e-12, rtol=0)
    f = torch_step(kind, step, H)
    for k in range(config.length - 1):
        ref = torch.func.jacrev(lambda s_k, k=k: f(x[k + 1], s_k))(s[k]).numpy()
        np.testing.assert_allclose(flow.jacobian(x, k), ref, atol=1e-12, rtol=0)
        np.testing.assert_allclose(flow.singular[k], torch.linalg.svdvals(torch.from_numpy(ref)).numpy(),
                                   rtol=1e-10, atol=1e-12)
    for k in (-1, config.length - 1):
        with pytest.raises(ValueError):
            flow.jacobian(x, k)


def test_lstm_forget_product_matches_torch_gates():
    config = FlowConfig(length=9, hidden_size=4, input_size=3, forget_bias=2.0, dtype="float64", seed=6)
    flow_study = study(config)
    flow = flow_study.cells["lstm"]
    seq = torch.nn.LSTM(3, 4).double().requires_grad_(False)
    seq.load_state_dict(flow.cell.state_dict())
    x = flow_study.x
    h, _ = seq(x)
    h_prev = torch.cat([torch.zeros(1, 4, dtype=F64), h[:-1]])
    f = torch.sigmoid(x @ seq.weight_ih_l0[4:8].T + seq.bias_ih_l0[4:8] + h_prev @ seq.weight_hh_l0[4:8].T
                      + seq.bias_hh_l0[4:8]).numpy()  # (T, H), PyTorch's gate order i, f, g, o
    expected = np.stack([np.prod(f[k + 1:], axis=0) for k in range(config.length)])  # empty product at k = T-1
    assert flow.forget_product.shape == (9, 4)
    np.testing.assert_allclose(flow.forget_product, expected, rtol=1e-12)
    assert study(config).cells["rnn"].forget_product is None


# ---------------------------------------------------------------------------------------------------------------
# The T x T map on the lesson's cells


# Configurations (found by scanning ~400) where the default map's warm-started power iteration stops on the
# second singular value: the start vector is almost orthogonal to the top one and the top two are within ~5 %,
# so the residual test (1e-4) passes at the wrong eigenpair. state_jacobian_map documents agreement with an exact
# SVD to ~1e-7; one entry of each of these maps is off by 0.4 % to 4.8 %. (All settings pinned: the defaults move.)
PINNED = dict(input_size=8, input_scale=2.0, forget_bias=1.0, source="random", dtype="float64")
MISSED_TOP = [("gru", dict(seed=0, scale=1.5, scale_kind="sigma", hidden_size=16, length=30)),
              ("lstm", dict(seed=1, scale=1.0, scale_kind="radius", hidden_size=32, length=40)),
              ("lstm", dict(seed=2, scale=2.0, scale_kind="sigma", hidden_size=8, length=40))]


@pytest.mark.parametrize("kind,settings", MISSED_TOP, ids=[f"{k}-{s['seed']}" for k, s in MISSED_TOP])
def test_map_default_rtol_finds_the_largest_singular_value(kind, settings):
    config = FlowConfig(**PINNED, **settings)
    x, _ = inputs(config)
    cell = build_cell(config, kind, x.shape[1])
    H = config.hidden_size
    step = MODULES[kind][2](x.shape[1], H).double().requires_grad_(False)
    step.load_state_dict({name.removesuffix("_l0"): v for name, v in cell.state_dict().items()})
    ref = reference_map_from_steps(kind, step, H, x, torch_states(kind, step, H, x))
    lower = np.tril(np.ones(ref.shape, dtype=bool))
    np.testing.assert_allclose(state_jacobian_map(cell, x, rtol=1e-12)[lower], ref[lower], rtol=1e-8, atol=0)
    np.testing.assert_allclose(state_jacobian_map(cell, x)[lower], ref[lower], rtol=1e-3, atol=0)


# ---------------------------------------------------------------------------------------------------------------
# The Pascanu et al. (2013) bound and the physics the lesson claims


@pytest.mark.parametrize("scale_kind", ["radius", "sigma"])
@pytest.mark.parametrize("scale", [0.1, 0.5, 0.9, 1.0, 1.3, 2.0, 3.0])
def test_rnn_norms_never_exceed_the_pascanu_bound(scale, scale_kind):
    for seed in range(4):
        config = FlowConfig(length=30, hidden_size=8, input_size=3, scale=scale, scale_kind=scale_kind, seed=seed,
                            input_scale=(0.0, 0.5, 1.0, 3.0)[seed], dtype="float64")
        flow = study(config).cells["rnn"]
        sigma = np.linalg.norm(flow.cell.weight_hh_l0.detach().numpy(), 2)
        distance = np.arange(config.length)[::-1]
        assert flow.bound.shape == (config.length,) and flow.bound[-1] == 1.0
        np.testing.assert_allclose(flow.bound, sigma**distance, rtol=1e-12)
        np.testing.assert_allclose(pascanu_bound(flow.cell, config.length), flow.bound, rtol=0, atol=0)
        excess = flow.norms / flow.bound
        assert np.all(flow.norms <= flow.bound * (1 + 1e-9)), f"seed {seed}: norm/bound up to {excess.max()}"


@pytest.mark.parametrize("kind", ["lstm", "gru"])
def test_pascanu_bound_is_for_the_rnn_only(kind):
    with pytest.raises(ValueError, match="RNN"):
        pascanu_bound(build_cell(FlowConfig(hidden_size=4), kind, 3), 10)
    assert study(FlowConfig(length=5, hidden_size=4)).cells[kind].bound is None


@pytest.mark.parametrize("T", [0, -3, 2.0, "10"])
def test_pascanu_bound_rejects_bad_lengths(T):
    with pytest.raises(ValueError):
        pascanu_bound(build_cell(FlowConfig(hidden_size=4), "rnn", 3), T)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_rnn_vanishes_where_an_lstm_with_forget_bias_3_remembers(seed):
    """The issue's physics: sigma_max(W_hh) = 0.5 kills the RNN's gradient within 20 steps (the bound alone gives
    0.5^20 ~ 1e-6), while c_t = f_t c_{t-1} + ... carries the LSTM's when f_t ~ sigmoid(3) ~ 0.95."""
    T = 45
    base = dict(scale=0.5, scale_kind="sigma", dtype="float64", length=T, seed=seed)
    rnn = study(FlowConfig(**base)).cells["rnn"]
    lstm = study(FlowConfig(**base, forget_bias=3)).cells["lstm"]
    assert np.linalg.norm(rnn.cell.weight_hh_l0.numpy(), 2) == pytest.approx(0.5, rel=1e-12)
    assert rnn.norms[T - 1 - 20] < 1e-5
    assert lstm.norms[T - 1 - 20] > 1e-2


def test_issue_overflow_config_runs_and_flags_inf():
    """scale 3 over 200 steps: sigma_max^199 is far beyond float32 (~3.4e38) but not float64."""
    config = FlowConfig(scale=3, length=200)
    flow32 = study(config)
    rnn = flow32.cells["rnn"]
    assert np.isinf(rnn.bound).any() and np.isfinite(rnn.bound[-30:]).all()
    assert rnn.bound[-1] == 1.0 and np.all(rnn.bound[:-1] >= rnn.bound[1:])  # sigma_max > 1 here
    for flow in flow32.cells.values():
        assert flow.norms.shape == (200,) and flow.norms[-1] == pytest.approx(1.0, abs=1e-6)  # float32
        assert not np.isnan(flow.norms).any() and np.all(flow.norms >= 0)
        assert np.all(np.isfinite(flow.norms) | np.isposinf(flow.norms))
    flow64 = study(FlowConfig(scale=3, length=200, dtype="float64"))
    assert np.isfinite(flow64.cells["rnn"].bound).all()
    for flow in flow64.cells.values():
        assert np.isfinite(flow.norms).all()


@pytest.mark.parametrize("kind", KINDS)
def test_maps_in_float32_past_the_bound_overflow(kind):
    """A smaller config whose float32 bound overflows: the map is finite or inf, never NaN, never raises."""
    config = FlowConfig(scale=5, length=90, hidden_size=8)
    x, _ = inputs(config)
    cell = build_cell(config, kind, x.shape[1])
    if kind == "rnn":
        assert np.isinf(pascanu_bound(cell, config.length)).any()
    m = state_jacobian_map(cell, x)
    lower = m[np.tril_indices(config.length)]
    assert not np.isnan(lower).any() and np.all(lower >= 0)
    np.testing.assert_allclose(m[-1], state_jacobian_norms(cell, x), rtol=1e-3)


def test_issue_underflow_config_gives_exact_zeros():
    """scale 0.1 over 200 steps: 0.1^199 is below float32's smallest subnormal (~1.4e-45) but not float64's."""
    norms32 = study(FlowConfig(scale=0.1, length=200)).cells["rnn"].norms
    norms64 = study(FlowConfig(scale=0.1, length=200, dtype="float64")).cells["rnn"].norms
    assert (norms32 == 0).any() and np.all(norms64 > 0)
    np.testing.assert_array_equal(norms32[norms64 < 1e-46], 0.0)  # the contracting runs agree to ~1e-6
    assert np.all(norms32[norms64 > 1e-44] > 0)
    normal = norms64 > 1e-37
    np.testing.assert_allclose(norms32[normal], norms64[normal], rtol=1e-3)
