"""The landing page and the "Hello, RNN" lesson run in streamlit's AppTest: widgets moved, charts read back.
Helpers that read charts back are in tests/apptools.py."""

import re

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from tests.apptools import APP, arr, chart, charts, ticks, title_of, widget_list
from ui.registry import LESSONS

HELLO = next(lesson.path for lesson in LESSONS if lesson.key == "hello")  # "lessons/hello/page.py"


def cell_option(at: AppTest, cell: str):
    """The radio's option for "rnn"/"lstm"/"gru", whatever case its labels use."""
    (option,) = [o for o in at.radio(key="cell").options if o.lower().startswith(cell)]
    return option


def hello(**widgets) -> AppTest:
    """The hello page after one run, then one more run with ``widgets`` (key -> value) set, if any."""
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(HELLO).run()
    if widgets:
        for key, value in widgets.items():
            if key == "cell":
                at.radio(key="cell").set_value(cell_option(at, value))
            else:
                (widget,) = [w for w in widget_list(at) if w.key == key]
                widget.set_value(value)
        at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def markdown_number(at: AppTest, pattern: str) -> float:
    (match,) = [m for el in at.markdown if (m := re.search(pattern, el.value))]
    return float(match.group(1))


def test_landing_page_links_to_the_hello_lesson():
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert not at.exception
    links = at.get("page_link")
    assert any("Hello, RNN" in link.proto.label and link.proto.page == "hello" for link in links)
    assert at.title[0].value


@pytest.mark.parametrize("cell", ["rnn", "lstm", "gru"])
def test_hello_is_learned_by_every_cell(cell):
    at = hello(cell=cell)
    assert cell_option(at, cell) == at.radio(key="cell").value
    (acc,) = [m for m in at.metric if "accuracy" in m.label.lower()]
    assert acc.value == "100 %"
    loss = arr(chart(at, "Training: loss and accuracy")["data"][0]["y"])
    assert loss.shape == (100,) and loss[-1] < 0.1 and loss[-1] < loss[0] / 20
    assert not at.error and not at.warning


def test_timestep_slider_moves_the_box_and_the_numbers():
    at = hello()
    before = [el.value for el in at.latex]
    at.slider(key="t").set_value(3).run()
    assert not at.exception
    heat = chart(at, "Hidden state h over time")
    assert "step t = 3" in title_of(heat)
    assert chart(at, "Prediction at step t = 3")
    solid = [s for s in heat["layout"]["shapes"] if s["line"].get("dash") == "solid"]
    assert [(s["x0"], s["x1"]) for s in solid] == [(2.5, 3.5)]
    assert sorted(a["x"] for a in heat["layout"]["annotations"]) == [2, 3]
    after = [el.value for el in at.latex]
    assert after != before and any("h_{3}" in line for line in after)
    h3 = arr(heat["data"][0]["z"])[:, 3]  # (H, T+1): column 3 is h_3
    vector = r"\begin{bmatrix}" + r" \\ ".join(f"{v:.2f}".replace("-0.00", "0.00") for v in h3) + r"\end{bmatrix}"
    assert any(line.rstrip("$\n ").endswith(vector) for line in after), (vector, after)


def test_cell_type_changes_traces_and_equations():
    at = hello()
    rnn_z = arr(chart(at, "Hidden state h over time")["data"][0]["z"])
    assert not any(t.startswith("Hidden state c") for t in charts(at))
    assert not any("f_{" in el.value or "z_{" in el.value for el in at.latex)
    at.radio(key="cell").set_value(cell_option(at, "lstm")).run()
    lstm_z = arr(chart(at, "Hidden state h over time")["data"][0]["z"])
    assert lstm_z.shape == rnn_z.shape and not np.allclose(lstm_z, rnn_z)
    c = chart(at, "Hidden state c over time")
    assert arr(c["data"][0]["z"]).shape == rnn_z.shape
    assert any("f_{" in el.value for el in at.latex) and any("c_{" in el.value for el in at.latex)
    at.radio(key="cell").set_value(cell_option(at, "gru")).run()
    gru_z = arr(chart(at, "Hidden state h over time")["data"][0]["z"])
    assert not np.allclose(gru_z, lstm_z) and not np.allclose(gru_z, rnn_z)
    assert not any(t.startswith("Hidden state c") for t in charts(at))
    assert any("z_{" in el.value for el in at.latex) and not any("f_{" in el.value for el in at.latex)


@pytest.mark.parametrize("text", ["안녕하세요", "hi 👋🙂 hi"])
def test_korean_and_emoji_text(text):
    at = hello(text=text)
    assert not at.error
    heat = chart(at, "Hidden state h over time")
    assert arr(heat["data"][0]["z"]).shape[1] == len(text)  # h_0 .. h_T
    labels = " ".join(ticks(heat))
    for ch in set(text[:-1].replace(" ", "␣")):
        assert ch in labels, (ch, labels)
    assert text[-1] in " ".join(ticks(chart(at, "Loss per step")))  # the last character is only a target


@pytest.mark.parametrize("text", ["", "   ", "a", "x" * 65])
def test_bad_text_shows_an_error(text):
    at = hello(text=text)
    assert len(at.error) == 1 and at.error[0].value.startswith("Text:")
    assert not at.get("plotly_chart")


def test_64_characters_work():
    at = hello(text="ab" * 32)
    assert not at.error
    assert arr(chart(at, "Loss per step")["data"][0]["y"]).shape == (63,)


def test_html_in_the_text_stays_text():
    at = hello(text="<b>x</b><script>")
    figs = charts(at)
    texts = [t for f in figs.values() for t in ticks(f)]
    for tr in (tr for f in figs.values() for tr in f["data"]):
        for k in ("text", "customdata", "name"):
            texts += [str(v) for v in np.ravel(tr.get(k) or []) if not isinstance(tr.get(k), dict)]
    assert any("&lt;" in t for t in texts)
    assert not [t for t in texts if "<b>" in t.lower() or "<script" in t.lower()]


def test_rnn_gradients_numpy_and_autograd_agree():
    at = hello()
    traces = chart(at, "How strongly the loss pulls")["data"]
    assert len(traces) == 2
    assert "NumPy" in traces[0]["name"] and "autograd" in traces[1]["name"]
    a, b = arr(traces[0]["y"]), arr(traces[1]["y"])
    assert a.shape == (4,) and np.all(a > 0)
    np.testing.assert_allclose(a, b, rtol=0, atol=1e-10)
    assert markdown_number(at, r"NumPy and the autograd gradient.*\*\*([0-9.e+-]+)\*\*") < 1e-10


WINDOWS_MAP = "Which loss reaches which hidden state: per-loss windows"
CHUNKS_MAP = "Which loss reaches which hidden state: chunks"


def test_truncation_window():
    at = hello(text="hello world")
    at.slider(key="k").set_value(1).run()
    full, cut, chunks = (arr(tr["y"]) for tr in chart(at, "‖∂L/∂h_t‖: full BPTT and truncated")["data"])
    assert full.shape == cut.shape == chunks.shape == (10,) and not np.allclose(full, cut)
    np.testing.assert_allclose(chunks, cut, rtol=0, atol=1e-12)  # k = 1: both keep only the loss's own step
    assert markdown_number(at, r"With k = 1, .* changes by ([0-9.]+)%") > 0
    assert len(chart(at, WINDOWS_MAP)["data"]) == 2  # the grey "cut" layer
    assert len(chart(at, CHUNKS_MAP)["data"]) == 2
    assert not any("nothing is cut" in el.value for el in at.info)
    at.slider(key="k").set_value(10).run()
    full, cut, chunks = (arr(tr["y"]) for tr in chart(at, "‖∂L/∂h_t‖: full BPTT and truncated")["data"])
    np.testing.assert_allclose(cut, full, rtol=0, atol=1e-12)
    np.testing.assert_allclose(chunks, full, rtol=0, atol=1e-12)
    assert any("nothing is cut" in el.value for el in at.info)
    assert markdown_number(at, r"With k = 10, .* changes by ([0-9.]+)%") == 0
    assert markdown_number(at, r"With k = 10, .* and by ([0-9.]+)% with chunks") == 0
    assert len(chart(at, WINDOWS_MAP)["data"]) == 1 and len(chart(at, CHUNKS_MAP)["data"]) == 1


@pytest.mark.parametrize("text", ["hello", "hello world"])
def test_predict_then_reveal(text):
    at = hello(text=text)
    heat = chart(at, WINDOWS_MAP)["data"][0]
    z, norms = arr(heat["z"]), arr(heat["customdata"])
    best = int(np.nanargmax(z[-1]))  # last row: the loss L_T
    assert best == int(np.argmax(norms[-1]))
    guess = (best + 1) % z.shape[0] + 1  # a wrong step t (the options are the steps 1..T)
    at.radio(key="guess").set_value(guess)
    at.toggle(key="reveal").set_value(True).run()
    (msg,) = at.success
    assert f"**h_{best + 1} · " in msg.value
    assert f"was h_{guess} · " in msg.value
    at.radio(key="guess").set_value(best + 1).run()
    assert "was right" in at.success[0].value


def test_query_params_select_the_cell():
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.query_params["cell"] = "GRU"  # the option label is the URL value (?cell=GRU)
    at.query_params["t"] = "2"
    at.switch_page(HELLO).run()
    assert not at.exception
    assert at.radio(key="cell").value == cell_option(at, "gru")
    assert any("z_{2}" in el.value for el in at.latex)
    assert "GRU" in title_of(chart(at, "Hidden state h over time"))
