"""The one-unit cell diagrams (viz.cell_diagram): every number shown, pinned gates marked, labels safe."""

import json
import math
import re

import pytest

from viz.cell_diagram import gru_diagram, lstm_diagram, num
from viz.fit import unwrap


def lstm_values(f=0.81, i=0.34, g=-0.57, o=0.92, c_prev=1.46, h_prev=-0.27) -> dict[str, float]:
    """A consistent LSTM step for one unit, computed the way the caller does."""
    kept, added = f * c_prev, i * g
    c = kept + added
    return dict(h_prev=h_prev, c_prev=c_prev, f=f, i=i, g=g, o=o, c=c, tanh_c=math.tanh(c), h=o * math.tanh(c),
                kept=kept, added=added)


def gru_values(r=0.23, z=0.64, n=-0.71, h_prev=0.58, recurrent=1.37) -> dict[str, float]:
    """A consistent GRU step; ``recurrent`` stands for W_hn h_{t-1} + b_hn of this unit."""
    new_part, kept = (1 - z) * n, z * h_prev
    return dict(h_prev=h_prev, r=r, z=z, n=n, h=new_part + kept, reset_term=r * recurrent, new_part=new_part,
                kept=kept)


def texts(fig) -> list[str]:
    return [a.text for a in fig.layout.annotations if a.text]


def shows(fig, value: float) -> bool:
    """The value, formatted to two decimals, stands on its own in some annotation (not inside a longer number)."""
    pattern = rf"(?<![\d.\-]){re.escape(f'{value:.2f}')}(?![\d])"
    return any(re.search(pattern, text) for text in texts(fig))


def box_of(fig, symbol: str):
    """The rect drawn where the annotation naming ``symbol`` (e.g. 'f<sub>t</sub> =') sits: the last one there (a
    sigmoid gate's colour lies over a box in the page's colour, so the gate reads on a light or a dark page)."""
    note = next(a for a in fig.layout.annotations if a.text and symbol in a.text)
    return [s for s in fig.layout.shapes if s.type == "rect" and (s.xanchor, s.yanchor) == (note.x, note.y)][-1]


def opacity(colour: str) -> float:
    """The alpha of an "rgba(r, g, b, a)" colour."""
    return float(re.fullmatch(r"rgba\((?:\s*\d+\s*,){3}\s*([\d.]+)\s*\)", colour).group(1))


@pytest.mark.parametrize("build, values", [
    (lambda v: lstm_diagram(v, 3, 5, "e", "test", lang="en"), lstm_values()),
    (lambda v: gru_diagram(v, 3, 5, "e", "test", lang="en"), gru_values()),
])
def test_every_value_is_printed(build, values):
    labels = [f"{x:.2f}" for x in values.values()]
    assert len(set(labels)) == len(labels), "the test needs distinct values to tell them apart"
    fig = build(values)
    missing = [k for k, x in values.items() if not shows(fig, x)]
    assert not missing


def test_lstm_labels_name_the_symbols_and_the_three_sentences():
    v = lstm_values()
    joined = " ".join(texts(lstm_diagram(v, 3, 5, "e", "test", lang="en")))
    for symbol in ("f<sub>t</sub> = 0.81", "i<sub>t</sub> = 0.34", "g<sub>t</sub> = -0.57", "o<sub>t</sub> = 0.92",
                   "c<sub>t−1</sub> = 1.46", "h<sub>t−1</sub> = -0.27", f"c<sub>t</sub> = {v['c']:.2f}",
                   f"tanh(c<sub>t</sub>) = {v['tanh_c']:.2f}", f"h<sub>t</sub> = {v['h']:.2f}", "x<sub>t</sub>"):
        assert symbol in joined
    assert "kept 0.81 of c<sub>t−1</sub>" in joined
    assert f"let in i × g = {v['added']:.2f}" in joined
    assert "passed on" in joined


def test_gru_shows_pytorchs_reset_placement_and_update_rule():
    v = gru_values()
    joined = " ".join(texts(gru_diagram(v, 3, 5, "e", "test", lang="en")))
    assert "W<sub>hn</sub>h<sub>t−1</sub> + b<sub>hn</sub>" in joined  # r scales the product, after W_hn
    assert f"r × (…) = {v['reset_term']:.2f}" in joined
    assert "kept 0.64 of h<sub>t−1</sub>" in joined  # z keeps the old state
    assert f"(1 − z) × n = {v['new_part']:.2f}" in joined


def test_a_pinned_gate_is_drawn_differently():
    v = lstm_values(f=1.0)
    free = lstm_diagram(v, 3, 5, "e", "test", lang="en")
    pinned = lstm_diagram(v, 3, 5, "e", "test", pinned={"f": 1.0}, lang="en")
    a, b = box_of(free, "f<sub>t</sub> ="), box_of(pinned, "f<sub>t</sub> =")
    assert (a.fillcolor, a.line.dash) != (b.fillcolor, b.line.dash)
    assert sum(s.type == "path" for s in pinned.layout.shapes) > sum(s.type == "path" for s in free.layout.shapes)
    assert any("pinned to 1" in t for t in texts(pinned))
    assert not any("pinned" in t for t in texts(free))
    assert box_of(free, "i<sub>t</sub> =").fillcolor == box_of(pinned, "i<sub>t</sub> =").fillcolor


def test_a_more_open_gate_is_more_strongly_coloured():
    low = box_of(lstm_diagram(lstm_values(o=0.1), 3, 5, "e", "test", lang="en"), "o<sub>t</sub> =")
    high = box_of(lstm_diagram(lstm_values(o=0.9), 3, 5, "e", "test", lang="en"), "o<sub>t</sub> =")
    assert opacity(high.fillcolor) == pytest.approx(0.9) and opacity(low.fillcolor) == pytest.approx(0.1)


@pytest.mark.parametrize("char, shown", [("<b>", "&lt;b&gt;"), (" ", "␣"), ("<", "&lt;"), ("&", "&amp;")])
def test_the_character_is_escaped_and_visible(char, shown):
    for fig in (lstm_diagram(lstm_values(), 1, 0, char, "test", lang="en"),
                gru_diagram(gru_values(), 1, 0, char, "test", lang="en")):
        title = unwrap(fig.layout.title.text)
        assert f"'{shown}'" in title
        assert "<b>" not in title and "' '" not in title
        assert any(f"'{shown}'" in t for t in texts(fig))  # the x_t label


@pytest.mark.parametrize("fig", [
    lstm_diagram(lstm_values(c_prev=-0.001, h_prev=-0.004, g=-0.002), 2, 1, "a", "test", lang="en"),
    gru_diagram(gru_values(h_prev=-0.003, n=-0.001, recurrent=-0.002), 2, 1, "a", "test", lang="en"),
])
def test_negative_zero_is_never_printed(fig):
    assert not any("-0.00" in t for t in texts(fig))
    assert shows(fig, 0.0)


def test_non_finite_values_read_overflow_and_serialise():
    v = lstm_values() | dict(c=math.inf, tanh_c=math.nan, h=math.nan)
    fig = lstm_diagram(v, 2, 1, "a", "test", lang="en")
    spec = json.loads(fig.to_json())
    shown = " ".join(a.get("text", "") for a in spec["layout"]["annotations"]).lower()
    assert "nan" not in shown and "inf" not in shown
    assert "overflow" in shown
    assert json.loads(gru_diagram(gru_values(), 2, 1, "a", "test", lang="en").to_json())["layout"]["annotations"]


def test_num_rounds_to_two_decimals():
    assert [num(x, "en") for x in (0.926, -0.004, 0.0, -1.5, math.inf)] == ["0.93", "0.00", "0.00", "-1.50",
                                                                       "overflow"]
    assert num(math.nan, "ko") == "오버플로"


@pytest.mark.parametrize("fig", [lstm_diagram(lstm_values(), 4, 2, "e", "test", lang="en"),
                                 gru_diagram(gru_values(), 4, 2, "e", "test", lang="en")])
def test_the_diagram_is_a_fixed_picture(fig):
    lay = fig.layout
    for ax in (lay.xaxis, lay.yaxis):
        assert ax.visible is False and ax.fixedrange is True and ax.range is not None
    assert lay.showlegend is False and lay.dragmode is False
    arrows = [a for a in lay.annotations if a.showarrow is not False]
    assert len(arrows) >= 10
    assert all((a.axref, a.ayref) == ("x", "y") for a in arrows)
    assert "step t = 4, unit 2" in unwrap(lay.title.text) and "test" in lay.title.text


def test_the_korean_diagram_has_the_same_numbers_in_korean_words():
    v = lstm_values()
    en, ko = lstm_diagram(v, 3, 5, "e", "test", lang="en"), lstm_diagram(v, 3, 5, "e", "test", lang="ko")
    numbers = [re.findall(r"-?\d+\.\d\d", t) for t in texts(en)]
    assert numbers == [re.findall(r"-?\d+\.\d\d", t) for t in texts(ko)]
    assert "시점 t = 3, 유닛 5" in unwrap(ko.layout.title.text) and "'e'" in ko.layout.title.text
    joined = " ".join(texts(ko))
    assert "c<sub>t−1</sub>의 0.81배를 남김" in joined and "kept" not in joined and "let in" not in joined
    pinned = " ".join(texts(lstm_diagram(v, 3, 5, "e", "test", pinned={"o": 1.0}, lang="ko")))
    assert "1에 고정" in pinned
    gru = " ".join(texts(gru_diagram(gru_values(), 3, 5, "e", "test", lang="ko")))
    assert "h<sub>t−1</sub>의 0.64배를 남김" in gru and "GRU 내부" in unwrap(gru_diagram(
        gru_values(), 3, 5, "e", "test", lang="ko").layout.title.text)
