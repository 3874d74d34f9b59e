"""Vanishing lesson, the predict-then-reveal question: how large is the RNN's gradient 20 steps back when
sigma_max(W_hh) = 0.5?"""

from lessons.vanishing.study import FlowConfig, FlowStudy, halved_norm
from ui.skeleton import Question
from ui.store import shared

BACK = 20  # steps back from the last state
CHOICES = ("1e-1", "1e-3", "1e-6", "below")  # the options' keys; their labels are S["question_options"], in order


@shared(16)
def answer(config: FlowConfig) -> float:
    """The RNN's ||ds_T/ds_(T-20)|| for the learner's settings but with sigma_max(W_hh) = 0.5, measured."""
    return halved_norm(config, BACK)


def question(s: FlowStudy, S: dict) -> Question:
    labels = dict(zip(CHOICES, S["question_options"], strict=True))

    def reveal(guess: str | None) -> str:
        value = answer(s.config)
        # which option the measurement falls in: >= 1e-2, >= 1e-4.5, >= 1e-6, below
        right = CHOICES[0 if value >= 1e-2 else 1 if value >= 10**-4.5 else 2 if value >= 1e-6 else 3]
        verdict = S["question_verdict_right" if guess == right else "question_verdict"].format(right=labels[right])
        return S["question_answer"].format(value=value, right=verdict, bound=0.5**BACK)

    return Question(S["question"], CHOICES, reveal, label=labels.__getitem__)
