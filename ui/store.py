"""Results that take a while (training) computed once and shared by every session, with a bounded size."""

from __future__ import annotations

import threading
from collections import OrderedDict

import streamlit as st

WAIT_S = 600  # longest a session waits for another's computation before it computes itself (training is < 60 s)
MAX_ENTRIES = 64  # a trained "hello" study is well under 1 MB (64-character texts with H = 64: ~3 MB); the
# vanishing lesson's lab results are a few kB each


class _LRU:
    def __init__(self, max_entries: int):
        self.max_entries, self.items, self.lock = max_entries, OrderedDict(), threading.Lock()
        self.running: dict = {}  # key -> threading.Event set when the session computing it is done

    def claim(self, key) -> threading.Event | None:
        """None if this caller should compute ``key`` (it is now marked as running); otherwise the Event of the
        session already computing it."""
        with self.lock:
            if key in self.running:
                return self.running[key]
            self.running[key] = threading.Event()
            return None

    def release(self, key) -> None:
        with self.lock:
            self.running.pop(key).set()

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


MAX_CHARTS = 256  # a chart and its JSON: 10-100 kB (a T = 200 map ~0.4 MB): tens of MB


@st.cache_resource(max_entries=1)
def _charts() -> _LRU:
    return _LRU(MAX_CHARTS)


def cached_chart(key, build):
    """The chart ``build()`` makes, built once per ``key`` and shared by every session. ``key`` must name
    everything the chart shows (the settings of the trained model, the step, the caption...). A chart is not
    changed after it is built (viz.style.Chart), and it keeps the JSON it writes, so a page that draws it again
    (another learner, or a settings slider moved back) neither rebuilds nor re-encodes it."""
    store = _charts()
    chart = store.get(key)
    if chart is None:
        chart = build()
        store.put(key, chart)
    return chart


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
    while (other := store.claim(key)) is not None:  # another learner is computing this right now: wait for it
        with st.spinner(f"{label or 'Computing'}: started by another learner, nearly there…"):
            other.wait(timeout=WAIT_S)
        value = store.get(key)
        if value is not None:
            return value  # (if theirs failed, try again: claim() makes this session the one that computes)
    try:
        value = store.get(key)  # stored between our first look and our claim
        return value if value is not None else _compute(store, key, run, label)
    finally:
        store.release(key)


def _compute(store: _LRU, key, run, label: str | None):
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
