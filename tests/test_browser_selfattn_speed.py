"""The self-attention lesson's section 6 in Chromium, in both languages: note 001's "less computation and fast"
measured (the chart's two panels, the table, the callout with the numbers), then one training step of the two
translators against the sentence length (its chart, table and the paragraph saying what it shows). Screenshots go
to test-results/ for a human to look at."""

from __future__ import annotations

import pytest

from tests.browsertools import (
    ALERT,
    RESULTS_DIR,
    assert_no_exception,
    open_page,
    section_screenshot,
    wait_for_charts,
    wait_for_title,
)
from ui.strings import strings

pytestmark = pytest.mark.browser

PAGE_CHARTS = 10  # stages (3), heads (2), why mask (2), distance, speed, training step


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_speed_section_draws_in_both_languages(app_url, browser_page, lang):
    S = strings("selfattn", lang)
    page = browser_page
    open_page(page, f"{app_url}/self-attention?lang={lang}")
    wait_for_charts(page, PAGE_CHARTS)
    wait_for_title(page, S["speed_title"])
    assert_no_exception(page)
    table = page.locator("[data-testid=stMarkdownContainer] table").filter(has_text="2048")
    assert table.count() == 1 and table.locator("tbody tr").count() == 5
    box = page.locator(ALERT).filter(has_text="T = 2048")
    assert box.count() >= 1 and "512" in box.first.inner_text()  # (an alert and its container both match)
    wait_for_title(page, S["trainstep_title"])
    steps = page.locator("[data-testid=stMarkdownContainer] table").filter(has_text=S["trainstep_table"].split("|")[2]
                                                                           .strip())
    assert steps.count() == 1 and steps.locator("tbody tr").count() == 5
    shows = S["trainstep_shows"].split("**")[1]  # "What this measurement shows." / "이 측정이 보여 주는 것."
    assert page.get_by_text(shows).count() >= 1
    section_screenshot(page, S["speed_heading"], S["notice_heading"], f"selfattn_speed_{lang}.png")
    assert (RESULTS_DIR / f"selfattn_speed_{lang}.png").stat().st_size > 0
