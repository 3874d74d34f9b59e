"""The lab's shared limits, and the one helper that checks a setting against a table of them.

Every expensive entry point refuses over-limit work here in core, not only through the widgets (one session cannot
ask for more than the sliders offer), with a message that says what to change. A config lists its limits as a
table, ``{"hidden_size": Limit("hidden_size", 1, MAX_HIDDEN), ...}``, and calls ``check(self, LIMITS)``. A setting's
name is a key of the messages' [names] table (core/errors.py), so the message is in the page's language."""

from __future__ import annotations

import math
from dataclasses import dataclass

from core.errors import LabError, Name

MAX_SEED = 2**31 - 1  # every seed in the lab: what torch.manual_seed and NumPy both accept
MAX_HIDDEN = 256  # the widest recurrent cell: larger makes no sense for a teaching lab and hogs the CPU
MAX_LAYERS = 3  # stacked RNN layers (the vanishing lesson measures them; the shapes lesson draws them)


@dataclass(frozen=True)
class Limit:
    name: str  # the setting, a key of the [names] table in core/messages.<lang>.toml: "hidden_size"
    low: float
    high: float
    whole: bool = True  # it must be a whole number
    above: bool = False  # ``low`` itself is not allowed (a learning rate is above 0)
    why: str = ""  # a key of [names] said after the lower bound: "pytorch_init"


SEED = Limit("seed", 0, MAX_SEED)


def _number(x: float) -> str:
    return str(x) if isinstance(x, int) else f"{x:g}"


def in_range(value, limit: Limit) -> None:
    """Raise a LabError that names the setting, its range and the value, unless ``value`` is within ``limit``."""
    shown = dict(what=Name(limit.name), low=_number(limit.low), high=_number(limit.high), value=value)
    if limit.whole and (not isinstance(value, int) or isinstance(value, bool)):
        raise LabError("whole_range", **shown)
    if not isinstance(value, int | float) or isinstance(value, bool) or math.isnan(value):
        raise LabError("number_range", **shown)
    if limit.above and not limit.low < value <= limit.high:
        raise LabError("above_range", **shown)
    if not limit.low <= value <= limit.high and limit.why:
        raise LabError("range_why", **shown, why=Name(limit.why))
    if not limit.low <= value <= limit.high:
        raise LabError("range", **shown)


def one_of(name: str, value, choices) -> None:
    """Raise a LabError that lists the choices, unless ``value`` is one of them."""
    if value not in choices:
        raise LabError("one_of", what=Name(name), choices=", ".join(map(str, choices)), value=value)


def check(config, limits: dict[str, Limit]) -> None:
    """Check every field of ``config`` named in ``limits``, in the table's order."""
    for name, limit in limits.items():
        in_range(getattr(config, name), limit)
