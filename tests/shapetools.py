"""Reading the RNN shapes' diagrams (viz.shapes.shape_diagram as Plotly JSON): the boxes, their labels and the
arrows between them, for test_shapes.py (the figures) and test_shapes_page.py (the lesson page). The reference
tokens are "hello"'s, from core."""

from core.text import make_task

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
