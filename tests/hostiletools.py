"""The hostile-input tests' cases and page readers (tests/test_hostile.py): the texts typed, the text boxes with
the changes that make each appear, the pieces that would act if something read them as markup, and what a page
renders as Markdown, LaTeX or chart text."""

from __future__ import annotations

import re

from streamlit.testing.v1 import AppTest

from tests.apptools import APP, widget_list
from tests.fuzztools import all_widgets, figures
from ui.registry import LESSONS

PATHS = {lesson.key: lesson.path for lesson in LESSONS}


HOSTILE = {
    "empty": "",
    "blank": "   ",
    "huge": "a" * 10_000,  # Streamlit cuts it to a box's max_chars (translate, self-attention); others must refuse
    "control": "\x00abc\x01\x02",
    "emoji": "hello 😀👍🏽",
    "combining": "e\u0301\u0301\u0301",
    "hebrew": "שלום עולם",
    "arabic": "مرحبا",
    "script": "<script>alert(1)</script>",
    "html": "<b>bold</b> <img src=x onerror=alert(1)>",
    "markdown": "**bold** _it_ `code` [link](javascript:alert(1))",
    "latex": "$x$ \\frac{1}{2} {} \\",
    "word300": "a" * 300,
    "hangul": "안녕하세요",
    "backticks": "`**b**` [a](javascript:x)",  # short enough (24) for the 32-character box
}
REFUSED = ("empty", "blank", "huge", "control", "word300")  # every box must answer these with a message

# Each text box: the page, its key, and the changes that make it appear (gates trains on the text: the smallest
# settings keep each of its runs near 0.5 s).
INPUTS = {
    "hello/text": (PATHS["hello"], "text", ()),
    "vanishing/text": (PATHS["vanishing"], "text", (("input", "text"),)),
    "gates/text": (PATHS["gates"], "text", (("H", 2), ("steps", 100), ("source", "own"))),
    "translate/own": (PATHS["translate"], "own", (("sentence", "own"),)),
    "selfattn/own": (PATHS["selfattn"], "own", (("sentence", "own"),)),
    "selfattn/lm_text": (PATHS["selfattn"], "lm_text", ()),
    "sequences/pair_a": (PATHS["sequences"], "pair_a", ()),
    "sequences/pair_b": (PATHS["sequences"], "pair_b", ()),
    "sequences/sentence": (PATHS["sequences"], "sentence", ()),
}

# Pieces that would act if Markdown, HTML, KaTeX or Plotly read them.
ACTIVE = ("<script", "<img", "onerror", "<b>", "**bold**", "**b**", "_it_", "](javascript:", "$x$", "\\frac")
LATEX_PIECES = ("$x$", "\\frac{1}{2} {}", "javascript", "<script", "bold")
CHART_PIECES = ("<script", "<img", "<b>bold", "](javascript")


def set_widget(at: AppTest, key: str, value) -> None:
    (widget,) = [w for w in widget_list(at) if w.key == key]
    widget.set_value(value)
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def rendered_markdown(at: AppTest) -> list[tuple[str, str, bool]]:
    """(kind, text, allows HTML) for every piece of the page that Streamlit renders as Markdown: Markdown,
    captions, alerts, headings, metric labels, expander labels, widget labels, help and radio options."""
    out = [(el.type, el.proto.body, el.proto.allow_html) for kind in ("markdown", "caption", "divider")
           for el in at.get(kind)]
    out += [(kind, el.proto.body, False) for kind in ("error", "warning", "info", "success") for el in at.get(kind)]
    out += [(kind, el.proto.body, False) for kind in ("title", "header", "subheader") for el in at.get(kind)]
    out += [("metric", el.label, False) for el in at.metric]
    out += [("expander", el.label, False) for el in at.expander]
    for w in all_widgets(at):
        out += [(f"{w.type} label", w.label, False), (f"{w.type} help", getattr(w, "help", "") or "", False)]
        if w.type == "radio":
            out += [("radio option", option, False) for option in w.options]
    return out


def chart_strings(at: AppTest) -> list[str]:
    """Every string of every chart: titles, ticks, trace names and texts, hover templates, notes."""
    found: list[str] = []

    def walk(obj) -> None:
        if isinstance(obj, str):
            found.append(obj)
        elif isinstance(obj, dict):
            if "bdata" not in obj:
                for value in obj.values():
                    walk(value)
        elif isinstance(obj, list):
            for value in obj:
                walk(value)

    for fig in figures(at):
        walk(fig)
    return found


def braces_balance(latex: str) -> bool:
    depth = 0
    for m in re.finditer(r"\\.|[{}]", latex, flags=re.DOTALL):
        token = m.group()
        depth += {"{": 1, "}": -1}.get(token, 0)
        if depth < 0:
            return False
    return depth == 0


class Pages:
    """One AppTest per text box, opened once and reused, with what the page showed for its default text."""

    def __init__(self):
        self.pages: dict[tuple[str, str], tuple[AppTest, set[str]]] = {}

    def __call__(self, box: str, lang: str = "en") -> AppTest:
        if (box, lang) not in self.pages:
            path, _, setup = INPUTS[box]
            at = AppTest.from_file(APP, default_timeout=180)
            at.query_params["lang"] = lang
            at.run()
            at.switch_page(path).run()
            for key, value in setup:
                set_widget(at, key, value)
            self.pages[box, lang] = at, {text for _, text, _ in rendered_markdown(at)} | set(chart_strings(at))
        return self.pages[box, lang][0]

    def baseline(self, box: str, lang: str = "en") -> set[str]:
        return self.pages[box, lang][1]
