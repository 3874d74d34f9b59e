"""The lessons that exist, in teaching order. A new lesson is one folder, lessons/<key>/ (page.py, its sections,
study.py, text.en.toml), and one line here.

The scripts live in lessons/, not pages/: a pages/ folder makes Streamlit 1.67 start in its legacy multipage
mode, which runs a deep-linked page (say /hello?cell=LSTM on a fresh server) without app.py."""

from __future__ import annotations

from dataclasses import dataclass

from ui.strings import strings


@dataclass(frozen=True)
class Lesson:
    key: str  # the folder: lessons/<key>/
    url_path: str  # the address, e.g. /hello

    @property
    def path(self) -> str:
        """The page script st.Page runs."""
        return f"lessons/{self.key}/page.py"


HOME = Lesson("home", "home")
GLOSSARY = Lesson("glossary", "glossary")  # 용어집: every term of the notes and where it is computed live
LECTURE = Lesson("lecture", "lecture")  # 강의 지도: every point of the notes, in their order, linked to its view
TEACHER = Lesson("teacher", "teacher")  # 교사용: the views worth a projector, each with a question for the class
LESSONS = (Lesson("sequences", "sequences"),  # the lecture's opening: why recurrence, tokens, the cell unrolled
           Lesson("hello", "hello"),
           Lesson("vanishing", "vanishing"),
           Lesson("gates", "gates"),
           Lesson("translate", "translate"),
           Lesson("selfattn", "self-attention"))


@dataclass(frozen=True)
class Moved:
    """An old address kept working: a hidden page (st.Page(..., visibility="hidden")) at ``url_path`` whose script
    switches to where the view lives now, with the same settings."""

    url_path: str  # the old address, e.g. /shapes
    path: str  # the script st.Page runs


MOVED = (Moved("shapes", "lessons/sequences/shapes_moved.py"),)  # the shapes page is section 4 of "sequences" now


def title(lesson: Lesson, lang: str = "en") -> str:
    return strings(lesson.key, lang)["title"]


def nav_title(lesson: Lesson, lang: str = "en") -> str:
    """The name in the sidebar: the title, or a shorter ``nav_title`` where the title would be cut off there."""
    text = strings(lesson.key, lang)
    return text.get("nav_title", text["title"])


def icon(lesson: Lesson) -> str:
    return strings(lesson.key)["icon"]


def summary(lesson: Lesson, lang: str = "en") -> str:
    return strings(lesson.key, lang)["summary"]
