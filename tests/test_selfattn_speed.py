"""Note 001's "self-attention has less computation and is fast": the layer timed against core.attention and the RNN
against torch.nn.RNN (parity), the multiply-add count against torch's FLOP counter, the sequential steps, the
measurement's bounds; the page's chart, table and callout read from the measurement it shows, in both languages.
Times are never asserted against a threshold (machines are noisy), only that they are what the page shows."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch.utils.flop_counter import FlopCounterMode

from core.attention import attention
from core.errors import LabError
from lessons.selfattn import speed
from lessons.selfattn.study_speed import (
    SpeedConfig,
    attention_layer,
    measure,
    multiply_adds,
    rnn_steps,
    sequential_steps,
    speed_numbers,
)
from tests.apptools import arr, chart, lesson_page
from tests.i18ntools import SWITCH, assert_korean, figures, hangul_in, open_page, title_of
from ui.registry import LESSONS
from ui.strings import strings

PAGE = next(lesson.path for lesson in LESSONS if lesson.key == "selfattn")
EN, KO = strings("selfattn", "en"), strings("selfattn", "ko")
NOTES_EXAMPLE = ("쓰다", "돈을", "모자를")  # note 001's Korean example, quoted on the English page too


def weights(d: int, seed: int = 0) -> list[torch.Tensor]:
    g = torch.Generator().manual_seed(seed)
    return [torch.randn(d, d, generator=g, dtype=torch.float64) / d**0.5 for _ in range(5)]


def test_the_timed_layer_is_core_attentions_scaled_dot_product():
    W_q, W_k, W_v, *_ = weights(8)
    x = torch.randn(11, 8, dtype=torch.float64, generator=torch.Generator().manual_seed(1))
    out, scores = attention_layer(x, W_q, W_k, W_v)
    r = attention(x @ W_q, x @ W_k, x @ W_v, score="scaled_dot")
    torch.testing.assert_close(out, r.context)
    torch.testing.assert_close(scores, r.scores)
    assert scores.shape == (11, 11)  # the T x T score matrix: T^2 entries


def test_the_timed_rnn_is_the_step_by_step_tanh_rnn():
    d, T = 6, 9
    rnn = torch.nn.RNN(d, d, nonlinearity="tanh", batch_first=True).double()
    x = torch.randn(T, d, dtype=torch.float64, generator=torch.Generator().manual_seed(2))
    with torch.no_grad():
        expected, _ = rnn(x[None])
        got = rnn_steps(x, rnn.weight_ih_l0.T, rnn.weight_hh_l0.T, rnn.bias_ih_l0 + rnn.bias_hh_l0)
    torch.testing.assert_close(got, expected[0])


@pytest.mark.parametrize("T, d", [(1, 4), (8, 32), (33, 16), (128, 32)])
def test_multiply_adds_are_what_torch_counts(T, d):
    W_q, W_k, W_v, W_x, W_h = weights(d)
    x = torch.randn(T, d, dtype=torch.float64)
    with FlopCounterMode(display=False) as counted:
        attention_layer(x, W_q, W_k, W_v)
    assert counted.get_total_flops() == 2 * multiply_adds(T, d)["attention"]  # a multiply-add is 2 FLOPs
    with FlopCounterMode(display=False) as counted:
        rnn_steps(x, W_x, W_h, torch.zeros(d, dtype=torch.float64))
    assert counted.get_total_flops() == 2 * multiply_adds(T, d)["rnn"]
    macs = multiply_adds(T, d)
    assert macs["attention"] / macs["rnn"] == pytest.approx(1.5 + T / d)  # more for attention at every T
    assert sequential_steps(T) == {"attention": 1, "rnn": T}


def test_a_small_measurement_and_its_numbers():
    threads = torch.get_num_threads()
    run = measure(SpeedConfig(lengths=(4, 16, 64), repeats=2))
    assert torch.get_num_threads() == threads  # measured on one thread, then put back
    assert run.threads == 1 and run.attention_ms.shape == run.rnn_ms.shape == (3,)
    assert np.isfinite(run.attention_ms).all() and (run.attention_ms > 0).all() and (run.rnn_ms > 0).all()
    assert run.counts("steps").tolist() == [[1, 4], [1, 16], [1, 64]]
    n = speed_numbers(run, middle=16)
    assert (n["T_mid"], n["T_max"], n["cells"], n["megabytes"]) == (16, 64, 64 * 64, 4 * 64 * 64 / 2**20)
    assert n["macs_mid"] == pytest.approx(1.5 + 16 / 32) and n["a_max"] == run.attention_ms[-1]


@pytest.mark.parametrize("bad", [dict(lengths=(8, 4096)), dict(lengths=(0,)), dict(repeats=50), dict(width=1)])
def test_the_measurement_is_bounded(bad):
    with pytest.raises(LabError):
        SpeedConfig(**bad)


@pytest.fixture(scope="module")
def english():
    return lesson_page(PAGE, timeout=300)


def test_the_page_shows_the_measurement_it_took(english):
    run = speed.measured.peek(SpeedConfig())  # the page's own measurement, shared by every session
    assert run is not None
    fig = chart(english, EN["speed_title"])
    lines = {(tr["name"], tr["yaxis"]): arr(tr["y"]) for tr in fig["data"]}
    words = {"attention": "self-attention layer", "rnn": "tanh RNN (torch.nn.RNN)"}
    np.testing.assert_allclose(lines[words["attention"], "y"], run.attention_ms)
    np.testing.assert_allclose(lines[words["rnn"], "y"], run.rnn_ms)
    np.testing.assert_allclose(lines[words["attention"], "y2"], run.counts("macs")[:, 0])
    (table,) = [m.value for m in english.markdown if m.value.startswith("| T |")]
    row = f"| 512 | 512 | 1 | {run.rnn_ms[3]:.3f} | {run.attention_ms[3]:.3f} | 1,048,576 | 18,350,080 | 17.50 |"
    assert row in table
    (callout,) = [i.value for i in english.info if "The notes say, precisely (note 001)" in i.value
                  and "less computation" in i.value]
    n = speed_numbers(run)
    assert f"({n['a_mid']:.2f} ms against {n['r_mid']:.2f} ms)" in callout
    assert "17.5 times the RNN's multiply-adds" in callout and "4,194,304 scores (16 MB" in callout
    faster = n["a_max"] <= n["r_max"]
    assert ("as fast as the RNN" if faster else "as slow as the RNN") in callout.split("At T = 2048")[1]
    assert any("1.5 + T/d" in m.value for m in english.markdown)


def test_the_english_page_quotes_only_the_notes_korean(english):
    assert hangul_in(english, allowed=(*SWITCH, *NOTES_EXAMPLE)) == []
    assert any(all(w in m.value for w in NOTES_EXAMPLE) for m in english.markdown)  # the 쓰다 example, named


def test_the_section_in_korean():
    at = open_page(PAGE, "ko")
    assert_korean(at, "the speed section")
    assert any(title_of(f).startswith(KO["speed_title"]) for f in figures(at))
    (callout,) = [i.value for i in at.info if "연산량이 적고" in i.value]
    assert callout.startswith("**노트의 표현을 정확히 하면 (노트 001):**") and "T = 512에서는" in callout
    assert any(m.value.startswith("| T | 차례로 밟는 단계") for m in at.markdown)
    assert any("“쓰다”" in m.value and "흐려진" in m.value for m in at.markdown)
