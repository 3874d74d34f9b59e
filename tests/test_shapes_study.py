"""What sections 4 and 5 of "Sequences and recurrence" compute (lessons/sequences/study_shapes.py), each against a
direct computation: the diagrams' tokens against core's tasks, the language model against core.charlm (the same
loop, number for number), its logits against W_hy h_t + b_y, its probabilities against a softmax and against the
model reading only the prefix, its first loss against the cross-entropies of its untrained predictions; the
downloads' schema."""

from __future__ import annotations

import csv
import io
import json

import numpy as np
import pytest
import torch

from core.charlm import HelloConfig, train
from core.errors import LabError
from core.text import make_task
from lessons.sequences import study_shapes as study
from lessons.sequences.study_shapes import LEVELS, STEPS, LMConfig, token_task, tokens, train_lm
from tests.shapetools import DUE, READ
from ui.registry import LESSONS
from ui.strings import strings
from viz.shapes import SHAPES, shape_diagram, shape_names


@pytest.fixture(scope="module")
def char():
    return train_lm(LMConfig())


@pytest.fixture(scope="module")
def word():
    return train_lm(LMConfig("word", LEVELS["word"]))


def test_every_shape_reads_the_lab_tokens_at_every_t():
    found = tokens(4)
    assert list(found) == list(SHAPES)
    assert found["synced"] == (tuple(READ), tuple(DUE)) and found["one_to_many"] == (("h",), tuple(DUE))
    assert found["one_to_one"] == (("h",), ("e",))  # Hello, RNN on "he": one step
    for T in range(STEPS[0], STEPS[1] + 1):
        for kind, (inputs, outputs) in tokens(T).items():
            shape_diagram(kind, list(inputs), list(outputs), "", lang="en")  # each is a diagram the shape accepts
        assert len(tokens(T)["many_to_one"][0]) == max(T, 3)  # key, d = T - 2 >= 1 distractors, query


def test_every_shape_links_to_registered_lessons_with_the_diagrams_settings():
    registered = {lesson.key for lesson in LESSONS}
    for T in range(STEPS[0], STEPS[1] + 1):
        links = study.live_links(T)
        assert list(links) == list(SHAPES)
        assert all(key in registered for kind in links.values() for key, _ in kind)
        found = tokens(T)
        assert dict(links["many_to_one"][0][1])["d"] == str(len(found["many_to_one"][0]) - 2)
        assert dict(links["encoder_decoder"][0][1])["own"] == " ".join(found["encoder_decoder"][0])
        assert dict(links["one_to_many"][0][1])["n"] == str(len(found["one_to_many"][1]))
    translate = study.live_links(4)["encoder_decoder"][0]
    assert study.address(translate) == "translate?sentence=own&own=jisu+eats+fish+always"
    assert study.address(("gates", ())) == "gates"


def test_character_level_is_core_charlm_number_for_number(char):
    """The same loop as core.charlm.train over characters: the same losses and the same predictions."""
    result = train(HelloConfig())
    assert np.array_equal(char.losses, result.losses)
    with torch.no_grad():
        probs = torch.softmax(result.model()(result.task.one_hot())[1], -1).numpy()
    np.testing.assert_allclose(char.probs, probs, rtol=0, atol=1e-12)
    assert char.task == make_task("hello")


def test_logits_are_w_hy_h_plus_b_y_and_probabilities_their_softmax(char, word):
    for s in (char, word):
        np.testing.assert_allclose(s.logits, s.h @ s.W_hy.T + s.b_y, rtol=0, atol=1e-12)  # (T, V)
        e = np.exp(s.logits - s.logits.max(-1, keepdims=True))
        np.testing.assert_allclose(s.probs, e / e.sum(-1, keepdims=True), rtol=0, atol=1e-12)
        assert s.logits.shape == (s.task.T, s.task.V)  # one logit per vocabulary entry


def test_step_t_depends_only_on_the_tokens_read_so_far(char):
    """p(next | "hell") is what the model says reading only "hell": the prefix, run on its own."""
    model = train(HelloConfig()).model()
    for t in range(1, char.task.T + 1):
        x = char.task.one_hot()[:t]
        with torch.no_grad():
            p = torch.softmax(model(x)[1][-1], -1).numpy()
        np.testing.assert_allclose(p, char.probs[t - 1], rtol=0, atol=1e-12)


def test_the_first_loss_is_the_sum_of_the_untrained_cross_entropies(char, word):
    for s in (char, word):
        assert s.losses[0] == pytest.approx(-np.log(s.p_truth(s.before)).sum(), rel=1e-12)
        np.testing.assert_allclose(s.before.sum(-1), 1.0, rtol=0, atol=1e-12)


def test_both_levels_learn_their_text(char, word):
    """Checked for quality, not for identical weights (CPUs differ in the last bits)."""
    for s in (char, word):
        assert s.right == s.task.T and s.p_truth().min() > 0.9 and s.p_truth(s.before).max() < 0.6


def test_word_level_task_is_the_words_in_order_of_first_appearance():
    task = token_task("word", "the cat sat on the mat")
    assert task.vocab == ("the", "cat", "sat", "on", "mat")
    assert (task.inputs, task.targets) == ((0, 1, 2, 3, 0), (1, 2, 3, 0, 4))  # "the" is followed by cat, then mat
    assert token_task("char", "hello") == make_task("hello")


@pytest.mark.parametrize("settings", [dict(level="byte"), dict(level="word", text="hello"), dict(text=""),
                                      dict(hidden_size=0), dict(steps=10_000), dict(lr=0.0), dict(seed=-1)])
def test_bad_settings_are_refused_with_a_message(settings):
    with pytest.raises((ValueError, LabError)):
        LMConfig(**settings)


def test_downloads_one_english_schema_with_the_pages_values(char):
    for lang in ("en", "ko"):
        S, names = strings("sequences", lang), shape_names(lang)
        table = list(csv.reader(io.StringIO(study.shapes_csv(S["shapes_rows"], names))))
        assert table[0] == ["kind", "shape", "notes_names", "applications", "live_in_this_lab"]
        assert [r[0] for r in table[1:]] == list(SHAPES) and [r[1] for r in table[1:]] == [names[k] for k in SHAPES]
        assert table[1][4] == "hello?text=he"
        data = json.loads(json.dumps(study.shapes_data(S["shapes_rows"], names, S["shapes_recall_key"])))
        assert [s["kind"] for s in data] == list(SHAPES)
        synced = data[SHAPES.index("synced")]
        assert next(u for u in synced["unrolled"] if u["T"] == 4)["inputs"] == READ
        assert [u["T"] for u in synced["unrolled"]] == list(range(STEPS[0], STEPS[1] + 1))
    found = json.loads(json.dumps(study.lm_data(char)))
    assert [p["truth"] for p in found["predictions"]] == ["e", "l", "l", "o"]
    assert found["predictions"][-1]["p"][3] == pytest.approx(char.probs[-1, 3])
    assert set(found) == {"level", "text", "hidden_size", "steps", "seed", "vocab", "final_loss", "predictions"}
