"""The hidden state's path through time, flattened onto the plane where it moves the most (PCA).

h_t lives in H dimensions; the two principal axes of the states h_0..h_T are the plane that keeps the most
of their spread, so the path drawn there is the most faithful 2-D picture of how reading each character
moves the state. How faithful is reported alongside: the fraction of the variance each axis keeps.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Projection:
    """The states on their first two principal axes.

    points: (N, 2) coordinates of each state.  explained: (2,) fraction of the total variance along each
    axis (0 when there is none).  components: (2, H) the axes as unit vectors, a zero row for an axis that
    does not exist (H == 1, or all states on one line or one point).
    """

    points: np.ndarray
    explained: np.ndarray
    components: np.ndarray


def _frozen(a: np.ndarray) -> np.ndarray:
    a.setflags(write=False)  # the dataclass is frozen; its arrays should not be editable behind its back
    return a


def pca_2d(states: np.ndarray) -> Projection:
    r"""PCA of the (N, H) states by an SVD of the centred matrix.

    .. math::
        X = S - \bar{s}, \quad X = U \Sigma V^\top, \quad \text{points} = X V_{:, :2}, \quad
        \text{explained}_k = \sigma_k^2 / \textstyle\sum_j \sigma_j^2

    The SVD of X rather than an eigen-decomposition of X^T X: squaring X would square its condition number,
    and it works for N < H (a short text read by a wide cell). An axis's sign is arbitrary, so it is fixed:
    the largest-magnitude loading of each axis is positive (the first one on a tie), and the same states
    always give the same picture.
    """
    S = np.asarray(states, dtype=np.float64)
    if S.ndim != 2:
        raise ValueError(f"states must be shaped (N, H): one row per time step, got shape {S.shape}")
    N, H = S.shape
    if N < 1 or H < 1:
        raise ValueError(f"states need at least one step and one unit, got shape {S.shape}")
    if not np.isfinite(S).all():
        raise ValueError("states contain NaN or inf (did training diverge?); PCA needs finite numbers")
    X = S - S.mean(axis=0)  # (N, H)
    _, sigma, Vt = np.linalg.svd(X, full_matrices=False)  # sigma (k,), Vt (k, H) with k = min(N, H)
    # Centring leaves rounding noise ~eps * |S| even when all states are equal, so singular values at that
    # level are treated as 0 (the tolerance np.linalg.matrix_rank uses, scaled by the uncentred states).
    tol = max(N, H) * np.finfo(np.float64).eps * max(sigma[0], np.linalg.norm(S))
    keep = sigma[:2] > tol
    components = np.zeros((2, H))
    for k in np.flatnonzero(keep):
        v = Vt[k]
        components[k] = v if v[np.argmax(np.abs(v))] > 0 else -v
    variance = sigma**2
    total = variance[sigma > tol].sum()
    explained = np.zeros(2)
    if total > 0:
        explained[: keep.size] = np.where(keep, variance[:2] / total, 0.0)
    points = X @ components.T  # (N, 2); a zero component gives an all-zero coordinate
    return Projection(points=_frozen(points), explained=_frozen(explained), components=_frozen(components))
