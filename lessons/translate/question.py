"""Translation lesson, the predict-then-reveal question: which English word does the decoder look at most while it
writes the Korean verb (the last word)? It is asked about a sentence that is not on the page (``other_sentence``):
the page's own attention map already shows the answer for its sentence (issue 20). The answer is read from the
attention model's own weights on that other sentence."""

from __future__ import annotations

from core.decoding import Decoding
from lessons.translate.study import verb_focus
from ui.skeleton import Question


def other_sentence(words: list[str], examples: list[str]) -> list[str]:
    """The example after the page's sentence (the first example when the page shows one of its own), so the
    question is never about the sentence whose attention the page draws."""
    sentences = [example.split() for example in examples]
    if list(words) in sentences:
        return sentences[(sentences.index(list(words)) + 1) % len(sentences)]
    return sentences[0]


def question(words: list[str], d: Decoding, S: dict) -> Question | None:
    """``words`` and ``d``: the sentence asked about and the attention model's decoding of it. None when the model
    wrote no Korean word: there is no verb to ask about."""
    answer = verb_focus(d)
    if answer is None:
        return None
    verb, top, weight = answer

    def reveal(guess: int | None) -> str:
        verdict = S["question_right"] if guess == top else ""
        return S["question_answer"].format(verb=verb, word=words[top], weight=weight, position=top + 1,
                                           n=len(words), verdict=verdict)

    return Question(S["question"].format(verb=verb, sentence=" ".join(words)), range(len(words)), reveal,
                    lambda i: words[i])
