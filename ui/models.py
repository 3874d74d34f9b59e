"""The shipped translators (assets/models/), loaded once per server and shared by the lessons that use them: the
translation lesson runs them (the two recurrent ones and the Transformer), the self-attention lesson reads their
learned word vectors."""

from __future__ import annotations

from core.seq2seq import MODELS, SHIPPED, Translator, pretrained
from core.seq2seq_train import TrainRun, from_checkpoint
from core.transformer import Transformer
from ui.store import shared


@shared(len(SHIPPED))
def shipped_translator(name: str) -> Translator | Transformer:
    """A shipped checkpoint by name, "attention", "no_attention" or "transformer" (core.seq2seq.SHIPPED). Shared:
    do not train it."""
    return pretrained(name)


@shared(len(SHIPPED))
def shipped_run(name: str) -> TrainRun:
    """A shipped checkpoint with its training record (losses, snapshots of the probe sentence)."""
    return from_checkpoint(MODELS / f"{name}.pt")
