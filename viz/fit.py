"""Text that fits a phone's screen (issue 20). Plotly neither wraps nor shortens a title, so at 390 px a long title
ran off the chart's right edge ("How much of the gradient survives the trip back: ‖∂s_…"). ``wrap`` breaks text
at spaces into lines no wider than a pixel budget, estimated from the app's font: Source Sans in bold (Streamlit
draws chart titles bold), its widths measured in Chromium at 100 px and rounded up into a few classes below; a wide
East Asian character (Hangul) counts a whole em. tests/test_browser_layout.py checks the estimate against the
widths the browser lays out, on every page, in both languages.

A break keeps the space before it (``BREAK``): the words still read "a b" in the text a browser or a test sees,
and ``unwrap`` gives the one-line text back."""

from __future__ import annotations

import re
import unicodedata

BREAK = " <br>"  # a line break made here: Plotly starts a new line at <br>; the space keeps the words apart
TAG = re.compile(r"<[^>]*>")
EM = {" ": 0.2, **dict.fromkeys("|ijl',.:;I·’‘!()/\\[]{}f-", 0.34), **dict.fromkeys("tr₀₁₂₃₄₅₆₇₈₉ᵀ", 0.4),
      **dict.fromkeys("sz*?c‖", 0.47), **dict.fromkeys("BPKRDG→", 0.64), **dict.fromkeys("NU&HOQ∏", 0.68),
      **dict.fromkeys("MwW", 0.81), **dict.fromkeys("%m@…", 0.98)}
OTHER = 0.58  # the rest of Latin, digits and symbols: 0.50-0.58 em in Source Sans bold
WIDE = 1.0  # Hangul is 0.92 em in Noto Sans CJK KR; other Korean fonts (Malgun Gothic, Apple SD Gothic) up to 1


def em(ch: str) -> float:
    if ch in EM:
        return EM[ch]
    return WIDE if unicodedata.east_asian_width(ch) in ("W", "F") else OTHER


def text_px(text: str, size: float) -> float:
    """An upper estimate of ``text``'s width in px at ``size`` px, markup (<sub>, <b>, ...) left out."""
    return size * sum(em(ch) for ch in TAG.sub("", text))


def _lines(text: str, size: float, budget: float) -> list[str]:
    lines: list[str] = []
    for word in text.split(" "):
        if lines and text_px(f"{lines[-1]} {word}", size) <= budget:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)  # a word wider than the budget alone stays whole: a formula is not cut
    return lines


def wrap(text: str, size: float, budget: float) -> str:
    """``text`` with ``BREAK`` where a line would be wider than ``budget`` px at ``size`` px; line breaks it
    already has are kept."""
    return "<br>".join(BREAK.join(_lines(part, size, budget)) for part in text.split("<br>"))


def unwrap(text: str) -> str:
    """The text before ``wrap``."""
    return text.replace(BREAK, " ")


def line_count(text: str) -> int:
    return text.count("<br>") + 1


TITLE_SIZE = 15  # px; the caption is Plotly's <sup>, 70 % of it
TITLE_PX = 340  # a title line's widest: a little under the phone's chart width
LINE_PX = 1.3 * TITLE_SIZE  # Plotly's line spacing, in the title's size for the caption's lines too
TITLE_TOP = 10  # px above the title's first line, and below its last
AXIS_SIZE, AXIS_PX = 14, 270  # an axis title's size and widest line: a phone's plot is about 280 px wide


def title_text(title: str, caption: str | None) -> str:
    """The chart's title, and its caption under it in smaller type, each wrapped to ``TITLE_PX``."""
    text = wrap(title, TITLE_SIZE, TITLE_PX)
    return text if caption is None else f"{text}<br><sup>{wrap(caption, 0.7 * TITLE_SIZE, TITLE_PX)}</sup>"


def title_pad(text: str) -> int:
    """The padding above a title pinned to the figure's top that puts its first line ``TITLE_TOP`` px down. Plotly
    (3.x, as Streamlit draws it) sets a title of several lines a whole em higher than a title of one line, and a
    Hangul line's top reaches 4 px above its Latin box: with pad.t = 0 the first lines were cut at the top."""
    return TITLE_TOP + (TITLE_SIZE if line_count(text) > 1 else 4)


def top_margin(text: str, own: float = 0) -> int:
    """The top margin for a title ``text`` pinned to the figure's top, plus ``own`` px the chart asks for above its
    plot (panel titles, notes)."""
    return 2 * TITLE_TOP + round(line_count(text) * LINE_PX) + max(0, round(own))

PHONE_CHART = 358  # px: a chart's width on a 390 px phone (Streamlit pads the page by 16 px a side)
LEGEND_ROW, LEGEND_PAD, LEGEND_KEY = 21, 10, 44  # px: a legend row, the legend's padding, a key and its gap


def legend_names(data: list, layout: dict) -> list[str]:
    """The names Plotly lists in the legend: traces that show one by default (not heatmaps) or say so, when two
    or more do (or one says so), unless the layout hides the legend."""
    shown = [t for t in data if t.get("showlegend", t.get("type", "scatter") != "heatmap") and t.get("name")]
    if layout.get("showlegend") is False or (len(shown) < 2 and not any(t.get("showlegend") for t in data)):
        return []
    return [str(t["name"]) for t in shown]


def legend_room(data: list, layout: dict, top_legend: dict) -> dict:
    """``layout`` with room above the plot for a legend under the title (``top_legend``), as many rows as its keys
    take on a phone's chart; the figure grows by as much, so the plot keeps its height."""
    names = legend_names(data, layout) if layout.get("legend") == top_legend else []
    if not names:
        return layout
    margin = layout["margin"]
    width, rows, used = PHONE_CHART - margin["l"] - margin["r"], 1, 0.0
    for name in names:
        key = LEGEND_KEY + text_px(name, 13)
        if used and used + key > width:
            rows, used = rows + 1, 0.0
        used += key
    room = LEGEND_PAD + rows * LEGEND_ROW
    return layout | dict(margin=margin | dict(t=margin["t"] + room), height=layout["height"] + room)
