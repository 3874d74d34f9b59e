"""Sections 4 and 5 of "Sequences and recurrence" in Chromium: the seven shapes and the language model draw in both
languages (screenshots of each section go to test-results/ for a human to look at); the T slider and the level write
the address; a shape's link opens the view it names; the old address /shapes?T=6 opens the section with T = 6."""

from __future__ import annotations

import re

import pytest

from tests.browsertools import (
    IDLE,
    RERUN_TIMEOUT,
    assert_no_exception,
    chart_titles,
    open_page,
    section_screenshot,
    wait_for_title,
)
from ui.strings import strings
from viz.shapes import shape_names

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_both_sections_draw_in_the_pages_language(app_url, browser_page, lang):
    page, S = browser_page, strings("sequences", lang)
    open_page(page, f"{app_url}/sequences?lang={lang}")
    assert_no_exception(page)
    for name in shape_names(lang).values():
        wait_for_title(page, name)
    wait_for_title(page, S["lm_truth_title"])
    section_screenshot(page, S["shapes_heading"], S["lm_heading"], f"sequences_shapes_{lang}.png")
    section_screenshot(page, S["lm_heading"], S["notice_heading"], f"sequences_language_model_{lang}.png")
    assert_no_exception(page)


def test_the_sliders_and_the_level_write_the_address(app_url, browser_page):
    page, S = browser_page, strings("sequences", "en")
    open_page(page, f"{app_url}/sequences?lang=en&shapes_T=5")
    wait_for_title(page, "Synced many to many")
    page.get_by_role("slider", name=S["shapes_steps_label"]).focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => [...document.querySelectorAll('.js-plotly-plot .gtitle')]"
                           ".some(t => t.textContent.includes('first 6 steps'))", timeout=RERUN_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert re.search(r"[?&]shapes_T=6(&|$)", page.url), page.url  # (the default, 4, leaves the address)
    page.locator("[data-testid=stRadio]").filter(has_text=S["lm_level_label"]).get_by_text(
        S["lm_levels"]["word"]).click()
    wait_for_title(page, "p(next token | “the cat sat on”)")
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert re.search(r"[?&]lm_level=word(&|$)", page.url), page.url
    assert_no_exception(page)


def test_a_shapes_link_opens_the_view_it_names(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/sequences?lang=en")
    wait_for_title(page, "One to one")
    page.locator("[data-testid=stPageLink]").filter(has_text="trained on “he”").first.click()
    page.wait_for_url(re.compile(r"/hello\?"), timeout=RERUN_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert "text=he" in page.url and "lang=en" in page.url, page.url
    assert_no_exception(page)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_old_shapes_address_opens_the_section(app_url, browser_page, lang):
    """Old links and bookmarks (/shapes?T=6): a hidden page at /shapes switches to the lesson with T = 6."""
    page = browser_page
    open_page(page, f"{app_url}/shapes?T=6&lang={lang}")
    page.wait_for_url(re.compile(r"/sequences\?"), timeout=RERUN_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    wait_for_title(page, shape_names(lang)["synced"])
    assert re.search(r"[?&]shapes_T=6(&|$)", page.url) and f"lang={lang}" in page.url, page.url
    assert page.get_by_role("slider", name=strings("sequences", lang)["shapes_steps_label"]).input_value() == "6"
    assert page.get_by_text("Page not found").count() == 0, chart_titles(page)
    assert_no_exception(page)
