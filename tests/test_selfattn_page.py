"""The self-attention page under AppTest: each mask changes the weights, the custom mask editor, the question with
its choices (answered from the causal mask), the downloads, and what a learner mistyped."""

import math

import numpy as np
import torch

from core.attention import causal_mask
from core.seq2seq import pretrained
from core.vocab import ids
from tests.apptools import arr, chart, charts, lesson_page, title_of
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


def trace_z(fig: dict, name: str) -> np.ndarray:
    (trace,) = [t for t in fig["data"] if t["name"] == name]
    z = arr(trace["z"])
    return z.reshape(int(math.isqrt(z.size)), -1) if z.ndim == 1 else z


def test_page_shows_the_trained_transformers_layers_by_default():
    """The default: the shipped Transformer's encoder layer 1; its charts hold what core.transformer computes in that
    layer's self_attn (every head); layer 2 reads layer 1's output; heads fixed at the layer's own, seed unused."""
    model, words = pretrained("transformer"), ["i", "eat", "red", "apple"]
    at = page()
    assert at.radio(key="weights").value == "trained" and "weights" not in at.query_params
    heads = at.slider(key="heads")
    assert heads.value == model.config.heads and heads.disabled and at.number_input(key="seed").disabled
    with torch.no_grad():
        x1 = model.embed(model.source_embed, ids(words))
        x2, _ = model.encoder[0](x1)
        own = [model.encoder[k].self_attn(x, x, torch.as_tensor(causal_mask(4)))[1][0].numpy()
               for k, x in ((0, x1), (1, x2))]
    for layer in (1, 2):
        if layer == 2:
            at.radio(key="layer").set_value("2").run()
            assert at.query_params["layer"] == "2" and not at.exception
        scores = chart(at, "Scores, scaled")
        assert S["caption_trained"].format(layer=layer, layers=len(model.encoder), heads=4,
                                           mask=S["mask_causal"]) in title_of(scores)
        np.testing.assert_allclose(np.nan_to_num(trace_z(scores, "softmax")), own[layer - 1][0], atol=1e-6)
        both = chart(at, "Softmax weights of each of the 4")
        for h in range(4):
            np.testing.assert_allclose(np.nan_to_num(trace_z(both, f"head {h + 1}")), own[layer - 1][h], atol=1e-6)
        x_name = S["x_panel_embedded"] if layer == 1 else S["x_panel_previous"].format(n=1)
        assert x_name in [t["name"] for t in chart(at, "X and its three projections")["data"]]
    assert not np.allclose(own[0], own[1])  # the two layers really differ
    assert any("notes:" in el.value for el in at.latex) and not at.exception


def test_page_random_weights_are_labelled_kept_in_the_address_and_seeded():
    at = page(weights="random")
    assert at.query_params["weights"] == "random" and not at.number_input(key="seed").disabled
    assert at.radio(key="weights").options[1] == S["weights_random"] and at.radio(key="layer").disabled
    title = title_of(chart(at, "Scores, scaled"))
    assert S["caption"].format(seed=0, heads=2, mask=S["mask_causal"]) in title and "trained" not in title
    first = trace_z(chart(at, "Scores, scaled"), "softmax")
    assert len(chart(at, "Softmax weights of each of the 2")["data"]) >= 2
    at.number_input(key="seed").set_value(5).run()
    assert not np.allclose(np.nan_to_num(first), np.nan_to_num(trace_z(chart(at, "Scores, scaled"), "softmax")))
    at.radio(key="weights").set_value("trained").run()  # back to trained: 4 heads, then random keeps its 2
    assert charts(at).keys() >= {"Softmax weights of each of the 4 head(s)"} and "weights" not in at.query_params
    at.radio(key="weights").set_value("random").run()
    assert at.slider(key="heads").value == 2 and at.number_input(key="seed").value == 5 and not at.exception
