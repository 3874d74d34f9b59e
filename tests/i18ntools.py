"""Reading a page's visible text in AppTest, to check its language: every prose string, widget label and option,
message, and every chart's title, axis titles, legend names, hover text and notes; and the lesson tests' shared steps:
a page opened from an address (``open_page``), a widget moved (``move``), a Korean page checked (``assert_korean``)."""

from __future__ import annotations

import json
import re

from streamlit.testing.v1 import AppTest

from tests.apptools import APP
from viz.fit import unwrap

HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Names and symbols that are the same in both languages (proper names, programs, papers' authors, units)
NAMES = {"rnn", "lstm", "gru", "pytorch", "numpy", "adam", "softmax", "tanh", "sigmoid", "relu", "bptt", "csv",
         "json", "cudnn", "keras", "seq2seq", "pascanu", "mikolov", "bengio", "bahdanau", "luong", "vaswani", "cho",
         "chung", "hochreiter", "schmidhuber", "gers", "jozefowicz", "zaremba", "sutskever", "williams", "peng",
         "karpathy", "tallec", "ollivier", "elman", "pca", "svd", "max", "min", "log", "exp", "float32", "float64",
         "dtype", "autograd", "jacrev", "jacobian", "oracle", "streamlit", "plotly", "pad", "bos", "eos", "http",
         "https", "url", "lang", "float", "nan", "inf", "etc", "al", "arxiv", "lstms", "grus", "rnns"}
CODE = re.compile(r"`[^`]*`|\$[^$]*\$|\\\(.*?\\\)|<[^>]+>|https?://\S+|:material/\w+:|%\{[^}]*\}|\\[A-Za-z]+|\{\w+\}")


def english_only(text: str) -> bool:
    """Prose with English words in it and no Hangul: code spans, LaTeX, markup, hover fields, symbols and the names
    above are not counted as words."""
    if HANGUL.search(text):
        return False
    rest = CODE.sub(" ", text)
    words = [w for w in re.findall(r"[A-Za-z]{3,}", rest) if w.lower() not in NAMES]
    return len(words) >= 2


def page_strings(at: AppTest) -> list[str]:
    """Every string of prose and every label the page shows (not the charts)."""
    out = []
    for kind in ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "success"):
        out += [el.value for el in at.get(kind)]
    for el in at.get("metric"):
        out.append(el.label)
    for el in at.get("expander"):
        out.append(el.label)
    for kind in ("radio", "selectbox", "select_slider", "slider", "number_input", "text_input", "toggle",
                 "button", "multiselect"):
        for w in at.get(kind):
            out.append(w.label)
            out += [str(o) for o in getattr(w, "options", []) or []]
            if getattr(w, "help", None):
                out.append(w.help)
    return [s for s in out if isinstance(s, str) and s.strip()]


def figures(at: AppTest) -> list[dict]:
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def title_of(fig: dict) -> str:
    """The title and caption as written, before viz/fit.py broke them into lines for a phone."""
    return unwrap((fig["layout"].get("title") or {}).get("text", ""))


def axis_titles(fig: dict) -> list[str]:
    return [(ax.get("title") or {}).get("text", "") for name, ax in fig["layout"].items()
            if name.startswith(("xaxis", "yaxis")) and isinstance(ax, dict) and (ax.get("title") or {}).get("text")]


def chart_strings(fig: dict) -> list[str]:
    """A figure's words: title, axis titles, trace names, hover templates, notes."""
    out = [title_of(fig), *axis_titles(fig)]
    for trace in fig["data"]:
        out += [trace.get("name") or "", trace.get("hovertemplate") or ""]
    out += [note.get("text", "") for note in fig["layout"].get("annotations", []) or []]
    return [s for s in out if s]


def korean_chart_problems(at: AppTest) -> list[str]:
    """Charts whose title or an axis title has no Hangul (on a Korean page every one must)."""
    problems = []
    for fig in figures(at):
        title = title_of(fig).split("<br>")[0]  # the title itself, not the caption under it
        if not HANGUL.search(title):
            problems.append(f"title without Hangul: {title[:80]!r}")
        problems += [f"{title[:40]!r}: axis title without Hangul: {t!r}" for t in axis_titles(fig)
                     if not HANGUL.search(t)]
    return problems


def english_share(at: AppTest) -> tuple[float, list[str]]:
    """The share of a Korean page's visible strings (prose, labels, chart words) that are English only."""
    strings = page_strings(at) + [s for fig in figures(at) for s in chart_strings(fig)]
    english = [s for s in strings if english_only(s)]
    return len(english) / max(1, len(strings)), english


SWITCH = ("한국어", "언어 · Language")  # the sidebar's language switch names each language in itself, on every page


def hangul_in(at: AppTest, allowed=()) -> list[str]:
    """The strings of an English page that contain Hangul, except the language switch's and those containing an
    allowed piece (the toy translator's Korean, a learner's own text)."""
    allowed = (*allowed, *SWITCH)
    strings = page_strings(at) + [s for fig in figures(at) for s in chart_strings(fig)]
    for kind in ("latex", "code"):
        strings += [el.value for el in at.get(kind)]
    return [s for s in strings if HANGUL.search(s) and not any(a in s for a in allowed)]


CLICK = object()  # move(at, key, CLICK) presses the button with this key
WIDGETS = ("radio", "slider", "selectbox", "select_slider", "number_input", "text_input", "toggle", "checkbox")


def open_page(path: str, lang: str, /, timeout: int = 300, **params) -> AppTest:
    """A new session on the lesson at ``path``, opened from an address with ?lang= and ``params`` (set before the
    first run, as a shared link opens it); no exception."""
    at = AppTest.from_file(APP, default_timeout=timeout)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def move(at: AppTest, key: str, value) -> AppTest:
    """Set the widget ``key`` to ``value`` (or, with CLICK, press the button ``key``) and rerun; no exception."""
    if value is CLICK:
        at.button(key=key).click()
    else:
        (widget,) = [w for kind in WIDGETS for w in getattr(at, kind) if w.key == key]
        widget.set_value(value)
    at.run()
    assert not at.exception, (key, [e.value for e in at.exception])
    return at


def assert_korean(at: AppTest, where: str, max_english: float = 0.03) -> None:
    """A Korean page: every chart's title and axis titles have Hangul, and under ``max_english`` of its strings are
    English only."""
    assert korean_chart_problems(at) == [], where
    share, english = english_share(at)
    assert share < max_english, f"{where}: {share:.1%} of the strings are English only: {english}"
