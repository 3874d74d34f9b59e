"""Sections 4 and 5 of "Sequences and recurrence" in AppTest, read from the charts: the seven shapes on the lab's
tokens and the T slider; each shape's links, which open the view they name with the diagram's settings; note 000's
one-to-many callout with the live model's numbers; the language model's chart against the model trained directly;
the old /shapes address. The diagrams themselves are tested in test_shapes.py, the computations in
test_shapes_study.py. Reference values come from core and the study module, not from the page."""

from __future__ import annotations

import urllib.parse

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.grammar import MIN_LENGTH, sample
from lessons.sequences.study_shapes import LEVELS, LMConfig, live_links, train_lm
from tests.apptools import APP, arr, chart, charts
from tests.i18ntools import WIDGETS, move, open_page
from tests.shapetools import DUE, READ, boxes, labels
from ui.registry import LESSONS, MOVED
from ui.strings import strings
from viz.shapes import SHAPES, shape_names

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "sequences")
PATHS = {lesson.key: lesson.path for lesson in LESSONS}
LESSONS_URL = {lesson.key: lesson.url_path for lesson in LESSONS}
S = strings("sequences")
NAMES = shape_names("en")


@pytest.fixture(scope="module")
def at() -> AppTest:
    return open_page(PAGE, "en")


def cell_count(at: AppTest, kind: str) -> int:
    return len(boxes(chart(at, NAMES[kind]), "cell"))


def shown_links(at: AppTest) -> list[tuple[str, dict]]:
    """Every page link of sections 4 and 5: (its page, its settings)."""
    return [(link.proto.page, dict(urllib.parse.parse_qsl(link.proto.query_string)))
            for link in at.get("page_link")]


def test_seven_shapes_on_the_lab_tokens(at):
    assert {NAMES[k] for k in SHAPES} <= set(charts(at))
    synced = chart(at, NAMES["synced"])
    assert labels(synced, "inputs") == READ and labels(synced, "outputs") == DUE
    one = chart(at, NAMES["one_to_one"])
    assert (labels(one, "inputs"), labels(one, "outputs")) == (["h"], ["e"]) and cell_count(at, "one_to_one") == 1
    assert labels(chart(at, NAMES["one_to_many"]), "inputs") == ["h"]
    assert labels(chart(at, NAMES["many_to_one"]), "inputs")[-1] == "?"
    assert {cell_count(at, k) for k in ("one_to_many", "many_to_one", "synced")} == {4}
    assert cell_count(at, "stacked") == 8
    sentence = sample(np.random.default_rng(0), 4)
    fig = chart(at, NAMES["encoder_decoder"])
    assert labels(fig, "inputs") == sentence.english() and labels(fig, "outputs") == sentence.korean()
    beside = [m.value for m in at.markdown if m.value.startswith(f"**{S['shapes_notes_label']}**")]
    assert len(beside) == len(SHAPES)
    for row, text in zip(S["shapes_rows"], beside, strict=True):  # the notes' names and applications, in order
        assert f"**{S['shapes_notes_label']}** {row['notes']}" in text
        assert f"**{S['shapes_apps_label']}** {row['apps']}" in text


@pytest.mark.parametrize("T", [2, 7])
def test_the_slider_unrolls_every_shape_and_the_links_follow(T):
    """(AppTest does not write a bound widget's value into the address; the browser test checks that.)"""
    at = open_page(PAGE, "en")
    move(at, "shapes_T", T)
    assert cell_count(at, "synced") == T and cell_count(at, "stacked") == 2 * T
    assert cell_count(at, "many_to_one") == max(T, 3)  # the recall task has at least one distractor
    sentence = sample(np.random.default_rng(0), max(T, MIN_LENGTH))
    assert labels(chart(at, NAMES["bidirectional"]), "inputs") == sentence.english()
    links = shown_links(at)
    for kind, found in live_links(T).items():  # the links follow the diagrams
        for key, settings in found:
            assert (LESSONS_URL[key], {**dict(settings), "lang": "en"}) in links, (kind, links)


def test_each_link_opens_the_view_it_names_with_the_diagrams_settings():
    """Every linked page opens from its address with no exception, its widgets set as the diagram is."""
    opened = set()
    for found in live_links(4).values():
        for key, settings in found:
            if not settings or (key, settings) in opened:
                continue
            opened.add((key, settings))
            page = open_page(PATHS[key], "en", **dict(settings))
            widgets = {w.key: w.value for kind in WIDGETS for w in getattr(page, kind) if w.key}
            for name, value in settings:
                assert str(widgets[name]) == value, (key, name, widgets.get(name))
    assert len(opened) >= 5


def test_the_one_to_many_callout_reads_the_live_model(at):
    s = train_lm(LMConfig())
    (callout,) = [i.value for i in at.info if "(note 000)" in i.value]
    assert S["shapes_callout_said"] in callout
    assert f"p(o | hell) = **{s.probs[-1, 3]:.3f}**" in callout and f"{s.right} of 4 right" in callout


def test_the_language_model_chart_is_the_models_prediction():
    at = open_page(PAGE, "en")
    char, word = train_lm(LMConfig()), train_lm(LMConfig("word", LEVELS["word"]))
    fig = chart(at, "p(next token | “hell”)")
    np.testing.assert_allclose(arr(fig["data"][0]["y"]), char.probs[3], rtol=0, atol=1e-12)
    assert [m.value for m in at.metric if m.label == S["lm_metric_after"]] == [f"{char.probs[3, 3]:.3f}"]
    assert ("hello", {"text": "hello", "t": "4", "lang": "en"}) in shown_links(at)
    truth = chart(at, S["lm_truth_title"])
    np.testing.assert_allclose(arr(truth["data"][0]["y"]), char.p_truth(char.before), rtol=0, atol=1e-12)
    move(at, "lm_level", "word")
    assert at.query_params["lm_level"] in ("word", ["word"])
    fig = chart(at, "p(next token | “the cat sat on”)")  # the step t = 4 is kept: it fits in T = 5
    np.testing.assert_allclose(arr(fig["data"][0]["y"]), word.probs[3], rtol=0, atol=1e-12)
    move(at, "lm_t", 5)
    assert [m.value for m in at.metric if m.label == S["lm_metric_after"]] == [f"{word.probs[4, 4]:.3f}"]
    move(at, "lm_t", 1)
    fig = chart(at, "p(next token | “the”)")
    np.testing.assert_allclose(arr(fig["data"][0]["y"]), word.probs[0], rtol=0, atol=1e-12)
    assert fig["layout"]["xaxis"]["ticktext"] == list(word.task.vocab)
    assert ("hello", {"text": LEVELS["word"], "lang": "en"}) in shown_links(at)
    move(at, "lm_level", "char")  # back to T = 4: the step is pulled into range
    assert at.slider(key="lm_t").value <= 4


def test_an_address_opens_the_level_and_the_step():
    at = open_page(PAGE, "en", lm_level="word", lm_t="5", shapes_T="6")
    assert at.radio(key="lm_level").value == "word" and at.slider(key="lm_t").value == 5
    assert cell_count(at, "synced") == 6


@pytest.mark.parametrize("params", [dict(T="6"), dict()])
def test_the_old_shapes_address_opens_the_shapes_section(params):
    """/shapes?T=6 (old links, the glossary) lands on the lesson with T = 6; /shapes alone on its defaults."""
    (moved,) = [m for m in MOVED if m.url_path == "shapes"]
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params["lang"] = "en"
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(moved.path).run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.slider(key="shapes_T").value == int(params.get("T", 4))
    assert cell_count(at, "synced") == int(params.get("T", 4))
    assert at.query_params.get("T") is None
