"""The landing page: what the lab is, and a map of the lessons that exist."""

import streamlit as st

from ui.registry import LESSONS, icon, summary, title
from ui.strings import strings

S = strings("home")
st.title(S["title"])
st.markdown(f"**{S['tagline']}**")
st.markdown(S["intro"])
st.subheader(S["map_heading"])
st.caption(S["map_intro"])
for number, lesson in enumerate(LESSONS, start=1):
    with st.container(border=True):
        st.page_link(lesson.path, label=f"{number}. {title(lesson)}", icon=icon(lesson))
        st.markdown(summary(lesson))
st.info(S["share"], icon=":material/link:")
