"""What the self-attention lesson computes: one layer on a sentence's word vectors (every stage, every head), the
distance gradients, what a word may see under the causal mask (the question), and the downloads.

The word vectors are a translator's learned English embeddings; the page passes the shipped one. Everything here
takes plain values and returns new arrays: no streamlit, no charts."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

import numpy as np

from core.attention import causal_mask
from core.limits import SEED, Limit, check
from core.selfattn import MAX_HEADS, MAX_TOKENS, Stages, distance_gradients, projections, stages
from core.seq2seq import SOURCE_ID, Translator

WIDTH = 32  # the translator's word vectors (the translation lesson's embed size): d
PAD = "<pad>"  # a padding token: its word vector is the zero vector
LIMITS = {"heads": Limit("heads", 1, MAX_HEADS), "seed": SEED}


@dataclass(frozen=True)
class LayerConfig:
    """One self-attention layer on a sentence: its tokens (words, then any padding), the heads, the seed of the
    random projections, and the mask as T rows of T booleans (True where query i may look at key j)."""

    tokens: tuple[str, ...]  # the sentence's words, then any PAD
    heads: int = 2  # each with its own W_q, W_k, W_v (d_k = 8)
    seed: int = 0  # of the random projections
    mask: tuple[tuple[bool, ...], ...] = ()  # (T, T) as rows: mask_rows(core.selfattn.mask_for(...))

    def __post_init__(self):
        check(self, LIMITS)
        T = len(self.tokens)
        if not 1 <= T <= MAX_TOKENS:
            raise ValueError(f"self-attention here takes 1 to {MAX_TOKENS} tokens; got {T}")
        if len(self.mask) != T or any(len(row) != T for row in self.mask):
            raise ValueError(f"the mask must have {T} rows of {T} (one per token), got {len(self.mask)} rows")


def mask_rows(mask: np.ndarray) -> tuple[tuple[bool, ...], ...]:
    """A (T, T) bool mask as the hashable rows a LayerConfig keeps."""
    return tuple(tuple(bool(v) for v in row) for row in np.asarray(mask, dtype=bool))


@dataclass(frozen=True)
class LayerStudy:
    """config: what was asked.  stages: every stage of the layer (core.selfattn.Stages)."""

    config: LayerConfig
    stages: Stages

    @property
    def cache_key(self) -> LayerConfig:
        """A study is named by its config (the core is deterministic): shared charts of it are keyed by this."""
        return self.config

    @property
    def tokens(self) -> list[str]:
        return list(self.config.tokens)


def embeddings(translator: Translator, tokens) -> np.ndarray:
    """(T, d): the translator's learned English word vectors, float64; padding (any unknown token) is zero."""
    table = translator.source_embed.weight.detach().double().numpy()  # (vocabulary, d)
    return np.stack([table[SOURCE_ID[w]] if w in SOURCE_ID else np.zeros(table.shape[1]) for w in tokens])


def study(config: LayerConfig, translator: Translator) -> LayerStudy:
    X = embeddings(translator, config.tokens)
    return LayerStudy(config, stages(X, projections(WIDTH, config.heads, config.seed), np.array(config.mask)))


def distance(translator: Translator, words, heads: int, seed: int) -> dict[str, np.ndarray]:
    """||dy_T/dx_k|| for the tanh RNN and this layer (no mask) on the words' vectors (core.selfattn)."""
    return distance_gradients(embeddings(translator, words), projections(WIDTH, heads, seed), seed)


# The question: which words can one word see under the causal mask? Each choice is a set of positions.
SIGHTS = ("self", "before", "after", "all")


def question_word(tokens) -> int:
    """The position the question asks about: the second token (the verb of the examples), or the only one."""
    return 1 if len(tokens) > 1 else 0


def sight_choices(T: int, i: int) -> dict[str, tuple[int, ...]]:
    """The choices for position i of T: only itself, itself and the positions before, itself and the positions
    after, every position; a choice that names the same positions as an earlier one is left out."""
    sets = {"self": (i,), "before": tuple(range(i + 1)), "after": tuple(range(i, T)), "all": tuple(range(T))}
    choices: dict[str, tuple[int, ...]] = {}
    for name in SIGHTS:
        if sets[name] not in choices.values():
            choices[name] = sets[name]
    return choices


def causal_sight(T: int, i: int) -> tuple[int, ...]:
    """The positions query i may look at, read from the causal mask itself (core.attention.causal_mask)."""
    return tuple(int(j) for j in np.flatnonzero(causal_mask(T)[i]))


def weights_csv(s: LayerStudy) -> bytes:
    """One row per head, query and key: the softmax weight (0 where masked)."""
    tokens, weights = s.tokens, s.stages.weights
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["head", "query", "key", "weight"])
    for h in range(weights.shape[0]):
        for i, query in enumerate(tokens):
            for j, key in enumerate(tokens):
                writer.writerow([h + 1, query, key, f"{weights[h, i, j]:.6f}"])
    return out.getvalue().rstrip("\n").encode("utf-8")


def layer_json(s: LayerStudy, max_heads: int = MAX_HEADS) -> str:
    """The tokens, the number of heads and the mask (T rows of T booleans)."""
    return json.dumps({"tokens": s.tokens, "heads": int(s.stages.weights.shape[0]), "max_heads": max_heads,
                       "mask": s.stages.mask.tolist()})
