"""The lecture map as data (assets/lecture.toml): every point of the five lecture notes, in the notes' order, with
its line in both languages, its status in the lab, and the link that opens its view. The notes' titles come from the
glossary's list of sources (assets/glossary.toml), so the two pages name the notes alike."""

from __future__ import annotations

import tomllib
import urllib.parse
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

ASSETS = Path(__file__).resolve().parents[2] / "assets"
LECTURE = ASSETS / "lecture.toml"
GLOSSARY = ASSETS / "glossary.toml"
STATUSES = ("live", "prose", "partial", "missing")  # the map's order: computed live first
KINDS = ("T", "I")  # a teaching point, an incidental remark
ALL = "all"  # the filters' "no filter" option


@dataclass(frozen=True)
class Section:
    note: str  # "001"
    part: int  # note 001's outline: 1 (RNN) to 6 (self-attention), 0 for its table of contents; 0 in other notes
    words: str  # the heading in the note's own words
    en: str
    ko: str

    def heading(self, lang: str) -> str:
        """The note's words, and the heading in ``lang`` beside them when it says something else."""
        gloss = self.ko if lang == "ko" else self.en
        return self.words if gloss == self.words else f"{self.words} · {gloss}"


@dataclass(frozen=True)
class Point:
    id: str  # "001-16", the number in ../shared/lecture-points.md
    note: str
    section: str  # its section's `words`
    kind: str  # "T" or "I"
    status: str  # one of STATUSES
    link: str  # a page's address, its settings and the anchor of a section's heading: "hello?wx=4#input-terms"
    en: str
    ko: str

    def line(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en

    @property
    def page(self) -> str:
        """The page's address, e.g. "hello"."""
        return urllib.parse.urlsplit(self.link).path

    @property
    def settings(self) -> dict[str, str]:
        """The settings the link opens the page with, e.g. {"wx": "4"}."""
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.link).query))

    @property
    def anchor(self) -> str:
        """The anchor of the section's heading on the page, e.g. "input-terms" ("" for the top of the page)."""
        return urllib.parse.urlsplit(self.link).fragment

    def address(self, lang: str) -> str:
        """The link as an address relative to the map's own, with the language: "hello?wx=4&lang=ko#input-terms"."""
        query = urllib.parse.urlencode({**self.settings, "lang": lang})
        return f"{self.page}?{query}" + (f"#{self.anchor}" if self.anchor else "")


@dataclass(frozen=True)
class Lecture:
    order: tuple[str, ...]  # the notes, in the map's order
    outline: tuple[str, ...]  # note 001's parts, in its own words
    titles: dict  # note -> {"en": ..., "ko": ...}
    sections: tuple[Section, ...]
    points: tuple[Point, ...]

    def title(self, note: str, lang: str) -> str:
        return self.titles[note][lang]

    def sections_of(self, note: str, part: int | None = None) -> tuple[Section, ...]:
        return tuple(s for s in self.sections if s.note == note and (part is None or s.part == part))

    def points_in(self, section: Section, shown: tuple[Point, ...]) -> tuple[Point, ...]:
        return tuple(p for p in shown if p.note == section.note and p.section == section.words)

    def counts(self, kind: str = "T") -> dict[str, int]:
        """How many points of ``kind`` have each status."""
        counted = Counter(p.status for p in self.points if p.kind == kind)
        return {status: counted[status] for status in STATUSES}

    def shown(self, note: str = ALL, status: str = ALL) -> tuple[Point, ...]:
        """The points the filters let through, in the map's order."""
        return tuple(p for p in self.points if note in (ALL, p.note) and status in (ALL, p.status))


def _load(path: Path) -> dict:
    with open(path, "rb") as f:
        return tomllib.load(f)


def in_order(data: dict, sections: tuple[Section, ...]) -> tuple[Point, ...]:
    """The points in the map's order: by note, then by section as the note has them, then by id."""
    rank = {(s.note, s.words): i for i, s in enumerate(sections)}
    notes = {note: i for i, note in enumerate(data["order"])}
    points = [Point(**row) for row in data["point"]]
    return tuple(sorted(points, key=lambda p: (notes[p.note], rank[p.note, p.section], p.id)))


@cache
def lecture() -> Lecture:
    data = _load(LECTURE)
    sections = tuple(Section(part=row.get("part", 0), **{k: v for k, v in row.items() if k != "part"})
                     for row in data["section"])
    notes = {note: i for i, note in enumerate(data["order"])}
    sections = tuple(sorted(sections, key=lambda s: notes[s.note]))  # stable: each note's own order is kept
    titles = {number: {"en": src["en"], "ko": src["ko"]} for number, src in _load(GLOSSARY)["sources"].items()}
    return Lecture(tuple(data["order"]), tuple(data["outline"]), titles, sections, in_order(data, sections))
