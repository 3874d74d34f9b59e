"""The RNN shapes lesson page in AppTest: all six diagrams, the T slider, the grammar's sentence on the
encoder-decoder, the question with its choices, the downloads, the code. The diagrams themselves are tested in
test_shapes.py. Reference tokens come from core, not from the page."""

import csv
import inspect
import io
import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.grammar import MIN_LENGTH, sample
from core.recall import make_batch
from core.recurrent import RNN
from core.text import make_task
from lessons.shapes.study import table_csv, table_json, used_in
from tests.apptools import chart, charts, lesson_page
from tests.shapetools import DUE, READ, boxes, labels
from ui.registry import LESSONS
from ui.strings import strings
from viz.shapes import SHAPES, shape_diagram, shape_names

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "shapes")
S = strings("shapes")
SHAPE_NAMES = shape_names("en")


def page(**widgets) -> AppTest:
    return lesson_page(PAGE, timeout=120, **widgets)


def cell_count(at: AppTest, kind: str) -> int:
    return len(boxes(chart(at, SHAPE_NAMES[kind]), "cell"))


def test_page_draws_all_six_on_the_lab_tokens():
    at = page()
    assert set(charts(at)) == {SHAPE_NAMES[k] for k in SHAPES}
    synced = chart(at, SHAPE_NAMES["synced"])
    assert labels(synced, "inputs") == READ and labels(synced, "outputs") == DUE
    one = chart(at, SHAPE_NAMES["one_to_many"])
    assert labels(one, "inputs") == ["h"] and labels(one, "outputs") == DUE
    recall = chart(at, SHAPE_NAMES["many_to_one"])
    assert labels(recall, "inputs")[-1] == "?" and len(labels(recall, "inputs")) == 4
    assert {cell_count(at, k) for k in ("one_to_many", "many_to_one", "synced")} == {4}
    assert cell_count(at, "stacked") == 8
    sentence = sample(np.random.default_rng(0), 4)
    fig = chart(at, SHAPE_NAMES["encoder_decoder"])
    assert labels(fig, "inputs") == sentence.english() and labels(fig, "outputs") == sentence.korean()
    linked = {link.proto.page for link in at.get("page_link")}
    assert linked <= {lesson.url_path for lesson in LESSONS} and {"hello", "vanishing", "gates"} <= linked
    assert at.get("download_button") and not at.error


@pytest.mark.parametrize("T", [2, 7])
def test_slider_changes_the_number_of_cells_and_the_sentence(T):
    at = page()
    assert cell_count(at, "synced") == 4
    at.slider(key="T").set_value(T).run()
    assert not at.exception
    assert cell_count(at, "synced") == T and cell_count(at, "stacked") == 2 * T
    assert cell_count(at, "many_to_one") == max(T, 3)  # the recall task has at least one distractor
    sentence = sample(np.random.default_rng(0), max(T, MIN_LENGTH))
    fig = chart(at, SHAPE_NAMES["encoder_decoder"])
    assert labels(fig, "inputs") == sentence.english() and labels(fig, "outputs") == sentence.korean()
    assert labels(chart(at, SHAPE_NAMES["bidirectional"]), "inputs") == sentence.english()


def test_question_has_choices_and_its_answer_comes_from_the_table():
    at = page()
    assert not at.success
    guess = at.radio(key="guess")
    assert len(guess.options) == len(S["question_options"]) >= 3
    wrong = ("one_to_many", "synced")
    assert list(wrong) in S["question_options"]
    guess.set_value(wrong).run()
    at.toggle(key="reveal").set_value(True).run()
    (answer,) = [s.value for s in at.success]
    assert "While it trains: Many to many, in step" in answer and "While it generates: One to many" in answer
    label = S["question_option"].format(trains=SHAPE_NAMES[wrong[0]], generates=SHAPE_NAMES[wrong[1]])
    assert label in guess.options and S["question_wrong"].format(guess=label) in answer
    at.radio(key="guess").set_value(("synced", "one_to_many")).run()
    assert S["question_right"] in at.success[0].value


def test_the_answer_is_read_from_the_rows():
    rows = S["rows"]
    assert (used_in(rows, "hello", "trains"), used_in(rows, "hello", "generates")) == ("synced", "one_to_many")
    swapped = [dict(r, when={"hello": "trains"}) if r["kind"] == "stacked" else
               dict(r, when={}) if r["kind"] == "synced" else r for r in rows]
    assert used_in(swapped, "hello", "trains") == "stacked"
    with pytest.raises(ValueError, match="one shape"):
        used_in(rows, "translate", "trains")


def test_downloads_csv_is_the_table_and_json_has_every_diagrams_tokens():
    text = table_csv(S["rows"], S["table_columns"], SHAPE_NAMES)
    table = list(csv.reader(io.StringIO(text)))
    assert table[0] == S["table_columns"] and len(table) == 1 + len(S["rows"])
    assert [r[0] for r in table[1:]] == [SHAPE_NAMES[r["kind"]] for r in S["rows"]]
    data = json.loads(table_json(S["rows"], SHAPE_NAMES, S["recall_key"]))
    assert [s["kind"] for s in data["shapes"]] == [r["kind"] for r in S["rows"]]
    synced = next(s for s in data["shapes"] if s["kind"] == "synced")
    at_four = next(u for u in synced["unrolled"] if u["T"] == 4)
    assert at_four == {"T": 4, "inputs": READ, "outputs": DUE}
    assert [u["T"] for u in synced["unrolled"]] == list(range(2, 9))
    for shape in data["shapes"]:  # every diagram's tokens are ones shape_diagram accepts
        for u in shape["unrolled"]:
            shape_diagram(shape["kind"], u["inputs"], u["outputs"], "", lang="en")
    at = page()
    assert [b.proto.label for b in at.get("download_button")] == [S["download_csv"], S["download_json"]]


def test_show_the_code_shows_where_the_tokens_come_from():
    at = page()
    at.session_state["show_code"] = True
    at.run()
    (box,) = [e for e in at.expander if e.label == S["code_heading"]]
    sources = [c.value for c in box.code]
    for obj in (make_task, make_batch, sample, RNN):
        assert inspect.getsource(obj).strip() in sources
