"""The opening lesson's computations: the bag of words cannot see order (identical inputs, so at most half right on
same-word twins) while a seeded RNN learns the task; the notes' one-hot tokens; the notes' row form against the
column form, the lab's cell and torch.nn.RNN; parameters against T; the downloads."""

import csv
import io
import json

import numpy as np
import pytest
import torch

from core.errors import LabError
from lessons.sequences.question import nearest
from lessons.sequences.study import OrderConfig, answers, batch, parameters, split_sentences, train
from lessons.sequences.study_cell import CellConfig, notes_count, parameter_counts, row_form, unroll
from lessons.sequences.study_files import cell_json, lesson_json, order_csv
from lessons.sequences.study_tokens import NOTES_SENTENCE, both, shown, tokenise
from lessons.sequences.study_words import NOUNS, VOCAB, bag, doer, one_hots, parse, sentences
from tests.gradtools import one_thread

_one_thread = pytest.fixture(autouse=True, scope="module")(one_thread)  # as the app runs


@pytest.fixture(scope="module")
def study():
    return train(OrderConfig(seed=0))


def test_every_sentence_has_a_same_word_twin_with_the_other_doer():
    groups = {}
    for s in sentences():
        groups.setdefault(s.group, []).append(s)
    for items in groups.values():
        bags = {tuple(bag(s.tokens)) for s in items}
        assert len(bags) == 1  # one bag of words per group
        doers = [s.doer for s in items]
        assert len(set(doers)) == 2 and doers.count(doers[0]) == len(doers) / 2, doers
    assert len(sentences()) == 480 and len(VOCAB) == len(set(VOCAB))


def test_the_bag_of_words_gets_identical_inputs_for_the_pairs(study):
    for a, b in (("dog bites man", "man bites dog"), ("개가 소를 물었다", "소가 개를 물었다"),
                 ("개가 소를 물었다", "소를 개가 물었다")):
        x = batch([parse(a).tokens, parse(b).tokens])
        assert torch.equal(x.counts[0], x.counts[1])  # the same input ...
        assert not torch.equal(x.x[:, 0], x.x[:, 1])  # ... though the RNN reads different sequences
        p = study.probs("bow", [parse(a).tokens, parse(b).tokens])
        assert np.array_equal(p[0], p[1])  # ... so the same answer


def test_bag_of_words_is_at_most_half_right_and_the_rnn_learns_the_order(study):
    for split in ("train", "held_out"):
        assert study.accuracy["bow", split] <= 0.5 + 1e-9
    assert study.accuracy["rnn", "train"] >= 0.95
    assert study.accuracy["rnn", "held_out"] >= 0.85  # measured 0.92-1.0 over seeds 0-7; a margin for any CPU
    got = {a.tokens: a.picks["rnn"][0] for a in answers(study, [parse(t).tokens for t in
                                                              ("dog bites man", "man bites dog")])}
    assert got == {("dog", "bites", "man"): "dog", ("man", "bites", "dog"): "man"}


def test_the_default_pairs_are_held_out():
    held = {s.tokens for s in split_sentences()["held_out"]}
    train_ = {s.tokens for s in split_sentences()["train"]}
    for text in ("dog bites man", "man bites dog", "개가 소를 물었다", "소가 개를 물었다"):
        assert parse(text).tokens in held and parse(text).tokens not in train_


def test_reading_a_learners_sentence():
    assert parse("개가 소를 물었다.").tokens == ("개", "가", "소", "를", "물었다")
    assert parse("고양이 가  여우 를 봤다").tokens == ("고양이", "가", "여우", "를", "봤다")
    assert parse("Dog BITES man!").tokens == ("dog", "bites", "man")
    p = parse("tiger bites man 호랑이가")
    assert p.unknown == ("tiger", "호랑이가") and not p.ok
    assert not parse("  ").ok and parse("dog bites man").ok
    assert doer(parse("man is bitten by dog").tokens) == "dog"
    assert doer(parse("소를 개가 물었다").tokens) == "개" and doer(parse("소가 개를 물었다").tokens) == "소"
    assert doer(parse("dog man bites").tokens) is None
    assert np.array_equal(one_hots(("dog", "dog")).sum(0), bag(("dog", "dog"))) and bag(("dog", "dog")).max() == 2


def test_the_notes_one_hot_tokens():
    word = tokenise(NOTES_SENTENCE, "word")
    assert word.tokens == ("저는", "강사", "입니다") and word.ids == (0, 1, 2)
    assert np.array_equal(word.one_hot, [[1, 0, 0], [0, 1, 0], [0, 0, 1]])  # 저는[1,0,0] 강사[0,1,0] 입니다[0,0,1]
    char = tokenise(NOTES_SENTENCE, "char")
    assert char.tokens == tuple("저는 강사 입니다") and char.V == 8 and char.T == 9
    assert char.ids[2] == char.ids[5] == 2  # the space is one token, met twice
    assert np.array_equal(char.one_hot.sum(1), np.ones(9)) and np.array_equal(char.one_hot.argmax(1), char.ids)
    again = both("the cat sat on the mat")["word"]
    assert again.ids == (0, 1, 2, 3, 0, 4) and np.array_equal(again.one_hot[0], again.one_hot[4])
    assert tokenise("a\t b\n", "word").tokens == ("a", "b")
    assert shown("internationalisation") == "internatio…" and shown("short") == "short"  # an axis label
    for bad in ("", "   ", "x" * 65, " ".join(["w"] * 13)):
        with pytest.raises(LabError):
            both(bad)


@pytest.mark.parametrize(("hidden", "seed"), [(2, 0), (1, 5), (4, 3)])
def test_the_notes_row_form_equals_the_column_form_and_torch(hidden, seed):
    x = tokenise("the cat sat on the mat", "word").one_hot
    u = unroll(x, CellConfig(V=x.shape[1], hidden=hidden, seed=seed))
    assert u.gap < 1e-12 and u.torch_gap < 1e-12
    # an independent torch.nn.RNN (and Linear) with the PyTorch-form weights, against the notes' equations
    rnn = torch.nn.RNN(x.shape[1], hidden, nonlinearity="tanh").double()
    with torch.no_grad():
        for name, p in rnn.named_parameters():
            p.copy_(torch.as_tensor(u.torch_form[name]))
        h = rnn(torch.as_tensor(x))[0].numpy()
    y = h[-1] @ u.torch_form["W_hy"].T + u.torch_form["b_hy"]
    np.testing.assert_allclose(u.h_row, h, atol=1e-12)
    np.testing.assert_allclose(u.y_row, y, atol=1e-12)
    np.testing.assert_allclose(u.W_x, u.torch_form["weight_ih_l0"].T)
    np.testing.assert_allclose(u.b, u.torch_form["bias_ih_l0"] + u.torch_form["bias_hh_l0"])
    np.testing.assert_allclose(np.tanh(u.a_col), u.h_col, atol=1e-15)  # the cell's pre-activation is tanh's argument
    for t in range(len(x)):  # a one-hot x_t picks row id of W_x
        np.testing.assert_array_equal(x[t] @ u.W_x, u.W_x[int(np.argmax(x[t]))])


def test_row_form_by_hand():
    W_x, W_h, b = np.array([[0.5, -1.0], [2.0, 0.0]]), np.array([[0.1, 0.2], [0.3, 0.4]]), np.array([0.0, 1.0])
    W_y, b_y = np.eye(2), np.zeros(2)
    x = np.array([[1.0, 0.0], [0.0, 1.0]])
    a, h, y = row_form(x, W_x, W_h, b, W_y, b_y)
    h1 = np.tanh(np.array([0.5, 0.0]))  # h_1 = tanh(x_1 W_x + b)
    h2 = np.tanh(np.array([2.0, 1.0]) + h1 @ W_h)  # h_2 = tanh(x_2 W_x + h_1 W_h + b)
    np.testing.assert_allclose(h, [h1, h2])
    np.testing.assert_allclose(a[1], np.array([2.0, 1.0]) + h1 @ W_h)
    np.testing.assert_allclose(y, h2)  # ŷ = h_T W_y + b_y with W_y = I, b_y = 0


def test_parameters_do_not_grow_with_T():
    V, H = 3, 2
    c = parameter_counts(V, H, 20)
    assert len(set(c["rnn"].tolist())) == 1 and c["rnn"][0] == V * H + H * H + 2 * H + H * V + V
    def count(*modules):
        return sum(p.numel() for m in modules for p in m.parameters())

    readout = torch.nn.Linear(H, V)
    np.testing.assert_array_equal(c["window"], [count(torch.nn.Linear(T * V, H), readout) for T in range(1, 21)])
    assert c["rnn"][0] == count(torch.nn.RNN(V, H), readout)  # the same count as PyTorch's own module
    assert notes_count(V, H) == c["rnn"][0] - H  # the notes' one bias b against PyTorch's b_ih and b_hh


def test_question_and_downloads(study):
    assert nearest(study.accuracy["bow", "held_out"]) == 50 and nearest(0.97) == 100
    rows = list(csv.DictReader(io.StringIO(order_csv(study))))
    assert len(rows) == 480 and {r["split"] for r in rows} == {"train", "held_out"}
    assert all(r["bow_answer"] in NOUNS and r["rnn_answer"] in NOUNS for r in rows)
    held = [r for r in rows if r["split"] == "held_out"]
    assert np.isclose(np.mean([r["rnn_answer"] == r["doer"] for r in held]), study.accuracy["rnn", "held_out"])
    pair = [parse("dog bites man").tokens, parse("man bites dog").tokens]
    data = json.loads(lesson_json(study, pair, both(NOTES_SENTENCE)))
    assert data["order_task"]["pair"][0]["rnn"] == "dog" and data["sentence"]["word"]["one_hot"][0] == [1, 0, 0]
    assert data["order_task"]["parameters"] == parameters(study)
    x = tokenise(NOTES_SENTENCE, "word")
    cell = json.loads(cell_json(unroll(x.one_hot, CellConfig(V=3)), x))
    assert np.shape(cell["notes_row_form"]["W_x"]) == (3, 2) and np.shape(cell["h_column_form"]) == (3, 2)
