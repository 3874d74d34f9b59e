"""Hello lesson, challenges graded live (ui/challenges.py): each check reads the model the page has just trained."""

from __future__ import annotations

import numpy as np

from lessons.hello.study import HelloStudy
from ui.challenges import Challenge, Verdict
from ui.safe import code


def right(s: HelloStudy) -> int:
    """How many of the T next characters the trained model predicts (its most likely character is the target)."""
    return int((np.argmax(s.analysis.probs, axis=1) == np.asarray(s.result.task.targets)).sum())


def one_unit(s: HelloStudy, S: dict) -> Verdict:
    """Spell "hello" with one hidden unit: h_3 and h_4 both follow an "l" and must send the readout apart."""
    task, H = s.result.task, s.result.config.hidden_size
    k = right(s)
    measured = S["ch_one_unit_measured"].format(text=code(task.text), H=H, right=k, T=task.T)
    if task.text != "hello":
        return Verdict(False, measured, S["ch_one_unit_text"])
    if H != 1:
        return Verdict(False, measured, S["ch_one_unit_size"].format(H=H))
    if k < task.T:
        return Verdict(False, measured, S["ch_one_unit_short"].format(steps=s.result.config.steps))
    h = s.analysis.h[:, 0]  # (T,) the single unit after each character
    return Verdict(True, measured, S["ch_one_unit_why"].format(h3=h[2], h4=h[3]))


def overshoot(s: HelloStudy, S: dict) -> Verdict:
    """Learn the text, then lose it: right at some training step, wrong at the end (a step too large overshoots)."""
    r = s.result
    k = right(s)
    if r.solved_at is None:
        return Verdict(False, S["ch_overshoot_never"].format(right=k, T=r.task.T, steps=r.config.steps),
                       S["ch_overshoot_never_why"])
    measured = S["ch_overshoot_measured"].format(solved=r.solved_at, right=k, T=r.task.T, loss=r.losses[-1],
                                                 best=float(np.min(r.losses)))
    if k == r.task.T:
        return Verdict(False, measured, S["ch_overshoot_kept"].format(lr=r.config.lr))
    return Verdict(True, measured, S["ch_overshoot_why"].format(lr=r.config.lr))


def challenges(s: HelloStudy, S: dict) -> tuple[str, list[Challenge]]:
    return "hello", [
        Challenge("hello_one_unit", S["ch_one_unit"], lambda: one_unit(s, S),
                  {"text": "hello", "cell": "RNN", "hidden": "3"}),
        Challenge("hello_overshoot", S["ch_overshoot"], lambda: overshoot(s, S),
                  {"text": "hello", "cell": "RNN", "hidden": "3", "steps": "100", "lr": "0.1"}),
    ]
