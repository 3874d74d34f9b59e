"""Attention, one function for every score: compare a query with each key, softmax, and add up the values.

The lecture notes' five steps: encoder states (the keys and values), scores (for dot attention the inner products
<s_t, h_i>), softmax, scale each value by its weight, sum. Scores:

- ``dot``: s . h (Luong et al. 2015)
- ``scaled_dot``: s . h / sqrt(d) (Vaswani et al. 2017)
- ``general``: s W h, a learned bilinear form (Luong et al. 2015); ``params={"W": (d_q, d_k)}``
- ``additive``: v . tanh(s W_q + h W_k) (Bahdanau et al. 2015); ``params={"W_q": (d_q, a), "W_k": (d_k, a),
  "v": (a,)}``

Inputs may be NumPy arrays or torch tensors; the results come back in the kind the query came in (torch tensors
keep their autograd graph)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import torch

SCORES = ("dot", "scaled_dot", "general", "additive")
PARAMS = {"general": ("W",), "additive": ("W_q", "W_k", "v")}


@dataclass(frozen=True)
class AttentionResult:
    """scores (..., Tq, Tk) before masking; weights (..., Tq, Tk), rows sum to 1, exactly 0 where masked; context
    (..., Tq, dv). The leading dimensions (batch, heads) are those of the inputs; none for one sentence."""

    scores: torch.Tensor | np.ndarray
    weights: torch.Tensor | np.ndarray
    context: torch.Tensor | np.ndarray


def causal_mask(T: int) -> np.ndarray:
    """(T, T) bool, True on and below the diagonal: position t may look at positions 0..t, not the future."""
    if T < 1:
        raise ValueError(f"a causal mask needs at least one position, got T = {T}")
    return np.tril(np.ones((T, T), dtype=bool))


def score_fn(query: torch.Tensor, keys: torch.Tensor, score: str, params: dict | None) -> torch.Tensor:
    """The (..., Tq, Tk) scores of query (..., Tq, d_q) against keys (..., Tk, d_k), one line per formula in the
    module docstring (leading batch dimensions are how the translator trains on many sentences at once)."""
    if score not in SCORES:
        raise ValueError(f"score must be one of {', '.join(SCORES)}; got {score!r}")
    p = {name: torch.as_tensor(params[name], dtype=query.dtype) for name in PARAMS.get(score, ())
         if params and name in params}
    missing = [name for name in PARAMS.get(score, ()) if name not in p]
    if missing:
        raise ValueError(f"{score} attention needs its learned weights in params: {', '.join(missing)}")
    if score == "dot":
        return query @ keys.mT  # (Tq, d) @ (d, Tk)
    if score == "scaled_dot":
        return query @ keys.mT / math.sqrt(query.shape[-1])
    if score == "general":
        return query @ p["W"] @ keys.mT  # (Tq, d_q) @ (d_q, d_k) @ (d_k, Tk)
    hidden = torch.tanh((query @ p["W_q"]).unsqueeze(-2) + (keys @ p["W_k"]).unsqueeze(-3))  # (Tq, Tk, a)
    return hidden @ p["v"]  # (Tq, Tk, a) @ (a,)


def attention(query, keys, values, *, score: str = "dot", mask=None, params: dict | None = None) -> AttentionResult:
    """Attend from each query row to the keys and return the weighted sum of the values.

    .. math::

        e_{ti} = \\mathrm{score}(s_t, h_i), \\quad
        \\alpha_{ti} = \\frac{\\exp e_{ti}}{\\sum_{j\\,\\text{allowed}} \\exp e_{tj}}, \\quad
        c_t = \\sum_i \\alpha_{ti}\\, h_i

    Raises ValueError for a mask row that allows nothing (never returns NaN). A (Tq, Tk) mask applies to every
    sentence and head of batched inputs (..., T, d); a mask with leading dimensions too is one mask per sentence.
    """
    as_numpy = not isinstance(query, torch.Tensor)
    q = torch.as_tensor(np.asarray(query) if as_numpy else query)
    k = torch.as_tensor(keys, dtype=q.dtype)
    v = torch.as_tensor(values, dtype=q.dtype)
    if q.ndim < 2 or not q.ndim == k.ndim == v.ndim:
        raise ValueError(f"query, keys and values must be 2-D (rows are positions), or carry the same leading batch "
                         f"and head dimensions; got shapes {tuple(q.shape)}, {tuple(k.shape)}, {tuple(v.shape)}")
    (Tq, d), (Tk, dk) = q.shape[-2:], k.shape[-2:]
    if v.shape[-2] != Tk:
        raise ValueError(f"keys and values need one row per source position: {Tk} keys but {v.shape[-2]} values")
    if score in ("dot", "scaled_dot") and d != dk:
        raise ValueError(f"{score} attention compares query and keys directly, so they need the same width; "
                         f"got {d} and {dk}")
    scores = score_fn(q, k, score, params)  # (..., Tq, Tk)
    masked = scores
    if mask is not None:
        allowed = mask if isinstance(mask, torch.Tensor) else torch.tensor(np.asarray(mask))  # a copy: may be read-only
        if allowed.dtype != torch.bool or tuple(allowed.shape[-2:]) != (Tq, Tk) or allowed.ndim > q.ndim:
            raise ValueError(f"mask must be a bool array of shape ({Tq}, {Tk}), True where attending is allowed; "
                             f"got {allowed.dtype} {tuple(allowed.shape)}")
        empty = sorted(set(torch.nonzero(~allowed.any(dim=-1))[:, -1].tolist()))  # the rows, in any batch
        if empty:
            raise ValueError(f"the mask allows nothing in row {', '.join(map(str, empty))}: a query that may look "
                             f"at no position has no softmax (it would be 0/0). Allow at least one position.")
        masked = scores.masked_fill(~allowed, float("-inf"))  # exp(-inf) = 0 exactly
    weights = torch.softmax(masked, dim=-1)  # (..., Tq, Tk)
    context = weights @ v  # (..., Tq, Tk) @ (..., Tk, dv)
    if as_numpy:
        return AttentionResult(scores.detach().numpy(), weights.detach().numpy(), context.detach().numpy())
    return AttentionResult(scores, weights, context)
