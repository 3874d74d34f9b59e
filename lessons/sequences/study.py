"""What the opening lesson computes, part 1: why a recurrent network. A small "who does it?" task whose answer
is carried by word order ("dog bites man" / "man bites dog", "개가 소를 물었다" / "소가 개를 물었다"), learned by a
model that ignores order (a Dense layer on a bag of words, note 002) and by a tiny RNN; and the lesson's downloads.

The sentences come in groups with the same words: every group holds as many sentences whose doer is one noun as
sentences whose doer is the other, so a model that sees only the bag of words gets the same input for all of them
and cannot be right on more than half (the lesson's point, measured)."""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from core.limits import SEED, Limit, check
from core.optim import Adam
from core.recurrent import RNN
from lessons.sequences.study_words import HELD_OUT_PAIRS, NOUNS, VOCAB, Sentence, bag, doer, one_hots, sentences

LIMITS = {"seed": SEED, "hidden": Limit("hidden_size", 1, 64), "steps": Limit("training_steps", 10, 2000),
          "lr": Limit("learning_rate", 0, 1, whole=False, above=True)}


@dataclass(frozen=True)
class OrderConfig:
    seed: int = 0  # initial weights of both models
    hidden: int = 16  # hidden units of each model (the Dense layer's and the RNN's)
    steps: int = 150  # full-batch Adam steps: both models are at their best by then (0.3 s for both, one thread)
    lr: float = 0.03  # Adam's learning rate

    def __post_init__(self):
        check(self, LIMITS)


class BagOfWords(nn.Module):
    """A Dense layer (and a readout) on word counts: the input has V numbers whatever the sentence's length and
    order, so two sentences with the same words get the same input, hence the same answer."""

    def __init__(self, V: int, H: int, C: int):
        super().__init__()
        self.dense, self.out = nn.Linear(V, H), nn.Linear(H, C)

    def forward(self, counts: torch.Tensor) -> torch.Tensor:  # (B, V) -> (B, C) logits
        return self.out(torch.tanh(self.dense(counts)))


class OrderRNN(nn.Module):
    """The lab's plain RNN cell (core.recurrent.RNN) reading one-hot words in order; the doer is read off the
    state after the last word, ŷ = W_hy h_T + b_y."""

    def __init__(self, V: int, H: int, C: int):
        super().__init__()
        self.cell, self.out = RNN(V, H), nn.Linear(H, C)

    def forward(self, x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:  # (T, B, V), (B,) -> (B, C)
        h = self.cell(x).h  # (T, B, H); steps after a sentence's end read zeros and are not used
        last = h[lengths - 1, torch.arange(x.shape[1])]  # (B, H): h_T of each sentence
        return self.out(last)


@dataclass(frozen=True)
class Batch:
    x: torch.Tensor  # (T_max, B, V) one-hot words, zeros after each sentence's end
    lengths: torch.Tensor  # (B,)
    counts: torch.Tensor  # (B, V) the bag of words
    y: torch.Tensor  # (B,) the doer's index in NOUNS


def batch(items: list[tuple[str, ...]], labels: list[int] | None = None) -> Batch:
    T = max(len(tokens) for tokens in items)
    x = torch.zeros(T, len(items), len(VOCAB))
    for b, tokens in enumerate(items):
        x[:len(tokens), b] = torch.as_tensor(one_hots(tokens))
    counts = torch.as_tensor(np.stack([bag(tokens) for tokens in items]), dtype=torch.float32)
    return Batch(x, torch.tensor([len(t) for t in items]), counts, torch.tensor(labels or [0] * len(items)))


@dataclass(frozen=True)
class OrderStudy:
    """Both models trained on the same sentences. accuracy: (model, split) -> share right, model "bow" or "rnn",
    split "train" or "held_out" (groups never seen in training, the default pairs among them)."""

    config: OrderConfig
    bow: BagOfWords
    rnn: OrderRNN
    losses: dict[str, np.ndarray]  # model -> (steps,) training loss
    accuracy: dict[tuple[str, str], float]
    seconds: dict[str, float]  # model -> training time
    split: dict[str, tuple[Sentence, ...]]  # "train" / "held_out" -> sentences

    @property
    def cache_key(self) -> OrderConfig:
        return self.config

    def probs(self, model: str, items: list[tuple[str, ...]]) -> np.ndarray:
        """(B, C) each model's probabilities of every noun being the doer of each sentence (known words only)."""
        b = batch(items)
        with torch.no_grad():
            logits = self.bow(b.counts) if model == "bow" else self.rnn(b.x, b.lengths)
        return torch.softmax(logits, dim=-1).numpy()


def _fit(model: nn.Module, run, y: torch.Tensor, config: OrderConfig, on_step, offset: int) -> np.ndarray:
    optimiser = Adam(model.parameters(), lr=config.lr)  # the lab's Adam: torch.optim's imports torch._dynamo (~1.4 s)
    losses = np.empty(config.steps)
    for step in range(config.steps):
        optimiser.zero_grad()
        loss = nn.functional.cross_entropy(run(), y)
        loss.backward()
        optimiser.step()
        losses[step] = loss.item()
        if on_step is not None:
            on_step(offset + step + 1, 2 * config.steps, loss.item())
    return losses


def split_sentences() -> dict[str, tuple[Sentence, ...]]:
    """Held out: every group of the default pairs' nouns, and a fixed fifth of the others (seed 0, whatever the
    models' seed), so that both models are measured on sentences neither saw."""
    groups = sorted({s.group for s in sentences()})
    rng = np.random.default_rng(0)
    held = {g for g in groups if rng.random() < 0.2} | {g for g in groups if set(g[1]) in HELD_OUT_PAIRS}
    return {"train": tuple(s for s in sentences() if s.group not in held),
            "held_out": tuple(s for s in sentences() if s.group in held)}


def train(config: OrderConfig, on_step=None) -> OrderStudy:
    torch.manual_seed(config.seed)
    V, C = len(VOCAB), len(NOUNS)
    bow, rnn = BagOfWords(V, config.hidden, C), OrderRNN(V, config.hidden, C)
    split = split_sentences()
    data = {name: batch([s.tokens for s in items], [NOUNS.index(s.doer) for s in items])
            for name, items in split.items()}
    d, seconds, losses = data["train"], {}, {}
    for offset, (name, model, run) in enumerate((("bow", bow, lambda: bow(d.counts)),
                                                 ("rnn", rnn, lambda: rnn(d.x, d.lengths)))):
        start = time.perf_counter()
        losses[name] = _fit(model, run, d.y, config, on_step, offset * config.steps)
        seconds[name] = time.perf_counter() - start
    accuracy = {}
    with torch.no_grad():
        for name, b in data.items():
            accuracy["bow", name] = float((bow(b.counts).argmax(-1) == b.y).float().mean())
            accuracy["rnn", name] = float((rnn(b.x, b.lengths).argmax(-1) == b.y).float().mean())
    return OrderStudy(config, bow, rnn, losses, accuracy, seconds, split)


@dataclass(frozen=True)
class Answer:
    """What both models say about one sentence: the doer each picks and its probability, and the grammar's doer
    (None when the sentence is not one of the task's patterns)."""

    tokens: tuple[str, ...]
    truth: str | None
    picks: dict[str, tuple[str, float]]  # model -> (noun, probability)


def answers(study: OrderStudy, items: list[tuple[str, ...]]) -> list[Answer]:
    probs = {model: study.probs(model, items) for model in ("bow", "rnn")}
    return [Answer(tokens, doer(tokens), {m: (NOUNS[int(np.argmax(p[i]))], float(np.max(p[i])))
                                          for m, p in probs.items()}) for i, tokens in enumerate(items)]


def parameters(study: OrderStudy) -> dict[str, int]:
    """Parameters, counted on the modules: both trained models, and a Dense layer that would read the longest
    training sentence's T one-hot words side by side (T·V inputs, the order kept) with the same H and readout."""
    def count(*modules: nn.Module) -> int:
        return sum(p.numel() for m in modules for p in m.parameters())

    T = max(len(s.tokens) for s in sentences())
    window = count(nn.Linear(T * len(VOCAB), study.config.hidden), study.bow.out)
    return {"bow": count(study.bow), "rnn": count(study.rnn), "window": window, "T": T}
