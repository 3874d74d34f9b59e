"""The vanishing-gradient lesson in AppTest: every control changes the chart data it should, overflow is
flagged, the labs train. Reference numbers come from core.gradients on freshly built cells, not from the page."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.gradients import memory_horizon, state_jacobian_norms
from lessons.vanishing.study import FlowConfig, build_cell, inputs
from tests.apptools import APP, arr, chart, charts, widget_list
from ui import store
from ui.registry import LESSONS

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "vanishing")
CURVES = "How much of the gradient survives"


def page(**widgets) -> AppTest:
    """The page after one run, then one more run with ``widgets`` (key -> value) set, if any."""
    at = AppTest.from_file(APP, default_timeout=120).run()
    at.switch_page(PAGE).run()
    assert not at.exception, [e.value for e in at.exception]
    if widgets:
        for key, value in widgets.items():
            (widget,) = [w for w in widget_list(at) if w.key == key]
            widget.set_value(value)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def curves(at: AppTest) -> dict[str, np.ndarray]:
    """The curves chart's line traces by name (edge markers left out)."""
    return {tr["name"]: arr(tr["y"]) for tr in chart(at, CURVES)["data"] if tr.get("mode") == "lines"}


def reference(**changes) -> dict[str, np.ndarray]:
    config = FlowConfig(**changes)
    x, _ = inputs(config)
    return {kind: state_jacobian_norms(build_cell(config, kind, x.shape[1]), x) for kind in ("rnn", "lstm", "gru")}


def test_default_page_shows_the_three_measured_curves_and_the_bound():
    at = page()
    lines = curves(at)
    assert set(lines) == {"RNN (tanh)", "LSTM", "GRU", "bound σ_max(W_hh)^d (Pascanu 2013)"}
    ref = reference()
    for name, kind in (("RNN (tanh)", "rnn"), ("LSTM", "lstm"), ("GRU", "gru")):
        np.testing.assert_allclose(lines[name], ref[kind], rtol=1e-6)
    rnn, bound = lines["RNN (tanh)"], lines["bound σ_max(W_hh)^d (Pascanu 2013)"]
    assert np.all(rnn <= bound * (1 + 1e-5))
    (held,) = [c.value for c in at.caption if "stays under the bound" in c.value]
    ratio = float(held.rsplit(": ", 1)[1].rstrip(").")) if ": " in held else None
    assert ratio == pytest.approx(np.max(rnn[:-1] / bound[:-1]), rel=1e-2)
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["RNN (tanh): memory horizon"] == f"{memory_horizon(ref['rnn'], 1e-3)} steps"
    assert memory_horizon(ref["lstm"], 1e-3) > memory_horizon(ref["rnn"], 1e-3)
    assert not at.error and not at.warning
    assert len([t for t in charts(at) if t in ("RNN (tanh)", "LSTM", "GRU")]) == 3  # the three flow maps


@pytest.mark.parametrize("key,value,changed", [
    ("T", 100, {"RNN (tanh)", "LSTM", "GRU"}),
    ("H", 16, {"RNN (tanh)", "LSTM", "GRU"}),
    ("scale", 1.5, {"RNN (tanh)", "LSTM", "GRU"}),
    ("input_scale", 0.5, {"RNN (tanh)", "LSTM", "GRU"}),
    ("forget", 3.0, {"LSTM"}),  # the forget bias is the LSTM's alone
    ("seed", 7, {"RNN (tanh)", "LSTM", "GRU"}),
    ("dtype", "float64", set()),  # same numbers to float32 rounding; checked separately below
])
def test_every_control_changes_the_curves_it_should(key, value, changed):
    before = curves(page())
    after = curves(page(**{key: value}))
    for name in ("RNN (tanh)", "LSTM", "GRU"):
        same = before[name].shape == after[name].shape and np.allclose(before[name], after[name], rtol=1e-4)
        assert same == (name not in changed), (key, name)


def test_scale_measured_as_singular_value_changes_the_rnn_bound():
    at = page(measure="sigma")
    bound = curves(at)["bound σ_max(W_hh)^d (Pascanu 2013)"]
    np.testing.assert_allclose(bound[-2], 0.8, rtol=1e-5)  # one step back: sigma_max itself
    assert any("< 1" in el.value and "must" in el.value for el in at.markdown)


def test_float64_matches_float32_to_rounding():
    lines32, lines64 = curves(page()), curves(page(dtype="float64"))
    for name in ("RNN (tanh)", "LSTM", "GRU"):
        np.testing.assert_allclose(lines32[name], lines64[name], rtol=1e-3)


def test_spectral_radius_3_with_200_steps_flags_overflow():
    at = page(scale=3.0, T=200)
    assert any("Overflow" in w.value for w in at.warning)
    fig = chart(at, CURVES)
    edge = [tr for tr in fig["data"] if tr.get("mode") == "markers" and "overflow" in tr["name"]]
    assert edge and all(arr(tr["y"]).size > 0 for tr in edge)
    bound = curves(at)["bound σ_max(W_hh)^d (Pascanu 2013)"]
    assert np.isnan(bound).any() and np.nanmax(bound) > 1e30  # drawn up to the overflow, then marked
    assert "overflow" in " ".join(note["text"] for note in fig["layout"]["annotations"])


def test_tiny_recurrent_matrix_flags_underflow():
    at = page(scale=0.1, T=200)
    assert any("Underflow" in el.value for el in at.info)
    fig = chart(at, CURVES)
    assert [tr for tr in fig["data"] if tr.get("mode") == "markers" and "underflow" in tr["name"]]


def test_own_text_and_bad_text():
    at = page(input="text")
    assert not at.error
    assert curves(at)["RNN (tanh)"].shape == (len(FlowConfig.text),)
    at.text_input(key="text").set_value("").run()
    assert len(at.error) == 1 and at.error[0].value.startswith("Input:")
    at.text_input(key="text").set_value("x" * 201).run()
    assert "at most 200" in at.error[0].value


def test_backward_walk_follows_k_and_the_cell():
    at = page()
    T = FlowConfig.length
    assert chart(at, f"The local Jacobian ∂s_{{{T}}}/∂s_{{{T - 1}}}")
    at.slider(key="k").set_value(5).run()
    jac = chart(at, "The local Jacobian ∂s_{6}/∂s_{5}")
    H = FlowConfig.hidden_size
    assert arr(jac["data"][0]["z"]).shape == (H, H)
    sv = arr(chart(at, "Singular values of that Jacobian")["data"][0]["y"])
    np.testing.assert_allclose(sv.max(), np.linalg.svd(arr(jac["data"][0]["z"]).astype(float))[1].max(), rtol=1e-5)
    ring = chart(at, "The fading chain")["layout"]["shapes"][0]
    assert (ring["x0"], ring["x1"]) == (4.5, 5.5)
    assert not [t for t in charts(at) if t.startswith("The cell-state highway")]
    at.radio(key="walk_cell").set_value("LSTM").run()
    assert arr(chart(at, "The local Jacobian ∂s_{6}/∂s_{5}")["data"][0]["z"]).shape == (2 * H, 2 * H)
    product = arr(chart(at, "The cell-state highway from step 5")["data"][0]["y"])
    assert product.shape == (H,) and np.all((product > 0) & (product < 1))


def test_layers_give_one_curve_each():
    at = page(layers=3)
    fig = chart(at, "Depth as well as time")
    assert [tr["name"] for tr in fig["data"]] == ["layer 1 (bottom)", "layer 2", "layer 3 (top)"]
    top = arr(fig["data"][2]["y"])
    assert top[-1] == pytest.approx(1.0)


def test_predict_then_reveal_measures_sigma_half():
    at = page()
    at.radio(key="guess").set_value("below")
    at.toggle(key="reveal").set_value(True).run()
    (msg,) = at.success
    halved = reference(scale=0.5, scale_kind="sigma")["rnn"]
    assert f"{halved[-21]:.2e}" in msg.value


def test_clipping_lab_trains_both_runs_and_clips_below_the_threshold():
    at = page(clip_at=2.5)
    _, before, after = (arr(tr["y"]) for tr in chart(at, "Gradient norm at every step")["data"])
    clipped = before > 2.5
    assert clipped.any() and np.all(after[clipped] <= 2.5 * (1 + 1e-5))
    np.testing.assert_allclose(after[~clipped], before[~clipped], rtol=1e-6)
    plain, with_clip = (arr(tr["y"]) for tr in chart(at, "Training loss, same start")["data"])
    assert plain[0] == pytest.approx(with_clip[0], rel=1e-5)  # the same initial weights
    assert np.nanmin(with_clip[-10:]) < np.nanmin(plain[-10:])
    assert any(f"**{int(clipped.sum())} of " in el.value for el in at.markdown)


def test_recall_lab_trains_one_distance_for_all_three_cells():
    store.clear()  # results are shared by every session of the process: start as a fresh server does
    at = page(d=2)
    assert not [t for t in charts(at) if t.startswith("Recall the first symbol")]
    at.button(key="recall_one").click().run()
    assert not at.exception
    fig = chart(at, "Recall the first symbol")
    assert [tr["name"] for tr in fig["data"]] == ["RNN (tanh)", "LSTM", "GRU"]
    for tr in fig["data"]:
        assert list(arr(tr["x"])) == [2] and 0 <= arr(tr["y"])[0] <= 100
    assert arr(fig["data"][1]["y"])[0] > 50  # the LSTM recalls across two distractors (chance: 25 %)


def test_large_maps_wait_for_a_click():
    at = page(T=200, H=128)
    assert not [t for t in charts(at) if t in ("RNN (tanh)", "LSTM", "GRU")]
    (button,) = [b for b in at.button if b.key == "maps_go"]
    assert "roughly" in button.label
    assert chart(at, CURVES)  # the rest of the page is there
