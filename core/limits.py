"""The lab's shared limits, and the one helper that checks a setting against a table of them.

Every expensive entry point refuses over-limit work here in core, not only through the widgets (one session cannot
ask for more than the sliders offer), with a message that says what to change. A config lists its limits as a
table, ``{"hidden_size": Limit("hidden size", 1, MAX_HIDDEN), ...}``, and calls ``check(self, LIMITS)``."""

from __future__ import annotations

import math
from dataclasses import dataclass

MAX_SEED = 2**31 - 1  # every seed in the lab: what torch.manual_seed and NumPy both accept
MAX_HIDDEN = 256  # the widest recurrent cell: larger makes no sense for a teaching lab and hogs the CPU
MAX_LAYERS = 3  # stacked RNN layers (the vanishing lesson measures them; the shapes lesson draws them)


@dataclass(frozen=True)
class Limit:
    what: str  # how a message names the setting: "hidden size"
    low: float
    high: float
    whole: bool = True  # it must be a whole number
    above: bool = False  # ``low`` itself is not allowed (a learning rate is above 0)
    why: str = ""  # said after the lower bound: " (PyTorch's initialisation)"


SEED = Limit("seed", 0, MAX_SEED)


def _shown(x: float) -> str:
    return str(x) if isinstance(x, int) else f"{x:g}"


def in_range(value, limit: Limit) -> None:
    """Raise a ValueError that names the setting, its range and the value, unless ``value`` is within ``limit``."""
    what, low, high = limit.what, _shown(limit.low), _shown(limit.high)
    if limit.whole and (not isinstance(value, int) or isinstance(value, bool)):
        raise ValueError(f"{what} must be a whole number between {low} and {high}, got {value!r}")
    if not isinstance(value, int | float) or isinstance(value, bool) or math.isnan(value):
        raise ValueError(f"{what} must be a number between {low} and {high}, got {value!r}")
    if limit.above and not limit.low < value <= limit.high:
        raise ValueError(f"{what} must be above {low} and at most {high}, got {value!r}")
    if not limit.low <= value <= limit.high:
        raise ValueError(f"{what} must be between {low}{limit.why} and {high}, got {value!r}")


def one_of(what: str, value, choices) -> None:
    """Raise a ValueError that lists the choices, unless ``value`` is one of them."""
    if value not in choices:
        raise ValueError(f"{what} must be one of {', '.join(map(str, choices))}, got {value!r}")


def check(config, limits: dict[str, Limit]) -> None:
    """Check every field of ``config`` named in ``limits``, in the table's order."""
    for name, limit in limits.items():
        in_range(getattr(config, name), limit)
