"""The real app in the system Chromium: pages load, charts draw, widgets drive the URL, bad input is explained.

AppTest reruns the whole script even for fragment widgets, so the time-step slider (an st.fragment) is tested
here. Screenshots go to test-results/ for a human to look at."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # CI must run these tests; locally they are optional
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip("The Python package playwright is not installed: pip install -r requirements-dev.txt",
                allow_module_level=True)

pytestmark = pytest.mark.browser

IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
CHARTS = ".js-plotly-plot"
EXCEPTION = "[data-testid=stException]"
ALERT = "[data-testid=stAlert], [data-testid=stAlertContainer]"
TICKS = ".xtick text, .ytick text"
LOAD_TIMEOUT = 60_000  # ms; the first visit trains a model
RERUN_TIMEOUT = 30_000  # ms
RESULTS_DIR = Path(__file__).resolve().parent.parent / "test-results"
VIEWPORT = {"width": 1400, "height": 1000}  # as the browser_page fixture


def open_page(page, url: str) -> None:
    """Go to url and wait until the script has finished ('initial' and 'running' come first)."""
    page.goto(url)
    page.wait_for_selector(IDLE, timeout=LOAD_TIMEOUT)


def wait_for_charts(page, at_least: int) -> None:
    """Plotly is loaded lazily, so charts draw a moment after the script finishes."""
    page.wait_for_function("n => document.querySelectorAll('.js-plotly-plot .gtitle').length >= n", arg=at_least,
                           timeout=LOAD_TIMEOUT)


def assert_no_exception(page) -> None:
    errors = page.locator(EXCEPTION)
    assert errors.count() == 0, f"the app showed a traceback: {errors.first.inner_text()[:2000]}"


def chart_titles(page) -> list[str]:
    return [t.text_content() or "" for t in page.locator(f"{CHARTS} .gtitle").all()]


def heatmap_title(page, name: str = "h"):
    return page.locator(f"{CHARTS} .gtitle").filter(has_text=f"Hidden state {name} over time")


def katex_text(page) -> str:
    """The LaTeX source of every rendered equation (KaTeX keeps it in a MathML annotation)."""
    return "\n".join(a.text_content() or "" for a in page.locator(".katex .katex-mathml annotation").all())


def screenshot(page, name: str) -> None:
    """The whole page. Streamlit scrolls inside its own container, so full_page=True alone shows one screen:
    grow the viewport to the content height (same width, so charts keep their layout), shoot, restore."""
    height = page.evaluate("""() => Math.max(...['[data-testid=stMain]', '[data-testid=stAppViewContainer]',
        '[data-testid=stMainBlockContainer]'].map(s => document.querySelector(s)).filter(Boolean)
        .map(e => e.scrollHeight), document.documentElement.scrollHeight)""")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(max(int(height) + 40, VIEWPORT["height"]),
                                                                       16_000)})
    try:
        page.wait_for_function("() => document.querySelector('[data-testid=stMain]') !== null")
        page.screenshot(path=str(RESULTS_DIR / name), full_page=True)
    finally:
        page.set_viewport_size(VIEWPORT)


def text_input(page, label: str):
    return page.locator("[data-testid=stTextInput]").filter(has_text=label).locator("input")


def test_home_lists_the_first_lesson(app_url, browser_page):
    page = browser_page
    open_page(page, app_url)
    title = page.locator("h1").filter(has_text="Vanishing Point")
    title.wait_for(state="visible", timeout=RERUN_TIMEOUT)
    main = page.locator("[data-testid=stMain]")
    link = main.locator("a").filter(has_text="Hello, RNN")
    assert link.count() >= 1, "the landing page has no link to the lesson 'Hello, RNN'"
    assert re.search(r"(^|/)hello$", link.first.get_attribute("href") or ""), link.first.get_attribute("href")
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
