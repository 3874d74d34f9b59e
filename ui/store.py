"""Results that take a while (training) computed once and shared by every session, with a bounded size."""

from __future__ import annotations

import threading
from collections import OrderedDict

import streamlit as st

MAX_ENTRIES = 64  # a trained "hello" study is well under 1 MB (64-character texts with H = 64: ~3 MB); the
# vanishing lesson's lab results are a few kB each


class _LRU:
    def __init__(self, max_entries: int):
        self.max_entries, self.items, self.lock = max_entries, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            if key in self.items:
                self.items.move_to_end(key)
                return self.items[key]
        return None

    def put(self, key, value):
        with self.lock:
            self.items[key] = value
            self.items.move_to_end(key)
            while len(self.items) > self.max_entries:
                self.items.popitem(last=False)


@st.cache_resource
def _store() -> _LRU:
    return _LRU(MAX_ENTRIES)


def peek(key):
    """The stored result for ``key``, or None if nobody has computed it yet (nothing is run)."""
    return _store().get(key)


def cached_run(key, run, label: str | None = None):
    """``run(on_step)`` for ``key``, computed once across sessions. While it runs, a progress bar shows
    ``label`` and the step (and the loss and accuracy, for training) that ``run`` reports through
    ``on_step(step, steps, loss=None, accuracy=None)``."""
    store = _store()
    value = store.get(key)
    if value is not None:
        return value
    bar = st.progress(0.0, text=label) if label else None

    def on_step(step, steps, loss=None, accuracy=None):
        if bar is not None and (step == steps or step % max(1, steps // 40) == 0):
            text = f"{label}: step {step} of {steps}"
            if loss is not None:
                text += f", loss {loss:.3f}"
            if accuracy is not None:
                text += f", accuracy {100 * accuracy:.0f} %"
            bar.progress(step / steps, text=text)

    try:
        value = run(on_step)
    finally:
        if bar is not None:
            bar.empty()
    store.put(key, value)
    return value
