"""Challenges graded live (issue 20): a goal the learner reaches by changing a lesson's settings. The check reads the
live result the page has just computed (the trained model, the measured gradient), never a stored answer, and says
the measured number and why it came out that way. A challenge met once stays done for the session: the learner may
go on moving things, and the lesson's heading keeps counting it.

A lesson's strings name each challenge's goal (``challenge_<key>``, Markdown); its check builds the measured sentence
and the explanation from the same strings. ``start`` is the address that opens the challenge's starting point."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

import streamlit as st

from ui.registry import LESSONS
from ui.strings import app_strings

DONE = "challenges_done"  # session state: the keys of the challenges met in this session


@dataclass(frozen=True)
class Verdict:
    met: bool
    measured: str  # Markdown: the live number, e.g. "The gradient falls below 1e-03 after 31 steps."
    why: str  # Markdown: why the result came out as it did


@dataclass(frozen=True)
class Challenge:
    key: str  # unique in the lab and plain (a widget key is built from it): "hello_memory"
    goal: str  # Markdown
    check: Callable[[], Verdict]  # reads the live result; called on every run of the page
    start: Mapping[str, str] = field(default_factory=dict)  # the address settings of the starting point


def done() -> set[str]:
    """The challenges met in this session (on any page)."""
    return st.session_state.setdefault(DONE, set())


def graded(challenges: Sequence[Challenge]) -> list[tuple[Challenge, Verdict]]:
    """Every check run once; a met challenge is recorded as done for the session."""
    out = [(c, c.check()) for c in challenges]
    done().update(c.key for c, v in out if v.met)
    return out


def typed(current, value: str):
    """An address value as the widget holding ``current`` takes it (a slider's int or float, a toggle's bool)."""
    if isinstance(current, bool):
        return value.lower() in ("1", "true")
    if isinstance(current, int | float):
        return type(current)(float(value)) if isinstance(current, float) else int(float(value))
    if current is None:
        for kind in (int, float):
            try:
                return kind(value)
            except ValueError:
                pass
    return value


def start_from(settings: Mapping[str, str]) -> None:
    """The start button's callback: every widget named in the settings takes its value, before the page reruns; the
    widgets bound to the address then write it there (a page link to the page itself would not: Streamlit keeps
    the widgets' values when a page links to itself)."""
    for key, value in settings.items():
        st.session_state[key] = typed(st.session_state.get(key), value)


def section(lesson: str, challenges: Sequence[Challenge], lang: str) -> None:
    """The lesson's challenges: a heading that counts the done ones, then each goal with its live verdict and a link
    to its starting point (``lesson``: the lesson's folder, lessons/<lesson>/)."""
    A = app_strings(lang)
    results = graded(challenges)
    finished = done()
    count = sum(c.key in finished for c in challenges)
    st.subheader(A["challenges_heading"].format(done=count, total=len(challenges)))
    st.caption(A["challenges_intro"])
    address = next(page.url_path for page in LESSONS if page.key == lesson)
    for c, v in results:
        with st.container(border=True, key=f"challenge_{c.key}"):
            mark = "✅" if v.met else "☑️" if c.key in finished else "⬜"
            st.markdown(f"{mark} {c.goal}")
            # a badge in Markdown, not st.success/st.warning: a "not yet" is no warning about the page
            if v.met:
                st.markdown(f":green-badge[:material/check_circle: {A['challenge_met']}] {v.measured}")
            elif c.key in finished:
                st.markdown(f":blue-badge[:material/history: {A['challenge_met_before']}] "
                            + A["challenge_now"].format(measured=v.measured))
            else:
                st.markdown(f":orange-badge[:material/pending: {A['challenge_not_yet']}] {v.measured}")
            st.caption(v.why)
            left, right = st.columns(2)
            left.button(A["challenge_start"], key=f"start_{c.key}", on_click=start_from, args=(c.start,),
                        icon=":material/restart_alt:", help=A["challenge_start_help"])
            right.link_button(A["challenge_link"], f"{address}?{urlencode({**c.start, 'lang': lang})}",
                              icon=":material/open_in_new:", help=A["challenge_link_help"])
