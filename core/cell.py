"""What every recurrent cell shares: its parameters, the loop over time and the trace it returns.

One time axis for the whole lab: step t = 1..T is row t - 1 of every per-step array, and the state before step 1
(h_0, and c_0 for the LSTM) is kept apart. Each step returns the values the lessons show, pre-activations included,
so no page computes an equation a second time.

Parameters are named and shaped exactly like single-layer ``torch.nn.RNN`` / ``LSTM`` / ``GRU``
(``weight_ih_l0`` (G*H, I), ``weight_hh_l0`` (G*H, H), ``bias_ih_l0``, ``bias_hh_l0`` (G*H,)), with
PyTorch's gate order (LSTM i, f, g, o; GRU r, z, n), so ``ours.load_state_dict(torch_module.state_dict())``
works. The cells themselves are in core.recurrent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

import torch
from torch import nn

from core.limits import MAX_HIDDEN, Limit, check

SIZES = {"input_size": Limit("input_size", 1, 100_000), "hidden_size": Limit("hidden_size", 1, MAX_HIDDEN)}


@dataclass(frozen=True)
class Trace:
    """Everything a forward pass computed, on the lab's time axis (step t is row t - 1).

    h: (T, [B,] H) h_1..h_T.  c: (T, [B,] H) c_1..c_T (LSTM) or None.
    gates: name -> (T, [B,] H) (LSTM i, f, g, o; GRU r, z, n; RNN none).
    pre: name -> (T, [B,] H) the argument of each activation, as the weights give it even where a gate is pinned
    (the plain RNN's is "h", the argument of tanh); the GRU adds "hn" = W_hn h_(t-1) + b_hn, the part r_t scales.
    h0, c0: ([B,] H) the state before step 1 (c0 is None except for the LSTM).
    """

    h: torch.Tensor
    h0: torch.Tensor
    c: torch.Tensor | None = None
    c0: torch.Tensor | None = None
    gates: dict[str, torch.Tensor] = field(default_factory=dict)
    pre: dict[str, torch.Tensor] = field(default_factory=dict)

    @property
    def h_prev(self) -> torch.Tensor:
        """(T, [B,] H) h_0..h_(T-1): row t - 1 is the state step t read."""
        return torch.cat([self.h0[None], self.h[:-1]])

    @property
    def c_prev(self) -> torch.Tensor | None:
        return None if self.c is None else torch.cat([self.c0[None], self.c[:-1]])


class Step(NamedTuple):
    """One step of a cell: the new state (h_t,) or (h_t, c_t), the gates and the pre-activations."""

    state: tuple[torch.Tensor, ...]
    gates: dict[str, torch.Tensor]
    pre: dict[str, torch.Tensor]


def pinned(pins: dict[str, float] | None, name: str, value: torch.Tensor) -> torch.Tensor:
    """``value``, or a tensor of ``pins[name]`` shaped like it when that gate is pinned."""
    return value if pins is None or name not in pins else torch.full_like(value, pins[name])


class Cell(nn.Module):
    """Shared parameter set-up and the loop over time; subclasses define ``step``."""

    NAME = ""  # the short name, also the value a page puts in its address (?cell=LSTM)
    LABEL = ""  # the name on charts
    GATES: tuple[str, ...] = ()  # in PyTorch's order
    SIGMOID: tuple[str, ...] = ()  # the gates proper, in (0, 1); the others (g, n) are tanh candidates in (-1, 1)
    N_BLOCKS = 1  # how many H-row blocks the stacked weight matrix has

    def __init__(self, input_size: int, hidden_size: int):
        super().__init__()
        self.input_size, self.hidden_size = input_size, hidden_size
        check(self, SIZES)
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

    def step(self, x_t: torch.Tensor, state: tuple[torch.Tensor, ...], pins: dict[str, float] | None = None) -> Step:
        """One step: x_t ([B,] I) and the state -> ``Step``. ``pins`` forces gates to fixed values (e.g.
        {"f": 1.0}), an experiment only: the pinned gate's weights then play no part."""
        raise NotImplementedError

    def _checked_pins(self, pins) -> dict[str, float] | None:
        if not pins:
            return None
        for name, value in pins.items():
            if name not in self.GATES:
                raise ValueError(f"{type(self).__name__} has gates {', '.join(self.GATES) or '(none)'}; "
                                 f"cannot pin {name!r}")
            low = 0.0 if name in self.SIGMOID else -1.0  # sigmoid gates live in [0, 1], tanh candidates in [-1, 1]
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
        first = state
        steps = []
        for t in range(T):
            steps.append(self.step(x[t], state, pins))
            state = steps[-1].state
        return Trace(
            h=torch.stack([s.state[0] for s in steps]),  # (T, [B,] H)
            h0=first[0],
            c=torch.stack([s.state[1] for s in steps]) if len(first) == 2 else None,
            c0=first[1] if len(first) == 2 else None,
            gates={name: torch.stack([s.gates[name] for s in steps]) for name in self.GATES},
            pre={name: torch.stack([s.pre[name] for s in steps]) for name in steps[0].pre},
        )
