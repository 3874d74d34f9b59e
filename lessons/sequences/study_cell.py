"""The memory cell unrolled on the tokens (note 001), two ways with the same numbers:

    the notes' row form:     h_t = tanh(x_t W_x + h_(t-1) W_h + b),            ŷ_T = h_T W_y + b_y
    PyTorch's column form:   h_t = tanh(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh),  ŷ_T = W_hy h_T + b_hy

The weights are one seeded, untrained cell in PyTorch's form (the lab's core.recurrent.RNN, float64); the notes'
are read off it: W_x = W_ihᵀ, W_h = W_hhᵀ, W_y = W_hyᵀ and the one bias b = b_ih + b_hh. The row form is computed
here in NumPy, the column form by the lab's cell, and torch.nn.RNN with the same weights checks both."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from core.limits import SEED, Limit, check
from core.recurrent import RNN

MAX_T = 50  # the parameter count is drawn for T = 1..MAX_T
LIMITS = {"hidden": Limit("hidden_size", 1, 4), "seed": SEED}


@dataclass(frozen=True)
class CellConfig:
    V: int  # the vocabulary: x_t is a one-hot vector of V numbers (the input size I = V) and ŷ has V logits
    hidden: int = 2  # H: note 004's example has a 2-dimensional h and 3-dimensional x
    seed: int = 0

    def __post_init__(self):
        check(self, LIMITS | {"V": Limit("input_size", 1, 64)})


@dataclass(frozen=True)
class Unrolled:
    """Row form (the notes', NumPy): W_x (I, H), W_h (H, H), b (H,), W_y (H, V), b_y (V,); a_row, h_row (T, H)
    the argument of tanh and h_t, row t - 1 for step t; y_row (V,) ŷ_T. Column form (PyTorch's): the cell's own
    parameters, a_col and h_col (T, H) and y_col (V,) from the lab's cell; h_torch (T, H) from torch.nn.RNN."""

    config: CellConfig
    x: np.ndarray  # (T, I) the one-hot tokens
    W_x: np.ndarray
    W_h: np.ndarray
    b: np.ndarray
    W_y: np.ndarray
    b_y: np.ndarray
    torch_form: dict[str, np.ndarray]  # weight_ih_l0, weight_hh_l0, bias_ih_l0, bias_hh_l0, W_hy, b_hy
    a_row: np.ndarray
    h_row: np.ndarray
    y_row: np.ndarray
    a_col: np.ndarray
    h_col: np.ndarray
    y_col: np.ndarray
    h_torch: np.ndarray

    @property
    def gap(self) -> float:
        """max |row form - column form| over every h_t and ŷ_T: the two ways agree to rounding."""
        return float(max(np.abs(self.h_row - self.h_col).max(), np.abs(self.y_row - self.y_col).max()))

    @property
    def torch_gap(self) -> float:
        """max |row form - torch.nn.RNN| over every h_t."""
        return float(np.abs(self.h_row - self.h_torch).max())


def row_form(x: np.ndarray, W_x: np.ndarray, W_h: np.ndarray, b: np.ndarray, W_y: np.ndarray,
             b_y: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The notes' equations, one line each: h_1 = tanh(x_1 W_x + b) (h_0 = 0, so h_0 W_h drops out),
    h_t = tanh(x_t W_x + h_(t-1) W_h + b), ŷ_T = h_T W_y + b_y. Returns (a (T, H), h (T, H), ŷ_T (V,))."""
    T, H = x.shape[0], W_h.shape[0]
    a, h = np.zeros((T, H)), np.zeros((T, H))
    h_prev = np.zeros(H)  # (H,) h_0
    for t in range(T):
        a[t] = x[t] @ W_x + h_prev @ W_h + b  # (I,) @ (I, H) + (H,) @ (H, H) + (H,)
        h[t] = np.tanh(a[t])
        h_prev = h[t]
    return a, h, h[-1] @ W_y + b_y  # (H,) @ (H, V) + (V,)


def unroll(x: np.ndarray, config: CellConfig) -> Unrolled:
    """The cell of ``config`` on the one-hot tokens ``x`` (T, V), both forms."""
    torch.manual_seed(config.seed)
    cell = RNN(config.V, config.hidden).double()  # PyTorch's initialisation, U(-1/sqrt(H), 1/sqrt(H))
    readout = nn.Linear(config.hidden, config.V).double()
    p = {name: value.detach().numpy().copy() for name, value in cell.named_parameters()}
    p |= {"W_hy": readout.weight.detach().numpy().copy(), "b_hy": readout.bias.detach().numpy().copy()}
    W_x, W_h, W_y = p["weight_ih_l0"].T, p["weight_hh_l0"].T, p["W_hy"].T  # the notes' row form
    b = p["bias_ih_l0"] + p["bias_hh_l0"]
    a_row, h_row, y_row = row_form(x, W_x, W_h, b, W_y, p["b_hy"])
    xt = torch.as_tensor(x, dtype=torch.float64)
    with torch.no_grad():
        trace = cell(xt)  # the lab's cell: a_t = W_ih x_t + b_ih + W_hh h_(t-1) + b_hh, h_t = tanh(a_t)
        h_col = trace.h  # (T, H)
        y_col = readout(h_col[-1])  # (V,) W_hy h_T + b_hy
        reference = nn.RNN(config.V, config.hidden, nonlinearity="tanh").double()
        reference.load_state_dict({k: torch.as_tensor(v) for k, v in p.items() if k.endswith("_l0")})
        h_torch = reference(xt)[0]
    return Unrolled(config, x, W_x, W_h, b, W_y, p["b_hy"], p, a_row, h_row, y_row, trace.pre["h"].numpy(),
                    h_col.numpy(), y_col.numpy(), h_torch.numpy())


def parameter_counts(V: int, H: int, T_max: int = MAX_T) -> dict[str, np.ndarray]:
    """Parameters against the sequence length T = 1..T_max. The RNN (the lab's cell and its readout, PyTorch's two
    biases) is counted on its modules, built once: it reads any T. A Dense layer that reads a window of T one-hot
    tokens at once (concatenated, T·V inputs) into the same H units, with the same readout, needs T·V·H + H weights
    of its own for each T (the test counts them on nn.Linear modules)."""
    readout = nn.Linear(H, V, device="meta")  # shapes only: nothing to allocate or initialise
    rnn = sum(p.numel() for m in (RNN(V, H), readout) for p in m.parameters())
    T = np.arange(1, T_max + 1)
    return {"T": T, "rnn": np.full(T_max, rnn), "window": T * V * H + H + H * V + V}


def notes_count(V: int, H: int) -> int:
    """The notes' form has one bias b: W_x (V·H) + W_h (H·H) + b (H) + W_y (H·V) + b_y (V)."""
    return V * H + H * H + H + H * V + V
