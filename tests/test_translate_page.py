"""The translation lesson in AppTest: the decoder-step slider changes the bars, the box and the numbers; bad
sentences get messages; every chart carries core's numbers (recomputed here from the checkpoints, not the page); the
three shipped models (the Transformer too) translate the sentence and are measured on one accuracy chart."""

import csv
import io
import json
from dataclasses import replace

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.decoding import decode, saliency
from core.grammar import parse
from core.seq2seq import Seq2SeqConfig, accuracy_by_length, pretrained, translate
from lessons.translate.accuracy import accuracy_json
from lessons.translate.question import question
from lessons.translate.study import PER_LENGTH, alignment_csv, results_json, transformer_numbers, verb_focus
from tests.apptools import arr, chart, charts, lesson_page, ticks, title_of
from ui.registry import LESSONS
from ui.strings import strings

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "translate")
S = strings("translate")
SENTENCE = S["examples"][0].split()


def page(**widgets) -> AppTest:
    return lesson_page(PAGE, timeout=300, **widgets)


@pytest.fixture(scope="module")
def default():
    return page()


@pytest.fixture(scope="module")
def reference():
    return decode(pretrained("attention"), SENTENCE)


def bars(at: AppTest, t: int) -> tuple[np.ndarray, np.ndarray]:
    fig = chart(at, f"Step {t}: scores")
    by_name = {tr["name"]: arr(tr["y"]) for tr in fig["data"]}
    return by_name["score"], by_name["softmax weight"]


def test_default_step_shows_the_verb_and_its_numbers(default, reference):
    T = len(reference.words)
    scores, weights = bars(default, T - 1)
    np.testing.assert_allclose(scores, reference.scores[T - 2], rtol=1e-5)
    np.testing.assert_allclose(weights, reference.weights[T - 2], atol=1e-6)
    assert int(np.argmax(weights)) == SENTENCE.index("eats")
    heat = chart(default, "Where it looked")
    np.testing.assert_allclose(arr(heat["data"][0]["z"]).reshape(reference.weights.shape), reference.weights, atol=1e-6)
    assert {"먹는다", "그는", "(end)"} <= set(ticks(heat))
    assert heat["layout"]["shapes"][0]["y0"] == T - 2 - 0.5


def test_the_step_slider_changes_bars_box_and_equations(reference):
    at = page(t=2)
    scores, weights = bars(at, 2)
    np.testing.assert_allclose(weights, reference.weights[1], atol=1e-6)
    assert int(np.argmax(weights)) == SENTENCE.index("today")  # 오늘, the time adverb, moves to the front
    assert chart(at, "Where it looked")["layout"]["shapes"][0]["y0"] == 0.5
    latex = [el.value for el in at.latex if "scores" in el.value]
    assert latex and "e_{2," in latex[0] and f"{reference.scores[1].max():.2f}" in latex[0]
    assert any("At step **2**" in m.value and "오늘" in m.value for m in at.markdown)
    summed = chart(at, "Step 2: each h_i")
    z = arr(summed["data"][0]["z"]).reshape(len(SENTENCE) + 1, -1)
    np.testing.assert_allclose(z[-1], reference.context[1][:z.shape[1]], atol=1e-5)


def test_translations_and_the_encoder_section(default, reference):
    text = " ".join(m.value for m in default.markdown)
    assert "exactly right" in text and " ".join(f"`{w}`" for w in parse(SENTENCE).korean()) in text
    states = chart(default, "Encoder states")
    assert arr(states["data"][0]["z"]).size == (len(SENTENCE) + 1) * reference.states.shape[1]
    share = chart(default, "What s₀ keeps")
    assert [tr["name"] for tr in share["data"]] == ["attention", "no attention"]


CHECKPOINTS = {"attention": "attention", "no attention": "no_attention", "Transformer": "transformer"}  # legend


def test_accuracy_chart_is_measured_on_the_three_shipped_models(default):
    fig = chart(default, "Exact-match accuracy")
    assert [tr["name"] for tr in fig["data"]] == list(CHECKPOINTS)
    lines = {tr["name"]: dict(zip(arr(tr["x"]).astype(int).tolist(), arr(tr["y"]), strict=True)) for tr in fig["data"]}
    train_max = pretrained("transformer").config.train_max
    assert fig["layout"]["shapes"][0]["x1"] == train_max + 0.5  # the training range is marked
    some = [3, train_max, train_max + 1, train_max + 2, 20, 27]  # seen lengths and longer ones
    for name, checkpoint in CHECKPOINTS.items():
        assert sorted(lines[name]) == list(range(3, 28)), name
        expected = accuracy_by_length(pretrained(checkpoint), some, 100, 7)
        np.testing.assert_allclose([lines[name][n] for n in some], [100 * expected[n] for n in some], err_msg=name)
    assert lines["no attention"][27] < lines["attention"][18]
    curves = {key: {n: v / 100 for n, v in lines[name].items()} for key, name in
              (("attention", "attention"), ("transformer", "Transformer"))}
    key, numbers = transformer_numbers(curves, train_max)  # the notice reads the chart's own curve
    notice = S[key].format(**numbers)
    assert notice in [m.value for m in default.markdown]
    assert f"{lines['Transformer'][train_max]:.0f} % at {train_max} words" in notice
    assert f"{lines['Transformer'][train_max + 2]:.0f} % at {train_max + 2} words" in notice
    data = json.loads(accuracy_json())  # the download: the same three curves, and each model's config
    assert list(data["accuracy_by_length"]) == ["attention", "no attention", "transformer"]
    for key, name in (("attention", "attention"), ("no attention", "no attention"), ("transformer", "Transformer")):
        np.testing.assert_allclose([100 * data["accuracy_by_length"][key][str(n)] for n in lines[name]],
                                   list(lines[name].values()))
    assert data["configs"]["transformer"]["train_max"] == train_max and "d_model" in data["configs"]["transformer"]
    assert "hidden" in data["configs"]["attention"]


@pytest.mark.parametrize("example", [0, -1])  # a short sentence, and one longer than any training sentence
def test_the_results_show_each_shipped_models_translation_marked_right_or_wrong(default, example):
    words = S["examples"][example].split()
    at = default if example == 0 else page(sentence=S["examples"][example])
    reference = parse(words).korean()
    rows = [m.value for m in at.markdown if m.value.startswith("**Model ")]
    assert [r.split(":**")[0] for r in rows] == [f"**Model {name}" for name in CHECKPOINTS]
    for row, checkpoint in zip(rows, CHECKPOINTS.values(), strict=True):
        korean, _ = translate(pretrained(checkpoint), words)
        right = korean == reference
        assert (S["right"] in row) == right and (S["wrong"] in row) != right, (checkpoint, row)
        shown = [w.strip("~`") for w in row.split(":** ")[1].split(" ") if w.startswith(("`", "~~`"))]
        assert shown == korean, (checkpoint, row)


def test_saliency_follows_the_chosen_output_word():
    target = parse(SENTENCE).korean()
    at = page(out_word=f"1. {target[0]}")
    fig = chart(at, f"For the output word {target[0]}")
    traces = {tr["name"]: arr(tr["y"]) for tr in fig["data"]}
    expected = saliency(pretrained("attention"), SENTENCE, target)
    np.testing.assert_allclose(traces["‖∂L_t/∂x_i‖, attention"], expected.gradient[0], rtol=1e-4)
    np.testing.assert_allclose(traces["attention weight"], expected.weights[0], atol=1e-6)


def test_unknown_word_names_it_and_suggests_close_words():
    at = page(sentence="own", own="i eat aple quikly")
    message = " ".join(e.value for e in at.error)
    assert "`aple`" in message and "`apple`" in message and "`quickly`" in message
    assert not any(title.startswith("Step ") for title in charts(at))


@pytest.mark.parametrize("text, kind, expected", [
    ("", "warning", S["empty"]),
    ("apple eat i", "warning", "not a sentence of the toy grammar"),
    (" ".join(["apple"] * 30), "error", "That is 30 words"),
])
def test_other_bad_sentences(text, kind, expected):
    at = page(sentence="own", own=text)
    assert any(expected in e.value for e in getattr(at, kind)), [e.value for e in getattr(at, kind)]


def test_reveal_answers_with_the_model_weights(default):
    at = page(reveal=True)
    assert any("**eat**" in s.value for s in at.success)  # asked about the next example, "i eat red apple"


def test_the_downloads_and_the_answer_are_the_models_numbers(reference):
    rows = list(csv.reader(io.StringIO(alignment_csv(reference).decode("utf-8-sig"))))
    assert rows[0] == ["target word", *SENTENCE] and [r[0] for r in rows[1:]] == reference.words
    np.testing.assert_allclose(np.array([r[1:] for r in rows[1:]], dtype=float), reference.weights, atol=1e-6)
    data = json.loads(results_json({"attention": {3: 1.0}}, {"attention": Seq2SeqConfig()}))
    assert data["accuracy_by_length"] == {"attention": {"3": 1.0}} and data["sentences_per_length"] == PER_LENGTH
    verb, top, weight = verb_focus(reference)
    assert verb == parse(SENTENCE).korean()[-1] and SENTENCE[top] == "eats" and weight > 0.9
    silent = replace(reference, words=["</s>"], weights=reference.weights[-1:])  # wrote no Korean word
    assert verb_focus(silent) is None and question(SENTENCE, silent, S) is None


def test_training_your_own_model_shows_snapshots_and_its_accuracy():
    at = page(own_steps=250, own_score="general")
    assert not any(title.startswith("Your model") for title in charts(at))
    (button,) = [b for b in at.button if b.key == "own_train"]
    button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert any("Trained in" in s.value for s in at.success)
    steps = at.select_slider(key="snap").options
    assert steps[0] == "0" and steps[-1] == "250"
    assert "general" in title_of(chart(at, "Attention on"))
    assert chart(at, "Your model's exact-match accuracy")["data"][0]["name"] == "yours"


@pytest.mark.parametrize("sentence", [S["examples"][0], S["examples"][3], "own"])
def test_the_question_is_about_a_sentence_the_page_does_not_show(sentence):
    """Issue 20: the page's attention map answered its own question. It now asks about another sentence, and the
    answer is the shipped attention model's weights on that sentence (decoded here, not read from the page)."""
    from lessons.translate.question import other_sentence

    at = page(sentence=sentence)
    shown = S["own_default"].split() if sentence == "own" else sentence.split()
    asked = other_sentence(shown, S["examples"])
    assert asked != shown and " ".join(asked) in S["examples"]
    options = at.radio(key="guess").options
    assert options == asked
    assert any(f"“{' '.join(asked)}”" in m.value for m in at.markdown)
    d = decode(pretrained("attention"), asked)
    verb, top, weight = verb_focus(d)
    at.radio(key="guess").set_value(asked[top])
    at.toggle(key="reveal").set_value(True).run()
    (answer,) = [s.value for s in at.success]
    assert f"**{asked[top]}**" in answer and f"{weight:.3f}" in answer and S["question_right"] in answer
