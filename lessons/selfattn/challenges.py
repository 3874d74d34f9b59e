"""Self-attention lesson, challenges graded live (ui/challenges.py). Each check reads what the page's main script has
just computed: the distance gradients of the learner's sentence (section 5) and the tiny character model trained
without the mask on the learner's text (section 4), both shared results."""

from __future__ import annotations

from lessons.selfattn.distance import gradients
from lessons.selfattn.masking import generated, trained
from lessons.selfattn.study_mask import CharAttnConfig
from ui.challenges import Challenge, Verdict
from ui.safe import code

FORGOTTEN = 1e-3  # the RNN's gradient to the first word, as a share of its gradient to the last word, below this ...
KEPT = 0.1  # ... while self-attention's share stays at least this
MIN_TEXT = 4  # characters of the no-peek text
START_DISTANCE = {"sentence": "own", "own": "we want cold water today"}
START_PEEK = {"lm_text": "hello"}
POWER = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")  # an exponent written as superscript digits


def distance(words: tuple[str, ...], heads: int, seed: int, S: dict) -> Verdict:
    """The first word far away: the RNN's gradient to it has faded, self-attention's has not."""
    if len(words) < 2:
        return Verdict(False, S["ch_distance_one"], S["ch_distance_short"])
    g = gradients(words, heads, seed)
    rnn, att = g["tanh RNN"], g["self-attention"]
    r, a, steps = float(rnn[0] / rnn[-1]), float(att[0] / att[-1]), len(words) - 1
    measured = S["ch_distance_measured"].format(first=words[0], T=len(words), rnn=r, att=a)
    said = dict(first=words[0], steps=steps, per=r ** (1 / steps), power=str(steps).translate(POWER), rnn=r, att=a)
    if r >= FORGOTTEN:
        return Verdict(False, measured, S["ch_distance_near"].format(**said))
    if a < KEPT:
        return Verdict(False, measured, S["ch_distance_weak"].format(**said))
    return Verdict(True, measured, S["ch_distance_why"].format(**said))


def followers(text: str) -> dict[str, list[str]]:
    """Each character of ``text`` and the characters that follow it, the text read around in a circle as training
    reads it (every rotation: the last character is followed by the first), each listed once in order."""
    out: dict[str, list[str]] = {}
    for a, b in zip(text, text[1:] + text[:1], strict=True):
        if b not in out.setdefault(a, []):
            out[a].append(b)
    return out


def pairs(text: str) -> str:
    return ", ".join(f"{code(a)} → {code(b[0])}" for a, b in followers(text).items())


def no_peek(config: CharAttnConfig | None, S: dict) -> Verdict:
    """A text the model trained without the mask still writes back exactly."""
    if config is None:
        return Verdict(False, S["ch_peek_none"], S["ch_peek_none_why"])
    text, written = config.text, generated(config)
    measured = S["ch_peek_measured"].format(start=code(text[0]), written=code(written), text=code(text),
                                            loss=float(trained(config).losses[-1]))
    if len(text) < MIN_TEXT or len(set(text)) == len(text):
        return Verdict(False, measured, S["ch_peek_repeat"].format(text=code(text), n=MIN_TEXT))
    torn = {a: b for a, b in followers(text).items() if len(b) > 1}  # characters with more than one follower
    if torn:
        char, after = next(iter(torn.items()))
        said = dict(text=code(text), char=code(char), after=", ".join(code(b) for b in after))
        return Verdict(written == text, measured, S["ch_peek_lucky" if written == text else "ch_peek_torn"]
                       .format(**said))
    said = dict(text=code(text), pairs=pairs(text))
    return Verdict(written == text, measured, S["ch_peek_why" if written == text else "ch_peek_other"].format(**said))


def challenges(words: tuple[str, ...], heads: int, seed: int, unmasked: CharAttnConfig | None,
               S: dict) -> tuple[str, list[Challenge]]:
    """``heads`` and ``seed``: the distance section's random projections; ``unmasked``: section 4's model without
    the mask (None if the learner's text was refused)."""
    return "selfattn", [
        Challenge("selfattn_distance", S["ch_distance"].format(forgotten=FORGOTTEN, kept=KEPT),
                  lambda: distance(words, heads, seed, S), START_DISTANCE),
        Challenge("selfattn_no_peek", S["ch_peek"].format(n=MIN_TEXT), lambda: no_peek(unmasked, S), START_PEEK),
    ]
