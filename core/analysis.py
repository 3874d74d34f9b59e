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
    """h: (T+1, H), row 0 the initial state h_0.  c: (T+1, H) or None (LSTM only).
    gates: name -> (T, H) values.  pre: name -> (T, H) the argument of each gate's activation
    (for the plain RNN, "h": the argument of tanh).  probs: (T, V).  losses: (T,) natural-log CE."""

    h: np.ndarray
    c: np.ndarray | None
    gates: dict[str, np.ndarray]
    pre: dict[str, np.ndarray]
    probs: np.ndarray
    losses: np.ndarray


def analyze(model: CharLM, task: CharTask, pins: dict[str, float] | None = None) -> Analysis:
    """``pins`` forces gates to fixed values (see core.recurrent); ``pre`` still holds what the weights say."""
    cell = model.cell
    x = task.one_hot(next(model.parameters()).dtype)  # (T, V)
    with torch.no_grad():
        trace, logits = model(x, pins)
        h_prev = torch.cat([cell.initial_state(x[0])[0][None], trace.h[:-1]])  # (T, H): h_0..h_{T-1}
        names = cell.GATES or ("h",)
        W_i, W_h = cell.blocks("weight_ih_l0"), cell.blocks("weight_hh_l0")
        b_i, b_h = cell.blocks("bias_ih_l0"), cell.blocks("bias_hh_l0")
        pre = {}
        for k, name in enumerate(names):
            from_x = x @ W_i[k].T + b_i[k]  # (T, H)
            from_h = h_prev @ W_h[k].T + b_h[k]  # (T, H)
            pre[name] = from_x + (trace.gates["r"] * from_h if name == "n" else from_h)  # GRU: reset after W_hn
        losses = F.cross_entropy(logits, torch.tensor(task.targets), reduction="none")
        h0 = h_prev[:1]
        c = None if trace.c is None else torch.cat([torch.zeros_like(h0), trace.c])
        return Analysis(
            h=torch.cat([h0, trace.h]).numpy(),
            c=None if c is None else c.numpy(),
            gates={k: v.numpy() for k, v in trace.gates.items()},
            pre={k: v.numpy() for k, v in pre.items()},
            probs=torch.softmax(logits, -1).numpy(),
            losses=losses.numpy(),
        )
