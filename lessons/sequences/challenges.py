"""Sequences lesson, challenges graded live (ui/challenges.py). Each check reads what the page's main script has just
computed: the two models trained at the chosen seed, their answers on the learner's two sentences, and the
learner's sentence cut into tokens. The cell and the language model live in fragments, so no check reads them."""

from __future__ import annotations

from lessons.sequences.study import OrderStudy, answers
from lessons.sequences.study_tokens import NOTES_SENTENCE, Tokens
from lessons.sequences.why import ENGLISH_PAIR
from ui.challenges import Challenge, Verdict
from ui.safe import code


def counts(study: OrderStudy) -> dict[str, int]:
    """How many sentences each split holds, and how many of them each model gets right."""
    n = {split: len(items) for split, items in study.split.items()}
    right = {f"{model}_{split}": round(study.accuracy[model, split] * n[split])
             for model in ("bow", "rnn") for split in n}
    return {"n_train": n["train"], "n_held": n["held_out"], **right}


def split_of(study: OrderStudy, tokens: tuple[str, ...]) -> str:
    """"train" or "held_out" for a sentence of the task, "none" for one the task does not have."""
    return next((split for split, items in study.split.items() if any(s.tokens == tokens for s in items)), "none")


def catch(study: OrderStudy, pair: list[tuple[str, ...]], S: dict) -> Verdict:
    """One of the learner's two sentences on which the RNN names the wrong doer."""
    if not pair:
        return Verdict(False, S["ch_catch_unread"], S["ch_catch_unread_why"])
    found = answers(study, pair)
    lines = []
    for n, a in enumerate(found, start=1):
        pick, p = a.picks["rnn"]
        key = "ch_catch_unknown" if a.truth is None else "ch_catch_right" if pick == a.truth else "ch_catch_wrong"
        lines.append(S[key].format(n=n, sentence=" ".join(a.tokens), pick=code(pick), p=p))  # known words only
    measured = " ".join(lines)
    c = counts(study)
    numbers = dict(seed=study.config.seed, missed=c["n_held"] - c["rnn_held_out"], **c)
    wrong = next((a for a in found if a.truth is not None and a.picks["rnn"][0] != a.truth), None)
    if wrong is None:
        key = "ch_catch_perfect" if numbers["missed"] == 0 else "ch_catch_hint"
        return Verdict(False, measured, S[key].format(**numbers))
    where = S[f"ch_where_{split_of(study, wrong.tokens)}"]
    if wrong.picks["rnn"][0] not in wrong.tokens:
        where += " " + S["ch_catch_absent"]
    return Verdict(True, measured, S["ch_catch_why"].format(
        truth=code(wrong.truth), pick=code(wrong.picks["rnn"][0]), bow=code(wrong.picks["bow"][0]), where=where,
        **numbers))


def seed(study: OrderStudy, S: dict) -> Verdict:
    """A seed at which the RNN names the doer of every held-out sentence."""
    c = counts(study)
    numbers = dict(seed=study.config.seed, missed=c["n_held"] - c["rnn_held_out"],
                   bow_share=100 * study.accuracy["bow", "held_out"], **c)
    measured = S["ch_seed_measured"].format(**numbers)
    if numbers["missed"]:
        return Verdict(False, measured, S["ch_seed_missed"].format(**numbers))
    return Verdict(True, measured, S["ch_seed_why"].format(**numbers))


def vocab(levels: dict[str, Tokens] | None, S: dict) -> Verdict:
    """A sentence with more distinct words than distinct characters."""
    if levels is None:
        return Verdict(False, S["ch_vocab_unread"], S["ch_vocab_hint"])
    w, c = levels["word"], levels["char"]
    numbers = dict(Tw=w.T, Vw=w.V, Tc=c.T, Vc=c.V)
    measured = S["ch_vocab_measured"].format(**numbers)
    if w.V <= c.V:
        return Verdict(False, measured, S["ch_vocab_hint"])
    return Verdict(True, measured, S["ch_vocab_why"].format(**numbers))


def challenges(study: OrderStudy, pair: list[tuple[str, ...]], levels: dict[str, Tokens] | None,
               S: dict) -> tuple[str, list[Challenge]]:
    start = {"order_seed": "0", "pair_a": ENGLISH_PAIR[0], "pair_b": ENGLISH_PAIR[1]}
    return "sequences", [
        Challenge("sequences_catch_rnn", S["ch_catch"], lambda: catch(study, pair, S), start),
        Challenge("sequences_seed", S["ch_seed"], lambda: seed(study, S), start),
        Challenge("sequences_vocab", S["ch_vocab"], lambda: vocab(levels, S), {"sentence": NOTES_SENTENCE}),
    ]
