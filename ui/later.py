"""First screen first (issue 19): a lesson's first run in a browser stops after its step view, and the browser asks
for the rest once that is drawn.

Streamlit's browser draws every Plotly chart that is waiting in one go: on a first visit it loads Plotly, then
draws all of a page's charts (14 on Hello, 3.0 s of script), and the step view shows only when the last one is
done. So a page's first run in a session draws up to its step view and ends with this small ``st.components.v2``
view (ui/later/later.js). In the browser it waits until the charts sent so far are drawn, lets the page paint, and
sets a trigger: that rerun draws the whole page, the first screen unchanged (Streamlit keeps an element whose spec
did not change) and the rest under it. Nothing is hidden or left out: the rest follows one round trip later.

Only a session that came over HTTP (a browser, or a load test's websocket client) is held; AppTest has no browser
to paint and no headers, so it always gets the whole page. Every run after a page's first draws it whole, whatever
caused the run, so a learner who moves a control at once is never held twice. A run that resumes a page after its
replica died (ui/failover.py) is not held either: the browser still shows that whole page."""

from __future__ import annotations

import secrets
from pathlib import Path

import streamlit as st
from streamlit.runtime.scriptrunner_utils.script_run_context import get_script_run_ctx

from ui import failover
from ui.language import lang
from ui.strings import app_strings

WAIT_MS = 8000  # the longest the rest of a page waits for the charts above it to draw

_mount = st.components.v2.component(
    "vp_later", html="<div></div>", js=(Path(__file__).resolve().parent / "later" / "later.js").read_text("utf-8"))


def _browser() -> bool:
    """Whether a browser (or a websocket client) is on the other end, and it is not resuming a page it already
    shows after its replica died (ui/failover.py)."""
    ctx = get_script_run_ctx()
    return ctx is not None and bool(st.context.headers) and not failover.resumed(ctx.session_id)


def first_screen_only(page: str) -> bool:
    """Call after the page's step view. True on the page's first run in a browser session: the caller stops there
    (``st.stop()``), and the browser asks for the rest once the first screen is drawn. False on every other run."""
    drawn = st.session_state.setdefault("_vp_drawn_whole", [])
    if page in drawn:
        return False
    drawn.append(page)  # the next run of this page draws it whole, whatever causes it
    if not _browser():
        return False
    st.caption(app_strings(lang())["later_drawing"])
    _mount(data={"run": secrets.token_hex(4), "wait_ms": WAIT_MS}, key=f"vp_later_{page}", height="content",
           on_painted_change=lambda: None)
    return True
