"""The lessons that exist, in teaching order. A new lesson adds one line here and its own TOML.

The scripts live in lessons/, not pages/: a pages/ folder makes Streamlit 1.67 start in its legacy multipage
mode, which runs a deep-linked page (say /hello?cell=LSTM on a fresh server) without app.py."""

from __future__ import annotations

from dataclasses import dataclass

from ui.strings import strings


@dataclass(frozen=True)
class Lesson:
    key: str  # assets/lessons/<key>.toml holds its text
    path: str  # the page script
    url_path: str  # the address, e.g. /hello


LESSONS = (Lesson("hello", "lessons/hello.py", "hello"),
           Lesson("vanishing", "lessons/vanishing.py", "vanishing"),
           Lesson("gates", "lessons/gates.py", "gates"),
           Lesson("translate", "lessons/translate.py", "translate"),
           Lesson("selfattn", "lessons/selfattn.py", "self-attention"),
           Lesson("shapes", "lessons/shapes.py", "shapes"))


def title(lesson: Lesson) -> str:
    return strings(lesson.key)["title"]


def icon(lesson: Lesson) -> str:
    return strings(lesson.key)["icon"]


def summary(lesson: Lesson) -> str:
    return strings(lesson.key)["summary"]
