"""Every learner's screen (issue 20), in Chromium: on a 390 px phone in the dark theme, every page in both languages
draws every chart title, legend and equation whole, nothing is cut off at the edge without a way to scroll to it,
and the charts draw light ink on the dark page. On a light browser the lab stays light. Screenshots of every page,
dark and narrow, go to test-results/ for a human to look at.

The measurements are the browser's own layout (getBoundingClientRect) and computed colours, so they check what the
server's estimates (viz/fit.py's text widths, viz/ink.py's theme colours) actually give."""

from __future__ import annotations

import pytest

from tests.browsertools import LOAD_TIMEOUT, RESULTS_DIR, assert_no_exception, open_page

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
PAGES = ["", "sequences", "hello", "vanishing", "gates", "translate", "self-attention", "teacher"]  # "": home
DRAWN = """() => { const charts = [...document.querySelectorAll('[data-testid=stPlotlyChart]')];
    const shown = charts.filter(c => c.checkVisibility());
    return (!charts.length || shown.length > 0) && shown.every(c => c.querySelector('.main-svg .gtitle')); }"""

# What a phone shows badly: a title or legend past its chart's edge (Plotly cuts it), a legend on the title, a chart
# wider than its place with nothing to scroll it by, an equation cut off without a scroll and its fading edge, a page
# that scrolls sideways. Charts in a closed expander are not drawn yet and are skipped.
FIT = """() => {
  const problems = [], inside = (r, b) => r.left >= b.left - 1 && r.right <= b.right + 1 && r.top >= b.top - 1
    && r.bottom <= b.bottom + 1;
  const meet = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2
    && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
  const scrolls = (e) => { for (let p = e; p; p = p.parentElement) { const o = getComputedStyle(p).overflowX;
    if ((o === 'auto' || o === 'scroll') && p.scrollWidth > p.clientWidth) return true; } return false; };
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const svg = plot.querySelector('.main-svg'); if (!plot.checkVisibility() || !svg) continue;
    const box = svg.getBoundingClientRect(), title = plot.querySelector('.gtitle');
    const name = title ? title.textContent.slice(0, 60) : '(untitled)';
    const t = title && title.getBoundingClientRect(), legend = plot.querySelector('.legend');
    if (t && !inside(t, box)) problems.push(`title past its chart (${Math.round(t.left - box.left)}..` +
      `${Math.round(t.right - box.left)} of ${Math.round(box.width)} px, top ${Math.round(t.top - box.top)}): ${name}`);
    if (legend) { const l = legend.getBoundingClientRect();
      if (!inside(l, box)) problems.push(`legend past its chart: ${name}`);
      if (t && meet(l, t)) problems.push(`legend on the title: ${name}`); }
    const place = plot.closest('[data-testid=stElementContainer]').getBoundingClientRect();
    if (box.right > place.right + 1 && !scrolls(plot)) problems.push(`chart cut at the right: ${name}`);
  }
  for (const k of document.querySelectorAll('.katex-display')) {
    if (!k.checkVisibility() || k.scrollWidth <= k.clientWidth + 1) continue;
    const cs = getComputedStyle(k), text = (k.querySelector('annotation') || k).textContent.slice(0, 60);
    if (cs.overflowX !== 'auto' && cs.overflowX !== 'scroll') problems.push(`equation cut, no scroll: ${text}`);
    else if (/^0(px)? /.test(cs.maskPosition)) problems.push(`equation scrolls with no fading edge: ${text}`);
  }
  if (document.documentElement.scrollWidth > innerWidth + 1) problems.push('the page scrolls sideways');
  return problems;
}"""

# The chart's paper and its text in the theme: a dark paper, and titles, axis titles, ticks, legend entries and notes
# that contrast with it (WCAG: 4.5:1 for the title, 3:1 for the rest).
INK = """() => {
  const lum = (c) => { const v = (c.match(/[\\d.]+/g) || []).slice(0, 3).map(Number);
    if (v.length < 3) return null;
    const [r, g, b] = v.map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b; };
  const contrast = (a, b) => (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  const page = lum(getComputedStyle(document.querySelector('[data-testid=stApp]')).backgroundColor);
  const problems = page > 0.1 ? [`the page is not dark: luminance ${page.toFixed(2)}`] : [];
  for (const plot of document.querySelectorAll('.js-plotly-plot')) {
    const svg = plot.querySelector('.main-svg'); if (!plot.checkVisibility() || !svg) continue;
    const name = (plot.querySelector('.gtitle') || {textContent: ''}).textContent.slice(0, 60);
    const paper = lum(getComputedStyle(svg).backgroundColor);
    if (paper === null || paper > 0.1) { problems.push(`chart paper not dark: ${name}`); continue; }
    const texts = [['.gtitle', 4.5], ['.g-xtitle text, .g-ytitle text, .xtick text, .ytick text, .legendtext', 3],
                   ['.annotation-text-g text', 3]];
    for (const [selector, least] of texts) for (const el of plot.querySelectorAll(selector)) {
      if (!el.textContent.trim() || !el.getClientRects().length) continue;
      const ink = lum(getComputedStyle(el).fill), bg = el.closest('.annotation') &&
        el.closest('.annotation').querySelector('.bg');
      const under = bg && getComputedStyle(bg).fill !== 'none' && lum(getComputedStyle(bg).fill) !== null
        && getComputedStyle(bg).fillOpacity !== '0' ? lum(getComputedStyle(bg).fill) : paper;
      if (ink !== null && contrast(ink, under) < least)
        problems.push(`${contrast(ink, under).toFixed(1)}:1 "${el.textContent.slice(0, 30)}" in ${name}`);
    }
  }
  return problems;
}"""


def on_a_dark_phone(page) -> None:
    """The tab as a 390 x 844 phone whose system setting is dark (before the page loads: Streamlit reads the
    setting when it starts)."""
    page.set_viewport_size(PHONE)
    page.emulate_media(color_scheme="dark")


def shoot_whole(page, name: str) -> None:
    """The whole page at the phone's width (Streamlit scrolls inside its own container: grow the viewport)."""
    RESULTS_DIR.mkdir(exist_ok=True)
    height = page.evaluate("() => document.querySelector('[data-testid=stMain]').scrollHeight")
    page.set_viewport_size({"width": PHONE["width"], "height": min(int(height) + 40, 16_000)})
    try:
        page.screenshot(path=str(RESULTS_DIR / name), full_page=True)
    finally:
        page.set_viewport_size(PHONE)


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("path", PAGES, ids=[p or "home" for p in PAGES])
def test_on_a_dark_phone_every_title_equation_and_chart_fits_and_reads(app_url, browser_page, path, lang):
    page = browser_page
    on_a_dark_phone(page)
    open_page(page, f"{app_url}/{path}?lang={lang}")
    assert_no_exception(page)
    page.wait_for_function(DRAWN, timeout=LOAD_TIMEOUT)
    page.wait_for_timeout(500)  # the last chart's relayout after its first draw
    problems = page.evaluate(FIT) + page.evaluate(INK)
    shoot_whole(page, f"phone_dark_{path or 'home'}_{lang}.png")
    assert not problems, "\n".join(problems)


def test_the_checks_can_fail(app_url, browser_page):
    """The same measurements see a cut title, an equation that cannot scroll, and a light chart."""
    page = browser_page
    on_a_dark_phone(page)
    open_page(page, f"{app_url}/hello?lang=en")
    page.wait_for_function(DRAWN, timeout=LOAD_TIMEOUT)
    page.add_style_tag(content=".katex-display { overflow-x: hidden !important; }"
                               ".js-plotly-plot .gtitle { font-size: 40px !important; }"
                               ".js-plotly-plot .main-svg { background: white !important; }")
    page.wait_for_timeout(300)
    fit, ink = "\n".join(page.evaluate(FIT)), "\n".join(page.evaluate(INK))
    assert "title past its chart" in fit and "equation cut, no scroll" in fit
    assert "chart paper not dark" in ink


def test_a_light_browser_keeps_the_light_theme(app_url, browser_page):
    open_page(browser_page, f"{app_url}/hello")
    browser_page.wait_for_selector(".js-plotly-plot .main-svg .gtitle", timeout=LOAD_TIMEOUT)
    colours = browser_page.evaluate("""() => [getComputedStyle(document.querySelector('[data-testid=stApp]'))
        .backgroundColor, getComputedStyle(document.querySelector('.js-plotly-plot .main-svg')).backgroundColor,
        getComputedStyle(document.querySelector('.js-plotly-plot .gtitle')).fill]""")
    assert colours[0] == colours[1] == "rgb(255, 255, 255)", colours
    assert colours[2] != "rgb(255, 255, 255)"
