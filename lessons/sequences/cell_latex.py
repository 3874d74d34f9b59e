"""Sequences lesson, section 3's equations with the numbers, as LaTeX: the weights in both forms, every step in the
notes' row form and PyTorch's column form, ŷ_T, and note 004's stacked W. Built once per cell and shared."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from lessons.sequences.cell_charts import unrolled
from lessons.sequences.study_cell import Unrolled
from lessons.sequences.study_tokens import Tokens
from ui.store import shared
from viz.latex import matrix

TOP = r"^{\top}"


@dataclass(frozen=True)
class Lines:
    """One LaTeX block per element drawn (fewer elements, a faster fragment)."""

    notes_weights: str
    torch_weights: str
    steps: tuple[str, ...]  # step t is row t - 1: the notes' row form above PyTorch's column form
    outputs: str  # ŷ_T both ways
    stacked_t: int  # the step note 004's stacked form is shown at
    stacked: str


def stack(lines, gap: str = "8pt") -> str:
    """Equations one under another, as one block."""
    return r"\begin{gathered} " + rf" \\[{gap}] ".join(lines) + r" \end{gathered}"


def row(v: np.ndarray) -> str:
    return matrix(np.asarray(v).reshape(1, -1))


def under(value: str, label: str) -> str:
    return rf"\underbrace{{{value}}}_{{{label}}}"


def step_lines(u: Unrolled, t: int) -> tuple[str, str]:
    """h_t in the notes' row form and in PyTorch's column form (column vectors written as rows, transposed), each
    as three aligned lines: the equation, its terms with the numbers, and tanh of their sum."""
    x_t, h_prev, p = u.x[t - 1], (u.h_row[t - 2] if t > 1 else np.zeros(u.config.hidden)), u.torch_form
    s, T = t - 1, TOP
    recur = rf" + {under(row(h_prev @ u.W_h), rf'h_{{{s}}} W_h')}" if t > 1 else ""  # h_0 = 0: the notes drop it
    notes = (rf"\begin{{aligned}} h_{{{t}}} &= \tanh(x_{{{t}}} W_x{rf' + h_{{{s}}} W_h' if t > 1 else ''} + b) \\ "
             rf"&= \tanh\big({under(row(x_t @ u.W_x), rf'x_{{{t}}} W_x')}{recur} + {under(row(u.b), 'b')}\big) \\ "
             rf"&= \tanh\big({row(u.a_row[t - 1])}\big) = {row(u.h_row[t - 1])} \end{{aligned}}")
    torch_ = (rf"\begin{{aligned}} h_{{{t}}} &= \tanh(W_{{ih}} x_{{{t}}} + b_{{ih}} + W_{{hh}} h_{{{s}}} + b_{{hh}}) "
              rf"\\ "
              rf"&= \tanh\big({under(row(p['weight_ih_l0'] @ x_t) + T, rf'W_{{ih}} x_{{{t}}}')} + "
              rf"{under(row(p['bias_ih_l0']) + T, 'b_{ih}')} \\ &\qquad + "  # two lines: fits with H = 4
              rf"{under(row(p['weight_hh_l0'] @ h_prev) + T, rf'W_{{hh}} h_{{{s}}}')} + "
              rf"{under(row(p['bias_hh_l0']) + T, 'b_{hh}')}\big) \\ "
              rf"&= \tanh\big({row(u.a_col[t - 1])}{T}\big) = {row(u.h_col[t - 1])}{T} \end{{aligned}}")
    return notes, torch_


def weight_lines(u: Unrolled) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """One matrix a line (two for the biases), so that H = 4 and V = 12 fit the page."""
    p = u.torch_form
    notes = (rf"W_x = {matrix(u.W_x)}", rf"W_h = {matrix(u.W_h)},\quad b = {row(u.b)}", rf"W_y = {matrix(u.W_y)}",
             rf"b_y = {row(u.b_y)}")
    torch_ = (rf"W_{{ih}} = {matrix(p['weight_ih_l0'])}", rf"W_{{hh}} = {matrix(p['weight_hh_l0'])}",
              rf"b_{{ih}} = {row(p['bias_ih_l0'])}{TOP},\quad b_{{hh}} = {row(p['bias_hh_l0'])}{TOP}",
              rf"W_{{hy}} = {matrix(p['W_hy'])}", rf"b_{{hy}} = {row(p['b_hy'])}{TOP}")
    return notes, torch_


def stacked_line(u: Unrolled, t: int) -> str:
    """Note 004's single W on [x_t; h_(t-1)]: it splits into W_xh (= W_ih) and W_hh."""
    p, x_t = u.torch_form, u.x[t - 1]
    h_prev = u.h_row[t - 2] if t > 1 else np.zeros(u.config.hidden)
    W = np.hstack([p["weight_ih_l0"], p["weight_hh_l0"]])  # (H, V + H): [W_xh | W_hh]
    stacked = np.concatenate([x_t, h_prev])  # (V + H,): [x_t; h_(t-1)]
    return (rf"\begin{{aligned}} W \begin{{bmatrix}} x_{{{t}}} \\ h_{{{t - 1}}} \end{{bmatrix}} &= {matrix(W)}"
            rf"{matrix(stacked[:, None])} \\ &= {matrix((W @ stacked)[:, None])}"
            rf" = W_{{xh}} x_{{{t}}} + W_{{hh}} h_{{{t - 1}}} \end{{aligned}}")


@shared(96)
def lines(tokens: Tokens, hidden: int, seed: int) -> Lines:
    u, T = unrolled(tokens, hidden, seed), tokens.T
    outputs = (rf"\hat y_{{{T}}} = h_{{{T}}} W_y + b_y = {row(u.y_row)}",
               rf"\hat y_{{{T}}} = W_{{hy}} h_{{{T}}} + b_{{hy}} = {row(u.y_col)}{TOP}")
    t = min(2, T)
    notes, torch_ = weight_lines(u)
    steps = tuple(stack(step_lines(u, t), "24pt") for t in range(1, T + 1))
    return Lines(stack(notes), stack(torch_), steps, stack(outputs), t, stacked_line(u, t))
