"""The walk of tests/test_fuzz.py: one page in one AppTest driven through the three phases of its docstring, every
change logged so that a failure replays."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

from streamlit.testing.v1 import AppTest

from tests.apptools import APP
from tests.fuzzspecs import CLICK, CORNER, KNOWN, Spec
from tests.fuzztools import all_widgets, chart_problems, options, text_problems


class Walk:
    """One page in one AppTest, every change logged so that a failure can be replayed."""

    def __init__(self, spec: Spec, seed: int, check: Callable[[AppTest, str], None], lang: str = "en"):
        self.spec, self.seed, self.check = spec, seed, check
        self.rng = random.Random(seed)
        self.history: list[str] = []
        self.clicks: dict[str, int] = {}
        self.expensive = 0
        self.at = AppTest.from_file(APP, default_timeout=180)
        self.at.query_params["lang"] = lang  # the page starts in this language (the sweep flips the switch too)
        self.at.run()
        self.at.switch_page(spec.path).run()
        self.check(self.at, f"{spec.path} ({lang}) at first paint")

    def widget(self, key: str):
        found = [w for w in all_widgets(self.at) if w.key == key]
        return found[0] if found else None

    def usable(self, w) -> bool:
        if getattr(w.proto, "disabled", False) or w.key is None or w.key in self.spec.never:
            return False
        if w.type == "text_input" and not self.spec.texts.get(w.key):
            return False
        if w.type == "button":
            limit, when = self.spec.buttons.get(w.key, (0, None))
            return self.clicks.get(w.key, 0) < limit and when(self.at)
        return True

    def set(self, key: str, value, phase: str) -> None:
        w = self.widget(key)
        assert w is not None, f"{self.spec.path}: no widget {key!r} to set in the {phase}; history {self.history}"
        if key in self.spec.expensive:
            self.expensive += 1
        self.history.append(f"{key}={value!r}")
        if value == CLICK:
            self.clicks[key] = self.clicks.get(key, 0) + 1
            w.click()
        else:
            w.set_value(value)
        self.at.run()
        self.check(self.at, f"{self.spec.path}, {phase}, seed {self.seed}, step {len(self.history)}: "
                            f"{self.history[-1]}\nchanges so far (replay in order on a fresh page): {self.history}")

    def corners(self, w) -> list:
        """Every value the sweep visits for ``w``."""
        if w.type == "text_input":
            return list(self.spec.texts.get(w.key, ()))
        if w.type == "slider":
            return [type(w.value)(w.min), type(w.value)(w.max)]
        if w.type == "number_input":
            return [int(w.min), int(w.max)]
        if w.type in ("radio", "selectbox", "select_slider"):
            return options(self.at, w)
        if w.type in ("toggle", "checkbox"):
            return [not w.value]
        if w.type == "multiselect":
            return [[], options(self.at, w)]
        return []

    def sweep(self, keys: list[str], known: set[str], depth: int = 0) -> None:
        for key in keys:
            w = self.widget(key)
            if w is None or not self.usable(w) or w.type == "button":
                continue
            original = w.value
            for value in self.corners(w):
                if (w := self.widget(key)) is None or not self.usable(w):
                    break
                if value == w.value:
                    continue
                if key in self.spec.expensive and self.spec.affordable and \
                        not self.spec.affordable(self.at, key, value):
                    continue
                self.set(key, value, "sweep")
                appeared = [x.key for x in all_widgets(self.at) if x.key not in known and x.key is not None]
                known.update(appeared)
                if appeared and depth < 2:
                    self.sweep(appeared, known, depth + 1)
            if (w := self.widget(key)) is not None and self.usable(w) and w.value != original:
                self.set(key, original, "sweep (set back)")

    def value(self, w):
        """A random new value for ``w`` (None if it has nothing else to offer)."""
        rng = self.rng
        if w.type == "text_input":
            choices = [t for t in self.spec.texts.get(w.key, ()) if t != w.value]
            return rng.choice(choices) if choices else None
        if w.type == "slider":
            n = int(round((w.max - w.min) / w.step))
            k = rng.choice([0, n]) if rng.random() < CORNER else rng.randint(0, n)
            value = w.min + k * w.step
            return int(round(value)) if isinstance(w.value, int) else round(value, 10)
        if w.type == "number_input":
            lo, hi = int(w.min), int(w.max)
            return rng.choice([lo, hi]) if rng.random() < CORNER else rng.randint(lo, hi)
        if w.type in ("radio", "selectbox", "select_slider"):
            values = options(self.at, w)
            pick = rng.choice([values[0], values[-1]]) if rng.random() < CORNER else rng.choice(values)
            if pick == w.value and len(values) > 1:
                pick = rng.choice([v for v in values if v != w.value])
            return pick
        if w.type in ("toggle", "checkbox"):
            return not w.value
        if w.type == "multiselect":
            values, roll = options(self.at, w), rng.random()
            return [] if roll < 0.3 else values if roll < 0.6 else rng.sample(values, rng.randint(1, len(values)))
        if w.type == "button":
            return CLICK
        raise AssertionError(f"no rule for a {w.type}")

    def random_walk(self) -> int:
        spec, budget, done = self.spec, self.spec.budget, 0
        for step in range(spec.steps):
            usable = [w for w in all_widgets(self.at) if self.usable(w)]
            costly = budget > 0 and self.rng.random() < budget / (spec.steps - step)
            # a page stopped by a message shows only its settings: then any usable widget will do
            pool = [w for w in usable if (w.key in spec.expensive) == costly] or \
                [w for w in usable if w.key not in spec.expensive] or usable
            for _ in range(8):  # a value the cost rule accepts
                w = self.rng.choice(pool)
                value = self.value(w)
                if value is not None and not (w.key in spec.expensive and spec.affordable
                                              and not spec.affordable(self.at, w.key, value)):
                    break
            else:
                continue
            budget -= w.key in spec.expensive
            self.set(w.key, value, "random walk")
            done += 1
        return done


def _check(at: AppTest, where: str) -> None:
    assert not at.exception, f"{where}\ntraceback: " + "\n".join(
        f"{e.value}\n" + "\n".join(e.stack_trace) for e in at.exception)
    problems = [p for p in chart_problems(at) + text_problems(at) if not any(k.fullmatch(p) for k in KNOWN)]
    assert not problems, where + "\n" + "\n".join(problems)


def walk(spec: Spec, seed: int, check: Callable[[AppTest, str], None] = _check, lang: str = "en") -> dict:
    """All three phases, starting in ``lang``; returns counts for the report."""
    started = time.perf_counter()
    w = Walk(spec, seed, check, lang)
    for key, value in spec.base:
        w.set(key, value, "base")
    keys = [x.key for x in all_widgets(w.at) if x.key is not None]
    w.sweep(keys, set(keys))
    swept = len(w.history)
    for key, value in spec.script:
        w.set(key, value, "script")
    walked = w.random_walk()
    return dict(configurations=1 + len(w.history), sweep=swept, script=len(spec.script), walk=walked,
                training_changes=w.expensive, clicks=w.clicks, seconds=round(time.perf_counter() - started, 1))
