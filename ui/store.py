"""Results and charts computed once and shared by every session, keyed by the arguments of the function that makes
them, in bounded tables. The lab's one caching style (DESIGN.md, 8):

    @shared(max_entries=32)
    def hidden_chart(s: HelloStudy, t: int, caption: str) -> Chart:
        ...

``hidden_chart(s, 3, caption)`` runs once per distinct (s, 3, caption) in the server; every other call, from any
session, gets the same object back. There is no hand-written key: every argument is part of it, each string
included (so the page's language is too), and a missed argument cannot show a stale chart. Arguments must be
hashable (numbers, strings, tuples, frozen configs). A study, a trained model with its measurements, is keyed by the
config that made it (its ``cache_key``): the core is deterministic, so one config gives one study.

A function that trains takes ``on_step`` and is decorated with ``progress=True``; a caller passes ``label=...`` (not
part of the key) to show a progress bar while it runs. Learners who ask for the same result at the same moment wait
for the first one's run instead of each starting their own. Results are shared, so nobody may change one."""

from __future__ import annotations

import functools
import threading
from collections import OrderedDict

import streamlit as st

from ui.language import lang
from ui.strings import app_strings

WAIT_S = 600  # longest a session waits for another's computation before it computes itself (training is < 60 s)
_TABLES: dict[str, _LRU] = {}  # function name -> its table, for the life of the server process
_TABLES_LOCK = threading.Lock()


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


def _part(value):
    """An argument as it enters a key: a study by its config, everything else as it is (it must be hashable)."""
    value = getattr(value, "cache_key", value)
    try:
        hash(value)
    except TypeError:
        raise TypeError(f"a shared function's arguments must be hashable (numbers, strings, tuples, frozen configs); "
                        f"got a {type(value).__name__}") from None
    return value


def _key(args: tuple, kwargs: dict) -> tuple:
    return tuple(_part(a) for a in args) + tuple((name, _part(v)) for name, v in sorted(kwargs.items()))


def _table(name: str, max_entries: int) -> _LRU:
    with _TABLES_LOCK:  # a page script that defines a shared function again on every run keeps one table
        return _TABLES.setdefault(name, _LRU(max_entries))


def shared(max_entries: int, *, progress: bool = False):
    """Decorate a function so its results are computed once per distinct arguments and shared by every session
    (at most ``max_entries`` kept, the least recently used dropped first). With ``progress=True`` the function takes
    ``on_step(step, steps, loss=None, accuracy=None)``, and a caller may pass ``label="Training"`` to show a progress
    bar while it runs. The wrapper's ``peek(*args)`` gives the stored result or None, without computing."""
    if not isinstance(max_entries, int) or max_entries < 1:
        raise ValueError(f"max_entries must be a whole number of at least 1, got {max_entries!r}")

    def decorate(fn):
        table = _table(f"{fn.__module__}.{fn.__qualname__}", max_entries)

        @functools.wraps(fn)
        def wrapper(*args, label: str | None = None, **kwargs):
            key = _key(args, kwargs)
            # The progress bar's place is taken on every run, computed or found: a run that trained and the next,
            # which finds the result, then put every later element at the same place, and the browser keeps what
            # it drew (an element shifted by one is drawn anew, and a slider drawn anew can lose its tie to the
            # address in Streamlit's browser: the first step after a lesson's first screen did not reach the URL).
            slot = st.empty() if label and progress else None
            found = table.get(key)
            if found is not None:
                return found
            if progress:
                return _once(table, key, lambda on_step: fn(*args, on_step=on_step, **kwargs), label, slot)
            return _once(table, key, lambda _: fn(*args, **kwargs), None, None)

        wrapper.peek = lambda *args, **kwargs: table.get(_key(args, kwargs))
        wrapper.table = table
        return wrapper

    return decorate


def _once(table: _LRU, key, run, label: str | None, slot):
    """``run(on_step)`` for ``key``, computed once across sessions; callers asking meanwhile wait for it. With a
    ``label``, the progress bar is drawn in ``slot``, an ``st.empty()`` (a spinner takes no place: it is transient)."""
    while (other := table.claim(key)) is not None:  # another learner is computing this right now: wait for it
        if label:
            with st.spinner(app_strings(lang())["waiting"].format(label=label)):
                other.wait(timeout=WAIT_S)
        else:
            other.wait(timeout=WAIT_S)
        value = table.get(key)
        if value is not None:
            return value  # (if theirs failed, try again: claim() makes this session the one that computes)
    try:
        value = table.get(key)  # stored between our first look and our claim
        return value if value is not None else _compute(table, key, run, label, slot)
    finally:
        table.release(key)


def _compute(table: _LRU, key, run, label: str | None, slot):
    bar = slot.progress(0.0, text=label) if label else None
    U = app_strings(lang()) if label else {}

    def on_step(step, steps, loss=None, accuracy=None):
        if bar is not None and (step == steps or step % max(1, steps // 40) == 0):
            text = U["progress"].format(label=label, step=step, steps=steps)
            if loss is not None:
                text += U["progress_loss"].format(loss=loss)
            if accuracy is not None:
                text += U["progress_accuracy"].format(accuracy=100 * accuracy)
            bar.progress(step / steps, text=text)

    try:
        value = run(on_step)
    finally:
        if bar is not None:
            bar.empty()
    table.put(key, value)
    return value


def clear() -> None:
    """Forget every stored result and chart (tests use it to see a page build its charts)."""
    with _TABLES_LOCK:
        for table in _TABLES.values():
            with table.lock:
                table.items.clear()
