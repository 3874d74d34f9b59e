"""Characters as chart labels: visible, unambiguous, and never interpreted as markup."""

from __future__ import annotations

import html

VISIBLE = {" ": "␣", "\t": "⇥", "\n": "⏎"}


def char_label(ch: str) -> str:
    """A character as Plotly text: whitespace made visible, '<', '>' and '&' escaped (Plotly reads a
    subset of HTML in labels, so a learner's '<b>' must stay text)."""
    return html.escape(VISIBLE.get(ch, ch), quote=False)


def step_labels(chars) -> list[str]:
    """Tick text for time steps: 't=1 h', 't=2 e', ... (the position keeps repeated characters apart)."""
    return [f"{t}·{char_label(ch)}" for t, ch in enumerate(chars, start=1)]


def transition_labels(inputs, targets) -> list[str]:
    """'h→e', 'e→l', ... one per step: what the model reads and what it should predict."""
    return [f"{char_label(a)}→{char_label(b)}" for a, b in zip(inputs, targets, strict=True)]
