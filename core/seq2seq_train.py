"""Training the translator: teacher forcing, Adam, fresh sentences every step, snapshots of one probe sentence.

    python -m core.seq2seq_train --attention dot --seed 0 --out assets/models/attention.pt
    python -m core.seq2seq_train --attention none --seed 0 --out assets/models/no_attention.pt

Each step draws one English length from 3 to ``train_max`` and ``batch`` new sentences of that length, so no padding
is needed on the English side and every sentence the model is tested on is new to it. With one torch thread the
run is deterministic: the same command and seed give the same weights."""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass, fields

import numpy as np
import torch
from torch import nn

from core.grammar import MIN_LENGTH, sample
from core.seq2seq import BOS, EOS, PAD, SOURCE_ID, TARGET_ID, Seq2SeqConfig, Translator, load, save, translate
from core.transformer import Transformer, TransformerConfig

PROBE = "he eats big red apple and bread quickly today".split()  # the sentence whose heatmap is kept as it forms
SNAPSHOTS = 24  # heatmaps kept over a run (plus the untrained model's)


@dataclass(frozen=True)
class Snapshot:
    step: int
    words: list[str]  # the probe's translation at this step
    weights: np.ndarray | None  # (T_out, T_in), None without attention


@dataclass(frozen=True)
class TrainRun:
    config: Seq2SeqConfig | TransformerConfig
    state: dict  # the trained weights
    losses: np.ndarray  # (steps,) mean cross-entropy per target word
    snapshots: list[Snapshot]
    seconds: float

    def model(self) -> Translator | Transformer:
        model = (Transformer if isinstance(self.config, TransformerConfig) else Translator)(self.config)
        model.load_state_dict(self.state)
        return model.eval()


def batch(rng: np.random.Generator, config: Seq2SeqConfig | TransformerConfig, length: int | None = None):
    """source (B, L); decoder input <s> y_1 .. y_n and output y_1 .. y_n </s>, padded (B, T_out). The English length
    L is drawn uniformly from 3 to train_max unless given."""
    length = int(rng.integers(MIN_LENGTH, config.train_max + 1)) if length is None else length
    sentences = [sample(rng, length) for _ in range(config.batch)]
    source = torch.tensor([[SOURCE_ID[w] for w in s.english()] for s in sentences])
    targets = [[TARGET_ID[w] for w in s.korean()] for s in sentences]
    T = max(len(t) for t in targets) + 1
    target_in = torch.full((config.batch, T), TARGET_ID[PAD])
    target_out = torch.full((config.batch, T), TARGET_ID[PAD])
    for k, t in enumerate(targets):
        target_in[k, :len(t) + 1] = torch.tensor([TARGET_ID[BOS]] + t)
        target_out[k, :len(t) + 1] = torch.tensor(t + [TARGET_ID[EOS]])
    return source, target_in, target_out


def snapshot(model: Translator, step: int) -> Snapshot:
    model.eval()
    words, weights = translate(model, PROBE)
    model.train()
    return Snapshot(step, words, weights)


def train(config: Seq2SeqConfig, on_step=None) -> TrainRun:
    """Train from scratch; ``on_step(step, steps, loss)`` reports progress."""
    start = time.perf_counter()
    torch.manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    model = Translator(config)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr)
    loss_fn = nn.CrossEntropyLoss(ignore_index=TARGET_ID[PAD])
    every = max(1, config.steps // SNAPSHOTS)
    snapshots, losses = [snapshot(model, 0)], np.zeros(config.steps)
    for step in range(1, config.steps + 1):
        source, target_in, target_out = batch(rng, config)
        logits, _ = model(source, target_in)
        loss = loss_fn(logits.flatten(0, 1), target_out.flatten())
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)  # one long batch must not throw the decoder off
        optimizer.step()
        losses[step - 1] = loss.item()
        if step % every == 0 or step == config.steps:
            snapshots.append(snapshot(model, step))
        if on_step is not None:
            on_step(step, config.steps, loss=losses[step - 1])
    model.eval()
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    return TrainRun(config, state, losses, snapshots, time.perf_counter() - start)


def to_blob(run: TrainRun) -> dict:
    """What a checkpoint stores beside the weights: plain lists and tensors, so weights_only loading accepts it."""
    return {"losses": torch.tensor(run.losses), "seconds": run.seconds,
            "snapshots": [{"step": s.step, "words": s.words,
                           "weights": None if s.weights is None else torch.tensor(s.weights)} for s in run.snapshots]}


def from_checkpoint(path) -> TrainRun:
    model, blob = load(path)
    snapshots = [Snapshot(s["step"], s["words"], None if s["weights"] is None else s["weights"].numpy())
                 for s in blob["snapshots"]]
    state = model.state_dict()
    return TrainRun(model.config, state, blob["losses"].numpy(), snapshots, blob["seconds"])


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m core.seq2seq_train", description="train the toy translator")
    parser.add_argument("--out", required=True, help="where to write the checkpoint (.pt)")
    for f in fields(Seq2SeqConfig):
        if f.type in ("bool", bool):
            parser.add_argument(f"--{f.name}", action=argparse.BooleanOptionalAction, default=f.default)
        else:
            kind = {"int": int, "float": float}.get(f.type, str)
            parser.add_argument(f"--{f.name.replace('_', '-')}", dest=f.name, type=kind, default=f.default)
    args = vars(parser.parse_args(argv))
    out = args.pop("out")
    torch.set_num_threads(1)  # deterministic, and what the app uses
    run = train(Seq2SeqConfig(**args), on_step=lambda step, steps, loss: step % 250 == 0 and print(
        f"step {step}/{steps} loss {loss:.4f}", flush=True))
    save(run.model(), out, **to_blob(run))
    print(f"wrote {out} in {run.seconds:.1f} s")


if __name__ == "__main__":
    main()
