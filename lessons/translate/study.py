"""What the translation lesson computes beside core's decoding: the shipped models' names, the accuracy sweep's
settings and what the page reads off its curves, the question's answer, and the two downloads."""

from __future__ import annotations

import json

from core.decoding import Decoding
from core.grammar import MAX_LENGTH, MIN_LENGTH
from core.seq2seq import CELLS, Seq2SeqConfig
from core.transformer import TransformerConfig

SHIPPED = {"attention": "attention", "no attention": "no_attention"}  # the model's key -> the checkpoint's name
# The shipped Transformer (Vaswani et al. 2017): its key and its checkpoint's name. Not in SHIPPED, whose models the
# sections that read a recurrent Translator's states and gradients use; the results and the accuracy chart add it.
TRANSFORMER = "transformer"
COMPARED = (*SHIPPED, TRANSFORMER)  # the models the results and the accuracy chart compare, in that order
LENGTHS = tuple(range(MIN_LENGTH, MAX_LENGTH + 1))
PER_LENGTH = 100  # sentences per length on the page (the README's table uses 500)
EVAL_SEED = 7
HELD_OUT = 6  # the accuracy notice quotes the length this many words past the longest training sentence
PAST = 2  # the Transformer's notice quotes its accuracy this many words past its longest training sentence
FALLS = 0.5  # and says it falls there if it keeps less than this share of its accuracy at the longest one
VERB_STEP = -1  # the verb is the last Korean word


def accuracy_numbers(curves: dict[str, dict[int, float]], train_max: int) -> dict:
    """The numbers the accuracy notice quotes (percentages): each model's worst length among the training lengths,
    and both at ``train_max + HELD_OUT`` words, longer than any training sentence."""
    held = train_max + HELD_OUT

    def worst_seen(name: str) -> float:
        return 100 * min(v for k, v in curves[name].items() if k <= train_max)

    return dict(train_max=train_max, longest=max(curves["attention"]), seen_att=worst_seen("attention"),
                seen_none=worst_seen("no attention"), held=held, held_att=100 * curves["attention"][held],
                held_none=100 * curves["no attention"][held])


def transformer_numbers(curves: dict[str, dict[int, float]], train_max: int) -> tuple[str, dict] | None:
    """The Transformer's notice, read off the curves: the key of its text ("transformer_falls" or
    "transformer_holds") and the numbers it quotes (percentages): the Transformer at ``train_max`` words, its
    longest training length, and both it and the attention RNN PAST words beyond; None if no length is beyond."""
    curve = curves[TRANSFORMER]
    past = min(train_max + PAST, max(curve))
    if past <= train_max:
        return None
    at_max, at_past = 100 * curve[train_max], 100 * curve[past]
    key = "transformer_falls" if at_past < FALLS * at_max else "transformer_holds"
    return key, dict(train_max=train_max, first_new=train_max + 1, at_max=at_max, past=past, at_past=at_past,
                     att_past=100 * curves["attention"][past])


def verb_focus(d: Decoding) -> tuple[str, int, float] | None:
    """The question's answer, read from the model: the last Korean word it wrote (the verb), the English word it
    weighed most while writing it (a 0-based position) and that weight; None if it wrote no word."""
    if not d.korean:
        return None
    row = d.weights[len(d.korean) - 1]
    top = int(row.argmax())
    return d.korean[VERB_STEP], top, float(row[top])


def encoder_parameters(config: Seq2SeqConfig, bidirectional: bool | None = None) -> int:
    """The parameters of ``config``'s encoder, or of the same cell read one way or both (``bidirectional``): a
    bidirectional encoder is two encoders with weights of their own, one per direction."""
    both = config.bidirectional if bidirectional is None else bidirectional
    cell = CELLS[config.encoder](config.embed, config.hidden, batch_first=True, bidirectional=both)
    return sum(p.numel() for p in cell.parameters())


def alignment_csv(d: Decoding) -> bytes:
    """One row per word written, one column per English word: the attention weights."""
    rows = ["target word," + ",".join(d.source)]
    rows += [f"{w}," + ",".join(f"{x:.6f}" for x in row) for w, row in zip(d.words, d.weights, strict=True)]
    return "\n".join(rows).encode("utf-8-sig")  # the BOM lets spreadsheet programs read the Hangul


def results_json(curves: dict[str, dict[int, float]], configs: dict[str, Seq2SeqConfig | TransformerConfig]) -> str:
    return json.dumps({"accuracy_by_length": {name: {str(k): v for k, v in c.items()} for name, c in curves.items()},
                       "sentences_per_length": PER_LENGTH, "seed": EVAL_SEED,
                       "configs": {name: vars(c) for name, c in configs.items()}}, indent=2, ensure_ascii=False)
