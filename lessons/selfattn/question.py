"""Self-attention lesson, the predict-then-reveal question: under the causal mask, which words can one word see?
The answer is read from the causal mask itself."""

from lessons.selfattn.study import LayerStudy, causal_sight, question_word, sight_choices
from ui.skeleton import Question


def question(s: LayerStudy, S: dict) -> Question:
    tokens = s.tokens
    T, i = len(tokens), question_word(tokens)
    word = tokens[i]
    choices = sight_choices(T, i)  # choice -> the positions it names

    def label(choice: str) -> str:
        return S["question_options"][choice]

    def reveal(guess: str | None) -> str:
        seen = causal_sight(T, i)
        right = next((c for c, positions in choices.items() if positions == seen), None)
        verdict = ("—" if guess is None else S["question_right"] if guess == right
                   else S["question_wrong"].format(guess=label(guess)))
        what = label(right) if right is not None else ", ".join(f"`{tokens[j]}`" for j in seen)
        return S["question_answer"].format(word=word, seen=", ".join(f"`{tokens[j]}`" for j in seen), what=what,
                                           n=T - len(seen), verdict=verdict)

    return Question(S["question"].format(word=word), list(choices), reveal, label, note=S["question_why"])
