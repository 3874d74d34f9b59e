"""Vanishing Point: page set-up in the learner's language, navigation over the lessons and the shared sidebar.

pandas is imported before anything else because Plotly checks ``sys.modules`` for it without taking the import
lock: while one session's thread was importing pandas (the shapes page's table), another session building a figure
saw a half-imported module and failed (measured: 32 of 82 first loads with 50 learners arriving at once,
benchmarks/load.py). Importing it here makes every session wait until the import is complete."""

from pathlib import Path

import pandas  # noqa: F401  (first, in every session: see below)
import streamlit as st
import torch

from ui import batching, charts, failover, language, present
from ui.nodelay import no_delay
from ui.registry import GLOSSARY, HOME, LECTURE, LESSONS, MOVED, TEACHER, icon, nav_title, title
from ui.store import shared
from ui.strings import app_strings


@shared(1)
def _sockets_without_nagle() -> int:
    """Once per server: Streamlit's sockets send small writes at once (ui/nodelay.py: 48 -> 9 ms a rerun)."""
    return no_delay()


_sockets_without_nagle()
batching.install()  # one event-loop wake-up for all of a run's waiting messages (ui/batching.py)
failover.install()  # after a replica's death, the learner's next slider move runs the whole page (ui/failover.py)
charts.install()  # every chart gets an alt text built from its data, in the page's language (ui/charts.py)
torch.set_num_threads(1)  # tiny models: one thread is faster, and fairer when many learners share the server
lang = language.lang()  # the address's ?lang=, else the switch's value, else the browser's
U = app_strings(lang)
# The tab icon is an SVG file, which Streamlit sends inline as a data: URI: no request at all, on any replica. A
# ":material/...:" icon here made every page load fetch an SVG from fonts.gstatic.com (tests/test_offline.py).
st.set_page_config(page_title=U["tab_title"], page_icon=Path(__file__).parent / "assets" / "icon.svg", layout="wide")

home = st.Page(HOME.path, title=U["nav_home"], icon=":material/home:", url_path=HOME.url_path, default=True)
lessons = [st.Page(lesson.path, title=nav_title(lesson, lang), icon=icon(lesson), url_path=lesson.url_path)
           for lesson in LESSONS]
glossary = st.Page(GLOSSARY.path, title=title(GLOSSARY, lang), icon=icon(GLOSSARY), url_path=GLOSSARY.url_path)
lecture = st.Page(LECTURE.path, title=title(LECTURE, lang), icon=icon(LECTURE), url_path=LECTURE.url_path)
teacher = st.Page(TEACHER.path, title=title(TEACHER, lang), icon=icon(TEACHER), url_path=TEACHER.url_path)
moved = [st.Page(m.path, url_path=m.url_path, visibility="hidden") for m in MOVED]  # old addresses still open
page = st.navigation({U["nav_lab"]: [home, lecture, glossary, teacher], U["nav_lessons"]: lessons + moved})

with st.sidebar:
    language.switch(U["language"])
    st.caption(U["sidebar"])

present.apply()  # ui/page.css; ?present=1: larger type; ?hide=cell,hidden: those controls hidden (ui/present.py)
page.run()
