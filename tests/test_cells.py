"""The cells' contract beyond parity: bad shapes and sizes are refused with a message, a trace is frozen, and each
cell's equation is in its docstring."""

import dataclasses

import pytest
import torch

from core.equations import equation
from core.recurrent import GRU, LSTM, RNN, make_cell

KINDS = {"rnn": RNN, "lstm": LSTM, "gru": GRU}


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("shape", [(5,), (4, 2), (4, 2, 2), (4, 1, 2, 3), (0, 3)])
def test_bad_x_shape_raises(kind, shape):
    ours = make_cell(kind, 3, 2)
    with pytest.raises(ValueError, match=r"\S"):
        ours(torch.zeros(shape))


BAD_STATES = {  # (x shape, state shapes) for a cell with I=3, H=2
    "wrong H": ((4, 3), (3,)),
    "wrong batch": ((4, 5, 3), (6, 2)),
    "batched state, unbatched x": ((4, 3), (5, 2)),
    "unbatched state, batched x": ((4, 5, 3), (2,)),
}


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("case", list(BAD_STATES))
def test_bad_state_shape_raises(kind, case):
    x_shape, s_shape = BAD_STATES[case]
    ours = make_cell(kind, 3, 2)
    bad = (torch.zeros(s_shape),) * (2 if kind == "lstm" else 1)
    with pytest.raises(ValueError):
        ours(torch.zeros(x_shape), bad)


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("I,H", [(3, 0), (0, 3), (3, -1)])
def test_bad_sizes_raise(kind, I, H):
    with pytest.raises(ValueError):
        make_cell(kind, I, H)
    with pytest.raises(ValueError):
        KINDS[kind](I, H)


@pytest.mark.parametrize("kind", ["transformer", "", "LSTM ", None])
def test_unknown_kind_raises(kind):
    with pytest.raises(ValueError):
        make_cell(kind, 3, 2)


@pytest.mark.parametrize("kind", list(KINDS))
def test_make_cell_builds_the_right_class(kind):
    cell = make_cell(kind, 3, 2)
    assert type(cell) is KINDS[kind]
    assert (cell.weight_ih_l0.shape[1], cell.weight_hh_l0.shape[1]) == (3, 2)


def test_trace_is_frozen():
    trace = make_cell("lstm", 2, 3)(torch.zeros(4, 2))
    with pytest.raises(dataclasses.FrozenInstanceError):
        trace.h = torch.zeros(1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        trace.c = None


@pytest.mark.parametrize("cls", [RNN, LSTM, GRU])
def test_equation(cls):
    tex = equation(cls)
    assert isinstance(tex, str) and tex.strip()
    assert "h_t" in tex
