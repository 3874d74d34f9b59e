"""The gates lesson's stacked panels (viz.gates.gate_panels): each colour bar is tall enough for its title, at any
number of units (issue 20: with few units "cell state c" ran into "tanh range: −1 … 1")."""

import numpy as np
import pytest

from viz.gates import gate_panels

LSTM = [("i", "gate"), ("f", "gate"), ("g", "signed"), ("o", "gate"), ("c", "cell"), ("tanh(c)", "signed"),
        ("h", "signed")]
GRU = [("r", "gate"), ("z", "gate"), ("n", "signed"), ("h", "signed")]


def title_px(text: str) -> float:
    """An upper bound on the title's length at its 12-13 px font: Hangul about 13 px a syllable, others 7.5."""
    return sum(13 if "\uac00" <= ch <= "\ud7a3" else 7.5 for ch in text)


@pytest.mark.parametrize("H", [1, 2, 4, 12, 64])
@pytest.mark.parametrize("lang", ["en", "ko"])
@pytest.mark.parametrize("panels", [LSTM, GRU], ids=["lstm", "gru"])
def test_every_colour_bar_is_longer_than_its_title(panels, H, lang):
    rng = np.random.default_rng(0)
    fig = gate_panels([(name, rng.uniform(-1, 1, (9, H)), scale) for name, scale in panels], "abcdefghi", 3,
                      "title", "caption", cell_max=2.0, lang=lang).to_dict()
    layout = fig["layout"]
    plot_px = layout["height"] - layout["margin"]["t"] - layout["margin"]["b"]
    bars = [v["colorbar"] for k, v in layout.items() if k.startswith("coloraxis")]
    assert len(bars) == len({scale for _, scale in panels})
    for bar in bars:
        assert bar["len"] * plot_px >= title_px(bar["title"]["text"]), (bar["len"] * plot_px, bar["title"]["text"])
    tops = sorted((bar["y"] + bar["len"] / 2, bar["y"] - bar["len"] / 2) for bar in bars)
    assert all(lower[0] <= upper[1] + 1e-9 for lower, upper in zip(tops, tops[1:], strict=False))  # no overlap


def test_every_part_of_the_parameter_bars_has_a_visible_legend_key():
    """Issue 20: only W_hh's swatch showed (the hatched keys were white hatching on a pale grey). Each key must
    draw in a colour other than white: a solid fill, or hatching whose lines differ from their background."""
    from viz.memory import param_bars

    counts = {k: {"weight_ih": 10 * n, "weight_hh": 20 * n, "biases": 2 * n, "total": 32 * n}
              for n, k in enumerate(("rnn", "gru", "lstm"), start=1)}
    fig = param_bars(counts, "caption", lang="en").to_dict()
    keys = [t for t in fig["data"] if t.get("showlegend", True)]
    assert len(keys) == 3
    white = {"#fff", "#ffffff", "white"}
    for key in keys:
        marker, pattern = key["marker"], key["marker"].get("pattern", {})
        if pattern.get("shape"):
            assert pattern["fgcolor"].lower() not in white and pattern["fgcolor"] != pattern.get("bgcolor")
        else:
            assert marker["color"].lower() not in white
