"""The lecture map in Chromium: every line and its link drawn, in Korean and in English (screenshots in
test-results/ for a human to look at), and a click on a link opens its view in the same session, with the link's
settings and the language in the address."""

from __future__ import annotations

import re

import pytest

from lessons.lecture.study import lecture
from tests.browsertools import LOAD_TIMEOUT, assert_no_exception, open_page, screenshot

pytestmark = pytest.mark.browser

# every link drawn (a link with help text has a second, hidden <a>: count the links, not the anchors)
DRAWN = """n => document.querySelectorAll('[data-testid=stPageLink]').length >= n
                && !document.querySelector('[data-testid=stSkeleton]')"""


@pytest.mark.parametrize("lang", ["ko", "en"])
def test_the_map_draws_every_point(app_url, browser_page, lang):
    open_page(browser_page, f"{app_url}/lecture?lang={lang}")
    browser_page.wait_for_function(DRAWN, arg=len(lecture().points), timeout=LOAD_TIMEOUT)
    assert_no_exception(browser_page)
    assert browser_page.get_by_text("Page not found").count() == 0
    screenshot(browser_page, f"lecture_{lang}.png")


def test_a_link_opens_its_view_with_its_settings(app_url, browser_page):
    point = next(p for p in lecture().points if p.id == "004-21")  # the notes' ∂h₃/∂h₁ at T = 10, at its section
    open_page(browser_page, f"{app_url}/lecture?lang=ko&note=004&status={point.status}")
    browser_page.wait_for_function(DRAWN, arg=len(lecture().shown("004", point.status)), timeout=LOAD_TIMEOUT)
    screenshot(browser_page, "lecture_filtered_ko.png")
    href = point.address("ko").split("#")[0]  # a page link carries the settings, not the #anchor
    browser_page.locator(f'[data-testid=stPageLink] a[href="{href}"] >> visible=true').first.click()  # 004-20 too
    browser_page.wait_for_url(re.compile(rf"/{point.page}\?"), timeout=LOAD_TIMEOUT)
    browser_page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=LOAD_TIMEOUT)
    assert_no_exception(browser_page)
    address = browser_page.url.split("?", 1)[1]
    assert all(f"{key}={value}" in address for key, value in {**point.settings, "lang": "ko"}.items()), address
    assert re.search(r"[\uac00-\ud7a3]", browser_page.locator("h1").first.inner_text())
