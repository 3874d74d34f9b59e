"""One unit of an LSTM or GRU cell at one time step, drawn like Olah's "Understanding LSTM Networks" (2015)
with the step's actual numbers on every node and arrow.

Positions and arrows live on hidden axes (x in [0, 100], y in [-10, 100]); boxes and circles are sized in
pixels (``xsizemode="pixel"``), so circles stay round and text fits at any chart width. The caller computes
every value; this module only formats and places them, with the words of viz/text/cell_diagram.<lang>.toml."""

from __future__ import annotations

import math

import plotly.graph_objects as go

from core.recurrent import SIGMOID
from viz.ink import MUTED, PAGE, TEXT
from viz.labels import char_label
from viz.style import FONT, OKABE_ITO, figure, layout
from viz.words import words

WIRE, GREY = MUTED, "#a6a6a6"  # the wires in the theme's secondary ink (issue 20: dark grey vanished on dark)
GATE_RGB = (0, 114, 178)  # OKABE_ITO[0]: a sigmoid gate's box is this blue at opacity = its value (0 closed, 1 open)
WHITE_TEXT_FROM = 0.85  # above this opacity white text contrasts better than dark text (both ~4:1 at the switch)
PIN_LINE = OKABE_ITO[3]
BOX = (40, 24)  # half width, half height of a gate box, px
RING = 14  # radius of a x / + / 1− circle, px
TANH = 19  # radius of the tanh circle, px (the word needs more room than a symbol)
TOP, MID, GATE, BUS = 88, 66, 40, 12  # y of the state highway, the mixing row, the gates and the input bus
HEIGHT = 410
SMALL = dict(size=12)

# Speed: every property Plotly validates costs ~10 µs, so dicts carry only what differs from the defaults
# (data coordinates, the layout's font colour) and the operation circles share one scatter trace.


def num(v: float, lang: str) -> str:
    """Two decimals, never '-0.00'; inf/NaN read 'overflow' in the diagram's language (a diverged run), never
    'nan'."""
    if not math.isfinite(v):
        return words("cell_diagram", lang)["overflow"]
    text = f"{v:.2f}"
    return text.removeprefix("-") if float(text) == 0 else text


def note(x, y, text, **extra) -> dict:
    return dict(x=x, y=y, text=text, showarrow=False, **extra)


def arrow(x0, y0, x1, y1, start=0, end=0, width=1.5, text="") -> dict:
    """An arrow from (x0, y0) to (x1, y1); ``start``/``end`` pull its ends back by that many pixels (node edges).
    A ``text`` sits at the tail, and the arrow starts at its edge."""
    pull = (dict(startstandoff=start) if start else {}) | (dict(standoff=end) if end else {})
    return dict(x=x1, y=y1, ax=x0, ay=y0, axref="x", ayref="y", text=text, arrowhead=2, arrowwidth=width,
                arrowcolor=WIRE, **pull)


def box(x, y, fill, line=None, path=None) -> dict:
    """A gate-sized shape centred on data point (x, y): a rect, or ``path`` in pixels from the centre."""
    w, h = BOX
    size = dict(type="path", path=path) if path else dict(type="rect", x0=-w, x1=w, y0=-h, y1=h)
    return dict(xsizemode="pixel", ysizemode="pixel", xanchor=x, yanchor=y, fillcolor=fill, line=line, **size)


def hatch_path(w, h, step=9) -> str:
    """Diagonal lines clipped to a w x h half-size box: the 'overridden' pattern on a pinned gate."""
    parts = []
    for c in range(-w - h + step, w + h, step):  # the line y = x - c
        xa, xb = max(-w, c - h), min(w, c + h)
        parts.append(f"M{xa},{xa - c}L{xb},{xb - c}")
    return "".join(parts)


HATCH = hatch_path(*BOX)


def gate(x, y, name, value, lang: str, pinned=None) -> tuple[list, dict]:
    """A gate box: sigmoid gates shaded by their value, tanh candidates (g, n) in the page colour, pinned ones
    hatched."""
    label = f"<b>{name}<sub>t</sub> = {num(value, lang)}</b>"
    if pinned is not None:
        shapes = [box(x, y, PAGE, dict(color=PIN_LINE, width=2.5, dash="dash")),
                  box(x, y, None, dict(color=GREY, width=1.2), HATCH)]
        text = words("cell_diagram", lang)["pinned"].format(value=f"{pinned:g}")
        return shapes, note(x, y, f"<b>{text}</b><br>{label}", bgcolor=PAGE)
    if name not in SIGMOID:
        return [box(x, y, PAGE, dict(color=WIRE, width=1.5))], note(x, y, f"tanh<br>{label}")
    alpha = min(max(value, 0.0), 1.0) if math.isfinite(value) else 0.0
    # The blue at the gate's opacity over a box of the page's colour: the gate blends into the page, light or dark,
    # and the wires underneath do not show through a half-open gate.
    fill = "rgba({}, {}, {}, {:.3f})".format(*GATE_RGB, alpha)
    text = note(x, y, f"σ<br>{label}", **(dict(font=dict(color="white")) if alpha > WHITE_TEXT_FROM else {}))
    return [box(x, y, PAGE), box(x, y, fill, dict(color=OKABE_ITO[0], width=1.5))], text


def operations(ops, dots) -> dict:
    """The x / + / 1− / tanh circles and the junction dots as one marker trace (sizes in px, so always round)."""
    x, y, text = zip(*ops, *((a, b, "") for a, b in dots), strict=True)
    size = [2 * TANH if s == "tanh" else 2 * RING for *_, s in ops] + [7] * len(dots)
    return dict(type="scatter", x=x, y=y, text=text, mode="markers+text", hoverinfo="skip", textfont=dict(
        size=[12 if s == "tanh" else 16 for *_, s in ops]), marker=dict(
        size=size, color=[PAGE] * len(ops) + [WIRE] * len(dots), line=dict(color=WIRE, width=1.5)))


def diagram(ops, dots, gates, arrows, notes, lines, title, caption) -> go.Figure:
    """Wires (one path, under everything), gate boxes, operation circles, then arrows and text on top."""
    path = "".join(f"M{a},{b}L{c},{d}" for a, b, c, d in lines)
    shapes, texts = [dict(type="path", path=path, line=dict(color=WIRE, width=1.5), layer="below")], []
    for box_shapes, text in gates:
        shapes += box_shapes
        texts.append(text)
    hidden = dict(visible=False, fixedrange=True)
    return figure(data=[operations(ops, dots)], layout=layout(
        title, caption, height=HEIGHT, margin=dict(l=10, r=10, t=70, b=10), font=dict(family=FONT, size=13, color=TEXT),
        showlegend=False, dragmode=False, hovermode=False,
        xaxis=hidden | dict(range=[0, 100]), yaxis=hidden | dict(range=[-10, 100]), shapes=shapes,
        annotations=arrows + texts + notes))


def inputs(x_in, char, feeds) -> list[dict]:
    """The input bus: x_t (named at the arrow's tail) joins from below at ``x_in``; arrows rise into ``feeds``."""
    return [arrow(x_in, -5, x_in, BUS, text=f"x<sub>t</sub> = '{char_label(char)}'")] + [
        arrow(x, BUS, x, GATE, end=end) for x, end in feeds]


def lstm_diagram(v: dict[str, float], t: int, unit: int, char: str, caption: str,
                 pinned: dict[str, float] | None = None, *, lang: str) -> go.Figure:
    """c_{t-1} -> x f -> + -> c_t along the top; the gates i, f, g, o read [h_{t-1}, x_t] from the bottom bus;
    h_t = o_t tanh(c_t) leaves on the right. ``pinned`` maps gate names to the value they were forced to."""
    say, pinned = words("cell_diagram", lang), pinned or {}
    xf, xi, xg, xo, xh = 20, 34, 48, 62, 76  # columns: forget, input, candidate, output, tanh(c_t) and h_t
    gates = [gate(xf, GATE, "f", v["f"], lang, pinned.get("f")), gate(xi, GATE, "i", v["i"], lang, pinned.get("i")),
             gate(xg, GATE, "g", v["g"], lang), gate(xo, GATE, "o", v["o"], lang, pinned.get("o"))]
    ops = [(xf, TOP, "×"), (xg, TOP, "+"), (xg, MID, "×"), (xh, MID, "tanh"), (xh, GATE, "×")]
    edge = BOX[1] + 1
    arrows = [arrow(0, TOP, xf, TOP, end=RING, width=2.5), arrow(xf, TOP, xg, TOP, RING, RING, 2.5),
              arrow(xg, TOP, 100, TOP, start=RING, width=2.5), arrow(xh, TOP, xh, MID, end=TANH),
              arrow(xf, GATE, xf, TOP, BOX[1], RING), arrow(xi, MID, xg, MID, end=RING),
              arrow(xg, GATE, xg, MID, BOX[1], RING), arrow(xg, MID, xg, TOP, RING, RING),
              arrow(xo, GATE, xh, GATE, BOX[0], RING), arrow(xh, MID, xh, GATE, TANH, RING),
              arrow(xh, GATE, 100, GATE, start=RING)] + inputs(8, char, [(x, edge) for x in (xf, xi, xg, xo)])
    mid = (xf + xg) / 2
    shown = {k: num(x, lang) for k, x in v.items()}
    notes = [note(0, TOP, f"c<sub>t−1</sub> = {shown['c_prev']}", xanchor="left", yanchor="bottom", yshift=3),
             note(100, TOP, f"<b>c<sub>t</sub> = {shown['c']}</b>", xanchor="right", yanchor="bottom", yshift=3),
             note(mid, TOP, say["kept_c"].format(f=shown["f"]), yanchor="bottom", yshift=3),
             note(mid, TOP, f"f × c<sub>t−1</sub> = {shown['kept']}", font=SMALL, yanchor="top", yshift=-4),
             note(xg, (MID + TOP) / 2, say["let_in_c"].format(added=shown["added"]), xanchor="left", xshift=6),
             note(xh, MID, f"tanh(c<sub>t</sub>) = {shown['tanh_c']}", xanchor="left", xshift=TANH + 4),
             note(100, GATE, f"<b>h<sub>t</sub> = {shown['h']}</b>", xanchor="right", yanchor="bottom", yshift=3),
             note(100, GATE, say["passed_on"], font=SMALL, xanchor="right", yanchor="top", yshift=-4),
             note(0, BUS, f"h<sub>t−1</sub> = {shown['h_prev']}", xanchor="left", yanchor="bottom", yshift=2),
             note(100, -10, say["key"], font=SMALL | dict(color=WIRE), xanchor="right", yanchor="bottom")]
    lines = [(0, BUS, xo, BUS), (xi, GATE, xi, MID)]
    title = say["lstm_title"].format(t=t, unit=unit, char=char_label(char))
    return diagram(ops, [(xh, TOP)], gates, arrows, notes, lines, title, caption)


def gru_diagram(v: dict[str, float], t: int, unit: int, char: str, caption: str, *, lang: str) -> go.Figure:
    """h_{t-1} -> x z -> + -> h_t along the top (PyTorch: h_t = (1 - z_t) n_t + z_t h_{t-1}, so z keeps the old
    state); r_t scales W_hn h_{t-1} + b_hn after the matrix product, and that feeds the tanh box making n_t."""
    say = words("cell_diagram", lang)
    xz, xr, xm, xn, x1 = 18, 34, 50, 76, 30  # columns: update gate, reset gate, reset product, candidate n, 1 − z
    gates = [gate(xz, GATE, "z", v["z"], lang), gate(xr, GATE, "r", v["r"], lang), gate(xn, GATE, "n", v["n"], lang)]
    ops = [(xz, TOP, "×"), (xn, TOP, "+"), (xn, MID, "×"), (x1, MID, "1−"), (xm, GATE, "×")]
    edge = BOX[1] + 1
    arrows = [arrow(0, TOP, xz, TOP, end=RING, width=2.5), arrow(xz, TOP, xn, TOP, RING, RING, 2.5),
              arrow(xn, TOP, 100, TOP, start=RING, width=2.5), arrow(xz, GATE, xz, TOP, BOX[1], RING),
              arrow(xz, MID, x1, MID, end=RING), arrow(x1, MID, xn, MID, RING, RING),
              arrow(xr, GATE, xm, GATE, BOX[0], RING), arrow(xm, GATE, xn, GATE, RING, BOX[0] + 1),
              arrow(xn, GATE, xn, MID, BOX[1], RING), arrow(xn, MID, xn, TOP, RING, RING)] + inputs(
                  10, char, [(xz, edge), (xr, edge), (xm, RING), (xn, edge)])
    mid = (xz + xn) / 2
    shown = {k: num(x, lang) for k, x in v.items()}
    notes = [note(0, TOP, f"h<sub>t−1</sub> = {shown['h_prev']}", xanchor="left", yanchor="bottom", yshift=3),
             note(100, TOP, f"<b>h<sub>t</sub> = {shown['h']}</b>", xanchor="right", yanchor="bottom", yshift=3),
             note(mid, TOP, say["kept_h"].format(z=shown["z"]), yanchor="bottom", yshift=3),
             note(mid, TOP, f"z × h<sub>t−1</sub> = {shown['kept']}", font=SMALL, yanchor="top", yshift=-4),
             note(xn, (MID + TOP) / 2, say["let_in_h"].format(new_part=shown["new_part"]), xanchor="left", xshift=6,
                  align="left"),
             note((xm + xn) / 2 - 2, GATE, f"r × (…) = {shown['reset_term']}", font=SMALL, yanchor="bottom", yshift=2),
             note(xm, (BUS + GATE) / 2, "W<sub>hn</sub>h<sub>t−1</sub> + b<sub>hn</sub>", font=SMALL,
                  xanchor="left", xshift=4),
             note(xn, (BUS + GATE) / 2, "W<sub>in</sub>x<sub>t</sub> + b<sub>in</sub>", font=SMALL, xanchor="left",
                  xshift=4),
             note(100, -10, say["key"], font=SMALL | dict(color=WIRE), xanchor="right", yanchor="bottom")]
    lines = [(0, TOP, 4, TOP), (4, TOP, 4, BUS), (4, BUS, xn, BUS)]
    title = say["gru_title"].format(t=t, unit=unit, char=char_label(char))
    return diagram(ops, [(4, TOP), (xz, MID)], gates, arrows, notes, lines, title, caption)
