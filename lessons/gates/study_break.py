"""Breaking the gates on purpose: the trained LSTM rerun with gates pinned, and how much of a change to the cell
state c_k still reaches c_T, through every path and along the forget-gate highway alone."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.analysis import Analysis, analyze
from core.charlm import CharLM
from core.text import CharTask
from lessons.gates.study import GatesStudy

PIN_CHOICES = {"f": (1.0, 0.0), "i": (0.0,), "o": (1.0,)}  # the lesson's "break the gates" overrides


def checked_pins(pins: tuple[tuple[str, float], ...]) -> dict[str, float]:
    """The lesson's overrides only: f to 1 or 0, i to 0, o to 1 (the cell itself accepts any value)."""
    pins = dict(pins)
    for name, value in pins.items():
        if value not in PIN_CHOICES.get(name, ()):
            raise ValueError(f"this lesson pins f to 1 or 0, i to 0 and o to 1; got {name} = {value!r}")
    return pins


def cell_gradient(model: CharLM, task: CharTask, pins: dict[str, float] | None = None) -> np.ndarray:
    """(T+1,) the spectral norm of dc_T/dc_k for k = 0..T (the last entry is 1), by autograd through every
    path (cell highway, and c_k -> h_k -> the next step's gates), with the overrides in ``pins``."""
    cell = model.cell
    x = task.one_hot()  # (T, V)
    H = cell.hidden_size
    c0 = torch.zeros(H, dtype=x.dtype, requires_grad=True)
    state, cs = (torch.zeros(H, dtype=x.dtype), c0), [c0]
    for t in range(task.T):
        state = cell.step(x[t], state, pins or None).state
        cs.append(state[1])
    rows = []
    for j in range(H):  # one backward pass per unit of c_T gives row j of every dc_T/dc_k
        grads = torch.autograd.grad(cs[-1][j], cs[:-1], retain_graph=True, allow_unused=True)
        rows.append(torch.stack([torch.zeros(H, dtype=x.dtype) if g is None else g for g in grads]))  # (T, H)
    J = torch.stack(rows, dim=1).detach().numpy()  # (T, H, H): J[k] = dc_T/dc_k
    return np.append(np.linalg.norm(J, 2, axis=(1, 2)), 1.0)


def highway(f: np.ndarray) -> np.ndarray:
    """(T+1,) the largest over units of prod_{j=k+1}^{T} f_j, k = 0..T: dc_T/dc_k along the cell state alone."""
    T, H = f.shape
    products = np.ones((T + 1, H))
    for k in range(T - 1, -1, -1):
        products[k] = products[k + 1] * f[k]  # f[k] is f_{k+1}
    return products.max(axis=1)


@dataclass(frozen=True)
class Broken:
    """The trained LSTM rerun with gates pinned: its trace, ||dc_T/dc_k|| and the forget-gate highway."""

    pins: dict[str, float]
    analysis: Analysis
    gradient: np.ndarray  # (T+1,) k = 0..T
    highway: np.ndarray  # (T+1,) k = 0..T


def break_gates(s: GatesStudy, pins: tuple[tuple[str, float], ...]) -> Broken:
    """Rerun the trained LSTM with ``pins`` (e.g. (("f", 1.0), ("i", 0.0))); no pins gives the model as trained."""
    checked = checked_pins(pins)
    model = s.model("lstm")
    a = analyze(model, s.task, checked or None)
    return Broken(checked, a, cell_gradient(model, s.task, checked), highway(a.gates["f"]))
