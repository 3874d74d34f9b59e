"""Equations on the page: every ``st.latex`` of the lab goes through ``latex`` (viz.latex.displayed), so a bare line
break never reaches KaTeX's display mode (issue 20: it warned in the browser's console on three lessons)."""

import streamlit as st

from viz.latex import displayed


def latex(tex: str, where=None) -> None:
    """``tex`` as a display equation in ``where`` (a column or container; the main area by default)."""
    (where or st).latex(displayed(tex))
