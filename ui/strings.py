"""Lesson prose and UI strings, kept as data beside each lesson: lessons/<lesson>/text.en.toml."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

LESSONS_DIR = Path(__file__).resolve().parent.parent / "lessons"


@lru_cache(maxsize=16)
def strings(lesson: str) -> dict[str, str]:
    """All strings of a lesson, by key."""
    with open(LESSONS_DIR / lesson / "text.en.toml", "rb") as f:
        return tomllib.load(f)
