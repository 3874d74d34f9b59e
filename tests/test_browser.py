"""The real app in the system Chromium: pages load, charts draw, widgets drive the URL, bad input is explained.

AppTest reruns the whole script even for fragment widgets, so the time-step slider (an st.fragment) is tested
here. Screenshots go to test-results/ for a human to look at."""

from __future__ import annotations

import re

import pytest

from tests.browsertools import (
    ALERT,
    CHARTS,
    IDLE,
    LOAD_TIMEOUT,
    RERUN_TIMEOUT,
    TICKS,
    PlaywrightTimeout,
    assert_no_exception,
    chart_titles,
    heatmap_title,
    katex_text,
    open_page,
    screenshot,
    text_input,
    wait_for_charts,
)

pytestmark = pytest.mark.browser


def test_home_lists_the_first_lesson(app_url, browser_page):
    page = browser_page
    open_page(page, app_url)
    title = page.locator("h1").filter(has_text="Vanishing Point")
    title.wait_for(state="visible", timeout=RERUN_TIMEOUT)
    main = page.locator("[data-testid=stMain]")
    link = main.locator("a").filter(has_text="Hello, RNN")
    try:  # the cards are drawn a moment after the title
        link.first.wait_for(state="visible", timeout=RERUN_TIMEOUT)
    except PlaywrightTimeout:
        pytest.fail("the landing page has no link to the lesson 'Hello, RNN'")
    # the link keeps the page's language (?lang=en)
    assert re.search(r"(^|/)hello(\?|$)", link.first.get_attribute("href") or ""), link.first.get_attribute("href")
    assert_no_exception(page)
    screenshot(page, "home.png")


def test_hello_timestep_slider_moves_heatmap_equation_and_url(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/hello")
    page.locator("h1").filter(has_text="Hello, RNN").wait_for(state="visible", timeout=RERUN_TIMEOUT)
    wait_for_charts(page, 5)
    assert page.locator(CHARTS).count() >= 5, chart_titles(page)
    assert_no_exception(page)

    heatmap = heatmap_title(page)
    assert heatmap.count() == 1, chart_titles(page)
    assert "step t = 1 boxed" in heatmap.text_content()
    equations_t1 = katex_text(page)
    assert equations_t1, "no KaTeX equation rendered"
    screenshot(page, "hello.png")

    slider = page.locator("[data-testid=stSlider]").filter(has_text="Time step t")
    assert slider.count() == 1
    thumb = slider.get_by_role("slider")  # an <input type=range> in 1.67, role=slider in older releases
    thumb.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        """() => [...document.querySelectorAll('.js-plotly-plot .gtitle')]
              .some(t => t.textContent.includes('Hidden state h over time (step t = 3 boxed)'))""",
        timeout=RERUN_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    try:
        page.wait_for_function("before => [...document.querySelectorAll('.katex .katex-mathml annotation')]"
                               ".map(a => a.textContent).join('\\n') !== before", arg=equations_t1,
                               timeout=RERUN_TIMEOUT)
    except PlaywrightTimeout:
        pytest.fail("the plugged-in equation (KaTeX) did not change between t = 1 and t = 3")
    assert re.search(r"[?&]t=3(&|$)", page.url), f"the slider is not bound to the URL: {page.url}"
    assert katex_text(page) != equations_t1, "the plugged-in equation did not change between t = 1 and t = 3"
    assert "step t = 3" in " ".join(chart_titles(page))
    assert_no_exception(page)
    screenshot(page, "hello_t3.png")


def test_hello_deep_link_opens_lstm_at_step_2(app_url, browser_page):
    """A shared link reproduces the view. The radio's URL value is its label (Streamlit serialises bound
    options by their displayed text), so the link reads cell=LSTM."""
    page = browser_page
    open_page(page, f"{app_url}/hello?cell=LSTM&t=2")
    wait_for_charts(page, 5)
    page.locator(f"{CHARTS} .gtitle").filter(has_text="c over time").first.wait_for(state="attached",
                                                                                     timeout=RERUN_TIMEOUT)
    radio = page.locator("[data-testid=stRadio]").filter(has_text="Cell")
    selected = radio.locator("input[type=radio]:checked")
    assert selected.count() == 1
    option = radio.locator("[data-testid=stRadioOption]").filter(has=page.locator("input[type=radio]:checked"))
    assert option.inner_text().strip() == "LSTM", f"selected: {option.inner_text()!r}, url: {page.url}"
    titles = " | ".join(chart_titles(page))
    assert "c over time" in titles, titles
    assert "step t = 2" in titles, titles
    assert "cell=LSTM" in page.url and re.search(r"[?&]t=2(&|$)", page.url), page.url
    assert_no_exception(page)
    screenshot(page, "hello_lstm.png")


def test_hello_learns_korean_text(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/hello")
    wait_for_charts(page, 5)
    box = text_input(page, "Text to learn")
    box.fill("안녕하세요 👋")
    box.press("Enter")
    page.locator(TICKS).filter(has_text="안").first.wait_for(state="attached", timeout=LOAD_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=LOAD_TIMEOUT)
    wait_for_charts(page, 5)
    assert_no_exception(page)
    ticks = {t.text_content() for t in page.locator(TICKS).all()}
    for syllable in "안녕하세요":
        assert any(syllable in tick for tick in ticks), f"{syllable} missing from the tick labels: {sorted(ticks)}"
    assert "text=" in page.url, page.url
    screenshot(page, "hello_korean.png")


@pytest.mark.parametrize(("text", "message"), [("", "empty"), ("a" * 65, "65 characters")],
                         ids=["empty", "65-chars"])
def test_hello_bad_text_is_explained(app_url, browser_page, text, message):
    page = browser_page
    open_page(page, f"{app_url}/hello")
    wait_for_charts(page, 5)
    box = text_input(page, "Text to learn")
    box.fill(text)
    box.press("Enter")
    alert = page.locator(ALERT).filter(has_text=message).first
    alert.wait_for(state="visible", timeout=RERUN_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert alert.inner_text().strip(), "the alert has no message"
    assert_no_exception(page)
    if text:
        screenshot(page, "hello_too_long.png")


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_no_sidebar_name_is_cut_off_at_1440_px(app_url, browser_page, lang):
    """Issue 20: at 1440 px three lesson names ended in "…" in the sidebar. Each name's text must fit its box."""
    page = browser_page
    page.set_viewport_size({"width": 1440, "height": 900})
    open_page(page, f"{app_url}/?lang={lang}")
    links = page.locator("[data-testid=stSidebarNavLink]")
    links.nth(8).wait_for(state="visible", timeout=RERUN_TIMEOUT)  # home, map, glossary and the six lessons
    # the name's box clips with an ellipsis; the text's own laid-out width says whether it fits
    widths = links.evaluate_all("""links => links.map(a => {
        const box = a.querySelector('[data-testid=stMarkdownContainer]');
        const range = document.createRange();
        range.selectNodeContents(box);
        return [box.textContent, range.getBoundingClientRect().width, box.getBoundingClientRect().width];
    })""")
    assert len(widths) >= 9, widths
    cut = [text for text, needed, box in widths if needed > box + 0.5]
    assert not cut, f"cut off in the sidebar: {cut}"
    screenshot(page, f"sidebar_1440_{lang}.png")


def test_a_lesson_can_be_worked_with_the_keyboard_alone(app_url, browser_page):
    """Issue 20: Tab reaches every enabled control of the first lesson, in order, and the arrow keys move a slider
    reached that way (the step view follows)."""
    page = browser_page
    open_page(page, f"{app_url}/hello?lang=en")
    wait_for_charts(page, 5)
    page.wait_for_load_state("networkidle")
    controls = page.evaluate("""() => [...document.querySelectorAll('[data-testid=stMain] [class*="st-key-"]')]
        .filter(e => [...e.querySelectorAll('input,button,textarea,[role=slider],[role=radio],[role=switch]')]
                     .some(c => !c.disabled && c.getAttribute('aria-disabled') !== 'true'))
        .map(e => [...e.classList].find(c => c.startsWith('st-key-')).slice(7))""")
    assert {"text", "hidden", "t", "guess", "reveal", "download_csv"} <= set(controls), controls
    focused = """() => { let e = document.activeElement;
        while (e && !String(e.className || '').includes('st-key-')) e = e.parentElement;
        return e ? [...e.classList].find(c => c.startsWith('st-key-')).slice(7) : null; }"""
    reached = []
    for _ in range(300):
        page.keyboard.press("Tab")
        key = page.evaluate(focused)
        if key == "t":  # the step slider, reached by Tab: the arrow moves the step and the heatmap follows
            assert "step t = 1 boxed" in heatmap_title(page).text_content()
            page.keyboard.press("ArrowRight")
            heatmap_title(page).filter(has_text="step t = 2 boxed").wait_for(timeout=RERUN_TIMEOUT)
        reached.append(key)
        if key == "download_json":
            break
    missing = [key for key in controls if key not in reached]
    assert not missing, f"not reached with Tab: {missing}"
    assert "t" in reached
