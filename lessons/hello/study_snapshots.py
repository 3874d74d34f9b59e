"""The model as it learns (lecture note 004: before training it said "o" where "e" was right): training that keeps
what the model predicts at chosen steps, from step 0 (the initial weights) to the end, in a bounded number of
snapshots.

``train_keeping`` is core.charlm.train, which hands its logits to ``keep`` at every step: at the kept steps the softmax
the loop computes anyway is kept. The tests check it gives exactly core.charlm.train's result, and each snapshot
exactly what a model trained for that many steps predicts."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from core.charlm import HelloConfig, TrainResult, train

EVERY_STEP_UNTIL = 20  # "hello" is solved in about 7-20 steps: keep each of them
SPREAD = 20  # and this many more, spread evenly over the rest of the run
# At most 41 snapshots of (T, V) probabilities: ~1.3 MB for a 64-character text with 64 distinct characters.


def snapshot_steps(steps: int) -> tuple[int, ...]:
    """The training steps kept: 0 (before any update), every step up to EVERY_STEP_UNTIL, then SPREAD more evenly
    spread to ``steps`` (the end), in order."""
    early = range(min(steps, EVERY_STEP_UNTIL) + 1)
    late = np.linspace(min(steps, EVERY_STEP_UNTIL), steps, SPREAD + 1).round().astype(int)
    return tuple(sorted(set(early) | {int(s) for s in late}))


@dataclass(frozen=True)
class Snapshots:
    """steps: (S,) the kept training steps, 0 = the initial weights, last = the trained model.
    probs: (S, T, V) p(next character) at each kept step (row t - 1 for step t of the text).
    targets: (T,) the right answers."""

    steps: tuple[int, ...]
    probs: np.ndarray
    targets: tuple[int, ...]

    def at(self, step: int) -> np.ndarray:
        """(T, V) the predictions after ``step`` updates (a kept step)."""
        return self.probs[self.steps.index(step)]

    def losses(self, step: int) -> np.ndarray:
        """(T,) the loss terms L_t = -log p_t(target) after ``step`` updates."""
        p = self.at(step)
        return -np.log(p[np.arange(len(self.targets)), self.targets])

    def predicted(self, step: int) -> np.ndarray:
        """(T,) the index of the most likely next character at each step of the text."""
        return self.at(step).argmax(axis=1)


def train_keeping(config: HelloConfig, on_step=None) -> tuple[TrainResult, Snapshots]:
    """core.charlm.train (not fused), keeping the predictions at ``snapshot_steps(config.steps)``."""
    steps = snapshot_steps(config.steps)
    kept: list[np.ndarray] = []

    def keep(step: int, logits: torch.Tensor) -> None:
        if step in steps:
            kept.append(torch.softmax(logits, -1).numpy())

    result = train(config, on_step, keep=keep)
    return result, Snapshots(steps, np.stack(kept), result.task.targets)
