"""The GRU written the other way: reset gate applied before the recurrent matrix product.

Cho et al. (2014, arXiv:1406.1078) first put the reset after the product (the v1 form, kept by cuDNN and
PyTorch, core.recurrent.GRU); the paper's later version (v3, eq. 8) applies it to h_{t-1} before. The same
weights read with the two placements give different states; they agree exactly when r_t = 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.charlm import CharLM
from core.recurrent import GRU, Trace, pinned
from core.text import CharTask


def reset_before(cell: GRU, x: torch.Tensor, pins: dict[str, float] | None = None) -> Trace:
    r"""The GRU with the reset applied to h_{t-1} before the product (Cho et al. 2014, v3), on ``cell``'s weights.

    .. math::
        r_t = \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}) \\
        z_t = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz}) \\
        n_t = \tanh(W_{in} x_t + b_{in} + W_{hn} (r_t \odot h_{t-1}) + b_{hn}) \\
        h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}

    """
    T, _ = x.shape
    W_ir, W_iz, W_in = cell.blocks("weight_ih_l0")
    W_hr, W_hz, W_hn = cell.blocks("weight_hh_l0")
    b_ir, b_iz, b_in = cell.blocks("bias_ih_l0")
    b_hr, b_hz, b_hn = cell.blocks("bias_hh_l0")
    h_prev = cell.initial_state(x[0])[0]  # (H,)
    hs, gates = [], {"r": [], "z": [], "n": []}
    for t in range(T):
        x_t = x[t]
        r_t = pinned(pins, "r", torch.sigmoid(x_t @ W_ir.T + b_ir + h_prev @ W_hr.T + b_hr))  # (H,)
        z_t = torch.sigmoid(x_t @ W_iz.T + b_iz + h_prev @ W_hz.T + b_hz)
        n_t = torch.tanh(x_t @ W_in.T + b_in + (r_t * h_prev) @ W_hn.T + b_hn)
        h_t = (1 - z_t) * n_t + z_t * h_prev
        for name, value in (("r", r_t), ("z", z_t), ("n", n_t)):
            gates[name].append(value)
        hs.append(h_t)
        h_prev = h_t
    return Trace(h=torch.stack(hs), gates={name: torch.stack(v) for name, v in gates.items()})


@dataclass(frozen=True)
class Placements:
    """step_gap: (T,) max over units of |n_t(after) - n_t(before)| from the same h_{t-1} (PyTorch's run), the
    placement alone at each step.  run_gap: (T,) max |h_t(after) - h_t(before)| when each form runs on its own.
    accuracy_after/before: the model's next-character accuracy with each placement (it was trained with after).
    """

    step_gap: np.ndarray
    run_gap: np.ndarray
    accuracy_after: float
    accuracy_before: float
    z_mean: float  # the update gate's mean over units and steps; the lecture notes' z would be 1 - z_mean


def compare(model: CharLM, task: CharTask) -> Placements:
    cell = model.cell
    if not isinstance(cell, GRU):
        raise ValueError("the reset placements compare GRU cells only")
    x = task.one_hot()  # (T, V)
    targets = torch.tensor(task.targets)
    with torch.no_grad():
        after = cell(x)
        before = reset_before(cell, x)
        h_prev = torch.cat([cell.initial_state(x[0])[0][None], after.h[:-1]])  # (T, H) PyTorch's h_{t-1}
        _, _, W_in = cell.blocks("weight_ih_l0")
        _, _, W_hn = cell.blocks("weight_hh_l0")
        _, _, b_in = cell.blocks("bias_ih_l0")
        _, _, b_hn = cell.blocks("bias_hh_l0")
        r = after.gates["r"]  # (T, H)
        n_before = torch.tanh(x @ W_in.T + b_in + (r * h_prev) @ W_hn.T + b_hn)  # (T, H)
        step_gap = (after.gates["n"] - n_before).abs().max(dim=1).values
        run_gap = (after.h - before.h).abs().max(dim=1).values
        right = [(model.head(h).argmax(-1) == targets).double().mean().item() for h in (after.h, before.h)]
    return Placements(step_gap.numpy(), run_gap.numpy(), right[0], right[1], after.gates["z"].mean().item())
