"""The translation lesson's models and what it computes with them, shared by every session (ui.store).

A model is named by the key of a shipped checkpoint ("attention", "no attention", "transformer": code keys, the same
in both languages; the page shows them as S["model_names"][key]) or, for one a learner trained, by its training
config; every function here is keyed by that name and the words (a tuple). The Transformer only translates and is
measured (``translated``, ``accuracy_of``): the other functions read a recurrent Translator's states."""

from __future__ import annotations

import numpy as np

from core.decoding import Decoding, Saliency, context_saliency, decode, saliency
from core.seq2seq import Seq2SeqConfig, Translator, accuracy_by_length, translate
from core.seq2seq_train import TrainRun, train
from core.transformer import Transformer
from lessons.translate.study import COMPARED, EVAL_SEED, LENGTHS, PER_LENGTH, SHIPPED, TRANSFORMER
from lessons.translate.study_notes import NotesContext, notes_context
from ui.models import shipped_run, shipped_translator
from ui.store import shared

MAX_TRAINED = 16  # a trained translator with its snapshots: ~1 MB
MAX_SENTENCES = 256  # per function: a decoding, a saliency or a context saliency of one sentence is a few kB
MAX_CURVES = 16  # accuracy curves: the three shipped models and the ones learners trained

Name = str | Seq2SeqConfig
CHECKPOINTS = {**SHIPPED, TRANSFORMER: TRANSFORMER}  # the page's name -> the checkpoint's name


@shared(MAX_TRAINED, progress=True)
def trained(config: Seq2SeqConfig, on_step=None) -> TrainRun:
    """A translator a learner trained from scratch (``trained.peek(config)``: one already trained, or None)."""
    return train(config, on_step)


def record(name: str) -> TrainRun:
    """A shipped model's training record, by the page's name."""
    return shipped_run(CHECKPOINTS[name])


def translator(name: Name) -> Translator | Transformer:
    """A shipped model by the page's name, or a learner's trained model by its config."""
    if isinstance(name, Seq2SeqConfig):
        run = trained.peek(name)
        if run is None:  # dropped from the table since it was trained: the same config trains the same weights
            run = trained(name)
        return run.model()
    return shipped_translator(CHECKPOINTS[name])


@shared(MAX_SENTENCES)
def decoded(name: Name, words: tuple[str, ...]) -> Decoding:
    return decode(translator(name), list(words))


@shared(MAX_SENTENCES)
def translated(name: Name, words: tuple[str, ...]) -> list[str]:
    """The Korean words of greedy decoding (without the end mark), for any model the Transformer included."""
    return translate(translator(name), list(words))[0]


@shared(MAX_SENTENCES)
def saliency_of(name: Name, words: tuple[str, ...], target: tuple[str, ...]) -> Saliency:
    return saliency(translator(name), list(words), list(target))


@shared(MAX_SENTENCES)
def context_of(name: Name, words: tuple[str, ...]) -> np.ndarray:
    return context_saliency(translator(name), list(words))


@shared(MAX_SENTENCES)
def notes_of(words: tuple[str, ...]) -> NotesContext:
    """Note 001's C_t = sum <s_t, h_i> h_i beside c_t at every step of the shipped attention model (dot attention)."""
    return notes_context(translator("attention"), decoded("attention", words))


@shared(MAX_CURVES)
def accuracy_of(name: Name) -> dict[int, float]:
    """Exact-match accuracy per English length on PER_LENGTH new sentences of each (seed EVAL_SEED)."""
    return accuracy_by_length(translator(name), LENGTHS, PER_LENGTH, EVAL_SEED)


def shipped_curves() -> dict[str, dict[int, float]]:
    """Both shipped recurrent models' accuracy by length, by the page's name."""
    return {name: accuracy_of(name) for name in SHIPPED}


def compared_curves() -> dict[str, dict[int, float]]:
    """The accuracy by length of the three shipped models, the Transformer last, by the page's name."""
    return {name: accuracy_of(name) for name in COMPARED}
