"""Note 001: "self-attention has less computation and is fast; an RNN computes in order, so it cannot be parallelised
and is slow". Both halves measured on this machine: one self-attention layer (one head of width d: Q, K, V, the
T x T scaled scores, softmax, weights V; Vaswani et al. 2017) against a tanh RNN of the same width (torch.nn.RNN,
its loop over t in C++), for several lengths T. Wall-clock time is the fastest of a few runs after a warm-up, on one
torch thread (the app's setting): on a shared server other work only ever adds time, so the fastest run is the
best estimate of what the layer itself costs (as Python's timeit advises). The multiply-adds are counted from the
shapes (tests check the count against torch's FLOP counter); sequential steps are T for the RNN (h_t needs h_{t-1})
and 1 for attention (every row of the score matrix at once). Torch only."""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from core.limits import SEED, Limit, check, in_range

LENGTHS = (8, 32, 128, 512, 2048)  # the last shows the T^2 term winning (a 2048 x 2048 score matrix is 16 MB)
WIDTH = 32  # the lesson's word vectors
MAX_LENGTH = 2048
LIMITS = {"width": Limit("width", 2, 256), "repeats": Limit("repeats", 1, 20), "seed": SEED}


@dataclass(frozen=True)
class SpeedConfig:
    lengths: tuple[int, ...] = LENGTHS
    width: int = WIDTH  # d: the attention's q, k, v and the RNN's hidden state
    repeats: int = 7  # timed runs per length and model, after one warm-up; the fastest is kept
    seed: int = 0

    def __post_init__(self):
        check(self, LIMITS)
        for T in self.lengths:
            in_range(T, Limit("sequence_length", 1, MAX_LENGTH))


def attention_layer(x: torch.Tensor, W_q: torch.Tensor, W_k: torch.Tensor, W_v: torch.Tensor):
    """One head on x (T, d): the output (T, d) and the scaled scores (T, T). No loop over positions."""
    T, d = x.shape
    Q, K, V = x @ W_q, x @ W_k, x @ W_v  # (T, d) each
    scores = Q @ K.T / math.sqrt(d)  # (T, T): every pair of positions at once
    return torch.softmax(scores, dim=-1) @ V, scores  # (T, T) @ (T, d)


def rnn_steps(x: torch.Tensor, W_x: torch.Tensor, W_h: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """The same tanh RNN as torch.nn.RNN, one step at a time: h_t = tanh(x_t W_x + h_{t-1} W_h + b); (T, d)."""
    h, out = torch.zeros(W_h.shape[0], dtype=x.dtype), []
    for x_t in x:  # T steps, each waiting for the one before
        h = torch.tanh(x_t @ W_x + h @ W_h + b)
        out.append(h)
    return torch.stack(out)


def multiply_adds(T: int, d: int) -> dict[str, int]:
    """Attention: 3 T d^2 for Q, K, V, then T^2 d for Q K^T and T^2 d for weights V. RNN: 2 d^2 a step (x_t W_x
    and h_{t-1} W_h). Their ratio is 1.5 + T / d: more for attention at every T, and growing with T."""
    return {"attention": 3 * T * d * d + 2 * T * T * d, "rnn": 2 * T * d * d}


def sequential_steps(T: int) -> dict[str, int]:
    return {"attention": 1, "rnn": T}


@dataclass(frozen=True)
class SpeedRun:
    config: SpeedConfig
    attention_ms: np.ndarray  # (lengths,) wall-clock time of one layer, the fastest run
    rnn_ms: np.ndarray  # (lengths,)
    threads: int  # torch's intra-op threads while measuring (1, the app's setting)

    @property
    def lengths(self) -> np.ndarray:
        return np.array(self.config.lengths)

    def counts(self, what: str) -> np.ndarray:
        """(lengths, 2): attention's and the RNN's multiply-adds ("macs") or sequential steps ("steps")."""
        d = self.config.width
        rows = [multiply_adds(T, d) if what == "macs" else sequential_steps(T) for T in self.config.lengths]
        return np.array([[r["attention"], r["rnn"]] for r in rows], dtype=np.int64)


def fastest_ms(f, repeats: int) -> float:
    f()  # warm-up: first-call allocations are not the layer's cost
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return 1000 * min(times)


@torch.no_grad()
def measure(config: SpeedConfig) -> SpeedRun:
    """Time both models at every length of ``config`` (float32, batch of one, one torch thread), alternating
    between them."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # the app's own setting; a test process may have more
    try:
        return _timed(config)
    finally:
        torch.set_num_threads(threads)


def _timed(config: SpeedConfig) -> SpeedRun:
    g = torch.Generator().manual_seed(config.seed)
    d = config.width
    W_q, W_k, W_v = (torch.randn(d, d, generator=g) / math.sqrt(d) for _ in range(3))
    with torch.random.fork_rng():  # the RNN's own initialisation leaves the process's random state as it was
        rnn = nn.RNN(d, d, nonlinearity="tanh", batch_first=True)
    attention_ms, rnn_ms = [], []
    for T in config.lengths:
        x = torch.randn(T, d, generator=g)
        attention_ms.append(fastest_ms(lambda x=x: attention_layer(x, W_q, W_k, W_v), config.repeats))
        rnn_ms.append(fastest_ms(lambda x=x: rnn(x[None]), config.repeats))
    return SpeedRun(config, np.array(attention_ms), np.array(rnn_ms), torch.get_num_threads())


def speed_numbers(run: SpeedRun, middle: int = 512) -> dict:
    """What the callout quotes: both times at ``middle`` and at the longest length, the multiply-add ratio at
    ``middle``, and the score matrix's size (entries and float32 megabytes) at the longest length."""
    lengths = list(run.config.lengths)
    m, last = lengths.index(middle) if middle in lengths else len(lengths) // 2, len(lengths) - 1
    macs = run.counts("macs")
    T_max = lengths[last]
    return dict(d=run.config.width, threads=run.threads, T_mid=lengths[m], a_mid=float(run.attention_ms[m]),
                r_mid=float(run.rnn_ms[m]), macs_mid=float(macs[m, 0] / macs[m, 1]), T_max=T_max,
                a_max=float(run.attention_ms[last]), r_max=float(run.rnn_ms[last]),
                cells=T_max * T_max, megabytes=4 * T_max * T_max / 2**20)
