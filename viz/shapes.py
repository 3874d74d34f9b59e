"""The shapes of recurrent networks, drawn unrolled: a box per input, per state and per output, an arrow for
every connection (the picture of Karpathy's "The Unreasonable Effectiveness of Recurrent Neural Networks", 2015).

Every shape is the same cell h_t = f(h_{t-1}, x_t); only where inputs go in and outputs come out changes.
Time steps are columns one unit apart and rows are one unit apart, on hidden axes with fixed ranges that hold
every box. Boxes are sized in data units, so they stretch with the chart and never overlap. Each box and arrow
carries a ``name`` (its role), which is what the tests read; the caller passes the tokens, this module places them.
The shapes' names (the diagrams' titles) are in viz/text/shapes.<lang>.toml: every diagram takes ``lang``."""

from __future__ import annotations

import plotly.graph_objects as go

from viz.ink import MUTED, NEUTRAL, TEXT
from viz.labels import char_label
from viz.style import FONT, OKABE_ITO, figure, layout
from viz.words import words

SHAPES = ("one_to_one", "one_to_many", "many_to_one", "encoder_decoder", "synced", "bidirectional", "stacked")
MAX_COLUMNS = 24  # beyond this the token labels no longer fit a column on a laptop screen
WIRE, GREY = MUTED, "#8c8c8c"  # ink of the theme (issue 20: a fixed dark grey vanished on the dark page)
IO_W, CELL_W, NARROW_W, BOX_H = 0.4, 0.34, 0.22, 0.23  # half sizes: a column is 1 wide, a row 1 high
SHIFT, BYPASS = 0.12, 0.22  # bidirectional: the forward row sits SHIFT left of the column and the backward row
# SHIFT right, so an arrow at BYPASS from the column's centre leaves one row's box and passes beside the other's
GAP = 0.6  # extra room between the encoder and the decoder for the context arrow
ROW_PX = 64  # height of one row, px
MIN_SPAN = 4.6  # columns: a short diagram is centred in this much room instead of stretching its boxes


def shape_names(lang: str) -> dict[str, str]:
    """Each shape's name in ``lang``, by kind (one of SHAPES)."""
    return words("shapes", lang)["names"]


def _tint(colour: str, alpha: float = 0.15) -> str:
    r, g, b = (int(colour[k:k + 2], 16) for k in (1, 3, 5))
    return f"rgba({r}, {g}, {b}, {alpha})"


class _Drawing:
    """Boxes (layout shapes), arrows (annotations) and one text trace per row, collected then built at once."""

    def __init__(self):
        self.shapes, self.arrows, self.traces = [], [], []

    def row(self, name, xs, y, labels, colour, role, half_width=CELL_W) -> None:
        fill = NEUTRAL if role == "input" else _tint(colour)
        self.shapes += [dict(type="rect", name=role, x0=x - half_width, x1=x + half_width, y0=y - BOX_H,
                             y1=y + BOX_H, fillcolor=fill, line=dict(color=colour, width=1.5), layer="below")
                        for x in xs]
        self.traces.append(dict(type="scatter", name=name, x=list(xs), y=[y] * len(xs), text=list(labels),
                                mode="text", hoverinfo="skip", textfont=dict(color=TEXT)))

    def arrow(self, x0, y0, x1, y1, name, colour=WIRE, width=1.5) -> None:
        self.arrows.append(dict(name=name, x=x1, y=y1, ax=x0, ay=y0, axref="x", ayref="y", text="",
                                showarrow=True, arrowhead=2, arrowwidth=width, arrowcolor=colour))

    def feedback(self, x0, y0, x1, y1) -> None:
        """A dashed arrow (annotations draw solid lines only): a dashed line, and an arrowhead on its last tenth."""
        self.shapes.append(dict(type="line", name="feedback", x0=x0, y0=y0, x1=x1, y1=y1,
                                line=dict(color=GREY, width=1.5, dash="dash")))
        self.arrow(x1 - 0.1 * (x1 - x0), y1 - 0.1 * (y1 - y0), x1, y1, "feedback", GREY)

    def chain(self, name, xs, y, labels, colour, backward=False, half_width=CELL_W) -> None:
        """A row of cells and the recurrent arrows h_{t-1} -> h_t (right to left when ``backward``)."""
        self.row(name, xs, y, labels, colour, "cell", half_width)
        for a, b in zip(xs[:-1], xs[1:], strict=True):
            start, end = (b, a) if backward else (a, b)
            sign = 1 if end > start else -1
            self.arrow(start + sign * half_width, y, end - sign * half_width, y, "recurrent", colour, 2)

    def up(self, x, y0, y1, name, x_end=None) -> None:
        """An arrow from the top of the box at (x, y0) to the bottom of the box above at (x_end, y1)."""
        self.arrow(x, y0 + BOX_H, x if x_end is None else x_end, y1 - BOX_H, name)


def _cells(symbol: str, T: int, prefix: str = "", layer: int | None = None) -> list[str]:
    sup = "" if layer is None else f"<sup>{layer}</sup>"
    return [f"{prefix}{symbol}{sup}<sub>{t}</sub>" for t in range(1, T + 1)]


def _check(kind: str, inputs: list[str], outputs: list[str]) -> None:
    if kind not in SHAPES:
        raise ValueError(f"kind must be one of {', '.join(SHAPES)}, got {kind!r}")
    if not inputs or not outputs:
        raise ValueError("give at least one input and one output token")
    if kind == "one_to_one" and (len(inputs), len(outputs)) != (1, 1):
        raise ValueError(f"one to one reads one input and writes one output, got {len(inputs)} and {len(outputs)}")
    if kind == "one_to_many" and len(inputs) != 1:
        raise ValueError(f"one to many reads one input, got {len(inputs)}")
    if kind == "many_to_one" and len(outputs) != 1:
        raise ValueError(f"many to one writes one output, got {len(outputs)}")
    if kind in ("synced", "bidirectional", "stacked") and len(inputs) != len(outputs):
        raise ValueError(f"{kind} writes one output per input: got {len(inputs)} inputs and "
                         f"{len(outputs)} outputs")
    if len(inputs) + len(outputs) > 2 * MAX_COLUMNS:
        raise ValueError(f"at most {MAX_COLUMNS} steps fit a diagram")


def _one_row(d: _Drawing, kind: str, inputs: list[str], outputs: list[str]) -> None:
    """one_to_one, one_to_many, many_to_one and synced: inputs on row 0, cells on row 1, outputs on row 2 (one to
    one is a single column: no step hands a state to another, an ordinary network)."""
    T = max(len(inputs), len(outputs))
    xs = list(range(T))
    x_in = xs[:len(inputs)]
    x_out = xs[-1:] if kind == "many_to_one" else xs
    d.chain("cells", xs, 1, _cells("h", T), OKABE_ITO[0])
    d.row("inputs", x_in, 0, inputs, GREY, "input", IO_W)
    d.row("outputs", x_out, 2, outputs, OKABE_ITO[2], "output", IO_W)
    for x in x_in:
        d.up(x, 0, 1, "input")
    for x in x_out:
        d.up(x, 1, 2, "output")
    if kind == "one_to_many":  # each output is fed back as the next step's input
        for x in xs[:-1]:
            d.feedback(x + IO_W * 0.7, 2 - BOX_H, x + 1 - CELL_W * 0.7, 1 + BOX_H)


def _encoder_decoder(d: _Drawing, inputs: list[str], outputs: list[str]) -> None:
    """Encoder cells h_i read the source; the last one is the context c that starts the decoder s_t, which
    reads <s> and then each word it wrote."""
    enc = list(range(len(inputs)))
    dec = [len(inputs) + GAP + j for j in range(len(outputs))]
    d.chain("encoder", enc, 1, _cells("h", len(enc)), OKABE_ITO[0])
    d.chain("decoder", dec, 1, _cells("s", len(dec)), OKABE_ITO[1])
    d.row("inputs", enc, 0, inputs, GREY, "input", IO_W)
    d.row("decoder input", dec[:1], 0, [char_label("<s>")], GREY, "input", IO_W)
    d.row("outputs", dec, 2, outputs, OKABE_ITO[2], "output", IO_W)
    for x in enc + dec[:1]:
        d.up(x, 0, 1, "input")
    for x in dec:
        d.up(x, 1, 2, "output")
    for a, b in zip(dec[:-1], dec[1:], strict=True):
        d.feedback(a + IO_W * 0.7, 2 - BOX_H, b - CELL_W * 0.7, 1 + BOX_H)
    d.arrow(enc[-1] + CELL_W, 1, dec[0] - CELL_W, 1, "context", OKABE_ITO[4], 2.5)
    d.traces.append(dict(type="scatter", name="context", x=[(enc[-1] + dec[0]) / 2], y=[1 + BOX_H],
                         text=["c"], mode="text", textposition="top center", hoverinfo="skip",
                         textfont=dict(color=OKABE_ITO[4])))


def _two_rows(d: _Drawing, kind: str, inputs: list[str], outputs: list[str]) -> None:
    """bidirectional: a forward row (row 1) and a backward row (row 2), both reading x_t and both feeding y_t,
    which reads them concatenated; the rows sit a little apart sideways so that every arrow can run straight up
    beside the other row's box. stacked: layer 2 reads layer 1's h_t."""
    T = len(inputs)
    xs = list(range(T))
    d.row("inputs", xs, 0, inputs, GREY, "input", IO_W)
    d.row("outputs", xs, 3, outputs, OKABE_ITO[2], "output", IO_W)
    if kind == "stacked":
        d.chain("layer 1", xs, 1, _cells("h", T, layer=1), OKABE_ITO[0])
        d.chain("layer 2", xs, 2, _cells("h", T, layer=2), OKABE_ITO[5])
        for x in xs:
            d.up(x, 0, 1, "input")
            d.up(x, 1, 2, "layer")
            d.up(x, 2, 3, "output")
        return
    d.chain("forward", [x - SHIFT for x in xs], 1, _cells("h", T, "→"), OKABE_ITO[0], half_width=NARROW_W)
    d.chain("backward", [x + SHIFT for x in xs], 2, _cells("h", T, "←"), OKABE_ITO[3], backward=True,
            half_width=NARROW_W)
    for x in xs:
        d.up(x - SHIFT, 0, 1, "input")
        d.arrow(x + BYPASS, BOX_H, x + BYPASS, 2 - BOX_H, "input")  # x_t -> ←h_t, beside →h_t
        d.arrow(x - BYPASS, 1 + BOX_H, x - BYPASS, 3 - BOX_H, "output")  # →h_t -> y_t, beside ←h_t
        d.up(x + SHIFT, 2, 3, "output")


def shape_diagram(kind: str, inputs: list[str], outputs: list[str], caption: str, *, lang: str) -> go.Figure:
    """The unrolled diagram of ``kind`` (one of SHAPES) reading the ``inputs`` tokens and writing ``outputs``,
    titled with the shape's name in ``lang``.

    one_to_one reads one input and writes one output (no recurrence); one_to_many takes one input and feeds each
    output back in; many_to_one writes one output after the last
    step; synced, bidirectional and stacked write one output per input; encoder_decoder reads all inputs, then
    writes all outputs. Tokens are shown as text, never as markup."""
    _check(kind, inputs, outputs)
    d = _Drawing()
    inputs, outputs = [char_label(s) for s in inputs], [char_label(s) for s in outputs]
    if kind == "encoder_decoder":
        _encoder_decoder(d, inputs, outputs)
    elif kind in ("bidirectional", "stacked"):
        _two_rows(d, kind, inputs, outputs)
    else:
        _one_row(d, kind, inputs, outputs)
    rows = 4 if kind in ("bidirectional", "stacked") else 3
    right = max(s["x1"] for s in d.shapes if s["type"] == "rect")
    pad = max(MIN_SPAN - (right + IO_W + 0.3), 0) / 2
    hidden = dict(visible=False, fixedrange=True)
    size = 13 if right < 10 else 11
    return figure(data=d.traces, layout=layout(
        shape_names(lang)[kind], caption, height=80 + ROW_PX * rows, margin=dict(l=8, r=8, t=70, b=8),
        font=dict(family=FONT, size=size, color=TEXT), showlegend=False, dragmode=False, hovermode=False,
        shapes=d.shapes, annotations=d.arrows,
        xaxis=hidden | dict(range=[-IO_W - 0.15 - pad, right + 0.15 + pad]),
        yaxis=hidden | dict(range=[-BOX_H - 0.15, rows - 1 + BOX_H + 0.15])))
