"""The translation lesson's view of note 001's C₄ (the raw inner products and the sum without the softmax) in
Chromium: it follows the decoder-step slider (inside the step fragment, which AppTest cannot run alone), its callout
names the step, and the Korean page draws it in Hangul; the train-your-own section names a BiLSTM. Screenshots of
the view in both languages go to test-results/ for a human to look at."""

from __future__ import annotations

import re

import pytest

from tests.browsertools import (
    ALERT,
    IDLE,
    RERUN_TIMEOUT,
    RESULTS_DIR,
    VIEWPORT,
    assert_no_exception,
    open_page,
    wait_for_charts,
    wait_for_title,
)
from ui.strings import strings

pytestmark = pytest.mark.browser

EN, KO = strings("translate", "en"), strings("translate", "ko")
STEP_CHARTS = 5  # step bars, alignment, weighted sum, next word, the notes' C_t


def clip(page, top, bottom, name: str) -> None:
    """A screenshot from the top of one element to the top of another (the viewport grown to the page first)."""
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(int(height) + 40, 16_000)})
    try:
        bottom.scroll_into_view_if_needed()
        page.wait_for_timeout(1500)  # widgets and charts below the first screen are drawn once they are in view
        main = page.locator("[data-testid=stMainBlockContainer]").bounding_box()
        a, b = top.bounding_box(), bottom.bounding_box()
        assert main and a and b, name
        page.screenshot(path=str(RESULTS_DIR / name), full_page=True,
                        clip={"x": main["x"], "y": a["y"] - 10, "width": main["width"], "height": b["y"] - a["y"]})
    finally:
        page.set_viewport_size(VIEWPORT)


def callout(page, S: dict):
    """The callout (an alert and its container both match the selector: the first is the outer one)."""
    return page.locator(ALERT).filter(has_text=S["notes_said"][:20]).first


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_notes_view_follows_the_step_slider(app_url, browser_page, lang):
    S = EN if lang == "en" else KO
    page = browser_page
    open_page(page, f"{app_url}/translate?lang={lang}&t=2")
    wait_for_charts(page, STEP_CHARTS)
    wait_for_title(page, S["notes_title"].format(t=2))
    assert_no_exception(page)
    box = callout(page, S)
    assert box.count() == 1 and re.search(r"[\uac00-\ud7a3]" if lang == "ko" else "At step 2", box.inner_text())
    heading = page.locator("h4").filter(has_text=S["notes_heading"][:12])
    clip(page, heading, page.locator("h3").filter(has_text=S["accuracy_heading"]), f"translate_notes_{lang}.png")
    assert (RESULTS_DIR / f"translate_notes_{lang}.png").stat().st_size > 0
    page.locator("[data-testid=stSlider]").filter(has_text=S["step_label"]).get_by_role("slider").focus()
    page.keyboard.press("ArrowRight")
    wait_for_title(page, S["notes_title"].format(t=3))
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert re.search(r"[?&]t=3(&|$)", page.url), page.url
    text = callout(page, S).inner_text()
    assert ("At step 3" in text) if lang == "en" else ("시점 3에서" in text), text
    assert_no_exception(page)


def test_the_training_section_names_a_bilstm(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/translate?lang=ko&own_encoder=lstm&own_score=additive")
    caption = page.locator("[data-testid=stCaptionContainer]").filter(has_text="BiLSTM").first
    caption.wait_for(state="visible", timeout=RERUN_TIMEOUT)
    assert "Matching NN" in caption.inner_text()
    clip(page, page.locator("h3").filter(has_text=KO["train_heading"][:8]), page.locator("h3").filter(
        has_text=KO["notice_heading"]), "translate_train_named_ko.png")
    assert_no_exception(page)
