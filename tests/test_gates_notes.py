"""The lecture notes' forms in the gates lesson (issue 16): note 000's y = o * c against a direct computation and on
the trained LSTM, the speed verdict, and the page: the GRU's first equations in both forms with the live z, the
two callouts reading the live model and the measured times, and one count of gates everywhere, in both languages."""

from __future__ import annotations

import re

import numpy as np
import pytest
import torch

from core.recurrent import LSTM
from lessons.gates.study import GatesConfig, accuracy, study
from lessons.gates.study_cost import keras_lstm_params, param_counts, speed_verdict
from lessons.gates.study_notes import OutputWithoutTanh, candidate_slopes, output_gap, without_tanh
from tests.apptools import arr, chart
from tests.i18ntools import SWITCH, assert_korean, hangul_in, open_page
from ui.registry import LESSONS
from ui.strings import strings
from viz.words import words

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "gates")


@pytest.fixture(scope="module")
def reference():
    return study(GatesConfig())


def by_hand(cell: LSTM, x: torch.Tensor) -> torch.Tensor:
    """y_1..y_T of note 000's LSTM written out with torch ops from the stacked weights: y_t = o_t c_t fed back."""
    H = cell.hidden_size
    y, c, out = torch.zeros(H, dtype=x.dtype), torch.zeros(H, dtype=x.dtype), []
    for x_t in x:
        a = cell.weight_ih_l0 @ x_t + cell.bias_ih_l0 + cell.weight_hh_l0 @ y + cell.bias_hh_l0  # (4H,) i, f, g, o
        i, f, o = torch.sigmoid(a[:H]), torch.sigmoid(a[H:2 * H]), torch.sigmoid(a[3 * H:])
        g = torch.tanh(a[2 * H:3 * H])
        c = f * c + i * g
        y = o * c
        out.append(y)
    return torch.stack(out)


def test_the_notes_output_is_o_times_c_fed_back():
    torch.manual_seed(3)
    cell = LSTM(5, 4).double()
    x = 3 * torch.randn(9, 5, dtype=torch.float64)
    notes = without_tanh(cell)
    assert isinstance(notes, OutputWithoutTanh)
    with torch.no_grad():
        trace = notes(x)
        np.testing.assert_allclose(trace.h.numpy(), by_hand(cell, x).numpy(), rtol=1e-12, atol=1e-14)
        np.testing.assert_allclose(trace.h.numpy(), (trace.gates["o"] * trace.c).numpy(), rtol=1e-12)
        assert not np.allclose(trace.h.numpy(), cell(x).h.numpy())  # the tanh matters


def test_output_gap_on_the_trained_lstm(reference):
    g = output_gap(reference.model("lstm"), reference.task)
    a = reference.analyses["lstm"]
    direct = np.abs(a.gates["o"] * a.c - a.gates["o"] * np.tanh(a.c))
    np.testing.assert_allclose(g.step_gap, direct, rtol=1e-5, atol=1e-6)
    assert g.largest == pytest.approx(direct.max(), rel=1e-5)
    assert direct[g.t - 1, g.unit - 1] == pytest.approx(direct.max(), rel=1e-5)
    assert g.c == pytest.approx(a.c[g.t - 1, g.unit - 1], rel=1e-5)
    assert g.accuracy_trained == pytest.approx(accuracy(a, reference.task))
    model = reference.model("lstm")
    with torch.no_grad():
        y = by_hand(model.cell, reference.task.one_hot())
        right = (model.head(y).argmax(-1) == torch.tensor(reference.task.targets)).double().mean().item()
    assert g.accuracy_notes == pytest.approx(right)
    assert g.largest > 1 and g.accuracy_notes < 1  # on the bracket text the missing tanh costs predictions


@pytest.mark.parametrize("small, large, verdict", [
    ({"gru": 1, "lstm": 2}, {"gru": 3, "lstm": 4}, "faster"),
    ({"gru": 2, "lstm": 1}, {"gru": 4, "lstm": 3}, "slower"),
    ({"gru": 1, "lstm": 2}, {"gru": 4, "lstm": 3}, "mixed"),
])
def test_speed_verdict(small, large, verdict):
    assert speed_verdict(small, large) == verdict


def test_candidate_slopes_are_tanh_derivatives(reference):
    """Note 003's "tanh passes information without vanishing": the candidate's tanh' by autograd, never above 1."""
    a = reference.analyses["lstm"]
    pre = torch.tensor(a.pre["g"], dtype=torch.float64, requires_grad=True)
    (slope,) = torch.autograd.grad(torch.tanh(pre).sum(), pre)
    mean, share = candidate_slopes(a.gates["g"])
    assert mean == pytest.approx(slope.mean().item(), rel=1e-5)
    assert share == pytest.approx((slope < 1 - 0.95**2).double().mean().item())
    assert 0 < mean <= 1 and slope.max().item() <= 1


@pytest.mark.parametrize("I, H", [(10, 12), (1, 1), (256, 256)])
def test_keras_lstm_has_one_bias_vector(I, H):
    """Note 002's tf.keras.layers.LSTM: PyTorch's parameters less its second bias vector (b_hh)."""
    lstm = torch.nn.LSTM(I, H)
    pytorch = sum(p.numel() for p in lstm.parameters())
    assert pytorch == param_counts(I, H)["lstm"]["total"]
    assert keras_lstm_params(I, H) == pytorch - lstm.bias_hh_l0.numel()


def us_bars(at, title: str) -> dict[str, float]:
    (trace,) = chart(at, title)["data"]
    return dict(zip(trace["x"], arr(trace["y"]), strict=True))


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_page_shows_both_gru_forms_first_and_reads_the_live_model(reference, lang):
    at = open_page(PAGE, lang)
    S = strings("gates", lang)
    bodies = [el.value for el in at.latex]
    first_gru = next(n for n, b in enumerate(bodies) if "z_t" in b)
    assert r"\tilde{h}_t" in bodies[first_gru] and "(1 - z_t) \\odot h_{t-1}" in bodies[first_gru]  # the notes'
    assert "n_t" in bodies[first_gru + 1] and "(1 - z_t) \\odot n_t" in bodies[first_gru + 1]  # PyTorch's, beside
    z = float(reference.analyses["gru"].gates["z"].mean())
    assert S["gru_z_live"].format(z=z, notes_z=1 - z) in [c.value for c in at.caption]
    g = output_gap(reference.model("lstm"), reference.task)
    (output,) = [i.value for i in at.info if "(note 000):**" in i.value or "(노트 000):**" in i.value]
    assert f"**{g.largest:.2f}**" in output and f"**{100 * g.accuracy_notes:.0f} %**" in output
    (speed,) = [i.value for i in at.info if "000, 002):**" in i.value]
    small = us_bars(at, S["time_small"])
    large = us_bars(at, S["time_large"])
    assert f"**{small['GRU']:.1f} µs**" in speed and f"**{small['LSTM']:.1f} µs**" in speed
    assert f"**{large['GRU']:.0f} µs**" in speed and f"**{large['LSTM']:.0f} µs**" in speed
    verdict = speed_verdict({"gru": small["GRU"], "lstm": small["LSTM"]}, {"gru": large["GRU"], "lstm": large["LSTM"]})
    assert S[f"speed_{verdict}"] in speed
    mean, share = candidate_slopes(reference.analyses["lstm"].gates["g"])
    assert S["candidate_measured"].format(mean=mean, share=100 * share) in [i.value.split("\n\n")[-1] for i in at.info]
    I, H = reference.task.V, GatesConfig.hidden_size
    keras = S["keras_note"].format(keras=keras_lstm_params(I, H), lstm=param_counts(I, H)["lstm"]["total"])
    assert keras in [c.value for c in at.caption]
    if lang == "ko":
        assert_korean(at, "the notes' forms")
        assert output.startswith("**노트의 표현을 정확히 하면 (노트 000):**")
    else:
        assert hangul_in(at, allowed=SWITCH) == []


FOUR_GATES = re.compile(r"four gates|4 gates|\bfour gates'|네 게이트|게이트 넷|게이트 4개|게이트가 넷", re.IGNORECASE)


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_one_count_of_gates_everywhere(lang):
    """An LSTM has three gates and a candidate: no text of the lesson or its charts calls them four gates, and the
    stacked matrix's title counts blocks, gates and the candidate."""
    texts = list(strings("gates", lang).values()) + [
        v for module in ("gates", "memory", "cell_diagram", "breaks") for v in words(module, lang).values()]
    flat = [t for v in texts for t in (v.values() if isinstance(v, dict) else v if isinstance(v, list) else [v])]
    assert [t for t in flat if FOUR_GATES.search(t)] == []
    title = words("gates", lang)["matrix_title"].format(G=4, gates=3, rows=48, columns=22)
    assert ("4 blocks (3 gates + the candidate)" if lang == "en" else "블록 4개(게이트 3개 + 후보)") in title
    why = strings("gates", lang)["why"]
    for name in ("C̃", "Gate gate", "자체 반복" if lang == "ko" else "self-recurrent"):  # where the candidate appears
        assert name in why, name
