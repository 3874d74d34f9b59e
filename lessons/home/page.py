"""The landing page: the lab's headline measured live (headline.py), a map of the lessons, and what the lab is."""

import streamlit as st

from lessons.home.headline import headline
from ui.language import lang
from ui.registry import GLOSSARY, LESSONS, icon, summary, title
from ui.strings import strings

language = lang()
S = strings("home", language)
st.title(S["title"])
st.markdown(f"**{S['tagline']}**")
headline(S, language)
st.subheader(S["map_heading"])
st.caption(S["map_intro"])
for number, lesson in enumerate(LESSONS, start=1):
    with st.container(border=True):
        st.page_link(lesson.path, label=f"{number}. {title(lesson, language)}", icon=icon(lesson),
                     query_params={"lang": language})
        st.markdown(summary(lesson, language))
st.page_link(GLOSSARY.path, label=title(GLOSSARY, language), icon=icon(GLOSSARY), query_params={"lang": language})
st.caption(S["glossary"])
st.markdown(S["intro"])
st.info(S["share"], icon=":material/link:")
