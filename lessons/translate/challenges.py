"""Translation lesson, challenges graded live (ui/challenges.py). Each check reads what the page's main script has just
computed for the learner's sentence: the recurrent models' decodings, the Transformer's translation and the
accuracy curves (all shared results, so a check costs a dictionary look-up)."""

from __future__ import annotations

from core.decoding import Decoding
from core.grammar import parse
from lessons.translate.models import accuracy_of, record, translated
from lessons.translate.study import PER_LENGTH, TRANSFORMER
from ui.challenges import Challenge, Verdict

HALF = 0.5  # the model without attention gets fewer than this share of new sentences exactly right ...
HOLDS = 0.8  # ... while the attention model still gets at least this share
# The starting sentence: 12 words that all three shipped models translate exactly right (tests/test_challenges_*).
START = {"sentence": "own", "own": "we want cold water and sweet cake and small old book today"}


def differ(out: list[str], reference: list[str]) -> int:
    """How many of the grammar's words ``out`` gets wrong: a different word in place, or one missing or extra."""
    return sum(a != b for a, b in zip(out, reference, strict=False)) + abs(len(out) - len(reference))


def first_wrong(out: list[str], reference: list[str]) -> int:
    """The 0-based position of the first word of ``out`` that is not the grammar's (its length if it stops short)."""
    return next((k for k, (a, b) in enumerate(zip(out, reference, strict=False)) if a != b),
                min(len(out), len(reference)))


def outcome(out: list[str], reference: list[str], S: dict) -> str:
    """"exactly right", or how many words differ."""
    return S["ch_right"] if out == reference else S["ch_wrong"].format(k=differ(out, reference), m=len(reference))


def quoted(word: str) -> str:
    """A Korean word the model wrote (its vocabulary: plain Hangul), in quotes: a code span in a caption is too small
    to read Hangul in."""
    return f"“{word}”"


def wrote(out: list[str], k: int, S: dict) -> str:
    return quoted(out[k]) if k < len(out) else S["ch_nothing"]


def half(words: list[str], units: int, S: dict) -> Verdict:
    """A length where one context vector runs out: the accuracy curves at the learner's sentence length."""
    n, train_max = len(words), record("no attention").config.train_max
    curve = accuracy_of("no attention")
    if n not in curve:  # the grammar's sentences have 3 to 27 words; the curves measure exactly those lengths
        return Verdict(False, S["ch_half_outside"].format(n=n, lo=min(curve), hi=max(curve)),
                       S["ch_half_lengths"].format(lo=min(curve), hi=max(curve)))
    none, att = 100 * curve[n], 100 * accuracy_of("attention")[n]
    measured = S["ch_half_measured"].format(n=n, none=none, att=att, per=PER_LENGTH)
    if none >= 100 * HALF:
        return Verdict(False, measured, S["ch_half_enough"].format(n=n, units=units))
    if att < 100 * HOLDS:
        return Verdict(False, measured, S["ch_half_both"].format(n=n, train_max=train_max))
    unseen = S["ch_half_unseen"].format(train_max=train_max) if n > train_max else ""
    return Verdict(True, measured, S["ch_half_why"].format(n=n, units=units, att=att) + unseen)


def seen(words: list[str], decodings: dict[str, Decoding], S: dict) -> Verdict:
    """A sentence no longer than the training sentences that attention gets right and one vector gets wrong."""
    n, train_max = len(words), record("no attention").config.train_max
    sentence = parse(words)
    if sentence is None:
        return Verdict(False, S["ch_measured_words"].format(n=n), S["ch_not_grammar"])
    reference = sentence.korean()
    att, none = decodings["attention"], decodings["no attention"].korean
    measured = S["ch_seen_measured"].format(n=n, att=outcome(att.korean, reference, S),
                                            none=outcome(none, reference, S))
    if n > train_max:
        return Verdict(False, measured, S["ch_seen_long"].format(n=n, train_max=train_max))
    if att.korean != reference:
        return Verdict(False, measured, S["ch_seen_attention"])
    if none == reference:
        pct = 100 * accuracy_of("no attention").get(n, float("nan"))
        return Verdict(False, measured, S["ch_seen_both"].format(n=n, pct=pct))
    k = first_wrong(none, reference)
    looked = int(att.weights[k].argmax())  # the attention model wrote the right word k: where it looked meanwhile
    return Verdict(True, measured, S["ch_seen_why"].format(
        t=k + 1, wrong=wrote(none, k, S), right=quoted(reference[k]), units=decodings["no attention"].first.shape[0],
        source=words[looked], w=float(att.weights[k, looked])))


def beyond(words: list[str], decodings: dict[str, Decoding], S: dict) -> Verdict:
    """A sentence the recurrent attention model gets right and the Transformer gets wrong."""
    n, train_max = len(words), record(TRANSFORMER).config.train_max
    sentence = parse(words)
    if sentence is None:
        return Verdict(False, S["ch_measured_words"].format(n=n), S["ch_not_grammar"])
    reference = sentence.korean()
    att, tf = decodings["attention"].korean, translated(TRANSFORMER, tuple(words))
    measured = S["ch_tf_measured"].format(n=n, att=outcome(att, reference, S), tf=outcome(tf, reference, S))
    tf_pct, att_pct = (100 * accuracy_of(name).get(n, float("nan")) for name in (TRANSFORMER, "attention"))
    if att != reference:
        return Verdict(False, measured, S["ch_tf_attention"])
    if tf == reference:
        return Verdict(False, measured, S["ch_tf_both"].format(n=n, train_max=train_max, pct=tf_pct))
    k = first_wrong(tf, reference)
    said = dict(t=k + 1, wrong=wrote(tf, k, S), right=quoted(reference[k]), n=n, train_max=train_max,
                first_new=train_max + 1, tf=tf_pct, att=att_pct)
    return Verdict(True, measured, S["ch_tf_why" if n > train_max else "ch_tf_why_seen"].format(**said))


def challenges(words: list[str], decodings: dict[str, Decoding], S: dict) -> tuple[str, list[Challenge]]:
    units = decodings["no attention"].first.shape[0]  # s_0: everything the decoder without attention is told
    train_max = record("no attention").config.train_max
    return "translate", [
        Challenge("translate_half", S["ch_half"].format(half=100 * HALF, holds=100 * HOLDS, per=PER_LENGTH),
                  lambda: half(words, units, S), START),
        Challenge("translate_seen", S["ch_seen"].format(train_max=train_max), lambda: seen(words, decodings, S),
                  START),
        Challenge("translate_beyond", S["ch_tf"], lambda: beyond(words, decodings, S), START),
    ]
