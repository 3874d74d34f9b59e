"""Helpers for the fuzz and hostile-input tests, on an AppTest page: a widget's real option values, the page's
charts checked for NaN and inf (the rules are in tests/fuzzcharts.py), "nan"/"inf" in LaTeX and text, and where a
learner's text lands in Markdown."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from tests.apptools import widget_list
from tests.fuzzcharts import figure_problems

NAN_WORD = re.compile(r"(?<![A-Za-z\\])(?:nan|inf)(?![A-Za-z])")  # as Python prints them; not \infty, not "NaN"


def all_widgets(at: AppTest) -> list:
    """Every widget a learner can move, as AppTest lists them."""
    return [*widget_list(at), *at.checkbox, *at.multiselect, *at.button]


def options(at: AppTest, widget) -> list:
    """The real option values of a radio, selectbox, select_slider or multiselect (``widget.options`` holds
    their formatted labels): read from the widget's serde, which Streamlit keeps in the session's metadata."""
    state = at.session_state._state._state
    metadata = state._new_widget_state.widget_metadata.get(widget.id)
    serde = getattr(getattr(metadata, "deserializer", None), "__self__", None)
    values = getattr(serde, "options", None)
    if values is None or len(values) != len(widget.options):
        raise AssertionError(f"cannot read the options of {widget.type} {widget.key!r}")
    return list(values)


def figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def overflow_stated(at: AppTest) -> bool:
    """The page says, in words, that something overflowed: a warning, or a chart's note or marker."""
    if any("overflow" in w.value.lower() for w in at.warning):
        return True
    if any("inf or NaN" in m.value for m in at.markdown):  # the clipping lab: "the loss became inf or NaN"
        return True
    for fig in figures(at):
        texts = [str(n.get("text", "")) for n in fig["layout"].get("annotations") or []]
        texts += [str(t.get("name", "")) for t in fig["data"]]
        if any("overflow" in t or "inf/NaN" in t for t in texts):
            return True
    return False


def chart_problems(at: AppTest) -> list[str]:
    """Every non-finite number on the page's charts that no rule in tests/fuzzcharts.py explains, as readable lines."""
    return figure_problems(figures(at), overflow_stated(at))


def text_problems(at: AppTest) -> list[str]:
    """'nan' or 'inf' written as a number in LaTeX, metrics or messages, unless the page states an overflow."""
    if overflow_stated(at):
        return []
    found = []
    for kind in ("latex", "metric", "markdown", "caption", "success", "info"):
        for el in at.get(kind):
            value = el.proto.body if kind == "metric" else el.value
            texts = [str(value)] + ([el.label] if kind == "metric" else [])
            for text in texts:
                if NAN_WORD.search(text):
                    found.append(f"{kind}: {text[:300]!r}")
    return found


def code_spans(markdown: str) -> list[tuple[int, int]]:
    """The [start, end) ranges of CommonMark inline code spans (a run of n backticks up to the next run of
    exactly n) and of fenced code blocks."""
    spans, i = [], 0
    runs = [(m.start(), m.end()) for m in re.finditer(r"`+", markdown)]
    while i < len(runs):
        start, end = runs[i]
        width = end - start
        close = next((j for j in range(i + 1, len(runs)) if runs[j][1] - runs[j][0] == width), None)
        if close is None:
            i += 1
            continue
        spans.append((start, runs[close][1]))
        i = close + 1
    return spans


def outside_code(markdown: str, fragment: str) -> bool:
    """``fragment`` occurs in ``markdown`` somewhere that is not inside a code span (so Markdown would read it)."""
    spans = code_spans(markdown)
    for match in re.finditer(re.escape(fragment), markdown):
        if not any(a <= match.start() and match.end() <= b for a, b in spans):
            return True
    return False
