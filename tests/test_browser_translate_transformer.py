"""The translation lesson's Transformer section in Chromium: the output-step slider and the layer choice rerun only
their fragment (AppTest reruns the whole script, so this needs the browser), the address follows them with keys,
and the Korean page draws the section in Hangul. Screenshots of the section in both languages go to test-results/
for a human to look at."""

from __future__ import annotations

import re

import pytest

from tests.browsertools import (
    IDLE,
    RERUN_TIMEOUT,
    assert_no_exception,
    chart_titles,
    katex_text,
    open_page,
    section_screenshot,
    wait_for_charts,
    wait_for_title,
)
from ui.strings import strings

pytestmark = pytest.mark.browser

EN, KO = strings("translate", "en"), strings("translate", "ko")
CHARTS = 12  # the sections above and this one's four (rows, cross, next word, encoder grid)
RNN_STEP = {"en": "Step 8: scores", "ko": "시점 8: 점수"}  # section 2's step chart: outside this fragment


def title(S: dict, t: int, layer: int) -> str:
    return S["tf_rows_title"].format(t=t, layer=layer)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_step_slider_and_the_layer_move_only_the_transformer_view(app_url, browser_page, lang):
    S = EN if lang == "en" else KO
    page = browser_page
    open_page(page, f"{app_url}/translate?lang={lang}&tf_t=2")
    wait_for_charts(page, CHARTS)
    wait_for_title(page, title(S, 2, 2))
    assert_no_exception(page)
    page.wait_for_timeout(1500)  # the charts below the first screen draw once they are in view
    section_screenshot(page, S["tf_heading"], S["accuracy_heading"], f"translate_transformer_{lang}.png")
    titles = chart_titles(page)
    assert any(t.startswith(S["tf_encoder_title"]) for t in titles), titles
    if lang == "ko":
        assert all(re.search(r"[\uac00-\ud7a3]", t) for t in titles if "2층" in t or "트랜스포머" in t), titles
    assert re.search(r"S_\{2\}\^\{\\text\{new\}\}", katex_text(page))
    before = [t for t in chart_titles(page) if t.startswith(RNN_STEP[lang])]

    page.locator("[data-testid=stSlider]").filter(has_text=S["tf_step_label"]).get_by_role("slider").focus()
    page.keyboard.press("ArrowRight")
    wait_for_title(page, title(S, 3, 2))
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert re.search(r"[?&]tf_t=3(&|$)", page.url), page.url
    assert not any(t.startswith(title(S, 2, 2)[:12]) for t in chart_titles(page))
    assert [t for t in chart_titles(page) if t.startswith(RNN_STEP[lang])] == before  # section 2 kept its step
    page.wait_for_function("s => [...document.querySelectorAll('.katex .katex-mathml annotation')]"
                           ".some(a => a.textContent.includes(s))", arg=r"S_{3}^{\text{new}}", timeout=RERUN_TIMEOUT)

    radio = page.locator("[data-testid=stRadio]").filter(has_text=S["tf_layer_label"])
    radio.get_by_text(S["tf_layer_option"].format(layer=1), exact=True).click()
    wait_for_title(page, title(S, 3, 1))
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert re.search(r"[?&]tf_layer=1(&|$)", page.url), page.url  # the layer's number, in either language
    assert_no_exception(page)
