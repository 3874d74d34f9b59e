"""Independent references for the gradient tests (test_gradients.py, test_gradient_products.py and the vanishing
lesson's test_vanishing_*.py): torch autograd (``torch.func.jacrev``) through ``torch.nn.RNN/LSTM/GRU`` or their
``*Cell`` versions with copied weights, in float64, then an exact SVD (``torch.linalg.matrix_norm(ord=2)``); or
hand-built Jacobians whose products have known singular values. None of it calls the code under test except to
build our own cell with the same weights (``modules``)."""

import numpy as np
import torch

from core.recurrent import GRU, LSTM, RNN

F64 = torch.float64

MODULES = {  # ours, torch's multi-step module, torch's one-step module
    "rnn": (RNN, lambda i, h: torch.nn.RNN(i, h, nonlinearity="tanh"), torch.nn.RNNCell),
    "lstm": (LSTM, torch.nn.LSTM, torch.nn.LSTMCell),
    "gru": (GRU, torch.nn.GRU, torch.nn.GRUCell),
}
KINDS = list(MODULES)


def one_thread():
    """One intra-op thread, as the app runs (small matrices: threads only add synchronisation, and on a busy
    machine a second thread can make a study 10x slower). A test module makes it an autouse fixture:
    ``_one_thread = pytest.fixture(autouse=True, scope="module")(one_thread)``."""
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(before)


def modules(kind, I, H, seed=0, gain=1.0):
    """(ours, torch's multi-step module, torch's one-step module) in float64 with the same weights.

    ``gain`` multiplies every torch weight before copying: large weights saturate tanh and the gates."""
    torch.manual_seed(seed)
    ours_cls, seq_factory, step_cls = MODULES[kind]
    seq = seq_factory(I, H).double()
    with torch.no_grad():
        for p in seq.parameters():
            p.mul_(gain)
    ours = ours_cls(I, H).double()
    ours.load_state_dict(seq.state_dict())
    step = step_cls(I, H).double()
    step.load_state_dict({name.removesuffix("_l0"): v for name, v in seq.state_dict().items()})
    seq.requires_grad_(False)
    step.requires_grad_(False)
    return ours, seq, step


def state_size(kind, H):
    return 2 * H if kind == "lstm" else H


def torch_step(kind, step, H):
    """s' = f(x_t, s) with torch's one-step module; s = h, or [h; c] for the LSTM."""

    def f(x_t, s):
        if kind == "lstm":
            return torch.cat(step(x_t, (s[:H], s[H:])))
        return step(x_t, s)

    return f


def torch_states(kind, step, H, x, s=None):
    """The states after each input of ``x`` (n, I), starting from ``s`` (zero if None): (n, S)."""
    f = torch_step(kind, step, H)
    s = torch.zeros(state_size(kind, H), dtype=x.dtype) if s is None else s
    out = []
    for x_t in x:
        s = f(x_t, s)
        out.append(s)
    return torch.stack(out)


def torch_final(kind, seq, H, x, s):
    """The state after torch's multi-step module has read ``x`` (n, I) from state ``s``."""
    if kind == "lstm":
        _, (h, c) = seq(x, (s[None, :H], s[None, H:]))
        return torch.cat([h[0], c[0]])
    _, h = seq(x, s[None])
    return h[0]


def spectral(J):
    return torch.linalg.matrix_norm(J, ord=2).numpy()


def reference_norms(kind, seq, H, x, s):
    """(T,) ||ds_{T-1}/ds_k||_2: autograd through torch's multi-step module run from s_k over x[k+1:]."""
    T = x.shape[0]
    out = np.ones(T)
    for k in range(T - 1):
        J = torch.func.jacrev(lambda s_k, k=k: torch_final(kind, seq, H, x[k + 1:], s_k))(s[k])
        out[k] = spectral(J)
    return out


def reference_map(kind, step, H, x, s):
    """(T, T) ||ds_t/ds_k||_2 for k <= t, NaN above: one autograd Jacobian of s_{k+1..T-1} with respect to s_k
    per k, through torch's one-step module."""
    T = x.shape[0]
    out = np.full((T, T), np.nan)
    np.fill_diagonal(out, 1.0)
    for k in range(T - 1):
        J = torch.func.jacrev(lambda s_k, k=k: torch_states(kind, step, H, x[k + 1:], s_k))(s[k])  # (T-k-1, S, S)
        out[k + 1:, k] = spectral(J)
    return out


def reference_map_from_steps(kind, step, H, x, s):
    """As reference_map, but cheaper for larger sizes: autograd for each one-step Jacobian (torch's
    one-step module), then the chain rule by explicit float64 products and an exact SVD of each."""
    f = torch_step(kind, step, H)
    J = torch.stack([torch.func.jacrev(lambda s_k, k=k: f(x[k + 1], s_k))(s[k]) for k in range(x.shape[0] - 1)])
    T = x.shape[0]
    out = np.full((T, T), np.nan)
    np.fill_diagonal(out, 1.0)
    P = J  # P[k] = ds_{k+d}/ds_k, distance d = 1 first
    for d in range(1, T):
        out[np.arange(d, T), np.arange(T - d)] = spectral(P)
        P = J[d:] @ P[:-1]
    return out


def known_jacobians(T, S, log10_c, dtype, seed=0):
    """One-step Jacobians J_k = c Q_{k+1} D Q_k^T with random orthogonal Q_k and D = diag(1, 1/2, 1/4, ...):
    the product J_{t-1} ... J_k = c^(t-k) Q_t D^(t-k) Q_k^T has largest singular value exactly c^(t-k), and a
    gap (1/2)^(t-k) to the next, so a power iteration has a single right answer."""
    g = torch.Generator().manual_seed(seed)
    Q = torch.linalg.qr(torch.randn(T, S, S, generator=g, dtype=F64)).Q
    D = torch.diag(0.5 ** torch.arange(S, dtype=F64))
    J = 10.0**log10_c * Q[1:] @ D @ Q[:-1].mT
    return J.to(dtype)


def as_dtype_reports(log10_value, dtype):
    """10**log10_value as core.gradients documents it: inf above the dtype's largest number, 0 below its smallest
    subnormal, else the float64 value."""
    info = torch.finfo(dtype)
    log10_value = np.asarray(log10_value, dtype=float)
    with np.errstate(over="ignore", under="ignore"):
        value = 10.0**log10_value
    value = np.where(log10_value > np.log10(info.max), np.inf, value)
    return np.where(log10_value < np.log10(info.smallest_normal * info.eps), 0.0, value)


def random_x(T, I, seed=1, scale=1.5):
    g = torch.Generator().manual_seed(seed)
    return scale * torch.randn(T, I, generator=g, dtype=F64)
