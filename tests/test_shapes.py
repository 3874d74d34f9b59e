"""The RNN shapes' diagrams (viz.shapes): each diagram's boxes, labels and arrows read from the figure, and bad
input refused. The section that shows them (section 4 of "Sequences and recurrence") is tested in
test_shapes_page.py. Reference tokens come from core."""

import pytest

from tests.shapetools import DUE, READ, arrows, boxes, inside, labels, links, rows
from viz.shapes import SHAPES, shape_diagram, shape_names


def fig_of(kind, inputs, outputs, lang="en") -> dict:
    return shape_diagram(kind, inputs, outputs, "test", lang=lang).to_plotly_json()


@pytest.mark.parametrize("kind,inputs,outputs,cells", [
    ("one_to_one", ["h"], ["e"], 1), ("one_to_many", ["h"], DUE, 4),
    ("many_to_one", ["key #0", "#7", "#5", "?"], ["#0"], 4),
    ("synced", READ, DUE, 4), ("bidirectional", READ, DUE, 8), ("stacked", READ, DUE, 8),
    ("encoder_decoder", ["i", "eat", "red", "apple"], ["나는", "빨간", "사과를", "먹는다"], 8)])
def test_boxes_labels_and_every_connection(kind, inputs, outputs, cells):
    fig = fig_of(kind, inputs, outputs)
    assert fig["layout"]["title"]["text"].split("<br>")[0] == shape_names("en")[kind]
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


def test_one_to_one_is_one_column_with_no_recurrent_arrow():
    """Note 004's One-To-One: one input, one cell, one output, and nothing hands a state on (an ordinary network)."""
    fig = fig_of("one_to_one", ["h"], ["e"])
    (x_box,), (cell,), (y_box,) = boxes(fig, "input"), boxes(fig, "cell"), boxes(fig, "output")
    assert links(fig, "input", x_box, cell) and links(fig, "output", cell, y_box)
    assert arrows(fig, "recurrent") == [] and arrows(fig, "feedback") == []


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
    ("sideways", ["a"], ["b"]), ("one_to_one", ["a"], ["b", "c"]), ("one_to_one", ["a", "b"], ["c"]),
    ("one_to_many", ["a", "b"], ["c"]), ("many_to_one", ["a"], ["b", "c"]),
    ("synced", ["a", "b"], ["c"]), ("stacked", [], []), ("synced", ["a"] * 30, ["b"] * 30)])
def test_bad_input_says_what_is_wrong(kind, inputs, outputs):
    with pytest.raises(ValueError):
        shape_diagram(kind, inputs, outputs, "", lang="en")


def test_each_shape_is_named_in_both_languages_with_the_lecture_notes_names():
    """The diagrams' titles: one name per shape in each language, the Korean ones the lecture notes' (일 대 일,
    일 대 다, 다 대 일, 다 대 다, Synced Many to Many), and the same drawing under either title."""
    en, ko = shape_names("en"), shape_names("ko")
    assert set(en) == set(ko) == set(SHAPES)
    assert len(set(en.values())) == len(set(ko.values())) == len(SHAPES)
    assert (ko["one_to_one"], ko["one_to_many"], ko["many_to_one"]) == ("일 대 일", "일 대 다", "다 대 일")
    assert "Synced" in en["synced"]
    assert ko["encoder_decoder"].startswith("다 대 다") and "Synced Many to Many" in ko["synced"]
    for kind in SHAPES:
        inputs = ["h"] if kind in ("one_to_one", "one_to_many") else READ
        outputs = ["#0"] if kind == "many_to_one" else ["e"] if kind == "one_to_one" else DUE
        english, korean = fig_of(kind, inputs, outputs), fig_of(kind, inputs, outputs, "ko")
        assert korean["layout"]["title"]["text"].split("<br>")[0] == ko[kind]
        assert korean["data"] == english["data"] and korean["layout"]["shapes"] == english["layout"]["shapes"]
