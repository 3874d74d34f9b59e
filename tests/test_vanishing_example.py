"""Note 004's worked example (lessons/vanishing/study_notes.py): dh_T/dh_1 of a one-unit RNN against autograd through
PyTorch's own torch.nn.RNN, its two parts against a direct computation, and the page's section (AppTest): the
factors written out, the four T's, the chart's data, the callout, its address and its reset button, in both
languages."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

from lessons.vanishing.study_notes import GROWN, MAX_STEPS, ExampleConfig, example
from tests.apptools import arr, chart
from tests.i18ntools import CLICK, SWITCH, assert_korean, hangul_in, move, open_page
from ui.registry import LESSONS
from ui.strings import strings

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "vanishing")
CONFIGS = [ExampleConfig(), ExampleConfig(drive=0.0), ExampleConfig(w_hh=-2.0, drive=0.5),
           ExampleConfig(w_hh=0.5, drive=1.0), ExampleConfig(w_hh=5.0, drive=-3.0, steps=7)]


def autograd_gradients(config: ExampleConfig) -> np.ndarray:
    """dh_T/dh_1 for T = 1..steps by autograd through torch.nn.RNN(1, 1) (float64): h_1 is a leaf, steps 2..T run
    from it, one backward pass per T."""
    rnn = torch.nn.RNN(1, 1, dtype=torch.float64)
    with torch.no_grad():
        rnn.weight_hh_l0.fill_(config.w_hh)
        rnn.weight_ih_l0.fill_(1.0)
        rnn.bias_ih_l0.zero_()
        rnn.bias_hh_l0.zero_()
    x = torch.full((config.steps, 1, 1), config.drive, dtype=torch.float64)  # u = W_xh x_t with W_xh = 1
    _, h1 = rnn(x[:1])
    h1 = h1.detach().requires_grad_(True)
    out, _ = rnn(x[1:], h1)  # h_2 .. h_T
    grads = [1.0] + [torch.autograd.grad(out[t, 0, 0], h1, retain_graph=True)[0].item() for t in range(len(out))]
    return np.array(grads)


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: f"W{c.w_hh:g}_u{c.drive:g}")
def test_the_product_is_autograds_gradient(config):
    e = example(config)
    np.testing.assert_allclose(e.gradient, autograd_gradients(config), rtol=1e-8, atol=1e-300)  # 1 - h² cancels


@pytest.mark.parametrize("config", CONFIGS, ids=lambda c: f"W{c.w_hh:g}_u{c.drive:g}")
def test_the_parts_and_the_forward_pass_computed_directly(config):
    e = example(config)
    h, previous = [], 0.0
    for _ in range(config.steps):
        previous = math.tanh(config.w_hh * previous + config.drive)
        h.append(previous)
    np.testing.assert_allclose(e.h, h, rtol=1e-12)
    for T in range(2, config.steps + 1):
        slopes = [1 - math.tanh(e.a[t - 1]) ** 2 for t in range(2, T + 1)]
        assert e.slope_part[T - 1] == pytest.approx(math.prod(slopes), rel=1e-10, abs=1e-300)
        assert e.weight_part[T - 1] == pytest.approx(config.w_hh ** (T - 1), rel=1e-12)
        assert e.value_part[T - 1] == pytest.approx(math.prod(h[1:T]), rel=1e-10, abs=1e-300)
        assert e.gradient[T - 1] == pytest.approx(e.slope_part[T - 1] * e.weight_part[T - 1], rel=1e-10, abs=1e-300)


def test_the_notes_example_is_the_notes_product():
    """tanh'(a_3) * 3 * tanh'(a_2) * 3, with a_2 = 3 h_1 + u and a_3 = 3 h_2 + u."""
    e = example(ExampleConfig())
    u = 0.1
    h1 = math.tanh(u)
    a2 = 3 * h1 + u
    a3 = 3 * math.tanh(a2) + u
    by_hand = (1 - math.tanh(a3) ** 2) * 3 * (1 - math.tanh(a2) ** 2) * 3
    assert e.gradient[2] == pytest.approx(by_hand, rel=1e-12)
    assert [t for t, _ in e.factors(3)] == [3, 2]
    assert e.factors(3)[0][1] == pytest.approx(1 - math.tanh(a3) ** 2, rel=1e-12)
    assert e.gradient[2] > 1 > e.gradient[9]  # it first grows, then tanh saturates and it vanishes
    assert example(ExampleConfig(drive=0.0)).gradient[MAX_STEPS - 1] == pytest.approx(3.0**49)  # or it blows up


@pytest.mark.parametrize("changes", [dict(w_hh=5.5), dict(drive=-3.5), dict(steps=1), dict(steps=MAX_STEPS + 1),
                                     dict(steps=3.0)])
def test_limits_are_enforced_in_the_study(changes):
    with pytest.raises(ValueError):
        ExampleConfig(**changes)


def latex(at) -> list[str]:
    """Every equation's LaTeX, without the $$ lines st.latex wraps it in."""
    return [el.value.strip().strip("$").strip() for el in at.latex]


def test_page_writes_the_factors_and_draws_the_product():
    at = open_page(PAGE, "en")
    e = example(ExampleConfig())
    bodies = latex(at)
    (numbers,) = [b for b in bodies if b.startswith("= ") and r"\cdot 3" in b]
    f3, f2 = e.factors(3)
    assert numbers == rf"= {f3[1]:.3g} \cdot 3 \cdot {f2[1]:.3g} \cdot 3 = {e.gradient[2]:.3g}"
    assert any(r"\frac{\partial h_{3}}{\partial h_1} = \tanh'(a_{3}) \cdot W_{hh} \cdot \tanh'(a_{2})" in b
               for b in bodies)
    metrics = {m.label: m.value for m in at.metric}
    for T in GROWN:
        assert metrics[f"∂h_T/∂h₁ at T = {T}"] == f"{e.gradient[T - 1]:.3g}"
    fig = chart(at, "Note 004's product as T grows")
    lines = {tr["name"]: arr(tr["y"]) for tr in fig["data"] if tr.get("mode") == "lines"}
    np.testing.assert_allclose(lines["|∂h_T/∂h₁|: the chain rule"], np.abs(e.gradient[1:]), rtol=1e-12)
    np.testing.assert_allclose(lines["∏ tanh′(a_t): the derivatives alone"], e.slope_part[1:], rtol=1e-12)
    np.testing.assert_allclose(lines["∏ |h_t|: tanh values (not in the chain rule)"], np.abs(e.value_part[1:]),
                               rtol=1e-12)
    (callout,) = [i.value for i in at.info if "note 004" in i.value]
    assert f"multiply to **{e.value_part[2]:.3g}**" in callout and f"to **{e.slope_part[2]:.3g}**" in callout


def test_longer_T_and_zero_input_blow_up_and_the_button_goes_back():
    at = open_page(PAGE, "en", ex_u="0.0", ex_T="50")
    e = example(ExampleConfig(drive=0.0))
    assert any(b.startswith("= 1 \\cdot 3 \\cdot 1 \\cdot 3 \\cdots 1 \\cdot 3") for b in latex(at)), latex(at)
    assert {m.label: m.value for m in at.metric}["∂h_T/∂h₁ at T = 50"] == f"{3.0**49:.3g}"
    fig = chart(at, "Note 004's product as T grows")
    zeros = [tr for tr in fig["data"] if tr.get("mode") == "markers" and tr["name"].endswith("exactly 0")]
    assert len(zeros) == 1 and len(arr(zeros[0]["x"])) == MAX_STEPS - 1  # every tanh value is exactly 0
    (callout,) = [i.value for i in at.info if "note 004" in i.value]
    assert f"= **{e.gradient[49]:.3g}**" in callout
    move(at, "ex_reset", CLICK)
    assert (at.slider(key="ex_w").value, at.slider(key="ex_u").value, at.slider(key="ex_T").value) == (3.0, 0.1, 3)


def test_korean_section_and_english_without_hangul():
    at = open_page(PAGE, "ko", ex_T="20")
    assert_korean(at, "the notes' example in Korean")
    S = strings("vanishing", "ko")
    assert at.subheader[1].value == S["example_heading"]
    assert any(i.value.startswith("**노트의 표현을 정확히 하면 (노트 004):**") for i in at.info)
    for key, value in (("ex_w", 0.5), ("ex_u", 1.0), ("ex_T", 50)):
        move(at, key, value)
        assert_korean(at, f"{key} = {value}")
    en = open_page(PAGE, "en", ex_w="-2.0")
    assert hangul_in(en, allowed=SWITCH) == []
