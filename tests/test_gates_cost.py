"""Parameter counts and step timing (lessons.gates.study_cost), the PCA of hidden states (core.trajectory), and
their charts."""

import json
import math
import re

import numpy as np
import pytest
import torch

from core.errors import LabError, messages
from core.limits import MAX_HIDDEN
from core.trajectory import pca_2d
from lessons.gates.study_cost import KINDS, param_counts, time_per_step
from viz import memory

TORCH = {"rnn": torch.nn.RNN, "gru": torch.nn.GRU, "lstm": torch.nn.LSTM}
SIZES = [(1, 1), (5, 3), (27, 64), (100, MAX_HIDDEN)]

# ---------------------------------------------------------------- parameter counts


@pytest.mark.parametrize("I, H", SIZES)
def test_param_counts_match_torch_modules(I, H):
    counts = param_counts(I, H)
    assert set(counts) == set(KINDS)
    for kind in KINDS:
        module = TORCH[kind](I, H)
        got = counts[kind]
        assert got["total"] == sum(p.numel() for p in module.parameters())
        assert got["weight_ih"] == module.weight_ih_l0.numel()
        assert got["weight_hh"] == module.weight_hh_l0.numel()
        assert got["biases"] == module.bias_ih_l0.numel() + module.bias_hh_l0.numel()
        assert got["blocks"] * H == module.weight_hh_l0.shape[0]


@pytest.mark.parametrize("I, H", SIZES)
def test_gated_cells_are_exact_multiples_of_the_rnn(I, H):
    counts = param_counts(I, H)
    for part in ("weight_ih", "weight_hh", "biases", "total"):
        assert (counts["gru"][part], counts["lstm"][part]) == (3 * counts["rnn"][part], 4 * counts["rnn"][part])
    assert param_counts(np.int64(I), np.int32(H)) == counts  # NumPy integers from a widget are whole numbers too


@pytest.mark.parametrize("I, H, name", [
    (0, 8, "input_size"), (-3, 8, "input_size"), (2.5, 8, "input_size"), ("8", 8, "input_size"),
    (True, 8, "input_size"), (8, 0, "hidden_size"), (8, None, "hidden_size"), (8, 4.0, "hidden_size"),
    (8, MAX_HIDDEN + 1, "hidden_size"),
])
def test_bad_sizes_are_rejected_naming_the_argument(I, H, name):
    for call in (lambda: param_counts(I, H), lambda: time_per_step(I, H, steps=2, repeats=1)):
        with pytest.raises(LabError) as caught:  # a ValueError whose message names the setting, in either language
            call()
        assert caught.value.values["what"] == name
        assert messages("en")["names"][name] in str(caught.value)


@pytest.mark.parametrize("kwargs, name", [
    (dict(steps=0), "steps"), (dict(steps=513), "steps"), (dict(repeats=0), "repeats"),
    (dict(repeats=201), "repeats"), (dict(seed=-1), "seed"), (dict(steps=1.5), "steps"),
])
def test_time_per_step_bounds_the_work(kwargs, name):
    with pytest.raises(ValueError, match=name):
        time_per_step(4, 4, **kwargs)


def test_time_per_step_is_positive_finite_and_leaves_rng_and_threads_alone():
    state, threads = torch.get_rng_state(), torch.get_num_threads()
    times = time_per_step(3, 5, steps=4, repeats=3)
    assert torch.equal(state, torch.get_rng_state()) and torch.get_num_threads() == threads
    assert set(times) == set(KINDS)
    assert all(isinstance(v, float) and math.isfinite(v) and v > 0 for v in times.values()), times

# ---------------------------------------------------------------- PCA


def _reference(S):
    """Top two principal axes by an eigen-decomposition of the covariance matrix."""
    X = S - S.mean(axis=0)
    evals, evecs = np.linalg.eigh(np.cov(X, rowvar=False).reshape(S.shape[1], S.shape[1]))
    order = np.argsort(evals)[::-1]
    evals, evecs = np.clip(evals[order], 0, None), evecs[:, order]
    return X, evals[:2] / evals.sum(), evecs[:, :2]


@pytest.mark.parametrize("N, H", [(30, 6), (4, 10), (50, 2)])
def test_pca_matches_eigendecomposition_of_the_covariance(N, H):
    rng = np.random.default_rng(N * H)
    S = rng.normal(size=(N, H)) * np.linspace(3.0, 0.5, H) + rng.normal(size=H)  # distinct variances per axis
    p = pca_2d(S)
    X, explained, axes = _reference(S)
    np.testing.assert_allclose(p.explained, explained, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(np.abs(p.points), np.abs(X @ axes), rtol=1e-8, atol=1e-10)
    np.testing.assert_allclose(np.abs(p.components), np.abs(axes.T), atol=1e-8)
    np.testing.assert_allclose(p.components @ p.components.T, np.eye(2), atol=1e-12)
    assert p.points.shape == (N, 2) and p.components.shape == (2, H) and p.explained.shape == (2,)
    for row in p.components:  # the sign rule: each axis's largest loading is positive ...
        assert row[np.argmax(np.abs(row))] > 0
    q = pca_2d(-S)  # ... so flipping every state flips the points, not the axes
    np.testing.assert_allclose(q.components, p.components, atol=1e-12)
    np.testing.assert_allclose(q.points, -p.points, atol=1e-10)


def test_pca_single_unit():
    S = np.array([[0.5], [-1.0], [2.0], [0.25]])
    p = pca_2d(S)
    np.testing.assert_allclose(p.points[:, 0], S[:, 0] - S.mean())
    assert np.all(p.points[:, 1] == 0) and p.explained[1] == 0 and np.isclose(p.explained[0], 1.0)
    np.testing.assert_allclose(p.components, [[1.0], [0.0]])


@pytest.mark.parametrize("S", [np.full((5, 3), 0.1), np.tile([0.1, 0.7, -0.3], (7, 1)), np.ones((1, 4)) * 0.3])
def test_pca_identical_states_and_a_single_state(S):
    p = pca_2d(S)
    assert p.points.shape == (S.shape[0], 2) and not (p.points.any() or p.explained.any() or p.components.any())


def test_pca_states_on_a_line_have_no_second_axis():
    t = np.linspace(-1, 2, 9)[:, None]
    S = 0.3 + t * np.array([1.0, -2.0, 0.5])
    p = pca_2d(S)
    np.testing.assert_allclose(p.explained, [1.0, 0.0], atol=1e-12)
    assert np.all(p.components[1] == 0) and np.all(p.points[:, 1] == 0)
    np.testing.assert_allclose(np.linalg.norm(p.components[0]), 1.0)


@pytest.mark.parametrize("S, message", [
    (np.array([[0.0, np.nan], [1.0, 2.0]]), "NaN"), (np.array([[np.inf, 0.0]]), "NaN or inf"),
    (np.zeros(4), "shaped"), (np.zeros((2, 2, 2)), "shaped"), (np.zeros((0, 3)), "at least one"),
])
def test_pca_rejects_bad_input(S, message):
    with pytest.raises(ValueError, match=message):
        pca_2d(S)

# ---------------------------------------------------------------- charts


def _states(N, H=6, seed=0):
    return np.random.default_rng(seed).normal(size=(N, H)).cumsum(axis=0)


def test_trajectory_labels_are_escaped_and_every_state_is_a_point():
    chars = list("a<b> & c")
    p = pca_2d(_states(len(chars) + 1))
    fig = memory.trajectory(p, chars, "lstm", "test", lang="en")
    path, text = fig.data[0], list(fig.data[0].text)
    assert len(path.x) == len(path.y) == len(text) == len(chars) + 1
    assert "&lt;" in text and "&gt;" in text and "&amp;" in text and "␣" in text
    assert not any("<" in t or ">" in t for t in text)
    assert "LSTM" in fig.layout.title.text and fig.data[0].marker.colorbar.title.text == "step"
    for title, share in ((fig.layout.xaxis.title.text, p.explained[0]), (fig.layout.yaxis.title.text, p.explained[1])):
        shown = float(re.search(r"([\d.]+) %", title).group(1))
        assert abs(shown - 100 * share) <= 0.5
    json.loads(fig.to_json())


def test_trajectory_handles_degenerate_and_long_paths():
    fig = memory.trajectory(pca_2d(np.ones((4, 3))), list("abc"), "gru", "equal states", lang="en")
    assert len(fig.data[0].x) == 4 and "0.0 %" in fig.layout.xaxis.title.text
    long = memory.trajectory(pca_2d(_states(201)), ["x"] * 200, "rnn", "long", lang="en")
    assert len(long.data[0].x) == 201 and len(long.data[0].text) == 201
    json.loads(long.to_json())
    with pytest.raises(ValueError, match="characters"):
        memory.trajectory(pca_2d(_states(5)), list("abc"), "rnn", "mismatch", lang="en")


def test_param_bars_show_totals_and_multiples():
    counts = param_counts(27, 64)
    fig = memory.param_bars(counts, "test", lang="en")
    notes = [a.text for a in fig.layout.annotations]
    for kind, factor in (("rnn", 1), ("gru", 3), ("lstm", 4)):
        assert any(str(counts[kind]["total"]) == re.sub(r"\D", "", n.split("·")[0]) and f"{factor}×" in n
                   for n in notes), (kind, notes)
    stacked = {}  # every cell's stack adds up to its total
    for trace in fig.data:
        for name, y in zip(trace.x, trace.y, strict=True):
            if name is not None:
                stacked[name] = stacked.get(name, 0) + y
    assert stacked == {"RNN": counts["rnn"]["total"], "GRU": counts["gru"]["total"], "LSTM": counts["lstm"]["total"]}
    assert fig.layout.yaxis.title.text == "parameters"
    json.loads(fig.to_json())


def test_step_times_label_values_and_ratios():
    times = {"rnn": 4e-6, "gru": 12e-6, "lstm": 2e-6}
    fig = memory.step_times(times, "Time per step", "test", lang="en")
    bars = fig.data[0]  # (the timings are made up: the chart's job is the labelling)
    assert list(bars.x) == ["RNN", "GRU", "LSTM"]
    np.testing.assert_allclose(bars.y, [4.0, 12.0, 2.0])
    assert "3.0×" in bars.text[1] and "0.5×" in bars.text[2] and "12.0 µs" in bars.text[1]
    json.loads(fig.to_json())
