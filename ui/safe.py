"""Showing a learner's characters inside Markdown without letting them act as Markdown, HTML or LaTeX."""

from __future__ import annotations

import re

from viz.labels import VISIBLE


def code(text: str) -> str:
    """``text`` as an inline code span: nothing inside a code span is interpreted. The fence is longer than
    any run of backticks in the text, as CommonMark requires."""
    shown = "".join(VISIBLE.get(ch, ch) for ch in text)
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {shown} {fence}" if "`" in shown else f"{fence}{shown}{fence}"
