"""Messages a learner can act on, in both languages. Core raises ``LabError(code, **values)``; each code's text is
data, in core/messages.en.toml and core/messages.ko.toml (the same keys and placeholders), and a page shows it in its
own language with ``error.text(lang)``. ``str(error)`` is the English text, for logs and tests.

Only what a learner can cause from a page is a LabError (a text that is too long, a setting out of range); a
wrongly shaped tensor is a programming error and stays a plain English ValueError."""

from __future__ import annotations

import tomllib
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


@cache
def messages(lang: str) -> dict:
    with open(HERE / f"messages.{lang}.toml", "rb") as f:
        return tomllib.load(f)


def _shown(value, lang: str):
    """A value as the message shows it: a setting's name in the page's language, anything else as it is."""
    return messages(lang)["names"][value.code] if isinstance(value, Name) else value


class Name(str):
    """A setting's name: a key of the messages' [names] table (e.g. "hidden_size"), shown in the page's language."""

    @property
    def code(self) -> str:
        return str(self)


class LabError(ValueError):
    """A ValueError whose message is a key of [errors] and values, written out in either language."""

    def __init__(self, message: str, **values):
        self.code, self.values = message, values
        super().__init__(self.text("en"))

    def text(self, lang: str) -> str:
        shown = {key: _shown(value, lang) for key, value in self.values.items()}
        return messages(lang)["errors"][self.code].format(**shown)


def explain(error: Exception, lang: str) -> str:
    """What to tell the learner: a LabError in the page's language, anything else as it is."""
    return error.text(lang) if isinstance(error, LabError) else str(error)
