"""How far gradients travel back through time: core.jacobians, core.gradients, core.vanishing and core.depth.

Every reference is computed independently of the code under test: torch autograd (``torch.func.jacrev``) through
``torch.nn.RNN/LSTM/GRU`` or their ``*Cell`` versions with copied weights, in float64, then an exact SVD
(``torch.linalg.matrix_norm(ord=2)``); or hand-built Jacobians whose products have known singular values.
"""

import numpy as np
import pytest
import torch

from core.depth import build_stack, layer_norms
from core.gradients import (
    memory_horizon,
    norms_from_jacobians,
    norms_to_end,
    pascanu_bound,
    spectral_norms,
    state_jacobian_map,
    state_jacobian_norms,
)
from core.jacobians import jacobians, step_jacobians
from core.recurrent import GRU, LSTM, RNN
from core.vanishing import FlowConfig, build_cell, inputs, study

F64 = torch.float64
MODULES = {  # ours, torch's multi-step module, torch's one-step module
    "rnn": (RNN, lambda i, h: torch.nn.RNN(i, h, nonlinearity="tanh"), torch.nn.RNNCell),
    "lstm": (LSTM, torch.nn.LSTM, torch.nn.LSTMCell),
    "gru": (GRU, torch.nn.GRU, torch.nn.GRUCell),
}
KINDS = list(MODULES)


@pytest.fixture(autouse=True, scope="module")
def _one_thread():
    """One intra-op thread, as the app runs (small matrices: threads only add synchronisation, and on a busy
    machine a second thread can make a study 10x slower)."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


# ---------------------------------------------------------------------------------------------------------------
# Independent references


def modules(kind, I, H, seed=0, gain=1.0):
    """(ours, torch's multi-step module, torch's one-step module) in float64 with the same weights.

    ``gain`` multiplies every torch weight before copying: large weights saturate tanh and the gates."""
    torch.manual_seed(seed)
    ours_cls, seq_factory, step_cls = MODULES[kind]
    seq = seq_factory(I, H).double()
    with torch.no_grad():
        for p in seq.parameters():
            p.mul_(gain)
    ours = ours_cls(I, H).double()
    ours.load_state_dict(seq.state_dict())
    step = step_cls(I, H).double()
    step.load_state_dict({name.removesuffix("_l0"): v for name, v in seq.state_dict().items()})
    seq.requires_grad_(False)
    step.requires_grad_(False)
    return ours, seq, step


def state_size(kind, H):
    return 2 * H if kind == "lstm" else H


def torch_step(kind, step, H):
    """s' = f(x_t, s) with torch's one-step module; s = h, or [h; c] for the LSTM."""

    def f(x_t, s):
        if kind == "lstm":
            return torch.cat(step(x_t, (s[:H], s[H:])))
        return step(x_t, s)

    return f


def torch_states(kind, step, H, x, s=None):
    """The states after each input of ``x`` (n, I), starting from ``s`` (zero if None): (n, S)."""
    f = torch_step(kind, step, H)
    s = torch.zeros(state_size(kind, H), dtype=x.dtype) if s is None else s
    out = []
    for x_t in x:
        s = f(x_t, s)
        out.append(s)
    return torch.stack(out)


def torch_final(kind, seq, H, x, s):
    """The state after torch's multi-step module has read ``x`` (n, I) from state ``s``."""
    if kind == "lstm":
        _, (h, c) = seq(x, (s[None, :H], s[None, H:]))
        return torch.cat([h[0], c[0]])
    _, h = seq(x, s[None])
    return h[0]


def spectral(J):
    return torch.linalg.matrix_norm(J, ord=2).numpy()


def reference_norms(kind, seq, H, x, s):
    """(T,) ||ds_{T-1}/ds_k||_2: autograd through torch's multi-step module run from s_k over x[k+1:]."""
    T = x.shape[0]
    out = np.ones(T)
    for k in range(T - 1):
        J = torch.func.jacrev(lambda s_k, k=k: torch_final(kind, seq, H, x[k + 1:], s_k))(s[k])
        out[k] = spectral(J)
    return out


def reference_map(kind, step, H, x, s):
    """(T, T) ||ds_t/ds_k||_2 for k <= t, NaN above: one autograd Jacobian of s_{k+1..T-1} with respect to s_k
    per k, through torch's one-step module."""
    T = x.shape[0]
    out = np.full((T, T), np.nan)
    np.fill_diagonal(out, 1.0)
    for k in range(T - 1):
        J = torch.func.jacrev(lambda s_k, k=k: torch_states(kind, step, H, x[k + 1:], s_k))(s[k])  # (T-k-1, S, S)
        out[k + 1:, k] = spectral(J)
    return out


def known_jacobians(T, S, log10_c, dtype, seed=0):
    """One-step Jacobians J_k = c Q_{k+1} D Q_k^T with random orthogonal Q_k and D = diag(1, 1/2, 1/4, ...):
    the product J_{t-1} ... J_k = c^(t-k) Q_t D^(t-k) Q_k^T has largest singular value exactly c^(t-k), and a
    gap (1/2)^(t-k) to the next, so a power iteration has a single right answer."""
    g = torch.Generator().manual_seed(seed)
    Q = torch.linalg.qr(torch.randn(T, S, S, generator=g, dtype=F64)).Q
    D = torch.diag(0.5 ** torch.arange(S, dtype=F64))
    J = 10.0**log10_c * Q[1:] @ D @ Q[:-1].mT
    return J.to(dtype)


def as_dtype_reports(log10_value, dtype):
    """10**log10_value as core.gradients documents it: inf above the dtype's largest number, 0 below its smallest
    subnormal, else the float64 value."""
    info = torch.finfo(dtype)
    log10_value = np.asarray(log10_value, dtype=float)
    with np.errstate(over="ignore", under="ignore"):
        value = 10.0**log10_value
    value = np.where(log10_value > np.log10(info.max), np.inf, value)
    return np.where(log10_value < np.log10(info.smallest_normal * info.eps), 0.0, value)


def random_x(T, I, seed=1, scale=1.5):
    g = torch.Generator().manual_seed(seed)
    return scale * torch.randn(T, I, generator=g, dtype=F64)


# ---------------------------------------------------------------------------------------------------------------
# One-step Jacobians

STEP_SIZES = [(1, 1, 4, 1.0), (2, 3, 6, 1.0), (4, 5, 8, 2.5), (3, 8, 5, 1.0), (2, 6, 7, 4.0)]  # (I, H, T, gain)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("I,H,T,gain", STEP_SIZES)
def test_step_jacobians_match_jacrev(kind, I, H, T, gain):
    ours, _, step = modules(kind, I, H, seed=I + H, gain=gain)
    x = random_x(T, I, seed=T)
    s = torch_states(kind, step, H, x)
    f = torch_step(kind, step, H)
    ref = torch.stack([torch.func.jacrev(lambda s_k, k=k: f(x[k + 1], s_k))(s[k]) for k in range(T - 1)])
    got = step_jacobians(ours, x)
    S = state_size(kind, H)
    assert got.shape == (T - 1, S, S) and got.dtype == F64
    assert ref.abs().max() > 1e-3  # not a vacuous comparison of zeros
    torch.testing.assert_close(got, ref, atol=1e-12, rtol=0)


@pytest.mark.parametrize("kind", KINDS)
def test_jacobians_at_arbitrary_states(kind):
    """Off the trajectory too: large states (|c| up to ~6) and a batch of unrelated steps."""
    I, H, B = 3, 5, 7
    ours, _, step = modules(kind, I, H, seed=11, gain=2.0)
    g = torch.Generator().manual_seed(12)
    x_next = 2 * torch.randn(B, I, generator=g, dtype=F64)
    s_prev = 2 * torch.randn(B, state_size(kind, H), generator=g, dtype=F64)
    f = torch_step(kind, step, H)
    ref = torch.stack([torch.func.jacrev(lambda s_, b=b: f(x_next[b], s_))(s_prev[b]) for b in range(B)])
    torch.testing.assert_close(jacobians(ours, x_next, s_prev), ref, atol=1e-12, rtol=0)


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
# ||ds_t/ds_k|| along a run: the curve to the end and the whole map

MAP_SIZES = [(2, 3, 7, 1.0), (3, 4, 9, 1.5), (4, 6, 12, 1.0), (2, 5, 10, 3.0), (3, 3, 8, 0.5)]  # (I, H, T, gain)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("I,H,T,gain", MAP_SIZES)
def test_norms_and_map_match_autograd(kind, I, H, T, gain):
    ours, seq, step = modules(kind, I, H, seed=100 + T, gain=gain)
    x = random_x(T, I, seed=H)
    s = torch_states(kind, step, H, x)
    ref_norms = reference_norms(kind, seq, H, x, s)
    ref_map = reference_map(kind, step, H, x, s)
    np.testing.assert_allclose(ref_map[T - 1], ref_norms, rtol=1e-12)  # the two references agree
    assert ref_norms.max() / ref_norms.min() > 1.5  # the curve is not flat: the test can tell distances apart

    norms = state_jacobian_norms(ours, x)
    assert isinstance(norms, np.ndarray) and norms.shape == (T,) and norms.dtype == np.float64
    assert norms[-1] == pytest.approx(1.0, abs=1e-15)  # the identity's norm (exactly 1 up to one rounding)
    np.testing.assert_allclose(norms, ref_norms, rtol=1e-9, atol=0)

    lower = np.tril(np.ones((T, T), dtype=bool))
    upper = np.triu(np.ones((T, T), dtype=bool), k=1)
    for rtol, tol in ((None, 1e-3), (1e-12, 1e-8)):
        m = state_jacobian_map(ours, x) if rtol is None else state_jacobian_map(ours, x, rtol=rtol)
        assert isinstance(m, np.ndarray) and m.shape == (T, T)
        assert np.all(np.diag(m) == 1.0)
        assert np.isnan(m[upper]).all() and not np.isnan(m[lower]).any()
        np.testing.assert_allclose(m[lower], ref_map[lower], rtol=tol, atol=0, err_msg=f"map rtol={rtol}")
        np.testing.assert_allclose(m[T - 1], norms, rtol=tol, atol=0, err_msg=f"map[T-1] rtol={rtol}")


def reference_map_from_steps(kind, step, H, x, s):
    """As reference_map, but cheaper for larger sizes: autograd for each one-step Jacobian (torch's one-step
    module), then the chain rule by explicit float64 products and an exact SVD of each."""
    f = torch_step(kind, step, H)
    J = torch.stack([torch.func.jacrev(lambda s_k, k=k: f(x[k + 1], s_k))(s[k]) for k in range(x.shape[0] - 1)])
    T = x.shape[0]
    out = np.full((T, T), np.nan)
    np.fill_diagonal(out, 1.0)
    P = J  # P[k] = ds_{k+d}/ds_k, distance d = 1 first
    for d in range(1, T):
        out[np.arange(d, T), np.arange(T - d)] = spectral(P)
        P = J[d:] @ P[:-1]
    return out


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


# ---------------------------------------------------------------------------------------------------------------
# Beyond the dtype's range: overflow to inf, underflow to 0, never an exception


@pytest.mark.parametrize("dtype,log10_c", [(torch.float32, 1.5), (torch.float32, -1.5),
                                           (torch.float64, 25.0), (torch.float64, -25.0)])
def test_products_beyond_the_dtype_range_are_inf_or_zero(dtype, log10_c):
    T, S = 40, 4
    J = known_jacobians(T, S, log10_c, dtype)
    rtol = 1e-4 if dtype == torch.float32 else 1e-9
    distance = np.arange(T)[::-1]
    expected = as_dtype_reports(log10_c * distance, dtype)
    assert (np.isinf(expected).any() if log10_c > 0 else (expected == 0).any())  # the range is really left
    assert np.isfinite(expected).any() and (expected > 0).any()
    norms = norms_to_end(J)
    np.testing.assert_array_equal(np.isinf(norms), np.isinf(expected))
    np.testing.assert_array_equal(norms == 0, expected == 0)
    np.testing.assert_allclose(norms, expected, rtol=rtol)  # inf == inf and 0 == 0 compare equal here

    t, k = np.tril_indices(T)
    m = norms_from_jacobians(J)  # the default residual tolerance, 1e-4, gives ~1e-8 here
    expected_map = as_dtype_reports(log10_c * (t - k), dtype)
    np.testing.assert_array_equal(np.isinf(m[t, k]), np.isinf(expected_map))
    np.testing.assert_allclose(m[t, k], expected_map, rtol=max(rtol, 1e-6))
    assert np.isnan(m[np.triu_indices(T, 1)]).all()


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
@pytest.mark.parametrize("bad", [float("inf"), float("-inf"), float("nan")])
def test_non_finite_jacobians_are_flagged_not_raised(dtype, bad):
    T, S, j = 9, 3, 4
    J = known_jacobians(T, S, 0.2, dtype, seed=5)
    J[j, 1, 2] = bad  # J_4 = ds_5/ds_4 is broken: every product through it is
    rtol = 1e-4 if dtype == torch.float32 else 1e-9
    norms = norms_to_end(J)
    assert not np.isfinite(norms[:j + 1]).any()
    np.testing.assert_allclose(norms[j + 1:], 10.0 ** (0.2 * np.arange(T - j - 1)[::-1]), rtol=rtol)

    m = norms_from_jacobians(J)
    t, k = np.tril_indices(T)
    through = (k <= j) & (t > j)
    assert not np.isfinite(m[t[through], k[through]]).any()
    np.testing.assert_allclose(m[t[~through], k[~through]], 10.0 ** (0.2 * (t - k)[~through]), rtol=max(rtol, 1e-6))


@pytest.mark.parametrize("dtype", [torch.float32, torch.float64])
def test_spectral_norms_of_a_mixed_batch(dtype):
    """Entries of order 1 with known singular values, an all-zero matrix, and matrices holding inf or NaN."""
    g = torch.Generator().manual_seed(7)
    S = 5
    U = torch.linalg.qr(torch.randn(6, S, S, generator=g, dtype=F64)).Q
    V = torch.linalg.qr(torch.randn(6, S, S, generator=g, dtype=F64)).Q
    sv = torch.tensor([[1.0, 0.9, 0.5, 0.1, 0.0], [0.7, 0.69, 0.68, 0.2, 0.1], [1, 1, 1, 1, 1.0],
                       [0.3, 0.1, 0.1, 0.0, 0.0], [1.0, 0.5, 0.25, 0.125, 0.0625], [2.0, 1.999, 0.0, 0.0, 0.0]],
                      dtype=F64)
    A = (U * sv[:, None, :]) @ V.mT
    A = torch.cat([A, torch.zeros(1, S, S, dtype=F64), A[:2].clone(), A[:1].clone()]).to(dtype)
    A[7, 2, 3], A[8, 0, 0], A[9] = float("inf"), float("nan"), float("inf")
    sigma, v = spectral_norms(A, rtol=1e-12)
    assert sigma.shape == (10,) and v.shape == (10, S)
    tol = 1e-5 if dtype == torch.float32 else 1e-10
    np.testing.assert_allclose(sigma[:6].double().numpy(), sv[:, 0].numpy(), rtol=tol)
    np.testing.assert_allclose(torch.linalg.vector_norm(v[:6], dim=-1).double().numpy(), 1.0, rtol=tol)
    separated = [3, 4]  # top two singular values 3x and 2x apart: the power iteration itself converges
    np.testing.assert_allclose(torch.linalg.vector_norm(A[separated] @ v[separated, :, None], dim=(-2, -1)).numpy(),
                               sv[separated, 0].numpy(), rtol=tol)  # v is the top right singular vector
    assert sigma[6] == 0
    assert not torch.isfinite(sigma[7:]).any()


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


@pytest.mark.parametrize("kind", KINDS)
def test_a_single_step_has_nothing_to_multiply(kind):
    ours, _, _ = modules(kind, 2, 3)
    x = random_x(1, 2)
    assert step_jacobians(ours, x).shape == (0, state_size(kind, 3), state_size(kind, 3))
    np.testing.assert_array_equal(state_jacobian_norms(ours, x), [1.0])
    np.testing.assert_array_equal(state_jacobian_map(ours, x), [[1.0]])


# ---------------------------------------------------------------------------------------------------------------
# memory_horizon


def test_memory_horizon_on_a_decade_per_step():
    norms = 10.0 ** -np.arange(10)[::-1]  # entry k is at distance 9 - k, and holds 10^-distance
    assert norms[-1] == 1.0 and norms[0] == 1e-9
    assert memory_horizon(norms, 1e-3) == 3
    assert memory_horizon(norms, 1.1e-3) == 2
    assert memory_horizon(norms, 0.9e-3) == 3
    assert memory_horizon(norms, norms[9 - 5]) == 5  # exactly at the threshold counts
    assert memory_horizon(norms, 1e-12) == 9
    assert memory_horizon(norms, 1.0) == 0
    assert memory_horizon(norms, 2.0) == 0  # nothing qualifies, not even distance 0
    assert memory_horizon(list(norms), 1e-3) == 3  # any array-like


def test_memory_horizon_takes_the_largest_qualifying_distance():
    norms = np.array([0.5, 1e-9, 1e-9, 1e-9, 1.0])  # a dip and a revival at distance 4
    assert memory_horizon(norms, 1e-3) == 4
    assert memory_horizon(norms, 0.6) == 0


def test_memory_horizon_counts_overflow_and_skips_nan():
    assert memory_horizon(np.array([np.inf, 1e-9, 1e-9, 1.0]), 1e-3) == 3
    assert memory_horizon(np.array([np.inf, np.inf, 1.0]), 1e300) == 2
    assert memory_horizon(np.array([np.nan, 1e-2, 1e-9, 1.0]), 1e-3) == 2
    assert memory_horizon(np.array([0.0, 0.0, 1.0]), 1e-300) == 0


@pytest.mark.parametrize("threshold", [0, 0.0, -1e-3, float("nan"), -np.inf])
def test_memory_horizon_rejects_bad_thresholds(threshold):
    with pytest.raises(ValueError, match="threshold"):
        memory_horizon(np.ones(5), threshold)


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


# ---------------------------------------------------------------------------------------------------------------
# Depth: a stack of tanh RNNs


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
