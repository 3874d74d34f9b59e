"""Every intermediate value of a trained character model on its text, as NumPy arrays for display."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch.nn import functional as F

from core.charlm import CharLM
from core.text import CharTask


@dataclass(frozen=True)
class Analysis:
    """The model's trace (core.cell.Trace) on the lab's time axis, step t = 1..T in row t - 1:
    h: (T, H) h_1..h_T.  c: (T, H) c_1..c_T or None (LSTM only).  h0, c0: (H,) the state before step 1.
    gates, pre: name -> (T, H), each gate and the argument of each activation ("h" for the plain RNN's tanh; the
    GRU's "hn" = W_hn h_(t-1) + b_hn).  probs: (T, V) p(next character).  losses: (T,) natural-log CE."""

    h: np.ndarray
    h0: np.ndarray
    c: np.ndarray | None
    c0: np.ndarray | None
    gates: dict[str, np.ndarray]
    pre: dict[str, np.ndarray]
    probs: np.ndarray
    losses: np.ndarray

    @property
    def h_prev(self) -> np.ndarray:
        """(T, H) h_0..h_(T-1): row t - 1 is the state step t read."""
        return np.vstack([self.h0[None], self.h[:-1]])

    @property
    def c_prev(self) -> np.ndarray | None:
        return None if self.c is None else np.vstack([self.c0[None], self.c[:-1]])

    def path(self, name: str = "h") -> np.ndarray:
        """(T + 1, H) the state from before step 1 to after step T: h_0..h_T (or c_0..c_T)."""
        return np.vstack([getattr(self, f"{name}0")[None], getattr(self, name)])


def analyze(model: CharLM, task: CharTask, pins: dict[str, float] | None = None) -> Analysis:
    """``pins`` forces gates to fixed values (see core.cell); ``pre`` still holds what the weights say."""
    x = task.one_hot(next(model.parameters()).dtype)  # (T, V)
    with torch.no_grad():
        trace, logits = model(x, pins)
        losses = F.cross_entropy(logits, torch.tensor(task.targets), reduction="none")
        return Analysis(
            h=trace.h.numpy(), h0=trace.h0.numpy(),
            c=None if trace.c is None else trace.c.numpy(), c0=None if trace.c0 is None else trace.c0.numpy(),
            gates={k: v.numpy() for k, v in trace.gates.items()},
            pre={k: v.numpy() for k, v in trace.pre.items()},
            probs=torch.softmax(logits, -1).numpy(),
            losses=losses.numpy(),
        )
