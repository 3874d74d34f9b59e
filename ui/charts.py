"""Every chart gets an alt text (issue 20): ``install()`` wraps ``st.plotly_chart`` (and the same method of every
column and container) so that a chart drawn without ``alt=`` gets one built from its own data in the page's
language (viz/alt.py). A page that writes a better one (the home page's headline) passes its own. One patch point
instead of one argument at each of the lab's 75 chart calls; tests/test_alt.py reads every chart's alt on every page,
in both languages. app.py installs it on the first page run."""

from __future__ import annotations

import functools

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from ui.language import lang
from viz.alt import describe
from viz.style import Chart

_ORIGINAL = DeltaGenerator.plotly_chart


def alt_text(figure, language: str) -> str:
    """The figure's alt text in ``language``, kept on a Chart (it is not changed after it is built)."""
    if isinstance(figure, Chart):
        kept = f"_alt_{language}"
        if kept not in figure.__dict__:
            object.__setattr__(figure, kept, describe(figure._spec_data, figure._spec_layout, language))
        return figure.__dict__[kept]
    spec = figure.to_dict() if hasattr(figure, "to_dict") else dict(figure)
    return describe(list(spec.get("data", [])), dict(spec.get("layout", {})), language)


@functools.wraps(_ORIGINAL)
def _plotly_chart(self, figure_or_data, *args, alt: str | None = None, **kwargs):
    if alt is None:
        alt = alt_text(figure_or_data, lang())
    return _ORIGINAL(self, figure_or_data, *args, alt=alt, **kwargs)


def install() -> None:
    """Once per process: every DeltaGenerator's plotly_chart, and st.plotly_chart (bound to the main area when
    Streamlit was imported), describe their chart."""
    if DeltaGenerator.plotly_chart is not _plotly_chart:
        DeltaGenerator.plotly_chart = _plotly_chart
    main = st._main
    if getattr(st.plotly_chart, "__func__", None) is not _plotly_chart:
        st.plotly_chart = _plotly_chart.__get__(main, DeltaGenerator)
