"""Titles that fit a phone (viz/fit.py, issue 20): wrapped at spaces within a pixel budget and read back whole, a
top margin as tall as the title, room for the legend under it. tests/test_browser_layout.py checks the result in
Chromium at 390 px."""

import pytest

from viz.fit import BREAK, PHONE_CHART, TITLE_PX, TITLE_SIZE, line_count, text_px, unwrap, wrap
from viz.style import OLD_TOP, TOP_LEGEND, axis, figure, layout

LONG = "How much of the gradient survives the trip back: ‖∂s_T/∂s_k‖₂ against distance T − k"
KOREAN = "역전파가 돌아가는 동안 기울기가 얼마나 살아남는가: 거리 T − k에 대한 ‖∂s_T/∂s_k‖₂"


@pytest.mark.parametrize("text", [LONG, KOREAN])
def test_a_long_title_is_broken_into_lines_that_fit_and_reads_back_whole(text):
    wrapped = wrap(text, TITLE_SIZE, TITLE_PX)
    lines = wrapped.split("<br>")
    assert len(lines) >= 2 and all(text_px(line.rstrip(), TITLE_SIZE) <= TITLE_PX for line in lines)
    assert unwrap(wrapped) == text and wrapped.replace("<br>", "") == text  # the space stays before each break


def test_short_text_long_words_and_breaks_already_there_are_kept():
    assert wrap("Loss per step", TITLE_SIZE, TITLE_PX) == "Loss per step"
    formula = "∂" * 60  # wider than the budget on its own: kept whole, never cut inside
    assert wrap(f"a {formula} b", TITLE_SIZE, TITLE_PX).split("<br>") == ["a ", f"{formula} ", "b"]
    assert wrap("one<br>two", TITLE_SIZE, TITLE_PX) == "one<br>two" and line_count("one<br>two") == 2


def test_hangul_counts_wider_than_latin():
    assert text_px("가나다라", 15) > text_px("abcd", 15) and text_px("<sub>t</sub>", 15) == text_px("t", 15)


def test_the_top_margin_holds_the_title_and_the_plot_keeps_its_height():
    short = layout("Loss per step", "seed 0", height=320)
    long = layout(LONG, "untrained cells, H = 32, ρ(W_hh) = 0.8, input × 2, b_f = 1, seed 0, float32, T = 60: the "
                  "vanishing lesson's defaults", height=320)
    assert BREAK in long["title"]["text"] and long["margin"]["t"] > short["margin"]["t"]
    for lay in (short, long):
        assert lay["height"] - lay["margin"]["t"] == 320 - OLD_TOP[True]  # the plot's height as the chart asked
        assert lay["title"]["yref"] == "container" and lay["title"]["yanchor"] == "top"
    panels = layout(LONG, "caption", height=320, margin=dict(l=90, t=OLD_TOP[True] + 25))  # room for panel titles
    assert panels["margin"]["t"] == layout(LONG, "caption", height=320)["margin"]["t"] + 25
    assert panels["margin"]["l"] == 90 and panels["margin"]["b"] == 50


def test_a_legend_under_the_title_gets_rows_of_room_a_heatmap_none():
    lay = layout("Title", "caption", height=300)
    lines = [dict(type="scatter", y=[1, 2], name=f"a rather long line name {k}") for k in range(4)]
    legend = figure(lines, lay).layout_spec
    one = figure(lines[:1], lay).layout_spec  # a single trace: Plotly shows no legend
    heat = figure([dict(type="heatmap", z=[[1]], name="z"), dict(type="heatmap", z=[[2]], name="w")], lay).layout_spec
    below = figure(lines, lay | dict(legend=dict(orientation="h", y=-0.3))).layout_spec
    assert lay["legend"] == TOP_LEGEND
    assert one["margin"]["t"] == heat["margin"]["t"] == below["margin"]["t"] == lay["margin"]["t"]
    rows = (legend["margin"]["t"] - lay["margin"]["t"] - 10) / 21
    assert rows >= 2  # four long names do not fit one row of a phone's chart
    assert legend["height"] - legend["margin"]["t"] == lay["height"] - lay["margin"]["t"]
    assert PHONE_CHART == 358


def test_an_axis_title_wraps_too():
    title = "hidden state h_s (right of the diagonal: the future, no path)"
    assert axis(title)["title"]["text"].count("<br>") == 1 and unwrap(axis(title)["title"]["text"]) == title
    assert axis("step")["title"]["text"] == "step"
