"""The lecture notes' own examples and forms in Chromium (issue 16): note 004's worked product in the vanishing lesson
(its T slider is an st.fragment, which AppTest cannot run alone: it must rewrite the factors and the address), and
the gates lesson's notes' GRU beside PyTorch's, the names table and the "notes say, precisely" callouts. Screenshots of
each view, in English and Korean, go to test-results/ for a human to look at."""

from __future__ import annotations

import re

import pytest

from tests.browsertools import (
    ALERT,
    IDLE,
    RERUN_TIMEOUT,
    assert_no_exception,
    katex_text,
    open_page,
    section_screenshot,
    wait_for,
    wait_for_charts,
)

pytestmark = pytest.mark.browser

EXAMPLE = "The notes' example by hand"
SLIDER = "T: differentiate h_T with respect to h₁"


def test_notes_example_slider_rewrites_the_product(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/vanishing")
    wait_for_charts(page, 8)
    assert_no_exception(page)
    assert r"\tanh'(a_{3}) \cdot W_{hh} \cdot \tanh'(a_{2})" in katex_text(page)
    section_screenshot(page, EXAMPLE, "The experiment", "vanishing_example.png")

    page.get_by_role("slider", name=SLIDER).focus()
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    wait_for(page, "() => [...document.querySelectorAll('.katex-mathml annotation')]"
                   ".some(a => a.textContent.includes('\\\\partial h_{10}'))", what="the product at T = 10")
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert re.search(r"[?&]ex_T=10(&|$)", page.url), page.url
    callout = page.locator(ALERT).filter(has_text="note 004").first.inner_text()
    assert "at T = 10" in callout, callout
    assert_no_exception(page)
    section_screenshot(page, EXAMPLE, "The experiment", "vanishing_example_T10.png")

    open_page(page, f"{app_url}/vanishing?lang=ko&ex_u=0.0&ex_T=20")
    wait_for_charts(page, 8)
    assert "노트 004" in page.locator(ALERT).filter(has_text="노트 004").first.inner_text()
    assert_no_exception(page)
    section_screenshot(page, "노트의 예제를 손으로", "실험 설정", "vanishing_example_ko.png")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_gates_notes_forms_and_callouts(app_url, browser_page, lang):
    page = browser_page
    open_page(page, f"{app_url}/gates?lang={lang}")
    wait_for_charts(page, 10)
    assert_no_exception(page)
    names, top, controls, cost, path = {
        "en": ("The notes' names for each part", "The equations", "The text and the models", "7 · The cost",
               "8 · The hidden"),
        "ko": ("노트가 부르는 이름과", "수식", "텍스트와 모델", "7 · 기억의 비용", "8 · 은닉")}[lang]
    page.locator("[data-testid=stExpander]").filter(has_text=names).locator("summary").click()
    page.wait_for_selector("[data-testid=stExpander] table", timeout=RERUN_TIMEOUT)
    equations = katex_text(page)
    assert equations.index(r"\tilde{h}_t") < equations.index("n_t")  # the notes' GRU first, PyTorch's beside it
    assert page.locator(ALERT).filter(has_text="000, 002").count() >= 1
    section_screenshot(page, top, controls, f"gates_notes_top_{lang}.png")
    section_screenshot(page, cost, path, f"gates_notes_cost_{lang}.png")
