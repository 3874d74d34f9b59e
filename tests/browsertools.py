"""What every browser test shares: waiting for the app, reading its charts and equations, screenshots.

The tests drive Debian's Chromium through Playwright (tests/conftest.py starts the server and the browser)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

try:
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
except ImportError:  # CI must run the browser tests; locally they are optional
    if os.environ.get("CI", "").lower() == "true":
        raise
    pytest.skip("The Python package playwright is not installed: pip install -r requirements-dev.txt",
                allow_module_level=True)

IDLE = "[data-testid=stApp][data-test-script-state=notRunning]"
CHARTS = ".js-plotly-plot"
EXCEPTION = "[data-testid=stException]"
ALERT = "[data-testid=stAlert], [data-testid=stAlertContainer]"
TICKS = ".xtick text, .ytick text"
LOAD_TIMEOUT = 60_000  # ms; the first visit trains a model
RERUN_TIMEOUT = 30_000  # ms
RESULTS_DIR = Path(__file__).resolve().parent.parent / "test-results"
VIEWPORT = {"width": 1400, "height": 1000}  # as the browser_page fixture


HELD = '[class*="st-key-vp_later"]'  # a lesson's first run, waiting for the browser to ask for the rest (ui/later.py)
LOADING = "[data-testid=stElementContainer] > [data-testid=stSkeleton]"


def settle(page) -> None:
    """Wait until the script has finished ('initial' and 'running' come first) and, on a lesson's first run, until
    the rest of the page that ui/later.py holds back has come and been drawn too."""
    page.wait_for_selector(IDLE, timeout=LOAD_TIMEOUT)
    page.wait_for_selector(HELD, state="detached", timeout=LOAD_TIMEOUT)
    page.wait_for_selector(IDLE, timeout=LOAD_TIMEOUT)
    # the rest's elements whose code is still loading (Streamlit loads an element's code on first use) show a
    # skeleton in their place for a moment after the run has ended
    page.wait_for_selector(LOADING, state="detached", timeout=LOAD_TIMEOUT)


def open_page(page, url: str) -> None:
    """Go to url and wait until the whole page is there (settle)."""
    page.goto(url)
    settle(page)


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


def section_screenshot(page, heading: str, next_heading: str, name: str) -> None:
    """From one numbered section's heading to the next. Streamlit scrolls inside its own container, so grow the
    viewport to the content height (as test_browser.screenshot does), clip the section, restore."""
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": VIEWPORT["width"], "height": min(max(int(height) + 40, VIEWPORT["height"]),
                                                                       16_000)})
    try:
        main = page.locator("[data-testid=stMainBlockContainer]").bounding_box()
        top = page.locator("h3").filter(has_text=heading).bounding_box()
        bottom = page.locator("h3").filter(has_text=next_heading).bounding_box()
        assert main and top and bottom, (heading, next_heading)
        page.screenshot(path=str(RESULTS_DIR / name), full_page=True, clip={
            "x": main["x"], "y": top["y"] - 10, "width": main["width"], "height": bottom["y"] - top["y"]})
    finally:
        page.set_viewport_size(VIEWPORT)


def metric_value(page, label: str) -> str:
    metric = page.locator("[data-testid=stMetric]").filter(
        has=page.locator("[data-testid=stMetricLabel]", has_text=re.compile(f"^{re.escape(label)}$")))
    metric.wait_for(state="visible", timeout=LOAD_TIMEOUT)
    return metric.locator("[data-testid=stMetricValue]").inner_text().strip()


def wait_for_title(page, text: str) -> None:
    page.wait_for_function("t => [...document.querySelectorAll('.js-plotly-plot .gtitle')]"
                           ".some(e => e.textContent.includes(t))", arg=text, timeout=RERUN_TIMEOUT)


def wait_for(page, js: str, arg=None, what: str = "") -> None:
    """Wait for a DOM condition; on timeout fail with what is drawn."""
    try:
        page.wait_for_function(js, arg=arg, timeout=RERUN_TIMEOUT)
    except PlaywrightTimeout:
        pytest.fail(f"{what} did not happen; charts: {chart_titles(page)}, url: {page.url}")
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)


def choose(page, widget, label: str) -> None:
    """Open a Streamlit selectbox or multiselect and click the option whose text is label."""
    box = widget.get_by_role("combobox")
    box.click()
    if box.get_attribute("aria-expanded") != "true":  # a select scrolled into view while the page below it was
        box.press("ArrowDown")  # still being laid out may take the click as focus only; the keyboard opens it
    page.get_by_role("option").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).click()


def input_value(page, locator, expected: str) -> str:
    """An input's value once it is expected or the wait times out: React fills inputs a moment after the script
    has finished."""
    try:
        page.wait_for_function("([e, v]) => e.value === v", arg=[locator.element_handle(), expected],
                               timeout=RERUN_TIMEOUT)
    except PlaywrightTimeout:
        pass  # the caller's assertion reports what is there
    return locator.input_value()


# The first chart whose title starts with the given text, as JavaScript for page.evaluate.
PLOT_JS = """title => [...document.querySelectorAll('.js-plotly-plot')]
    .find(p => ((p.querySelector('.gtitle') || {}).textContent || '').startsWith(title))"""
