"""Two languages, one set of keys: every pair of string files has the same keys, {placeholders} and LaTeX macros;
the language comes from the address, then the browser; the glossary is complete and every link opens its view."""

import re
import tomllib
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lessons.glossary.study import glossary
from tests.apptools import APP
from ui.language import from_locale
from ui.registry import GLOSSARY, HOME, LESSONS

ROOT = Path(__file__).resolve().parents[1]
PAIRS = sorted([*ROOT.glob("lessons/*/text.en.toml"), *ROOT.glob("lessons/*/text_*.en.toml"),
                ROOT / "ui" / "text.en.toml", *ROOT.glob("viz/text/*.en.toml"), ROOT / "core" / "messages.en.toml"])
# a {name} to fill in, not a LaTeX group: W_{hy}, x^{2} and \text{...} are preceded by _, ^ or a macro's letters
PLACEHOLDER = re.compile(r"(?<![{_^A-Za-z])\{([A-Za-z_]\w*)?(?:[!:][^{}]*)?\}(?!\})")
MACRO = re.compile(r"\\[A-Za-z]+")


def flat(value, prefix=""):
    """(key path, string) for every string in a TOML document, lists and tables included."""
    if isinstance(value, dict):
        for k, v in value.items():
            yield from flat(v, f"{prefix}.{k}" if prefix else k)
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from flat(v, f"{prefix}[{i}]")
    elif isinstance(value, str):
        yield prefix, value


def load(path: Path) -> dict:
    with open(path, "rb") as f:
        return tomllib.load(f)


@pytest.mark.parametrize("english", PAIRS, ids=[str(p.relative_to(ROOT)) for p in PAIRS])
def test_both_languages_have_the_same_keys_placeholders_and_macros(english):
    korean = english.with_name(english.name.replace(".en.", ".ko."))
    assert korean.exists(), f"{korean.relative_to(ROOT)} is missing"
    en, ko = dict(flat(load(english))), dict(flat(load(korean)))
    assert set(en) == set(ko), f"keys in one language only: {sorted(set(en) ^ set(ko))[:10]}"
    for key in en:
        assert set(PLACEHOLDER.findall(en[key])) == set(PLACEHOLDER.findall(ko[key])), key
        assert sorted(MACRO.findall(en[key])) == sorted(MACRO.findall(ko[key])), key


def test_the_checks_can_fail():
    assert set(PLACEHOLDER.findall("{loss:.3f} {n} {{literal}} {value!r}")) == {"loss", "n", "value"}
    assert PLACEHOLDER.findall(r"W_{hy} h_t, \text{target}_t, x^{2} = {t}") == ["t"]
    assert sorted(MACRO.findall(r"h_t = \tanh(\text{입력})")) == ["\\tanh", "\\text"]
    assert dict(flat({"a": {"b": ["x", {"c": "y"}]}})) == {"a.b[0]": "x", "a.b[1].c": "y"}


@pytest.mark.parametrize("locale, lang", [("ko", "ko"), ("ko-KR", "ko"), ("ko_KR", "ko"), ("KO", "ko"),
                                          ("en-US", "en"), ("de-DE", "en"), ("", "en"), (None, "en")])
def test_the_browser_language_decides_when_the_address_does_not(locale, lang):
    assert from_locale(locale) == lang


def app(lang: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=300)
    if lang:
        at.query_params["lang"] = lang
    for key, value in query.items():
        at.query_params[key] = value
    return at


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_address_sets_the_language_and_keeps_it(lang):
    at = app(lang).run()
    assert not at.exception and at.radio(key="lang").value == lang and at.query_params["lang"] == lang
    assert [p for p in at.get("page_link")]  # the home page's map of lessons


def test_the_switch_keeps_the_page_and_every_setting():
    at = app("en", hidden="8", t="3", cell="LSTM")
    at.run()
    at.switch_page(next(lesson.path for lesson in LESSONS if lesson.key == "hello")).run()
    assert not at.exception and at.slider(key="hidden").value == 8 and at.slider(key="t").value == 3
    english_title = at.title[0].value
    at.radio(key="lang").set_value("ko").run()
    assert not at.exception and at.title[0].value != english_title  # the same page, now in Korean
    assert at.slider(key="hidden").value == 8 and at.slider(key="t").value == 3
    assert at.radio(key="cell").value == "LSTM" and at.query_params["lang"] == "ko"


def test_the_glossary_is_complete():
    terms, sources = glossary()
    assert len(terms) >= 40 and len({t.key for t in terms}) == len(terms)
    pages = {lesson.url_path for lesson in (*LESSONS, HOME, GLOSSARY)}
    for term in terms:
        assert term.symbol and term.ko and term.en and term.ko_definition and term.en_definition, term.key
        assert re.search(r"[\uac00-\ud7a3]", term.ko + term.ko_definition), term.key
        assert term.page in pages, (term.key, term.link)
        assert all(number in sources for _, number in term.notes), term.key
    assert all(src["file"].startswith(number) and src["en"] and src["ko"] for number, src in sources.items())


def test_the_korean_lessons_use_the_glossarys_terms():
    """One vocabulary: every glossary term's Korean name (each part of "스펙트럼 반지름, 최대 특이값", the part before
    a parenthesis) appears in the Korean text of the lessons or their charts."""
    korean = "".join(p.read_text() for p in [*ROOT.glob("lessons/*/text*.ko.toml"), *ROOT.glob("viz/text/*.ko.toml")])
    missing = [(term.key, part) for term in glossary()[0] for part in term.ko.split("(")[0].split(",")
               if part.strip() not in korean]
    assert not missing


@pytest.mark.parametrize("term", glossary()[0], ids=lambda t: t.key)
def test_every_glossary_link_opens_its_view(term):
    path = {lesson.url_path: lesson.path for lesson in (*LESSONS, HOME)}[term.page]
    at = app("ko", **term.settings).run()
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    for key, value in term.settings.items():  # the settings the link names are the ones the page shows
        shown = {w.key: w.value for kind in ("radio", "slider", "selectbox", "select_slider", "number_input",
                                             "text_input", "toggle") for w in at.get(kind)}
        assert key in shown, (term.key, key, sorted(shown))
        assert same(shown[key], value), (term.key, key, shown[key], value)


def same(shown, value: str) -> bool:
    """A widget's value is the address value: the same text, or the same number."""
    if str(shown).lower() == value.lower():
        return True
    try:
        return float(shown) == float(value)
    except (TypeError, ValueError):
        return False


README_LINKS = sorted(set(re.findall(r"(?<![\w/])/([a-z-]+)\?(\w+=[\w=&+%.-]*)", (ROOT / "README.md").read_text())))


def test_the_readme_has_links_to_check():
    assert README_LINKS, "the README names no address with settings: this test would check nothing"


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page, query", README_LINKS)
def test_every_address_in_the_readme_opens_its_view(page, query, lang):
    settings = dict(pair.split("=", 1) for pair in query.split("&"))
    path = {lesson.url_path: lesson.path for lesson in (*LESSONS, HOME, GLOSSARY)}[page]
    at = app(lang, **settings).run()
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = {w.key: w.value for kind in ("radio", "slider", "selectbox", "select_slider", "number_input",
                                         "text_input", "toggle") for w in at.get(kind)}
    for key, value in settings.items():
        if key in ("present", "hide"):  # the teacher's view (ui/present.py), not widgets: tests/test_teacher.py
            continue
        assert key in shown and same(shown[key], value), (page, key, shown.get(key), value)


def test_no_prose_string_shows_raw_latex_subscripts():
    """Issue 20: raw notation such as h_{t-1} appeared in plain prose and axis titles, where nothing renders it.
    Prose writes h_(t−1), as the lab does elsewhere; LaTeX strings (the equations, with their commands) and
    $...$ inside Markdown are left alone."""
    import glob

    latex = re.compile(r"\\(frac|text|begin|mathrm|sum|partial|operatorname|left|tilde|odot|sigma|tanh|quad)")
    raw = re.compile(r"[A-Za-zα-ω∂]_\{[^}]*[-+−][^}]*\}")  # a subscript with an operator: h_{t-1}, s_{k+1}
    found = []

    def walk(table, where):
        for key, value in table.items():
            if isinstance(value, dict):
                walk(value, f"{where}.{key}")
            elif isinstance(value, str) and not latex.search(value) and raw.search(re.sub(r"\$[^$]*\$", "", value)):
                found.append(f"{where}.{key}")

    files = sorted(glob.glob(str(ROOT / "lessons/*/text*.toml")) + glob.glob(str(ROOT / "viz/text/*.toml")))
    assert len(files) > 40
    for path in files:
        with open(path, "rb") as f:
            walk(tomllib.load(f), Path(path).name)
    assert not found
