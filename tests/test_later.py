"""First screen first (ui/later.py, issue 19): a lesson's first run in a browser stops after its step view with a
request for the rest, and the next run, whatever causes it, draws the whole page. AppTest has no headers, so these
tests stand in for a browser by making ``later`` see one; tests/test_browser_later.py checks the real browser."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

import ui.later
from tests.apptools import APP
from ui.registry import LESSONS


def chart_keys(at: AppTest) -> list[str]:
    return [c.proto.id for c in at.get("plotly_chart")]


def open_lesson(url_path: str, lang: str = "en") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params["lang"] = lang
    at.run()
    return at.switch_page(next(lesson.path for lesson in LESSONS if lesson.url_path == url_path)).run()


def test_without_a_browser_the_whole_page_is_drawn_at_once():
    at = open_lesson("hello")
    assert not at.exception
    assert not [c for c in at.main.caption if c.value == "Drawing the rest of the lesson below…"]
    assert any(s.value.startswith("Challenges") for s in at.subheader)  # the page's end is there


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_browser_gets_the_first_screen_then_the_whole_page(monkeypatch, lang):
    monkeypatch.setattr(ui.later, "_browser", lambda: True)
    at = open_lesson("hello", lang)
    assert not at.exception
    first = chart_keys(at)
    wait = {"en": "Drawing the rest of the lesson below…", "ko": "레슨의 나머지를 아래에 그리는 중입니다…"}[lang]
    assert [c.value for c in at.main.caption][-1] == wait  # the last thing on the held page says what is coming
    assert any("output_probs" in k for k in first), first  # the step view is drawn whole
    assert not any(s.value.startswith(("Challenges", "도전 과제")) for s in at.subheader)  # the end is not yet
    at.run()  # the browser's request (or any move of a control): the whole page
    assert not at.exception
    whole = chart_keys(at)
    assert set(first) < set(whole) and len(whole) >= len(first) + 5, (len(first), len(whole))
    assert whole[:len(first)] == first  # the first screen's charts unchanged, in place
    assert wait not in [c.value for c in at.caption]
    assert any(s.value.startswith(("Challenges", "도전 과제")) for s in at.subheader)
    at.run()  # and it stays whole
    assert chart_keys(at) == whole


def places(at: AppTest) -> dict[str, tuple[int, ...]]:
    """Where each chart and keyed widget of the main area is: its path of indexes, as the browser places it."""
    found = {}

    def walk(node, path):
        for index, child in getattr(node, "children", {}).items():
            proto_id = getattr(getattr(child, "proto", None), "id", "")
            if proto_id:
                found[proto_id.rsplit("-", 1)[-1] if proto_id.startswith("$$ID") else proto_id] = path + (index,)
            walk(child, path + (index,))

    walk(at.main, ())
    return found


def held_then_whole(monkeypatch, url_path: str, **params: str) -> tuple[dict, dict]:
    """The places of the first screen's elements on a lesson's held first run, and the same elements' places on
    the run for the rest (the held view itself is replaced, so it is left out)."""
    monkeypatch.setattr(ui.later, "_browser", lambda: True)
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params.update({"lang": "en", **params})
    at.run()
    at = at.switch_page(next(lesson.path for lesson in LESSONS if lesson.url_path == url_path)).run()
    assert not at.exception
    first = {key: path for key, path in places(at).items() if key.isidentifier() and not key.startswith("vp_later")}
    at.run()  # the request for the rest
    assert not at.exception
    whole = places(at)
    return first, {key: whole.get(key) for key in first}


def test_a_page_that_trained_in_its_first_run_keeps_its_first_screen_in_place(monkeypatch):
    """The first run trains (a seed no other test asks for), so it shows a progress bar; the browser's request for
    the rest finds the model stored. Every element of the first screen must stay where it was, or the browser draws
    it anew: the step slider drawn anew lost its tie to the address in Streamlit's browser, and a step moved after
    a replica died did not reach the URL (tests/test_cluster.py)."""
    first, then = held_then_whole(monkeypatch, "hello", seed="4321", hidden="7")
    assert {"t", "output_probs", "hidden_heatmap"} <= set(first), sorted(first)
    assert then == first


@pytest.mark.parametrize("url_path", [lesson.url_path for lesson in LESSONS])
def test_every_lesson_keeps_its_first_screen_in_place_when_the_rest_comes(monkeypatch, url_path):
    first, then = held_then_whole(monkeypatch, url_path)
    assert len(first) >= 8, sorted(first)  # the first screen's charts and keyed controls were found
    assert then == first
