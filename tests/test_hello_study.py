"""What the hello lesson computes (lessons/hello/study.py), checked against independent computations: the trace on
the lab's one time axis, the question's answer by autograd, and the downloads."""

import csv
import io
import json

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from core.charlm import HelloConfig
from lessons.hello.study import config_json, largest_gradient, study, trace_csv


@pytest.fixture(scope="module", params=["rnn", "lstm", "gru"])
def hello(request):
    return study(HelloConfig(text="hello world", cell=request.param, hidden_size=4, steps=60))


def test_the_analysis_is_on_the_one_time_axis(hello):
    """Row t - 1 holds step t: h_t is the cell's state after reading x_1..x_t, h_prev[t - 1] is what step t read."""
    model, task, a = hello.result.model(), hello.result.task, hello.analysis
    x = task.one_hot()
    state = model.cell.initial_state(x[0])
    for t in range(1, task.T + 1):
        np.testing.assert_allclose(a.h_prev[t - 1], state[0].detach().numpy(), rtol=0, atol=1e-12)
        step = model.cell.step(x[t - 1], state)
        state = step.state
        np.testing.assert_allclose(a.h[t - 1], state[0].detach().numpy(), rtol=0, atol=1e-12)
        for name, value in step.pre.items():
            np.testing.assert_allclose(a.pre[name][t - 1], value.detach().numpy(), rtol=0, atol=1e-12)
    assert a.path("h").shape == (task.T + 1, 4) and not a.path("h")[0].any()  # h_0 = 0, then h_1..h_T


def test_the_question_is_answered_by_autograd(hello):
    """The state that gets the largest gradient from the last loss, recomputed with a plain autograd loop."""
    model, task = hello.result.model(), hello.result.task
    x = task.one_hot()
    state, hs = model.cell.initial_state(x[0]), []
    for t in range(task.T):
        state = model.cell.step(x[t], state).state
        hs.append(state[0])
    last = F.cross_entropy(model.head(hs[-1])[None], torch.tensor(task.targets[-1:]))
    grads = torch.autograd.grad(last, hs)
    row = np.array([g.norm().item() for g in grads])
    best, shown = largest_gradient(hello)
    np.testing.assert_allclose(shown, row, rtol=1e-9, atol=1e-15)
    assert best == int(np.argmax(row)) + 1  # a step t, counted from 1


def test_the_csv_has_a_row_per_step_with_that_steps_state(hello):
    rows = list(csv.DictReader(io.StringIO(trace_csv(hello))))
    task, a = hello.result.task, hello.analysis
    assert [int(r["t"]) for r in rows] == list(range(1, task.T + 1))
    for r in rows:
        t = int(r["t"])
        assert r["input"] == task.vocab[task.inputs[t - 1]] and r["target"] == task.vocab[task.targets[t - 1]]
        np.testing.assert_allclose([float(r[f"h{j + 1}"]) for j in range(4)], a.h[t - 1], atol=1e-9)


def test_a_study_is_keyed_by_its_config(hello):
    config = hello.result.config
    assert hello.cache_key == config and hash(hello.cache_key) == hash(HelloConfig(**vars(config)))
    data = json.loads(config_json(hello))
    assert data["config"]["cell"] == config.cell and data["vocab"] == list(hello.result.task.vocab)
