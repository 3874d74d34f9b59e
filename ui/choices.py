"""Widgets whose options are keys and whose labels come from the strings, with the key in the address.

Streamlit's ``bind="query-params"`` writes an option's *label* into the address. With two languages that would put
Korean words into a Korean learner's link, and an English link would not open the Korean page on the same view. So
an option widget whose labels are translated keeps its own address parameter: on the session's first run it starts
from ``?<key>=<option key>`` (an old link's English label works too, through ``aliases``), and from then on the
address follows the widget. Address values never depend on the language, and code never branches on display text."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st


def choice(widget: Callable, label: str, options: dict[str, str], key: str, default: str | None = None, *,
           aliases: dict[str, str] | None = None, always_in_address: bool = False, **kwargs):
    """``widget`` (st.radio, st.selectbox or st.select_slider, or a column's) over the keys of ``options``, each
    shown as its label. The address carries the chosen key, left out when it is the default unless
    ``always_in_address``. Returns the chosen key."""
    keys = list(options)
    default = keys[0] if default is None else default
    if default not in options:
        raise ValueError(f"the default {default!r} is not one of the options {keys}")
    if key not in st.session_state:  # the session's first run on this page: start from the address
        asked = st.query_params.get(key)
        asked = (aliases or {}).get(asked, asked)
        st.session_state[key] = asked if asked in options else default
    value = widget(label, keys, format_func=options.__getitem__, key=key, **kwargs)
    if value == default and not always_in_address:
        if key in st.query_params:
            del st.query_params[key]
    elif st.query_params.get(key) != value:
        st.query_params[key] = value
    return value


def legacy(english: dict[str, str]) -> dict[str, str]:
    """English label -> key: the address values links carried before the labels were translated."""
    return {label: key for key, label in english.items()}
