"""Sessions run their scripts on threads of one process: what one computes must not break another's. torch's
forward-mode AD keeps one global stack of levels, so the forward reach (torch.func.jacfwd) of two sessions at once
failed ("Trying to access a forward AD level with an invalid index", found by benchmarks/load.py); it is locked."""

from __future__ import annotations

import threading

import numpy as np
import torch

from core.charlm import CharLM
from core.text import make_task
from lessons.hello.study_terms import input_reach


def test_the_forward_reach_of_many_sessions_at_once_is_each_ones_own():
    task = make_task("the quick brown fox jumps over the lazy dog")
    torch.manual_seed(0)
    model = CharLM("lstm", task.V, 16).double()
    expected = input_reach(model, task)
    problems = []

    def session():
        for _ in range(10):
            try:
                if not np.allclose(input_reach(model, task), expected, rtol=1e-12, atol=0):
                    problems.append("a different result")
            except RuntimeError as error:  # without the lock: forward AD levels mixed across threads
                problems.append(str(error)[:100])

    threads = [threading.Thread(target=session) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert problems == []
