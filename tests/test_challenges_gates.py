"""Gates lesson, challenges graded live (issue 20): each checked met and not met through AppTest, opened from the
address as a challenge's link opens it. The expected numbers come from a fresh training run of the study, the
trained models rerun here by torch on the text, never from the check under test."""

import functools

import numpy as np
import pytest
import torch

from lessons.gates.study import GatesConfig
from lessons.gates.study import study as train
from tests.challengetools import heading, opened, verdicts

T = 31  # the bracket text's next characters
BEFORE_CLOSE, BEFORE_SQUARE = 6, 14  # rows of steps 7 and 15, where "f" is read before ")" and before "]"


@functools.cache
def study(config: GatesConfig):
    return train(config)


def run(s, kind: str):
    """The trained model of ``kind`` on the text: its trace (h, and c for the LSTM) and its logits."""
    with torch.no_grad():
        return s.model(kind)(s.task.one_hot())


def right(s, kind: str) -> int:
    """The next characters the trained cell gets right."""
    return int((run(s, kind)[1].argmax(-1) == torch.as_tensor(s.task.targets)).sum())


def memory_state(s, kind: str) -> np.ndarray:
    """(T, H) the state that carries memory: c for the LSTM, h for the others."""
    trace = run(s, kind)[0]
    return (trace.c if kind == "lstm" else trace.h).numpy()


def separation(states: np.ndarray) -> tuple[int, float, float]:
    """The unit (1-based) whose state differs most between the two steps, and its values there."""
    j = int(np.abs(states[BEFORE_CLOSE] - states[BEFORE_SQUARE]).argmax())
    return j + 1, float(states[BEFORE_CLOSE, j]), float(states[BEFORE_SQUARE, j])


def test_the_defaults_meet_neither_and_say_what_they_measured():
    s = study(GatesConfig())
    assert right(s, "rnn") < T == right(s, "lstm")  # the defaults: the LSTM carries the bracket, the RNN does not
    at = opened("gates", {})
    found = verdicts(at)
    assert found["gates_rnn_memory"][0] == "not yet" and found["gates_small_lstm"][0] == "not yet"
    assert f"{right(s, 'rnn')} of {T} next characters right" in found["gates_rnn_memory"][1]
    assert f"H = 12, seed 0, 300 steps: {T} of {T}" in found["gates_small_lstm"][1]
    gap = float(np.abs(memory_state(s, "rnn")[BEFORE_CLOSE] - memory_state(s, "rnn")[BEFORE_SQUARE]).max())
    assert f"differ by {gap:.3f} at most" in " ".join(c.value for c in at.caption)
    assert heading(at) == "Challenges: 0 of 2 done"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_plain_rnn_closes_every_bracket_with_sixteen_units(lang):
    s = study(GatesConfig(hidden_size=16))
    assert right(s, "rnn") == T  # the training run's own measure: the plain RNN learned the whole text
    at = opened("gates", {"H": "16"}, lang)
    state, text = verdicts(at)["gates_rnn_memory"]
    assert state == "met", text
    assert (f"{T} of {T} next characters right, 4 of 4" if lang == "en" else f"다음 글자 {T}개 중 {T}개") in text
    unit, a, b = separation(memory_state(s, "rnn"))
    why = " ".join(c.value for c in at.caption)
    assert (f"Unit {unit}'s h is {a:+.2f}" if lang == "en" else f"유닛 {unit}의 h는") in why and f"{b:+.2f}" in why
    assert verdicts(at)["gates_small_lstm"][0] == "not yet"  # 16 units are over the budget
    assert heading(at) == ("Challenges: 1 of 2 done" if lang == "en" else "도전 과제: 2개 중 1개 완료")


def test_four_units_carry_the_bracket_in_one_cell_state_and_it_stays_done():
    s = study(GatesConfig(hidden_size=4))
    assert right(s, "lstm") == T
    at = opened("gates", {"H": "4"})
    state, text = verdicts(at)["gates_small_lstm"]
    assert state == "met" and "H = 4" in text, text
    unit, a, b = separation(memory_state(s, "lstm"))
    why = " ".join(c.value for c in at.caption)
    assert f"Unit {unit}'s cell state is {a:+.2f} before “)” (step 7) and {b:+.2f}" in why
    assert f"the GRU gets {right(s, 'gru')} of {T} right and the RNN {right(s, 'rnn')} of {T}" in why
    assert verdicts(at)["gates_rnn_memory"][0] == "not yet"
    at.slider(key="H").set_value(12).run()
    assert not at.exception
    state, text = verdicts(at)["gates_small_lstm"]
    assert state == "before" and "H = 12" in text, text


def test_two_units_lose_the_bracket_and_the_verdict_says_so():
    s = study(GatesConfig(hidden_size=2))
    assert right(s, "lstm") < T
    state, text = verdicts(opened("gates", {"H": "2"}))["gates_small_lstm"]
    assert state == "not yet" and f"{right(s, 'lstm')} of {T} next characters right" in text, text


def test_another_text_is_not_the_bracket_text():
    found = verdicts(opened("gates", {"source": "hello"}, "ko"))
    assert {state for state, _ in found.values()} == {"not yet"}
    assert all("괄호 텍스트" in text for _, text in found.values())
