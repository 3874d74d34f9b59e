r"""One-step state Jacobians ds_t/ds_{t-1} of each cell, written out by the chain rule.

Writing them out costs O(T H^2); autograd would need one backward pass per state unit (S times more work).
``tests/test_gradients.py`` checks each against ``torch.func.jacrev``. Notation: D(v) is the diagonal matrix
with v on its diagonal, and sigma'(a) = sigma(a) (1 - sigma(a)).

- RNN:  dh_t/dh_{t-1} = D(1 - h_t^2) W_hh  (Pascanu et al. 2013, eq. 5)
- GRU:  dh_t/dh_{t-1} = D(z_t) + D(1 - z_t) dn_t/dh_{t-1} + D(h_{t-1} - n_t) dz_t/dh_{t-1}
- LSTM: s = [h; c]; dc_t/dc_{t-1} = D(f_t), the "highway": an elementwise product, no matrix.
"""

from __future__ import annotations

import torch

from core.cell import Cell
from core.recurrent import GRU, LSTM, RNN


def _diag(v: torch.Tensor) -> torch.Tensor:
    return torch.diag_embed(v)  # (B, H) -> (B, H, H)


def _gate(d_act: torch.Tensor, W_h: torch.Tensor) -> torch.Tensor:
    """d act(W_h h_{t-1} + ...) / d h_{t-1} = D(act') W_h for a batch of steps: (B, H) x (H, H) -> (B, H, H)."""
    return d_act[:, :, None] * W_h


def rnn_jacobians(cell: RNN, h: torch.Tensor) -> torch.Tensor:
    """(B, H, H) from the states after each step, (B, H)."""
    return _gate(1 - h**2, cell.weight_hh_l0)


def gru_jacobians(cell: GRU, h_prev: torch.Tensor, gates: dict[str, torch.Tensor],
                  hn: torch.Tensor) -> torch.Tensor:
    """``hn`` (B, H): the W_hn h_{t-1} + b_hn that r_t scales (the cell's pre["hn"])."""
    W_hr, W_hz, W_hn = cell.blocks("weight_hh_l0")
    r, z, n = gates["r"], gates["z"], gates["n"]
    dr = _gate(r * (1 - r), W_hr)
    dz = _gate(z * (1 - z), W_hz)
    da = _gate(r, W_hn) + hn[:, :, None] * dr  # d(pre-activation of n_t)/dh_{t-1}
    dn = (1 - n**2)[:, :, None] * da
    return _diag(z) + (1 - z)[:, :, None] * dn + (h_prev - n)[:, :, None] * dz


def lstm_jacobians(cell: LSTM, c_prev: torch.Tensor, c: torch.Tensor, gates: dict[str, torch.Tensor]) -> torch.Tensor:
    """(B, 2H, 2H) for s = [h; c]; the gates read h_{t-1} only, so c_{t-1} reaches s_t through c_t alone."""
    W_hi, W_hf, W_hg, W_ho = cell.blocks("weight_hh_l0")
    i, f, g, o = gates["i"], gates["f"], gates["g"], gates["o"]
    di, df = _gate(i * (1 - i), W_hi), _gate(f * (1 - f), W_hf)
    dg, do = _gate(1 - g**2, W_hg), _gate(o * (1 - o), W_ho)
    tanh_c = torch.tanh(c)
    dc_dh = c_prev[:, :, None] * df + g[:, :, None] * di + i[:, :, None] * dg  # (B, H, H)
    dc_dc = _diag(f)  # the cell-state path: c_t = f_t * c_{t-1} + ...
    dh_dh = tanh_c[:, :, None] * do + (o * (1 - tanh_c**2))[:, :, None] * dc_dh
    dh_dc = (o * (1 - tanh_c**2))[:, :, None] * dc_dc
    top = torch.cat([dh_dh, dh_dc], dim=-1)
    bottom = torch.cat([dc_dh, dc_dc], dim=-1)
    return torch.cat([top, bottom], dim=-2)


def jacobians(cell: Cell, x_next: torch.Tensor, s_prev: torch.Tensor) -> torch.Tensor:
    """ds'/ds for a batch of single steps s' = step(x_next, s): x_next (B, I), s_prev (B, S) -> (B, S, S)."""
    H = cell.hidden_size
    state = (s_prev,) if s_prev.shape[-1] == H else (s_prev[:, :H], s_prev[:, H:])
    with torch.no_grad():
        new, gates, pre = cell.step(x_next, state)
        if isinstance(cell, RNN):
            return rnn_jacobians(cell, new[0])
        if isinstance(cell, GRU):
            return gru_jacobians(cell, state[0], gates, pre["hn"])
        if isinstance(cell, LSTM):
            return lstm_jacobians(cell, state[1], new[1], gates)
    raise ValueError(f"no Jacobian written for {type(cell).__name__}")


def states(cell: Cell, x: torch.Tensor) -> torch.Tensor:
    """s_1..s_T of ``cell`` run over ``x`` (T, I) from the zero state: (T, S), s = h or [h; c]; row t - 1 is s_t."""
    if x.dim() != 2 or x.shape[1] != cell.input_size:
        raise ValueError(f"x must be shaped (T, {cell.input_size}) for this cell, got {tuple(x.shape)}")
    with torch.no_grad():
        trace = cell(x)
    return trace.h if trace.c is None else torch.cat([trace.h, trace.c], dim=-1)


def step_jacobians(cell: Cell, x: torch.Tensor) -> torch.Tensor:
    """(T-1, S, S): row t - 1 is J_t = ds_{t+1}/ds_t, t = 1..T-1, along the run of ``cell`` over ``x`` (T, I)."""
    s = states(cell, x)
    return jacobians(cell, x[1:], s[:-1])
