"""ui.store.shared: a result is computed once across sessions per distinct arguments, also when several learners ask
for it at the same moment (benchmarks/load.py found every simultaneous first visitor training the same default
model); every argument is part of the key, strings included; the tables are bounded."""

import contextlib
import threading
from dataclasses import dataclass

import pytest

from ui import store
from viz.style import figure


def test_simultaneous_requests_compute_once(monkeypatch):
    calls, gate, waiting, results = [], threading.Event(), threading.Event(), []

    @store.shared(4, progress=True)
    def train(config, on_step=None):
        calls.append(config)
        assert gate.wait(timeout=30), "the second request never started waiting"
        return f"trained {config}"

    @contextlib.contextmanager
    def spinner(text):  # the waiting learner's spinner: tells the test that the second request is waiting
        waiting.set()
        yield

    monkeypatch.setattr(store.st, "spinner", spinner)
    first = threading.Thread(target=lambda: results.append(train("a", label="Training")))
    first.start()
    second = threading.Thread(target=lambda: results.append(train("a", label="Training")))
    second.start()
    assert waiting.wait(timeout=30)  # the second request found the first one running
    gate.set()
    first.join(timeout=30)
    second.join(timeout=30)
    assert calls == ["a"] and results == ["trained a", "trained a"]
    assert train.peek("a") == "trained a" and train.peek("b") is None  # peek never computes


def test_a_failed_computation_lets_the_next_request_compute():
    outcomes = iter([RuntimeError("boom"), 42])

    @store.shared(4)
    def flaky(x):
        outcome = next(outcomes)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    with pytest.raises(RuntimeError):
        flaky(1)
    assert flaky(1) == 42 and not flaky.table.running


def test_every_argument_is_part_of_the_key_and_the_table_is_bounded():
    built = []

    @store.shared(3)
    def chart(n: int, caption: str):
        built.append((n, caption))
        return figure([{"type": "bar", "y": [n]}], {"title": {"text": f"chart {n}<br>{caption}"}})

    first = chart(1, "seed 0")
    again = chart(1, "seed 0")  # another session, the same settings
    assert again is first and again.to_dict() is first.to_dict()  # built once, its JSON written once
    other_caption = chart(1, "시드 0")  # only a string differs (another language): a new chart
    assert other_caption is not first and built == [(1, "seed 0"), (1, "시드 0")]
    for n in range(10):
        chart(n, "x")
    assert len(chart.table.items) == 3 and [key[0] for key in chart.table.items] == [7, 8, 9]


def test_a_study_is_keyed_by_its_config_and_unhashable_arguments_are_refused():
    @dataclass(frozen=True, eq=False)
    class Study:
        config: tuple
        data: list  # unhashable: the study itself could not be a key

        @property
        def cache_key(self):
            return self.config

    @store.shared(4)
    def summary(s, caption: str):
        return f"{sum(s.data)} {caption}"

    a, b = Study((1, 2), [1, 2]), Study((1, 2), [1, 2])
    assert summary(a, "c") is summary(b, "c")  # the same config names the same study
    assert summary(Study((1, 3), [5]), "c") == "5 c"
    with pytest.raises(TypeError, match="hashable"):
        summary([1, 2], "c")


def test_a_shared_function_defined_again_keeps_its_table():
    """A page script runs again on every rerun: a shared function it defines keeps one table."""
    def define():
        @store.shared(4)
        def twice(x):
            return 2 * x
        return twice

    one, two = define(), define()
    assert one.table is two.table
    with pytest.raises(ValueError, match="max_entries"):
        store.shared(0)
