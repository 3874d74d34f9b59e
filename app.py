"""Vanishing Point: page set-up, navigation over the lessons and the shared sidebar."""

import streamlit as st
import torch

from ui.registry import LESSONS, icon, title

torch.set_num_threads(1)  # tiny models: one thread is faster, and fairer when many learners share the server
st.set_page_config(page_title="Vanishing Point", page_icon=":material/blur_circular:", layout="wide")

home = st.Page("lessons/home.py", title="Start here", icon=":material/home:", url_path="home", default=True)
lessons = [st.Page(lesson.path, title=title(lesson), icon=icon(lesson), url_path=lesson.url_path)
           for lesson in LESSONS]
page = st.navigation({"Vanishing Point": [home], "Lessons": lessons})

with st.sidebar:
    st.caption("Every number in this lab is computed live by a real model trained in your session. "
               "Settings live in the page address: copy it to share exactly what you see.")

page.run()
