"""RNN shapes lesson: the table of which lesson uses which shape, each lesson a link to its page."""

import streamlit as st

from ui.registry import LESSONS, icon, title
from viz.shapes import shape_names

WIDTHS = [2, 3, 3]  # shape, in this lab, example


def table_section(S: dict, lang: str) -> None:
    """Each row: the shape's name, links to the lessons that use it (labelled with their own titles) and where,
    an example."""
    st.subheader(S["table_heading"])
    names = shape_names(lang)
    registered = {lesson.key: lesson for lesson in LESSONS}
    for column, name in zip(st.columns(WIDTHS), S["table_columns"], strict=True):
        column.markdown(f"**{name}**")
    for row in S["rows"]:
        shape, where, example = st.columns(WIDTHS, vertical_alignment="center")
        shape.markdown(names[row["kind"]])
        with where:
            for key in row["lessons"]:
                if key in registered:
                    lesson = registered[key]
                    st.page_link(lesson.path, label=title(lesson, lang), icon=icon(lesson))
                else:
                    st.markdown(S["missing_lesson"].get(key, key))
            st.caption(row["where"])
        example.markdown(row["example"])
