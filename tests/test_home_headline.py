"""The home page's headline (issue 20): the plain RNN's gradient dying and the LSTM's surviving, on one axis, from
the vanishing lesson's defaults. The chart's curves are checked against autograd through PyTorch's own modules (the
same weights, float64), and the sentence and the alt text against the chart's own numbers, in both languages."""

import re

import numpy as np
import pytest

from lessons.vanishing.study import FlowConfig, build_cell, inputs
from tests.apptools import APP, arr, chart
from tests.gradtools import MODULES, one_thread, reference_norms, torch_states

_one_thread = pytest.fixture(autouse=True, scope="module")(one_thread)
TITLES = {"en": "The gradient travelling back through time", "ko": "시간을 거슬러 가는 기울기"}


def home(lang: str):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(APP, default_timeout=120)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def autograd_norms(kind: str) -> np.ndarray:
    """||ds_T/ds_k|| of the lesson's default cell by autograd through torch.nn.RNN/LSTM (float64 copies)."""
    config = FlowConfig()
    x, _ = inputs(config)
    cell = build_cell(config, kind, x.shape[1])
    H = config.hidden_size
    seq = MODULES[kind][1](x.shape[1], H).double().requires_grad_(False)
    seq.load_state_dict(cell.state_dict())
    step = MODULES[kind][2](x.shape[1], H).double().requires_grad_(False)
    step.load_state_dict({name.removesuffix("_l0"): v for name, v in cell.state_dict().items()})
    x = x.double()
    return reference_norms(kind, seq, H, x, torch_states(kind, step, H, x))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_the_home_page_opens_on_the_rnn_and_lstm_gradients_measured(lang):
    at = home(lang)
    fig = chart(at, TITLES[lang])
    lines = {t["name"]: t for t in fig["data"] if t.get("mode") == "lines"}
    assert set(lines) == {"RNN (tanh)", "LSTM"}  # the two cells, no bound: the headline is the contrast
    T = FlowConfig().length
    horizons = {}
    for name, kind in (("RNN (tanh)", "rnn"), ("LSTM", "lstm")):
        x, y = arr(lines[name]["x"]), arr(lines[name]["y"])
        expected = autograd_norms(kind)  # float32 cells against a float64 reference: 1e-3 holds on any CPU
        np.testing.assert_allclose(y[np.argsort(x)], expected[::-1], rtol=1e-3)
        horizons[kind] = int(np.max(np.flatnonzero(expected[::-1] >= 1e-3)))
    assert horizons["rnn"] < 20 < 40 < horizons["lstm"]  # the point the page makes holds on these numbers
    sentence = next(m.value for m in at.markdown if "1e-03" in m.value and str(T - 1) in m.value)
    bold = [int(n) for n in re.findall(r"\*\*(\d+)", sentence)]
    assert bold == [horizons["rnn"], horizons["lstm"]]
    (element,) = at.get("plotly_chart")
    alt = element.proto.alt
    assert f"{horizons['rnn']}" in alt and f"{horizons['lstm']}" in alt and ("log" in alt or "로그" in alt)
    if lang == "ko":
        assert re.search("[가-힣]", alt) and re.search("[가-힣]", sentence)


def test_the_headline_link_opens_the_vanishing_lesson():
    at = home("en")
    links = [p for p in at.get("page_link") if "vanishing" in p.proto.page]
    assert links and links[0].proto.label.startswith("Lesson 2")
