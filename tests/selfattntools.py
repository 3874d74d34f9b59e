"""What the self-attention lesson's browser tests read: its chart titles and widget labels, the softmax weights
from the drawn Plotly figures (the `.js-plotly-plot` elements' `.data`), and the custom mask editor's widgets.
What every browser test shares is in tests/browsertools.py."""

from __future__ import annotations

import re

import numpy as np
import pytest

from tests.browsertools import IDLE, PLOT_JS, RERUN_TIMEOUT, PlaywrightTimeout, chart_titles, choose
from ui.strings import strings

KO = strings("selfattn", "ko")  # the Korean page's words
HANGUL = re.compile(r"[\uac00-\ud7a3]")
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
PAGE_CHARTS = 10  # projections, scores, output, heads, concat, loss, attention maps, distance, speed, training step
QUESTION = "Under the causal mask, which words can"
GUESS = "Your guess: it sees"

# Every trace of the chart PLOT_JS finds: name, z and y as {shape, values} with values flat and NaN/inf as null.
# Plotly 7 sends numpy arrays as base64 {dtype, bdata, shape}; plain (nested) arrays are read as they are.
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
TITLE_HAS = "t => [...document.querySelectorAll('.js-plotly-plot .gtitle')].some(e => e.textContent.includes(t))"


def _array(decoded: dict) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in decoded["values"]], dtype=float).reshape(decoded["shape"])


def traces(page, title: str) -> dict[str, dict[str, np.ndarray]]:
    """Each trace of the chart titled title..., by name: its z and y as float arrays (NaN where null)."""
    found = page.evaluate(TRACES, title)
    assert found is not None, f"no chart titled {title!r}: {chart_titles(page)}"
    return {t["name"]: {"z": _array(t["z"]), "y": _array(t["y"])} for t in found}


def softmax(page, title: str = SCORES) -> np.ndarray:
    found = traces(page, title)
    assert SOFTMAX in found, f"no trace {SOFTMAX!r} in {title!r}: {list(found)}"
    return found[SOFTMAX]["z"]


def assert_rows_sum_to_one(weights: np.ndarray) -> None:
    sums = np.nansum(weights, axis=1)
    assert np.allclose(sums, 1.0, atol=1e-6, rtol=0), f"softmax rows sum to {sums}"


def mask_radio(page, label: str = MASK_LABEL):
    return page.locator("[data-testid=stRadio]").filter(has_text=label)


def checked(page, radio) -> str:
    """The text of a radio's chosen option."""
    return radio.locator("[data-testid=stRadioOption]").filter(has=page.locator("input:checked")).inner_text().strip()


def allowed_select(page, word: str):
    return page.locator("[data-testid=stMultiSelect]").filter(has_text=ALLOWED.format(word=word))


def chips(multiselect) -> list[str]:
    """The selected options of a Streamlit multiselect, in order."""
    group = multiselect.get_by_role("group", name="Selected values")
    return [line.strip() for line in group.inner_text().splitlines() if line.strip()] if group.count() else []


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
