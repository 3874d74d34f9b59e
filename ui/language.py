"""The page's language, 한국어 or English: chosen in the sidebar, kept in the address (?lang=ko), and without one,
the browser's (st.context.locale: ko* gives Korean, anything else English)."""

from __future__ import annotations

import streamlit as st

from ui.choices import choice

LANGS = ("ko", "en")
NAMES = {"ko": "한국어", "en": "English"}  # each language's name in itself
KEY = "lang"  # the session state key and the address parameter


def from_locale(locale: str | None) -> str:
    """"ko", "ko-KR", "ko_KR" give Korean; anything else (or nothing) English."""
    return "ko" if (locale or "").lower().startswith("ko") else "en"


def lang() -> str:
    """The language of this run: the switch's value once it exists, else the address, else the browser's."""
    value = st.session_state.get(KEY)
    if value in LANGS:
        return value
    asked = st.query_params.get(KEY)
    if asked in LANGS:
        return asked
    return from_locale(getattr(st.context, "locale", None))


def switch(label: str) -> str:
    """The sidebar's 한국어 | English switch. The address always carries the language (a shared link opens in it)."""
    return choice(st.radio, label, {code: NAMES[code] for code in LANGS}, KEY, default=lang(), horizontal=True,
                  always_in_address=True)
