"""One style for the places where a lecture note says something the live model measures differently: what the note
says (and which note), then the number that shows it. The words are the lesson's, in the page's language."""

from __future__ import annotations

import streamlit as st

from ui.strings import app_strings


def notes_say(note: str, said: str, measured: str, lang: str) -> None:
    """A callout: "The notes say, precisely (note 000): <said>" and under it what the model measures, <measured>.
    ``note`` is the note's number ("000"-"004", as in ../shared/lecture-notes/); ``said`` and ``measured`` are
    Markdown from the lesson's strings with the live numbers already filled in."""
    U = app_strings(lang)
    st.info(f"**{U['notes_say'].format(note=note)}** {said}\n\n{measured}", icon=":material/fact_check:")
