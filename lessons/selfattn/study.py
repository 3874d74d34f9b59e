"""What the self-attention lesson computes: one layer on a sentence's word vectors (every stage, every head), the
distance gradients, what a word may see under the causal mask (the question), and the downloads.

With trained weights (the page's default) the layer is one encoder layer of the shipped Transformer, on what that
layer reads; with random weights, seeded random projections on the recurrent translator's learned English word
vectors. The page passes both shipped models. Everything here takes plain values and returns new arrays: no
streamlit, no charts."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

import numpy as np

from core.attention import causal_mask
from core.limits import SEED, Limit, check
from core.selfattn import (
    MAX_HEADS,
    MAX_TOKENS,
    Stages,
    distance_gradients,
    encoder_input,
    projections,
    stages,
    trained_projections,
)
from core.seq2seq import SOURCE_ID, Translator
from core.transformer import Transformer

WIDTH = 32  # the translator's word vectors (the translation lesson's embed size): d
PAD = "<pad>"  # a padding token: its word vector is the zero vector
LIMITS = {"heads": Limit("heads", 1, MAX_HEADS), "seed": SEED}
WEIGHTS = ("trained", "random")  # the trained Transformer's encoder layer, or seeded random projections
MAX_LAYER = 4  # core.transformer allows at most 4 layers; study() checks the model's own count


@dataclass(frozen=True)
class LayerConfig:
    """One self-attention layer on a sentence: its tokens (words, then any padding), which weights, the heads, the
    seed of the random projections, and the mask as T rows of T booleans (True where query i may look at key j)."""

    tokens: tuple[str, ...]  # the sentence's words, then any PAD
    heads: int = 4  # trained: the layer's own count (4); random: each with its own W_q, W_k, W_v (d_k = 8)
    seed: int = 0  # of the random projections (0 with trained weights, where it plays no part)
    mask: tuple[tuple[bool, ...], ...] = ()  # (T, T) as rows: mask_rows(core.selfattn.mask_for(...))
    weights: str = "trained"  # one of WEIGHTS
    layer: int = 1  # the trained encoder layer shown, 1-based (random weights: 1)

    def __post_init__(self):
        check(self, LIMITS)
        if self.weights not in WEIGHTS:
            raise ValueError(f"weights must be one of {', '.join(WEIGHTS)}; got {self.weights!r}")
        if not isinstance(self.layer, int) or not 1 <= self.layer <= MAX_LAYER:
            raise ValueError(f"the layer must be a whole number from 1 to {MAX_LAYER}; got {self.layer!r}")
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


def unknown_to_transformer(words) -> list[str]:
    """The words the Transformer has no vector for (it reads the same English vocabulary as the translator, so today
    this is empty for every sentence the page accepts; kept so a smaller vocabulary fails with a message)."""
    return [w for w in words if w not in SOURCE_ID]


def study(config: LayerConfig, translator: Translator, transformer: Transformer | None = None) -> LayerStudy:
    """The layer's stages: the trained encoder layer ``config.layer`` of ``transformer``, or random projections on
    ``translator``'s word vectors. Padding rows are zero vectors either way."""
    if config.weights == "random":
        X, p = embeddings(translator, config.tokens), projections(WIDTH, config.heads, config.seed)
    else:
        words = [w for w in config.tokens if w != PAD]
        X = encoder_input(transformer, words, config.layer, len(config.tokens))
        p = trained_projections(transformer.encoder[config.layer - 1].self_attn)
        if p.heads != config.heads:
            raise ValueError(f"the trained layer has {p.heads} heads; the config asks for {config.heads}")
    return LayerStudy(config, stages(X, p, np.array(config.mask)))


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
    """One row per head, query and key: the softmax weight (0 where masked), with which weights made it."""
    tokens, weights, c = s.tokens, s.stages.weights, s.config
    source = [c.weights, c.layer if c.weights == "trained" else "", c.seed if c.weights == "random" else ""]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["weights", "layer", "seed", "head", "query", "key", "weight"])
    for h in range(weights.shape[0]):
        for i, query in enumerate(tokens):
            for j, key in enumerate(tokens):
                writer.writerow([*source, h + 1, query, key, f"{weights[h, i, j]:.6f}"])
    return out.getvalue().rstrip("\n").encode("utf-8")


def layer_json(s: LayerStudy, max_heads: int = MAX_HEADS) -> str:
    """Which weights (trained: the Transformer's encoder layer; random: the seed), the tokens, the number of heads,
    d and d_k, and the mask (T rows of T booleans)."""
    c, a = s.config, s.stages
    trained = c.weights == "trained"
    source = {"weights": c.weights, "model": "transformer" if trained else "random projections",
              "layer": c.layer if trained else None, "seed": None if trained else c.seed}
    return json.dumps(source | {"tokens": s.tokens, "heads": int(a.weights.shape[0]), "max_heads": max_heads,
                                "d": int(a.X.shape[1]), "d_k": int(a.Q.shape[2]), "mask": a.mask.tolist()})
