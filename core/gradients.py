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
MAX_POWER_STEPS = 15  # then an exact eigensolve (10, 15 and 30 measured the same; 6 slower)


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


def _orthonormal(V: torch.Tensor, tiny: float) -> torch.Tensor:
    """Gram-Schmidt on the two columns of V (B, S, 2)."""
    q1 = V[..., 0] / V[..., 0].norm(dim=-1, keepdim=True).clamp_min(tiny)
    b = V[..., 1] - (q1 * V[..., 1]).sum(-1, keepdim=True) * q1
    return torch.stack([q1, b / b.norm(dim=-1, keepdim=True).clamp_min(tiny)], dim=-1)


def _top_pair_2x2(M: torch.Tensor, tiny: float) -> tuple[torch.Tensor, torch.Tensor]:
    """The larger eigenvalue of each symmetric 2 x 2 matrix in M (B, 2, 2) and its unit eigenvector (B, 2),
    in closed form (a batched LAPACK call costs more than the whole formula)."""
    a, b, c = M[:, 0, 0], 0.5 * (M[:, 0, 1] + M[:, 1, 0]), M[:, 1, 1]
    mean, half = 0.5 * (a + c), torch.sqrt((0.5 * (a - c)) ** 2 + b**2)
    top = mean + half
    # (b, top - a) and (top - c, b) are both eigenvectors; take the longer, which is never ~0 unless M ~ cI
    y1, y2 = torch.stack([b, top - a], -1), torch.stack([top - c, b], -1)
    y = torch.where((y1.norm(dim=-1) >= y2.norm(dim=-1))[:, None], y1, y2)
    n = y.norm(dim=-1, keepdim=True)
    y = torch.where(n > tiny, y / n.clamp_min(tiny), torch.tensor([1.0, 0.0], dtype=M.dtype))  # M = cI: any
    return top, y


def spectral_norms(A: torch.Tensor, start: torch.Tensor | None = None,
                   rtol: float = 1e-6) -> tuple[torch.Tensor, torch.Tensor]:
    """The largest singular value of each matrix in A (B, S, S) (entries of order 1), and its right singular
    vector (B, S), from ``start`` (B, S), a guess such as the answer for a similar matrix. See subspace_iteration."""
    g = torch.Generator().manual_seed(0)
    other = torch.randn(A.shape[-1], generator=g, dtype=torch.float64).to(A.dtype).expand(A.shape[:-1])
    first = other.flip(-1) if start is None else start
    sigma, V, _ = subspace_iteration(A, torch.stack([first, other], dim=-1), rtol)
    return sigma, V[..., 0]


def subspace_iteration(A: torch.Tensor, V: torch.Tensor, rtol: float,
              gram: bool = True) -> tuple[torch.Tensor, torch.Tensor, int]:
    """Subspace iteration on A^T A with two vectors, from the basis V (B, S, 2): with a good guess a step or two
    suffices, and the second vector keeps a guess nearly orthogonal to the answer from settling on the second
    singular value. It stops once the residual ||A^T A v - mu v|| of the top Ritz pair is below ``rtol`` mu;
    matrices still unconverged after MAX_POWER_STEPS get an exact eigensolver. Returns sigma_max (B,), the
    basis (B, S, 2) with the top Ritz vector first (for the unconverged ones, only a start for next time) and
    the number of steps taken."""
    tiny = torch.finfo(A.dtype).tiny
    B = A.shape[0]
    V = _orthonormal(V, tiny)
    tol = max(rtol, 1e2 * torch.finfo(A.dtype).eps)  # float32 cannot resolve a residual below ~1e-5
    todo = torch.arange(B)  # the matrices still iterating: Gi = G[todo], Vi = V[todo]
    lam = torch.zeros(B, dtype=A.dtype)  # sigma_max(A)^2
    # With many steps to go, A^T A formed once (one batched product) beats reading A twice per step; with a
    # step or two (a good guess), it does not.
    G = A.mT @ A if gram else A  # (B, S, S)
    Gi, Vi = G, V
    steps = 0
    while steps < MAX_POWER_STEPS:
        steps += 1
        W = Gi @ Vi if gram else Gi.mT @ (Gi @ Vi)  # (B', S, 2) = A^T A V; one read serves both vectors
        mu, y = _top_pair_2x2(Vi.mT @ W, tiny)  # Rayleigh-Ritz on span(V): top Ritz value, its coordinates
        vi, wi = (Vi @ y[..., None])[..., 0], (W @ y[..., None])[..., 0]  # Ritz vector and A^T A times it
        open_ = (wi - mu[:, None] * vi).norm(dim=-1) > tol * mu  # residual still too large
        lam[todo] = mu
        V[todo] = _orthonormal(torch.stack([vi, W[..., 0] + W[..., 1]], dim=-1), tiny)  # top Ritz vector first
        if not bool(open_.any()):
            break
        Vi = _orthonormal(W, tiny)
        if 2 * int(open_.sum()) < len(todo):  # copying the open matrices pays off once half are done
            todo, Gi, Vi = todo[open_], Gi[open_], Vi[open_]
            open_ = open_[open_]
    if bool(open_.any()):
        Gi = Gi[open_] if gram else Gi[open_].mT @ Gi[open_]
        lam[todo[open_]] = torch.linalg.eigvalsh(Gi)[:, -1]
    return lam.clamp_min(0).sqrt(), V, steps


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
    V = torch.randn(J.shape[0], J.shape[-1], 2, generator=g, dtype=torch.float64).to(J.dtype)
    steps = MAX_POWER_STEPS
    for d in range(1, T):
        sigma, V, steps = subspace_iteration(P, V, rtol, gram=steps > 3)
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
    For an LSTM at that size this takes ~1 s; exact SVDs of every product would take ~3.4 s."""
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
