"""The RNN shapes: each diagram's boxes, labels and arrows read from the figure, then the lesson page in AppTest
(all six diagrams, the T slider, the grammar's sentence on the encoder-decoder, the reveal). Reference tokens come
from core, not from the page."""

import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from core.grammar import MIN_LENGTH, sample
from core.text import make_task
from tests.apptools import chart, charts, lesson_page
from ui.registry import LESSONS
from viz.shapes import SHAPE_NAMES, SHAPES, shape_diagram

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "shapes")
HELLO = make_task("hello")
READ = [HELLO.vocab[i] for i in HELLO.inputs]  # h e l l
DUE = [HELLO.vocab[i] for i in HELLO.targets]  # e l l o


def boxes(fig: dict, role: str) -> list[dict]:
    return [s for s in fig["layout"]["shapes"] if s.get("name") == role and s["type"] == "rect"]


def labels(fig: dict, trace: str) -> list[str]:
    (found,) = [tr for tr in fig["data"] if tr["name"] == trace]
    return list(found["text"])


def arrows(fig: dict, name: str) -> list[dict]:
    return [a for a in fig["layout"].get("annotations", []) if a.get("name") == name]


def inside(x: float, y: float, box: dict) -> bool:
    return box["x0"] <= x <= box["x1"] and box["y0"] <= y <= box["y1"]


def links(fig: dict, name: str, tail: dict, head: dict) -> bool:
    """True if an arrow called ``name`` starts on the edge of box ``tail`` and ends on the edge of ``head``."""
    eps = 1e-9
    grown = [dict(b, x0=b["x0"] - eps, x1=b["x1"] + eps, y0=b["y0"] - eps, y1=b["y1"] + eps) for b in (tail, head)]
    return any(inside(a["ax"], a["ay"], grown[0]) and inside(a["x"], a["y"], grown[1]) for a in arrows(fig, name))


def rows(cells: list[dict]) -> dict[float, list[dict]]:
    """Cell boxes by row (their centre y), each row left to right."""
    out = {}
    for b in sorted(cells, key=lambda b: b["x0"]):
        out.setdefault((b["y0"] + b["y1"]) / 2, []).append(b)
    return out


def fig_of(kind, inputs, outputs) -> dict:
    return shape_diagram(kind, inputs, outputs, "test").to_plotly_json()


@pytest.mark.parametrize("kind,inputs,outputs,cells", [
    ("one_to_many", ["h"], DUE, 4), ("many_to_one", ["key #0", "#7", "#5", "?"], ["#0"], 4),
    ("synced", READ, DUE, 4), ("bidirectional", READ, DUE, 8), ("stacked", READ, DUE, 8),
    ("encoder_decoder", ["i", "eat", "red", "apple"], ["나는", "빨간", "사과를", "먹는다"], 8)])
def test_boxes_labels_and_every_connection(kind, inputs, outputs, cells):
    fig = fig_of(kind, inputs, outputs)
    assert fig["layout"]["title"]["text"].split("<br>")[0] == SHAPE_NAMES[kind]
    assert len(boxes(fig, "cell")) == cells
    assert labels(fig, "inputs") == inputs and labels(fig, "outputs") == outputs
    assert len(boxes(fig, "output")) == len(outputs)
    cell_rows = rows(boxes(fig, "cell"))
    for row in cell_rows.values():  # each cell hands its state to the next one (bidirectional: one row backwards)
        pairs = list(zip(row[:-1], row[1:], strict=True))
        forward = all(links(fig, "recurrent", a, b) or links(fig, "context", a, b) for a, b in pairs)
        backward = all(links(fig, "recurrent", b, a) for a, b in pairs)
        assert forward or (kind == "bidirectional" and backward)
    bottom = cell_rows[min(cell_rows)]
    for x_box in boxes(fig, "input"):  # x_t -> the cell above it
        assert any(links(fig, "input", x_box, c) for c in bottom)
    tops = [row[-1] for row in cell_rows.values()] if kind == "many_to_one" else cell_rows[max(cell_rows)]
    for y_box in boxes(fig, "output"):  # a cell -> y_t
        assert any(links(fig, "output", c, y_box) for c in tops)
    for box in fig["layout"]["shapes"]:  # nothing outside the fixed ranges, so nothing is clipped
        xr, yr = fig["layout"]["xaxis"]["range"], fig["layout"]["yaxis"]["range"]
        assert xr[0] <= min(box["x0"], box["x1"]) and max(box["x0"], box["x1"]) <= xr[1]
        assert yr[0] <= min(box["y0"], box["y1"]) and max(box["y0"], box["y1"]) <= yr[1]


def test_bidirectional_rows_run_opposite_ways_and_both_reach_the_output():
    fig = fig_of("bidirectional", READ, DUE)
    forward, backward = rows(boxes(fig, "cell")).values()
    assert labels(fig, "forward") == [f"→h<sub>{t}</sub>" for t in range(1, 5)]
    assert labels(fig, "backward") == [f"←h<sub>{t}</sub>" for t in range(1, 5)]
    assert all(links(fig, "recurrent", a, b) for a, b in zip(forward[:-1], forward[1:], strict=True))
    assert all(links(fig, "recurrent", b, a) for a, b in zip(backward[:-1], backward[1:], strict=True))
    for f, b, y, x in zip(forward, backward, boxes(fig, "output"), boxes(fig, "input"), strict=True):
        assert links(fig, "output", f, y) and links(fig, "output", b, y)  # y_t reads [→h_t; ←h_t]
        assert links(fig, "input", x, f) and links(fig, "input", x, b)


def test_stacked_layer_two_reads_layer_one():
    fig = fig_of("stacked", READ, DUE)
    one, two = rows(boxes(fig, "cell")).values()
    assert labels(fig, "layer 2") == [f"h<sup>2</sup><sub>{t}</sub>" for t in range(1, 5)]
    assert all(links(fig, "layer", a, b) for a, b in zip(one, two, strict=True))


def test_one_to_many_feeds_each_output_back_dashed():
    fig = fig_of("one_to_many", ["h"], DUE)
    assert len(boxes(fig, "input")) == 1
    cells, outputs = rows(boxes(fig, "cell"))[1], boxes(fig, "output")
    dashed = [s for s in fig["layout"]["shapes"] if s.get("name") == "feedback"]  # the line; its head an arrow
    assert len(dashed) == 3 and all(s["line"]["dash"] == "dash" for s in dashed)
    for y, c, line in zip(outputs[:-1], cells[1:], dashed, strict=True):  # y_t is the input of step t + 1
        assert inside(line["x0"], line["y0"], y) and inside(line["x1"], line["y1"], c)
        assert any(inside(a["x"], a["y"], c) for a in arrows(fig, "feedback"))


def test_encoder_decoder_context_and_escaped_tokens():
    fig = fig_of("encoder_decoder", ["i", "<b>"], ["나는", "먹는다", "x"])
    assert labels(fig, "inputs") == ["i", "&lt;b&gt;"]  # a token is text, never markup
    assert labels(fig, "decoder input") == ["&lt;s&gt;"]
    assert labels(fig, "encoder") == ["h<sub>1</sub>", "h<sub>2</sub>"]
    assert labels(fig, "decoder") == ["s<sub>1</sub>", "s<sub>2</sub>", "s<sub>3</sub>"]
    cells = rows(boxes(fig, "cell"))[1]
    assert links(fig, "context", cells[1], cells[2]) and len(arrows(fig, "context")) == 1
    assert len(arrows(fig, "feedback")) == 2


@pytest.mark.parametrize("kind,inputs,outputs", [
    ("sideways", ["a"], ["b"]), ("one_to_many", ["a", "b"], ["c"]), ("many_to_one", ["a"], ["b", "c"]),
    ("synced", ["a", "b"], ["c"]), ("stacked", [], []), ("synced", ["a"] * 30, ["b"] * 30)])
def test_bad_input_says_what_is_wrong(kind, inputs, outputs):
    with pytest.raises(ValueError):
        shape_diagram(kind, inputs, outputs, "")


def page(**widgets) -> AppTest:
    return lesson_page(PAGE, timeout=120, **widgets)


def cell_count(at: AppTest, kind: str) -> int:
    return len(boxes(chart(at, SHAPE_NAMES[kind]), "cell"))


def test_page_draws_all_six_on_the_lab_tokens():
    at = page()
    assert set(charts(at)) == {SHAPE_NAMES[k] for k in SHAPES}
    synced = chart(at, SHAPE_NAMES["synced"])
    assert labels(synced, "inputs") == READ and labels(synced, "outputs") == DUE
    one = chart(at, SHAPE_NAMES["one_to_many"])
    assert labels(one, "inputs") == ["h"] and labels(one, "outputs") == DUE
    recall = chart(at, SHAPE_NAMES["many_to_one"])
    assert labels(recall, "inputs")[-1] == "?" and len(labels(recall, "inputs")) == 4
    assert {cell_count(at, k) for k in ("one_to_many", "many_to_one", "synced")} == {4}
    assert cell_count(at, "stacked") == 8
    sentence = sample(np.random.default_rng(0), 4)
    fig = chart(at, SHAPE_NAMES["encoder_decoder"])
    assert labels(fig, "inputs") == sentence.english() and labels(fig, "outputs") == sentence.korean()
    linked = {link.proto.page for link in at.get("page_link")}
    assert linked <= {lesson.url_path for lesson in LESSONS} and {"hello", "vanishing", "gates"} <= linked
    assert at.get("download_button") and not at.error


@pytest.mark.parametrize("T", [2, 7])
def test_slider_changes_the_number_of_cells_and_the_sentence(T):
    at = page()
    assert cell_count(at, "synced") == 4
    at.slider(key="T").set_value(T).run()
    assert not at.exception
    assert cell_count(at, "synced") == T and cell_count(at, "stacked") == 2 * T
    assert cell_count(at, "many_to_one") == max(T, 3)  # the recall task has at least one distractor
    sentence = sample(np.random.default_rng(0), max(T, MIN_LENGTH))
    fig = chart(at, SHAPE_NAMES["encoder_decoder"])
    assert labels(fig, "inputs") == sentence.english() and labels(fig, "outputs") == sentence.korean()
    assert labels(chart(at, SHAPE_NAMES["bidirectional"]), "inputs") == sentence.english()


def test_reveal_shows_the_answer():
    at = page()
    assert not at.success
    at.toggle(key="reveal").set_value(True).run()
    (answer,) = [s.value for s in at.success]
    assert "one to many" in answer and "many to many, in step" in answer
