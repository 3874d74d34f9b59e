"""core.recurrent cells against torch.nn.RNN / LSTM / GRU with the same weights, in float64."""


import pytest
import torch

from core.cell import Trace
from core.recurrent import GRU, LSTM, RNN

TOL = {"atol": 1e-10, "rtol": 0}
KINDS = {"rnn": (RNN, lambda i, h: torch.nn.RNN(i, h, nonlinearity="tanh")),
         "lstm": (LSTM, torch.nn.LSTM),
         "gru": (GRU, torch.nn.GRU)}
SIZES = [(1, 1, 1, 1), (3, 1, 5, 2), (4, 5, 7, 3), (2, 8, 12, 1)]  # (I, H, T, B)


def pair(kind, I, H, seed=0):
    """(ours, torch's) in float64 with torch's weights copied into ours."""
    torch.manual_seed(seed)
    cls, ref_factory = KINDS[kind]
    ref = ref_factory(I, H).double()
    ours = cls(I, H).double()
    ours.load_state_dict(ref.state_dict())
    return ours, ref


def inputs(kind, I, H, T, B, batched, with_state, seed=1):
    """x, our state tuple (or None), torch's state argument (or None)."""
    g = torch.Generator().manual_seed(seed)
    lead = (B,) if batched else ()
    x = torch.randn((T, *lead, I), generator=g, dtype=torch.float64)
    if not with_state:
        return x, None, None
    state = tuple(torch.randn((*lead, H), generator=g, dtype=torch.float64) for _ in range(2 if kind == "lstm" else 1))
    ref_state = tuple(s.unsqueeze(0) for s in state)  # torch wants a leading num_layers=1 dim
    return x, state, (ref_state if kind == "lstm" else ref_state[0])


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("I,H,T,B", SIZES)
@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("with_state", [False, True])
def test_forward_matches_torch(kind, I, H, T, B, batched, with_state):
    ours, ref = pair(kind, I, H)
    x, state, ref_state = inputs(kind, I, H, T, B, batched, with_state)
    trace = ours(x, state)
    ref_out, ref_final = ref(x, ref_state)
    lead = (B,) if batched else ()
    assert isinstance(trace, Trace)
    assert trace.h.shape == (T, *lead, H)
    torch.testing.assert_close(trace.h, ref_out, **TOL)
    if kind == "lstm":
        ref_h_n, ref_c_n = ref_final
        assert trace.c.shape == (T, *lead, H)
        torch.testing.assert_close(trace.c[-1], ref_c_n.squeeze(0), **TOL)
    else:
        ref_h_n = ref_final
        assert trace.c is None
    torch.testing.assert_close(trace.h[-1], ref_h_n.squeeze(0), **TOL)


def preactivations(ref, x, h_prev):
    """Torch's stacked pre-activations, split into blocks, for every step (from torch's weights)."""
    W_ih, W_hh, b_ih, b_hh = ref.weight_ih_l0, ref.weight_hh_l0, ref.bias_ih_l0, ref.bias_hh_l0
    n = W_ih.shape[0] // W_hh.shape[1]
    return (x @ W_ih.T + b_ih).chunk(n, dim=-1), (h_prev @ W_hh.T + b_hh).chunk(n, dim=-1)


@pytest.mark.parametrize("kind", ["lstm", "gru"])
@pytest.mark.parametrize("I,H,T,B", SIZES)
@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("with_state", [False, True])
def test_gates_in_range_and_consistent(kind, I, H, T, B, batched, with_state):
    ours, ref = pair(kind, I, H, seed=2)
    x, state, _ = inputs(kind, I, H, T, B, batched, with_state, seed=3)
    trace = ours(x, state)
    lead = (B,) if batched else ()
    zeros = torch.zeros((*lead, H), dtype=torch.float64)
    h0 = state[0] if state else zeros
    h_prev = torch.cat([h0.unsqueeze(0), trace.h[:-1]])  # h_{t-1} for every t
    torch.testing.assert_close(trace.h_prev, h_prev, atol=0, rtol=0)  # the one time axis: row t - 1 is step t
    torch.testing.assert_close(trace.h0, h0, atol=0, rtol=0)
    sig, tanh = ("i", "f", "o", "r", "z"), ("g", "n")
    expected = {"lstm": ("i", "f", "g", "o"), "gru": ("r", "z", "n")}[kind]
    assert tuple(trace.gates) == expected
    for name, gate in trace.gates.items():
        assert gate.shape == (T, *lead, H), name
        lo = 0.0 if name in sig else -1.0
        assert name in sig + tanh
        assert bool(((gate > lo) & (gate < 1.0)).all()), f"gate {name} out of range"
    a_x, a_h = preactivations(ref, x, h_prev)
    with torch.no_grad():
        if kind == "lstm":
            i, f, g, o = (trace.gates[k] for k in "ifgo")
            acts = (torch.sigmoid, torch.sigmoid, torch.tanh, torch.sigmoid)
            for name, gate, fn, ax, ah in zip("ifgo", (i, f, g, o), acts, a_x, a_h, strict=True):
                torch.testing.assert_close(gate, fn(ax + ah), **TOL)
                torch.testing.assert_close(trace.pre[name], ax + ah, **TOL)  # the pre-activation the page shows
            c0 = state[1] if state else zeros
            c_prev = torch.cat([c0.unsqueeze(0), trace.c[:-1]])
            torch.testing.assert_close(trace.c_prev, c_prev, atol=0, rtol=0)
            torch.testing.assert_close(trace.c, f * c_prev + i * g, **TOL)
            torch.testing.assert_close(trace.h, o * torch.tanh(trace.c), **TOL)
        else:
            r, z, n = (trace.gates[k] for k in "rzn")
            torch.testing.assert_close(r, torch.sigmoid(a_x[0] + a_h[0]), **TOL)
            torch.testing.assert_close(z, torch.sigmoid(a_x[1] + a_h[1]), **TOL)
            torch.testing.assert_close(n, torch.tanh(a_x[2] + r * a_h[2]), **TOL)
            torch.testing.assert_close(trace.pre["hn"], a_h[2], **TOL)  # W_hn h_{t-1} + b_hn, what r_t scales
            for name, pre in zip("rzn", (a_x[0] + a_h[0], a_x[1] + a_h[1], a_x[2] + r * a_h[2]), strict=True):
                torch.testing.assert_close(trace.pre[name], pre, **TOL)
            torch.testing.assert_close(trace.h, (1 - z) * n + z * h_prev, **TOL)


def test_rnn_has_no_gates_and_its_pre_activation_is_the_argument_of_tanh():
    ours, ref = pair("rnn", 2, 3)
    x = torch.randn(4, 2, dtype=torch.float64)
    trace = ours(x)
    assert trace.gates == {} and trace.c is None and trace.c_prev is None
    (a_x,), (a_h,) = preactivations(ref, x, trace.h_prev)
    torch.testing.assert_close(trace.pre["h"], a_x + a_h, **TOL)
    torch.testing.assert_close(trace.h, torch.tanh(trace.pre["h"]), **TOL)


def test_one_step_returns_the_state_the_gates_and_the_pre_activations():
    ours, _ = pair("lstm", 2, 3)
    x = torch.randn(5, 2, dtype=torch.float64)
    trace = ours(x)
    step = ours.step(x[2], (trace.h[1], trace.c[1]))
    torch.testing.assert_close(step.state[0], trace.h[2], **TOL)
    torch.testing.assert_close(step.state[1], trace.c[2], **TOL)
    for name in "ifgo":
        torch.testing.assert_close(step.gates[name], trace.gates[name][2], **TOL)
        torch.testing.assert_close(step.pre[name], trace.pre[name][2], **TOL)


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("I,H", [(1, 1), (3, 5)])
def test_state_dict_matches_torch(kind, I, H):
    ours, ref = pair(kind, I, H)
    assert {k: tuple(v.shape) for k, v in ours.state_dict().items()} == \
        {k: tuple(v.shape) for k, v in ref.state_dict().items()}
    for k, v in ours.state_dict().items():
        assert v.dtype == torch.float64
        torch.testing.assert_close(v, ref.state_dict()[k], atol=0, rtol=0)


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("with_state", [False, True])
def test_gradients_match_torch(kind, batched, with_state):
    I, H, T, B = 3, 4, 6, 2
    ours, ref = pair(kind, I, H, seed=4)
    x, state, ref_state = inputs(kind, I, H, T, B, batched, with_state, seed=5)
    g = torch.Generator().manual_seed(6)
    w_h = torch.randn(ref(x, ref_state)[0].shape, generator=g, dtype=torch.float64)
    w_c = torch.randn(w_h.shape, generator=g, dtype=torch.float64)
    trace = ours(x, state)
    loss_ours = (torch.sin(trace.h) * w_h).sum()
    out, final = ref(x, ref_state)
    loss_ref = (torch.sin(out) * w_h).sum()
    if kind == "lstm":
        loss_ours = loss_ours + (trace.c[-1] ** 2 * w_c[-1]).sum()
        loss_ref = loss_ref + (final[1].squeeze(0) ** 2 * w_c[-1]).sum()
    names = [n for n, _ in ref.named_parameters()]
    grads_ours = torch.autograd.grad(loss_ours, [dict(ours.named_parameters())[n] for n in names])
    grads_ref = torch.autograd.grad(loss_ref, [dict(ref.named_parameters())[n] for n in names])
    for name, a, b in zip(names, grads_ours, grads_ref, strict=True):
        assert b.abs().max() > 0, name  # the check would be vacuous otherwise
        torch.testing.assert_close(a, b, **TOL, msg=lambda m, name=name: f"{name}: {m}")
