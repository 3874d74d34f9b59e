"""The translation lesson's models and results, cached at the page edge and shared by every session.

Models are named "attention" and "no attention" (the shipped checkpoints) or by their training config (a model
a learner trained, kept in ui.store). Everything below takes plain hashable values."""

from __future__ import annotations

import json

import numpy as np
import streamlit as st

from core.decoding import Decoding, Saliency, context_saliency, decode, saliency
from core.grammar import MAX_LENGTH, MIN_LENGTH
from core.seq2seq import MODELS, Seq2SeqConfig, Translator, accuracy_by_length, pretrained
from core.seq2seq_train import TrainRun, from_checkpoint
from ui.store import peek

SHIPPED = {"attention": "attention", "no attention": "no_attention"}  # page name -> checkpoint name
LENGTHS = tuple(range(MIN_LENGTH, MAX_LENGTH + 1))
PER_LENGTH = 100  # sentences per length on the page (the README's table uses 500)
EVAL_SEED = 7


@st.cache_resource(max_entries=2, show_spinner=False)
def shipped_run(name: str) -> TrainRun:
    """The shipped checkpoint with its training record (losses, snapshots of the probe sentence)."""
    return from_checkpoint(MODELS / f"{SHIPPED[name]}.pt")


def model(name) -> Translator:
    """A shipped model by page name, or a learner's trained model by its config."""
    if isinstance(name, Seq2SeqConfig):
        return peek(("translate", name)).model()
    return _shipped_model(name)


@st.cache_resource(max_entries=2, show_spinner=False)
def _shipped_model(name: str) -> Translator:
    return pretrained(SHIPPED[name])


@st.cache_data(max_entries=256, show_spinner=False)
def cached_decode(name, words: tuple[str, ...]) -> Decoding:
    return decode(model(name), list(words))


@st.cache_data(max_entries=256, show_spinner=False)
def cached_saliency(name, words: tuple[str, ...], target: tuple[str, ...]) -> Saliency:
    return saliency(model(name), list(words), list(target))


@st.cache_data(max_entries=256, show_spinner=False)
def cached_context(name, words: tuple[str, ...]) -> np.ndarray:
    return context_saliency(model(name), list(words))


@st.cache_data(max_entries=16, show_spinner=False)
def cached_accuracy(name) -> dict[int, float]:
    return accuracy_by_length(model(name), LENGTHS, PER_LENGTH, EVAL_SEED)


def alignment_csv(d: Decoding) -> bytes:
    rows = ["target word," + ",".join(d.source)]
    rows += [f"{w}," + ",".join(f"{x:.6f}" for x in row) for w, row in zip(d.words, d.weights, strict=True)]
    return "\n".join(rows).encode("utf-8-sig")  # the BOM lets spreadsheet programs read the Hangul


def results_json(curves: dict[str, dict[int, float]], configs: dict[str, Seq2SeqConfig]) -> str:
    return json.dumps({"accuracy_by_length": {name: {str(k): v for k, v in c.items()} for name, c in curves.items()},
                       "sentences_per_length": PER_LENGTH, "seed": EVAL_SEED,
                       "configs": {name: vars(c) for name, c in configs.items()}}, indent=2, ensure_ascii=False)
