"""The teacher's view (issue 20): the teacher page's links each open their lesson with its settings, in presenting
mode, with the named controls hidden; ?hide= takes plain widget keys only."""

import pytest
from streamlit.testing.v1 import AppTest

from tests.apptools import APP
from ui.present import MAX_HIDDEN, hidden_keys, style
from ui.registry import LESSONS, TEACHER
from ui.strings import strings

EN, KO = strings("teacher", "en"), strings("teacher", "ko")
VIEWS = [(v["page"], v["query"]) for v in EN["views"]]
WIDGETS = ("radio", "slider", "selectbox", "select_slider", "number_input", "text_input", "toggle")


def test_both_languages_list_the_same_views_two_per_lesson_or_more():
    assert [(v["page"], v["query"]) for v in KO["views"]] == VIEWS
    pages = [page for page, _ in VIEWS]
    assert {lesson.url_path for lesson in LESSONS} <= set(pages)
    assert all(pages.count(lesson.url_path) >= 1 for lesson in LESSONS) and len(VIEWS) >= 2 * len(LESSONS) - 2


def test_hide_takes_plain_keys_only():
    assert hidden_keys("cell, hidden,cell") == ["cell", "hidden"]
    assert hidden_keys("</style><script>x</script>,ok") == ["ok"]
    assert hidden_keys("a b,1abc,-x,{y}") == []
    assert hidden_keys(",".join(f"k{i}" for i in range(50))) == [f"k{i}" for i in range(MAX_HIDDEN)]
    assert hidden_keys(None) == [] and style(False, []) == ""
    css = style(True, ["t"])
    assert ".st-key-t { display: none !important; }" in css and "zoom: 1.3" in css


def open_view(page: str, query: str, lang: str) -> tuple[AppTest, dict]:
    settings = dict(pair.split("=", 1) for pair in query.split("&")) if query else {}
    at = AppTest.from_file(APP, default_timeout=300)
    at.query_params["lang"] = lang
    at.query_params["present"] = "1"
    for key, value in settings.items():
        at.query_params[key] = value.replace("+", " ")
    at.run()
    path = next(lesson.path for lesson in LESSONS if lesson.url_path == page)
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at, settings


@pytest.mark.parametrize("page, query", VIEWS, ids=[f"{p}-{i}" for i, (p, _) in enumerate(VIEWS)])
def test_every_teacher_link_opens_its_view_presented_with_its_controls_hidden(page, query):
    at, settings = open_view(page, query, "en")
    shown = {w.key: w.value for kind in WIDGETS for w in at.get(kind)}
    hide = hidden_keys(settings.pop("hide", ""))
    for key, value in settings.items():
        value = value.replace("+", " ")
        assert key in shown, (page, key, sorted(shown))
        assert str(shown[key]) == value or float(shown[key]) == float(value), (page, key, shown[key], value)
    assert all(key in shown for key in hide), (page, [k for k in hide if k not in shown])  # a key that exists
    css = " ".join(h.proto.body for h in at.get("html") if "<style>" in h.proto.body)
    assert "zoom: 1.3" in css and all(f".st-key-{key} {{ display: none" in css for key in hide)
    assert at.get("plotly_chart"), "the view draws its charts"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_teacher_page_links_every_view_in_presenting_mode(lang):
    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    at.switch_page(TEACHER.path).run()
    assert not at.exception
    links = at.get("page_link")
    S = KO if lang == "ko" else EN
    asked = [m.value for m in at.markdown if m.value.startswith(f"**{S['ask']}**")]
    assert len(asked) == len(VIEWS)
    assert len([link for link in links if "present=1" in link.proto.query_string or "present" in str(link.proto)]) \
        >= len(VIEWS)
