"""The "Hello, RNN" lesson in Korean and in English (issue 15): every string and every chart word in the page's
language, the address's settings kept across the language switch, and charts cached per language."""

import inspect

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.charlm import HelloConfig
from lessons.hello import blurring, snapshots, stepping, terms, truncation
from lessons.hello import gradients as hello_gradients
from lessons.hello import training as hello_training
from lessons.hello.study import study
from tests import i18ntools as i18n
from tests.apptools import widget_list
from tests.i18ntools import HANGUL, SWITCH, assert_korean, figures, hangul_in, move, open_page, title_of
from ui.registry import LESSONS
from ui.strings import strings
from viz import gradients, states, training
from viz import snapshots as snapshot_charts

HELLO = next(lesson.path for lesson in LESSONS if lesson.key == "hello")  # "lessons/hello/page.py"


def chart_titles(at: AppTest) -> list[str]:
    return [title_of(fig).split("<br>")[0] for fig in figures(at)]


# A walk over the page's main widgets: the cell (with its c heatmap and the autograd-only gradient note), the step
# and window sliders (with the "nothing is cut" note at k = T), the sampling mode and the question.
WALK = (("t", 3), ("k", 1), ("greedy", False), ("temperature", 2.0), ("guess", 2), ("reveal", True), ("k", 4),
        ("cell", "LSTM"), ("t", 4), ("cell", "GRU"), ("hidden", 5), ("text", "hello world"), ("steps", 200))


def test_korean_page_is_korean_while_its_widgets_move():
    at = open_page(HELLO, "ko")
    assert_korean(at, "first paint")
    for key, value in WALK:
        move(at, key, value)
        assert_korean(at, f"after {key} = {value!r}")
    assert any("셀 상태" in t for t in chart_titles(move(at, "cell", "LSTM")))  # c is the cell state, not h
    assert at.success and HANGUL.search(at.success[0].value)  # the revealed answer


def test_korean_error_message_comes_from_core_in_korean():
    at = open_page(HELLO, "ko")
    for text in ("", "a", "x" * 65):
        move(at, "text", text)
        (error,) = at.error
        assert error.value.startswith("텍스트: ") and HANGUL.search(error.value.removeprefix("텍스트: ")), error.value
        assert not at.get("plotly_chart")
        assert_korean(at, f"text {text!r}")


def test_english_page_has_no_hangul_while_its_widgets_move():
    at = open_page(HELLO, "en")
    assert hangul_in(at, allowed=SWITCH) == []
    for key, value in WALK:
        move(at, key, value)
        assert hangul_in(at, allowed=SWITCH) == [], f"after {key} = {value!r}"
    learner = "안녕하세요 👋"
    move(at, "text", learner)  # a learner's Korean shows as it is, and nothing else is Korean
    assert hangul_in(at, allowed=SWITCH + tuple(learner.replace(" ", ""))) == []
    assert hangul_in(at, allowed=SWITCH), "the learner's text should be on the page"


@pytest.mark.parametrize("lang", ["ko", "en"])
@pytest.mark.parametrize("cell", ["LSTM", "GRU"])
def test_a_cell_link_opens_the_same_view_in_both_languages(lang, cell):
    """?cell=LSTM, the link that has always worked: the radio's options are names in every language."""
    at = open_page(HELLO, lang, cell=cell, t="2")
    assert at.radio(key="cell").value == cell
    assert at.slider(key="t").value == 2
    gate = "f" if cell == "LSTM" else "z"
    assert any(f"{gate}_{{2}}" in el.value for el in at.latex)
    assert all(f"<sup>{cell} H=" in title_of(fig) for fig in figures(at))  # each caption names the cell
    assert (len([t for t in chart_titles(at) if " c " in t]) == 1) == (cell == "LSTM")  # the c heatmap


@pytest.mark.parametrize(("first", "then"), [("en", "ko"), ("ko", "en")])
def test_switching_the_language_keeps_every_setting(first, then):
    at = open_page(HELLO, first, cell="LSTM")
    for key, value in (("t", 3), ("k", 2), ("hidden", 4), ("greedy", False)):
        move(at, key, value)
    before = {w.key: w.value for w in widget_list(at) if w.key}
    data = [(fig["data"][0].get("z") or fig["data"][0].get("y")) for fig in figures(at)]
    at.session_state["lang"] = then
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    after = {w.key: w.value for w in widget_list(at) if w.key}
    assert (before.pop("lang"), after.pop("lang")) == (first, then)  # the sidebar's switch
    assert after == before and len(after) >= 10
    assert at.query_params["cell"] in ("LSTM", ["LSTM"])  # the address still carries the cell
    assert [(fig["data"][0].get("z") or fig["data"][0].get("y")) for fig in figures(at)] == data  # same numbers
    if then == "ko":
        assert_korean(at, "after the switch")
    else:
        assert hangul_in(at, allowed=SWITCH) == []


def test_every_shared_chart_is_kept_per_language():
    """The lesson's cached chart functions called with the same arguments but the language, English first: the
    Korean call must not get the English chart back (the page's captions differ by language too, which would hide
    a chart function that left the language out of its arguments)."""
    s = study(HelloConfig(text="hello", cell="lstm", hidden_size=3, steps=60))
    names = ("a", "b")
    calls = {"hidden": lambda lang: stepping.hidden_chart(s, 2, "c", lang),
             "cell": lambda lang: stepping.cell_chart(s, 2, "c", lang),
             "probs": lambda lang: stepping.probs_chart(s, 2, "c", lang),
             "losses": lambda lang: hello_gradients.losses_chart(s, "c", lang),
             "norms": lambda lang: hello_gradients.norms_chart(s, "c", "t", names, lang),
             "training": lambda lang: hello_training.loss_chart(s, "c", lang),
             "map": lambda lang: truncation.contribution_chart(s, 2, "c", lang),
             "chunks": lambda lang: truncation.contribution_chart(s, 2, "c", lang, chunked=True),
             "snapshot": lambda lang: snapshots.map_chart(s, 3, "c", lang),
             "snapshot_losses": lambda lang: snapshots.loss_chart(s, 3, "c", lang),
             "terms": lambda lang: terms.terms_chart(s, 3, "c", names, lang),
             "reach": lambda lang: blurring.reach_chart(s, "c", names, lang),
             "dh": lambda lang: truncation.dh_chart(s, 2, "c", "t", (*names, "c"), lang),
             "parameters": lambda lang: truncation.parameters_chart(s, 2, "c", lang)}
    for name, call in calls.items():
        english, korean = call("en").to_dict(), call("ko").to_dict()
        assert not [t for t in [title_of(english), *i18n.axis_titles(english)] if HANGUL.search(t)], name
        assert HANGUL.search(i18n.axis_titles(korean)[0]), (name, i18n.axis_titles(korean))


def test_the_korean_strings_are_korean():
    """Stricter than the page's 3 %: no string of the Korean file is English only."""
    ko = strings("hello", "ko")
    assert set(ko) == set(strings("hello", "en"))
    assert [key for key, value in ko.items() if i18n.english_only(value)] == []
    assert all(HANGUL.search(ko[key]) for key in ("title", "summary", "why", "notice", "download_schema"))


def test_cached_charts_are_kept_per_language():
    """Sessions in the two languages share the trained model and its charts' tables, never a chart's words."""
    english = open_page(HELLO, "en", text="hello rnn")
    korean = open_page(HELLO, "ko", text="hello rnn")
    assert_korean(korean, "a Korean session after an English one")
    english.run()
    assert hangul_in(english, allowed=SWITCH) == []
    assert len(chart_titles(english)) == len(chart_titles(korean))


# ---- the chart functions themselves, without a page -----------------------------------------------------------

def _charts(lang: str):
    T, H = 4, 3
    rng = np.random.default_rng(0)
    chars, norms = list("hell"), rng.random(T) + 0.1
    grads = {"cell.weight_hh_l0": np.zeros(2), "head.weight": np.array([np.inf])}  # both "not drawn" notes
    return [
        states.hidden_heatmap(rng.standard_normal((T + 1, H)), chars, 2, "c", lang),
        states.hidden_heatmap(rng.standard_normal((T + 1, H)), chars, 2, "c", lang, name="c", zmax=2.0),
        states.output_probs(np.full(4, 0.25), list("helo"), 1, 2, "c", lang),
        states.step_losses(norms, chars, list("ello"), "c", lang),
        states.sample_probs("h", list("ello"), norms / 2, "c", lang),
        training.loss_curve(np.linspace(5, 0.1, 20), np.linspace(0, 1, 20), 12, "c", lang),
        gradients.gradient_norms([("a", np.array([np.inf, 1, 2, 3]), "solid", "circle")], chars, "c",
                                 {"en": "title", "ko": "제목"}[lang], lang),  # the title is the lesson's
        gradients.contribution_map(np.tril(rng.random((T, T)) + 0.1), chars, 1, "c", lang),
        gradients.parameter_gradients(grads, grads, 1, "c", lang),
        gradients.parameter_gradients(grads, grads, 2, "c", lang, chunked=grads),
        gradients.contribution_map(np.tril(rng.random((T, T)) + 0.1), chars, 2, "c", lang, chunked=True),
        gradients.input_terms([("a", np.array([0.0, 1, np.inf, 3]))], chars, 4, "c", lang),
        states.input_reach([("a", norms, "solid")], chars, "c", lang),
        snapshot_charts.prediction_map(np.full((T, 4), 0.25), list("helo"), chars, [1, 2, 2, 3], 5, "c", lang),
        snapshot_charts.loss_terms(norms, chars, list("ello"), 5, 2.0, "c", lang),
    ]


def _words(fig) -> list[str]:
    """A chart's titles, axis titles, trace names, hover templates and notes (the lesson's own title left out)."""
    spec = fig.to_dict()
    out = [title_of(spec), *i18n.axis_titles(spec)]
    out += [t.get(k) or "" for t in spec["data"] for k in ("name", "hovertemplate")]
    out += [str(text) for t in spec["data"] if isinstance(t.get("text"), list) for text in t["text"]]
    out += [n.get("text", "") for n in spec["layout"].get("annotations") or []]
    out += [((t.get("colorbar") or {}).get("title") or {}).get("text", "") for t in spec["data"]]
    return [s for s in out if s and s not in ("title", "a", "c", "cut")]


def test_every_chart_function_needs_a_language():
    for fn in (states.hidden_heatmap, states.output_probs, states.step_losses, states.sample_probs,
               training.loss_curve, gradients.gradient_norms, gradients.contribution_map,
               gradients.parameter_gradients, gradients.input_terms, states.input_reach,
               snapshot_charts.prediction_map, snapshot_charts.loss_terms):
        assert inspect.signature(fn).parameters["lang"].default is inspect.Parameter.empty, fn.__name__


def test_chart_words_follow_the_language():
    for en, ko in zip(_charts("en"), _charts("ko"), strict=True):
        title = title_of(ko.to_dict())
        assert HANGUL.search(title) and all(HANGUL.search(t) for t in i18n.axis_titles(ko.to_dict())), title
        assert not [w for w in _words(en) if HANGUL.search(w)], title_of(en.to_dict())
        assert not [w for w in _words(ko) if i18n.english_only(w)], (title, _words(ko))
        for a, b in zip(en.to_dict()["data"], ko.to_dict()["data"], strict=True):  # the same numbers
            assert a.get("y") == b.get("y") and a.get("z") == b.get("z")
