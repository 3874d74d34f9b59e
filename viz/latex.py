"""Numbers as LaTeX: vectors and matrices for the equations with the values at step t plugged in."""

from __future__ import annotations

import numpy as np

MAX_ROWS = 8  # longer vectors show their first rows and a vertical ellipsis
MAX_COLS = 8
FULL_MATRICES = 6  # up to this many rows and columns the RNN step shows its weight matrices whole
SIGMOID_GATES = frozenset("ifozr")  # every other gate (LSTM g, GRU n) goes through tanh


def num(v: float, digits: int = 2) -> str:
    if not np.isfinite(v):
        return r"\text{overflow}"
    text = f"{v:.{digits}f}"
    return text.removeprefix("-") if float(text) == 0 else text  # no "-0.00"


def matrix(M: np.ndarray, digits: int = 2) -> str:
    """A bmatrix, cut to MAX_ROWS x MAX_COLS with ellipses."""
    M = np.atleast_2d(np.asarray(M, dtype=float))
    rows, cols = M.shape
    r, c = min(rows, MAX_ROWS), min(cols, MAX_COLS)
    lines = []
    for i in range(r):
        cells = [num(M[i, j], digits) for j in range(c)] + ([r"\cdots"] if cols > c else [])
        lines.append(" & ".join(cells))
    if rows > r:
        lines.append(" & ".join([r"\vdots"] * (c + (cols > c))))
    return r"\begin{bmatrix}" + r" \\ ".join(lines) + r"\end{bmatrix}"


def vector(v: np.ndarray, digits: int = 2) -> str:
    """A column vector."""
    return matrix(np.asarray(v, dtype=float).reshape(-1, 1), digits)


def rnn_step(W_ih, x_t, W_hh, h_prev, b, h_t, t: int) -> str:
    """h_t = tanh(W_ih x_t + W_hh h_{t-1} + b) with the numbers: the matrices themselves when they are small,
    otherwise the two products as vectors (W_ih x_t is the column of W_ih that the one-hot x_t picks)."""
    W_ih, W_hh = np.asarray(W_ih), np.asarray(W_hh)
    if max(W_ih.shape + W_hh.shape) <= FULL_MATRICES:
        inside = rf"{matrix(W_ih)}{vector(x_t, 0)} + {matrix(W_hh)}{vector(h_prev)} + {vector(b)}"
    else:
        inside = (rf"\underbrace{{{vector(W_ih @ x_t)}}}_{{W_{{ih}} x_{{{t}}}}} + "
                  rf"\underbrace{{{vector(W_hh @ h_prev)}}}_{{W_{{hh}} h_{{{t - 1}}}}} + "
                  rf"\underbrace{{{vector(b)}}}_{{b}}")
    return rf"h_{{{t}}} = \tanh\Big({inside}\Big) = {vector(h_t)}"


def gate_line(symbol: str, pre: np.ndarray, value: np.ndarray, t: int) -> str:
    r"""One gate: ``f_t = \sigma(pre-activation) = value`` (tanh for g and n)."""
    fn = r"\sigma" if symbol in SIGMOID_GATES else r"\tanh"
    return rf"{symbol}_{{{t}}} = {fn}\Big({vector(pre)}\Big) = {vector(value)}"


def elementwise(lhs: str, terms: list[tuple[np.ndarray, np.ndarray]], result: np.ndarray) -> str:
    r"""``lhs = a1 ⊙ b1 + a2 ⊙ b2 = result``, each term a pair of vectors."""
    parts = [rf"{vector(a)} \odot {vector(b)}" for a, b in terms]
    return rf"{lhs} = " + " + ".join(parts) + rf" = {vector(result)}"


def cell_at_step(kind: str, t: int, x_t, h_prev, h_t, pre: dict, gates: dict, weights: dict,
                 c_prev=None, c_t=None) -> list[str]:
    """The chosen cell's equations at step t with the actual numbers, one LaTeX line per equation.

    pre, gates: name -> (H,) at step t.  weights (plain RNN only): W_ih, W_hh and b = b_ih + b_hh."""
    if kind == "rnn":
        return [rnn_step(weights["W_ih"], x_t, weights["W_hh"], h_prev, weights["b"], h_t, t)]
    lines = [gate_line(name, pre[name], gates[name], t) for name in gates]
    if kind == "lstm":
        lines.append(elementwise(f"c_{{{t}}}", [(gates["f"], c_prev), (gates["i"], gates["g"])], c_t))
        lines.append(rf"h_{{{t}}} = {vector(gates['o'])} \odot \tanh{vector(c_t)} = {vector(h_t)}")
    else:
        lines.append(elementwise(f"h_{{{t}}}", [(1 - gates["z"], gates["n"]), (gates["z"], h_prev)], h_t))
    return lines
