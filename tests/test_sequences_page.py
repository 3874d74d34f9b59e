"""The opening lesson's page in AppTest, sections 1-3 (why an RNN, tokens, the cell unrolled): the charts' data
against the models computed directly, in both languages; the learner's pair and sentence from the boxes and from
the address; the question answered from the live model; the downloads."""

import numpy as np
import pytest

from lessons.sequences import why
from lessons.sequences.study import OrderConfig
from lessons.sequences.study_cell import CellConfig, parameter_counts, unroll
from lessons.sequences.study_tokens import tokenise
from tests.apptools import arr, chart, charts
from tests.i18ntools import move, open_page
from ui.registry import LESSONS
from ui.strings import strings

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "sequences")


def trace(fig: dict, name: str) -> dict:
    (found,) = [t for t in fig["data"] if t.get("name") == name]
    return found


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_charts_hold_the_live_models_numbers(lang):
    S = strings("sequences", lang)
    at = open_page(PAGE, lang)
    study = why.trained.peek(OrderConfig())  # the run the page trained, shared with this process
    accuracy = chart(at, S["chart_accuracy_title"])
    held = arr(trace(accuracy, S["split_held_out"])["y"])
    np.testing.assert_allclose(held, [100 * study.accuracy["bow", "held_out"], 100 * study.accuracy["rnn", "held_out"]])
    assert held[0] <= 50 + 1e-6 and held[1] >= 85
    answers = chart(at, S["chart_answers_title"])
    bow, rnn = trace(answers, S["model_bow"]), trace(answers, S["model_rnn"])
    assert answers["data"][0]["x"] == ["1. dog bites man", "2. man bites dog", "3. 개가 소를 물었다",
                                       "4. 소가 개를 물었다"]
    p = arr(bow["y"])
    assert p[0] == p[1] and p[2] == p[3] and bow["text"][0][:3] == bow["text"][1][:3]  # same words, same answer
    assert [t.split()[0] for t in rnn["text"]] == ["dog", "man", "개", "소"] and all("✓" in t for t in rnn["text"])
    word = chart(at, S["onehot_title_word"])
    np.testing.assert_array_equal(arr(word["data"][0]["z"]), np.eye(3))  # 저는[1,0,0] 강사[0,1,0] 입니다[0,0,1]
    assert word["data"][0]["x"] == ["0·저는", "1·강사", "2·입니다"]
    char = chart(at, S["onehot_title_char"])
    np.testing.assert_array_equal(arr(char["data"][0]["z"]), tokenise("저는 강사 입니다", "char").one_hot)
    h = chart(at, S["chart_h_title"])
    u = unroll(np.eye(3), CellConfig(V=3, hidden=2, seed=0))
    for j in range(2):
        np.testing.assert_allclose(arr(trace(h, S["h_row_name"].format(j=j + 1))["y"]), u.h_row[:, j])
        np.testing.assert_allclose(arr(trace(h, S["h_col_name"].format(j=j + 1))["y"]), u.h_row[:, j], atol=1e-12)
    counts = chart(at, S["chart_count_title"])
    expected = parameter_counts(3, 2)
    np.testing.assert_array_equal(arr(trace(counts, S["count_rnn"])["y"]), expected["rnn"])
    np.testing.assert_array_equal(arr(trace(counts, S["count_window"])["y"]), expected["window"])
    assert any(S["forms_agree"].split("{")[0][:20] in s.value for s in at.success)
    assert len(at.get("download_button")) == 3 and not at.error


def test_the_learners_pair_sentence_and_cell():
    S = strings("sequences")
    at = open_page(PAGE, "en")
    move(at, "pair_a", "tiger bites man")
    assert any("tiger" in w.value for w in at.warning)
    assert chart(at, S["chart_answers_title"])["data"][0]["x"][0] == "2. man bites dog"  # the unreadable one left out
    move(at, "pair_a", "man is bitten by dog")
    rnn = trace(chart(at, S["chart_answers_title"]), S["model_rnn"])
    assert rnn["text"][0] == "dog ✓"  # the doer comes last in the passive
    assert any("differ" in m.value for m in at.markdown)  # not the same words: says so
    move(at, "sentence", "the cat sat on the mat")
    word = chart(at, S["onehot_title_word"])
    assert arr(word["data"][0]["z"]).shape == (6, 5) and word["data"][0]["x"][0] == "0·the"
    assert any(S["later_steps"].format(first=4, T=6) == e.label for e in at.expander)
    move(at, "cell_hidden", 3)
    h = chart(at, S["chart_h_title"])
    assert len(h["data"]) == 6 and len(h["data"][0]["x"]) == 6
    x = tokenise("the cat sat on the mat", "word").one_hot
    np.testing.assert_allclose(arr(h["data"][0]["y"]), unroll(x, CellConfig(V=5, hidden=3, seed=0)).h_row[:, 0])
    move(at, "sentence", "")
    assert at.error[0].value.startswith("Sentence: The text is empty")  # core's message, and no cell to draw
    assert not {S["chart_h_title"], S["onehot_title_word"]} & set(charts(at))
    move(at, "guess", 50)
    move(at, "reveal", True)
    study = why.trained.peek(OrderConfig())
    assert f"**{100 * study.accuracy['bow', 'held_out']:.0f} %**" in at.success[-1].value


def test_an_address_opens_the_same_view():
    S = strings("sequences", "ko")
    at = open_page(PAGE, "ko", pair_a="cat chases fox", pair_b="fox chases cat", sentence="hello world",
                   cell_hidden="1", cell_seed="7")
    assert at.text_input(key="pair_a").value == "cat chases fox" and at.slider(key="cell_hidden").value == 1
    assert chart(at, S["chart_answers_title"])["data"][0]["x"][:2] == ["1. cat chases fox", "2. fox chases cat"]
    h = chart(at, S["chart_h_title"])
    x = tokenise("hello world", "word").one_hot
    np.testing.assert_allclose(arr(h["data"][0]["y"]), unroll(x, CellConfig(V=2, hidden=1, seed=7)).h_row[:, 0])
