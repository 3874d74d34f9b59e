"""Gates lesson, challenges graded live (ui/challenges.py). Each check reads the three cells the page has just
trained from the main controls (text, H, steps, seed). The pins of section 5 live in a fragment, which reruns alone:
a check that read them would show a stale verdict, so no challenge here depends on a pin."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from core.text import memory_steps
from lessons.gates.study import PRESETS, GatesStudy
from ui.challenges import Challenge, Verdict

BRACKETS = PRESETS["brackets"]
# The small LSTM's budget. Measured at 300 steps: with 4 units the LSTM closed every bracket at seeds 0 and 1 (the
# GRU and the RNN at none of 0-3); with 3 units only at seed 3 after 800 steps; with 2 at none of seeds 0-5.
SMALL = 4
START = {"source": "brackets", "H": "12", "steps": "300", "seed": "0"}  # the page's defaults


@dataclass(frozen=True)
class Memory:
    """How one trained cell does on the steps that need memory. ``first`` is the first such step and ``second`` the
    first one whose next character differs from first's (on the bracket text: step 7, before ")", and step 15,
    before "]"); ``back`` is how many steps before them the inputs last differed (where the bracket was read).
    ``unit`` (0-based) is the unit whose state (c for the LSTM, h otherwise) differs most between the two steps."""

    right: int  # next characters right, of T
    closed: int  # memory steps right, of ``steps``
    steps: int
    first: int
    second: int
    back: int
    unit: int
    at_first: float
    at_second: float
    gap: float  # |at_first - at_second|: the largest difference in any unit
    p: float  # the mean probability given to the right next character at the memory steps


def memory(s: GatesStudy, kind: str) -> Memory:
    """``kind``'s trained model on the study's text, which must have two memory steps with different next
    characters (the bracket text has four)."""
    a, task = s.analyses[kind], s.task
    inputs, targets = np.asarray(task.inputs), np.asarray(task.targets)
    ok = a.probs.argmax(axis=1) == targets  # (T,)
    steps = np.asarray(memory_steps(task)) - 1  # 0-based rows
    first = int(steps[0])
    second = int(next(t for t in steps if targets[t] != targets[first]))
    back = next((k for k in range(1, first + 1) if inputs[first - k] != inputs[second - k]), first)
    state = a.c if kind == "lstm" else a.h  # (T, H): the LSTM keeps its memory in c
    diff = np.abs(state[first] - state[second])  # (H,)
    j = int(diff.argmax())
    return Memory(int(ok.sum()), int(ok[steps].sum()), len(steps), first + 1, second + 1, back, j,
                  float(state[first, j]), float(state[second, j]), float(diff[j]),
                  float(a.probs[steps, targets[steps]].mean()))


def _numbers(s: GatesStudy, m: Memory) -> dict:
    """The placeholders every measured sentence and explanation of this file may use."""
    c = s.config
    return dict(H=c.hidden_size, seed=c.seed, steps=c.steps, T=s.task.T, right=m.right, closed=m.closed,
                memory=m.steps, first=m.first, second=m.second, back=m.back, unit=m.unit + 1, a=m.at_first,
                b=m.at_second, gap=m.gap, p=m.p, max=SMALL)


def _lost(S: dict, n: dict, m: Memory, state: str) -> str:
    """Why the bracket did not make it: the two states are (nearly) the same, or the model is not done learning."""
    if m.closed < m.steps:
        return S["ch_lost"].format(state=state, **n)
    return S["ch_unfinished"].format(wrong=n["T"] - m.right, **n)


def rnn_memory(s: GatesStudy, S: dict) -> Verdict:
    """The plain RNN closes every bracket: possible over a gap this short, at some sizes and seeds."""
    if s.config.text != BRACKETS:
        return Verdict(False, S["ch_other_text"], S["ch_brackets_text"])
    m = memory(s, "rnn")
    n = _numbers(s, m)
    measured = S["ch_rnn_measured"].format(**n)
    if m.right < s.task.T:
        return Verdict(False, measured, _lost(S, n, m, "h") + " " + S["ch_rnn_try"])
    return Verdict(True, measured, S["ch_rnn_why"].format(**n))


def small_lstm(s: GatesStudy, S: dict) -> Verdict:
    """The LSTM closes every bracket with at most SMALL units."""
    if s.config.text != BRACKETS:
        return Verdict(False, S["ch_other_text"], S["ch_brackets_text"])
    m = memory(s, "lstm")
    n = _numbers(s, m)
    measured = S["ch_small_measured"].format(**n)
    if s.config.hidden_size > SMALL:
        return Verdict(False, measured, S["ch_small_size"].format(**n))
    if m.right < s.task.T:
        return Verdict(False, measured, _lost(S, n, m, "c") + " " + S["ch_small_try"].format(**n))
    others = {kind: memory(s, kind).right for kind in ("gru", "rnn")}
    return Verdict(True, measured, S["ch_small_why"].format(gru=others["gru"], rnn=others["rnn"], **n))


def challenges(s: GatesStudy, S: dict) -> tuple[str, list[Challenge]]:
    return "gates", [
        Challenge("gates_rnn_memory", S["ch_rnn"], lambda: rnn_memory(s, S), START),
        Challenge("gates_small_lstm", S["ch_small"].format(max=SMALL), lambda: small_lstm(s, S), START),
    ]
