"""Issue 19: st.code loads Streamlit's syntax highlighter (1.5 MB of script, measured with benchmarks/browser_probe:
0.8-1.0 s of first paint on hello and gates) to colour plain text. The sample texts are Markdown code spans instead:
no st.code on the first screen of any lesson (the "show the code" expanders send theirs only when opened)."""

import re

import pytest

from lessons.gates.breaking import aligned
from tests.challengetools import opened
from ui.registry import LESSONS


@pytest.mark.parametrize("page", [lesson.url_path for lesson in LESSONS])
def test_no_lesson_draws_st_code_when_it_opens(page):
    at = opened(page, {})
    assert len(at.get("code")) == 0, [c.value[:40] for c in at.get("code")]


def test_the_gates_texts_stay_monospace_and_line_up_character_under_character():
    at = opened("gates", {})
    lines = [m.value for m in at.markdown if m.value.count("`") >= 2 and "  \n" in m.value]
    assert lines, "the due and predicted texts are drawn"
    spans = [re.match(r"(`+) ?(.*?) ?\1 ", line).group(2) for line in lines[0].split("  \n")]
    assert len(spans) >= 2 and len({len(s) for s in spans}) == 1, spans  # every text as long as the task
    assert aligned([("a", "x y"), ("한국어", "x`y")]) == "`x␣y` a  \n`` x`y `` 한국어"
