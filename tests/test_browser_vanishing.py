"""The vanishing-gradient lesson in Chromium: the backward-pass slider (an st.fragment, which AppTest cannot
run alone) moves the Jacobian, the chain's ring and the URL; the overflow flag shows; screenshots are saved."""

from __future__ import annotations

import re

import pytest

from tests.browsertools import (
    CHARTS,
    IDLE,
    LOAD_TIMEOUT,
    RERUN_TIMEOUT,
    assert_no_exception,
    chart_titles,
    open_page,
    screenshot,
    wait_for_charts,
    wait_for_title,
)

pytestmark = pytest.mark.browser


def test_vanishing_backward_walk_slider(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/vanishing")
    page.locator("h1").filter(has_text="Vanishing and exploding").wait_for(state="visible", timeout=LOAD_TIMEOUT)
    wait_for_charts(page, 8)
    assert_no_exception(page)
    titles = " | ".join(chart_titles(page))
    for expected in ("How much of the gradient survives", "The fading chain", "The local Jacobian ∂s_{60}/∂s_{59}",
                     "Depth as well as time"):
        assert expected in titles, (expected, titles)
    screenshot(page, "vanishing.png")

    thumb = page.get_by_role("slider", name="Back to step k")
    thumb.focus()
    for _ in range(3):
        page.keyboard.press("ArrowLeft")
    wait_for_title(page, "The local Jacobian ∂s_{57}/∂s_{56}")
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert re.search(r"[?&]k=56(&|$)", page.url), page.url
    assert "(step 57 → 56)" in " ".join(chart_titles(page))
    assert_no_exception(page)

    page.locator("[data-testid=stRadio]").filter(has_text="Cell").get_by_text("LSTM", exact=True).click()
    wait_for_title(page, "The cell-state highway from step 56")
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert "walk_cell=LSTM" in page.url, page.url
    assert_no_exception(page)
    screenshot(page, "vanishing_walk_lstm.png")


def test_vanishing_overflow_is_flagged_not_blank(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/vanishing?scale=3.0&T=200")
    wait_for_charts(page, 6)
    page.get_by_text("Overflow.", exact=False).first.wait_for(state="visible", timeout=LOAD_TIMEOUT)
    curves = page.locator(CHARTS).filter(has_text="How much of the gradient survives")
    assert curves.locator(".scatterlayer .trace").count() >= 4  # three cells, the bound, the overflow markers
    assert_no_exception(page)
    screenshot(page, "vanishing_overflow.png")
