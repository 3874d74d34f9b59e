"""RNN shapes lesson, the predict-then-reveal question: which shape is the first lesson's model while it trains, and
which while it generates? The answer is read from the table's rows (which lesson uses which shape, and when)."""

from lessons.shapes.study import used_in
from ui.registry import LESSONS
from ui.skeleton import Question
from viz.shapes import shape_names


def question(S: dict, lang: str) -> Question:
    first = LESSONS[0].key  # "the first lesson"
    names = shape_names(lang)
    options = [tuple(pair) for pair in S["question_options"]]  # (shape while training, shape while generating)

    def label(pair: tuple[str, str]) -> str:
        return S["question_option"].format(trains=names[pair[0]], generates=names[pair[1]])

    def reveal(guess: tuple[str, str] | None) -> str:
        answer = (used_in(S["rows"], first, "trains"), used_in(S["rows"], first, "generates"))
        where = {row["kind"]: row["where"] for row in S["rows"]}
        verdict = ("—" if guess is None else S["question_right"] if tuple(guess) == answer
                   else S["question_wrong"].format(guess=label(guess)))
        return S["question_answer"].format(trains=names[answer[0]], trains_where=where[answer[0]],
                                           generates=names[answer[1]], generates_where=where[answer[1]],
                                           verdict=verdict)

    return Question(S["question"], options, reveal, label, note=S["question_why"])
