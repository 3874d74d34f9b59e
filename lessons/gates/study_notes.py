"""Note 000 writes the LSTM's final output as y = o * c: the output gate times the cell state, with no tanh. Every
other source (note 001, note 003, Hochreiter & Schmidhuber's successors, PyTorch) has h = o * tanh(c). This module
measures what the missing tanh changes on the lesson's trained LSTM: at the same step, and when a cell built that
way runs on the same weights.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.cell import Step
from core.charlm import CharLM
from core.recurrent import LSTM
from core.text import CharTask


class OutputWithoutTanh(LSTM):
    r"""The LSTM as note 000 writes its output: the cell state passes the output gate without a tanh.

    .. math::
        c_t = f_t \odot c_{t-1} + i_t \odot g_t \\
        y_t = o_t \odot c_t \quad (\text{PyTorch: } h_t = o_t \odot \tanh(c_t))

    """

    def step(self, x_t, state, pins=None):
        lstm = super().step(x_t, state, pins)
        _, c_t = lstm.state
        return Step((lstm.gates["o"] * c_t, c_t), lstm.gates, lstm.pre)


def without_tanh(cell: LSTM) -> OutputWithoutTanh:
    """``cell``'s weights in the note-000 cell (a new module; the caller's RNG is untouched)."""
    with torch.random.fork_rng(devices=[]):  # building a cell draws initial weights, replaced just below
        other = OutputWithoutTanh(cell.input_size, cell.hidden_size).to(cell.weight_hh_l0.dtype)
    other.load_state_dict(cell.state_dict())
    return other.eval()


@dataclass(frozen=True)
class OutputGap:
    """step_gap: (T, H) |o_t c_t - o_t tanh(c_t)| on the trained run (the same c_t, only the tanh differs).
    largest: that gap's largest value, at step ``t`` (1-based) and ``unit`` (1-based), where the cell state is
    ``c``.  run_gap: (T,) max over units |y_t - h_t| when the note-000 cell runs on its own.
    accuracy_trained / accuracy_notes: next characters right with h = o tanh(c) (as trained) and with y = o c."""

    step_gap: np.ndarray
    largest: float
    t: int
    unit: int
    c: float
    run_gap: np.ndarray
    accuracy_trained: float
    accuracy_notes: float


def output_gap(model: CharLM, task: CharTask) -> OutputGap:
    cell = model.cell
    if not isinstance(cell, LSTM):
        raise ValueError("the output without tanh is an LSTM's: pass the LSTM model")
    x = task.one_hot()  # (T, V)
    targets = torch.tensor(task.targets)
    with torch.no_grad():
        trained = cell(x)
        notes = without_tanh(cell)(x)
        o, c = trained.gates["o"], trained.c  # (T, H) each
        step_gap = (o * c - o * torch.tanh(c)).abs().double().numpy()
        run_gap = (notes.h - trained.h).abs().max(dim=1).values.double().numpy()
        right = [(model.head(h).argmax(-1) == targets).double().mean().item() for h in (trained.h, notes.h)]
    row, unit = np.unravel_index(int(step_gap.argmax()), step_gap.shape)
    return OutputGap(step_gap, float(step_gap[row, unit]), int(row) + 1, int(unit) + 1, float(c[row, unit]),
                     run_gap, right[0], right[1])


SATURATED_G = 0.95  # |g| above this: tanh'(a_g) = 1 - g^2 is below 0.0975


def candidate_slopes(g: np.ndarray) -> tuple[float, float]:
    """Note 003 says the candidate ("Gate gate") uses tanh to pass information without vanishing gradients. From
    the candidate's values g (T, H): the mean of its tanh' = 1 - g^2 (never above 1), and the share of values
    with |g| > SATURATED_G, where tanh' < 0.1."""
    g = np.asarray(g, dtype=float)
    return float((1 - g**2).mean()), float((np.abs(g) > SATURATED_G).mean())
