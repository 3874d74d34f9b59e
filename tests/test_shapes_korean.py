"""The RNN shapes lesson in Korean and English (issue 15): with ?lang=ko every diagram is titled with the lecture
notes' name for its shape, the table links each lesson under its own Korean title, and almost no prose is
English-only while the T slider moves and the question is answered; with ?lang=en there is no Hangul outside the toy
translator's Korean; switching the language keeps T; the downloads keep one English schema."""

from __future__ import annotations

import csv
import io
import itertools
import json

import numpy as np
from streamlit.testing.v1 import AppTest

from core.grammar import MIN_LENGTH, sample
from lessons.shapes.study import table_csv, table_json
from tests.apptools import charts
from tests.i18ntools import SWITCH, assert_korean, english_share, hangul_in, korean_chart_problems, move, open_page
from ui.registry import LESSONS, title
from ui.strings import strings
from viz.shapes import SHAPES, shape_names

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "shapes")
EN, KO = strings("shapes", "en"), strings("shapes", "ko")
DIAGRAM_ROLES = {"decoder input"}  # a trace's role name, read by the tests and never shown (no legend, no hover)


def moved(at: AppTest):
    """T to both ends and back, then the question answered and revealed (each yields after its rerun)."""
    for key, value in (("T", 2), ("T", 8), ("T", 5), ("guess", ("synced", "synced")), ("reveal", True)):
        move(at, key, value)
        yield


def test_korean_page_uses_the_notes_names_and_reads_korean():
    at = open_page(PAGE, "ko")
    names = shape_names("ko")
    for _ in itertools.chain([None], moved(at)):  # check the first paint, then each state as it is reached
        assert_korean(at, "the Korean page")
        english = english_share(at)[1]
        assert set(english) <= DIAGRAM_ROLES, english
        assert set(charts(at)) == set(names.values())
    assert {names["one_to_many"], names["many_to_one"]} == {"일 대 다", "다 대 일"}
    assert "Synced Many to Many" in names["synced"] and names["encoder_decoder"].startswith("다 대 다")
    shown = [el.value for el in at.markdown]
    assert all(names[row["kind"]] in shown for row in KO["rows"])  # the table's first column
    links = {link.proto.page: link.proto.label for link in at.get("page_link")}
    for lesson in LESSONS:
        if lesson.url_path in links:
            assert links[lesson.url_path] == title(lesson, "ko"), links
    (answer,) = [s.value for s in at.success]
    assert f"학습할 때: {names['synced']}" in answer and f"생성할 때: {names['one_to_many']}" in answer
    assert KO["question_wrong"].format(guess=KO["question_option"].format(trains=names["synced"],
                                                                           generates=names["synced"])) in answer


def test_english_page_has_no_hangul_but_the_translators_korean():
    at = open_page(PAGE, "en")
    korean_words = tuple(w for T in range(2, 9) for w in sample(np.random.default_rng(0), max(T, MIN_LENGTH)).korean())
    for _ in itertools.chain([None], moved(at)):  # check the first paint, then each state as it is reached
        assert hangul_in(at, allowed=SWITCH + korean_words) == []
    assert set(charts(at)) == set(shape_names("en").values())
    links = {link.proto.page: link.proto.label for link in at.get("page_link")}
    assert links["hello"] == title(LESSONS[0], "en")


def test_switching_the_language_keeps_t_and_renames_every_diagram():
    at = open_page(PAGE, "en", T="6")
    assert at.slider(key="T").value == 6
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.slider(key="T").value == 6 and at.query_params["T"] == "6"
    assert set(charts(at)) == set(shape_names("ko").values())
    assert korean_chart_problems(at) == []
    at.session_state["lang"] = "en"
    at.run()
    assert set(charts(at)) == set(shape_names("en").values()) and at.slider(key="T").value == 6


def test_downloads_keep_one_english_schema_with_the_values_in_the_pages_language():
    columns = EN["table_columns"]
    for lang, text in (("en", EN), ("ko", KO)):
        names = shape_names(lang)
        table = list(csv.reader(io.StringIO(table_csv(text["rows"], columns, names))))
        assert table[0] == columns
        assert [r[0] for r in table[1:]] == [names[row["kind"]] for row in text["rows"]]
        data = json.loads(table_json(text["rows"], names, text["recall_key"]))
        assert [s["kind"] for s in data["shapes"]] == list(SHAPES)
        assert set(data["shapes"][0]) == {"kind", "name", "lessons", "where", "example", "when", "unrolled"}
    english = json.loads(table_json(EN["rows"], shape_names("en"), EN["recall_key"]))
    korean = json.loads(table_json(KO["rows"], shape_names("ko"), KO["recall_key"]))
    for e, k in zip(english["shapes"], korean["shapes"], strict=True):  # the same tokens, but the recall key's label
        assert (e["kind"], e["lessons"], e["when"]) == (k["kind"], k["lessons"], k["when"])
        assert [u["outputs"] for u in e["unrolled"]] == [u["outputs"] for u in k["unrolled"]]
