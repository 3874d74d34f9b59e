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
    """All strings of a lesson in ``lang`` ("en" or "ko"), by key: text.<lang>.toml, and a big lesson's further
    text_<part>.<lang>.toml files beside it (one per group of sections; no key may appear in two)."""
    out = _load(LESSONS_DIR / lesson / f"text.{lang}.toml")
    for part in sorted((LESSONS_DIR / lesson).glob(f"text_*.{lang}.toml")):
        more = _load(part)
        clash = set(out) & set(more)
        if clash:
            raise ValueError(f"{part.name} repeats keys of the lesson's other text files: {sorted(clash)[:5]}")
        out |= more
    return out


@lru_cache(maxsize=4)
def app_strings(lang: str = "en") -> dict:
    """The app's own strings: navigation, sidebar, progress, the skeleton's fallbacks."""
    return _load(ROOT / "ui" / f"text.{lang}.toml")
