"""Widgets shared by lessons."""

from __future__ import annotations

import inspect
from functools import lru_cache

import streamlit as st


def step_slider(label: str, key: str, T: int, default: int) -> int:
    """A time-step slider 1..T bound to the URL; a value left over from a longer text is pulled back in range.
    With a single step there is nothing to slide, and the answer is 1."""
    if T < 2:
        return 1
    if key in st.session_state:  # a value left over: pull it in range, and pass no default (Streamlit warns)
        st.session_state[key] = min(st.session_state[key], T)
        return st.slider(label, 1, T, key=key, bind="query-params")
    return st.slider(label, 1, T, min(default, T), key=key, bind="query-params")


@lru_cache(maxsize=32)
def _source(obj) -> str:
    """The real source of a function or class (cached: reading it costs ~3 ms a rerun)."""
    return inspect.getsource(obj)


def show_code(S: dict, objects) -> None:
    """The lesson's "Show the code" expander: the real source of ``objects`` (read from the modules, not a copy).
    The code is sent only while the expander is open (opening it reruns the page): closed, it cost every rerun
    a few kB of source to hash and send."""
    box = st.expander(S["code_heading"], key="show_code", on_change="rerun")
    if box.open:
        with box:
            st.caption(S["code_intro"])
            for obj in objects:
                st.code(_source(obj), language="python")
