"""Lecture note 001's two limits of the RNN, measured on the trained model.

1) 멀수록 잊혀진다 (backward): ∂L₄/∂W_x = H + E + L + L. W_ih (the notes' W_x, transposed: they write x W_x) is
   used at every step, so the gradient of one loss is a sum of one term per character read,
   ∂L_t/∂W_ih = Σ_{s<=t} (∂L_t/∂u_s) x_sᵀ with u_s = W_ih x_s the input's share of the pre-activations. With a
   one-hot x_s the term fills one column, the column of the character read, and its size is ‖∂L_t/∂u_s‖.
2) 갈수록 흐려진다 (forward): how much of x_1 is still in h_t, ‖∂h_t/∂x_1‖_F, as t grows.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional as F

from core.charlm import CharLM
from core.text import CharTask

# torch's forward-mode levels are one global stack, not one per thread: two sessions running jacfwd at once failed
# with "Trying to create a dual Tensor for forward AD but no level exists" (benchmarks/load.py, 5 cold sessions).
FORWARD_AD = threading.Lock()


@dataclass(frozen=True)
class InputTerms:
    """loss: t, the loss L_t split.  du: (t, G*H), row s - 1 = ∂L_t/∂u_s (all gate blocks, PyTorch's order).
    inputs: (t,) the character index read at each step s.  autograd: (G*H, V) ∂L_t/∂W_ih by autograd on the weight."""

    loss: int
    du: np.ndarray
    inputs: tuple[int, ...]
    autograd: np.ndarray

    def term(self, s: int) -> np.ndarray:
        """(G*H, V) the term of step s: (∂L_t/∂u_s) x_sᵀ, zero but for the column of the character read."""
        out = np.zeros_like(self.autograd)
        out[:, self.inputs[s - 1]] = self.du[s - 1]
        return out

    @property
    def norms(self) -> np.ndarray:
        """(t,) the size of each step's term, ‖(∂L_t/∂u_s) x_sᵀ‖_F = ‖∂L_t/∂u_s‖ (x_s is one-hot)."""
        return np.linalg.norm(self.du, axis=1)

    @property
    def total(self) -> np.ndarray:
        """(G*H, V) the terms added up."""
        out = np.zeros_like(self.autograd)
        np.add.at(out.T, np.array(self.inputs), self.du)
        return out

    @property
    def gap(self) -> float:
        """max |Σ terms - autograd's ∂L_t/∂W_ih|: the split is exact."""
        return float(np.abs(self.total - self.autograd).max())


def pre_names(model: CharLM) -> tuple[str, ...]:
    """The pre-activations W_ih x_t feeds, in the order of W_ih's row blocks (the plain RNN's one is "h")."""
    return model.cell.GATES or ("h",)


def input_terms(model: CharLM, task: CharTask, loss: int) -> InputTerms:
    """Split ∂L_loss/∂W_ih into the terms of the steps s = 1..loss (one backward pass through the step loop)."""
    if not 1 <= loss <= task.T:
        raise ValueError(f"the loss must be one of L_1..L_{task.T}; got L_{loss}")
    x, y = task.one_hot(next(model.parameters()).dtype), torch.tensor(task.targets)
    cell, names = model.cell, pre_names(model)
    state, pres = cell.initial_state(x[0]), []
    for t in range(loss):
        step = cell.step(x[t], state)
        state = step.state
        pres += [step.pre[name] for name in names]  # W_ih x_t enters each of these additively
    L = F.cross_entropy(model.head(state[0])[None], y[loss - 1:loss])
    grads = torch.autograd.grad(L, pres + [cell.weight_ih_l0])
    du = torch.stack([torch.cat(grads[i:i + len(names)]) for i in range(0, len(pres), len(names))])  # (t, G*H)
    return InputTerms(loss, du.detach().numpy(), task.inputs[:loss], grads[-1].detach().numpy())


def input_reach(model: CharLM, task: CharTask, source: int = 1) -> np.ndarray:
    """(T,) ‖∂h_t/∂x_source‖_F for t = 1..T (0 before ``source``): how much the state still depends on what was read
    at step ``source``. Forward mode, one tangent per input feature (torch.func.jacfwd)."""
    x = task.one_hot(next(model.parameters()).dtype)
    i = source - 1

    def states(x_source: torch.Tensor) -> torch.Tensor:
        return model.cell(torch.cat([x[:i], x_source[None], x[i + 1:]])).h  # (T, H)

    with FORWARD_AD:
        J = torch.func.jacfwd(states)(x[i])  # (T, H, V)
    return J.detach().flatten(1).norm(dim=1).numpy()
