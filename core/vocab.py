"""The translators' vocabularies: English source words, Korean target words with <pad>, <s> and </s>, and the
conversions between words and ids that every translator (recurrent or Transformer) shares."""

from __future__ import annotations

import torch

from core.grammar import ENGLISH, KOREAN, MAX_LENGTH, unknown_words

PAD, BOS, EOS = "<pad>", "<s>", "</s>"
TARGET = [PAD, BOS, EOS] + KOREAN
SOURCE_ID = {w: k for k, w in enumerate(ENGLISH)}
TARGET_ID = {w: k for k, w in enumerate(TARGET)}


def ids(words: list[str]) -> torch.Tensor:
    """One English sentence as a (1, T) batch of word ids; ValueError names unknown words or a bad length."""
    unknown = unknown_words(words)
    if unknown:
        raise ValueError(f"not in the vocabulary: {', '.join(unknown)}")
    if not 1 <= len(words) <= MAX_LENGTH:
        raise ValueError(f"a sentence here has 1 to {MAX_LENGTH} words; got {len(words)}")
    return torch.tensor([[SOURCE_ID[w] for w in words]])


def words_until_end(row) -> list[str]:
    """Target ids -> Korean words, up to (not including) the first </s>."""
    words = []
    for k in row.tolist():
        if TARGET[k] == EOS:
            break
        words.append(TARGET[k])
    return words
