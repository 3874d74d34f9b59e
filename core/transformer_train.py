"""Training the Transformer translator on the same batches as the recurrent ones (core.seq2seq_train.batch).

    python -m core.transformer_train --seed 0 --out assets/models/transformer.pt

Adam with the paper's betas (0.9, 0.98), the learning rate warmed up linearly and then decayed along a cosine
(Vaswani et al. 2017 warm up, then decay by 1/sqrt(step)); gradients clipped at norm 1, as for the recurrent models.
With one torch thread the run is deterministic: the same command and seed give the same weights on one machine."""

from __future__ import annotations

import argparse
import math
import time
from dataclasses import fields

import numpy as np
import torch
from torch import nn

from core.grammar import MIN_LENGTH
from core.seq2seq import TARGET_ID, accuracy_by_length, save
from core.seq2seq_train import TrainRun, batch, snapshot, to_blob
from core.transformer import Transformer, TransformerConfig
from core.vocab import PAD

SNAPSHOTS = 24
RECORD_LENGTHS, RECORD_PER_LENGTH, RECORD_SEED = tuple(range(3, 21)), 200, 11  # the accuracy a checkpoint records


def rate(step: int, config: TransformerConfig) -> float:
    """The learning rate at ``step`` (1-based): linear warm-up to ``lr``, then a cosine down to lr / 10."""
    if step <= config.warmup:
        return config.lr * step / config.warmup
    done = (step - config.warmup) / max(1, config.steps - config.warmup)
    return config.lr * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * done)))


def length(rng: np.random.Generator, config: TransformerConfig) -> int:
    """An English length from 3 to train_max, drawn in proportion to the length: every word position is seen about
    as often as every other, so the longest sentences (the hardest) are not the rarest words."""
    lengths = np.arange(MIN_LENGTH, config.train_max + 1)
    return int(rng.choice(lengths, p=lengths / lengths.sum()))


def train(config: TransformerConfig, on_step=None) -> TrainRun:
    """Train from scratch; ``on_step(step, steps, loss)`` reports progress."""
    start = time.perf_counter()
    torch.manual_seed(config.seed)
    rng = np.random.default_rng(config.seed)
    model = Transformer(config)
    optimizer = torch.optim.Adam(model.parameters(), lr=config.lr, betas=(0.9, 0.98))
    loss_fn = nn.CrossEntropyLoss(ignore_index=TARGET_ID[PAD])
    every = max(1, config.steps // SNAPSHOTS)
    snapshots, losses = [snapshot(model, 0)], np.zeros(config.steps)
    for step in range(1, config.steps + 1):
        for group in optimizer.param_groups:
            group["lr"] = rate(step, config)
        source, target_in, target_out = batch(rng, config, length(rng, config))
        logits, _ = model(source, target_in)
        loss = loss_fn(logits.flatten(0, 1), target_out.flatten())
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        losses[step - 1] = loss.item()
        if step % every == 0 or step == config.steps:
            snapshots.append(snapshot(model, step))
        if on_step is not None:
            on_step(step, config.steps, loss=losses[step - 1])
    model.eval()
    state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    return TrainRun(config, state, losses, snapshots, time.perf_counter() - start)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m core.transformer_train", description="train the toy Transformer")
    parser.add_argument("--out", required=True, help="where to write the checkpoint (.pt)")
    for f in fields(TransformerConfig):
        kind = {"int": int, "float": float}.get(f.type, str)
        parser.add_argument(f"--{f.name.replace('_', '-')}", dest=f.name, type=kind, default=f.default)
    args = vars(parser.parse_args(argv))
    out = args.pop("out")
    torch.set_num_threads(1)  # deterministic, and what the app uses
    run = train(TransformerConfig(**args), on_step=lambda step, steps, loss: step % 250 == 0 and print(
        f"step {step}/{steps} loss {loss:.4f}", flush=True))
    model = run.model()
    accuracy = accuracy_by_length(model, RECORD_LENGTHS, RECORD_PER_LENGTH, RECORD_SEED)
    save(model, out, **to_blob(run), accuracy=torch.tensor([accuracy[k] for k in RECORD_LENGTHS]))
    print("exact match by English length: " + ", ".join(f"{k}: {100 * a:.1f} %" for k, a in accuracy.items()))
    print(f"wrote {out}; trained in {run.seconds:.1f} s")


if __name__ == "__main__":
    main()
