"""The class in benchmarks/load.py: each student is one protocol-level session (benchmarks/client.py) that loads its
page, reloads it after a traceback, then moves the page's slider about once a second; and the sampler that reads
the server's memory and CPU every second."""

from __future__ import annotations

import asyncio
import random
import time

from benchmarks.client import Client, Run
from benchmarks.load_report import Tally
from benchmarks.procs import cpu_seconds, rss_mb

# page -> (the slider a student moves, the lesson whose title the page must show)
PAGES = {"/hello": ("t", "hello"), "/vanishing": ("k", "vanishing"), "/gates": ("t", "gates"),
         "/translate": ("t", "translate"), "/self-attention": ("head", "selfattn"),
         "/sequences": ("shapes_T", "sequences")}
PERIOD_S = 1.0  # a student moves the slider about once a second
CONNECT_TIMEOUT_S = 300  # a first load on a cold server under a burst of 50
RERUN_TIMEOUT_S = 60
MAX_RELOADS = 2  # a learner who sees a traceback reloads the page, after a moment
RELOAD_AFTER_S = 3


def title_of(lesson: str) -> str:
    from ui.strings import strings

    return strings(lesson)["title"]


class Student:
    """One student's tab on ``page``; ``self.client`` is the tab's current session (a reload opens a new one)."""

    def __init__(self, port: int, page: str, tally: Tally, rng: random.Random):
        self.port, self.page, self.tally, self.rng = port, page, tally, rng
        self.key, self.lesson = PAGES[page]
        self.jar: dict[str, str] = {}  # the tab's cookies outlive a reload (the balancer's sticky one too)
        self.client = Client(port, jar=self.jar)

    async def run(self, ready: asyncio.Event, stop_at: list) -> None:
        """Load the page (and make the first round of moves); once ``ready`` is set, move the slider until
        ``stop_at[0]``."""
        try:
            first = await self.first_load()
            if first is None or not self.shows_page(first):
                return
            self.tally.on_replica(self.client.replica)
            if not await self.first_round():
                return
            self.tally.settled += 1
            await ready.wait()
            await self.move(stop_at[0])
        finally:
            await self.client.close()

    async def first_round(self) -> bool:
        """Moves made before the timed phase, reported apart (none here); False if the session was lost."""
        return True

    async def first_load(self) -> Run | None:
        """The page's first load, reloaded (at most MAX_RELOADS times) while it shows a traceback; None if it
        never loaded without one."""
        tally, page = self.tally, self.page
        for attempt in range(MAX_RELOADS + 1):
            if attempt:
                await self.client.close()
                await asyncio.sleep(RELOAD_AFTER_S)
                self.client = Client(self.port, jar=self.jar)
                tally.reloads += 1
            try:
                first = await self.client.connect(page, timeout=CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError) as error:
                tally.problem("errors", f"{page} connect: {type(error).__name__}: {error}")
                return None
            tally.record(page, "", first, "first load" if not attempt else f"reload {attempt}")
            if not first.ok:
                return None
            tally.first_loads.setdefault(page, []).append(first.seconds)
            tally.trained[page] = tally.trained.get(page, 0) + (first.progress > 0)
            if not first.exceptions:
                return first
        return None

    def shows_page(self, first: Run) -> bool:
        """The first load shows the lesson's title and the slider to move."""
        if not any(title_of(self.lesson) in h for h in first.headings):
            self.tally.problem("errors", f"{self.page} first load: the page's title is missing "
                                         f"(headings {first.headings[:2]})")
            return False
        if self.key not in self.client.widgets:
            self.tally.problem("errors", f"{self.page}: no widget with key {self.key!r}")
            return False
        return True

    def next_value(self):
        """A random value of the slider's other than the one it shows."""
        values = self.client.widget(self.key).values()
        now = self.client.values.get(self.key)
        return self.rng.choice([v for v in values if now is None or str(v) != _shown(now)] or values)

    async def move(self, deadline: float, count: int | None = None, phase: str = "move") -> bool:
        """Move the slider to ``next_value()`` about once a second until ``deadline`` (perf_counter), or ``count``
        times; each rerun's time goes to the tally (``phase`` "first round": apart). False if disconnected."""
        rng, key, client, tally = self.rng, self.key, self.client, self.tally
        next_at = time.perf_counter() + rng.uniform(0, PERIOD_S)  # students do not move in step
        for _ in range(count or int((deadline - time.perf_counter()) / PERIOD_S * 2) + 5):  # bounded
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            if time.perf_counter() >= deadline:
                break
            run = await client.set(timeout=RERUN_TIMEOUT_S, **{key: self.next_value()})
            tally.record(self.page, key, run, phase)
            if run.status == "disconnected":
                return False
            if run.ok:
                into = tally.first_round if phase == "first round" else tally.reruns.setdefault(self.page, [])
                into.append(run.seconds)
                tally.kinds.setdefault(self.page, set()).add(run.status)
            next_at += PERIOD_S * rng.uniform(0.8, 1.2)
            next_at = max(next_at, time.perf_counter())  # a slow rerun does not bank moves
        return True


async def student(port: int, page: str, tally: Tally, rng: random.Random,
                  ready: asyncio.Event, stop_at: list) -> None:
    """The fragment scenario's student: the page's step (or head, or shapes) slider."""
    await Student(port, page, tally, rng).run(ready, stop_at)


def _shown(state) -> str:
    """The value a WidgetState holds, as the widget's options print it."""
    kind = state.WhichOneof("value")
    if kind == "double_array_value":
        v = state.double_array_value.data[0]
        return str(int(v)) if v == int(v) else str(v)
    if kind == "string_array_value":
        return state.string_array_value.data[0]
    return str(getattr(state, kind))


async def sample(pid: int, samples: list, stop: asyncio.Event, t0: float, limit_s: float) -> None:
    for _ in range(int(limit_s) + 1):  # one sample a second, bounded
        samples.append((time.perf_counter() - t0, rss_mb(pid), cpu_seconds(pid)))
        try:
            await asyncio.wait_for(stop.wait(), timeout=1.0)
            return
        except TimeoutError:
            pass
