"""The self-attention page under AppTest: each mask changes the weights, the custom mask editor, the question with
its choices (answered from the causal mask), the downloads, and what a learner mistyped."""

import math

import numpy as np

from tests.apptools import arr, chart, charts, lesson_page
from ui.registry import LESSONS
from ui.strings import strings

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "selfattn")
S = strings("selfattn")


def page(**widgets):
    return lesson_page(PAGE, timeout=300, **widgets)


def test_page_each_mask_changes_the_weights():
    seen = {}
    for kind in ("none", "causal", "padding"):  # the radio's options are keys; its labels come from the strings
        at = page(mask=kind)
        assert at.radio(key="mask").options[at.radio(key="mask").index] == S[f"mask_{kind}"]
        fig = chart(at, "Scores, scaled, masked, softmax")
        (trace,) = [t for t in fig["data"] if t["name"] == "softmax"]
        z = arr(trace["z"])
        seen[kind] = z.reshape(int(math.isqrt(z.size)), -1)
    none, causal, padding = seen.values()
    assert not np.isnan(none).any() and np.isnan(causal[0, 1:]).all() and padding.shape == (16, 16)
    assert np.isnan(padding[:, 4:]).all() and not np.isnan(padding[:, :4]).any()
    np.testing.assert_allclose(np.nansum(causal, axis=1), 1, atol=1e-6)


def test_page_custom_mask_with_an_empty_row_shows_the_message():
    at = page(mask="custom")
    at.multiselect(key="allow_0_custom_grid_i_eat_red_apple").set_value([]).run()
    assert any("The mask allows nothing in the row of `i`" in e.value for e in at.error)
    assert not any(t.startswith("Scores") for t in charts(at)) and not at.exception


def test_page_reveal_and_the_notes_form():
    at = page(reveal=True)
    assert any("`i`, `eat`" in s.value for s in at.success)
    assert any("notes:" in el.value and "x_{\\text{2\\,eat}}" in el.value for el in at.latex)


def test_page_question_has_choices_and_grades_the_guess():
    at = page()
    guess = at.radio(key="guess")
    assert guess.options == list(S["question_options"].values())  # (AppTest lists the labels)
    assert not at.success
    guess.set_value("all").run()
    at.toggle(key="reveal").set_value(True).run()
    (answer,) = [s.value for s in at.success]
    assert "`i`, `eat`:" in answer and "itself and the words before it" in answer
    assert S["question_wrong"].format(guess=S["question_options"]["all"]) in answer
    at.radio(key="guess").set_value("before").run()
    assert S["question_right"] in at.success[0].value
    at.selectbox(key="sentence").set_value("own").run()
    at.text_input(key="own").set_value("apple").run()  # one word: it can only see itself
    assert at.radio(key="guess").options == [S["question_options"]["self"]]
    assert "`apple`: only itself" in at.success[0].value


def test_page_offers_both_downloads():
    at = page()
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels == [S["download_csv"], S["download_json"]]


def test_page_custom_edits_belong_to_their_sentence():
    """An edit made on one sentence must not carry over to another sentence of the same length."""
    at = page(mask="custom")
    at.selectbox(key="row_custom_grid_i_eat_red_apple").set_value(1).run()
    at.multiselect(key="allow_1_custom_grid_i_eat_red_apple").set_value([0, 1, 3]).run()
    weights = arr(next(t for t in chart(at, "Scores, scaled")["data"] if t["name"] == "softmax")["z"]).reshape(4, 4)
    assert weights[1, 3] > 0
    at.selectbox(key="sentence").set_value("own").run()
    at.text_input(key="own").set_value("we want cold water").run()
    assert not at.exception
    weights = arr(next(t for t in chart(at, "Scores, scaled")["data"] if t["name"] == "softmax")["z"]).reshape(4, 4)
    assert np.isnan(weights[np.triu_indices(4, 1)]).all()  # the new sentence starts causal, row 1 included


def test_page_unknown_and_too_many_words_are_explained():
    at = page(sentence="own", own="i eat aple")
    assert any("`aple`" in e.value and "`apple`" in e.value for e in at.error) and not charts(at)
    at = page(sentence="own", own=" ".join(["apple"] * 17))
    assert any("That is 17 words" in e.value for e in at.error)
