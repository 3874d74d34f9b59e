"""The vanishing-gradient lesson in Chromium: the backward-pass slider (an st.fragment, which AppTest cannot
run alone) moves the Jacobian, the chain's ring and the URL; the overflow flag shows; in Korean the page, its
charts and its equations' \\text{} render, and a translated radio writes its key into the address; screenshots are
saved."""

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
    katex_text,
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


def test_vanishing_in_korean(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/vanishing?lang=ko")
    page.locator("h1").filter(has_text="기울기 소실과 기울기 폭주").wait_for(state="visible", timeout=LOAD_TIMEOUT)
    wait_for_charts(page, 8)
    assert_no_exception(page)
    titles = " | ".join(chart_titles(page))
    for expected in ("거슬러 가는 동안 기울기가 얼마나 남는가", "옅어지는 사슬", "시간만이 아니라 깊이도",
                     "한 단계의 야코비 행렬 ∂s_{60}/∂s_{59}"):
        assert expected in titles, (expected, titles)
    assert "셀 상태만 따라가면" in katex_text(page)  # Hangul inside \text{}, rendered by KaTeX
    assert page.locator(".katex-error").count() == 0
    screenshot(page, "vanishing_ko.png")

    page.get_by_role("slider", name="거슬러 갈 시점 k").focus()
    page.keyboard.press("ArrowLeft")
    wait_for_title(page, "한 단계의 야코비 행렬 ∂s_{59}/∂s_{58}")
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert re.search(r"[?&]k=58(&|$)", page.url), page.url

    page.locator("[data-testid=stRadio]").filter(has_text="크기 기준").get_by_text("최대 특이값 σ_max").click()
    page.get_by_text("σ_max(W_hh) = 0.8", exact=False).first.wait_for(state="visible", timeout=RERUN_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert re.search(r"[?&]measure=sigma(&|$)", page.url), page.url  # the key, not the Korean label
    assert "lang=ko" in page.url, page.url
    assert_no_exception(page)
