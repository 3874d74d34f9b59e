"""The gates lesson in AppTest: the step slider moves the box and the numbers, the cell radio swaps LSTM for GRU,
every override changes the traces it should. Reference values come from core on a fresh study, not the page."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.text import memory_steps
from lessons.gates.study import GatesConfig, study
from lessons.gates.study_break import break_gates
from tests.apptools import APP, arr, chart, charts, lesson_page, title_of
from ui.registry import LESSONS

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "gates")
PANELS = "LSTM: every gate and state"
BREAK = "Cell state c and hidden state h"
GRADIENT = "How much of a change to c_k reaches"


def page(**widgets) -> AppTest:
    return lesson_page(PAGE, timeout=120, **widgets)


@pytest.fixture(scope="module")
def reference():
    return study(GatesConfig())


def panels(at: AppTest, title: str) -> dict[str, np.ndarray]:
    """Heatmap panels by name, each (H, T) as drawn."""
    return {tr["name"]: arr(tr["z"]) for tr in chart(at, title)["data"]}


def box(at: AppTest, title: str = PANELS) -> float:
    """The middle of the step box (the one shape spanning the whole figure's height)."""
    (shape,) = [s for s in chart(at, title)["layout"]["shapes"] if s["yref"] == "paper"]
    return (shape["x0"] + shape["x1"]) / 2


def outlined_unit(at: AppTest, title: str = PANELS) -> set[float]:
    """The unit (1-based) outlined in each panel."""
    return {(s["y0"] + s["y1"]) / 2 for s in chart(at, title)["layout"]["shapes"] if s["yref"] != "paper"}


def diagram_text(at: AppTest) -> str:
    fig = chart(at, "Inside the")
    return title_of(fig) + " ".join(a.get("text", "") for a in fig["layout"]["annotations"])


def test_default_page_draws_every_gate_of_the_trained_lstm(reference):
    at = page()
    drawn = panels(at, PANELS)
    a = reference.analyses["lstm"]
    assert list(drawn) == ["i · input", "f · forget", "g · candidate", "o · output", "c · cell", "tanh(c)",
                           "h · hidden"]
    np.testing.assert_allclose(drawn["f · forget"], a.gates["f"].T, rtol=1e-6)
    np.testing.assert_allclose(drawn["c · cell"], a.c.T, rtol=1e-6)
    np.testing.assert_allclose(drawn["tanh(c)"], np.tanh(a.c).T, rtol=1e-6, atol=1e-7)
    layout = chart(at, PANELS)["layout"]
    assert (layout["coloraxis"]["cmin"], layout["coloraxis"]["cmax"]) == (0, 1)
    assert (layout["coloraxis2"]["cmin"], layout["coloraxis2"]["cmax"]) == (-1, 1)
    assert layout["coloraxis3"]["cmin"] == -layout["coloraxis3"]["cmax"]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["LSTM: next characters right"] == "100 %"
    titles = list(charts(at))
    for start in ("Inside the LSTM", "One matrix, 4 blocks (3 gates + the candidate)", "LSTM: how often",
                  "GRU: how often", BREAK, "How sure is the LSTM", GRADIENT, "Same weights, reset after",
                  "LSTM: the hidden state"):
        assert any(t.startswith(start) for t in titles), (start, titles)
    assert not at.error


def test_step_slider_moves_the_box_the_diagram_and_the_equations(reference):
    at = page(t=3)
    assert box(at) == 3
    first, latex3 = diagram_text(at), [e.body for e in at.latex]
    at.slider(key="t").set_value(8).run()
    assert box(at) == 8 and diagram_text(at) != first
    assert any("f_{8} =" in body for body in (e.body for e in at.latex)) and not any("f_{8} =" in b for b in latex3)
    unit = int(at.slider(key="unit").value) - 1
    c8 = reference.analyses["lstm"].c[8 - 1, unit]
    assert f"{c8:.2f}" in diagram_text(at)


def test_unit_slider_follows_another_unit(reference):
    at = page(unit=1)
    text = diagram_text(at)
    assert "unit 1" in text
    assert outlined_unit(at) == {1}
    at.slider(key="unit").set_value(2).run()
    assert "unit 2" in diagram_text(at) and outlined_unit(at) == {2}


def test_gru_view(reference):
    at = page(cell="GRU")
    drawn = panels(at, "GRU: every gate")
    assert list(drawn) == ["r · reset", "z · update", "n · candidate", "h · hidden"]
    np.testing.assert_allclose(drawn["z · update"], reference.analyses["gru"].gates["z"].T, rtol=1e-6)
    assert "Inside the GRU" in diagram_text(at)
    assert any("(1 - z_{" in e.body for e in at.latex)


def test_forget_pinned_to_zero_breaks_the_cell_state(reference):
    at = page(pin_f="zero")
    drawn = panels(at, BREAK)
    broken = break_gates(reference, (("f", 0.0),)).analysis
    assert set(drawn) == {"c, as trained", "c, f = 0", "h, as trained", "h, f = 0"}
    np.testing.assert_allclose(drawn["c, f = 0"], (broken.gates["i"] * broken.gates["g"]).T, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(drawn["c, as trained"], reference.analyses["lstm"].c.T, rtol=1e-6)
    metrics = {m.label: m.value for m in at.metric}
    right = (broken.probs.argmax(1) == np.array(reference.task.targets)).mean()
    assert metrics["Next characters right, f = 0"] == f"{100 * right:.0f} %"


def test_sealed_highway_gives_a_flat_gradient_and_a_frozen_cell():
    at = page(pin_f="one", pin_i=True)
    drawn = panels(at, BREAK)
    assert np.all(drawn["c, f = 1, i = 0"] == 0)
    lines = {tr["name"]: arr(tr["y"]) for tr in chart(at, GRADIENT)["data"]}
    assert np.all(lines["f = 1, i = 0: all paths"] == 1.0)
    assert not np.all(lines["as trained: all paths"] == 1.0)


def test_output_pinned_changes_h_but_not_the_learned_traces(reference):
    at = page(pin_o=True)
    drawn = panels(at, BREAK)
    np.testing.assert_allclose(drawn["h, o = 1"], np.tanh(drawn["c, o = 1"]), rtol=1e-5, atol=1e-6)
    np.testing.assert_allclose(drawn["h, as trained"], reference.analyses["lstm"].h.T, rtol=1e-6)
    bars = {tr["name"]: arr(tr["y"]) for tr in chart(at, "How sure is the LSTM")["data"]}
    assert set(bars) == {"as trained", "o = 1"} and not np.allclose(bars["as trained"], bars["o = 1"])


def test_nothing_pinned_says_so():
    at = page()
    assert any("Nothing is pinned yet" in i.value for i in at.info)
    assert [tr["name"] for tr in chart(at, "How sure is the LSTM")["data"]] == ["as trained"]


def test_hello_and_own_text():
    at = page(source="hello")
    assert chart(at, PANELS)["data"][0]["x"] is not None
    assert len(arr(chart(at, PANELS)["data"][0]["z"])[0]) == 4
    at.radio(key="source").set_value("own").run()
    at.text_input(key="text").set_value("x").run()
    assert not at.exception
    assert any("one character" in e.value for e in at.error)


def test_reveal_answers_with_measured_numbers(reference):
    at = page(reveal=True)
    (answer,) = [s.value for s in at.success]
    assert "With f = 0 the LSTM gets" in answer and "of 31" in answer and "You had it" not in answer
    assert at.radio(key="guess").options == ["almost none", "about half of them", "all but the ones that need memory",
                                             "all of them"]
    broken = break_gates(reference, (("f", 0.0),)).analysis  # the live model's answer: only memory steps break
    wrong = set(np.flatnonzero(broken.probs.argmax(1) != np.array(reference.task.targets)) + 1)
    assert wrong and wrong <= set(memory_steps(reference.task))
    at.radio(key="guess").set_value(2).run()
    (answer,) = [s.value for s in at.success]
    assert "**all but the ones that need memory**. You had it." in answer


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_working_size_sentence_says_the_measured_ratios(lang):
    """Issue 20: the text said "about three times" while the chart beside it measured the GRU at 4.5x and the LSTM
    at 2.8x the RNN. The sentence now reads its two ratios from the same timings the chart draws."""
    import re

    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    title = {"en": "Time per step at a working size", "ko": "실제 작업 크기에서 시점당 시간"}[lang]
    bars = chart(at, title)["data"][0]
    times = dict(zip(bars["x"], arr(bars["y"]), strict=True))
    rnn, gru, lstm = (next(v for k, v in times.items() if name in k) for name in ("RNN", "GRU", "LSTM"))
    word = {"en": "working size", "ko": "실제 작업 크기"}[lang]
    (note,) = [c.value for c in at.caption if word in c.value]
    said = [float(x) for x in re.findall(r"\*\*(\d+\.\d)(?:×|배)\*\*", note)]
    assert said == pytest.approx([gru / rnn, lstm / rnn], abs=0.051)
