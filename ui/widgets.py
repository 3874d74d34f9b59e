"""Widgets shared by lessons."""

from __future__ import annotations

import streamlit as st


def step_slider(label: str, key: str, T: int, default: int) -> int:
    """A time-step slider 1..T bound to the URL; a value left over from a longer text is pulled back in range.
    With a single step there is nothing to slide, and the answer is 1."""
    if T < 2:
        return 1
    if st.session_state.get(key, default) > T:
        st.session_state[key] = T
    return st.slider(label, 1, T, min(default, T), key=key, bind="query-params")
