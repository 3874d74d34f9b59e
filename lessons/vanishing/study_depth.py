"""Depth as well as time: a stack of tanh RNN layers, and how the gradient of the top layer's last state
reaches every layer at every step.

h^l_t feeds two places: h^l_{t+1} (the next step, same layer) and h^{l+1}_t (the layer above, same step).
So G^l_t = dh^L_T/dh^l_t obeys
    G^l_t = G^l_{t+1} D(1 - (h^l_{t+1})^2) W_hh^l  +  G^{l+1}_t D(1 - (h^{l+1}_t)^2) W_ih^{l+1},
filled in from the top-right corner (G^L_T = I), the stacked version of the chain rule in core.gradients.
Steps are on the lab's time axis (core.cell): t = 1..T, row t - 1.
"""

from __future__ import annotations

import numpy as np
import torch

from core.gradients import in_dtype, normalised, spectral_norms
from core.limits import MAX_LAYERS, Limit, in_range
from core.recurrent import RNN
from lessons.vanishing.study import DTYPES, FlowConfig, inputs, rescaled

LAYERS = Limit("layers", 1, MAX_LAYERS)


def build_stack(config: FlowConfig, layers: int, input_size: int) -> list[RNN]:
    """``layers`` tanh RNNs (seeded PyTorch initialisation), each W_hh rescaled as in the one-layer lesson."""
    in_range(layers, LAYERS)
    torch.manual_seed(config.seed)
    stack = []
    for layer in range(layers):
        cell = RNN(input_size if layer == 0 else config.hidden_size, config.hidden_size).to(DTYPES[config.dtype])
        with torch.no_grad():
            cell.weight_hh_l0.copy_(rescaled(cell.weight_hh_l0, config.scale, config.scale_kind))
        stack.append(cell.requires_grad_(False))
    return stack


def layer_norms(config: FlowConfig, layers: int) -> np.ndarray:
    """(layers, T): entry [l, t - 1] = ||dh^L_T/dh^l_t||_2 (layer 0 is the bottom); [L-1, T-1] is 1.

    The sums are formed in float64 and then reported as the config's dtype would hold them (inf on overflow)."""
    x, _ = inputs(config)
    stack = build_stack(config, layers, x.shape[1])
    hs, below = [], x
    with torch.no_grad():
        for cell in stack:
            below = cell(below).h  # (T, H)
            hs.append(below.double())
    T, H = x.shape[0], config.hidden_size
    W_hh = [cell.weight_hh_l0.double() for cell in stack]
    W_ih = [cell.weight_ih_l0.double() for cell in stack]
    G = [[None] * T for _ in range(layers)]  # G[l][t - 1] is G^l_t
    for k in range(T - 1, -1, -1):
        for layer in range(layers - 1, -1, -1):
            total = torch.eye(H, dtype=torch.float64) if (layer == layers - 1 and k == T - 1) else 0
            if k + 1 < T:  # through time, within the layer
                total = total + G[layer][k + 1] @ ((1 - hs[layer][k + 1] ** 2)[:, None] * W_hh[layer])
            if layer + 1 < layers:  # up into the layer above, at the same step
                total = total + G[layer + 1][k] @ ((1 - hs[layer + 1][k] ** 2)[:, None] * W_ih[layer + 1])
            G[layer][k] = total
    A, logs = normalised(torch.stack([g for row in G for g in row]))  # (layers * T, H, H)
    sigma, _ = spectral_norms(A, rtol=1e-10)
    return in_dtype(sigma.double().log() + logs, DTYPES[config.dtype]).reshape(layers, T)
