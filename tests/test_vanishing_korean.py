"""The vanishing-gradient lesson in Korean and in English (issue 15): every string and every chart word in the page's
language while the widgets move, the two translated radios keyed in the address (old English-label links included),
the settings kept across the language switch, and charts cached per language."""

import pytest
from streamlit.testing.v1 import AppTest

from lessons.vanishing.study import FlowConfig
from tests.apptools import arr, widget_list
from tests.i18ntools import (
    CLICK,
    HANGUL,
    SWITCH,
    assert_korean,
    english_share,
    figures,
    hangul_in,
    move,
    open_page,
    title_of,
)
from ui.registry import LESSONS
from viz.words import words

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "vanishing")

# The page's main widgets, in an order that also reaches its flags: the text source and back, the threshold, the
# backward walk (with the LSTM's highway), three layers, the clipping lab, the question, one recall distance, and
# at the end a large W_hh over 200 steps (the bound overflows float32: edge markers and a note), then a tiny one
# (underflow: the info, markers at the bottom edge, grey map cells).
WALK = (("input", "text"), ("text", "the cat sat on the mat"), ("input", "random"), ("T", 30), ("H", 8),
        ("measure", "sigma"), ("threshold", 1e-6), ("k", 5), ("walk_cell", "LSTM"), ("layers", 3), ("forget", 3.0),
        ("clip_at", 2.5), ("guess", "below"), ("reveal", True), ("d", 2), ("recall_one", CLICK),
        ("measure", "radius"), ("scale", 3.0), ("T", 200), ("scale", 0.1))


def chart_titles(at: AppTest) -> list[str]:
    return [title_of(fig).split("<br>")[0] for fig in figures(at)]


def settings(at: AppTest) -> dict:
    """Every widget's value by key, the language switch's own left out."""
    return {w.key: w.value for w in widget_list(at) if w.key and w.key != "lang"}


def numbers(at: AppTest) -> list:
    """Every chart's data (x, y and z of every trace, as sent), in page order."""
    return [[trace.get(k) for k in ("x", "y", "z")] for fig in figures(at) for trace in fig["data"]]


def test_korean_page_is_korean_while_its_widgets_move():
    at = open_page(PAGE, "ko")
    assert_korean(at, "first paint")
    assert english_share(at)[1] == []  # none at all at first paint (the 3 % allowance is for what a walk may reach)
    assert len(figures(at)) >= 9  # curves, three maps, chain, Jacobian, singular values, layers, the two clip charts
    for key, value in WALK:
        move(at, key, value)
        assert_korean(at, f"after {key} = {value!r}")
        if key == "reveal":
            (answer,) = at.success
            assert "가장 가까운 선택지는" in answer.value, answer.value
        if key == "walk_cell":
            assert any(t.startswith("시점 5부터의 셀 상태 고속도로") for t in chart_titles(at)), chart_titles(at)
        if key == "recall_one":
            assert any(t.startswith("방해 기호 d개 뒤에") for t in chart_titles(at)), chart_titles(at)
    notes = " ".join(n.get("text", "") for fig in figures(at) for n in fig["layout"].get("annotations") or [])
    assert any(i.value.startswith("**언더플로.**") for i in at.info), [i.value[:40] for i in at.info]
    assert "0 (언더플로)" in [tr.get("name") for fig in figures(at) for tr in fig["data"]]
    assert "0이 되어 그리지 않았습니다(언더플로)" in notes  # the stacked layers' note


def test_korean_overflow_is_flagged_in_korean():
    at = open_page(PAGE, "ko", scale="3.0", T="200", H="8")
    assert_korean(at, "overflow")
    (warning,) = at.warning
    assert warning.value.startswith("**오버플로.**")
    names = [tr.get("name") or "" for fig in figures(at) for tr in fig["data"]]
    assert any(name.endswith(": inf: 오버플로") for name in names), names
    notes = [n.get("text", "") for fig in figures(at) for n in fig["layout"].get("annotations") or []]
    assert any("의 범위를 넘습니다(오버플로)" in note for note in notes), notes  # where the bound overflows


def test_korean_large_maps_wait_for_a_korean_button():
    at = open_page(PAGE, "ko", T="200", H="128")
    (button,) = [b for b in at.button if b.key == "maps_go"]
    assert button.label.startswith("T × T 지도 세 개 계산하기")
    assert_korean(at, "maps waiting")


def test_korean_error_message_comes_from_core_in_korean():
    at = open_page(PAGE, "ko", input="text")
    for text in ("", "x" * 201):
        move(at, "text", text)
        (error,) = at.error
        prefix = "입력 오류: "
        assert error.value.startswith(prefix) and HANGUL.search(error.value.removeprefix(prefix)), error.value
        example = words("chain_product", "ko")["title"]  # the notes' example has its own input and stays
        assert [title.split("<br>")[0] for title in chart_titles(at)] == [example]
        assert_korean(at, f"text {text!r}")


def test_english_page_has_no_hangul_while_its_widgets_move():
    at = open_page(PAGE, "en")
    assert hangul_in(at, allowed=SWITCH) == []
    for key, value in WALK:
        move(at, key, value)
        assert hangul_in(at, allowed=SWITCH) == [], f"after {key} = {value!r}"
    assert any(i.value.startswith("**Underflow.**") for i in at.info), [i.value[:40] for i in at.info]
    learner = "안녕하세요 여러분"
    move(at, "input", "text")
    move(at, "text", learner)  # a learner's Korean is data: it shows as it is, and nothing else is Korean
    assert not at.error
    assert hangul_in(at, allowed=SWITCH + tuple(learner.replace(" ", ""))) == []


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize(("key", "address", "value"), [
    ("measure", "sigma", "sigma"),
    ("measure", "largest singular value σ_max", "sigma"),  # a link from before the translation
    ("measure", "spectral radius ρ", "radius"),
    ("input", "text", "text"),
    ("input", "my text", "text"),
    ("input", "random numbers", "random"),
])
def test_a_link_opens_the_same_view_in_both_languages(lang, key, address, value):
    at = open_page(PAGE, lang, **{key: address})
    assert at.radio(key=key).value == value
    default = {"measure": "radius", "input": "random"}[key]
    if value == default:  # the address carries the key, left out for the default
        assert key not in at.query_params
    else:
        assert at.query_params[key] in (value, [value])
    (curves,) = [fig for fig in figures(at) if title_of(fig).startswith(words("vanishing", lang)["curves_title"])]
    lines = {tr["name"]: arr(tr["y"]) for tr in curves["data"] if tr.get("mode") == "lines"}
    bound = lines[words("vanishing", lang)["bound_name"]]
    if key == "measure":  # one step back the bound is the size itself, 0.8, only when it is measured as sigma_max
        assert (bound[-2] == pytest.approx(0.8, rel=1e-5)) == (value == "sigma"), bound[-2]
    else:  # my text: one step per character; random inputs: T steps
        steps = len(FlowConfig.text) if value == "text" else FlowConfig.length
        assert lines["RNN (tanh)"].shape == (steps,)


@pytest.mark.parametrize(("first", "then"), [("en", "ko"), ("ko", "en")])
def test_switching_the_language_keeps_every_setting(first, then):
    at = open_page(PAGE, first, measure="sigma", input="text")
    for key, value in (("H", 8), ("threshold", 1e-2), ("walk_cell", "GRU"), ("layers", 1), ("clip_at", 1.0)):
        move(at, key, value)
    before, data = settings(at), numbers(at)
    at.session_state["lang"] = then
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert settings(at) == before
    assert at.radio(key="measure").value == "sigma" and at.radio(key="input").value == "text"
    assert at.query_params["measure"] in ("sigma", ["sigma"]) and at.query_params["input"] in ("text", ["text"])
    assert numbers(at) == data  # the same view: every number of every chart
    if then == "ko":
        assert_korean(at, "after the switch")
    else:
        assert hangul_in(at, allowed=SWITCH) == []


def test_cached_charts_are_kept_per_language():
    """Sessions in the two languages share the study and the trained labs, never a chart's words."""
    english = open_page(PAGE, "en", H="12")
    korean = open_page(PAGE, "ko", H="12")
    assert_korean(korean, "a Korean session after an English one")
    english.run()
    assert hangul_in(english, allowed=SWITCH) == []
    assert len(chart_titles(english)) == len(chart_titles(korean))
    assert numbers(english) == numbers(korean)
