"""The opening lesson's downloads, one English schema in both languages: every sentence of the "who does it?" task
with both models' answers (CSV), the run and the learner's sentence as tokens (JSON), and the unrolled cell in both
forms (JSON)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from lessons.sequences.study import OrderStudy, answers, parameters
from lessons.sequences.study_cell import Unrolled
from lessons.sequences.study_tokens import Tokens


def order_csv(study: OrderStudy) -> str:
    """One row per sentence: its split, language, the grammar's doer, and each model's answer and probability."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["split", "language", "sentence", "tokens", "doer", "bow_answer", "bow_p", "rnn_answer", "rnn_p"])
    for split, items in study.split.items():
        for s, a in zip(items, answers(study, [s.tokens for s in items]), strict=True):
            writer.writerow([split, "ko" if s.group[0] == "ko" else "en", " ".join(s.tokens), len(s.tokens), s.doer,
                             a.picks["bow"][0], round(a.picks["bow"][1], 6), a.picks["rnn"][0],
                             round(a.picks["rnn"][1], 6)])
    return out.getvalue()


def tokens_dict(tokens: Tokens) -> dict:
    return {"tokens": list(tokens.tokens), "vocab": list(tokens.vocab), "ids": list(tokens.ids),
            "one_hot": tokens.one_hot.astype(int).tolist()}


def lesson_json(study: OrderStudy, pair: list[tuple[str, ...]], levels: dict[str, Tokens] | None,
                more: dict | None = None) -> str:
    """The run's settings and results, the learner's pair with both answers, the sentence at both levels, and
    ``more`` (the later sections' data: the shapes, the language models)."""
    found = answers(study, pair) if pair else []
    return json.dumps({
        "lesson": "sequences", "order_task": {
            "config": asdict(study.config), "parameters": parameters(study),
            "accuracy": {f"{model}_{split}": acc for (model, split), acc in study.accuracy.items()},
            "training_seconds": study.seconds,
            "pair": [{"tokens": list(a.tokens), "doer": a.truth, "bow": a.picks["bow"][0], "rnn": a.picks["rnn"][0]}
                     for a in found]},
        "sentence": None if levels is None else {level: tokens_dict(t) for level, t in levels.items()},
        **(more or {}),
    }, ensure_ascii=False, indent=2, default=float)


def cell_json(u: Unrolled, tokens: Tokens) -> str:
    """The unrolled cell: the notes' row-form weights and PyTorch's, h_t both ways and ŷ_T."""
    notes = {"W_x": u.W_x, "W_h": u.W_h, "b": u.b, "W_y": u.W_y, "b_y": u.b_y}
    return json.dumps({
        "lesson": "sequences", "config": asdict(u.config), "tokens": tokens_dict(tokens),
        "notes_row_form": {k: v.tolist() for k, v in notes.items()},
        "pytorch_column_form": {k: v.tolist() for k, v in u.torch_form.items()},
        "h_row_form": u.h_row.tolist(), "h_column_form": u.h_col.tolist(), "h_torch_nn_rnn": u.h_torch.tolist(),
        "y_hat_T": u.y_row.tolist(), "max_difference_row_vs_column": u.gap,
    }, ensure_ascii=False, indent=2)
