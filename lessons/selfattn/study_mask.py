"""Why mask: a one-layer self-attention character model trained with and without the causal mask.

The model reads windows of the text, each character plus a learned position vector, attends (one head), adds the
result to its input and predicts the next character at every position. Training uses every cyclic window of the
text (the text read from each starting character), so a position number alone never tells the next character.
Without the mask, position t can look at position t+1, which holds the very answer it is asked for: the loss
drops to nearly zero, and generation, where no future exists yet, falls apart."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from core.attention import attention, causal_mask
from core.limits import SEED, Limit, check
from core.text import make_task

MAX_TEXT = 32  # characters; each window is a (T, T) attention map on the page
MAX_STEPS = 5000  # Adam steps (the page trains 500)
MAX_WIDTH = 64
LIMITS = {"steps": Limit("training_steps", 1, MAX_STEPS), "width": Limit("width", 2, MAX_WIDTH),
          "lr": Limit("learning_rate", 0, 1, whole=False, above=True), "seed": SEED}


@dataclass(frozen=True)
class CharAttnConfig:
    text: str = "hello"
    masked: bool = True  # the causal mask; False lets every position see the future
    width: int = 32  # character and position vectors, and the attention's q, k, v
    steps: int = 500  # Adam steps on all windows at once (about 0.4 s for "hello")
    lr: float = 0.01
    seed: int = 0

    def __post_init__(self):
        make_task(self.text, max_chars=MAX_TEXT)  # the first lesson's checks and messages
        check(self, LIMITS)


class CharAttention(nn.Module):
    def __init__(self, V: int, T: int, width: int, masked: bool):
        super().__init__()
        self.masked = masked
        self.embed = nn.Embedding(V, width)
        self.position = nn.Parameter(torch.randn(T, width) * 0.1)
        self.W_q, self.W_k, self.W_v = (nn.Parameter(torch.randn(width, width) / math.sqrt(width)) for _ in range(3))
        self.out = nn.Linear(width, V)

    def forward(self, x: torch.Tensor):
        """x (B, T) character ids -> logits (B, T, V) and weights (B, T, T)."""
        T = x.shape[1]
        h = self.embed(x) + self.position[:T]  # (B, T, d)
        scores = (h @ self.W_q) @ (h @ self.W_k).mT / math.sqrt(h.shape[-1])  # (B, T, T)
        if self.masked:
            scores = scores.masked_fill(~torch.as_tensor(causal_mask(T)), float("-inf"))
        weights = torch.softmax(scores, dim=-1)
        return self.out(h + weights @ (h @ self.W_v)), weights

    def attend(self, x: torch.Tensor):
        """One window (T,) through core.attention, for the page: the same numbers as forward."""
        T = x.shape[0]
        h = self.embed(x) + self.position[:T]
        r = attention(h @ self.W_q, h @ self.W_k, h @ self.W_v, score="scaled_dot",
                      mask=causal_mask(T) if self.masked else None)
        return self.out(h + r.context), r


@dataclass(frozen=True)
class CharAttnRun:
    config: CharAttnConfig
    vocab: tuple[str, ...]
    state: dict
    losses: np.ndarray  # (steps,) mean cross-entropy per character
    seconds: float

    def model(self) -> CharAttention:
        model = CharAttention(len(self.vocab), len(self.config.text) - 1, self.config.width, self.config.masked)
        model.load_state_dict(self.state)
        return model.eval()


def windows(text: str, vocab: tuple[str, ...]) -> tuple[torch.Tensor, torch.Tensor]:
    """Every cyclic rotation of the text as (inputs, targets), each (n, len(text) - 1)."""
    ids = [vocab.index(c) for c in text]
    rotations = [ids[k:] + ids[:k] for k in range(len(ids))]
    return torch.tensor([r[:-1] for r in rotations]), torch.tensor([r[1:] for r in rotations])


def train(config: CharAttnConfig, on_step=None) -> CharAttnRun:
    start = time.perf_counter()
    task = make_task(config.text, max_chars=MAX_TEXT)
    torch.manual_seed(config.seed)
    model = CharAttention(task.V, task.T, config.width, config.masked)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    x, y = windows(task.text, task.vocab)
    losses = np.zeros(config.steps)
    for step in range(1, config.steps + 1):
        logits, _ = model(x)
        loss = nn.functional.cross_entropy(logits.flatten(0, 1), y.flatten())
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        losses[step - 1] = loss.item()
        if on_step is not None:
            on_step(step, config.steps, loss=losses[step - 1])
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    return CharAttnRun(config, task.vocab, state, losses, time.perf_counter() - start)


@torch.no_grad()
def generate(run: CharAttnRun, start: str | None = None) -> str:
    """Greedy generation from ``start`` (the text's first character by default) up to the text's length. At each
    step the model sees only what it has written so far: there is no future to peek at."""
    model = run.model()
    text = start or run.config.text[0]
    while len(text) < len(run.config.text):
        logits, _ = model(torch.tensor([[run.vocab.index(c) for c in text]]))
        text += run.vocab[int(logits[0, -1].argmax())]
    return text


@torch.no_grad()
def attention_map(run: CharAttnRun) -> tuple[str, np.ndarray]:
    """The text's own window (from its first character) and its (T, T) attention weights via core.attention."""
    x = torch.tensor([run.vocab.index(c) for c in run.config.text[:-1]])
    _, r = run.model().attend(x)
    return run.config.text[:-1], r.weights.numpy()


def later_share(run: CharAttnRun) -> float:
    """The share of all attention, on the text's own window, that falls on positions after the one read (0 for
    the masked model: the mask allows none)."""
    _, weights = attention_map(run)
    return float(np.triu(weights, k=1).sum() / weights.sum())
