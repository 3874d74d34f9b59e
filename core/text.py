"""Turn a learner's text into a next-character task: vocabulary, inputs and targets."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import torch

from core.errors import LabError

MIN_CHARS, MAX_CHARS = 2, 64  # two characters make one prediction; 64 keeps a rerun instant


@dataclass(frozen=True)
class CharTask:
    """text: the cleaned text.  vocab: characters in order of first appearance (the slide's h, e, l, o).
    inputs: (T,) indices of text[:-1].  targets: (T,) indices of text[1:].  T = len(text) - 1."""

    text: str
    vocab: tuple[str, ...]
    inputs: tuple[int, ...]
    targets: tuple[int, ...]

    @property
    def T(self) -> int:
        return len(self.inputs)

    @property
    def V(self) -> int:
        return len(self.vocab)

    def one_hot(self, dtype=torch.float64) -> torch.Tensor:
        """The inputs as one-hot rows, (T, V)."""
        x = torch.zeros(self.T, self.V, dtype=dtype)
        x[torch.arange(self.T), torch.tensor(self.inputs)] = 1.0
        return x


def make_task(text: str, max_chars: int = MAX_CHARS) -> CharTask:
    """Validate ``text`` (at most ``max_chars``) and build its task. Raises a LabError (a ValueError) with a message
    a learner can act on, in either language."""
    if not isinstance(text, str):
        raise LabError("text_not_string")
    cleaned = text.strip()
    if not cleaned:
        raise LabError("text_empty")
    for position, ch in enumerate(cleaned, start=1):
        if unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n":
            raise LabError("text_control", position=position, point=f"{ord(ch):04X}")
    if len(cleaned) < MIN_CHARS:
        raise LabError("text_one_char", text=cleaned)
    if len(cleaned) > max_chars:
        extra = len(cleaned) - max_chars
        raise LabError("text_too_long_one" if extra == 1 else "text_too_long", n=len(cleaned), max=max_chars,
                       extra=extra)
    vocab = tuple(dict.fromkeys(cleaned))
    index = {ch: i for i, ch in enumerate(vocab)}
    ids = [index[ch] for ch in cleaned]
    return CharTask(cleaned, vocab, tuple(ids[:-1]), tuple(ids[1:]))


def memory_steps(task: CharTask) -> tuple[int, ...]:
    """The steps (1-based) whose next character does not follow from the current one alone: the character read
    there is followed by different characters elsewhere in the text, so only memory can tell them apart."""
    follows: dict[int, set[int]] = {}
    for a, b in zip(task.inputs, task.targets, strict=True):
        follows.setdefault(a, set()).add(b)
    return tuple(t for t, a in enumerate(task.inputs, start=1) if len(follows[a]) > 1)
