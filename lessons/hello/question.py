"""Hello lesson, the predict-then-reveal question: which earlier state gets the largest gradient from the last loss?"""

from lessons.hello.study import HelloStudy, largest_gradient
from ui.safe import code
from ui.skeleton import Question


def question(s: HelloStudy, S: dict) -> Question:
    task = s.result.task

    def label(t: int) -> str:
        return f"h_{t} · {code(task.vocab[task.inputs[t - 1]])}"

    def reveal(guess: int | None) -> str:
        best, row = largest_gradient(s)
        verdict = (S["question_right"] if guess == best else S["question_wrong"].format(guess=label(guess))
                   if guess is not None else "—")
        nearest = ", ".join(f"{label(t)}: {row[t - 1]:.1e}" for t in range(task.T, 0, -1))
        return S["question_answer"].format(best=label(best), value=row[best - 1], verdict=verdict, row=nearest)

    return Question(S["question"], range(1, task.T + 1), reveal, label, note=S["question_why"])
