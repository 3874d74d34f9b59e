"""core.gradients on hand-built one-step Jacobians whose products have known singular values
(tests/gradtools.known_jacobians): products beyond the dtype's range overflow to inf or underflow to 0, a
non-finite Jacobian spoils exactly the products through it, and the batched power iteration on a mixed batch.
Never an exception. The products of real cells' Jacobians are tested in test_gradients.py."""

import numpy as np
import pytest
import torch

from core.gradients import norms_from_jacobians, norms_to_end, spectral_norms
from tests.gradtools import F64, as_dtype_reports, known_jacobians, one_thread

_one_thread = pytest.fixture(autouse=True, scope="module")(one_thread)


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


@pytest.mark.parametrize("S", [1, 2, 3, 9])
def test_spectral_norms_with_fewer_dimensions_than_the_block(S):
    """The iteration keeps up to BLOCK vectors; a matrix smaller than that still gets its exact largest singular
    value (numpy's SVD is the reference), and a clustered top (five values within 2 %) is not mistaken."""
    g = torch.Generator().manual_seed(S)
    U = torch.linalg.qr(torch.randn(4, S, S, generator=g, dtype=F64)).Q
    V = torch.linalg.qr(torch.randn(4, S, S, generator=g, dtype=F64)).Q
    sv = torch.linspace(1.0, 0.98, S, dtype=F64) if S >= 5 else torch.rand(S, generator=g, dtype=F64) + 0.1
    A = (U * sv) @ V.mT
    sigma, _ = spectral_norms(A, rtol=1e-12)
    np.testing.assert_allclose(sigma.numpy(), np.linalg.svd(A.numpy(), compute_uv=False)[:, 0], rtol=1e-9)
