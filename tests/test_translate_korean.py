"""The translation lesson in Korean and English: every chart's title and axis titles in Korean, almost no English prose
left on the Korean page (the example sentences are the translator's English input), no Hangul on the English page
but the toy translator's Korean; the sentence box's address values are keys, old links still work, and switching the
language keeps the view. The charts' words follow the language they are asked for."""

from __future__ import annotations

import numpy as np
import pytest

from core.grammar import ADJECTIVES, KOREAN, MANNER, NOUNS, SUBJECTS, TIME, VERBS
from tests.i18ntools import HANGUL, assert_korean, figures, hangul_in, move, open_page, title_of
from ui.language import NAMES
from ui.registry import LESSONS
from ui.strings import app_strings, strings
from viz.translate import alignment, next_word, shown, step_bars, step_equations, weighted_sum
from viz.translate_more import accuracy_curves, context_share, encoder_states, loss_curve, saliency_bars
from viz.words import words as chart_words

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "translate")
EN, KO = strings("translate", "en"), strings("translate", "ko")
# The toy translator's Korean (its words, and the stems and particles the vocabulary shows) and the sidebar's language
# switch (the app's, in both languages on purpose): the only Hangul an English page may show.
TOY = (*KOREAN, *SUBJECTS.values(), *VERBS.values(), *NOUNS.values(), *ADJECTIVES.values(), *MANNER.values(),
       *TIME.values(), "을/를", "와/과", "은/는", "이/가")
NOTES = ("강사",)  # note 001's own example word, quoted on the English page (the notes' C₄ view)
ALLOWED = (*TOY, *NOTES, *NAMES.values(), app_strings("en")["language"])
OWN_TEXT = "we like sweet cake"


@pytest.fixture(scope="module")
def korean():
    return open_page(PAGE, "ko")


def test_the_korean_page_is_in_korean(korean):
    assert korean.title[0].value.endswith(KO["title"]) and HANGUL.search(korean.title[0].value)
    assert len(figures(korean)) >= 7  # encoder (2), step (4), accuracy, saliency, training (2)
    assert_korean(korean, "first paint")
    text = " ".join(m.value for m in korean.markdown)
    assert "**모델(어텐션 있음):**" in text and "**모델(어텐션 없음):**" in text and "✅ 정확히 맞음" in text
    assert "**모델(트랜스포머):**" in text
    told = [m.value for m in korean.markdown if m.value.startswith("**트랜스포머**는")]  # the notice past the training
    assert len(told) == 1 and "Press 외 2022" in told[0] and "%" in told[0], told  # lengths, in Korean
    accuracy = next(f for f in figures(korean) if title_of(f).startswith(KO["accuracy_title"]))
    assert [tr["name"] for tr in accuracy["data"]] == ["어텐션 있음", "어텐션 없음", "트랜스포머"]
    assert any(r"\text{2. 점수: }" in el.value for el in korean.latex)  # the step's equations, in KaTeX's \text{}


def test_moving_the_main_widgets_keeps_the_korean_page_korean(korean):
    at = move(korean, "t", 2)
    assert any(title_of(f).startswith("시점 2: 점수") for f in figures(at))
    assert any("**2**번째에서 디코더가 쓰는 단어: **오늘**" in m.value for m in at.markdown)
    at = move(at, "out_word", at.select_slider(key="out_word").options[0])
    assert any(title_of(f).startswith("출력 단어 그는") for f in figures(at))
    at = move(at, "sentence", EN["examples"][2])
    at = move(at, "own_score", "additive")  # a config nobody trained: the prompt, in Korean
    assert any("학습하기" in b.label for b in at.button)
    at.radio(key="guess").set_value(1)
    at = move(at, "reveal", True)
    assert at.success and HANGUL.search(at.success[0].value)
    assert_korean(at, "after the moves")


def test_the_end_mark_and_a_missing_word_are_korean():
    at = open_page(PAGE, "ko", sentence="own",
                   own="i eat red apple and bread and cold water and sweet cake and blue cup again")
    assert_korean(at, "the end mark")
    assert "(끝)" in [t for f in figures(at) for ax in f["layout"].values() if isinstance(ax, dict)
                      for t in ax.get("ticktext") or []]


@pytest.mark.parametrize("own, kind, expected", [
    ("", "warning", KO["empty"]),
    ("i eat aple", "error", "`aple`: 혹시 이 단어인가요? `apple`"),
    (" ".join(["apple"] * 30), "error", "30단어입니다"),
    ("apple eat i", "warning", "토이 문법에 맞는 문장이 아닙니다"),
])
def test_messages_about_the_sentence_are_korean(own, kind, expected):
    at = open_page(PAGE, "ko", sentence="own", own=own)
    shown_messages = [e.value for e in getattr(at, kind)]
    assert any(expected in m for m in shown_messages), shown_messages


def test_the_english_page_has_no_hangul_but_the_translators():
    at = open_page(PAGE, "en", t="2")
    assert hangul_in(at, allowed=ALLOWED) == []
    at = move(at, "sentence", "own")
    at = move(at, "own", "apple eat i")  # outside the grammar: the model's own translation
    at.radio(key="guess").set_value(0)
    at = move(at, "reveal", True)
    assert hangul_in(at, allowed=ALLOWED) == []
    assert hangul_in(at) != []  # the check can fail: the translator's Korean is on the page


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("value", [EN["own_option"], "own"])
def test_an_old_english_label_link_and_a_key_link_open_the_own_sentence(lang, value):
    at = open_page(PAGE, lang, sentence=value, own=OWN_TEXT)
    assert at.selectbox(key="sentence").value == "own"
    assert at.text_input(key="own").value == OWN_TEXT
    assert at.selectbox(key="sentence").format_func("own") == strings("translate", lang)["own_option"]
    assert at.query_params["sentence"] == "own"  # the address now carries the key, in either language
    assert any("`we` `like` `sweet` `cake`" in m.value for m in at.markdown)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_an_example_link_opens_that_example(lang):
    at = open_page(PAGE, lang, sentence=EN["examples"][1])
    assert at.selectbox(key="sentence").value == EN["examples"][1]
    assert any("`i` `eat` `red` `apple`" in m.value for m in at.markdown)


def test_switching_the_language_keeps_the_sentence_and_the_step():
    at = open_page(PAGE, "en", sentence="own", own=OWN_TEXT, t="2")
    english_title = at.title[0].value
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception and at.title[0].value != english_title and HANGUL.search(at.title[0].value)
    assert at.selectbox(key="sentence").value == "own" and at.text_input(key="own").value == OWN_TEXT
    assert at.slider(key="t").value == 2
    assert at.selectbox(key="sentence").format_func("own") == KO["own_option"]
    assert_korean(at, "after the switch")
    at.session_state["lang"] = "en"
    at.run()
    assert at.title[0].value == english_title and at.selectbox(key="sentence").value == "own"


def test_the_page_and_the_legends_name_the_models_alike():
    for lang in ("en", "ko"):
        legends = chart_words("translate_more", lang)["models"]
        assert strings("translate", lang)["model_names"].items() <= legends.items()
    assert EN["model_names"] == {"attention": "attention", "no attention": "no attention",  # English as before
                                 "transformer": "Transformer"}
    assert all(HANGUL.search(name) for name in KO["model_names"].values())


def charts_in(lang: str) -> list:
    """Every chart of the lesson's viz modules, from the same small data, in ``lang``."""
    rng = np.random.default_rng(0)
    source, target = ["i", "eat", "apple"], ["나는", "사과를", "먹는다", "</s>"]
    weights = rng.dirichlet(np.ones(3), size=4)
    states = rng.standard_normal((3, 8))
    return [alignment(weights, source, target, "t", "c", t=1, lang=lang),
            step_bars(rng.standard_normal(3), weights[0], source, "t", "c", lang=lang),
            weighted_sum(states, weights[0], states.T @ weights[0], source, "t", "c", lang=lang),
            next_word(weights[0], target[:3], "t", "c", top=3, lang=lang),
            encoder_states(states, states[-1], source, "t", "c", lang=lang),
            context_share({"attention": np.ones(3), "no attention": np.ones(3)}, source, "t", "c", lang=lang),
            accuracy_curves({"attention": {3: 1.0, 4: 0.5}, "transformer": {3: 1.0, 4: 0.0}, "yours": {3: 0.5, 4: 0.2}},
                            3, "t", "c", lang=lang),
            saliency_bars(weights[0], {"attention": np.ones(3)}, source, "t", "c", lang=lang),
            loss_curve(np.array([2.0, 1.0, 0.5]), "t", "c", step=2, lang=lang)]


def chart_words_of(fig) -> list[str]:
    spec = fig.to_dict()
    out = [ax["title"]["text"] for name, ax in spec["layout"].items()
           if name.startswith(("xaxis", "yaxis")) and (ax.get("title") or {}).get("text")]
    out += [t.get("name") or "" for t in spec["data"]] + [t.get("hovertemplate") or "" for t in spec["data"]]
    out += [a["text"] for a in spec["layout"].get("annotations", [])]
    return [s for s in out if s]


def test_every_chart_speaks_the_language_it_is_asked_for():
    for en, ko in zip(charts_in("en"), charts_in("ko"), strict=True):
        english, korean = chart_words_of(en), chart_words_of(ko)
        assert english and not any(HANGUL.search(s) for s in english), english
        assert all(HANGUL.search(s) for s in korean if s != "‖∂L_t/∂x_i‖"), korean
    assert shown("</s>", "en") == "(end)" and shown("</s>", "ko") == "(끝)" and shown("먹는다", "ko") == "먹는다"
    assert r"\text{4, 5. 곱해서 더하기: }" in step_equations(np.ones(3), np.ones(3) / 3, ["a", "b", "c"], 1, lang="ko")
    with pytest.raises(TypeError):  # no silent English default
        loss_curve(np.ones(3), "t", "c")  # type: ignore[call-arg]
