"""The words on the charts (titles, axis titles, legends, hover text, notes), in the chart's language: one file per
viz module and language, viz/text/<module>.<lang>.toml, with the same keys and placeholders. A chart function takes
``lang`` like any other argument, so a chart cached by its arguments (ui.store.shared) is cached per language."""

from __future__ import annotations

import tomllib
from functools import lru_cache
from pathlib import Path

TEXT = Path(__file__).resolve().parent / "text"


@lru_cache(maxsize=64)
def words(module: str, lang: str = "en") -> dict:
    """The strings of viz/<module>.py in ``lang`` ("en" or "ko")."""
    with open(TEXT / f"{module}.{lang}.toml", "rb") as f:
        return tomllib.load(f)
