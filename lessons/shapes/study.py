"""What the RNN shapes lesson computes: the tokens each diagram reads and writes, taken from the tasks in core; which
shape a lesson uses in which phase (the question); and the downloads (the table, with every diagram's tokens).

The table's rows are the lesson's data (text.en.toml ``[[rows]]``: kind, lessons, where, example, and ``when``,
the phase each lesson uses that shape in); the shapes' display names come in as an argument."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import torch

from core.grammar import MIN_LENGTH, sample
from core.recall import RecallConfig, make_batch
from core.text import make_task

TEXT = "hello hello"  # lesson 1's "hello", twice, so every T up to 8 has characters; its first 4 steps are "hello"
SEED = 0  # the recall sequence and the grammar sentence
STEPS = (2, 8)  # the unrolled steps T a diagram can draw: the slider's range
Tokens = tuple[tuple[str, ...], tuple[str, ...]]  # (inputs, outputs)


def tokens(T: int, recall_key: str = "key #{i}") -> dict[str, Tokens]:
    """Inputs and outputs of every shape at T steps, read from the tasks in core. ``recall_key`` labels the recall
    task's key (``{i}`` is its one-hot index)."""
    task = make_task(TEXT)
    read = tuple(task.vocab[i] for i in task.inputs[:T])
    due = tuple(task.vocab[i] for i in task.targets[:T])
    recall = RecallConfig(distance=max(T - 2, 1), seed=SEED)  # key, d distractors, query: T = d + 2
    x, key = make_batch(recall, 1, torch.Generator().manual_seed(SEED))
    ids = x[:, 0].argmax(-1).tolist()  # (d + 2,) the index of each one-hot input
    recall_in = (recall_key.format(i=ids[0]), *(f"#{i}" for i in ids[1:-1]), "?")
    sentence = sample(np.random.default_rng(SEED), max(T, MIN_LENGTH))
    english = tuple(sentence.english())
    annotations = tuple(f"h{chr(0x2080 + t)}" for t in range(1, len(english) + 1))  # h₁, h₂, ...: [→h_t; ←h_t]
    return {"one_to_many": (read[:1], due), "many_to_one": (recall_in, (f"#{int(key[0])}",)),
            "encoder_decoder": (english, tuple(sentence.korean())), "synced": (read, due),
            "bidirectional": (english, annotations), "stacked": (read, due)}


def used_in(rows: list[dict], lesson: str, phase: str) -> str:
    """The one shape (its kind) that ``lesson`` uses while it is in ``phase`` ("trains", "generates"), read from
    the table's rows."""
    kinds = [row["kind"] for row in rows if row.get("when", {}).get(lesson) == phase]
    if len(kinds) != 1:
        raise ValueError(f"the table should give lesson {lesson!r} one shape while it {phase}, got {kinds}")
    return kinds[0]


def table_csv(rows: list[dict], columns: list[str], names: dict[str, str]) -> str:
    """The table as the page shows it: shape (by its name), where in this lab, an example, under the header
    ``columns`` (the page passes the English one, so the file's schema does not depend on the language)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([names[row["kind"]], row["where"], row["example"]])
    return out.getvalue()


def table_json(rows: list[dict], names: dict[str, str], recall_key: str) -> str:
    """The table with each shape's tokens at every T the diagrams can draw."""
    low, high = STEPS
    drawn = {T: tokens(T, recall_key) for T in range(low, high + 1)}
    shapes = [{"kind": row["kind"], "name": names[row["kind"]], "lessons": list(row["lessons"]),
               "where": row["where"], "example": row["example"], "when": dict(row.get("when", {})),
               "unrolled": [{"T": T, "inputs": list(drawn[T][row["kind"]][0]),
                             "outputs": list(drawn[T][row["kind"]][1])} for T in drawn]} for row in rows]
    return json.dumps({"lesson": "shapes", "text": TEXT, "seed": SEED, "shapes": shapes}, ensure_ascii=False,
                      indent=2)
