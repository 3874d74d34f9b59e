"""Note 004's worked example, computed: the partial derivative of h_3 with respect to h_1 in a scalar RNN (H = 1)
whose recurrent weight is W_hh = 3, and the same product as T grows.

    a_t = W_hh h_{t-1} + u,  h_t = tanh(a_t),  h_0 = 0,  u = W_xh x_t (the same input at every step)

By the chain rule, dh_T/dh_1 = prod_{t=2}^{T} tanh'(a_t) W_hh, with tanh'(a) = 1 - tanh(a)^2 in (0, 1]: the note's
tanh'(a_3) * 3 * tanh'(a_2) * 3 at T = 3. The note does not give an input; u = 0.1 is ours (with u = 0, h stays 0,
every tanh' is 1 and the product is 3^(T-1); with u = 0.1 it first grows, then tanh saturates and it vanishes).

One time axis (core.cell): row t - 1 of every per-step array is about step t, t = 1..T.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.limits import Limit, check

NOTES_W = 3.0  # note 004's W_hh
MAX_STEPS = 50  # the longest T the example goes to (the 10, 20, 50)
GROWN = (3, 10, 20, 50)  # the T's the page reports side by side: the note's 3, then longer
LIMITS = {"w_hh": Limit("recurrent_scale", -5, 5, whole=False), "drive": Limit("input_scale", -3, 3, whole=False),
          "steps": Limit("sequence_length", 2, MAX_STEPS)}


@dataclass(frozen=True)
class ExampleConfig:
    w_hh: float = NOTES_W  # the one recurrent weight
    drive: float = 0.1  # u = W_xh x_t, the same at every step (ours: the note gives none)
    steps: int = MAX_STEPS  # steps 1..steps are computed

    def __post_init__(self):
        check(self, LIMITS)


@dataclass(frozen=True)
class Example:
    """Row t - 1 is about step t (t = 1..steps). a, h: a_t and h_t. slope: tanh'(a_t) = 1 - h_t^2.
    gradient: dh_t/dh_1 (1 at t = 1). weight_part: W_hh^(t-1). slope_part: prod_{j=2}^{t} tanh'(a_j).
    value_part: prod_{j=2}^{t} h_j, the product of tanh *values* (the note's wording), which the chain rule
    does not contain. gradient = slope_part * weight_part at every t."""

    config: ExampleConfig
    a: np.ndarray
    h: np.ndarray
    slope: np.ndarray
    gradient: np.ndarray
    weight_part: np.ndarray
    slope_part: np.ndarray
    value_part: np.ndarray

    @property
    def cache_key(self) -> ExampleConfig:
        return self.config

    def factors(self, T: int) -> list[tuple[int, float]]:
        """(t, tanh'(a_t)) for t = T down to 2: the chain rule's order, each factor followed by one W_hh."""
        if not 2 <= T <= len(self.h):
            raise ValueError(f"T must be between 2 and {len(self.h)}, got {T}")
        return [(t, float(self.slope[t - 1])) for t in range(T, 1, -1)]


def example(config: ExampleConfig) -> Example:
    """The forward pass and every product, in float64 (3^49 and 1e-100 both fit)."""
    a = np.empty(config.steps)
    h = np.empty(config.steps)
    previous = 0.0  # h_0
    for t in range(config.steps):
        a[t] = config.w_hh * previous + config.drive
        h[t] = previous = np.tanh(a[t])
    slope = 1.0 - h**2
    step = np.r_[1.0, slope[1:] * config.w_hh]  # dh_t/dh_(t-1) = tanh'(a_t) W_hh; none at t = 1, where it starts
    return Example(config, a, h, slope, gradient=np.cumprod(step),
                   weight_part=config.w_hh ** np.arange(config.steps, dtype=float),
                   slope_part=np.cumprod(np.r_[1.0, slope[1:]]), value_part=np.cumprod(np.r_[1.0, h[1:]]))
