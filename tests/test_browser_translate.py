"""The translation lesson in Chromium: the decoder-step slider (an st.fragment, which AppTest cannot run alone)
moves the step charts, the boxed row of the alignment heatmap, the equations and the URL; Korean tick labels render
as real glyphs; an unknown word is explained; a deep link opens one step; the Korean page draws its titles, labels
and equations in real Hangul glyphs, and its step slider works too. Screenshots go to test-results/ for a human to
look at."""

from __future__ import annotations

import re
import urllib.parse

import pytest

from tests.browsertools import (
    ALERT,
    CHARTS,
    IDLE,
    PLOT_JS,
    RERUN_TIMEOUT,
    RESULTS_DIR,
    PlaywrightTimeout,
    assert_no_exception,
    chart_titles,
    input_value,
    katex_text,
    open_page,
    screenshot,
    section_screenshot,
    wait_for,
    wait_for_charts,
    wait_for_title,
)
from ui.strings import strings

pytestmark = pytest.mark.browser

STEP_LABEL = "Decoder step t"
STEP_TITLE = "Step {t}: scores"
KO = strings("translate", "ko")
ALIGNMENT = "Where it looked"
STEP_WORD = "At step {t} of {T} the decoder writes"
STEP_HEADING = "2 · Step through decoding"
NEXT_HEADING = "3 · The Transformer"
OWN = "✏️ my own sentence"  # the English label old links carry; the address value is now the key "own"
T = 9  # decoder steps for the default sentence "he eats big red apple and bread quickly today" (8 words + end)
STEP_CHARTS = 4  # step bars, alignment, weighted sum, next word

# The layout (shapes) and the y tick elements of the first chart whose title starts with the given text.
BOX_Y0 = f"""title => {{ const p = ({PLOT_JS})(title);
    return p && p.layout && p.layout.shapes && p.layout.shapes.length ? p.layout.shapes[0].y0 : null; }}"""
Y_TICKS = f"""title => {{ const p = ({PLOT_JS})(title);
    return p ? [...p.querySelectorAll('.ytick text')].map(t => t.textContent) : null; }}"""
# The first element matching a selector whose text is ``word`` (or, word null, that holds two Hangul syllables): its
# width, font size, and whether its glyphs are real. A missing font draws every character as the same box (tofu), which
# still has width, so draw two syllables and a private-use character (never in a font) in its font and compare pixels.
GLYPHS = """([selector, word]) => { const hangul = /[\\uac00-\\ud7a3]{2}/, all = document.querySelectorAll(selector);
    const el = [...all].find(e => word ? e.textContent === word : hangul.test(e.textContent));
    if (!el) return null;
    const text = word || el.textContent.match(hangul)[0], style = getComputedStyle(el);
    const canvas = document.createElement('canvas'); canvas.width = 96; canvas.height = 96;
    const ctx = canvas.getContext('2d');
    const draw = ch => { ctx.clearRect(0, 0, 96, 96); ctx.font = `48px ${style.fontFamily}`; ctx.fillStyle = 'black';
        ctx.textBaseline = 'top'; ctx.fillText(ch, 8, 8); return ctx.getImageData(0, 0, 96, 96).data.join(','); };
    const [a, b, box] = [draw(text[0]), draw(text[1]), draw('\\u{10FFFD}')];
    return {text, width: el.getBBox ? el.getBBox().width : el.getBoundingClientRect().width,
            fontSize: parseFloat(style.fontSize), family: style.fontFamily,
            inked: a.split(',').some(v => v !== '0'), distinct: a !== b, notBox: a !== box && b !== box}; }"""
WAIT_TITLE = "t => [...document.querySelectorAll('.js-plotly-plot .gtitle')].some(e => e.textContent.includes(t))"


def step_titles(page) -> str:
    return " | ".join(t for t in chart_titles(page) if t.startswith("Step "))


def box_y0(page, expected: float) -> float | None:
    """The alignment heatmap's boxed row (shapes[0].y0), once it is expected or the wait times out."""
    try:
        page.wait_for_function(f"([title, y]) => ({BOX_Y0})(title) === y", arg=[ALIGNMENT, expected],
                               timeout=RERUN_TIMEOUT)
    except PlaywrightTimeout:
        pass  # the assertion in the caller reports what is there
    return page.evaluate(BOX_Y0, ALIGNMENT)


def step_word(page, t: int):
    return page.locator("[data-testid=stMarkdownContainer]").filter(has_text=STEP_WORD.format(t=t, T=T))


def assert_step_word(page, t: int) -> None:
    """The sentence under the slider names step t of T (waits for it, then shows what is there)."""
    try:
        step_word(page, t).first.wait_for(state="visible", timeout=RERUN_TIMEOUT)
    except PlaywrightTimeout:
        pass  # the assertion reports what is there
    shown = page.locator("[data-testid=stMarkdownContainer]").filter(has_text="the decoder writes").all_inner_texts()
    assert any(STEP_WORD.format(t=t, T=T) in text for text in shown), shown


def wait_for_step_title(page, t: int, title: str = STEP_TITLE) -> None:
    wait_for(page, WAIT_TITLE, title.format(t=t), f"a chart titled {title.format(t=t)!r}")


def test_translate_step_slider_moves_charts_box_equations_and_url(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/translate?lang=en")
    wait_for_charts(page, STEP_CHARTS)
    wait_for_step_title(page, T - 1)
    assert_no_exception(page)
    before = step_titles(page)
    assert STEP_TITLE.format(t=T - 1) in before and STEP_TITLE.format(t=T - 2) not in before, before
    assert box_y0(page, T - 2 - 0.5) == T - 2 - 0.5, "the boxed row is not the default step's (t = 8, row 7)"
    equations = katex_text(page)
    assert f"e_{{{T - 1}," in equations and f"e_{{{T - 2}," not in equations, equations[:2000]
    assert_step_word(page, T - 1)

    slider = page.locator("[data-testid=stSlider]").filter(has_text=STEP_LABEL)
    assert slider.count() == 1, f"no single slider labelled {STEP_LABEL!r}"
    slider.get_by_role("slider").focus()  # an <input type=range> in 1.67: the role is implicit
    page.keyboard.press("ArrowLeft")
    wait_for_step_title(page, T - 2)
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    after = step_titles(page)
    assert after != before, after
    assert STEP_TITLE.format(t=T - 1) not in after, after
    for title in ("Step {t}: scores", "Step {t}: each h_i scaled", "Step {t}: the next word"):
        assert title.format(t=T - 2) in after, (title, after)
    assert re.search(rf"[?&]t={T - 2}(&|$)", page.url), f"the slider is not bound to the URL: {page.url}"
    try:
        page.wait_for_function("s => [...document.querySelectorAll('.katex .katex-mathml annotation')]"
                               ".some(a => a.textContent.includes(s))", arg=f"e_{{{T - 2},", timeout=RERUN_TIMEOUT)
    except PlaywrightTimeout:
        pass  # the assertion below shows the equations
    moved = katex_text(page)
    assert moved != equations, "the plugged-in equations (KaTeX) did not change"
    assert f"e_{{{T - 2}," in moved and f"e_{{{T - 1}," not in moved, moved[:2000]
    assert_step_word(page, T - 2)
    assert step_word(page, T - 1).count() == 0, "the sentence still names the old step"
    y0 = box_y0(page, T - 3 - 0.5)
    assert y0 == T - 3 - 0.5, f"the alignment heatmap's box is at y0 = {y0}, not on row {T - 3} (step {T - 2})"
    assert_no_exception(page)


def test_translate_korean_labels_render(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/translate?lang=en")
    wait_for_charts(page, STEP_CHARTS)
    wait_for_title(page, ALIGNMENT)
    page.wait_for_function(f"title => (({Y_TICKS})(title) || []).length > 0", arg=ALIGNMENT, timeout=RERUN_TIMEOUT)
    ticks = page.evaluate(Y_TICKS, ALIGNMENT)
    for word in ("그는", "먹는다"):
        assert word in ticks, f"{word} missing from the alignment heatmap's rows: {ticks}"
    section_screenshot(page, STEP_HEADING, NEXT_HEADING, "translate_step.png")  # for a human: real Hangul?
    assert (RESULTS_DIR / "translate_step.png").stat().st_size > 0
    glyphs = page.evaluate(GLYPHS, [".js-plotly-plot .ytick text", "먹는다"])
    assert glyphs, "no tick text 먹는다"
    assert glyphs["width"] > 10, glyphs
    # Hangul syllables are full width: about one em each (0.7 to 1.15 em allows for the font and rounding).
    assert 3 * 0.7 * glyphs["fontSize"] <= glyphs["width"] <= 3 * 1.15 * glyphs["fontSize"], glyphs
    assert glyphs["inked"] and glyphs["distinct"] and glyphs["notBox"], f"Korean is drawn as boxes (tofu): {glyphs}"
    assert_no_exception(page)


def test_translate_unknown_word_is_explained(app_url, browser_page):
    """An old link (?sentence=<the English label>) still picks 'my own sentence'; the address then carries the key."""
    page = browser_page
    query = urllib.parse.urlencode({"lang": "en", "sentence": OWN, "own": "i eat aple"}, quote_via=urllib.parse.quote)
    open_page(page, f"{app_url}/translate?{query}")
    alert = page.locator(ALERT).filter(has_text="aple").first
    try:
        alert.wait_for(state="visible", timeout=RERUN_TIMEOUT)
    except PlaywrightTimeout:
        pytest.fail(f"no error naming 'aple' at {page.url}: {page.locator(ALERT).all_inner_texts()}")
    codes = [c.strip() for c in alert.locator("code").all_inner_texts()]
    assert "aple" in codes, alert.inner_text()
    assert "apple" in codes, f"no suggestion 'apple': {alert.inner_text()}"
    assert "did you mean" in alert.inner_text(), alert.inner_text()
    own = page.locator("[data-testid=stTextInput]").filter(has_text="Your sentence").locator("input")
    assert input_value(page, own, "i eat aple") == "i eat aple", f"the text box is wrong, url: {page.url}"
    assert_no_exception(page)
    assert page.locator(f"{CHARTS}, [data-testid=stPlotlyChart]").count() == 0, chart_titles(page)
    assert page.locator("h3").filter(has_text=STEP_HEADING).count() == 0
    assert page.locator("[data-testid=stSlider]").filter(has_text=STEP_LABEL).count() == 0
    assert re.search(r"[?&]sentence=own(&|$)", page.url), page.url


def test_translate_deep_link_opens_step_2(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/translate?lang=en&t=2")
    wait_for_charts(page, STEP_CHARTS)
    wait_for_step_title(page, 2)
    titles = step_titles(page)
    assert STEP_TITLE.format(t=T - 1) not in titles, titles
    assert_step_word(page, 2)
    assert box_y0(page, 1 - 0.5) == 1 - 0.5, "the alignment heatmap does not box row 1 (step 2)"
    thumb = page.locator("[data-testid=stSlider]").filter(has_text=STEP_LABEL).get_by_role("slider")
    assert input_value(page, thumb, "2") == "2", f"the slider is not on step 2, url: {page.url}"
    assert re.search(r"[?&]t=2(&|$)", page.url), page.url
    assert_no_exception(page)


def test_translate_in_korean(app_url, browser_page):
    """The Korean page: chart titles and ticks, the step's equations (KaTeX \\text{}), prose and labels in real Hangul
    glyphs; the Korean step slider moves the step charts like the English one. A screenshot for a human to look at."""
    page = browser_page
    open_page(page, f"{app_url}/translate?lang=ko")
    wait_for_charts(page, STEP_CHARTS)
    wait_for_step_title(page, T - 1, KO["step_title"])
    titles = chart_titles(page)
    assert all(re.search(r"[\uac00-\ud7a3]", t) for t in titles), titles
    for selector in (".js-plotly-plot .gtitle", ".js-plotly-plot .ytick text", ".katex .text",
                     "[data-testid=stMarkdownContainer] p", "[data-testid=stWidgetLabel]"):
        glyphs = page.evaluate(GLYPHS, [selector, None])
        assert glyphs and glyphs["inked"] and glyphs["distinct"] and glyphs["notBox"], (selector, glyphs)
    screenshot(page, "translate_ko.png")  # for a human: real Hangul, nothing clipped, nothing left in English
    page.locator("[data-testid=stSlider]").filter(has_text=KO["step_label"]).get_by_role("slider").focus()
    page.keyboard.press("ArrowLeft")
    wait_for_step_title(page, T - 2, KO["step_title"])
    assert re.search(rf"[?&]t={T - 2}(&|$)", page.url) and "lang=ko" in page.url, page.url
    assert_no_exception(page)
