"""A learner's sentence for the lessons that read words of the toy grammar's vocabulary: split it, and stop the
page with a message that says what to change if it is empty, has unknown words or is too long."""

from __future__ import annotations

import streamlit as st

from core.grammar import unknown_words, words_of


def checked_words(text: str, S: dict, max_words: int) -> list[str]:
    """The words of ``text``; otherwise a message from the lesson's strings (empty, unknown with unknown_close /
    unknown_none, too_long) and st.stop(). Words reach Markdown only inside code spans, and words_of keeps only
    letters, digits and underscores, so nothing a learner types is read as Markdown or HTML."""
    words = words_of(text)
    unknown = unknown_words(words)
    if not words:
        st.warning(S["empty"], icon=":material/edit:")
        st.stop()
    if unknown:
        lines = [S["unknown_close"].format(word=w, close=", ".join(f"`{c}`" for c in close)) if close
                 else S["unknown_none"].format(word=w) for w, close in unknown.items()]
        st.error(S["unknown"] + "\n" + "\n".join(f"- {line}" for line in lines), icon=":material/error:")
        st.stop()
    if len(words) > max_words:
        st.error(S["too_long"].format(n=len(words), max=max_words), icon=":material/error:")
        st.stop()
    return words
