"""The self-attention lesson in Korean and English (issue 15): with ?lang=ko every chart's title and axis titles are
Korean and almost no prose is English-only while the main widgets move; with ?lang=en there is no Hangul; the
sentence and mask widgets keep language-neutral keys in the address, old English-label links still open their view
in both languages, and switching the language keeps every setting."""

from __future__ import annotations

import itertools

import pytest
from streamlit.testing.v1 import AppTest

from core.seq2seq import pretrained
from tests.apptools import charts
from tests.i18ntools import (
    SWITCH,
    assert_korean,
    english_share,
    figures,
    hangul_in,
    korean_chart_problems,
    move,
    open_page,
    title_of,
)
from ui.registry import LESSONS
from ui.strings import strings

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "selfattn")
EN, KO = strings("selfattn", "en"), strings("selfattn", "ko")
TEXT = {"en": EN, "ko": KO}
CONFIG = pretrained("transformer").config  # the shipped Transformer's layers and heads
LONG = EN["examples"][1]  # an example sentence: the model's input, English in both languages
NOTES_EXAMPLE = ("쓰다", "돈을", "모자를")  # note 001's Korean example (section 5), quoted on the English page too


# The main widgets, one after another: the mask through every option, the trained encoder's layer 2, the random
# weights with more heads, another head, another word, the long sentence, the learner's own words, the text both
# models train on, the question answered and revealed.
MOVES = (("mask", "none"), ("mask", "padding"), ("mask", "custom"), ("layer", "2"), ("weights", "random"),
         ("heads", 3), ("head", 2), ("word", "3. red"),
         ("mask", "causal"), ("sentence", LONG), ("sentence", "own"), ("lm_text", "abcab"), ("guess", "all"),
         ("reveal", True))


def moved(at: AppTest):
    """Each of MOVES in turn, yielding after its rerun."""
    for key, value in MOVES:
        move(at, key, value)
        yield


def test_korean_page_is_korean_while_the_widgets_move():
    at = open_page(PAGE, "ko")
    first = [title_of(fig) for fig in figures(at)]
    caption = KO["caption_trained"].format(layer=1, layers=CONFIG.layers, heads=CONFIG.heads, mask=KO["mask_causal"])
    assert any(caption in t for t in first), first  # the trained layer by default, and the caption says so
    for _ in itertools.chain([None], moved(at)):  # check the first paint, then each state as it is reached
        assert_korean(at, "the Korean page")
        english = english_share(at)[1]
        assert set(english) <= set(EN["examples"]), english  # only the model's input sentences stay English
    titles = [title_of(fig) for fig in figures(at)]  # each with its caption
    assert any(t.startswith(KO["scores_title"]) for t in titles), titles
    assert any(t.startswith(KO["lm_loss_title"]) for t in titles), titles
    assert any(f"마스크: {KO['mask_causal']}" in t for t in titles), titles  # the caption names the mask
    assert at.success and "인과 마스크" in at.success[0].value  # the revealed answer


def test_english_page_has_no_hangul_while_the_widgets_move():
    at = open_page(PAGE, "en")
    for _ in itertools.chain([None], moved(at)):  # check the first paint, then each state as it is reached
        assert hangul_in(at, allowed=(*SWITCH, *NOTES_EXAMPLE)) == []
    assert any(t.startswith(EN["scores_title"]) for t in charts(at))


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("key,value,opens", [
    ("mask", "none", "none"), ("mask", "causal", "causal"), ("mask", "padding", "padding"),
    ("mask", "custom", "custom"),
    ("mask", "causal (no future)", "causal"), ("mask", "my own", "custom"),  # links from before the translation
    ("sentence", "own", "own"), ("sentence", "✏️ my own words", "own"), ("sentence", LONG, LONG)])
def test_old_and_new_links_open_the_same_view_in_both_languages(lang, key, value, opens):
    at = open_page(PAGE, lang, **{key: value})
    widget = at.radio(key="mask") if key == "mask" else at.selectbox(key="sentence")
    assert widget.value == opens
    shown = TEXT[lang][f"mask_{opens}"] if key == "mask" else TEXT[lang]["own_option"] if opens == "own" else opens
    assert widget.options[widget.index] == shown
    if key == "mask" and opens != "causal":  # the address carries the key from now on
        assert at.query_params[key] == opens
    if key == "sentence" and opens == "own":
        assert at.text_input(key="own").value == TEXT[lang]["own_default"]


def test_switching_the_language_keeps_every_setting_and_redraws_the_charts():
    at = open_page(PAGE, "en", weights="random", heads="3")
    at.radio(key="mask").set_value("none").run()
    at.selectbox(key="sentence").set_value(LONG).run()
    at.select_slider(key="head").set_value(3).run()
    english = charts(at)
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.radio(key="mask").value == "none" and at.radio(key="mask").options[0] == KO["mask_none"]
    assert at.selectbox(key="sentence").value == LONG and at.slider(key="heads").value == 3
    assert at.select_slider(key="head").value == 3
    assert at.query_params["mask"] == "none" and at.query_params["lang"] == "ko"
    assert at.radio(key="weights").value == "random" and at.radio(key="weights").options[1] == KO["weights_random"]
    korean = charts(at)
    assert korean_chart_problems(at) == []
    assert len(korean) == len(english) and not set(korean) & set(english)  # no chart kept its English words
    scores = next(title_of(fig) for fig in figures(at) if title_of(fig).startswith(KO["scores_title"]))
    assert "헤드 3/3" in scores and f"마스크: {KO['mask_none']}" in scores, scores
    at.session_state["lang"] = "en"
    at.run()
    assert charts(at).keys() == english.keys() and at.radio(key="mask").value == "none"
