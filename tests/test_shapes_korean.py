"""Sections 4 and 5 of "Sequences and recurrence" in Korean and English: with ?lang=ko every diagram is titled with the
lecture notes' name for its shape, the links carry the linked lessons' Korean titles, the callout and the language
model read Korean while T, the level and the step move; with ?lang=en these sections show no Hangul but the toy
translator's Korean; switching the language keeps T, the level and the step."""

from __future__ import annotations

import itertools
import json

import numpy as np
from streamlit.testing.v1 import AppTest

from core.grammar import MIN_LENGTH, sample
from lessons.sequences.study_shapes import LMConfig, train_lm
from tests.apptools import charts
from tests.i18ntools import HANGUL, assert_korean, chart_strings, move, open_page
from ui.registry import LESSONS, title
from ui.strings import strings
from viz.shapes import shape_names
from viz.words import words

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "sequences")
EN, KO = strings("sequences", "en"), strings("sequences", "ko")
# The diagrams' trace names: roles the tests read, never shown (no legend, no hover)
ROLES = {"cells", "inputs", "outputs", "encoder", "decoder", "decoder input", "context", "forward", "backward",
         "layer 1", "layer 2"}
TRANSLATOR = tuple(w for T in range(2, 9) for w in sample(np.random.default_rng(0), max(T, MIN_LENGTH)).korean())


def moved(at: AppTest):
    """T to both ends and back, the word level at its first step, then back to characters (each yields after its
    rerun)."""
    for key, value in (("shapes_T", 2), ("shapes_T", 8), ("shapes_T", 5), ("lm_level", "word"), ("lm_t", 1),
                       ("lm_level", "char")):
        move(at, key, value)
        yield


def our_charts(at: AppTest, lang: str) -> dict[str, dict]:
    """The diagrams and the language model's two charts, by title."""
    S = strings("sequences", lang)
    head, tail = S["lm_chart_title"].split("{context}")
    return {name: fig for name, fig in charts(at).items() if name in shape_names(lang).values()
            or name == S["lm_truth_title"] or (name.startswith(head) and name.endswith(tail))}


def our_strings(at: AppTest, lang: str) -> list[str]:
    """What sections 4 and 5 show: their charts' words, links, prose, callout, metrics and the widgets' labels."""
    S = strings("sequences", lang)
    out = [s for fig in our_charts(at, lang).values() for s in chart_strings(fig) if s not in ROLES]
    out += [link.proto.label for link in at.get("page_link")]
    mine = [S[k] for k in S if k.startswith(("shapes_", "lm_")) and isinstance(S[k], str)]
    mine += [row[k] for row in S["shapes_rows"] for k in ("notes", "apps")]
    heads = tuple(S[k] for k in ("shapes_notes_label", "shapes_apps_label", "shapes_lab_label"))
    out += [m.value for m in at.markdown if m.value in mine or any(h in m.value for h in heads)]
    out += [i.value for i in at.info if S["shapes_callout_said"] in i.value]
    out += [m.label for m in at.metric if m.label in mine]
    out += [w.label for w in (*at.slider, *at.radio) if w.key in ("shapes_T", "lm_level", "lm_t")]
    return out


def test_korean_sections_use_the_notes_names_and_read_korean():
    at = open_page(PAGE, "ko")
    names = shape_names("ko")
    for _ in itertools.chain([None], moved(at)):  # the first paint, then each state as it is reached
        assert_korean(at, "the Korean page")
        found = our_charts(at, "ko")
        assert set(names.values()) <= set(found) and len(found) == len(names) + 2, list(found)
        english = [s for s in our_strings(at, "ko") if s.strip() and not HANGUL.search(s)
                   and not s.startswith(("p(", "%{"))]
        assert english == [], english
    assert (names["one_to_one"], names["one_to_many"], names["many_to_one"]) == ("일 대 일", "일 대 다", "다 대 일")
    labels = [link.proto.label for link in at.get("page_link")]
    for key in ("hello", "vanishing", "translate", "gates"):
        lesson = next(lesson for lesson in LESSONS if lesson.key == key)
        assert any(label.startswith(title(lesson, "ko")) for label in labels), (key, labels)
    s = train_lm(LMConfig())
    (callout,) = [i.value for i in at.info if "(노트 000)" in i.value]
    assert KO["shapes_callout_said"] in callout and f"p(o | hell) = **{s.probs[-1, 3]:.3f}**" in callout
    assert "“h” 다음 토큰의 확률" in charts(at)  # the step t = 1 kept from the word level


def test_english_sections_have_no_hangul_but_the_translators_korean():
    at = open_page(PAGE, "en")
    for _ in itertools.chain([None], moved(at)):
        shown = our_strings(at, "en")
        assert [s for s in shown if HANGUL.search(s) and not any(w in s for w in TRANSLATOR)] == []
        assert set(shape_names("en").values()) <= set(our_charts(at, "en"))
    for lang in ("en",):  # the chart words and the section's own strings, as files
        assert not any(HANGUL.search(v) for v in words("shapes", lang)["names"].values())
        assert not HANGUL.search(json.dumps({k: v for k, v in EN.items() if k.startswith(("shapes_", "lm_"))},
                                            ensure_ascii=False))


def test_switching_the_language_keeps_t_the_level_and_the_step():
    at = open_page(PAGE, "en", shapes_T="6", lm_level="word", lm_t="2")
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.slider(key="shapes_T").value == 6 and at.radio(key="lm_level").value == "word"
    assert at.slider(key="lm_t").value == 2
    assert set(shape_names("ko").values()) <= set(charts(at))
    assert "“the cat” 다음 토큰의 확률" in charts(at)
    at.session_state["lang"] = "en"
    at.run()
    assert set(shape_names("en").values()) <= set(charts(at)) and at.slider(key="shapes_T").value == 6
