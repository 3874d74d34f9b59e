"""The opening lesson in Chromium, sections 1-3: the page draws in both languages, the cell's hidden-size slider (an
st.fragment, which AppTest cannot run alone) redraws the unrolled cell and the address, the later steps' equations
are sent only once their expander opens, and screenshots go to test-results/ for a human to look at."""

from __future__ import annotations

import re

import pytest

from tests.browsertools import (
    IDLE,
    RERUN_TIMEOUT,
    assert_no_exception,
    katex_text,
    open_page,
    screenshot,
    wait_for_charts,
)
from ui.strings import strings

pytestmark = pytest.mark.browser

LEGEND = "() => [...document.querySelectorAll('.js-plotly-plot .legendtext')].map(e => e.textContent)"


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_page_draws(app_url, browser_page, lang):
    S = strings("sequences", lang)
    open_page(browser_page, f"{app_url}/sequences?lang={lang}")
    wait_for_charts(browser_page, 6)
    assert_no_exception(browser_page)
    titles = [t.text_content() or "" for t in browser_page.locator(".js-plotly-plot .gtitle").all()]
    for key in ("chart_accuracy_title", "chart_answers_title", "onehot_title_word", "chart_h_title"):
        assert any(t.startswith(S[key]) for t in titles), (key, titles)
    assert "h_{1} &= \\tanh(x_{1} W_x + b)" in katex_text(browser_page)  # the notes' first line, numbers below
    screenshot(browser_page, f"sequences_{lang}.png")


def test_the_cell_slider_reruns_the_fragment_and_keeps_the_address(app_url, browser_page):
    page, S = browser_page, strings("sequences")
    open_page(page, f"{app_url}/sequences?lang=en&sentence=the+cat+sat+on+the+mat")
    wait_for_charts(page, 6)
    assert "h[3]" not in page.evaluate(LEGEND)
    page.get_by_role("slider", name=S["cell_hidden_label"]).focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(f"() => ({LEGEND})().includes('h[3]')", timeout=RERUN_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert re.search(r"[?&]cell_hidden=3(&|$)", page.url), page.url
    assert "h_{6} &=" not in katex_text(page)  # steps 4-6 are folded away and not sent
    page.get_by_text(S["later_steps"].format(first=4, T=6)).click()
    page.wait_for_function("() => [...document.querySelectorAll('.katex .katex-mathml annotation')]"
                           ".some(a => a.textContent.includes('h_{6} &='))", timeout=RERUN_TIMEOUT)
    assert_no_exception(page)
