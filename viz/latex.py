"""Numbers as LaTeX: vectors and matrices for the equations with the values at step t plugged in."""

from __future__ import annotations

import numpy as np

from core.recurrent import SIGMOID

MAX_ROWS = 8  # longer vectors show their first rows and a vertical ellipsis
MAX_COLS = 8
FULL_MATRICES = 6  # up to this many rows and columns the RNN step shows its weight matrices whole


def num(v: float, digits: int = 2) -> str:
    """A number as LaTeX; past the float's range, the same sign in every language (the page says it overflowed)."""
    if np.isnan(v):
        return r"\text{NaN}"
    if np.isinf(v):
        return r"\infty" if v > 0 else r"-\infty"
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
    fn = r"\sigma" if symbol in SIGMOID else r"\tanh"  # the others (LSTM g, GRU n): tanh
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


WINDOW = 6  # rows of a vector shown around the chosen unit
MARK = "#D55E00"  # the chosen unit's row, in the colour the diagram uses for it


def marked(v: np.ndarray, unit: int, digits: int = 2) -> str:
    """A column vector cut to WINDOW rows around ``unit`` (0-based), that row in colour, ⋮ where rows are cut."""
    v = np.asarray(v, dtype=float).ravel()
    H = len(v)
    lo = min(max(0, unit - WINDOW // 2), max(0, H - WINDOW))
    hi = min(H, lo + WINDOW)
    rows = [r"\vdots"] if lo > 0 else []
    rows += [rf"\textcolor{{{MARK}}}{{\mathbf{{{num(v[j], digits)}}}}}" if j == unit else num(v[j], digits)
             for j in range(lo, hi)]
    rows += [r"\vdots"] if hi < H else []
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


# The lecture notes' form: one matrix per gate acting on the concatenation [h_{t-1}, x_t] (W_f [h, x] equals
# PyTorch's W_if x + W_hf h, and b_f is b_if + b_hf). The LSTM's candidate is the notes' C~, PyTorch's g.
NOTES = {"i": (r"i_{t}", r"\sigma(W_i \cdot [h_{p}, x_{t}] + b_i)"),
         "f": (r"f_{t}", r"\sigma(W_f \cdot [h_{p}, x_{t}] + b_f)"),
         "g": (r"g_{t}", r"\tanh(W_C \cdot [h_{p}, x_{t}] + b_C)"),
         "o": (r"o_{t}", r"\sigma(W_o \cdot [h_{p}, x_{t}] + b_o)"),
         "r": (r"r_{t}", r"\sigma(W_r \cdot [h_{p}, x_{t}] + b_r)"),
         "z": (r"z_{t}", r"\sigma(W_z \cdot [h_{p}, x_{t}] + b_z)"),
         "n": (r"n_{t}", r"\tanh(W_{in} x_{t} + b_{in} + r_{t} \odot (W_{hn} h_{p} + b_{hn}))")}


def _fill(text: str, t: int) -> str:
    return text.replace("{t}", f"{{{t}}}").replace("{p}", f"{{{t - 1}}}")


def gate_lines(kind: str, t: int, unit: int, pre: dict, gates: dict, h_prev, h_t, c_prev=None, c_t=None) -> list[str]:
    """Every equation of the LSTM (the lecture notes' form) or the GRU (PyTorch's form) at step t with the
    numbers plugged in, the chosen unit's row in colour. pre, gates: name -> (H,) at step t."""
    def line(name: str) -> str:
        lhs, rhs = NOTES[name]
        fn = r"\sigma" if name in SIGMOID else r"\tanh"
        return rf"{_fill(lhs, t)} = {_fill(rhs, t)} = {fn}{marked(pre[name], unit)} = {marked(gates[name], unit)}"

    lines = [line(name) for name in (("f", "i", "g") if kind == "lstm" else ("r", "z", "n"))]
    if kind == "lstm":
        lines.append(rf"c_{{{t}}} = f_{{{t}}} \odot c_{{{t - 1}}} + i_{{{t}}} \odot g_{{{t}}} = "
                     rf"{marked(gates['f'], unit)} \odot {marked(c_prev, unit)} + {marked(gates['i'], unit)} "
                     rf"\odot {marked(gates['g'], unit)} = {marked(c_t, unit)}")
        lines.append(line("o"))
        lines.append(rf"h_{{{t}}} = o_{{{t}}} \odot \tanh(c_{{{t}}}) = {marked(gates['o'], unit)} \odot "
                     rf"\tanh{marked(c_t, unit)} = {marked(h_t, unit)}")
    else:
        lines.append(rf"h_{{{t}}} = (1 - z_{{{t}}}) \odot n_{{{t}}} + z_{{{t}}} \odot h_{{{t - 1}}} = "
                     rf"{marked(1 - gates['z'], unit)} \odot {marked(gates['n'], unit)} + "
                     rf"{marked(gates['z'], unit)} \odot {marked(h_prev, unit)} = {marked(h_t, unit)}")
    return lines


def displayed(tex: str) -> str:
    r"""``tex`` ready for display mode: line breaks ``\\`` outside any environment are wrapped in one ``gathered``
    (centred lines, as KaTeX drew them), since in LaTeX's display mode a bare ``\\`` does nothing and KaTeX warns
    about each one in the browser's console. Text without a top-level ``\\`` is returned unchanged."""
    depth, i = 0, 0
    while i < len(tex):
        if tex.startswith(r"\begin{", i):
            depth += 1
        elif tex.startswith(r"\end{", i):
            depth -= 1
        elif tex.startswith(r"\\", i):
            if depth == 0:
                return rf"\begin{{gathered}}{tex}\end{{gathered}}"
            i += 2
            continue
        elif tex[i] == "\\":
            i += 2  # an escaped character such as \{ or \%: skip both
            continue
        i += 1
    return tex
