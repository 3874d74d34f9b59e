"""For the teacher (issue 20): each lesson's moments worth putting on a projector, as links that open the view in
the teacher's mode (?present=1: larger type; ?hide=: the controls the class does not need), each with one question
to ask the class. The views are the lessons' own, computed live when the link opens."""

import streamlit as st

from ui.language import lang
from ui.registry import LESSONS, title
from ui.strings import strings

language = lang()
S = strings("teacher", language)
PAGES = {lesson.url_path: lesson for lesson in LESSONS}

st.title(f"{S['icon']} {S['title']}")
st.markdown(S["intro"])
st.caption(S["how"])
for view in S["views"]:
    lesson = PAGES[view["page"]]
    settings = dict(pair.split("=", 1) for pair in view["query"].split("&")) if view["query"] else {}
    with st.container(border=True):
        st.page_link(lesson.path, label=f"{title(lesson, language)} · {view['label']}", icon=":material/co_present:",
                     query_params={**settings, "present": "1", "lang": language})
        st.markdown(f"**{S['ask']}** {view['ask']}")
