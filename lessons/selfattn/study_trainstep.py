"""Note 001's parallelism claim on the lab's two translators: the time of one training step (teacher-forced forward
pass, backward pass, gradient clipping and Adam's update: what core.seq2seq_train and core.transformer_train do each
step) against the English sentence length L, on real batches of core.seq2seq_train.batch. The recurrent translator
has the shipped attention model's architecture (assets/models/attention.pt's config), the Transformer the defaults
of core.transformer.TransformerConfig; both start from fresh weights (a step costs the same whatever the weights).

What a step must do in order: the recurrent encoder reads L words one after another (its two directions run side
by side) and the decoder then writes n words one after another (s_t needs s_(t-1), even with teacher forcing), so
L + n sequential steps. The Transformer has no chain along the sentence: each encoder layer, then each decoder layer,
takes every position at once, so 2 x layers sequential steps whatever L is. Wall-clock time on one torch thread (the
app's setting) is the median of a few steps after one warm-up step per length, the two models taking turns so that
other work on a shared server falls on both. Torch only."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace

import numpy as np
import torch
from torch import nn

from core import seq2seq
from core.grammar import MAX_LENGTH, MIN_LENGTH
from core.limits import SEED, Limit, check, in_range
from core.seq2seq import Seq2SeqConfig, Translator
from core.seq2seq_train import batch
from core.transformer import Transformer, TransformerConfig
from core.vocab import PAD, TARGET_ID

LENGTHS = (3, 9, 15, 21, 27)  # the shortest to the longest English sentence the grammar makes
MODELS = ("rnn", "transformer")
BETAS = {"rnn": (0.9, 0.999), "transformer": (0.9, 0.98)}  # as each model's training script uses Adam
LIMITS = {"batch": Limit("batch", 1, 256), "repeats": Limit("repeats", 1, 9), "seed": SEED}


@dataclass(frozen=True)
class TrainStepConfig:
    lengths: tuple[int, ...] = LENGTHS  # English words per sentence, one batch per length
    batch: int = 64  # sentences per step, as both models train
    repeats: int = 3  # timed steps per length and model, after one warm-up step; the median is kept
    seed: int = 0

    def __post_init__(self):
        check(self, LIMITS)
        for L in self.lengths:
            in_range(L, Limit("sequence_length", MIN_LENGTH, MAX_LENGTH))


def recurrent_config(batch_size: int) -> Seq2SeqConfig:
    """The shipped recurrent attention translator's architecture (its checkpoint's config)."""
    return replace(seq2seq.load(seq2seq.MODELS / "attention.pt")[0].config, batch=batch_size)


def models(config: TrainStepConfig) -> dict[str, nn.Module]:
    """Both translators with fresh weights, seeded, in training mode; the process's random state is left as it was."""
    with torch.random.fork_rng():
        torch.manual_seed(config.seed)
        return {"rnn": Translator(recurrent_config(config.batch)).train(),
                "transformer": Transformer(TransformerConfig(batch=config.batch, seed=config.seed)).train()}


def stepper(model: nn.Module, betas: tuple[float, float]):
    """One training step as the training scripts take it: ``step(source, target_in, target_out) -> loss``."""
    optimizer = torch.optim.Adam(model.parameters(), lr=model.config.lr, betas=betas)
    loss_fn = nn.CrossEntropyLoss(ignore_index=TARGET_ID[PAD])

    def step(source: torch.Tensor, target_in: torch.Tensor, target_out: torch.Tensor) -> float:
        logits, _ = model(source, target_in)  # (B, n, V): every decoder input at once (teacher forcing)
        loss = loss_fn(logits.flatten(0, 1), target_out.flatten())
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        return loss.item()

    return step


def sequential_steps(model: nn.Module, L: int, n: int) -> int:
    """Steps that must run one after another in one training step's forward pass (the backward pass retraces them)."""
    if isinstance(model, Transformer):
        return 2 * model.config.layers  # encoder layers, then decoder layers; each takes all positions at once
    return L + n  # h_1 .. h_L, then s_1 .. s_n


@dataclass(frozen=True)
class TrainStepRun:
    config: TrainStepConfig
    ms: np.ndarray  # (lengths, 2) median time of one training step, column 0 the RNN's, column 1 the Transformer's
    steps: np.ndarray  # (lengths, 2) sequential steps, same columns
    decoder_inputs: np.ndarray  # (lengths,) n: the decoder's inputs <s> y_1 .. in each length's batch (padded)
    parameters: tuple[int, int]  # trainable weights, RNN and Transformer
    threads: int  # torch's intra-op threads while measuring (1, the app's setting)
    seconds: float  # the whole measurement

    @property
    def lengths(self) -> np.ndarray:
        return np.array(self.config.lengths)


def measure(config: TrainStepConfig, on_step=None) -> TrainStepRun:
    """Time a training step of both models at every length of ``config`` on one torch thread;
    ``on_step(done, total)`` reports progress, once per length and model."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # the app's own setting; a test process may have more
    try:
        return _timed(config, on_step or (lambda done, total: None))
    finally:
        torch.set_num_threads(threads)


def _timed(config: TrainStepConfig, on_step) -> TrainStepRun:
    start = time.perf_counter()
    nets = models(config)
    steps = {name: stepper(net, BETAS[name]) for name, net in nets.items()}
    rng = np.random.default_rng(config.seed)
    ms, sequential, inputs = [], [], []
    for k, L in enumerate(config.lengths):
        data = batch(rng, nets["rnn"].config, L)  # the same sentences for both models
        for step in steps.values():
            step(*data)  # warm-up: first-call allocations for this shape are not a step's cost
        times = {name: [] for name in MODELS}
        for _ in range(config.repeats):
            for name in MODELS:  # taking turns: a burst of other work on the server falls on both
                t = time.perf_counter()
                steps[name](*data)
                times[name].append(1000 * (time.perf_counter() - t))
        ms.append([float(np.median(times[name])) for name in MODELS])
        n = data[1].shape[1]
        sequential.append([sequential_steps(nets[name], L, n) for name in MODELS])
        inputs.append(n)
        on_step(2 * (k + 1), 2 * len(config.lengths))
    counts = tuple(sum(p.numel() for p in nets[name].parameters() if p.requires_grad) for name in MODELS)
    return TrainStepRun(config, np.array(ms), np.array(sequential, dtype=np.int64), np.array(inputs), counts,
                        torch.get_num_threads(), time.perf_counter() - start)


def trainstep_numbers(run: TrainStepRun) -> dict:
    """What the page says, from the measurement: both times and their ratio at the shortest and longest length, how
    much each model's time grew between them, its sequential steps there, and where the Transformer was faster."""
    first, last = 0, len(run.config.lengths) - 1
    r, t = run.ms[:, 0], run.ms[:, 1]
    faster = [int(L) for L, a, b in zip(run.lengths, t, r, strict=True) if a < b]
    return dict(L_min=int(run.lengths[first]), L_max=int(run.lengths[last]), threads=run.threads,
                r_min=float(r[first]), t_min=float(t[first]), r_max=float(r[last]), t_max=float(t[last]),
                ratio_min=float(t[first] / r[first]), ratio_max=float(t[last] / r[last]),
                r_growth=float(r[last] / r[first]), t_growth=float(t[last] / t[first]),
                rs_min=int(run.steps[first, 0]), rs_max=int(run.steps[last, 0]), ts=int(run.steps[last, 1]),
                faster=faster, count=len(faster), total=len(run.lengths),
                r_params=run.parameters[0], t_params=run.parameters[1])
