"""Note 001's parallelism claim on the lab's two translators (section 6, continued): the timed step is a real training
step (it changes the weights, on the batch it is given), the models have the architectures the page names, the
sequential steps are L + n and 2 x layers, the measurement's shapes and bounds, the words chosen from the numbers;
the page's chart, table and paragraph read from the measurement it shows, in both languages. Times are never
asserted against a threshold (machines are noisy)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from core import seq2seq
from core.errors import LabError
from core.seq2seq import Translator
from core.seq2seq_train import batch
from core.transformer import Transformer, TransformerConfig
from lessons.selfattn import trainstep
from lessons.selfattn.study_trainstep import (
    BETAS,
    TrainStepConfig,
    TrainStepRun,
    measure,
    models,
    sequential_steps,
    stepper,
    trainstep_numbers,
)
from tests.apptools import arr, chart, lesson_page
from tests.i18ntools import assert_korean, figures, open_page, title_of
from ui.registry import LESSONS
from ui.strings import strings

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "selfattn")
EN, KO = strings("selfattn", "en"), strings("selfattn", "ko")
SMALL = TrainStepConfig(lengths=(3, 5), batch=4, repeats=1)


def test_the_models_are_the_shipped_architecture_and_the_transformer_defaults_with_fresh_weights():
    before = torch.random.get_rng_state()
    nets = models(SMALL)
    assert torch.equal(torch.random.get_rng_state(), before)  # the process's random state is left as it was
    rnn, tf = nets["rnn"], nets["transformer"]
    assert isinstance(rnn, Translator) and isinstance(tf, Transformer) and rnn.training and tf.training
    shipped = seq2seq.load(seq2seq.MODELS / "attention.pt")[0]
    assert rnn.config == shipped.config.__class__(**{**shipped.config.__dict__, "batch": 4})
    assert tf.config == TransformerConfig(batch=4)
    assert not torch.equal(rnn.encoder.weight_hh_l0, shipped.encoder.weight_hh_l0)  # fresh, not the trained weights
    again = models(SMALL)  # seeded: the same fresh weights every time
    assert all(torch.equal(a, b) for a, b in zip(tf.parameters(), again["transformer"].parameters(), strict=True))


@pytest.mark.parametrize("name", ["rnn", "transformer"])
def test_a_timed_step_is_a_training_step_that_changes_the_weights(name):
    model = models(SMALL)[name]
    step = stepper(model, BETAS[name])
    source, target_in, target_out = batch(np.random.default_rng(0), model.config, 6)
    assert source.shape == (4, 6) and target_in.shape == target_out.shape and target_in.shape[0] == 4
    before = [p.detach().clone() for p in model.parameters()]
    first = step(source, target_in, target_out)
    changed = [not torch.equal(b, p) for b, p in zip(before, model.parameters(), strict=True)]
    used = [p.grad is not None for p in model.parameters()]
    assert np.isfinite(first) and first > 0
    assert changed == used and sum(changed) >= len(changed) - 1  # Adam moved every weight the loss reaches
    losses = [step(source, target_in, target_out) for _ in range(5)]
    assert losses[-1] < first  # on one batch, steps lower its loss: the step trains


def test_sequential_steps_grow_with_the_sentence_for_the_rnn_only():
    nets = models(SMALL)
    for L, n in ((3, 4), (15, 14), (27, 23)):
        assert sequential_steps(nets["rnn"], L, n) == L + n
        assert sequential_steps(nets["transformer"], L, n) == 2 * TransformerConfig().layers == 4


def test_a_small_measurement():
    threads, calls = torch.get_num_threads(), []
    run = measure(SMALL, on_step=lambda done, total: calls.append((done, total)))
    assert torch.get_num_threads() == threads and run.threads == 1  # measured on one thread, then put back
    assert calls == [(2, 4), (4, 4)]
    assert run.ms.shape == run.steps.shape == (2, 2) and (run.ms > 0).all() and np.isfinite(run.ms).all()
    rng = np.random.default_rng(SMALL.seed)  # the batches the measurement drew, one per length
    n = [batch(rng, models(SMALL)["rnn"].config, L)[1].shape[1] for L in SMALL.lengths]
    assert run.decoder_inputs.tolist() == n
    assert run.steps.tolist() == [[3 + n[0], 4], [5 + n[1], 4]]
    tf = models(SMALL)["transformer"]
    assert run.parameters[1] == sum(p.numel() for p in tf.parameters())


@pytest.mark.parametrize("bad", [dict(lengths=(2,)), dict(lengths=(3, 28)), dict(repeats=50), dict(batch=0)])
def test_the_measurement_is_bounded(bad):
    with pytest.raises(LabError):
        TrainStepConfig(**bad)


def fake(ms) -> TrainStepRun:
    ms = np.array(ms, dtype=float)
    steps = np.array([[3 + 4, 4], [27 + 23, 4]])
    return TrainStepRun(TrainStepConfig(lengths=(3, 27)), ms, steps, np.array([4, 23]), (10, 20), 1, 1.0)


@pytest.mark.parametrize("ms, which, growth", [
    ([[20, 10], [100, 40]], "trainstep_all_faster", "trainstep_less"),
    ([[10, 20], [40, 100]], "trainstep_all_slower", "trainstep_more"),
    ([[10, 20], [100, 90]], "trainstep_some_faster", "trainstep_less"),
])
@pytest.mark.parametrize("S", [EN, KO])
def test_the_words_come_from_the_numbers(ms, which, growth, S):
    run = fake(ms)
    n = trainstep_numbers(run)
    assert (n["ratio_min"], n["r_growth"]) == (ms[0][1] / ms[0][0], ms[1][0] / ms[0][0])
    said = trainstep.shows(run, S)
    assert trainstep.clock(n, S) in said and S[growth] in said
    assert S[which].format(which="27", **n) in said
    assert f"{ms[1][1]:.1f} ms" in said and "50" in said and f"{n['t_growth']:.1f}" in said


@pytest.fixture(scope="module")
def english():
    return lesson_page(PAGE, timeout=300)


def test_the_page_shows_the_measurement_it_took(english):
    run = trainstep.measured.peek(TrainStepConfig())  # the page's own measurement, shared by every session
    assert run is not None and run.threads == 1
    fig = chart(english, EN["trainstep_title"])
    lines = {(tr["name"], tr["yaxis"]): arr(tr["y"]) for tr in fig["data"]}
    rnn, tf = "recurrent translator (GRU encoder-decoder with attention)", "Transformer"
    np.testing.assert_allclose(lines[rnn, "y"], run.ms[:, 0])
    np.testing.assert_allclose(lines[tf, "y"], run.ms[:, 1])
    np.testing.assert_array_equal(lines[rnn, "y2"], run.lengths + run.decoder_inputs)  # L + n
    np.testing.assert_array_equal(lines[tf, "y2"], [4] * len(run.lengths))
    assert [t["title"]["text"] for t in (fig["layout"]["xaxis"], fig["layout"]["yaxis"])] == [
        "English sentence length L (words)", "time of one training step, ms"]
    assert all("ms" in tr["hovertemplate"] and "sequential steps" in tr["hovertemplate"] for tr in fig["data"])
    (table,) = [m.value for m in english.markdown if m.value.startswith("| L (English words) |")]
    r, t = run.ms[-1]
    assert f"| 27 | {run.decoder_inputs[-1]} | {27 + run.decoder_inputs[-1]} | 4 | {r:.1f} | {t:.1f} |" in table
    (said,) = [m.value for m in english.markdown if m.value.startswith("**What this measurement shows.**")]
    assert said == trainstep.shows(run, EN)
    assert any("one server's, on one thread" in c.value for c in english.caption)


def test_attentions_cost_against_t_is_labelled_as_the_score_matrix(english):
    fig = chart(english, EN["speed_title"])
    assert "T × T score matrix" in title_of(fig)


def test_the_section_in_korean():
    at = open_page(PAGE, "ko")
    assert_korean(at, "the training-step part of the speed section")
    assert any(title_of(f).startswith(KO["trainstep_title"]) for f in figures(at))
    assert any(m.value.startswith("| L (영어 단어 수) | 디코더 입력 n") for m in at.markdown)
    (said,) = [m.value for m in at.markdown if m.value.startswith("**이 측정이 보여 주는 것.**")]
    assert "차례로 밟았습니다" in said and "트랜스포머" in said and "ms" in said
