"""The translation lesson (budgets: training from scratch with the defaults <= 60 s on 2 cores; moving the
decoder-step slider: server-side rerun <= 30 ms at p95).

train_default: ``core.seq2seq_train.train(Seq2SeqConfig())`` from scratch (the shipped attention model's settings)
and the same without attention, one torch thread each, run one after the other.
accuracy: ``accuracy_by_length`` of both shipped checkpoints, 500 new sentences per length (seed 7): the README's
table (tests/test_seq2seq.py checks the checkpoints still give it).
step_slider: the time inside ``lessons.translate.stepping.step_view`` (the st.fragment a move of "Decoder step t"
reruns) during AppTest reruns, plus the whole-script rerun, in English and in Korean (the same work: only the
strings differ, and both languages' strings are read once per process).
browser_keypress_to_chart: Chromium presses ArrowLeft on "Decoder step t" (?lang=en) and waits for the new chart
title.
"""

from __future__ import annotations

import time

from benchmarks.common import fragment_reruns, in_language, keypress_to_text

REPEATS = 30
PAGE = "lessons/translate/page.py"
README_PER_LENGTH, README_SEED = 500, 7


def train_default() -> dict:
    import torch

    from core import transformer_train
    from core.seq2seq import Seq2SeqConfig
    from core.seq2seq_train import train
    from core.transformer import TransformerConfig

    torch.set_num_threads(1)
    out = {}
    for attention in ("dot", "none"):
        run = train(Seq2SeqConfig(attention=attention))
        out[f"train_{attention}_s"] = round(run.seconds, 2)
        out[f"final_loss_{attention}"] = round(float(run.losses[-50:].mean()), 5)
    run = transformer_train.train(TransformerConfig())
    out["train_transformer_s"] = round(run.seconds, 2)
    out["final_loss_transformer"] = round(float(run.losses[-50:].mean()), 5)
    return out


def accuracy() -> dict:
    import torch

    from core.grammar import MAX_LENGTH, MIN_LENGTH
    from core.seq2seq import accuracy_by_length, pretrained

    torch.set_num_threads(1)
    out = {}
    for name in ("attention", "no_attention", "transformer"):
        start = time.perf_counter()
        acc = accuracy_by_length(pretrained(name), range(MIN_LENGTH, MAX_LENGTH + 1), README_PER_LENGTH, README_SEED)
        out[name] = {k: round(100 * v, 1) for k, v in acc.items()}
        out[f"{name}_seconds"] = round(time.perf_counter() - start, 2)
    return out


def step_slider() -> dict:
    from lessons.translate import stepping

    T = 9  # the default sentence: 8 Korean words and the end mark
    moves = [lambda at, t=1 + (i * 4) % T: at.slider(key="t").set_value(t).run() for i in range(REPEATS)]

    return {lang: fragment_reruns(stepping, "step_view", PAGE, moves, setup=in_language(lang))
            for lang in ("en", "ko")}


def browser_keypress() -> dict:
    presses = [("ArrowLeft", f"Step {8 - i}: scores") for i in range(1, 8)]
    presses += [("ArrowRight", f"Step {2 + i}: scores") for i in range(7)]
    return keypress_to_text("/translate?lang=en", "Step 8: scores", "Decoder step t", presses)


def run() -> dict:
    return {"train_default": train_default(), "accuracy_by_length": accuracy(), "step_slider": step_slider(),
            "browser_keypress_to_chart": browser_keypress()}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
