"""The lecture notes' worked examples on "Hello, RNN" in Chromium (issue 16): the snapshot slider moves the charts and
the address, and every new view is photographed in Korean and English for a human to look at (test-results/)."""

from __future__ import annotations

import re

import pytest

from tests.browsertools import (
    IDLE,
    RERUN_TIMEOUT,
    assert_no_exception,
    chart_titles,
    open_page,
    screenshot,
    section_screenshot,
    wait_for_charts,
)
from ui.strings import strings

pytestmark = pytest.mark.browser

# (first heading, the next one, file name): each new or changed view, from its heading to the next section's
SECTIONS = (("snap_heading", "step_heading", "snapshots"), ("wx_heading", "blur_heading", "input_terms"),
            ("blur_heading", "trunc_heading", "blurring"), ("trunc_heading", "sample_heading", "truncation"))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_new_views_in_each_language(app_url, browser_page, lang):
    S = strings("hello", lang)
    open_page(browser_page, f"{app_url}/hello?lang={lang}&text=hello+world&k=3")
    wait_for_charts(browser_page, 12)
    assert_no_exception(browser_page)
    for heading, following, name in SECTIONS:
        section_screenshot(browser_page, S[heading], S[following], f"hello_{name}_{lang}.png")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_gru_in_the_notes_form(app_url, browser_page, lang):
    S = strings("hello", lang)
    open_page(browser_page, f"{app_url}/hello?lang={lang}&cell=GRU")
    wait_for_charts(browser_page, 8)
    assert_no_exception(browser_page)
    section_screenshot(browser_page, S["equation_heading"], S["controls_heading"], f"hello_gru_{lang}.png")


def test_the_snapshot_slider_moves_the_charts_and_the_address(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/hello?lang=en")
    wait_for_charts(page, 8)
    assert any("after 0 training steps" in t for t in chart_titles(page)), chart_titles(page)
    slider = page.locator("[data-testid=stSlider]").filter(has_text="Training step (0: before training)")
    slider.get_by_role("slider").focus()
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.wait_for_function("""() => [...document.querySelectorAll('.js-plotly-plot .gtitle')]
        .some(t => t.textContent.includes('What the model predicts after 3 training steps'))""", timeout=RERUN_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert re.search(r"[?&]snap=3(&|$)", page.url), page.url
    assert_no_exception(page)
    screenshot(page, "hello_examples_en.png")


@pytest.mark.parametrize("anchor", ["snapshots", "input-terms", "blurring", "truncation"])
def test_a_lecture_map_link_scrolls_to_its_view(app_url, browser_page, anchor):
    """/hello?...#<anchor>: the address the lecture map links to opens the page at that section, in Korean too."""
    page = browser_page
    open_page(page, f"{app_url}/hello?lang=ko&wx=3&snap=5#{anchor}")
    wait_for_charts(page, 10)
    # The heading is on the screen: charts above it that draw after the scroll may push it down by a chart's
    # height, so the whole screen counts, not only its top half (one such run in CI had it just below the middle).
    page.wait_for_function("id => { const e = document.getElementById(id); if (!e) return false;"
                           " const r = e.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }",
                           arg=anchor, timeout=RERUN_TIMEOUT)
    assert page.url.endswith(f"#{anchor}"), page.url
    assert_no_exception(page)
