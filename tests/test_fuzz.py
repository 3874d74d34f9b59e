"""Every widget of every page driven through its range in AppTest, in three phases on one AppTest per page:

1. a sweep: each widget in turn set to each of its corners (slider and number-input min and max, every option of
   a radio, selectbox or select-slider, a toggle or checkbox flipped, a multiselect emptied and filled, every text
   in the page's list), then set back; a widget that appears on the way (the own-text box, the mask editor) is
   swept there too;
2. a short script of states worth reaching on purpose (overflow and underflow, the recall lab's button);
3. a seeded random walk: each step moves one widget, to a corner with high probability.

After every rerun the page must show no traceback, no chart number that is NaN/inf without the chart marking it
(tests/fuzzcharts.py lists the deliberate ones, read from viz/) and no "nan"/"inf" in its LaTeX or text unless it
states an overflow. A failure prints the page, the seed and every change so far, in order, so it replays.

Cost: a change to a training setting trains new models (hello ~0.1-3 s, gates 3 models ~0.2-8 s), so the walk
has a budget of such changes per page and the texts typed are short; gates refuses steps x characters above the
default's. Never pressed: translate's "Train" (~40 s), vanishing's map button (shown only when the maps would take
over 2 s, up to ~30 s) and its recall sweep (15 trainings up to d = 40). The single-distance recall button is
pressed twice, at d <= 5 (~1 s each)."""

from __future__ import annotations

import json

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptools import APP
from tests.fuzzcharts import figure_problems
from tests.fuzzspecs import PATHS, SEED, SPECS
from tests.fuzztools import chart_problems
from tests.fuzzwalk import walk
from viz.gradients import parameter_gradients
from viz.selfattn import panels
from viz.vanishing import distance_curves, flow_map


@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("page", list(SPECS))
def test_every_widget_through_its_range(page, lang):
    result = walk(SPECS[page], SEED + sum(map(ord, page)), lang=lang)
    print(f"\n{page} ({lang}): {result}")
    assert result["walk"] >= 0.9 * SPECS[page].steps


def test_every_page_is_walked():
    assert {spec.path for spec in SPECS.values()} == {*PATHS.values(), "lessons/home/page.py"}


def test_parameter_gradient_of_exactly_zero_is_marked():
    """With a two-character text (T = 1), h_0 = 0 and so dL/dW_hh = 0 exactly: the bar a log axis cannot draw
    must carry a note, not be left blank."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(PATHS["hello"]).run()
    at.text_input(key="text").set_value("ab").run()
    assert not at.exception
    problems = [p for p in chart_problems(at) if "Parameter gradients" in p]
    assert not problems, problems


def _json(fig) -> dict:
    return json.loads(fig.to_json())


def test_the_checker_accepts_marked_nans_and_flags_unmarked_ones():
    """The rules in tests/fuzzcharts.py on figures from viz/ itself: each deliberate NaN passes, the same NaN
    with its marker taken away does not."""
    norms = {"rnn": np.array([np.inf, 1e-3, 0.0, 1.0]), "lstm": np.array([0.5, 0.5, 0.5, 1.0]),
             "gru": np.array([0.2, 0.3, 0.4, 1.0])}
    curves = _json(distance_curves(norms, np.array([np.inf, 1e3, 10.0, 1.0]), 1e-3, "float32", "c", "en"))
    assert figure_problems([curves]) == []
    curves["data"] = [t for t in curves["data"] if ": " not in t["name"]]  # the edge markers gone
    assert len(figure_problems([curves])) == 2  # the RNN's 0 and inf, the bound's inf

    matrix = np.tril(np.full((4, 4), 0.5))
    matrix[np.triu_indices(4, 1)] = np.nan
    matrix[2, 0], matrix[3, 0] = 0.0, np.inf
    maps = _json(flow_map(matrix, list("abcd"), "rnn", (-1.0, 0.0), "c", "en"))
    assert figure_problems([maps]) == []
    maps["data"] = maps["data"][:1]  # the underflow and overflow layers gone
    assert figure_problems([maps])

    allowed = np.tril(np.ones((3, 3), dtype=bool))
    weights = np.where(allowed, 1 / 3, 0.0)
    masked = _json(panels([dict(name="softmax", z=weights, rows=list("abc"), cols=list("abc"), kind="weights",
                                masked=~allowed)], "t", "c", lang="en"))
    assert figure_problems([masked]) == []
    unmasked = _json(panels([dict(name="softmax", z=np.where(allowed, weights, np.nan), rows=list("abc"),
                                  cols=list("abc"), kind="weights")], "t", "c", lang="en"))
    assert figure_problems([unmasked])  # blank cells nobody painted

    grads = {"W_ih": np.ones(2), "W_hh": np.zeros(2)}
    figure = _json(parameter_gradients(grads, grads, 1, "c", "en"))
    assert figure_problems([figure]) == []  # the zero bars carry their note
    figure["layout"]["annotations"] = []
    assert len(figure_problems([figure])) == 2  # without it, both blank bars are flagged
    assert figure_problems([dict(data=[dict(type="scatter", x=[1, 2], y=[1.0, None])], layout={})])
