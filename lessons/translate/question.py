"""Translation lesson, the predict-then-reveal question: which English word does the decoder look at most while it
writes the Korean verb (the last word)? The answer is read from the attention model's own weights."""

from __future__ import annotations

from core.decoding import Decoding
from lessons.translate.study import verb_focus
from ui.skeleton import Question


def question(words: list[str], d: Decoding, S: dict) -> Question | None:
    """None when the model wrote no Korean word: there is no verb to ask about."""
    answer = verb_focus(d)
    if answer is None:
        return None
    verb, top, weight = answer

    def reveal(guess: int | None) -> str:
        verdict = S["question_right"] if guess == top else ""
        return S["question_answer"].format(verb=verb, word=words[top], weight=weight, position=top + 1,
                                           n=len(words), verdict=verdict)

    return Question(S["question"].format(verb=verb), range(len(words)), reveal, lambda i: words[i])
