"""Generate text from a trained character model, one character at a time."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.charlm import CharLM
from core.errors import LabError
from core.limits import Limit, in_range

MAX_SAMPLE = 200  # characters one request may generate


@dataclass(frozen=True)
class Sample:
    """chars: the generated characters (after the start character).  probs: (n,) the probability the
    model gave each generated character.  dists: (n, V) the full distribution at each step."""

    chars: tuple[str, ...]
    probs: np.ndarray
    dists: np.ndarray


def sample(model: CharLM, vocab: tuple[str, ...], start: str, n: int, temperature: float = 1.0,
           greedy: bool = True, seed: int = 0) -> Sample:
    """Feed ``start``, then feed back each generated character. Greedy takes the most likely one;
    otherwise draw from softmax(logits / temperature)."""
    if start not in vocab:
        raise LabError("start_unknown", vocab="".join(vocab))
    in_range(n, Limit("sample_chars", 1, MAX_SAMPLE))
    if not greedy:
        in_range(temperature, Limit("temperature", 0.05, 5, whole=False))
    generator = torch.Generator().manual_seed(seed)
    V = len(vocab)
    dtype = next(model.parameters()).dtype
    chars, probs, dists = [], [], []
    index, state = vocab.index(start), None
    with torch.no_grad():
        for _ in range(n):
            x_t = torch.zeros(V, dtype=dtype)
            x_t[index] = 1.0
            state = model.cell.step(x_t, state or model.cell.initial_state(x_t)).state
            logits = model.head(state[0])  # (V,)
            p = torch.softmax(logits, -1)
            p_draw = p if greedy else torch.softmax(logits / temperature, -1)
            index = int(p_draw.argmax()) if greedy else int(torch.multinomial(p_draw, 1, generator=generator))
            chars.append(vocab[index])
            probs.append(float(p_draw[index]))
            dists.append(p_draw.numpy())
    return Sample(tuple(chars), np.array(probs), np.array(dists))
