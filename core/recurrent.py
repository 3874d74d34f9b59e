"""Recurrent cells written out equation by equation.

Parameters are named and shaped exactly like single-layer ``torch.nn.RNN`` / ``LSTM`` / ``GRU``
(``weight_ih_l0`` (G*H, I), ``weight_hh_l0`` (G*H, H), ``bias_ih_l0``, ``bias_hh_l0`` (G*H,)), with
PyTorch's gate order (LSTM i, f, g, o; GRU r, z, n), so ``ours.load_state_dict(torch_module.state_dict())``
works. Each class's docstring holds its equations as LaTeX; the lesson pages show that same text.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import torch
from torch import nn

MAX_HIDDEN = 256  # larger cells make no sense for a teaching lab and would let one session hog the CPU


@dataclass(frozen=True)
class Trace:
    """Everything a forward pass computed.

    h: (T, [B,] H) hidden states h_1..h_T.  c: (T, [B,] H) cell states (LSTM) or None.
    gates: name -> (T, [B,] H) tensor (LSTM i, f, g, o; GRU r, z, n; RNN none).
    """

    h: torch.Tensor
    c: torch.Tensor | None = None
    gates: dict[str, torch.Tensor] = field(default_factory=dict)


def pinned(pins: dict[str, float] | None, name: str, value: torch.Tensor) -> torch.Tensor:
    """``value``, or a tensor of ``pins[name]`` shaped like it when that gate is pinned."""
    return value if pins is None or name not in pins else torch.full_like(value, pins[name])


def equation(cls: type) -> str:
    """The LaTeX between ``.. math::`` and the next blank line of a cell's docstring."""
    match = re.search(r"\.\. math::\n(.*?)\n\s*\n", cls.__doc__ or "", re.S)
    if match is None:
        raise ValueError(f"{cls.__name__} has no '.. math::' block in its docstring")
    return "\n".join(line.strip() for line in match.group(1).splitlines())


class _Cell(nn.Module):
    """Shared parameter set-up and the loop over time; subclasses define ``step``."""

    GATES: tuple[str, ...] = ()
    N_BLOCKS = 1  # how many H-row blocks the stacked weight matrix has

    def __init__(self, input_size: int, hidden_size: int):
        super().__init__()
        for name, value in (("input_size", input_size), ("hidden_size", hidden_size)):
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name} must be a whole number of at least 1, got {value!r}")
        if hidden_size > MAX_HIDDEN:
            raise ValueError(f"hidden_size is at most {MAX_HIDDEN} in this lab, got {hidden_size}")
        self.input_size, self.hidden_size = input_size, hidden_size
        G, H, I = self.N_BLOCKS, hidden_size, input_size
        self.weight_ih_l0 = nn.Parameter(torch.empty(G * H, I))
        self.weight_hh_l0 = nn.Parameter(torch.empty(G * H, H))
        self.bias_ih_l0 = nn.Parameter(torch.empty(G * H))
        self.bias_hh_l0 = nn.Parameter(torch.empty(G * H))
        bound = 1.0 / math.sqrt(H)  # PyTorch's default: U(-1/sqrt(H), 1/sqrt(H)) for every parameter
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)

    def blocks(self, name: str) -> list[torch.Tensor]:
        """A stacked parameter split into its per-gate blocks, in gate order."""
        return list(getattr(self, name).chunk(self.N_BLOCKS, dim=0))

    def initial_state(self, x_t: torch.Tensor) -> tuple[torch.Tensor, ...]:
        zeros = x_t.new_zeros(x_t.shape[:-1] + (self.hidden_size,))  # ([B,] H)
        return (zeros, zeros) if self.N_BLOCKS == 4 else (zeros,)

    def _checked_state(self, state, batch_shape) -> tuple[torch.Tensor, ...]:
        """The initial state as a tuple, each tensor shaped ([B,] H) to match x."""
        state = (state,) if isinstance(state, torch.Tensor) else tuple(state)
        want_n = 2 if self.N_BLOCKS == 4 else 1
        if len(state) != want_n:
            raise ValueError(f"{type(self).__name__} takes a state of {want_n} tensor(s): "
                             f"{'(h0, c0)' if want_n == 2 else '(h0,)'}; got {len(state)}")
        want = tuple(batch_shape) + (self.hidden_size,)
        for s in state:
            if tuple(s.shape) != want:
                raise ValueError(f"each state tensor must be shaped {want} to match x, got {tuple(s.shape)}")
        return state

    def step(self, x_t: torch.Tensor, state: tuple[torch.Tensor, ...], pins: dict[str, float] | None = None):
        """One step: (x_t ([B,] I), state) -> (new state tuple, gates dict). ``pins`` forces gates to fixed
        values (e.g. {"f": 1.0}), an experiment only: the pinned gate's weights then play no part."""
        raise NotImplementedError

    def _checked_pins(self, pins) -> dict[str, float] | None:
        if not pins:
            return None
        for name, value in pins.items():
            if name not in self.GATES:
                raise ValueError(f"{type(self).__name__} has gates {', '.join(self.GATES) or '(none)'}; "
                                 f"cannot pin {name!r}")
            low = -1.0 if name in ("g", "n") else 0.0  # tanh candidates live in [-1, 1], sigmoid gates in [0, 1]
            if not low <= value <= 1.0:
                raise ValueError(f"gate {name} can only be pinned to a value in [{low:g}, 1], got {value!r}")
        return dict(pins)

    def forward(self, x: torch.Tensor, state: tuple[torch.Tensor, ...] | torch.Tensor | None = None,
                pins: dict[str, float] | None = None) -> Trace:
        """Run the cell over ``x`` shaped (T, I) or (T, B, I), time-major; returns a ``Trace``.
        ``pins`` (gate name -> value) forces those gates at every step (see ``step``)."""
        if x.dim() not in (2, 3):
            raise ValueError(f"x must be shaped (T, I) or (T, B, I), got {tuple(x.shape)}")
        T, I = x.shape[0], x.shape[-1]
        if T < 1:
            raise ValueError("x must have at least one time step")
        if I != self.input_size:
            raise ValueError(f"x has {I} features per step but the cell was built for {self.input_size}")
        if state is None:
            state = self.initial_state(x[0])
        else:
            state = self._checked_state(state, x.shape[1:-1])
        pins = self._checked_pins(pins)
        hs, cs, gates = [], [], {name: [] for name in self.GATES}
        for t in range(T):
            state, g = self.step(x[t], state, pins)
            hs.append(state[0])
            if len(state) == 2:
                cs.append(state[1])
            for name in self.GATES:
                gates[name].append(g[name])
        return Trace(
            h=torch.stack(hs),  # (T, [B,] H)
            c=torch.stack(cs) if cs else None,
            gates={name: torch.stack(v) for name, v in gates.items()},
        )


class RNN(_Cell):
    r"""Elman RNN with tanh, as ``torch.nn.RNN(nonlinearity="tanh")``.

    .. math::
        h_t = \tanh(W_{ih} x_t + b_{ih} + W_{hh} h_{t-1} + b_{hh})

    """

    def step(self, x_t, state, pins=None):
        (h_prev,) = state
        W_ih, W_hh, b_ih, b_hh = self.weight_ih_l0, self.weight_hh_l0, self.bias_ih_l0, self.bias_hh_l0
        h_t = torch.tanh(x_t @ W_ih.T + b_ih + h_prev @ W_hh.T + b_hh)  # ([B,] H)
        return (h_t,), {}


class LSTM(_Cell):
    r"""Long short-term memory (Hochreiter & Schmidhuber 1997, forget gate: Gers et al. 2000), as ``torch.nn.LSTM``.

    .. math::
        i_t = \sigma(W_{ii} x_t + b_{ii} + W_{hi} h_{t-1} + b_{hi}) \\
        f_t = \sigma(W_{if} x_t + b_{if} + W_{hf} h_{t-1} + b_{hf}) \\
        g_t = \tanh(W_{ig} x_t + b_{ig} + W_{hg} h_{t-1} + b_{hg}) \\
        o_t = \sigma(W_{io} x_t + b_{io} + W_{ho} h_{t-1} + b_{ho}) \\
        c_t = f_t \odot c_{t-1} + i_t \odot g_t \\
        h_t = o_t \odot \tanh(c_t)

    """

    GATES = ("i", "f", "g", "o")
    N_BLOCKS = 4

    def step(self, x_t, state, pins=None):
        h_prev, c_prev = state
        W_ii, W_if, W_ig, W_io = self.blocks("weight_ih_l0")
        W_hi, W_hf, W_hg, W_ho = self.blocks("weight_hh_l0")
        b_ii, b_if, b_ig, b_io = self.blocks("bias_ih_l0")
        b_hi, b_hf, b_hg, b_ho = self.blocks("bias_hh_l0")
        i_t = pinned(pins, "i", torch.sigmoid(x_t @ W_ii.T + b_ii + h_prev @ W_hi.T + b_hi))  # ([B,] H)
        f_t = pinned(pins, "f", torch.sigmoid(x_t @ W_if.T + b_if + h_prev @ W_hf.T + b_hf))
        g_t = pinned(pins, "g", torch.tanh(x_t @ W_ig.T + b_ig + h_prev @ W_hg.T + b_hg))
        o_t = pinned(pins, "o", torch.sigmoid(x_t @ W_io.T + b_io + h_prev @ W_ho.T + b_ho))
        c_t = f_t * c_prev + i_t * g_t
        h_t = o_t * torch.tanh(c_t)
        return (h_t, c_t), {"i": i_t, "f": f_t, "g": g_t, "o": o_t}


class GRU(_Cell):
    r"""Gated recurrent unit (Cho et al. 2014), with PyTorch's (and cuDNN's) reset placement, as ``torch.nn.GRU``.

    .. math::
        r_t = \sigma(W_{ir} x_t + b_{ir} + W_{hr} h_{t-1} + b_{hr}) \\
        z_t = \sigma(W_{iz} x_t + b_{iz} + W_{hz} h_{t-1} + b_{hz}) \\
        n_t = \tanh(W_{in} x_t + b_{in} + r_t \odot (W_{hn} h_{t-1} + b_{hn})) \\
        h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}

    """

    GATES = ("r", "z", "n")
    N_BLOCKS = 3

    def step(self, x_t, state, pins=None):
        (h_prev,) = state
        W_ir, W_iz, W_in = self.blocks("weight_ih_l0")
        W_hr, W_hz, W_hn = self.blocks("weight_hh_l0")
        b_ir, b_iz, b_in = self.blocks("bias_ih_l0")
        b_hr, b_hz, b_hn = self.blocks("bias_hh_l0")
        r_t = pinned(pins, "r", torch.sigmoid(x_t @ W_ir.T + b_ir + h_prev @ W_hr.T + b_hr))  # ([B,] H)
        z_t = pinned(pins, "z", torch.sigmoid(x_t @ W_iz.T + b_iz + h_prev @ W_hz.T + b_hz))
        n_t = pinned(pins, "n", torch.tanh(x_t @ W_in.T + b_in + r_t * (h_prev @ W_hn.T + b_hn)))
        h_t = (1 - z_t) * n_t + z_t * h_prev
        return (h_t,), {"r": r_t, "z": z_t, "n": n_t}


CELLS: dict[str, type[_Cell]] = {"rnn": RNN, "lstm": LSTM, "gru": GRU}


def make_cell(kind: str, input_size: int, hidden_size: int) -> _Cell:
    """Build a cell by name ("rnn", "lstm" or "gru")."""
    if kind not in CELLS:
        raise ValueError(f"cell must be one of {', '.join(CELLS)}, got {kind!r}")
    return CELLS[kind](input_size, hidden_size)
