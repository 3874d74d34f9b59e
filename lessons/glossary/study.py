"""The glossary as data (assets/glossary.toml): its terms, their links into the lab, and a filter."""

from __future__ import annotations

import tomllib
import urllib.parse
from dataclasses import dataclass
from functools import cache
from pathlib import Path

GLOSSARY = Path(__file__).resolve().parents[2] / "assets" / "glossary.toml"
FIELDS = ("key", "symbol", "ko", "en", "notes", "ko_definition", "en_definition", "link")


@dataclass(frozen=True)
class Term:
    key: str
    symbol: str
    ko: str
    en: str
    notes: tuple[tuple[str, str], ...]  # (the notes' word, the note's number)
    ko_definition: str
    en_definition: str
    link: str  # a page's address and its settings: "gates?cell=LSTM"

    def name(self, lang: str) -> str:
        return self.ko if lang == "ko" else self.en

    def other(self, lang: str) -> str:
        return self.en if lang == "ko" else self.ko

    def definition(self, lang: str) -> str:
        return self.ko_definition if lang == "ko" else self.en_definition

    @property
    def page(self) -> str:
        """The page's address, e.g. "gates"."""
        return self.link.split("?", 1)[0]

    @property
    def settings(self) -> dict[str, str]:
        """The settings the link opens the page with, e.g. {"cell": "LSTM"}."""
        return dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.link).query))

    def matches(self, query: str) -> bool:
        text = " ".join([self.symbol, self.ko, self.en, *(word for word, _ in self.notes)]).lower()
        return query.strip().lower() in text


@cache
def glossary() -> tuple[tuple[Term, ...], dict[str, dict[str, str]]]:
    """The terms in the file's order, and the lecture notes they cite (number -> file and title)."""
    with open(GLOSSARY, "rb") as f:
        data = tomllib.load(f)
    terms = tuple(Term(**{k: row[k] for k in FIELDS if k != "notes"},
                       notes=tuple((n["term"], n["source"]) for n in row["notes"])) for row in data["term"])
    return terms, data["sources"]
