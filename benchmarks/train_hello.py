"""How long "hello" takes to reach 100 % next-character accuracy, per cell type (budget: median <= 0.3 s)."""

from __future__ import annotations

import statistics
import time

import torch

from core.charlm import HelloConfig, train
from lessons.hello.study import study

SEEDS = range(7)


class _FirstSolved:
    """Seconds from creation until the first training step with every prediction right (NaN if never)."""

    def __init__(self):
        self.start, self.seconds = time.perf_counter(), float("nan")

    def on_step(self, step, steps, loss, accuracy):
        if accuracy == 1.0 and self.seconds != self.seconds:
            self.seconds = time.perf_counter() - self.start


def run() -> dict:
    torch.set_num_threads(1)  # as the app does
    train(HelloConfig())  # warm-up: first calls pay for torch's lazy initialisation
    out = {}
    for cell in ("rnn", "lstm", "gru"):
        to_100, full, whole = [], [], []
        for seed in SEEDS:
            config = HelloConfig(cell=cell, seed=seed)
            clock = _FirstSolved()
            result = train(config, clock.on_step)
            full.append(result.seconds)
            to_100.append(clock.seconds)
            start = time.perf_counter()
            study(config)
            whole.append(time.perf_counter() - start)
        out[cell] = {"median_s_to_100pct": round(statistics.median(to_100), 4),
                     "median_s_default_training": round(statistics.median(full), 4),
                     "median_s_train_and_analyse": round(statistics.median(whole), 4),
                     "seeds_solved": sum(t == t for t in to_100), "seeds": len(SEEDS),
                     "default_steps": HelloConfig().steps}
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
