"""The vanishing lesson's training labs: gradient clipping (lessons.vanishing.study_clipping) and long-range
recall (core.recall)."""

import math
from dataclasses import replace

import numpy as np
import pytest
import torch
from torch.nn import functional as F

from core.recall import RecallConfig, chance, make_batch, train_recall
from core.text import make_task
from lessons.vanishing.study_clipping import (
    ClipConfig,
    build_model,
    clip_gradients,
    spectral_radius,
    train_pair,
    train_run,
)

# ---------------------------------------------------------------- configs


@pytest.mark.parametrize("kwargs, message", [
    (dict(text="x"), "at least two"),
    (dict(text="a" * 65), "at most 64"),
    (dict(hidden_size=0), "hidden size must be between 1 and 128"),
    (dict(recurrent_scale=6.0), "spectral radius"),
    (dict(lr=0.0), "learning rate must be above 0"),
    (dict(steps=2001), "training steps must be between 1 and 2000"),
    (dict(threshold=0.0), "clipping threshold must be above 0"),
    (dict(seed=-1), "seed must be between 0"),
])
def test_clip_config_rejects_with_a_readable_message(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ClipConfig(**kwargs)


@pytest.mark.parametrize("kwargs, message", [
    (dict(cell="transformer"), "cell must be one of rnn, lstm, gru"),
    (dict(distance=0), "distance must be between 1 and 100"),
    (dict(distance=101), "distance must be between 1 and 100"),
    (dict(symbols=1), "one choice is no memory test"),
    (dict(distractors=0), "distractor symbols must be between 1"),
    (dict(batch_size=0), "batch size"),
    (dict(lr=2.0), "learning rate"),
    (dict(gate_bias=-1.0), "gate bias must be between 0"),
])
def test_recall_config_rejects_with_a_readable_message(kwargs, message):
    with pytest.raises(ValueError, match=message):
        RecallConfig(**kwargs)


# ---------------------------------------------------------------- clipping


@pytest.fixture(scope="module")
def default_pair():
    return train_pair(ClipConfig())


def test_initial_recurrent_matrix_has_the_requested_spectral_radius():
    config = ClipConfig(recurrent_scale=2.5, hidden_size=16)
    model = build_model(config, make_task(config.text))
    assert spectral_radius(model.cell.weight_hh_l0) == pytest.approx(2.5, rel=1e-5)


def test_clipped_norms_respect_the_threshold(default_pair):
    run, threshold = default_pair.clipped, default_pair.config.threshold
    assert run.n_clipped == run.clipped.sum() > 0  # the default config does clip
    assert not run.clipped.all()  # ... but not forever: late gradients are short
    assert np.all(run.norm_before[run.clipped] >= threshold)
    assert np.all(run.norm_after[run.clipped] <= threshold * (1 + 1e-6))
    assert np.all(run.norm_after[run.clipped] >= threshold * (1 - 1e-6))  # shrunk to the threshold, not below
    assert np.array_equal(run.norm_after[~run.clipped], run.norm_before[~run.clipped])
    assert np.all(run.norm_before[~run.clipped] < threshold)


def test_plain_run_never_clips(default_pair):
    plain = default_pair.plain
    assert plain.n_clipped == 0 and not plain.clipped.any()
    assert np.array_equal(plain.norm_after, plain.norm_before)


def test_both_runs_start_from_the_same_weights(default_pair):
    plain, clipped = default_pair.plain, default_pair.clipped
    assert plain.losses[0] == clipped.losses[0]
    assert plain.norm_before[0] == clipped.norm_before[0]
    assert not np.array_equal(plain.losses, clipped.losses)  # and then they part


def test_default_config_shows_the_lesson(default_pair):
    plain, clipped = default_pair.plain, default_pair.clipped
    assert plain.diverged_at is None and clipped.diverged_at is None
    assert clipped.losses[-1] < 0.1 * plain.losses[-1]
    assert clipped.losses[-1] < 0.1 * clipped.losses[0]  # the clipped run actually trains
    assert clipped.accuracy > plain.accuracy
    assert default_pair.plain.losses.shape == (default_pair.config.steps,)


def test_one_step_matches_a_direct_reimplementation():
    config = ClipConfig(threshold=1.0)
    task = make_task(config.text)
    ours, ref = build_model(config, task), build_model(config, task)
    run = train_run(ours, task, config.lr, steps=1, threshold=config.threshold)
    x, y = task.one_hot(torch.float32), torch.tensor(task.targets)
    loss = F.cross_entropy(ref(x)[1], y, reduction="sum")
    grads = torch.autograd.grad(loss, list(ref.parameters()))
    norm = torch.sqrt(sum((g.double() ** 2).sum() for g in grads)).item()
    assert norm >= config.threshold  # this step is one that clips
    assert run.norm_before[0] == pytest.approx(norm, rel=1e-9)
    with torch.no_grad():
        for p, g in zip(ref.parameters(), grads, strict=True):
            p -= config.lr * (config.threshold / norm) * g  # Pascanu et al. (2013), Algorithm 1
    for (name, a), b in zip(ours.named_parameters(), ref.parameters(), strict=True):
        torch.testing.assert_close(a, b, rtol=1e-6, atol=1e-7, msg=name)


def test_clip_gradients_leaves_short_gradients_alone():
    p = torch.zeros(3, requires_grad=True)
    p.grad = torch.tensor([0.3, 0.4, 0.0])
    assert clip_gradients([p], threshold=1.0) == (pytest.approx(0.5), pytest.approx(0.5))
    assert torch.equal(p.grad, torch.tensor([0.3, 0.4, 0.0]))
    before, after = clip_gradients([p], threshold=0.1)
    assert before == pytest.approx(0.5) and after == pytest.approx(0.1)
    torch.testing.assert_close(p.grad, torch.tensor([0.06, 0.08, 0.0]))


def test_divergence_is_recorded_not_raised():
    config = ClipConfig(steps=5)
    task = make_task(config.text)
    calls = []
    run = train_run(build_model(config, task), task, lr=1e38, steps=8,  # the second step overflows float32
                    on_step=lambda *args: calls.append(args))
    assert [c[0] for c in calls] == list(range(1, 9))  # the progress bar still reaches the end
    assert all(0 <= c[3] <= 1 for c in calls)
    assert run.diverged_at == 2
    assert math.isfinite(run.losses[0])
    assert not math.isfinite(run.losses[1]) or not math.isfinite(run.norm_before[1])
    assert np.isnan(run.losses[2:]).all() and np.isnan(run.norm_before[2:]).all()
    assert np.isnan(run.norm_after[1:]).all() and np.isnan(run.accuracies[1:]).all() and not run.clipped.any()
    assert math.isnan(run.accuracy)


def test_on_step_counts_across_both_runs():
    calls = []
    config = ClipConfig(steps=3)
    train_pair(config, on_step=lambda *args: calls.append(args))
    assert [c[0] for c in calls] == [1, 2, 3, 4, 5, 6]
    assert {c[1] for c in calls} == {6}
    assert all(0 <= c[3] <= 1 for c in calls)


def test_train_pair_is_deterministic():
    a, b = train_pair(ClipConfig(steps=5, seed=3)), train_pair(ClipConfig(steps=5, seed=3))
    assert np.array_equal(a.plain.losses, b.plain.losses)
    assert np.array_equal(a.clipped.norm_after, b.clipped.norm_after)


# ---------------------------------------------------------------- recall


def test_batch_layout():
    config = RecallConfig(distance=7, symbols=3, distractors=5)
    x, y = make_batch(config, 64, torch.Generator().manual_seed(0))
    T, V = config.distance + 2, config.symbols + config.distractors + 1
    assert x.shape == (T, 64, V) and x.dtype == torch.float32
    assert y.shape == (64,) and y.dtype == torch.int64
    assert torch.equal(x.sum(-1), torch.ones(T, 64))  # one-hot
    ids = x.argmax(-1)  # (T, n)
    assert torch.equal(ids[0], y)  # the key comes first, and it is the target
    assert (y < config.symbols).all() and len(set(y.tolist())) == config.symbols
    middle = ids[1:-1]
    assert ((middle >= config.symbols) & (middle < V - 1)).all()  # distractors come from their own alphabet
    assert (ids[-1] == V - 1).all()  # the query marker last


def test_chance_is_one_over_k():
    assert chance(RecallConfig(symbols=4)) == 0.25
    assert chance(RecallConfig(symbols=5)) == 0.2


def test_recall_is_deterministic():
    config = RecallConfig(cell="gru", distance=3, steps=5)
    a, b = train_recall(config), train_recall(config)
    assert np.array_equal(a.losses, b.losses) and a.accuracy == b.accuracy
    assert not np.array_equal(a.losses, train_recall(replace(config, seed=1)).losses)


def test_lstm_learns_a_short_distance():
    calls = []
    config = RecallConfig(cell="lstm", distance=3, steps=60)
    result = train_recall(config, on_step=lambda *args: calls.append(args))
    assert result.accuracy > 0.9 > 2 * chance(config)
    assert result.losses.shape == result.accuracies.shape == (60,)
    assert [c[0] for c in calls] == list(range(1, 61)) and calls[-1][1] == 60
