"""ui.store: a result is computed once across sessions, also when several learners ask for it at the same moment
(benchmarks/load.py found every simultaneous first visitor training the same default model)."""

import contextlib
import threading

from ui import store


def test_simultaneous_requests_compute_once(monkeypatch):
    key = ("test_store", object())
    calls, gate, waiting, results = [], threading.Event(), threading.Event(), []

    def run(on_step):
        calls.append(1)
        assert gate.wait(timeout=30), "the second request never started waiting"
        return "trained"

    @contextlib.contextmanager
    def spinner(text):  # the waiting learner's spinner: tells the test that the second request is waiting
        waiting.set()
        yield

    monkeypatch.setattr(store.st, "spinner", spinner)
    first = threading.Thread(target=lambda: results.append(store.cached_run(key, run)))
    first.start()
    second = threading.Thread(target=lambda: results.append(store.cached_run(key, run)))
    second.start()
    assert waiting.wait(timeout=30)  # the second request found the first one running
    gate.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert calls == [1] and results == ["trained", "trained"]


def test_a_failed_computation_lets_the_next_request_compute():
    key = ("test_store_failure", object())

    def fail(on_step):
        raise RuntimeError("boom")

    try:
        store.cached_run(key, fail)
    except RuntimeError:
        pass
    assert store.cached_run(key, lambda on_step: 42) == 42
    assert key not in store._store().running


def test_a_chart_is_built_once_per_key_and_the_store_is_bounded(monkeypatch):
    from viz.style import figure

    built = []

    def build(n):
        built.append(n)
        return figure([{"type": "bar", "y": [n]}], {"title": {"text": f"chart {n}"}})

    first = store.cached_chart(("test_chart", 1), lambda: build(1))
    again = store.cached_chart(("test_chart", 1), lambda: build(1))  # another session, the same settings
    other = store.cached_chart(("test_chart", 2), lambda: build(2))
    assert built == [1, 2] and again is first and other is not first
    assert again.to_dict() is first.to_dict()  # its JSON is written once too
    small = store._LRU(3)
    monkeypatch.setattr(store, "_charts", lambda: small)
    for n in range(10):
        store.cached_chart(("test_chart", n), lambda n=n: build(n))
    assert len(small.items) == 3 and [key[1] for key in small.items] == [7, 8, 9]
