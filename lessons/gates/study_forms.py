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
from core.recurrent import GRU
from core.text import CharTask


class ResetBefore(GRU):
    r"""The GRU with the reset applied to h_{t-1} before the product (Cho et al. 2014, v3), on a GRU's weights.

    .. math::
        r_t = \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}) \\
        z_t = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz}) \\
        n_t = \tanh(W_{in} x_t + b_{in} + W_{hn} (r_t \odot h_{t-1}) + b_{hn}) \\
        h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}

    """

    def candidate(self, x_t, h_prev, r_t):
        """The argument of n_t's tanh with the reset applied to h_{t-1} before the product (v3, eq. 8)."""
        _, _, W_in = self.blocks("weight_ih_l0")
        _, _, W_hn = self.blocks("weight_hh_l0")
        _, _, b_in = self.blocks("bias_ih_l0")
        _, _, b_hn = self.blocks("bias_hh_l0")
        return x_t @ W_in.T + b_in + (r_t * h_prev) @ W_hn.T + b_hn, {}


def reset_before(cell: GRU) -> ResetBefore:
    """``cell``'s weights, read with the reset before the product (a new module; the caller's RNG is untouched)."""
    with torch.random.fork_rng(devices=[]):  # building a cell draws its initial weights, replaced just below
        other = ResetBefore(cell.input_size, cell.hidden_size).to(cell.weight_hh_l0.dtype)
    other.load_state_dict(cell.state_dict())
    return other.eval()


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
    other = reset_before(cell)
    x = task.one_hot()  # (T, V)
    targets = torch.tensor(task.targets)
    with torch.no_grad():
        after = cell(x)
        before = other(x)
        from_same = other.step(x, (after.h_prev,))  # every step at once, each from PyTorch's h_{t-1}: (T, H)
        step_gap = (after.gates["n"] - from_same.gates["n"]).abs().max(dim=1).values
        run_gap = (after.h - before.h).abs().max(dim=1).values
        right = [(model.head(h).argmax(-1) == targets).double().mean().item() for h in (after.h, before.h)]
    return Placements(step_gap.numpy(), run_gap.numpy(), right[0], right[1], after.gates["z"].mean().item())
