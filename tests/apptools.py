"""Reading AppTest pages: charts are read from ``json.loads(el.proto.spec)``; Plotly 7 writes numpy arrays as
base64 ``{"dtype", "bdata", "shape"}``, decoded by ``arr``. Charts are found by the start of their title."""

import base64
import json
from pathlib import Path

import numpy as np
from streamlit.testing.v1 import AppTest

from viz.fit import unwrap

APP = str(Path(__file__).resolve().parent.parent / "app.py")  # from_file resolves relative to this file


def arr(value) -> np.ndarray:
    """A Plotly JSON array: a plain list, or Plotly 7's base64 dict (shape may be "3, 5")."""
    if isinstance(value, dict) and "bdata" in value:
        a = np.frombuffer(base64.b64decode(value["bdata"]), dtype=np.dtype(value["dtype"]))
        shape = value.get("shape")
        if shape is not None:
            a = a.reshape([int(n) for n in (shape.split(",") if isinstance(shape, str) else shape)])
        return a
    return np.asarray(value, dtype=float)


def title_of(fig: dict) -> str:
    """A chart's title and caption as written: viz/fit.py breaks them into lines that fit a phone."""
    return unwrap((fig["layout"].get("title") or {}).get("text", ""))


def charts(at: AppTest) -> dict[str, dict]:
    """Every Plotly figure on the page by its title (without the caption after <br>)."""
    figs = [json.loads(el.proto.spec) for el in at.get("plotly_chart")]
    return {title_of(f).split("<br>")[0]: f for f in figs}


def chart(at: AppTest, title_start: str) -> dict:
    found = [f for title, f in charts(at).items() if title.startswith(title_start)]
    assert len(found) == 1, f"{title_start!r} not among {list(charts(at))}"
    return found[0]


def ticks(fig: dict) -> list[str]:
    """All tick labels of every axis of a figure."""
    return [t for name, ax in fig["layout"].items() if name.startswith(("xaxis", "yaxis"))
            for t in ax.get("ticktext") or []]


def widget_list(at: AppTest):
    return [*at.text_input, *at.slider, *at.radio, *at.select_slider, *at.number_input, *at.selectbox,
            *at.toggle]


def lesson_page(path: str, timeout: int = 120, **widgets) -> AppTest:
    """The app switched to the lesson at ``path``, then each widget (key -> value) set in turn with a rerun after
    each; no exception along the way."""
    at = AppTest.from_file(APP, default_timeout=timeout).run()
    at.switch_page(path).run()
    assert not at.exception, [e.value for e in at.exception]
    for key, value in widgets.items():
        (widget,) = [w for w in widget_list(at) if w.key == key]
        widget.set_value(value)
        at.run()
        assert not at.exception, [e.value for e in at.exception]
    return at
