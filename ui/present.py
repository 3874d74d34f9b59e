"""A teacher's view (issue 20): ``?present=1`` draws the page in larger type for a projector, and ``?hide=cell,hidden``
hides the controls with those widget keys (TensorFlow Playground's convention: the address says what the class does
not need to see). A hidden control keeps its value, so a link can set a view and hide the knobs that made it.

Streamlit 1.67 gives every keyed widget's box the class ``st-key-<key>``; the hiding is one CSS rule per key. Keys
come from the address, so only plain keys (letters, digits, _ and -, at most 40 characters, at most 30 of them)
reach the rule; anything else is dropped.

Every page also gets the constant rules of ui/page.css (issue 20: equations and links on a phone, in either theme)
in the same <style>: a file of the repository, read once, with nothing from a learner or the address in it."""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

PLAIN = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")
MAX_HIDDEN = 30
LARGER = 1.3  # the type's scale on a projector
PAGE_CSS = (Path(__file__).resolve().parent / "page.css").read_text(encoding="utf-8")


def hidden_keys(value: str | None) -> list[str]:
    """The plain widget keys in ``?hide=`` (comma-separated), in order, without repeats."""
    keys = [k.strip() for k in (value or "").split(",")]
    return list(dict.fromkeys(k for k in keys if PLAIN.match(k)))[:MAX_HIDDEN]


def presenting() -> bool:
    return st.query_params.get("present") == "1"


def style(present: bool, hide: list[str]) -> str:
    """The page's extra CSS: larger type when presenting, and the hidden controls."""
    rules = [f".st-key-{key} {{ display: none !important; }}" for key in hide]
    if present:
        rules.append(f"[data-testid=stMain] {{ zoom: {LARGER}; }}")
    return "\n".join(rules)


def apply() -> None:
    """Called once per run by app.py: the page's constant CSS, and the teacher's view when the address asks for
    it. A <style> alone takes no room on the page (Streamlit puts it in its event container)."""
    css = style(presenting(), hidden_keys(st.query_params.get("hide")))
    st.html(f"<style>\n{PAGE_CSS}\n{css}\n</style>")
