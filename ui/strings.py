"""Every string a learner can see is data: one file per lesson and language beside the lesson
(lessons/<lesson>/text.en.toml and text.ko.toml, the same keys), and the app's own (ui/text.<lang>.toml). Each file
is read once per process."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LESSONS_DIR = ROOT / "lessons"


def _load(path: Path) -> dict:
    with open(path, "rb") as f:
        return tomllib.load(f)


@lru_cache(maxsize=32)
def strings(lesson: str, lang: str = "en") -> dict:
    """All strings of a lesson in ``lang`` ("en" or "ko"), by key."""
    return _load(LESSONS_DIR / lesson / f"text.{lang}.toml")


@lru_cache(maxsize=4)
def app_strings(lang: str = "en") -> dict:
    """The app's own strings: navigation, sidebar, progress, the skeleton's fallbacks."""
    return _load(ROOT / "ui" / f"text.{lang}.toml")
