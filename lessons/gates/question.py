"""Gates lesson, the predict-then-reveal question: with the forget gate pinned to 0, which next characters can the
trained LSTM still get right?"""

from core.text import memory_steps
from lessons.gates.breaking import broken
from lessons.gates.study import GatesStudy, accuracy
from ui.skeleton import Question

NONE, HALF, NOT_MEMORY, ALL = range(4)  # the choices, in the order of S["question_options"]


def question(s: GatesStudy, S: dict) -> Question:
    task, options = s.task, S["question_options"]

    def reveal(guess: int | None) -> str:
        a = broken(s, (("f", 0.0),)).analysis
        right_steps = a.probs.argmax(axis=1) == list(task.targets)
        wrong = [t for t, ok in enumerate(right_steps, start=1) if not ok]
        memory = set(memory_steps(task))
        answer = (ALL if not wrong else NOT_MEMORY if set(wrong) <= memory
                  else NONE if accuracy(a, task) < 0.3 else HALF)
        return S["question_answer"].format(right=int(right_steps.sum()), T=task.T, answer=options[answer],
                                           wrong=", ".join(map(str, wrong)) or S["question_none"],
                                           memory=", ".join(map(str, sorted(memory))) or S["question_none"],
                                           verdict=S["question_right"] if guess == answer else "")

    return Question(S["question"].format(T=task.T), range(len(options)), reveal, lambda n: options[n])
