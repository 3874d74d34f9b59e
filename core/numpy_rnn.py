"""The vanilla RNN language model and its backpropagation through time, by hand in NumPy.

The loop follows Karpathy's min-char-rnn (2015): one line per equation forward, the chain rule
written out backward. The lesson checks it against torch autograd on the same weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

PARAM_SHAPES = {"Wxh": ("H", "V"), "Whh": ("H", "H"), "Why": ("V", "H"), "bh": ("H",), "by": ("V",)}


@dataclass(frozen=True)
class BPTTResult:
    """loss: sum of per-step cross-entropies (nats).  losses: (T,) the per-step L_t.
    grads: dL/dparam, same keys and shapes as params.  hs: (T, H) h_1..h_T.
    dh: (T, H) with dh[t] = dL/dh_t, the total derivative through every later step.
    probs: (T, V) softmax outputs."""

    loss: float
    losses: np.ndarray
    grads: dict[str, np.ndarray]
    hs: np.ndarray
    dh: np.ndarray
    probs: np.ndarray

    def __getitem__(self, key: str):  # also readable as a dict: result["dh"]
        return getattr(self, key)


def _check(inputs, targets, h_prev, params) -> tuple[int, int]:
    missing = set(PARAM_SHAPES) - set(params)
    if missing:
        raise ValueError(f"params is missing {sorted(missing)}; it needs {sorted(PARAM_SHAPES)}")
    H, V = np.shape(params["Wxh"]) if np.ndim(params["Wxh"]) == 2 else (None, None)
    if H is None:
        raise ValueError("params['Wxh'] must be a matrix shaped (H, V)")
    sizes = {"H": H, "V": V}
    for name, dims in PARAM_SHAPES.items():
        want = tuple(sizes[d] for d in dims)
        if np.shape(params[name]) != want:
            raise ValueError(f"params['{name}'] must be shaped {want}, got {np.shape(params[name])}")
    if np.shape(h_prev) != (H,):
        raise ValueError(f"h_prev must be shaped ({H},), got {np.shape(h_prev)}")
    if len(inputs) == 0:
        raise ValueError("inputs is empty: the model needs at least one character to read")
    if len(inputs) != len(targets):
        raise ValueError(f"inputs and targets must be equally long, got {len(inputs)} and {len(targets)}")
    for name, seq in (("inputs", inputs), ("targets", targets)):
        bad = [i for i in seq if not (isinstance(i, (int, np.integer)) and 0 <= i < V)]
        if bad:
            raise ValueError(f"{name} holds {bad[0]!r}, which is not a vocabulary index 0..{V - 1}")
    return H, V


def forward_backward(inputs, targets, h_prev, params) -> BPTTResult:
    """Forward the RNN over ``inputs`` and backpropagate the summed cross-entropy through time.

    h_t = tanh(Wxh x_t + Whh h_{t-1} + bh),  p_t = softmax(Why h_t + by),  L = sum_t -log p_t[y_t].
    """
    H, V = _check(inputs, targets, h_prev, params)
    Wxh, Whh, Why, bh, by = (np.asarray(params[k], dtype=np.float64) for k in ("Wxh", "Whh", "Why", "bh", "by"))
    T = len(inputs)
    hs = np.zeros((T + 1, H))  # hs[0] is h_prev, hs[t + 1] is h_t
    hs[0] = h_prev
    probs = np.zeros((T, V))
    losses = np.zeros(T)
    for t in range(T):
        x_t = np.zeros(V)
        x_t[inputs[t]] = 1.0
        hs[t + 1] = np.tanh(Wxh @ x_t + Whh @ hs[t] + bh)  # (H,)
        y_t = Why @ hs[t + 1] + by  # (V,) logits
        e = np.exp(y_t - y_t.max())  # shifted for numerical safety; softmax is unchanged by the shift
        probs[t] = e / e.sum()
        losses[t] = -np.log(probs[t][targets[t]])

    grads = {k: np.zeros_like(v, dtype=np.float64) for k, v in (("Wxh", Wxh), ("Whh", Whh), ("Why", Why),
                                                                 ("bh", bh), ("by", by))}
    dh = np.zeros((T, H))
    dh_next = np.zeros(H)  # dL/dh_t arriving from step t+1 through Whh
    for t in reversed(range(T)):
        dy = probs[t].copy()
        dy[targets[t]] -= 1.0  # dL_t/dlogits_t = p_t - onehot(y_t)
        grads["Why"] += np.outer(dy, hs[t + 1])
        grads["by"] += dy
        dh[t] = Why.T @ dy + dh_next  # total derivative: this step's loss plus everything later
        da = (1.0 - hs[t + 1] ** 2) * dh[t]  # back through tanh
        grads["bh"] += da
        grads["Wxh"][:, inputs[t]] += da  # x_t is one-hot, so the outer product is one column
        grads["Whh"] += np.outer(da, hs[t])
        dh_next = Whh.T @ da
    return BPTTResult(float(losses.sum()), losses, grads, hs[1:], dh, probs)
