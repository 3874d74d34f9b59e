"""The self-attention lesson in Chromium: the mask radio changes the softmax weights (and the URL); the custom mask
editor (a selectbox for the row and a multiselect for what that word may look at) lets a word see the future, and
a row with nothing allowed is refused with an error instead of charts; the why-mask section trains both models.
The weights are read from the drawn Plotly figures (the `.js-plotly-plot` elements' `.data`). Screenshots go to
test-results/ for a human to look at."""

from __future__ import annotations

import re

import numpy as np
import pytest

from tests.test_browser import (
    ALERT,
    CHARTS,
    IDLE,
    RERUN_TIMEOUT,
    RESULTS_DIR,
    PlaywrightTimeout,
    assert_no_exception,
    chart_titles,
    open_page,
    wait_for_charts,
)
from tests.test_browser_gates import section_screenshot
from tests.test_browser_vanishing import wait_for_title

pytestmark = pytest.mark.browser

SCORES = "Scores, scaled, masked, softmax"
HEADS = "Softmax weights of each of the"
LOSS = "Training loss, with and without the mask"
SOFTMAX = "softmax"  # the heatmap trace of the scores figure's last panel; masked cells are NaN (null) in its z
MASK_LABEL = "Mask"
CAUSAL, NONE, OWN = "causal (no future)", "none", "my own"
ROW_LABEL = "Edit the row of"
ALLOWED = "“{word}” may look at"
ALL_MASKED = "The mask allows nothing in the row of"
STAGES_HEADING = "1 · The stages"
HEADS_HEADING = "2 · Several heads"
WORDS = ["i", "eat", "red", "apple"]  # the default sentence "i eat red apple"
PAGE_CHARTS = 8  # projections, scores, output, heads, concat, loss, attention maps, distance

# The first chart whose title starts with the given text (as in test_browser_translate).
PLOT_JS = """title => [...document.querySelectorAll('.js-plotly-plot')]
    .find(p => ((p.querySelector('.gtitle') || {}).textContent || '').startsWith(title))"""
# Every trace of that chart: name, z and y as {shape, values} with values flat and NaN/inf as null. Plotly 7
# sends numpy arrays as base64 {dtype, bdata, shape}; plain (nested) arrays are read as they are.
TRACES = f"""title => {{ const p = ({PLOT_JS})(title);
    if (!p || !p.data) return null;
    const finite = v => (Number.isFinite(v) ? v : null);
    const typed = {{f8: Float64Array, f4: Float32Array, i4: Int32Array, i2: Int16Array, i1: Int8Array,
                   u4: Uint32Array, u2: Uint16Array, u1: Uint8Array}};
    const decode = a => {{
        if (a === undefined || a === null) return {{shape: [0], values: []}};
        if (a.bdata !== undefined) {{
            const bytes = Uint8Array.from(atob(a.bdata), c => c.charCodeAt(0));
            const values = Array.from(new typed[a.dtype](bytes.buffer), finite);
            const shape = a.shape === undefined ? [values.length] : String(a.shape).split(',').map(Number);
            return {{shape, values}};
        }}
        const rows = Array.from(a);
        if (rows.length && rows[0] !== null && typeof rows[0] === 'object')
            return {{shape: [rows.length, rows[0].length], values: rows.flatMap(r => Array.from(r, finite))}};
        return {{shape: [rows.length], values: rows.map(finite)}};
    }};
    return p.data.map(t => ({{name: t.name, z: decode(t.z), y: decode(t.y)}})); }}"""
# The softmax trace of the scores figure, or null while it is not drawn.
SOFTMAX_Z = f"""() => {{ const t = (({TRACES})({SCORES!r}) || []).find(t => t.name === {SOFTMAX!r});
    return t ? t.z : null; }}"""
NO_NULLS = f"""() => {{ const z = ({SOFTMAX_Z})();
    return !!z && z.values.length > 0 && z.values.every(v => v !== null); }}"""
CELL_SHOWN = f"""([i, j]) => {{ const z = ({SOFTMAX_Z})(); return !!z && z.values[i * z.shape[1] + j] !== null; }}"""
NO_SCORES = f"""() => !({PLOT_JS})({SCORES!r})"""


def _array(decoded: dict) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in decoded["values"]], dtype=float).reshape(decoded["shape"])


def traces(page, title: str) -> dict[str, dict[str, np.ndarray]]:
    """Each trace of the chart titled title..., by name: its z and y as float arrays (NaN where null)."""
    found = page.evaluate(TRACES, title)
    assert found is not None, f"no chart titled {title!r}: {chart_titles(page)}"
    return {t["name"]: {"z": _array(t["z"]), "y": _array(t["y"])} for t in found}


def softmax(page) -> np.ndarray:
    found = traces(page, SCORES)
    assert SOFTMAX in found, f"no trace {SOFTMAX!r} in {SCORES!r}: {list(found)}"
    return found[SOFTMAX]["z"]


def wait_for(page, js: str, arg=None, what: str = "") -> None:
    """Wait for a DOM condition; on timeout fail with what is drawn."""
    try:
        page.wait_for_function(js, arg=arg, timeout=RERUN_TIMEOUT)
    except PlaywrightTimeout:
        pytest.fail(f"{what} did not happen; charts: {chart_titles(page)}, url: {page.url}")
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)


def assert_rows_sum_to_one(weights: np.ndarray) -> None:
    sums = np.nansum(weights, axis=1)
    assert np.allclose(sums, 1.0, atol=1e-6, rtol=0), f"softmax rows sum to {sums}"


def mask_radio(page):
    return page.locator("[data-testid=stRadio]").filter(has_text=MASK_LABEL)


def allowed_select(page, word: str):
    return page.locator("[data-testid=stMultiSelect]").filter(has_text=ALLOWED.format(word=word))


def chips(multiselect) -> list[str]:
    """The selected options of a Streamlit multiselect, in order."""
    group = multiselect.get_by_role("group", name="Selected values")
    return [line.strip() for line in group.inner_text().splitlines() if line.strip()] if group.count() else []


def choose(page, widget, label: str) -> None:
    """Open a Streamlit selectbox or multiselect and click the option whose text is label."""
    widget.get_by_role("combobox").click()
    page.get_by_role("option").filter(has_text=re.compile(rf"^\s*{re.escape(label)}\s*$")).click()


def pick_row(page, label: str, word: str):
    """Choose a row in the 'Edit the row of' selectbox; return that row's multiselect once it is shown."""
    choose(page, page.locator("[data-testid=stSelectbox]").filter(has_text=ROW_LABEL), label)
    editor = allowed_select(page, word)
    try:
        editor.wait_for(state="visible", timeout=RERUN_TIMEOUT)
    except PlaywrightTimeout:
        shown = page.locator("[data-testid=stMultiSelect]").all_inner_texts()
        pytest.fail(f"no multiselect {ALLOWED.format(word=word)!r} after picking {label!r}: {shown}")
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    return editor


def test_selfattn_mask_radio_changes_the_weights(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/self-attention")
    wait_for_charts(page, PAGE_CHARTS)
    wait_for_title(page, SCORES)
    assert_no_exception(page)
    checked = mask_radio(page).locator("[data-testid=stRadioOption]").filter(has=page.locator("input:checked"))
    assert checked.inner_text().strip() == CAUSAL, checked.inner_text()
    assert f"{SOFTMAX}: masked" in traces(page, SCORES), "the causal mask draws no grey (masked) cells"

    causal = softmax(page)
    assert causal.shape == (len(WORDS), len(WORDS)), causal
    assert np.count_nonzero(~np.isnan(causal[0])) == 1 and causal[0, 0] == pytest.approx(1.0), causal[0]
    upper = np.triu_indices(len(WORDS), k=1)
    assert np.isnan(causal[upper]).all(), f"the causal softmax shows future weights:\n{causal}"
    assert not np.isnan(causal[np.tril_indices(len(WORDS))]).any(), f"an allowed weight is missing:\n{causal}"
    assert_rows_sum_to_one(causal)
    heads_before = traces(page, HEADS)

    mask_radio(page).get_by_text(NONE, exact=True).click()
    wait_for(page, NO_NULLS, what="the softmax panel losing its masked cells after choosing mask 'none'")
    assert re.search(r"[?&]mask=none(&|$)", page.url), f"the mask radio is not bound to the URL: {page.url}"
    free = softmax(page)
    assert free.shape == causal.shape, free
    assert not np.isnan(free).any(), free
    assert (free > 0).all(), f"with no mask every weight is positive:\n{free}"
    assert_rows_sum_to_one(free)
    assert not np.allclose(free[0, 0], causal[0, 0]), "row 0 did not change: 'i' still looks only at itself"
    assert not np.allclose(np.nan_to_num(free[:-1]), np.nan_to_num(causal[:-1])), (causal, free)
    # The last word may look at every word under both masks, so its row is the same (same seed, same projections).
    np.testing.assert_allclose(free[-1], causal[-1], atol=1e-9)
    assert f"{SOFTMAX}: masked" not in traces(page, SCORES), "mask 'none' still draws grey (masked) cells"
    heads_after = traces(page, HEADS)
    assert any(name.endswith(": masked") for name in heads_before), list(heads_before)
    assert not any(name.endswith(": masked") for name in heads_after), list(heads_after)
    assert any("mask: none" in t for t in chart_titles(page)), chart_titles(page)
    assert_no_exception(page)


def test_selfattn_custom_mask_lets_a_word_see_the_future(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/self-attention")
    wait_for_charts(page, PAGE_CHARTS)
    wait_for_title(page, SCORES)
    mask_radio(page).get_by_text(OWN, exact=True).click()
    row_select = page.locator("[data-testid=stSelectbox]").filter(has_text=ROW_LABEL)
    try:
        row_select.wait_for(state="visible", timeout=RERUN_TIMEOUT)
    except PlaywrightTimeout:
        pytest.fail(f"no selectbox {ROW_LABEL!r} after choosing mask {OWN!r}, url: {page.url}")
    page.wait_for_selector(IDLE, timeout=RERUN_TIMEOUT)
    wait_for_title(page, SCORES)
    assert "mask=my+own" in page.url, page.url  # the label, form-encoded
    assert_no_exception(page)
    start = softmax(page)  # the custom mask starts as the causal one
    assert np.isnan(start[np.triu_indices(len(WORDS), k=1)]).all(), f"the custom mask does not start causal:\n{start}"

    eat = pick_row(page, "2. eat", "eat")
    assert chips(eat) == ["1. i", "2. eat"], chips(eat)
    choose(page, eat, "4. apple")
    wait_for(page, CELL_SHOWN, arg=[1, 3], what="row 'eat' getting a weight on 'apple' (a future word)")
    page.keyboard.press("Escape")  # close the dropdown, which would cover the section in the screenshot
    page.get_by_role("listbox").wait_for(state="hidden", timeout=RERUN_TIMEOUT)
    assert chips(eat) == ["1. i", "2. eat", "4. apple"], chips(eat)
    own = softmax(page)
    assert np.isnan(start[1, 3]) and own[1, 3] > 0, f"'eat' does not look at 'apple':\n{own}"
    assert np.isnan(own[1, 2]), f"'eat' looks at 'red', which was not allowed:\n{own}"
    np.testing.assert_allclose(own[[0, 2, 3]], start[[0, 2, 3]], atol=1e-9)  # only row 'eat' was edited
    assert_rows_sum_to_one(own)
    assert_no_exception(page)
    section_screenshot(page, STAGES_HEADING, HEADS_HEADING, "selfattn_custom_mask.png")
    assert (RESULTS_DIR / "selfattn_custom_mask.png").stat().st_size > 0

    i = pick_row(page, "1. i", "i")  # another row: the edit of 'eat' is kept
    assert chips(i) == ["1. i"], chips(i)
    assert not np.isnan(softmax(page)[1, 3]), "switching rows lost the edit of 'eat'"
    i.get_by_role("button", name="Remove 1. i").click()
    alert = page.locator(ALERT).filter(has_text=ALL_MASKED).first
    try:
        alert.wait_for(state="visible", timeout=RERUN_TIMEOUT)
    except PlaywrightTimeout:
        pytest.fail(f"no error {ALL_MASKED!r}: {page.locator(ALERT).all_inner_texts()}")
    wait_for(page, NO_SCORES, what=f"the chart {SCORES!r} going away")
    assert [c.strip() for c in alert.locator("code").all_inner_texts()] == ["i"], alert.inner_text()
    assert page.locator(CHARTS).count() == 0, chart_titles(page)
    assert page.locator("h3").filter(has_text=STAGES_HEADING).count() == 0
    assert allowed_select(page, "i").count() == 1, "the editor went away with the charts: nothing left to fix"
    assert_no_exception(page)


def test_selfattn_why_mask_trains_both_models(app_url, browser_page):
    page = browser_page
    open_page(page, f"{app_url}/self-attention")
    wait_for_charts(page, PAGE_CHARTS)
    wait_for_title(page, LOSS)
    assert_no_exception(page)
    lines = [t.strip() for t in page.locator("[data-testid=stMarkdownContainer]").filter(
        has_text="generating from").all_inner_texts()]
    masked = [t for t in lines if t.startswith("with the causal mask")]
    free = [t for t in lines if t.startswith("without a mask")]
    assert len(masked) == 1 and len(free) == 1, lines
    assert re.search(r"with the causal mask.*generating from h: hello$", masked[0]), masked[0]
    assert re.search(r"without a mask.*generating from h: ", free[0]), free[0]

    curves = traces(page, LOSS)
    assert list(curves) == ["with the causal mask", "without a mask"], list(curves)
    for name, trace in curves.items():
        assert trace["y"].size > 1 and np.isfinite(trace["y"]).all(), (name, trace["y"])
    assert curves["without a mask"]["y"][-1] < curves["with the causal mask"]["y"][-1], \
        "without the mask the model reads the answer, so its loss should end lower"
    losses = {name: float(m.group(1)) for t in lines
              if (m := re.search(r"final loss ([0-9.]+)", t)) and (name := t.split(" (final")[0])}
    for name, trace in curves.items():
        assert losses[name] == pytest.approx(trace["y"][-1], abs=1e-4), (name, losses, trace["y"][-1])
