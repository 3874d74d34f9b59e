"""Shared chart styling: one place for fonts, margins and colour choices, and the one way figures are built.

Figures are built in one ``figure(data=[...], layout={...})`` call and kept as the plain dicts they were built from
(``Chart``): st.plotly_chart asks a figure for ``to_dict()``, and ``Chart`` answers straight from those dicts. Going
through Plotly's object model instead (go.Figure's constructor copies every trace into it, ``to_dict`` copies it all
back out) was 60 % of a page rerun on the gates lesson (py-spy, 2026-11-21) and most of a slider move's CPU with 50
learners at once; validating every property cost another 10-25 ms per rerun. tests/test_figures.py checks that
every chart every page draws gives exactly Plotly's own ``to_dict`` and passes Plotly's validation unchanged.

A Chart's dict is written to JSON once, too (``Spec``): st.plotly_chart calls ``plotly.io.to_json`` on it at every
rerun, which walks the whole dict (template included) and encodes it again; with 14 charts on /hello that was about
7 % of a whole-page rerun's CPU (py-spy, issue 18). ``_to_json`` answers a Spec with its JSON written the first time
and passes everything else to Plotly unchanged."""

from __future__ import annotations

import base64
from functools import cache

import numpy as np
import plotly.graph_objects as go
import plotly.io
from _plotly_utils.utils import plotlyjsShortTypes, to_typed_array_spec

from viz.fit import AXIS_PX, AXIS_SIZE, TITLE_SIZE, legend_room, title_pad, title_text, top_margin, wrap

# Colour-blind-safe: Okabe & Ito (2008) for categories, viridis for magnitudes, RdBu for signed values. The scales
# are spelled out as lists: validation would translate a name like "RdBu_r", but Plotly.js does not know it. The
# palette's black is its common grey variant: black vanished on the dark page (issue 20).
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#999999")
DIVERGING = [list(stop) for stop in go.Heatmap(colorscale="RdBu_r").colorscale]
MAGNITUDE = [list(stop) for stop in go.Heatmap(colorscale="Viridis").colorscale]
FONT = "Source Sans, Noto Sans CJK KR, Noto Color Emoji, sans-serif"


SKIPPED = {"geojson", "layer", "layers", "range"}  # keys whose arrays Plotly writes as lists (is_skipped_key)
SHORT_TYPES = {np.dtype(name): short for name, short in plotlyjsShortTypes.items()}  # float64 -> "f8", ...
CONTAINERS = (dict, list, tuple)


def _typed_array(a: np.ndarray):
    """Plotly 7's base64 form of a numeric array: dtypes Plotly.js reads directly are encoded here, the rest
    (int64, bool, ...) by Plotly's own ``to_typed_array_spec``."""
    if a.dtype.kind == "i" and a.size and a.dtype.itemsize == 8:  # int64 as Plotly writes it: the smallest fit
        low, high = int(a.min()), int(a.max())
        fit = next((t for t in (np.int8, np.int16, np.int32) if np.iinfo(t).min <= low and high <= np.iinfo(t).max),
                   None)
        a = a.astype(fit) if fit is not None else a
    short = SHORT_TYPES.get(a.dtype)
    if short is None or a.size == 0:
        return to_typed_array_spec(a)
    spec = {"dtype": short, "bdata": base64.b64encode(np.ascontiguousarray(a)).decode("ascii")}
    if a.ndim > 1:
        spec["shape"] = str(a.shape)[1:-1]
    return spec


def _encoded(value, key: str | None = None):
    """``value`` as Plotly's ``to_dict`` writes it: a numeric NumPy array held by a dict key becomes Plotly 7's
    base64 ``{"dtype", "bdata"}`` (as ``convert_to_base64`` does), and the dicts and lists are copied, so the
    figure's own stay as they were built."""
    if isinstance(value, dict):
        return {k: _encoded(v, k) for k, v in value.items()}
    if isinstance(value, list | tuple):  # an array directly inside a list stays an array, as in Plotly
        return [_encoded(v) if isinstance(v, CONTAINERS) else v for v in value]
    if key is not None and key not in SKIPPED and isinstance(value, np.ndarray) and value.dtype.kind in "biuf":
        return _typed_array(value)
    return value


class Spec(dict):
    """A Chart's Plotly dict, with its JSON kept once written (``_to_json``). Read it, do not change it."""

    json: str | None = None


_plotly_to_json = plotly.io.to_json


def _to_json(fig, *args, **kwargs) -> str:
    """``plotly.io.to_json``, remembering a Spec's JSON (the call st.plotly_chart makes: ``validate=False``)."""
    if type(fig) is not Spec or args or kwargs != {"validate": False}:
        return _plotly_to_json(fig, *args, **kwargs)
    if fig.json is None:
        fig.json = _plotly_to_json(fig, validate=False)
    return fig.json


plotly.io.to_json = _to_json


class Chart(go.Figure):
    """A Plotly figure kept as the trace and layout dicts it was built from (see the module docstring).

    ``to_dict`` gives what ``go.Figure(data=..., layout=..., _validate=False).to_dict()`` gives, Plotly's default
    template and its base64 arrays included; ``full()`` is that go.Figure, and ``.data`` / ``.layout`` read it
    (tests do, pages do not). A Chart is not changed after it is built: go.Figure's ``update_*``/``add_*`` are not
    for it (nothing here uses them)."""

    def __init__(self, data: list, layout: dict):  # go.Figure.__init__ is skipped on purpose: it is the cost
        object.__setattr__(self, "_spec_data", [{"type": "scatter"} | trace for trace in data])
        object.__setattr__(self, "_spec_layout", layout)
        object.__setattr__(self, "_full", None)
        object.__setattr__(self, "_dict", None)

    def full(self) -> go.Figure:
        if self._full is None:
            full = go.Figure(data=self._spec_data, layout=self._spec_layout, _validate=False)
            object.__setattr__(self, "_full", full)
        return self._full

    @property
    def layout_spec(self) -> dict:
        """The layout dict the chart was built from (read it, do not change it)."""
        return self._spec_layout

    @property
    def data(self):
        return self.full().data

    @property
    def layout(self):
        return self.full().layout

    def to_dict(self) -> dict:
        """Plotly's dict for this chart, written once and kept (read it, do not change it)."""
        if self._dict is None:
            spec = Spec(data=_encoded(self._spec_data), layout=_encoded(self._spec_layout))
            spec["layout"].setdefault("template", _template())
            object.__setattr__(self, "_dict", spec)
        return self._dict

    def to_plotly_json(self) -> dict:
        return self.to_dict()

    def __reduce__(self):
        return Chart, (self._spec_data, self._spec_layout)

    def __repr__(self) -> str:
        return f"Chart({len(self._spec_data)} traces, title={self._spec_layout.get('title')!r})"


@cache
def _template() -> dict:
    """Plotly's default template as go.Figure writes it into every figure's layout (built once)."""
    return go.Figure().to_dict()["layout"]["template"]


def figure(data: list, layout: dict) -> go.Figure:
    """A figure from trace dicts and a layout dict, kept as those dicts (``Chart``; see the module docstring), with
    room for a legend under the title."""
    return Chart(data, legend_room(data, layout, TOP_LEGEND))


TOP_LEGEND = dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0.0)  # under the title, left
OLD_TOP = {True: 70, False: 48}  # the top margin a chart's own ``margin`` was written against (with a caption)


def layout(title: str, caption: str | None = None, height: int = 320, **extra) -> dict:
    """Title (with the caption saying what computed the chart), margins, font and legend, plus ``extra``. The title
    and caption are wrapped to fit a phone and pinned to the top; the top margin is as tall as they are, plus the room
    a chart's own ``margin`` asks above its plot beyond the old default (panel titles), and the figure grows by as
    much, so the plot keeps its height (viz/fit.py)."""
    text = title_text(title, caption)
    margin = dict(l=60, r=20, t=OLD_TOP[caption is not None], b=50) | extra.pop("margin", {})
    top = top_margin(text, margin["t"] - OLD_TOP[caption is not None])
    base = dict(
        title=dict(text=text, x=0, xanchor="left", yref="container", y=1, yanchor="top", pad=dict(t=title_pad(text)),
                   font=dict(size=TITLE_SIZE)),
        height=height + top - margin["t"],
        margin=margin | dict(t=top),
        font=dict(family=FONT, size=13),
        legend=TOP_LEGEND,
    )
    return base | extra


def axis(title: str, **extra) -> dict:
    """An axis whose title is wrapped to fit a phone's chart."""
    return dict(title=dict(text=wrap(title, AXIS_SIZE, AXIS_PX)), **extra)


MAX_TICKS = 12  # tick labels on one log axis
PAD = 1.3  # a log axis spans [min / PAD, max * PAD], and its ticks are chosen inside that span


def log_span(values) -> tuple[float, float] | None:
    """The padded [low, high] a log axis shows for the positive finite ``values`` (None if there are none)."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v) & (v > 0)]
    return (float(v.min()) / PAD, float(v.max()) * PAD) if v.size else None


def log_ticks(values) -> tuple[list[float], list[str]]:
    """Tick positions at 1, 2 and 5 times each power of ten within the padded span of ``values`` (all of
    1..9 when that gives fewer than three), so a log axis spanning less than a decade still shows numbers."""
    span = log_span(values)
    if span is None:
        return [], []
    lo, hi = np.floor(np.log10(span[0])), np.ceil(np.log10(span[1]))
    for steps in ((1,), (1, 2, 5), (1, 2, 3, 4, 5, 6, 7, 8, 9)):  # coarsest first, until at least three ticks
        ticks = [m * 10.0**e for e in np.arange(lo, hi + 1) for m in steps]
        ticks = [x for x in ticks if span[0] <= x <= span[1]]
        if len(ticks) >= 3:
            break
    ticks = ticks or [10.0**lo]
    ticks = ticks[::-(-len(ticks) // MAX_TICKS)]  # at most MAX_TICKS: every 2nd, 3rd, ... decade on long spans
    return ticks, [f"{x:.0e}".replace("e-0", "e-").replace("e+0", "e").replace("e+", "e") for x in ticks]


def log_axis(title: str, values, **extra) -> dict:
    """A log axis over ``values`` with readable ticks and a range that contains them."""
    tickvals, ticktext = log_ticks(values)
    span = log_span(values)
    fixed = {} if span is None else dict(range=[np.log10(span[0]), np.log10(span[1])])
    return axis(title, type="log", tickvals=tickvals, ticktext=ticktext, **fixed, **extra)
