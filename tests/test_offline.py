"""Works with no internet (issue 18): a classroom server on a local network may have none. A full visit to every page
of the navigation, in Chromium, asks nothing of any host but the app's own server, and logs no console error.

Every request the page makes is recorded (page.on("request")). Chromium fetches the tab icon from its browser
process, which Playwright may not report, so the icon's address in the document is checked too: a data: URI or the
server itself. The tab area is screenshotted into test-results/ for a human to look at."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.browsertools import LOAD_TIMEOUT, RESULTS_DIR, assert_no_exception, open_page
from ui.registry import GLOSSARY, HOME, LECTURE, LESSONS

pytestmark = pytest.mark.browser

PAGES = (HOME, LECTURE, GLOSSARY, *LESSONS)  # every entry of the navigation (app.py)
SETTLE_MS = 1_500  # after the network is idle: a late lazy import (Plotly, KaTeX fonts) would show up here

# Every chart drawn: Streamlit loads Plotly lazily, so a chart element comes before its drawing.
CHARTS_DRAWN = """() => [...document.querySelectorAll('[data-testid=stPlotlyChart]')]
    .every(c => c.querySelector('.js-plotly-plot .main-svg'))"""
# Scroll the app's own container (Streamlit scrolls inside it) to the end, a screen at a time, so anything loaded
# on sight (images, fonts of a late section) is asked for.
SCROLL_THROUGH = """async () => {
    const main = document.querySelector('[data-testid=stMain]') || document.scrollingElement;
    for (let y = 0; y <= main.scrollHeight; y += 800) {
        main.scrollTo(0, y);
        await new Promise(r => setTimeout(r, 50));
    }
    main.scrollTo(0, 0);
}"""
# Streamlit's own base-path probe: opened at /hello, the page asks both /hello/_stcore/{health,host-config} and
# /_stcore/... to learn where the server is mounted (frontend, 1.67), and the first pair answers 404. Local, and the
# only console errors let through; any other error fails.
PROBE = re.compile(r"/[\w-]+/_stcore/(health|host-config)$")
ICONS = "() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)"


def _local(url: str, server: str) -> bool:
    """The app's own server, or no host at all (data:, blob:, about:)."""
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.netloc == urlsplit(server).netloc


def _visit(page, url: str) -> None:
    """Open the page, wait for the script to finish and every chart to draw, scroll through it, wait for quiet."""
    open_page(page, url)
    page.wait_for_function(CHARTS_DRAWN, timeout=LOAD_TIMEOUT)
    page.evaluate(SCROLL_THROUGH)
    page.wait_for_load_state("networkidle", timeout=LOAD_TIMEOUT)
    page.wait_for_timeout(SETTLE_MS)


@pytest.mark.parametrize("lesson", PAGES, ids=lambda lesson: lesson.url_path)
def test_a_full_visit_stays_on_the_server(app_url, browser_page, lesson):
    page = browser_page
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: errors.append((message.text, message.location.get("url", "")))
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append((str(error), "")))
    _visit(page, f"{app_url}/" if lesson is HOME else f"{app_url}/{lesson.url_path}")

    assert_no_exception(page)
    outside = sorted({url for url in requests if not _local(url, app_url)})
    assert not outside, f"/{lesson.url_path} asked hosts other than the server: {outside}"
    icons = page.evaluate(ICONS)
    assert icons and all(_local(href, app_url) for href in icons), f"the tab icon comes from elsewhere: {icons}"
    errors = [(text, url) for text, url in errors if not (PROBE.search(urlsplit(url).path) and "404" in text)]
    assert not errors, f"/{lesson.url_path} logged console errors: {errors}"
    assert any(urlsplit(url).path.endswith("/_stcore/health") or "/static/" in url for url in requests), \
        "no request was recorded at all: the recorder did not work"


def test_the_tab_icon_is_drawn_from_the_server(app_url, browser_page):
    """The icon the tab shows, drawn on the page beside the title, so a human can look at it in a screenshot
    (headless Chromium has no tab strip)."""
    page = browser_page
    open_page(page, app_url)
    href = page.evaluate(ICONS)[0]
    assert _local(href, app_url), href
    page.evaluate("""href => {
        const strip = document.createElement('div');
        strip.id = 'vp-tab';
        strip.style = 'position:fixed;top:0;left:0;z-index:999999;display:flex;gap:8px;align-items:center;'
            + 'padding:6px 12px;background:#dee1e6;font:13px sans-serif;border-radius:0 0 8px 0';
        strip.innerHTML = `<img src="${href}" width=16 height=16><img src="${href}" width=64 height=64>`;
        strip.append(document.title);
        document.body.append(strip);
    }""", href)
    page.wait_for_function("() => [...document.querySelectorAll('#vp-tab img')].every(i => i.complete "
                           "&& i.naturalWidth > 0)", timeout=LOAD_TIMEOUT)
    RESULTS_DIR.mkdir(exist_ok=True)
    page.locator("#vp-tab").screenshot(path=str(RESULTS_DIR / "tab_icon.png"))
    page.screenshot(path=str(RESULTS_DIR / "tab_icon_page.png"), clip={"x": 0, "y": 0, "width": 700, "height": 160})
