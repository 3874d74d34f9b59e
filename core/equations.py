"""Each equation is written once, as LaTeX in the docstring of the code that computes it; pages show that text."""

from __future__ import annotations

import re


def equation(obj) -> str:
    """The LaTeX between ``.. math::`` and the next blank line of a class's or function's docstring."""
    match = re.search(r"\.\. math::\n(.*?)\n\s*\n", obj.__doc__ or "", re.S)
    if match is None:
        raise ValueError(f"{obj.__name__} has no '.. math::' block in its docstring")
    return "\n".join(line.strip() for line in match.group(1).splitlines())
