"""How far gradients travel back through time: core.jacobians (one-step Jacobians) and core.gradients (their
products, norms, maps and the memory horizon), on cells built directly.

Every reference is computed independently of the code under test (tests/gradtools.py): torch autograd
(``torch.func.jacrev``) through ``torch.nn.RNN/LSTM/GRU`` or their ``*Cell`` versions with copied weights, in
float64, then an exact SVD (``torch.linalg.matrix_norm(ord=2)``). Hand-built Jacobians with known singular values
(overflow, underflow, non-finite entries) are in test_gradient_products.py; the vanishing lesson's own experiment is
tested in test_vanishing_study.py, test_vanishing_cells.py and test_vanishing_depth.py.
"""

import numpy as np
import pytest
import torch

from core.gradients import memory_horizon, state_jacobian_map, state_jacobian_norms
from core.jacobians import jacobians, step_jacobians
from tests.gradtools import (
    F64,
    KINDS,
    modules,
    one_thread,
    random_x,
    reference_map,
    reference_norms,
    state_size,
    torch_states,
    torch_step,
)

_one_thread = pytest.fixture(autouse=True, scope="module")(one_thread)


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
