"""The gates lesson in Korean (issue 15): every chart and string in Korean with ?lang=ko, no Hangul on the English
page but the learner's own text, the two translated radios (source, pin_f) opened by their keys and by the English
labels old links carry, in both languages, and the language switch keeping them."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptools import chart, charts, widget_list
from tests.i18ntools import HANGUL, SWITCH, assert_korean, hangul_in, move, open_page
from ui.registry import LESSONS
from ui.strings import strings

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "gates")
EN, KO = strings("gates", "en"), strings("gates", "ko")
# The widgets a learner moves, in order: each change reruns the page (the settings keep the models the default's).
MOVES = (("t", 3), ("unit", 2), ("pin_f", "zero"), ("pin_i", True), ("pin_o", True), ("reveal", True), ("guess", 2),
         ("cell", "GRU"))


def opened(lang: str, moves=(), **address) -> AppTest:
    """A new session opened on the gates page from an address (?lang=ko…), then each widget moved."""
    at = open_page(PAGE, lang, **address)
    for key, value in moves:
        move(at, key, value)
    return at


def test_korean_page_after_the_english_one_has_every_chart_in_korean():
    """English first in this process, then Korean: a chart cached across sessions (ui.store.shared) is keyed by its
    language, so the Korean page never gets the English page's chart words."""
    en = opened("en", MOVES)
    ko = opened("ko", MOVES)
    assert_korean(ko, "after the moves")
    assert set(charts(en)).isdisjoint(charts(ko))  # every title in its own language, none served across
    assert any(t.startswith("GRU 내부: 시점 t = 3, 유닛 2") for t in charts(ko)), list(charts(ko))
    assert {m.label for m in ko.metric} >= {"LSTM: 다음 글자 정답률", "다음 글자 정답률, f = 0, i = 0, o = 1"}
    (answer,) = [s.value for s in ko.success]
    assert "**기억이 필요한 것만 빼고 전부**. 맞혔습니다." in answer
    assert ko.radio(key="pin_f").options == [KO["f_free"], KO["f_one"], KO["f_zero"]]
    # the same numbers in both languages: the panels of the pinned run hold the same values under their own names
    fig_en, fig_ko = chart(en, "Cell state c and hidden state h"), chart(ko, "셀 상태 c와 은닉 상태 h")
    assert [tr["z"] for tr in fig_en["data"]] == [tr["z"] for tr in fig_ko["data"]]
    assert [tr["name"] for tr in fig_ko["data"]] == ["셀 c, 원래 모델", "셀 c, f = 0, i = 0, o = 1",
                                                     "은닉 h, 원래 모델", "은닉 h, f = 0, i = 0, o = 1"]


def test_korean_default_page_and_the_lecture_notes_terms():
    at = opened("ko")
    assert_korean(at, "default page")
    assert at.title[0].value.endswith(KO["title"])
    why = at.markdown[0].value
    for term in ("망각 게이트(노트: 삭제 게이트)", "셀 상태", "내부 메모리 c", '"Gate gate"', "자체 반복",
                 "장기 의존성"):
        assert term in why, term
    captions = " ".join(c.value for c in at.caption)
    assert "노트의 z = PyTorch의 1 − z" in captions  # the notes' GRU z points the other way, said where z first shows
    assert KO["download_schema"] in captions


def test_english_page_has_no_hangul_but_the_learners_text():
    at = opened("en", MOVES)
    assert hangul_in(at, allowed=SWITCH) == []
    own = opened("en", (("H", 2), ("steps", 100), ("source", "own"), ("text", "안녕 hi 안녕")))
    assert not own.error, [e.value for e in own.error]
    assert any(HANGUL.search(t) for t in charts(own)), "the learner's text is read on the charts"
    assert hangul_in(own, allowed=(*SWITCH, *"안녕")) == []


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("link, key", [("pinned to 0 (forget everything)", "zero"), ("zero", "zero"),
                                       ("pinned to 1 (keep everything)", "one"), ("one", "one")])
def test_old_and_new_pin_links_open_the_view(lang, link, key):
    """?pin_f=zero (the glossary's link) and the English label an old link carries open the same pinned view."""
    at = opened(lang, pin_f=link, source="hello")
    S = strings("gates", lang)
    assert at.radio(key="pin_f").value == key
    assert at.query_params["pin_f"] == key  # the address now carries the key
    value = {"zero": "0", "one": "1"}[key]
    assert S["break_accuracy"].format(what=f"f = {value}") in [m.label for m in at.metric]


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("link, key", [("my text", "own"), ("own", "own"), ("hello", "hello"),
                                       ("brackets (needs memory)", "brackets")])
def test_old_and_new_source_links_open_the_view(lang, link, key):
    at = opened(lang, source=link, H="2", steps="100")
    assert at.radio(key="source").value == key
    assert at.radio(key="source").options == [strings("gates", lang)[f"source_{k}"] for k in ("brackets", "hello",
                                                                                              "own")]
    assert [t.key for t in at.text_input if t.key == "text"] == (["text"] if key == "own" else [])
    if key != "brackets":  # the default is left out of the address
        assert at.query_params["source"] == key
    else:
        assert "source" not in at.query_params


def test_switching_the_language_keeps_every_setting():
    at = opened("en", (("source", "hello"), ("pin_f", "zero"), ("pin_o", True), ("cell", "GRU"), ("t", 2)))
    before = {w.key: w.value for w in widget_list(at) if w.key != "lang"}
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception
    after = {w.key: w.value for w in widget_list(at) if w.key != "lang"}
    assert after == before
    assert at.query_params["pin_f"] == "zero" and at.query_params["source"] == "hello"
    assert at.query_params["lang"] == "ko"
    assert at.radio(key="pin_f").options[2] == KO["f_zero"] and at.subheader[0].value == KO["equation_heading"]
    assert any(t.startswith("GRU 내부: 시점 t = 2") for t in charts(at))
    at.session_state["lang"] = "en"
    at.run()
    assert {w.key: w.value for w in widget_list(at) if w.key != "lang"} == before
    assert at.radio(key="pin_f").options[2] == EN["f_zero"]
