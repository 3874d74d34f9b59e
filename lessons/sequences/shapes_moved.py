"""The old shapes page's address, /shapes (links, bookmarks, the glossary and the lecture map pointed there): its view
is now section 4 of "Sequences and recurrence". This hidden page (ui.registry.MOVED, st.Page(..., visibility="hidden"))
switches there at once with the same settings: /shapes?T=6&lang=ko opens /sequences?shapes_T=6&lang=ko."""

import streamlit as st

from lessons.sequences.shapes import KEY
from ui.registry import LESSONS

RENAMED = {"T": KEY}  # the old page's address parameters -> the lesson's (the rest, e.g. lang, are kept as they are)

target = next(lesson for lesson in LESSONS if lesson.key == "sequences")
st.switch_page(target.path, query_params={RENAMED.get(k, k): v for k, v in st.query_params.to_dict().items()})
