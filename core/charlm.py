"""A character-level language model: a recurrent cell from core.recurrent plus a linear read-out.

Trained full-batch with Adam on one text (the "hello" slide). Float64 throughout, so the lesson can
compare it with the NumPy BPTT to ~1e-12.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F

from core.cell import Trace
from core.limits import MAX_HIDDEN, SEED, Limit, check, one_of
from core.optim import Adam
from core.recurrent import CELLS, RNN, make_cell
from core.text import CharTask, make_task

MAX_STEPS = 3000  # a bound a single session cannot exceed, whatever the widgets say
LIMITS = {"hidden_size": Limit("hidden_size", 1, MAX_HIDDEN),
          "lr": Limit("learning_rate", 0, 1, whole=False, above=True),
          "steps": Limit("training_steps", 1, MAX_STEPS), "seed": SEED}


@dataclass(frozen=True)
class HelloConfig:
    text: str = "hello"  # the sequence to learn: inputs text[:-1], targets text[1:]
    cell: str = "rnn"  # "rnn" (tanh), "lstm" or "gru"
    hidden_size: int = 3  # 3, as on the classic lecture slide
    lr: float = 0.1  # Adam step size; "hello" needs no tuning
    steps: int = 100  # full-batch training steps; "hello" is solved in about 7-20
    seed: int = 0  # sets the initial weights (PyTorch's default initialisation)

    def __post_init__(self):
        make_task(self.text)  # raises ValueError with a message about the text
        one_of("cell", self.cell, CELLS)
        check(self, LIMITS)


class CharLM(nn.Module):
    """logits_t = W_hy h_t + b_y on top of a recurrent cell."""

    def __init__(self, cell: str, vocab_size: int, hidden_size: int):
        super().__init__()
        self.cell = make_cell(cell, vocab_size, hidden_size)
        self.head = nn.Linear(hidden_size, vocab_size)

    def forward(self, x: torch.Tensor, pins: dict[str, float] | None = None) -> tuple[Trace, torch.Tensor]:
        trace = self.cell(x, pins=pins)
        return trace, self.head(trace.h)  # logits (T, [B,] V)


@dataclass(frozen=True)
class TrainResult:
    """losses, accuracies: (steps,) measured before each update.  solved_at: first step (1-based) whose
    predictions were all right, or None.  seconds: wall time of the loop.  state: the trained weights."""

    config: HelloConfig
    task: CharTask
    losses: np.ndarray
    accuracies: np.ndarray
    solved_at: int | None
    seconds: float
    state: dict[str, torch.Tensor]

    def model(self) -> CharLM:
        """A fresh copy of the trained model (callers may not change a shared one)."""
        model = CharLM(self.config.cell, self.task.V, self.config.hidden_size).double()
        model.load_state_dict(self.state)
        return model.eval()


def build_model(config: HelloConfig, task: CharTask) -> CharLM:
    torch.manual_seed(config.seed)
    return CharLM(config.cell, task.V, config.hidden_size).double()


def train(config: HelloConfig, on_step=None, fused: bool = False, keep=None) -> TrainResult:
    """Train on ``config.text``; ``on_step(step, steps, loss, accuracy)`` is called after every step, and
    ``keep(step, logits)`` with the (T, V) logits of the model after ``step`` updates, at every step (detached) and
    once more for the trained model (step = steps): a lesson can keep the model's predictions as it learns.

    ``fused``: train a ``torch.nn.RNN/LSTM/GRU`` twin (PyTorch's C++ loop, ~4-10x faster on longer texts) that
    starts from the same weights, then copy the result back; the names and shapes match, so the returned model
    is our equation-per-line cell with the trained weights (tests/test_parity.py checks the two agree)."""
    task = make_task(config.text)
    model = build_model(config, task)
    x, y = task.one_hot(), torch.tensor(task.targets)
    if fused:
        twin = getattr(nn, config.cell.upper())(task.V, config.hidden_size).double()
        twin.load_state_dict(model.cell.state_dict())
        model.cell = twin  # trained in place of ours; the weights are copied back into a CharLM below
    optimizer = Adam(model.parameters(), lr=config.lr)
    losses, accuracies = np.zeros(config.steps), np.zeros(config.steps)
    solved_at = None
    start = time.perf_counter()
    for step in range(config.steps):
        logits = model.head(model.cell(x[:, None])[0][:, 0]) if fused else model(x)[1]  # (T, V)
        if keep is not None:
            keep(step, logits.detach())
        loss = F.cross_entropy(logits, y, reduction="sum")  # the lecture's L = L_1 + ... + L_T
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses[step] = loss.item()
        accuracies[step] = (logits.argmax(-1) == y).double().mean().item()
        if solved_at is None and accuracies[step] == 1.0:
            solved_at = step + 1
        if on_step is not None:
            on_step(step + 1, config.steps, losses[step], accuracies[step])
    seconds = time.perf_counter() - start
    if keep is not None:
        with torch.no_grad():
            keep(config.steps, model.head(model.cell(x[:, None])[0][:, 0]) if fused else model(x)[1])
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    return TrainResult(config, task, losses, accuracies, solved_at, seconds, state)


def numpy_params(model: CharLM) -> dict[str, np.ndarray]:
    """The plain RNN's weights in min-char-rnn's names (Wxh, Whh, Why, bh, by) for core.numpy_rnn."""
    if not isinstance(model.cell, RNN):
        raise ValueError("The hand-derived NumPy BPTT covers the plain tanh RNN only.")
    cell, head = model.cell, model.head

    def as_np(t):
        return t.detach().double().numpy().copy()

    return {"Wxh": as_np(cell.weight_ih_l0), "Whh": as_np(cell.weight_hh_l0),
            "bh": as_np(cell.bias_ih_l0 + cell.bias_hh_l0), "Why": as_np(head.weight), "by": as_np(head.bias)}
