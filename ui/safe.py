"""Showing a learner's characters inside Markdown without letting them act as Markdown, HTML or LaTeX."""

from __future__ import annotations

import html
import re

from viz.labels import VISIBLE


def code(text: str) -> str:
    """``text`` as an inline code span: nothing inside a code span is interpreted. The fence is longer than
    any run of backticks in the text, as CommonMark requires."""
    shown = "".join(VISIBLE.get(ch, ch) for ch in text)
    longest = max((len(run) for run in re.findall(r"`+", shown)), default=0)
    fence = "`" * (longest + 1)
    return f"{fence} {shown} {fence}" if "`" in shown else f"{fence}{shown}{fence}"


PRE_STYLE = ("font-family: 'Source Code Pro', monospace; font-size: 0.875rem; white-space: pre; overflow-x: auto; "
             "background: rgba(172, 177, 195, 0.15); border-radius: 0.5rem; padding: 0.75rem 1rem; margin: 0")


def preformatted(text: str) -> str:
    """``text`` as a block of its own, character for character in the code font, for ``st.html``: every ``<``,
    ``>``, ``&`` and quote escaped, so nothing in it acts as HTML. It stands in for ``st.code(text, language=None)``,
    which loads Streamlit's syntax highlighter (its language grammars took 0.4-0.8 s of the browser's main thread at
    first paint, measured with benchmarks/browser_probe.py) to colour nothing."""
    return f'<pre style="{PRE_STYLE}">{html.escape(text)}</pre>'
