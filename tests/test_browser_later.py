"""First screen first in Chromium (ui/later.py, issue 19): on a lesson's first visit the step view is drawn while the
rest of the page has not been sent yet; the browser then asks for the rest by itself, and the whole page follows
with nothing left out."""

from __future__ import annotations

import json

import pytest

from tests.browsertools import CHARTS, HELD, assert_no_exception, settle

pytestmark = pytest.mark.browser

END = '[class*="st-key-challenge_"]'  # the page's end: its challenges graded live (ui/challenges.py)
WATCH = """(() => {
  const END = '%s';
  const want = %s, wait = %s;
  const P = window.__vp = {step: false, restAtStep: null, heldAtStep: null, waitShown: false};
  new MutationObserver(() => {
    if (!P.step && Array.from(document.querySelectorAll(".gtitle")).some((g) => g.textContent.includes(want))) {
      P.step = true;
      P.restAtStep = document.querySelectorAll(END).length;
      P.heldAtStep = document.querySelectorAll('[class*="st-key-vp_later"]').length;
    }
    if (!P.waitShown && document.querySelector('[class*="st-key-vp_later"]')) {
      P.waitShown = document.body.innerText.includes(wait);
    }
  }).observe(document, {childList: true, subtree: true});
})();"""

CASES = {  # lesson address, language: the step view's chart title, the caption shown while the rest is coming
    ("hello?text=hello+world&t=1", "en"): ("(step t = 1 boxed)", "Drawing the rest of the lesson below…"),
    ("gates?t=1", "ko"): ("(상자: 시점 t = 1,", "레슨의 나머지를 아래에 그리는 중입니다…"),
}


@pytest.mark.parametrize(("path", "lang"), list(CASES))
def test_the_step_view_is_drawn_before_the_rest_is_sent(app_url, browser_page, path, lang):
    page = browser_page
    step_title, wait = CASES[(path, lang)]
    page.add_init_script(WATCH % (END, json.dumps(step_title), json.dumps(wait)))
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda frame: sent.append(frame)))
    page.goto(f"{app_url}/{path}&lang={lang}")
    settle(page)  # the browser asked for the rest and it came: nobody touched the page
    seen = page.evaluate("() => window.__vp")
    assert seen["step"], f"the step view's title {step_title!r} was never drawn"
    assert seen["heldAtStep"] == 1, "the step view was drawn by a run that was not held"
    assert seen["restAtStep"] == 0, "the end of the page was there before the step view was drawn"
    assert seen["waitShown"], f"the page did not say {wait!r} while the rest was coming"
    assert len(sent) >= 2, "the browser did not ask for the rest"  # the page's first run, then the request
    assert page.locator(HELD).count() == 0
    assert page.locator(END).count() >= 2  # the page's end: at least two challenges
    page.wait_for_function(f"() => Array.from(document.querySelectorAll('[data-testid=\"stPlotlyChart\"]'))"
                           f".every(c => c.querySelector('{CHARTS} .main-svg'))")
    assert page.locator(CHARTS).count() >= 10  # every chart of the lesson drawn
    assert_no_exception(page)


SAME = """(() => {
  const seen = window.__same = {sliders: [], charts: []};
  new MutationObserver(() => {
    const slider = document.querySelector('input[type=range][aria-label="Time step t"]');
    const chart = document.querySelector('.st-key-output_probs .js-plotly-plot');
    if (slider && !seen.sliders.includes(slider)) seen.sliders.push(slider);
    if (chart && !seen.charts.includes(chart)) seen.charts.push(chart);
  }).observe(document, {childList: true, subtree: true});
})();"""


def test_a_model_trained_in_the_first_run_leaves_the_step_view_in_place(app_url, browser_page):
    """The held run trains (a seed no other test asks for) and shows a progress bar; the run for the rest finds the
    model stored. The step view must stay the elements the learner already sees: drawn anew, its slider lost its tie
    to the address in Streamlit's browser about one time in two, so the address then followed a step only through
    the server (a new history entry a step), and not at all after a replica died (tests/test_cluster.py)."""
    page = browser_page
    page.add_init_script(SAME)
    page.goto(f"{app_url}/hello?seed=4322&hidden=6&t=2&lang=en")
    settle(page)
    assert page.evaluate("() => [window.__same.sliders.length, window.__same.charts.length]") == [1, 1], \
        "the step view was drawn anew when the rest of the page came"
    entries = page.evaluate("() => history.length")
    page.locator('input[type=range][aria-label="Time step t"]').focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_url("**t=3**", timeout=30_000)
    assert page.evaluate("() => history.length") == entries  # the browser wrote the step into the address itself
    assert_no_exception(page)
