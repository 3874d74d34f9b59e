"""Tokenising the notes' way (note 001): a sentence -> tokens -> ids -> one-hot vectors, at the word level and at
the character level. Ids are given in the order the tokens first appear, so the notes' 저는 강사 입니다 gives
저는 [1,0,0], 강사 [0,1,0], 입니다 [0,0,1]."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

from core.errors import LabError
from core.limits import Limit, in_range

NOTES_SENTENCE = "저는 강사 입니다"  # note 001: 저는[1,0,0] 강사[0,1,0] 입니다[0,0,1]
MAX_CHARS = 64  # a learner's sentence
MAX_WORDS = 12  # and its words (the cell below unrolls one step per word)
LEVELS = ("word", "char")
LABEL_CHARS = 10  # a token on a chart's axis, at most this many characters (a long word would crowd the axis)


@dataclass(frozen=True)
class Tokens:
    """tokens: t = 1..T is tokens[t - 1].  vocab: each distinct token once, in order of first appearance; a
    token's id is its position there."""

    level: str  # "word" or "char"
    tokens: tuple[str, ...]
    vocab: tuple[str, ...]

    @property
    def ids(self) -> tuple[int, ...]:
        return tuple(self.vocab.index(token) for token in self.tokens)

    @property
    def one_hot(self) -> np.ndarray:
        """(T, V) row t - 1 is x_t: 1 at the token's id, 0 elsewhere."""
        return np.eye(len(self.vocab))[list(self.ids)]

    @property
    def T(self) -> int:
        return len(self.tokens)

    @property
    def V(self) -> int:
        return len(self.vocab)


def cleaned(text: str) -> str:
    """The sentence as both levels read it: runs of spaces, tabs and line breaks as one space. Raises a LabError
    (in the page's language) for an empty or too long sentence or an invisible control character."""
    if not isinstance(text, str):
        raise LabError("text_not_string")
    text = " ".join(text.split())
    if not text:
        raise LabError("text_empty")
    for position, ch in enumerate(text, start=1):
        if unicodedata.category(ch) in ("Cc", "Cs"):
            raise LabError("text_control", position=position, point=f"{ord(ch):04X}")
    if len(text) > MAX_CHARS:
        extra = len(text) - MAX_CHARS
        raise LabError("text_too_long_one" if extra == 1 else "text_too_long", n=len(text), max=MAX_CHARS,
                       extra=extra)
    return text


def tokenise(text: str, level: str) -> Tokens:
    """Word level: split at spaces. Character level: every character, spaces included (a character model has to
    learn where words end too). Raises a LabError for a sentence it cannot read (``cleaned``) or too many words."""
    text = cleaned(text)
    tokens = tuple(text.split(" ")) if level == "word" else tuple(text)
    if level == "word":
        in_range(len(tokens), Limit("sequence_length", 1, MAX_WORDS))
    return Tokens(level, tokens, tuple(dict.fromkeys(tokens)))


def both(text: str) -> dict[str, Tokens]:
    return {level: tokenise(text, level) for level in LEVELS}


def shown(token: str) -> str:
    """A token as an axis label shows it: cut to LABEL_CHARS characters, with "…" when cut."""
    return token if len(token) <= LABEL_CHARS else token[:LABEL_CHARS] + "…"
