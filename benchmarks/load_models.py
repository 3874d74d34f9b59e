"""The teacher's moment (issue 18): "everyone, set the hidden size to 8". In this scenario of benchmarks/load.py
every student opens /hello and moves its hidden-size slider (key "hidden") about once a second among VALUES. The
slider changes the trained model, so every move reruns the whole page (no fragment), with another model.

First round: each student visits every one of VALUES once, in its own random order and at the same pace, before the
timed phase, and these moves are reported apart ("first_round"): whoever asks for a value first trains it (on each
replica: the caches are per process), the others wait for that run or find it cached. The timed phase then measures
whole-page reruns with cached models, which is what a class does after the first minute."""

from __future__ import annotations

import asyncio
import random

from benchmarks.load_report import Tally
from benchmarks.load_sessions import Student, _shown

PAGE, KEY = "/hello", "hidden"
VALUES = (8, 16, 24, 32)  # hidden sizes; /hello's default is 3, so every first-round move changes the model


class ModelStudent(Student):
    def __init__(self, port: int, tally: Tally, rng: random.Random):
        super().__init__(port, PAGE, tally, rng)
        self.key = KEY
        self.todo = rng.sample(VALUES, len(VALUES))  # the first round, popped from the end

    async def first_round(self) -> bool:
        return await self.move(float("inf"), count=len(VALUES), phase="first round")

    def next_value(self) -> int:
        """The first round's next value; after it, a random one of VALUES other than the one shown."""
        if self.todo:
            return self.todo.pop()
        now = self.client.values.get(KEY)
        return self.rng.choice([v for v in VALUES if now is None or str(v) != _shown(now)])


async def model_student(port: int, page: str, tally: Tally, rng: random.Random,
                        ready: asyncio.Event, stop_at: list) -> None:
    await ModelStudent(port, tally, rng).run(ready, stop_at)
