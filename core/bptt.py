"""Backpropagation through time, full and truncated two ways, measured with torch autograd.

``gradient_flow`` truncates as Williams & Peng's (1990) BPTT(h) with h = window: the loss at step t sends its
gradient back through at most ``window`` steps (h_t, ..., h_{t-window+1}) and no further. All T windows
run at once as a batch of T sequences, each starting from the (detached) state the full forward reached,
so one backward pass gives every dL_t/dh_s and the truncated parameter gradients together.

``chunked_flow`` truncates the way language models are trained in practice (lecture note 004: "cut it into pieces and
train piece by piece"): the text is cut into chunks of k steps, the state is carried from one chunk into the next
but detached, so no gradient crosses a chunk boundary. In Williams & Peng's notation this is BPTT(h; h') with
h' = h = k (backward every k steps, over those k steps); in Sutskever's (2013, PhD thesis) TBPTT(k1, k2) with
k1 = k2 = k. Zaremba, Sutskever & Vinyals (2014) trained their Penn Treebank LSTMs so (35-step chunks), as does
PyTorch's word_language_model example (``repackage_hidden`` detaches the carried state).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional as F

from core.charlm import CharLM
from core.text import CharTask


@dataclass(frozen=True)
class GradientFlow:
    """contrib: (T, T, H), contrib[t, s] = dL_t/dh_s; zero where s > t or t - s >= window.
    dh: (T, H), dL/dh_s summed over the losses that reach it (the full dL/dh_s when window = T).
    param_grads: name -> gradient of L = sum_t L_t (cell parameters with PyTorch's names, head.*).
    losses: (T,) the per-step cross-entropies L_t.  window: the truncation window actually used."""

    contrib: np.ndarray
    dh: np.ndarray
    param_grads: dict[str, np.ndarray]
    losses: np.ndarray
    window: int


def gradient_flow(model: CharLM, task: CharTask, window: int | None = None) -> GradientFlow:
    """Every loss's gradient with respect to every earlier hidden state, cut after ``window`` steps."""
    T = task.T
    if window is None:
        window = T
    if not isinstance(window, int) or window < 1:
        raise ValueError(f"the truncation window must be a whole number of steps, at least 1; got {window!r}")
    k = min(window, T)
    return windows(model, task, torch.arange(T) - k + 1, k)  # the window ending at t starts at t - k + 1


def windows(model: CharLM, task: CharTask, first: torch.Tensor, k: int) -> GradientFlow:
    """Loss t backpropagated through its own window, the steps first[t]..t (at most ``k`` of them; a window that
    would start before step 1 starts at the initial state). All T windows run at once as a batch of T sequences, each
    from the (detached) state the full forward reached before its first step, so one backward pass gives every
    dL_t/dh_s inside the windows and the parameter gradients (the sum over t of each window's)."""
    T = task.T
    x, y = task.one_hot(next(model.parameters()).dtype), torch.tensor(task.targets)
    cell = model.cell
    with torch.no_grad():
        full = cell(x)
    init = cell.initial_state(x[0])
    # states[i] = the state after i steps (states[0] is the initial state), each (T+1, H)
    states = [torch.cat([s0[None], seq]) for s0, seq in zip(init, (full.h, full.c) if full.c is not None
                                                             else (full.h,), strict=True)]
    t = torch.arange(T)
    state = tuple(s[first.clamp(min=0)].clone() for s in states)  # each (T, H): one window per row
    hs, actives = [], []
    for j in range(k):
        idx = first + j  # (T,) the time step each window processes now
        active = (idx >= 0) & (idx <= t)  # windows of early t start later; a window stops at its own loss
        new = cell.step(x[idx.clamp(0, T - 1)], state).state
        state = tuple(torch.where(active[:, None], n, s) for n, s in zip(new, state, strict=True))
        hs.append(state[0])
        actives.append((idx, active))
    losses = F.cross_entropy(model.head(state[0]), y, reduction="none")  # (T,) row t ends at h_t
    params = dict(model.named_parameters())
    grads = torch.autograd.grad(losses.sum(), hs + list(params.values()))
    H = cell.hidden_size
    contrib = np.zeros((T, T, H))
    for (idx, ok), g in zip(actives, grads[:k], strict=True):
        contrib[t[ok].numpy(), idx[ok].numpy()] = g[ok].detach().numpy()
    param_grads = {name: g.detach().numpy().copy() for name, g in zip(params, grads[k:], strict=True)}
    return GradientFlow(contrib, contrib.sum(axis=0), param_grads, losses.detach().numpy(), k)


def autograd_dh(model: CharLM, task: CharTask) -> np.ndarray:
    """dL/dh_t for every t by plain autograd over the step loop (the reference for the NumPy BPTT), (T, H)."""
    x, y = task.one_hot(next(model.parameters()).dtype), torch.tensor(task.targets)
    state = model.cell.initial_state(x[0])
    hs = []
    for t in range(task.T):
        state = model.cell.step(x[t], state).state
        hs.append(state[0])
    loss = F.cross_entropy(model.head(torch.stack(hs)), y, reduction="sum")
    return torch.stack(torch.autograd.grad(loss, hs)).detach().numpy()


def chunked_flow(model: CharLM, task: CharTask, k: int) -> GradientFlow:
    """Truncated BPTT in chunks of ``k`` steps: h (and c) carried forward detached, the gradient stopped at each
    chunk's start. contrib[t, s] = dL_t/dh_s for s <= t in the same chunk, else 0; param_grads sums every chunk's.

    Computed with ``windows``: loss t's window starts at its chunk's first step, from the state the full forward
    reached there, which is the carried state (detaching changes no value, only where the gradient stops). The
    sum over the losses of their within-chunk paths is the sum over the chunks; tests/test_hello_examples.py checks
    it against a chunk-by-chunk loop."""
    if not isinstance(k, int) or k < 1:
        raise ValueError(f"the chunk length must be a whole number of steps, at least 1; got {k!r}")
    k = min(k, task.T)
    return windows(model, task, torch.arange(task.T) // k * k, k)
