"""How far a gradient travels back through time: norms of the state Jacobians ds_t/ds_k.

s_t is the full recurrent state after step t (h_t for the RNN and GRU, [h_t; c_t] for the LSTM), with the inputs
held fixed. By the chain rule ds_t/ds_k = J_{t-1} ... J_k with the one-step Jacobians J_j = ds_{j+1}/ds_j, so
every pair (t, k) comes from T - 1 small Jacobians and matrix products; no pair is differentiated on its own.
Steps are on the lab's time axis (core.cell): s_t is the state after step t, t = 1..T, and row t - 1 of a
per-step result is about s_t; J_t = ds_{t+1}/ds_t is row t - 1 of the (T - 1, S, S) one-step Jacobians.

Overflow (a product beyond the dtype's range) gives ``inf``, never an exception; the pages flag it.
"""

from __future__ import annotations

import numpy as np
import torch

from core.cell import Cell
from core.jacobians import step_jacobians
from core.recurrent import RNN

MAP_RTOL = 1e-4  # the T x T map's residual tolerance (see state_jacobian_map)
MAX_POWER_STEPS = 30  # then an exact eigensolve: at ~1 ms a step, 30 steps cost less than one batched eigvalsh
BLOCK = 4  # vectors per subspace iteration (2, 3, 4, 6 and 8 measured on the lesson's maps: 4 the fastest)


def normalised(P: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """P (B, S, S) divided by its largest entry, and the log of that entry (-inf for an all-zero matrix).

    Products are kept in this form so that growth or decay by 10^100 never leaves the dtype's range."""
    m = P.abs().amax(dim=(-2, -1))  # (B,)
    return P / m.clamp_min(torch.finfo(P.dtype).tiny)[:, None, None], m.double().log()


def in_dtype(log_sigma: torch.Tensor, dtype: torch.dtype) -> np.ndarray:
    """exp(log_sigma) as the dtype would hold it: inf above its largest number (overflow, and NaN, which only
    an overflowed product produces), 0 below its smallest subnormal (underflow), returned as float64."""
    info = torch.finfo(dtype)
    sigma = log_sigma.exp()
    sigma = torch.where((sigma > info.max) | sigma.isnan(), torch.inf, sigma)
    return torch.where(sigma < info.smallest_normal * info.eps, 0.0, sigma).numpy()


def spectral_norms(A: torch.Tensor, start: torch.Tensor | None = None,
                   rtol: float = 1e-6) -> tuple[torch.Tensor, torch.Tensor]:
    """The largest singular value of each matrix in A (B, S, S) (entries of order 1), and its right singular
    vector (B, S), from ``start`` (B, S), a guess such as the answer for a similar matrix. See subspace_iteration."""
    g = torch.Generator().manual_seed(0)
    p = min(BLOCK, A.shape[-1])
    V = torch.randn(A.shape[-1], p, generator=g, dtype=torch.float64).to(A.dtype).expand(*A.shape[:-1], p)
    if start is not None:
        V = torch.cat([start[..., None], V[..., 1:]], dim=-1)
    sigma, V, _ = subspace_iteration(A, V.contiguous(), rtol)
    return sigma, V[..., 0]


def subspace_iteration(A: torch.Tensor, V: torch.Tensor, rtol: float) -> tuple[torch.Tensor, torch.Tensor, int]:
    """Subspace iteration on A^T A with the p vectors of the basis V (B, S, p): with a good guess a step or two
    suffices, and the other vectors keep a guess nearly orthogonal to the answer from settling on a lower
    singular value. Where the top singular values lie close together (an LSTM's short products) a vector alone
    converges slowly, at the ratio of the top two; a block of p converges at the ratio of the first to the
    (p+1)th. The basis is kept transposed, (B, p, S): a batch of thin products V^T A runs ~4x faster on CPU
    than A V (float32, S = 128), and A^T A is never formed. It stops once the residual ||A^T A v - mu v|| of
    the top Ritz pair is below ``rtol`` mu; matrices still unconverged after MAX_POWER_STEPS get an exact
    eigensolver. Returns sigma_max (B,), the basis (B, S, p) of Ritz vectors, largest first (for the
    unconverged ones, only a start for next time) and the number of steps taken."""
    B = A.shape[0]
    # inf or NaN (an overflowed product) anywhere: NaN out, kept from LAPACK. A sum finds it in one cheap read
    # (entries are of order 1, so a finite matrix's sum cannot overflow); isfinite().all() costs 50x more
    broken = ~A.sum(dim=(-2, -1)).isfinite()
    if bool(broken.any()):
        A = torch.where(broken[:, None, None], 0.0, A)
    V = torch.linalg.qr(torch.nan_to_num(V))[0]
    tol = max(rtol, 1e2 * torch.finfo(A.dtype).eps)  # float32 cannot resolve a residual below ~1e-5
    todo = torch.arange(B)  # the matrices still iterating: Ai = A[todo], Vi = V[todo] transposed
    lam = torch.zeros(B, dtype=A.dtype)  # sigma_max(A)^2
    Ai, Vi = A, V.mT
    steps = 0
    while steps < MAX_POWER_STEPS:
        steps += 1
        W = (Vi @ Ai.mT) @ Ai  # (B', p, S) = (A^T A V)^T; one read of A per product serves every vector
        M = W @ Vi.mT
        mu, Y = torch.linalg.eigh(0.5 * (M + M.mT))  # Rayleigh-Ritz on span(V), ascending
        mu, Y = mu.flip(-1), Y.flip(-1).mT
        X, WX = Y @ Vi, Y @ W  # Ritz vectors (rows), largest first, and A^T A times them
        open_ = (WX[:, 0] - mu[:, :1] * X[:, 0]).norm(dim=-1) > tol * mu[:, 0]  # residual still too large
        lam[todo] = mu[:, 0]
        V[todo] = X.mT
        if not bool(open_.any()):
            break
        Vi = torch.linalg.qr(WX.mT)[0].mT
        if 2 * int(open_.sum()) < len(todo):  # copying the open matrices pays off once half are done
            todo, Ai, Vi = todo[open_], Ai[open_], Vi[open_]
            open_ = open_[open_]
    if bool(open_.any()):
        Ai = Ai[open_]
        lam[todo[open_]] = torch.linalg.eigvalsh(Ai.mT @ Ai)[:, -1]
    return torch.where(broken, torch.nan, lam.clamp_min(0).sqrt()), V, steps


def norms_to_end(J: torch.Tensor) -> np.ndarray:
    """(T,) row t - 1 is ||ds_T/ds_t||_2, from the one-step Jacobians J (T-1, S, S); the last entry is 1."""
    T, S = J.shape[0] + 1, J.shape[-1]
    products = torch.empty((T, S, S), dtype=J.dtype)
    logs = torch.zeros(T, dtype=torch.float64)
    P, log = torch.eye(S, dtype=J.dtype), 0.0
    products[T - 1] = P
    for k in range(T - 2, -1, -1):
        (P,), (step,) = normalised((P @ J[k])[None])  # row k: ds_T/ds_{k+1} = ds_T/ds_{k+2} J_{k+1}
        log = log + step
        products[k], logs[k] = P, log
    # sigma(P) = sigma(P^T): iterate on the transposes, whose top right vectors (at s_T) barely move with k
    sigma, _ = spectral_norms(products.mT.contiguous(), rtol=1e-10)
    out = in_dtype(sigma.double().log() + logs, J.dtype)
    out[-1] = 1.0  # ds_T/ds_T = I exactly (the iteration would give 1 to rounding)
    return out


def state_jacobian_norms(cell: Cell, x: torch.Tensor) -> np.ndarray:
    """(T,): row t - 1 is ||ds_T/ds_t||_2, the spectral norm; the last entry is 1."""
    return norms_to_end(step_jacobians(cell, x))


def norms_from_jacobians(J: torch.Tensor, rtol: float = MAP_RTOL, on_step=None) -> np.ndarray:
    """The (T, T) map of ||ds_t/ds_k||_2 from the one-step Jacobians J (T-1, S, S); NaN above the diagonal.

    All pairs at distance d = t - k are one batched product, J[d:] @ (pairs at distance d - 1), and each
    pair's subspace iteration starts from the same k's two vectors at distance d - 1.
    ``on_step(d, T - 1)`` is called after each distance (for a progress bar)."""
    T = J.shape[0] + 1
    out = np.full((T, T), np.nan)
    np.fill_diagonal(out, 1.0)
    P, logs = normalised(J)
    g = torch.Generator().manual_seed(0)
    V = torch.randn(J.shape[0], J.shape[-1], min(BLOCK, J.shape[-1]), generator=g, dtype=torch.float64).to(J.dtype)
    for d in range(1, T):
        sigma, V, _ = subspace_iteration(P, V, rtol)
        k = np.arange(T - d)
        out[k + d, k] = in_dtype(sigma.double().log() + logs, J.dtype)
        if on_step is not None:
            on_step(d, T - 1)
        if d < T - 1:
            P, step = normalised(J[d:] @ P[:-1])  # pair (k + d + 1, k) = J_{k+d} (pair (k + d, k))
            logs, V = logs[:-1] + step, V[:-1]
    return out


def state_jacobian_map(cell: Cell, x: torch.Tensor, rtol: float = MAP_RTOL, on_step=None) -> np.ndarray:
    """(T, T): entry [t - 1, k - 1] = ||ds_t/ds_k||_2 for k <= t (1 on the diagonal), NaN above the diagonal.

    Each entry's subspace iteration stops once its residual is below ``rtol`` (relative); with the default
    the entries agree with an exact SVD to ~1e-6 in float32 and ~3e-8 in float64 (measured, T = 100, H = 64).
    For an LSTM at that size this takes ~0.9 s; exact SVDs of every product would take ~3.4 s."""
    return norms_from_jacobians(step_jacobians(cell, x), rtol, on_step)


def sigma_max(cell: RNN) -> float:
    """The largest singular value of the RNN's recurrent matrix W_hh."""
    return float(torch.linalg.matrix_norm(cell.weight_hh_l0.detach(), ord=2))


def pascanu_bound(cell: Cell, T: int) -> np.ndarray:
    """(T,): row t - 1 is sigma_max(W_hh)^(T-t), Pascanu, Mikolov & Bengio (2013), eq. 7, with gamma = 1 (tanh).

    Every step's Jacobian is diag(1 - h^2) W_hh and |tanh'| <= 1, so ||ds_T/ds_t|| <= sigma_max^(T-t).
    Computed in the cell's dtype, so it overflows (to inf) where the measured products would."""
    if not isinstance(cell, RNN):
        raise ValueError("The Pascanu et al. (2013) bound here is for the tanh RNN; "
                         "gates change every step's Jacobian.")
    if not isinstance(T, int) or T < 1:
        raise ValueError(f"T must be a whole number of at least 1, got {T!r}")
    W = cell.weight_hh_l0.detach()
    distance = torch.arange(T - 1, -1, -1, dtype=W.dtype)
    return torch.pow(torch.linalg.matrix_norm(W, ord=2), distance).numpy()


def memory_horizon(norms: np.ndarray, threshold: float) -> int:
    """The largest distance d with ||ds_T/ds_{T-d}|| >= threshold (0 if only d = 0 qualifies).

    Overflowed (inf) entries count as above any threshold: the gradient certainly reaches them."""
    norms = np.asarray(norms, dtype=float)
    if not threshold > 0:
        raise ValueError(f"the threshold must be above 0, got {threshold!r}")
    distance = np.arange(norms.size)[::-1]  # row t - 1 is at distance T - t
    reached = distance[(norms >= threshold) | np.isinf(norms)]
    return int(reached.max()) if reached.size else 0
