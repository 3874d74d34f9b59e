"""Hello lesson, challenges graded live (issue 20): each checked met and not met through AppTest, opened from the
address as a challenge's link opens it; progress kept for the session; the checks read the live model."""

import pytest

from core.charlm import HelloConfig
from lessons.hello.challenges import right
from lessons.hello.study import study
from tests.challengetools import heading, opened, verdicts
from ui.challenges import typed


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_one_unit_is_met_with_one_hidden_unit_and_not_with_three(lang):
    at = opened("hello", {"hidden": "1", "steps": "100", "lr": "0.1"}, lang)
    state, text = verdicts(at)["hello_one_unit"]
    assert state == "met" and "4" in text, text
    assert heading(at) == ("Challenges: 1 of 2 done" if lang == "en" else "도전 과제: 2개 중 1개 완료")
    at = opened("hello", {}, lang)  # the default H = 3
    assert verdicts(at)["hello_one_unit"][0] == "not yet"
    assert heading(at).startswith("Challenges: 0 of 2" if lang == "en" else "도전 과제: 2개 중 0개")


def test_one_unit_reads_the_live_model_one_unit_that_has_not_learned_is_not_met():
    """H = 1 but too few steps to separate the two l's: the check counts the trained model's predictions."""
    s = study(HelloConfig(text="hello", cell="rnn", hidden_size=1, steps=30, lr=0.1, seed=0))
    assert right(s) < 4
    at = opened("hello", {"hidden": "1", "steps": "30", "lr": "0.1"})
    assert verdicts(at)["hello_one_unit"][0] == "not yet"


def test_overshoot_is_met_when_a_large_step_undoes_the_learning_and_not_when_it_is_kept():
    settings = {"hidden": "1", "steps": "1000", "lr": "0.3"}
    s = study(HelloConfig(text="hello", cell="rnn", hidden_size=1, steps=1000, lr=0.3, seed=0))
    assert s.result.solved_at is not None and right(s) < 4  # autograd's own training run: it learned, then lost it
    state, text = verdicts(opened("hello", settings))["hello_overshoot"]
    assert state == "met" and f"from training step {s.result.solved_at};" in text, text
    assert verdicts(opened("hello", {}))["hello_overshoot"][0] == "not yet"  # the defaults keep what they learn


def test_a_met_challenge_stays_done_for_the_session_when_the_settings_move_on():
    at = opened("hello", {"hidden": "1", "steps": "100", "lr": "0.1"})
    assert verdicts(at)["hello_one_unit"][0] == "met"
    at.slider(key="hidden").set_value(3).run()
    assert not at.exception
    state, text = verdicts(at)["hello_one_unit"]
    assert state == "before" and "With the current settings" in text and "H = 3" in text, text
    assert heading(at) == "Challenges: 1 of 2 done"


def test_start_from_here_sets_the_controls_and_the_link_opens_the_same_start():
    at = opened("hello", {"hidden": "1", "steps": "100", "lr": "0.1", "cell": "LSTM"})
    at.button(key="start_hello_overshoot").click().run()
    assert not at.exception
    shown = {w.key: w.value for w in [*at.slider, *at.radio, *at.select_slider, *at.text_input]}
    assert (shown["hidden"], shown["steps"], shown["lr"], shown["cell"], shown["text"]) == (3, 100, 0.1, "RNN", "hello")
    assert heading(at) == "Challenges: 1 of 2 done"  # one unit was met on the way in, and stays counted
    links = [b.proto.url for b in at.get("link_button")]
    assert "hello?text=hello&cell=RNN&hidden=3&steps=100&lr=0.1&lang=en" in links, links


def test_an_address_value_takes_the_type_of_the_widget_it_goes_to():
    assert typed(3, "1") == 1 and isinstance(typed(0.1, "0.3"), float) and typed(2.0, "3") == 3.0
    assert typed(True, "false") is False and typed("RNN", "LSTM") == "LSTM"
    assert typed(None, "60") == 60 and typed(None, "0.5") == 0.5 and typed(None, "hello") == "hello"
