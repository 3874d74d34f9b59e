"""Sequences lesson, the predict-then-reveal question: on sentences neither model saw, how often does the bag of
words name the doer? The answer is the option nearest the live model's measured accuracy."""

from lessons.sequences.study import OrderStudy
from ui.skeleton import Question

OPTIONS = (0, 25, 50, 75, 100)  # percent


def nearest(accuracy: float) -> int:
    """The option nearest a measured accuracy (a share, 0..1)."""
    return min(OPTIONS, key=lambda option: abs(option - 100 * accuracy))


def question(study: OrderStudy, S: dict) -> Question:
    def label(option: int) -> str:
        return S["question_option"].format(percent=option)

    def reveal(guess: int | None) -> str:
        bow, rnn = study.accuracy["bow", "held_out"], study.accuracy["rnn", "held_out"]
        best = nearest(bow)
        verdict = ("—" if guess is None else S["question_right"] if guess == best
                   else S["question_wrong"].format(guess=label(guess)))
        return S["question_answer"].format(bow=100 * bow, rnn=100 * rnn, best=label(best), verdict=verdict,
                                           held=len(study.split["held_out"]))

    return Question(S["question"], OPTIONS, reveal, label, note=S["question_why"])
