"""The toy grammar, the translator and its shipped checkpoints.

The accuracy the README reports is read from the README and recomputed from the checkpoints; the checkpoints are
retrained with the README's own commands and must give models of the same quality, within tolerances measured for
retraining on another CPU (not the same floating-point weights: those hold on one machine only)."""

import re
import shlex
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import torch

from core.attention import attention
from core.decoding import context_saliency, decode, saliency
from core.grammar import (
    ENGLISH,
    KOREAN,
    MAX_LENGTH,
    MIN_LENGTH,
    Sentence,
    pairs,
    parse,
    particle,
    sample,
    unknown_words,
    words_of,
)
from core.seq2seq import MODELS, TARGET_ID, Seq2SeqConfig, accuracy_by_length, load, pretrained, translate
from core.seq2seq_train import train

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
SENTENCE = "he eats big red apple and bread quickly today".split()


def readme_table() -> tuple[dict[int, float], ...]:
    """The README's accuracy table: one {length: percent} per column (attention, no attention, Transformer)."""
    rows = re.findall(r"^\| (\d+) \| ([\d.]+) % \| ([\d.]+) % \| ([\d.]+) % \|", README, flags=re.M)
    assert len(rows) == MAX_LENGTH - MIN_LENGTH + 1, "the README's accuracy table is missing rows"
    return tuple({int(row[0]): float(row[c]) for row in rows} for c in (1, 2, 3))


def test_grammar_reorders_and_uses_real_particles():
    s = Sentence("i", "eat", ((("red",), "apple"),))
    assert s.english() == ["i", "eat", "red", "apple"]
    assert s.korean() == ["나는", "빨간", "사과를", "먹는다"]  # the issue's own example
    s = Sentence("he", "wash", (((), "bread"), (("big",), "egg")), manner="slowly", time="today")
    assert s.english() == ["he", "washes", "bread", "and", "big", "egg", "slowly", "today"]
    assert s.korean() == ["그는", "오늘", "빵과", "큰", "달걀을", "천천히", "씻는다"]
    assert [particle(w, "을", "를") for w in ("빵", "사과", "물")] == ["빵을", "사과를", "물을"]
    assert 40 <= len(ENGLISH) <= 80 and 40 <= len(KOREAN) <= 80


@pytest.mark.parametrize("length", range(MIN_LENGTH, MAX_LENGTH + 1))
def test_every_length_can_be_sampled_and_parsed_back(length):
    rng = np.random.default_rng(length)
    for _ in range(20):
        s = sample(rng, length)
        assert len(s.english()) == length
        assert parse(s.english()) == s


def test_pairs_are_deterministic_and_parse_rejects_bad_sentences():
    assert pairs([5, 9], 3, seed=1) == pairs([5, 9], 3, seed=1) != pairs([5, 9], 3, seed=2)
    assert parse("he eat apple".split()) is None  # "he eats"
    assert parse("i eat apple and".split()) is None
    assert parse("i apple eat".split()) is None
    assert words_of("I eat red APPLE!") == ["i", "eat", "red", "apple"]
    assert unknown_words(["i", "eat", "aple", "zzzz"]) == {"aple": ["apple", "make", "like"], "zzzz": []}


def test_checkpoints_load_with_weights_only_and_hold_their_config():
    for name in ("attention", "no_attention"):
        blob = torch.load(MODELS / f"{name}.pt", weights_only=True)
        assert Seq2SeqConfig(**blob["config"]).attention == ("dot" if name == "attention" else "none")
        assert (MODELS / f"{name}.pt").stat().st_size < 3_000_000
    with pytest.raises(ValueError, match="shipped models are no_attention, attention, transformer"):
        pretrained("bert")


@pytest.mark.parametrize("name, column", [("attention", 0), ("no_attention", 1), ("transformer", 2)])
def test_checkpoints_reproduce_the_readme_accuracy_within_a_point(name, column):
    table = readme_table()[column]
    measured = accuracy_by_length(pretrained(name), sorted(table), n_per_length=500, seed=7)
    for length, percent in table.items():
        assert abs(100 * measured[length] - percent) <= 1.0, (name, length, measured[length], percent)


def test_the_readme_numbers_meet_the_issue():
    attention_acc, plain, transformer = readme_table()
    train_max = Seq2SeqConfig().train_max
    assert min(v for k, v in attention_acc.items() if k <= train_max) >= 98.0
    assert min(v for k, v in transformer.items() if k <= train_max) >= 98.0  # issue 17's bar
    longest = [k for k in attention_acc if k > train_max][:6]
    assert all(attention_acc[k] > plain[k] + 20 for k in longest)


def test_translate_contract():
    korean, weights = translate(pretrained("attention"), SENTENCE)
    assert korean == parse(SENTENCE).korean()
    assert weights.shape == (len(korean), len(SENTENCE))
    np.testing.assert_allclose(weights.sum(axis=1), 1, atol=1e-6)
    assert weights[-1].argmax() == SENTENCE.index("eats")  # 먹는다 looks at "eats" though it is written last
    korean, weights = translate(pretrained("no_attention"), SENTENCE)
    assert weights is None and len(korean) > 0
    with pytest.raises(ValueError, match="not in the vocabulary: aple"):
        translate(pretrained("attention"), ["i", "eat", "aple"])


def test_step_by_step_decoding_equals_the_batched_training_path():
    """decode() calls core.attention once per step; the training path scores a whole batch at once."""
    model = pretrained("attention")
    d = decode(model, SENTENCE)
    target_in = torch.tensor([[TARGET_ID["<s>"]] + [TARGET_ID[w] for w in d.words[:-1]]])
    with torch.no_grad():
        logits, weights = model(torch.tensor([[ENGLISH.index(w) for w in SENTENCE]]), target_in)
    np.testing.assert_allclose(weights[0].numpy(), d.weights, atol=1e-5)
    np.testing.assert_allclose(torch.softmax(logits[0], -1).numpy(), d.probs, atol=1e-5)
    step = attention(torch.tensor(d.s[3:4]), torch.tensor(d.states), torch.tensor(d.states), score="dot")
    np.testing.assert_allclose(step.context[0].numpy(), d.context[3], atol=1e-5)


def test_saliency_is_the_autograd_gradient_of_each_word_loss():
    model = pretrained("attention")
    target = parse(SENTENCE).korean()
    result = saliency(model, SENTENCE, target)
    assert result.gradient.shape == result.weights.shape == (len(target) + 1, len(SENTENCE))
    x = model.source_embed(torch.tensor([[ENGLISH.index(w) for w in SENTENCE]])).detach()

    t = len(target) - 1

    def loss_of_word(x_):
        states, first = model.encode(None, embedded=x_)
        y_in = torch.tensor([[TARGET_ID["<s>"]] + [TARGET_ID[w] for w in target]])
        s, _ = model.decoder(model.target_embed(y_in), first)
        logits, _ = model.readout(s, states)
        return torch.nn.functional.cross_entropy(logits[0, t:t + 1], torch.tensor([TARGET_ID[target[t]]]))

    jac = torch.autograd.functional.jacobian(loss_of_word, x)[0]  # (T_in, E)
    np.testing.assert_allclose(result.gradient[len(target) - 1], jac.norm(dim=-1).numpy(), rtol=1e-4, atol=1e-12)
    shares = context_saliency(pretrained("no_attention"), SENTENCE)
    assert shares.shape == (len(SENTENCE),) and (shares > 0).all()


@pytest.mark.parametrize("kw", [dict(attention="general", encoder="lstm", decoder="lstm"),
                                dict(attention="additive", bidirectional=False), dict(attention="none")])
def test_every_variant_trains_and_decodes(kw):
    run = train(Seq2SeqConfig(steps=30, hidden=16, embed=8, **kw))
    assert run.losses[-5:].mean() < run.losses[:5].mean()
    model = run.model()
    d = decode(model, SENTENCE)
    assert (d.weights is None) == (kw["attention"] == "none")
    assert len(run.snapshots) >= 2 and run.snapshots[0].step == 0


@pytest.mark.parametrize("kw, message", [(dict(attention="cosine"), "attention must be one of"),
                                         (dict(encoder="transformer"), "encoder must be one of gru, lstm"),
                                         (dict(hidden=0), "hidden must be between 2 and 256"),
                                         (dict(train_max=40), "train_max must be")])
def test_bad_configs_are_explained(kw, message):
    with pytest.raises(ValueError, match=message):
        Seq2SeqConfig(**kw)


# Retraining is deterministic on one machine (one torch thread: the same weights every time) but not across CPUs:
# Intel and AMD kernels round the last bits differently and the runs part after ~150 of 2,500 steps, so a retraining
# elsewhere is another sample of the same training process. What must hold on every machine is the same quality.
# The tolerances come from benchmarks/retrain.py (2026-12-01, AMD EPYC): the README's command, and three runs whose
# initial weights were moved by a relative 1e-7 (a last-bits difference), scored on 500 new sentences per length
# (seed 11) against the shipped checkpoints. Largest gaps measured, in points: attention 0.4-1.0 at 5-14 words (the
# training lengths), 3.8 at 16; no attention 3.4-3.6 at 5-10, 12.0 at 14, 6.2 at 16. Each tolerance is about twice
# the largest gap, and tighter inside the training lengths than beyond them.
RETRAIN_PER_LENGTH, RETRAIN_SEED = 500, 11
RETRAIN_POINTS = {"attention": {5: 2.5, 10: 2.5, 14: 2.5, 16: 8.0},
                  "no_attention": {5: 6.0, 10: 6.0, 14: 20.0, 16: 12.0}}


def retrain_with_the_readme_commands(tmp_path) -> dict:
    """The README's two commands, run as written (at the same time) but writing to a temporary folder."""
    commands = re.findall(r"^(python -m core\.seq2seq_train .*)$", README, flags=re.M)
    assert len(commands) == 2
    jobs = []
    for command in commands:
        args = shlex.split(command)
        out = args[args.index("--out") + 1]
        args[args.index("--out") + 1] = str(tmp_path / Path(out).name)
        jobs.append((Path(out).stem, subprocess.Popen([sys.executable, *args[1:]], cwd=ROOT,
                                                      stdout=subprocess.PIPE, stderr=subprocess.STDOUT)))
    retrained = {}
    for name, job in jobs:
        assert job.wait(timeout=1800) == 0, job.stdout.read().decode()
        retrained[name] = load(tmp_path / f"{name}.pt")[0]
    return retrained


def test_retraining_with_the_readme_commands_trains_models_of_the_same_quality(tmp_path):
    retrained = retrain_with_the_readme_commands(tmp_path)
    scores = {}
    for name, points in RETRAIN_POINTS.items():
        lengths = sorted(points)
        again = accuracy_by_length(retrained[name], lengths, RETRAIN_PER_LENGTH, RETRAIN_SEED)
        before = accuracy_by_length(pretrained(name), lengths, RETRAIN_PER_LENGTH, RETRAIN_SEED)
        scores[name] = again
        for k in lengths:
            assert abs(100 * (again[k] - before[k])) <= points[k], (name, k, again, before)
    train_max = Seq2SeqConfig().train_max
    assert min(scores["attention"][k] for k in (5, 10, train_max)) >= 0.97  # the lesson's claims still hold
    assert scores["attention"][train_max] > scores["no_attention"][train_max] + 0.3
