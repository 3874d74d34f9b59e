"""How far a gradient travels back through time: norms of the state Jacobians ds_t/ds_k.

s_t is the full recurrent state after step t (h_t for the RNN and GRU, [h_t; c_t] for the LSTM), with the inputs
held fixed. By the chain rule ds_t/ds_k = J_{t-1} ... J_k with the one-step Jacobians J_j = ds_{j+1}/ds_j, so
every pair (t, k) comes from T - 1 small Jacobians and matrix products; no pair is differentiated on its own.
Indices are 0-based: s_0 is the state after the first input.

Overflow (a product beyond the dtype's range) gives ``inf``, never an exception; the pages flag it.
"""

from __future__ import annotations

import numpy as np
import torch

from core.jacobians import step_jacobians
from core.recurrent import RNN, _Cell

MAP_RTOL = 1e-4  # the T x T map's residual tolerance (see state_jacobian_map)
MAX_POWER_STEPS = 30  # one power step costs ~1/30 of an exact eigensolve (128 x 128), so give up after 30


def _normalised(P: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """P (B, S, S) divided by its largest entry, and the log of that entry (-inf for an all-zero matrix).

    Products are kept in this form so that growth or decay by 10^100 never leaves the dtype's range."""
    m = P.abs().amax(dim=(-2, -1))  # (B,)
    return P / m.clamp_min(torch.finfo(P.dtype).tiny)[:, None, None], m.double().log()


def _in_dtype(log_sigma: torch.Tensor, dtype: torch.dtype) -> np.ndarray:
    """exp(log_sigma) as the dtype would hold it: inf above its largest number (overflow), 0 below its
    smallest subnormal (underflow), returned as float64."""
    info = torch.finfo(dtype)
    sigma = log_sigma.exp()
    sigma = torch.where(sigma > info.max, torch.inf, sigma)
    return torch.where(sigma < info.smallest_normal * info.eps, 0.0, sigma).numpy()


def spectral_norms(A: torch.Tensor, start: torch.Tensor | None = None,
                   rtol: float = 1e-6) -> tuple[torch.Tensor, torch.Tensor]:
    """The largest singular value of each matrix in A (B, S, S) (entries of order 1), and its right singular
    vector (B, S).

    Power iteration on A^T A from ``start`` (B, S) until the residual ||A^T A v - mu v|| is below ``rtol`` mu
    (then an eigenvalue of A^T A lies within rtol mu of mu); the matrices still unconverged after
    MAX_POWER_STEPS get an exact eigensolver. A good start (the answer for a similar matrix) converges in a
    step or two."""
    tiny = torch.finfo(A.dtype).tiny
    v = torch.ones(A.shape[:-1], dtype=A.dtype) if start is None else start.clone()
    v = v + 1e-3 * torch.linspace(-1, 1, A.shape[-1], dtype=A.dtype)  # never exactly orthogonal to the answer
    v = v / v.norm(dim=-1, keepdim=True).clamp_min(tiny)
    tol = max(rtol, 1e2 * torch.finfo(A.dtype).eps)  # float32 cannot resolve a residual below ~1e-5
    todo = torch.arange(A.shape[0])  # the matrices still iterating: Ai = A[todo], vi = v[todo]
    lam = torch.zeros(A.shape[0], dtype=A.dtype)  # sigma_max(A)^2
    G = A.mT @ A  # (B, S, S): one product now saves a pass over A in every step
    Gi, vi = G, v
    for _ in range(MAX_POWER_STEPS):
        w = (Gi @ vi[..., None])[..., 0]  # (B', S) = A^T A v
        mu = (w * vi).sum(-1)  # the Rayleigh quotient
        open_ = (w - mu[:, None] * vi).norm(dim=-1) > tol * mu  # residual still too large
        lam[todo] = mu
        vi = w / w.norm(dim=-1, keepdim=True).clamp_min(tiny)
        v[todo] = vi
        if not bool(open_.any()):
            break
        if 2 * int(open_.sum()) < len(todo):  # copying the open matrices pays off once half are done
            todo, Gi, vi = todo[open_], Gi[open_], vi[open_]
            open_ = open_[open_]
    if bool(open_.any()):
        lam[todo[open_]] = torch.linalg.eigvalsh(Gi[open_])[:, -1]
    return lam.clamp_min(0).sqrt(), v


def norms_to_end(J: torch.Tensor) -> np.ndarray:
    """(T,) ||ds_{T-1}/ds_k||_2 from the one-step Jacobians J (T-1, S, S); the last entry is 1."""
    T, S = J.shape[0] + 1, J.shape[-1]
    products = torch.empty((T, S, S), dtype=J.dtype)
    logs = torch.zeros(T, dtype=torch.float64)
    P, log = torch.eye(S, dtype=J.dtype), 0.0
    products[T - 1] = P
    for k in range(T - 2, -1, -1):
        (P,), (step,) = _normalised((P @ J[k])[None])  # ds_{T-1}/ds_k = ds_{T-1}/ds_{k+1} J_k
        log = log + step
        products[k], logs[k] = P, log
    # sigma(P) = sigma(P^T): iterate on the transposes, whose top right vectors (at s_{T-1}) barely move with k
    sigma, _ = spectral_norms(products.mT.contiguous(), rtol=1e-10)
    return _in_dtype(sigma.double().log() + logs, J.dtype)


def state_jacobian_norms(cell: _Cell, x: torch.Tensor) -> np.ndarray:
    """(T,): entry k is ||ds_{T-1}/ds_k||_2, the spectral norm; the last entry is 1."""
    return norms_to_end(step_jacobians(cell, x))


def norms_from_jacobians(J: torch.Tensor, rtol: float = MAP_RTOL) -> np.ndarray:
    """The (T, T) map of ||ds_t/ds_k||_2 from the one-step Jacobians J (T-1, S, S); NaN above the diagonal.

    All pairs at distance d = t - k are one batched product, J[d:] @ (pairs at distance d - 1), and each
    pair's power iteration starts from the same k's singular vector at distance d - 1."""
    T = J.shape[0] + 1
    out = np.full((T, T), np.nan)
    np.fill_diagonal(out, 1.0)
    P, logs = _normalised(J)
    v = None
    for d in range(1, T):
        sigma, v = spectral_norms(P, v, rtol)
        k = np.arange(T - d)
        out[k + d, k] = _in_dtype(sigma.double().log() + logs, J.dtype)
        if d < T - 1:
            P, step = _normalised(J[d:] @ P[:-1])  # pair (k + d + 1, k) = J_{k+d} (pair (k + d, k))
            logs, v = logs[:-1] + step, v[:-1]
    return out


def state_jacobian_map(cell: _Cell, x: torch.Tensor, rtol: float = MAP_RTOL) -> np.ndarray:
    """(T, T): entry [t, k] = ||ds_t/ds_k||_2 for k <= t (1 on the diagonal), NaN above the diagonal.

    Each entry's power iteration stops once its residual is below ``rtol`` (relative); with the default the
    entries agree with an exact SVD to ~1e-7 (measured, T = 100, H = 64), and the LSTM map takes 0.9 s instead
    of 1.4 s with rtol = 1e-6."""
    return norms_from_jacobians(step_jacobians(cell, x), rtol)


def sigma_max(cell: RNN) -> float:
    """The largest singular value of the RNN's recurrent matrix W_hh."""
    return float(torch.linalg.matrix_norm(cell.weight_hh_l0.detach(), ord=2))


def pascanu_bound(cell: _Cell, T: int) -> np.ndarray:
    """(T,): entry k = sigma_max(W_hh)^(T-1-k), Pascanu, Mikolov & Bengio (2013), eq. 7, with gamma = 1 (tanh).

    Every step's Jacobian is diag(1 - h^2) W_hh and |tanh'| <= 1, so ||ds_{T-1}/ds_k|| <= sigma_max^(T-1-k).
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
    """The largest distance d with ||ds_{T-1}/ds_{T-1-d}|| >= threshold (0 if only d = 0 qualifies).

    Overflowed (inf) entries count as above any threshold: the gradient certainly reaches them."""
    norms = np.asarray(norms, dtype=float)
    if not threshold > 0:
        raise ValueError(f"the threshold must be above 0, got {threshold!r}")
    distance = np.arange(norms.size)[::-1]  # entry k is at distance T-1-k
    reached = distance[(norms >= threshold) | np.isinf(norms)]
    return int(reached.max()) if reached.size else 0
