"""The gates lesson in Chromium: the step slider and the cell radio (an st.fragment, which AppTest cannot run
alone) move the cell diagram, the boxed column, the equations and the URL; pinning the forget gate costs
accuracy. Screenshots of each section go to test-results/ for a human to look at."""

from __future__ import annotations

import re

import pytest

from tests.browsertools import (
    CHARTS,
    IDLE,
    RERUN_TIMEOUT,
    assert_no_exception,
    chart_titles,
    katex_text,
    metric_value,
    open_page,
    screenshot,
    section_screenshot,
    wait_for_charts,
    wait_for_title,
)

pytestmark = pytest.mark.browser

DIAGRAM = "Inside the LSTM at step t = "
PANELS = "LSTM: every gate and state at every step (step t = {t} boxed"
F_ZERO = "pinned to 0 (forget everything)"


def test_gates_step_slider_moves_diagram_box_equations_and_url(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/gates")
    wait_for_charts(page, 10)
    wait_for_title(page, f"{DIAGRAM}7")
    assert_no_exception(page)

    page.get_by_role("slider", name="Step t").focus()
    for t in (8, 9):
        page.keyboard.press("ArrowRight")
        wait_for_title(page, f"{DIAGRAM}{t}")
        page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert re.search(r"[?&]t=9(&|$)", page.url), f"the slider is not bound to the URL: {page.url}"
    titles = " | ".join(chart_titles(page))
    assert PANELS.format(t=9) in titles, titles
    page.wait_for_function("() => [...document.querySelectorAll('.katex .katex-mathml annotation')]"
                           ".some(a => a.textContent.includes('f_{9}'))", timeout=RERUN_TIMEOUT)
    equations = katex_text(page)
    assert "f_{9}" in equations and "f_{7}" not in equations, equations[:2000]
    assert_no_exception(page)
    section_screenshot(page, "2 · Step through the gates", "3 · One matrix", "gates_step.png")

    page.locator("[data-testid=stRadio]").filter(has_text="Cell").get_by_text("GRU", exact=True).click()
    wait_for_title(page, "Inside the GRU at step t = 9")
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert "cell=GRU" in page.url, page.url
    titles = " | ".join(chart_titles(page))
    assert "GRU: every gate and state at every step (step t = 9 boxed" in titles, titles
    assert_no_exception(page)
    section_screenshot(page, "2 · Step through the gates", "3 · One matrix", "gates_gru.png")


def test_gates_pinning_the_forget_gate_costs_accuracy(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/gates")
    wait_for_charts(page, 10)
    page.locator("[data-testid=stRadio]").filter(has_text="Forget gate f").get_by_text(F_ZERO, exact=True).click()
    broken = metric_value(page, "Next characters right, f = 0")
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    assert re.search(r"[?&]pin_f=zero(&|$)", page.url), page.url  # the option's key, not its label
    assert metric_value(page, "Next characters right, as trained") == "100 %"
    assert float(broken.removesuffix(" %")) < 100, broken
    wait_for_title(page, "as trained and with the override")
    assert page.locator(CHARTS).filter(has_text="f = 0").count() >= 1, chart_titles(page)
    assert_no_exception(page)
    section_screenshot(page, "5 · Break the gates", "6 · One GRU", "gates_break.png")

    for link in ("pin_f=zero", "pin_f=pinned+to+0+%28forget+everything%29"):  # shared links, new and old
        open_page(page, f"{app_url}/gates?{link}")
        assert metric_value(page, "Next characters right, f = 0") == broken
        checked = page.locator("[data-testid=stRadio]").filter(has_text="Forget gate f").locator("label").filter(
            has=page.locator("input:checked"))
        assert checked.inner_text().strip() == F_ZERO, checked.inner_text()
        assert re.search(r"[?&]pin_f=zero(&|$)", page.url), page.url
        assert_no_exception(page)


def test_gates_in_korean(app_url, browser_page):
    """The whole page in Korean (?lang=ko), with the forget gate pinned: Korean chart titles drawn with the CJK
    font, and a screenshot (test-results/gates_ko.png) for a human to look at: no tofu boxes, nothing clipped."""
    page = browser_page
    open_page(page, f"{app_url}/gates?lang=ko&pin_f=zero")
    wait_for_charts(page, 10)
    wait_for_title(page, "LSTM 내부: 시점 t = 7")
    assert_no_exception(page)
    assert metric_value(page, "다음 글자 정답률, 원래 모델") == "100 %"
    titles = chart_titles(page)
    assert all(re.search(r"[\uac00-\ud7a3]", t) for t in titles), titles
    assert page.locator("h1").first.inner_text().endswith("게이트 속으로: LSTM과 GRU")
    screenshot(page, "gates_ko.png")
