"""The two training labs on their defaults: gradient clipping (budget: both runs well under 5 s) and long-range
recall (budget: all three cells at one distance <= ~10 s up to d ~ 50), with the results the lessons rely on."""

from __future__ import annotations

import statistics

import torch

from core.recall import RecallConfig, train_recall
from lessons.vanishing.study_clipping import ClipConfig, train_pair

CLIP_REPEATS = 3
DISTANCES = (5, 20, 40, 50)
CELLS = ("rnn", "lstm", "gru")


def run() -> dict:
    torch.set_num_threads(1)  # as the app does
    train_pair(ClipConfig(steps=5))  # warm-up: first calls pay for torch's lazy initialisation
    pairs = [train_pair(ClipConfig()) for _ in range(CLIP_REPEATS)]
    result = pairs[-1]
    out = {"clipping": {"median_s_train_pair": round(statistics.median(p.plain.seconds + p.clipped.seconds
                                                                        for p in pairs), 3),
                        "plain_final_loss": round(float(result.plain.losses[-1]), 2),
                        "plain_diverged_at": result.plain.diverged_at,
                        "plain_accuracy": round(result.plain.accuracy, 3),
                        "clipped_final_loss": round(float(result.clipped.losses[-1]), 3),
                        "clipped_accuracy": round(result.clipped.accuracy, 3),
                        "n_clipped": result.clipped.n_clipped, "steps": result.config.steps},
           "recall": {}}
    for d in DISTANCES:
        row = {}
        for cell in CELLS:
            r = train_recall(RecallConfig(cell=cell, distance=d))
            row[cell] = {"s": round(r.seconds, 2), "accuracy": round(r.accuracy, 3)}
        row["s_all_cells"] = round(sum(row[cell]["s"] for cell in CELLS), 2)
        out["recall"][f"d={d}"] = row
    out["recall"]["steps"] = RecallConfig().steps
    return out


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
