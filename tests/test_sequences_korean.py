"""The opening lesson in Korean and English (sections 1-3): every string and chart word in the page's language while
the widgets move, Korean messages for what a learner types wrong, Hangul on the English page only as data (the
notes' 저는 강사 입니다, the task's Korean sentences), and the settings kept across the language switch."""

import re

from lessons.sequences.study_tokens import NOTES_SENTENCE
from lessons.sequences.study_words import VOCAB
from lessons.sequences.why import KOREAN_PAIR
from tests import i18ntools as i18n
from tests.apptools import arr, chart, widget_list
from tests.challengetools import outside
from tests.i18ntools import HANGUL, SWITCH, assert_korean, hangul_in, move, open_page
from ui.registry import LESSONS
from ui.strings import strings

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "sequences")
WALK = (("pair_a", "소를 개가 물었다"), ("pair_b", "고양이가 여우를 봤다"), ("sentence", "나는 학생 입니다"),
        ("cell_hidden", 3), ("cell_seed", 5), ("sentence", "저는 강사 입니다 저는 학생 입니다 네"), ("guess", 50),
        ("reveal", True))
# Korean that is data, not prose: the task's words and sentences, the notes' sentence, what the walk types
TYPED = " ".join([*KOREAN_PAIR, NOTES_SENTENCE, *(value for _, value in WALK if isinstance(value, str))])
DATA = sorted({w for w in VOCAB if HANGUL.search(w)} | set(TYPED.split()) | set(TYPED), key=len, reverse=True)


def leftover(text: str) -> str:
    """``text`` with the Korean data taken out."""
    for piece in DATA:
        text = text.replace(piece, "")
    return text


def prose_hangul(at) -> list[str]:
    """Strings of an English page with Hangul left once the Korean data are taken out."""
    return [s for s in hangul_in(at, allowed=SWITCH) if HANGUL.search(leftover(s))]


def test_korean_page_is_korean_while_its_widgets_move():
    at = open_page(PAGE, "ko")
    assert_korean(at, "first paint")
    for key, value in WALK:
        move(at, key, value)
        assert_korean(at, f"after {key} = {value!r}")
    answers = outside(at, "success")
    assert answers and HANGUL.search(answers[-1].value)  # the revealed answer
    assert any("4번째부터 7번째" in e.label for e in at.expander)  # T = 7 words: steps 4..7 folded away


def test_korean_messages_for_what_a_learner_types():
    at = open_page(PAGE, "ko")
    move(at, "sentence", "")
    (error,) = at.error
    assert error.value.startswith("문장: ") and HANGUL.search(error.value.removeprefix("문장: ")), error.value
    move(at, "pair_a", "호랑이가 소를 물었다")
    (warning,) = outside(at, "warning")
    assert "호랑이가" in warning.value and "1번째 문장" in warning.value
    assert any("영어 단어" in c.value for c in at.caption)  # the vocabulary the models know
    assert_korean(at, "with an error and a warning")


def test_english_page_shows_hangul_only_as_data():
    at = open_page(PAGE, "en")
    assert prose_hangul(at) == []
    for key, value in WALK:
        move(at, key, value)
        assert prose_hangul(at) == [], f"after {key} = {value!r}"
    assert hangul_in(at, allowed=SWITCH), "the notes' Korean sentence should be on the page"


def test_the_check_can_fail():
    assert not HANGUL.search(leftover("T = 3 tokens: `저는` `강사` `입니다` · “개가 소를 물었다”"))
    assert HANGUL.search(leftover("the notes' 저는 강사 입니다, explained: 이 문장은 한국어입니다"))


def test_the_korean_strings_are_korean():
    ko, en = strings("sequences", "ko"), strings("sequences", "en")
    mine = set(strings("sequences", "en")) - {k for k in en if re.match(r"(shapes|lm)_", k)}
    assert [key for key in mine if isinstance(ko[key], str) and i18n.english_only(ko[key])] == []
    assert all(HANGUL.search(ko[key]) for key in ("title", "summary", "why", "notice", "download_schema",
                                                  "why_intro", "tokens_intro", "cell_intro"))


def test_switching_the_language_keeps_every_setting():
    at = open_page(PAGE, "en", sentence="the cat sat on the mat", pair_a="cat chases fox")
    move(at, "cell_hidden", 3)
    before = {w.key: w.value for w in widget_list(at) if w.key}
    h = arr(chart(at, strings("sequences", "en")["chart_h_title"])["data"][0]["y"])
    at.session_state["lang"] = "ko"
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    after = {w.key: w.value for w in widget_list(at) if w.key}
    assert (before.pop("lang"), after.pop("lang")) == ("en", "ko") and after == before
    assert after["sentence"] == "the cat sat on the mat" and after["cell_hidden"] == 3
    assert (arr(chart(at, strings("sequences", "ko")["chart_h_title"])["data"][0]["y"]) == h).all()
    assert_korean(at, "after the switch")
