"""In Chromium, opening "Show the code" (sent only while open) shows the lesson's real source."""

from __future__ import annotations

import pytest

from tests.browsertools import (
    assert_no_exception,
    open_page,
)

pytestmark = pytest.mark.browser


def test_opening_show_the_code_shows_the_source(app_url, browser_page):
    open_page(browser_page, f"{app_url}/vanishing")
    summary = browser_page.locator("[data-testid=stExpander] summary", has_text="Show the code")
    summary.wait_for(timeout=60_000)
    assert browser_page.locator("[data-testid=stExpander] [data-testid=stCode]").count() == 0
    summary.click()
    code = browser_page.locator("[data-testid=stExpander] [data-testid=stCode]").first
    code.wait_for(timeout=30_000)
    assert "def rnn_jacobians" in code.inner_text()
    assert_no_exception(browser_page)
