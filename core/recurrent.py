"""The three recurrent cells, written out equation by equation: the plain (Elman) RNN, the LSTM and the GRU.

Parameters are named, shaped and ordered as in single-layer ``torch.nn.RNN`` / ``LSTM`` / ``GRU`` (core.cell), so
``ours.load_state_dict(torch_module.state_dict())`` works. Each class's docstring holds its equations as LaTeX; the
lesson pages show that same text (core.equations).
"""

from __future__ import annotations

import torch

from core.cell import Cell, Step, pinned


class RNN(Cell):
    r"""Elman RNN with tanh, as ``torch.nn.RNN(nonlinearity="tanh")``.

    .. math::
        h_t = \tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})

    """

    NAME, LABEL = "RNN", "RNN (tanh)"

    def step(self, x_t, state, pins=None):
        (h_prev,) = state
        W_ih, W_hh, b_ih, b_hh = self.weight_ih_l0, self.weight_hh_l0, self.bias_ih_l0, self.bias_hh_l0
        a_t = x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh  # ([B,] H)
        h_t = torch.tanh(a_t)
        return Step((h_t,), {}, {"h": a_t})


class LSTM(Cell):
    r"""Long short-term memory (Hochreiter & Schmidhuber 1997, forget gate: Gers et al. 2000), as ``torch.nn.LSTM``.

    .. math::
        i_t = \sigma(W_{ii} x_t + b_{ii} + W_{hi} h_{t-1} + b_{hi}) \\
        f_t = \sigma(W_{if} x_t + b_{if} + W_{hf} h_{t-1} + b_{hf}) \\
        g_t = \tanh(W_{ig} x_t + b_{ig} + W_{hg} h_{t-1} + b_{hg}) \\
        o_t = \sigma(W_{io} x_t + b_{io} + W_{ho} h_{t-1} + b_{ho}) \\
        c_t = f_t \odot c_{t-1} + i_t \odot g_t \\
        h_t = o_t \odot \tanh(c_t)

    """

    NAME = LABEL = "LSTM"
    GATES, SIGMOID = ("i", "f", "g", "o"), ("i", "f", "o")
    N_BLOCKS = 4

    def step(self, x_t, state, pins=None):
        h_prev, c_prev = state
        W_ii, W_if, W_ig, W_io = self.blocks("weight_ih_l0")
        W_hi, W_hf, W_hg, W_ho = self.blocks("weight_hh_l0")
        b_ii, b_if, b_ig, b_io = self.blocks("bias_ih_l0")
        b_hi, b_hf, b_hg, b_ho = self.blocks("bias_hh_l0")
        a_i = x_t @ W_ii.T + b_ii + h_prev @ W_hi.T + b_hi  # ([B,] H) the pre-activations
        a_f = x_t @ W_if.T + b_if + h_prev @ W_hf.T + b_hf
        a_g = x_t @ W_ig.T + b_ig + h_prev @ W_hg.T + b_hg
        a_o = x_t @ W_io.T + b_io + h_prev @ W_ho.T + b_ho
        i_t = pinned(pins, "i", torch.sigmoid(a_i))
        f_t = pinned(pins, "f", torch.sigmoid(a_f))
        g_t = pinned(pins, "g", torch.tanh(a_g))
        o_t = pinned(pins, "o", torch.sigmoid(a_o))
        c_t = f_t * c_prev + i_t * g_t
        h_t = o_t * torch.tanh(c_t)
        return Step((h_t, c_t), {"i": i_t, "f": f_t, "g": g_t, "o": o_t}, {"i": a_i, "f": a_f, "g": a_g, "o": a_o})


class GRU(Cell):
    r"""Gated recurrent unit (Cho et al. 2014), with PyTorch's (and cuDNN's) reset placement, as ``torch.nn.GRU``.

    .. math::
        r_t = \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}) \\
        z_t = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz}) \\
        n_t = \tanh(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn})) \\
        h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}

    """

    NAME = LABEL = "GRU"
    GATES, SIGMOID = ("r", "z", "n"), ("r", "z")
    N_BLOCKS = 3

    def step(self, x_t, state, pins=None):
        (h_prev,) = state
        W_ir, W_iz, _ = self.blocks("weight_ih_l0")
        W_hr, W_hz, _ = self.blocks("weight_hh_l0")
        b_ir, b_iz, _ = self.blocks("bias_ih_l0")
        b_hr, b_hz, _ = self.blocks("bias_hh_l0")
        a_r = x_t @ W_ir.T + b_ir + h_prev @ W_hr.T + b_hr  # ([B,] H) the pre-activations
        a_z = x_t @ W_iz.T + b_iz + h_prev @ W_hz.T + b_hz
        r_t = pinned(pins, "r", torch.sigmoid(a_r))
        z_t = pinned(pins, "z", torch.sigmoid(a_z))
        a_n, parts = self.candidate(x_t, h_prev, r_t)  # where the reset acts: the one thing the GRU's forms differ in
        n_t = pinned(pins, "n", torch.tanh(a_n))
        h_t = (1 - z_t) * n_t + z_t * h_prev
        return Step((h_t,), {"r": r_t, "z": z_t, "n": n_t}, {"r": a_r, "z": a_z, "n": a_n, **parts})

    def candidate(self, x_t, h_prev, r_t):
        """The argument of n_t's tanh with the reset after the recurrent product (Cho et al. 2014 v1, PyTorch,
        cuDNN), and ``hn`` = W_hn h_{t-1} + b_hn, the part the reset scales."""
        _, _, W_in = self.blocks("weight_ih_l0")
        _, _, W_hn = self.blocks("weight_hh_l0")
        _, _, b_in = self.blocks("bias_ih_l0")
        _, _, b_hn = self.blocks("bias_hh_l0")
        hn_t = h_prev @ W_hn.T + b_hn
        return x_t @ W_in.T + b_in + r_t * hn_t, {"hn": hn_t}


CELLS: dict[str, type[Cell]] = {"rnn": RNN, "lstm": LSTM, "gru": GRU}
NAMES = {kind: cls.NAME for kind, cls in CELLS.items()}  # "rnn" -> "RNN": radio options and address values
LABELS = {kind: cls.LABEL for kind, cls in CELLS.items()}  # "rnn" -> "RNN (tanh)": chart names
KIND = {cls.NAME: kind for kind, cls in CELLS.items()}  # "LSTM" -> "lstm"
SIGMOID = frozenset(name for cls in CELLS.values() for name in cls.SIGMOID)  # i, f, o, r, z: the gates in (0, 1)


def make_cell(kind: str, input_size: int, hidden_size: int) -> Cell:
    """Build a cell by name ("rnn", "lstm" or "gru")."""
    if kind not in CELLS:
        raise ValueError(f"cell must be one of {', '.join(CELLS)}, got {kind!r}")
    return CELLS[kind](input_size, hidden_size)
