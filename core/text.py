"""Turn a learner's text into a next-character task: vocabulary, inputs and targets."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import torch

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
    """Validate ``text`` (at most ``max_chars``) and build its task. Raises ValueError with a message a
    learner can act on."""
    if not isinstance(text, str):
        raise ValueError("The text must be a string of characters.")
    cleaned = text.strip()
    if not cleaned:
        raise ValueError("The text is empty or only spaces. Type a word or phrase, for example: hello")
    for position, ch in enumerate(cleaned, start=1):
        if unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n":
            raise ValueError(f"Character {position} is an invisible control character (U+{ord(ch):04X}). "
                             "Remove it and try again.")
    if len(cleaned) < MIN_CHARS:
        raise ValueError(f"'{cleaned}' is one character; the model learns to predict each next character, "
                         "so type at least two.")
    if len(cleaned) > max_chars:
        extra = len(cleaned) - max_chars
        raise ValueError(f"The text is {len(cleaned)} characters long; this lesson takes at most {max_chars}. "
                         f"Remove {extra} character{'s' if extra > 1 else ''}.")
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
