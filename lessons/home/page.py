"""The landing page: what the lab is, and a map of the lessons that exist."""

import streamlit as st

from ui.language import lang
from ui.registry import GLOSSARY, LESSONS, icon, summary, title
from ui.strings import strings

language = lang()
S = strings("home", language)
st.title(S["title"])
st.markdown(f"**{S['tagline']}**")
st.markdown(S["intro"])
st.subheader(S["map_heading"])
st.caption(S["map_intro"])
for number, lesson in enumerate(LESSONS, start=1):
    with st.container(border=True):
        st.page_link(lesson.path, label=f"{number}. {title(lesson, language)}", icon=icon(lesson),
                     query_params={"lang": language})
        st.markdown(summary(lesson, language))
st.page_link(GLOSSARY.path, label=title(GLOSSARY, language), icon=icon(GLOSSARY), query_params={"lang": language})
st.caption(S["glossary"])
st.info(S["share"], icon=":material/link:")
