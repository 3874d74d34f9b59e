"""Note 001's C₄ = sum <S₄, h_i> h_i beside the model's c_t (study against core.attention and a term-by-term sum;
the page's chart, equations and callout against a computation from the checkpoint), the notes' names for the
encoder and the score (BiLSTM, matching NN) with the encoder's parameter count, and the 은/는 sentence, which says
what the toy grammar writes."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from core.decoding import decode
from core.grammar import KOREAN, SUBJECTS, pairs, particle
from core.seq2seq import TARGET, Seq2SeqConfig, Translator, pretrained
from lessons.translate.study import encoder_parameters
from lessons.translate.study_notes import notes_context
from tests.apptools import arr, chart, lesson_page
from tests.i18ntools import HANGUL, assert_korean, figures, move, open_page, title_of
from ui.registry import LESSONS
from ui.strings import strings

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "translate")
EN, KO = strings("translate", "en"), strings("translate", "ko")
SENTENCE = EN["examples"][0].split()


@pytest.fixture(scope="module")
def model():
    return pretrained("attention")


@pytest.fixture(scope="module")
def decoding(model):
    return decode(model, SENTENCE)


@torch.no_grad()
def direct(model, d, k: int) -> dict:
    """Step k + 1 computed here from the decoding's states, term by term, and the readout by hand."""
    H, s = torch.tensor(d.states, dtype=torch.float64), torch.tensor(d.s[k], dtype=torch.float64)
    inner = torch.stack([s @ h for h in H])  # <s_t, h_i>, one at a time
    notes = sum(inner[i] * H[i] for i in range(len(H)))

    def word(c):
        x = torch.cat([c.float(), s.float()])
        z = torch.tanh(x @ model.combine.weight.T + model.combine.bias)
        p = torch.softmax(z @ model.out.weight.T + model.out.bias, dim=-1)
        return TARGET[int(p.argmax())], float(p.max())

    return dict(inner=inner.numpy(), notes=notes.numpy(), word=word(notes), model_word=word(torch.tensor(d.context[k])))


def test_the_notes_sum_and_the_models_against_core_attention_and_a_sum_by_hand(model, decoding):
    n = notes_context(model, decoding)
    np.testing.assert_allclose(n.inner, decoding.scores, rtol=1e-5, atol=1e-4)  # core.attention's dot scores
    np.testing.assert_allclose(n.weights, decoding.weights, atol=1e-5)
    np.testing.assert_allclose(n.context, decoding.context, atol=1e-5)
    np.testing.assert_allclose(n.weights.sum(axis=1), 1, atol=1e-12)
    assert n.model_word == tuple(decoding.words)  # c_t through the readout is the greedy decoding's own word
    for k in range(len(decoding.words)):
        by_hand = direct(model, decoding, k)
        np.testing.assert_allclose(n.inner[k], by_hand["inner"], rtol=1e-9)
        np.testing.assert_allclose(n.notes[k], by_hand["notes"], rtol=1e-9, atol=1e-9)
        assert n.notes_word[k] == by_hand["word"][0] and n.notes_p[k] == pytest.approx(by_hand["word"][1], abs=1e-5)
        assert by_hand["model_word"][0] == decoding.words[k]
    said = n.numbers(8)
    assert said["inner_sum"] == pytest.approx(n.inner[7].sum()) and said["weight_sum"] == pytest.approx(1)
    assert said["ratio"] == pytest.approx(np.linalg.norm(n.notes[7]) / np.linalg.norm(n.context[7]))
    assert said["ratio"] > 5 and said["context_peak"] < 1 < said["notes_peak"]  # c_t averages states in (-1, 1)
    assert SENTENCE[said["top"]] == "eats" and said["same"] < said["steps"]


def test_only_dot_attention_is_the_notes_inner_product(decoding):
    with pytest.raises(ValueError, match="dot attention"):
        notes_context(Translator(Seq2SeqConfig(attention="general")), decoding)


@pytest.fixture(scope="module")
def step2():
    return lesson_page(PAGE, timeout=300, t=2)


def test_the_page_shows_the_chosen_steps_numbers(model, decoding, step2):
    fig = chart(step2, "Step 2: the notes' weights")
    traces = [arr(tr["y"]) for tr in fig["data"]]
    by_hand = direct(model, decoding, 1)
    # the page decoded the sentence in its own thread: float32 may differ in the last bits (as in test_translate_page)
    np.testing.assert_allclose(traces[0], by_hand["inner"], rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(traces[1], decoding.weights[1], atol=1e-5)
    np.testing.assert_allclose(traces[2], by_hand["notes"], rtol=1e-5, atol=1e-3)
    np.testing.assert_allclose(traces[3], decoding.context[1], atol=1e-5)
    assert "sum 1.000" in fig["data"][1]["name"] and f"sum {by_hand['inner'].sum():.2f}" in fig["data"][0]["name"]
    (callout,) = [i.value for i in step2.info if "The notes say, precisely (note 001)" in i.value]
    assert f"add up to {by_hand['inner'].sum():.1f}, not 1" in callout
    assert f"‖C_t‖ = {np.linalg.norm(by_hand['notes']):.1f}" in callout
    latex = " ".join(el.value for el in step2.latex)
    assert rf"\lVert C_{{2}} \rVert = {np.linalg.norm(by_hand['notes']):.1f}" in latex
    text = " ".join(m.value for m in step2.markdown)
    assert f"the notes' C_t writes **{by_hand['word'][0]}**" in text and "writes **오늘**" in text


def test_the_view_in_korean_follows_the_step():
    at = open_page(PAGE, "ko", t="2")
    assert_korean(at, "the notes' C_t")
    assert any(title_of(f).startswith("시점 2: 노트의 가중치") for f in figures(at))
    assert any(i.value.startswith("**노트의 표현을 정확히 하면 (노트 001):**") for i in at.info)
    at = move(at, "t", 5)
    assert any(title_of(f).startswith("시점 5: 노트의 가중치") for f in figures(at))
    assert any("**softmax가 있는 이유.**" in m.value for m in at.markdown)
    assert_korean(at, "after the step moved")


def test_the_encoder_and_the_score_get_the_notes_names():
    at = lesson_page(PAGE, timeout=300, own_encoder="lstm", own_score="additive")
    (named,) = [c.value for c in at.caption if "Your encoder" in c.value]
    config = Seq2SeqConfig(attention="additive", encoder="lstm")
    assert "**BiLSTM**" in named and "matching NN" in named
    assert f"{encoder_parameters(config):,} parameters, twice the {encoder_parameters(config, False):,}" in named
    at = move(at, "own_bi", False)
    (named,) = [c.value for c in at.caption if "Your encoder" in c.value]
    assert "one-way LSTM" in named and "BiLSTM" in named  # the toggle that would make it one
    encoder = " ".join(m.value for m in at.markdown if "BiGRU" in m.value)
    assert "shipped models' encoder is such a bidirectional GRU" in encoder
    korean = open_page(PAGE, "ko", own_encoder="lstm", own_score="additive")
    (named,) = [c.value for c in korean.caption if "내 인코더" in c.value]
    assert "**BiLSTM**" in named and "Matching NN" in named and HANGUL.search(named)


@pytest.mark.parametrize("cell, bidirectional", [("gru", True), ("gru", False), ("lstm", True), ("lstm", False)])
def test_encoder_parameters_are_the_cells_weights(cell, bidirectional):
    config = Seq2SeqConfig(encoder=cell, bidirectional=bidirectional)
    E, H, gates = config.embed, config.hidden, {"gru": 3, "lstm": 4}[cell]
    expected = gates * (E * H + H * H + 2 * H) * (2 if bidirectional else 1)
    assert encoder_parameters(config) == expected
    assert encoder_parameters(config) == sum(p.numel() for p in Translator(config).encoder.parameters())


def test_the_topic_particle_sentence_says_what_the_grammar_writes():
    """은/는 marks the topic and 이/가 the subject; the grammar puts 은/는 on every subject and never writes 이/가."""
    for english, korean in pairs(range(3, 12), 20, seed=3):
        assert korean[0] == particle(SUBJECTS[english[0]], "은", "는")
    subject_forms = {particle(k, "이", "가") for k in SUBJECTS.values()}
    assert not subject_forms & set(KOREAN)
    assert "marks the **topic**, not the subject: the subject particle is 이/가" in EN["vocab_intro"]
    assert "**주제**" in KO["vocab_intro"] and "주어를 나타내는 조사는 이/가" in KO["vocab_intro"]
    for example in ("나는", "그들은"):  # the sentence's examples are words the grammar writes
        assert example in KOREAN and example in EN["vocab_intro"] and example in KO["vocab_intro"]
    assert "marks the subject" not in EN["vocab_intro"].replace("not the subject", "")
