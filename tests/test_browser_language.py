"""The lab in Korean, in Chromium: every page draws in Korean with real glyphs (no tofu boxes, KaTeX's \\text{}
included), the sidebar switch keeps the page and every setting, and a Korean link reopens in Korean after the server
restarts. Screenshots of every page in Korean go to test-results/ for a human to look at."""

from __future__ import annotations

import re

import pytest

from tests.browsertools import (
    IDLE,
    RERUN_TIMEOUT,
    assert_no_exception,
    open_page,
    screenshot,
    wait_for_charts,
)
from tests.conftest import _free_port, _stop, start_app

pytestmark = pytest.mark.browser

PAGES = ["", "lecture", "glossary", "sequences", "hello", "vanishing", "gates", "translate",  # "": the home page
         "self-attention"]
HANGUL = re.compile(r"[\uac00-\ud7a3]")
# Whether the glyphs of a Hangul string are real in a given element's font: a missing font draws every character as
# the same box (tofu), so two different syllables and a private-use character (never in a font) are drawn on a canvas
# in that font and compared pixel by pixel.
GLYPHS = """([selector, text]) => {
    const el = [...document.querySelectorAll(selector)].find(e => /[\\uac00-\\ud7a3]/.test(e.textContent));
    if (!el) return null;
    const family = getComputedStyle(el).fontFamily;
    const canvas = document.createElement('canvas'); canvas.width = 96; canvas.height = 96;
    const ctx = canvas.getContext('2d');
    const draw = ch => { ctx.clearRect(0, 0, 96, 96); ctx.font = `48px ${family}`; ctx.fillStyle = 'black';
        ctx.textBaseline = 'top'; ctx.fillText(ch, 8, 8); return ctx.getImageData(0, 0, 96, 96).data.join(','); };
    const [a, b, box] = [draw(text[0]), draw(text[1]), draw('\\u{10FFFD}')];
    return {family, inked: a.split(',').some(v => v !== '0'), distinct: a !== b, notBox: a !== box && b !== box};
}"""


def glyphs_are_real(page, selector: str) -> dict | None:
    found = page.evaluate(GLYPHS, [selector, "기울"])
    if found is not None:
        assert found["inked"] and found["distinct"] and found["notBox"], (selector, found)
    return found


@pytest.mark.parametrize("path", PAGES)
def test_every_page_in_korean(app_url, browser_page, path):
    open_page(browser_page, f"{app_url}/{path}?lang=ko")
    assert_no_exception(browser_page)
    heading = browser_page.locator("h1").first.inner_text()
    assert HANGUL.search(heading) or path == "", heading  # the home page's title is the lab's name
    assert browser_page.get_by_text("Page not found").count() == 0
    if path not in ("", "glossary", "lecture"):
        wait_for_charts(browser_page, 1)
        titles = [t.text_content() or "" for t in browser_page.locator(".js-plotly-plot .gtitle").all()]
        assert titles and all(HANGUL.search(t) for t in titles), titles
        assert glyphs_are_real(browser_page, ".js-plotly-plot .gtitle") is not None
    assert glyphs_are_real(browser_page, "[data-testid=stMarkdownContainer] p") is not None
    screenshot(browser_page, f"{path or 'home'}_ko.png")


def test_hangul_inside_katex_text_renders(app_url, browser_page):
    """Equations keep their symbols and carry their words in \\text{}: with Hangul, KaTeX must draw real glyphs."""
    found = None
    for path in ("vanishing", "hello", "gates", "translate", "self-attention"):
        open_page(browser_page, f"{app_url}/{path}?lang=ko")
        found = glyphs_are_real(browser_page, ".katex .text")
        if found:
            break
    assert found, "no equation on any page has Hangul in a \\text{}"


def test_the_switch_keeps_the_page_and_every_setting(app_url, browser_page):
    open_page(browser_page, f"{app_url}/hello?lang=en&hidden=8&cell=LSTM")
    english = browser_page.locator("h1").first.inner_text()
    browser_page.locator("[data-testid=stSidebar] label").filter(has_text="한국어").click()
    browser_page.wait_for_function("h => { const e = document.querySelector('h1'); return e && e.innerText !== h; }",
                                   arg=english, timeout=RERUN_TIMEOUT)
    browser_page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert "/hello" in browser_page.url and "lang=ko" in browser_page.url, browser_page.url
    assert "hidden=8" in browser_page.url and "cell=LSTM" in browser_page.url, browser_page.url
    assert HANGUL.search(browser_page.locator("h1").first.inner_text())
    assert browser_page.get_by_role("slider").first.input_value() == "8"  # the hidden size, kept


def test_a_korean_link_reopens_in_korean_after_a_restart(chromium_path, browser_page, tmp_path):
    port = _free_port()
    url = f"http://127.0.0.1:{port}/gates?lang=ko&H=8"
    server = start_app(port, tmp_path / "first.log")
    try:
        open_page(browser_page, url)
        before = browser_page.locator("h1").first.inner_text()
    finally:
        _stop(server)
    server = start_app(port, tmp_path / "second.log")
    try:
        open_page(browser_page, url)
        after = browser_page.locator("h1").first.inner_text()
        assert HANGUL.search(after) and after == before, (before, after)
    finally:
        _stop(server)
