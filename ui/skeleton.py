"""The lesson skeleton, drawn the same way on every page (DESIGN.md, 9):

    top:  title -> why -> the equations
          (the page's controls and charts)
    end:  a predict-then-reveal question with choices -> what to notice -> challenges graded live -> show the code
          -> CSV and JSON downloads

A lesson's strings (lessons/<lesson>/text.en.toml) name the parts: title, icon, why, equation_heading, and optional
equation_intro (a caption above the equations) and equation_sources (one below); notice_heading, notice,
question_heading, question_pick, question_reveal; code_heading, code_intro; download_heading, download_csv,
download_json, and optional download_schema (a caption under the buttons)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import streamlit as st

from ui import challenges as graded
from ui.language import lang
from ui.latex import latex
from ui.widgets import show_code


def top(S: dict, equations: Sequence[str] | Callable[[], None] = ()):
    """Title, why and the equations: LaTeX strings, or a function that draws them. Returns the container the
    equations are in, for a page whose equations depend on its controls (drawn further down, shown up here)."""
    st.title(f"{S['icon']} {S['title']}")
    st.markdown(S["why"])
    box = st.container()
    with box:
        st.subheader(S["equation_heading"])
        if "equation_intro" in S:
            st.caption(S["equation_intro"])
        if callable(equations):
            equations()
        else:
            for tex in equations:
                latex(tex)
        if "equation_sources" in S:
            st.caption(S["equation_sources"])
    return box


@dataclass(frozen=True)
class Question:
    """A predict-then-reveal question. ``reveal(guess)`` is called only once the learner asks for the answer; it
    reads the live model and returns the answer as Markdown (``guess`` is the picked option, or None)."""

    prompt: str  # Markdown
    options: Sequence
    reveal: Callable[[object], str]
    label: Callable[[object], str] = str  # how an option is shown
    note: str | None = None  # a caption under the answer


MIME = {"csv": "text/csv", "json": "application/json"}


@dataclass(frozen=True)
class Download:
    kind: str  # "csv" or "json": the button's label is S["download_<kind>"]
    file_name: str
    data: Callable[[], bytes | str]  # called when the button is clicked, not on every rerun


def _question(S: dict, q: Question) -> None:
    st.subheader(S["question_heading"])
    st.markdown(q.prompt)
    guess = st.radio(S["question_pick"], list(q.options), index=None, format_func=q.label, horizontal=True,
                     key="guess")
    if st.toggle(S["question_reveal"], key="reveal"):
        st.success(q.reveal(guess))
        if q.note:
            st.caption(q.note)


def end(S: dict, question: Question | None, code: Sequence, downloads: Sequence[Download],
        challenges: tuple[str, Sequence[graded.Challenge]] | None = None) -> None:
    """The question (None: the page has nothing to ask about, e.g. an empty translation), what to notice, the
    challenges (the lesson's folder and its challenges, ui/challenges.py), the real source of ``code`` and the
    downloads. The question comes first: a summary above it gave its answer away (the gates lesson's "pin f to 0 and
    only memory breaks", issue 20)."""
    if question is not None:
        _question(S, question)
    st.subheader(S["notice_heading"])
    st.markdown(S["notice"])
    if challenges is not None:
        graded.section(*challenges, lang())
    show_code(S, code)
    st.subheader(S["download_heading"])
    for column, d in zip(st.columns(len(downloads)), downloads, strict=True):
        column.download_button(S[f"download_{d.kind}"], d.data, d.file_name, MIME[d.kind], on_click="ignore",
                               key=f"download_{d.kind}")
    if "download_schema" in S:  # the files keep one English schema in both languages: say what the columns hold
        st.caption(S["download_schema"])
