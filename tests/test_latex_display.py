r"""Display equations (issue 20): KaTeX warned in the browser's console ("In LaTeX, \\ or \newline does nothing in
display mode") for every equation with a bare line break, on the gates, translate and self-attention lessons.
viz.latex.displayed wraps such text in one ``gathered``; every equation of every lesson is checked here in AppTest
by a scanner of its own."""

import re

import pytest

from tests.apptools import lesson_page
from ui.registry import LESSONS
from viz.latex import displayed


@pytest.mark.parametrize("tex,wrapped", [
    (r"a \\ b", True),
    (r"\begin{aligned} a &= b \\ c \end{aligned}", False),
    (r"x = \{1\} \\ y", True),
    (r"\begin{bmatrix} 1 \\ 2 \end{bmatrix} \\ z", True),
    (r"\begin{bmatrix} 1 \\ 2 \end{bmatrix}", False),
    (r"a \, b \; c \quad d", False),
    (r"\text{a \\ b}", True),
    ("", False),
])
def test_displayed_wraps_only_a_top_level_line_break(tex, wrapped):
    out = displayed(tex)
    assert out == (rf"\begin{{gathered}}{tex}\end{{gathered}}" if wrapped else tex)


def top_level_breaks(tex: str) -> int:
    """Line breaks outside every environment, counted with a regex pass: environments are cut out innermost first."""
    inner = re.compile(r"\\begin\{(\w+\*?)\}(?:(?!\\begin\{).)*?\\end\{\1\}", re.S)
    while True:
        cut = inner.sub("", tex)
        if cut == tex:
            break
        tex = cut
    return len(re.findall(r"(?<!\\)\\\\(?!\\)", tex.replace(r"\\\\", "")))


def test_the_scanner_can_fail():
    assert top_level_breaks(r"a \\ b") == 1
    assert top_level_breaks(r"\begin{gathered} a \\ \begin{bmatrix} 1 \\ 2 \end{bmatrix} \end{gathered}") == 0


@pytest.mark.parametrize("lesson", LESSONS, ids=[lesson.key for lesson in LESSONS])
def test_no_equation_on_a_lesson_has_a_bare_line_break(lesson):
    at = lesson_page(lesson.path)
    bodies = [el.value for el in at.latex]
    assert bodies, "every lesson shows equations"
    assert not [b for b in bodies if top_level_breaks(b)]
