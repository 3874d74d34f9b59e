"""The vanishing-gradient lesson's experiment: one input, a tanh RNN, an LSTM and a GRU, the same physics.

No training: the cells keep their initial weights, with the recurrent matrix rescaled to the learner's size and
the LSTM's forget-gate bias set. What is measured is how the chain rule carries a gradient back through time,
and that depends on exactly these: the size of W_hh, how saturated the units are, and the gates.

One time axis (core.cell): s_t is the state after step t, t = 1..T, and row t - 1 of every per-step array is
about step t; J_t = ds_{t+1}/ds_t, t = 1..T-1, is row t - 1 of the one-step Jacobians.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import cached_property

import numpy as np
import torch

from core.cell import Cell
from core.gradients import norms_to_end, pascanu_bound, sigma_max, state_jacobian_norms
from core.jacobians import jacobians, states, step_jacobians
from core.limits import SEED, Limit, check, one_of
from core.recurrent import CELLS, make_cell
from core.text import make_task

MAX_T = 200  # the longest sequence; the T x T maps grow as T^2
MAX_HIDDEN = 128  # the LSTM's state [h; c] is then 256 wide; the backward walk shows its 256 x 256 Jacobian
MAX_INPUT = 64
DTYPES = {"float32": torch.float32, "float64": torch.float64}
KINDS = tuple(CELLS)  # "rnn", "lstm", "gru"
LIMITS = {"length": Limit("sequence_length", 2, MAX_T), "input_size": Limit("input_size", 1, MAX_INPUT),
          "hidden_size": Limit("vanishing_hidden_size", 1, MAX_HIDDEN),
          "scale": Limit("recurrent_scale", 0.01, 5, whole=False),
          "input_scale": Limit("input_scale", 0, 10, whole=False),
          "forget_bias": Limit("forget_bias", -5, 10, whole=False), "seed": SEED}


@dataclass(frozen=True)
class FlowConfig:
    source: str = "random"  # "random": Gaussian inputs; "text": the characters of `text`, one-hot
    text: str = "the cat that the dog chased ran away"  # used when source == "text"
    length: int = 60  # T for random inputs (for text, T is the text's length)
    input_size: int = 8  # features per step of random inputs
    hidden_size: int = 32
    scale: float = 0.8  # each H x H block of W_hh is rescaled to this size ...
    scale_kind: str = "radius"  # ... measured as its spectral radius ("radius") or largest singular value ("sigma")
    input_scale: float = 2.0  # inputs are multiplied by this: larger inputs saturate tanh and the gates
    # (0.8 and 2.0: the RNN keeps ~14 steps above 1e-3, the LSTM ~47; measured, seeds 0 and 1, T = 80)
    forget_bias: float = 1.0  # the LSTM's b_f (Jozefowicz et al. 2015 recommend 1; PyTorch's default is ~0)
    seed: int = 0  # the inputs and the initial weights
    dtype: str = "float32"  # PyTorch's default, as a training run computes; "float64" to see past its range

    def __post_init__(self):
        one_of("source", self.source, ("random", "text"))
        if self.source == "text":
            make_task(self.text, max_chars=MAX_T)  # the learner's text: a message saying what to change
        check(self, LIMITS)
        one_of("scale_kind", self.scale_kind, ("radius", "sigma"))
        one_of("dtype", self.dtype, DTYPES)


def inputs(config: FlowConfig) -> tuple[torch.Tensor, tuple[str, ...]]:
    """x (T, I) in the config's dtype, already multiplied by input_scale (row t - 1 is x_t), and a label for each
    step."""
    dtype = DTYPES[config.dtype]
    if config.source == "text":
        text = make_task(config.text, max_chars=MAX_T).text
        vocab = tuple(dict.fromkeys(text))
        x = torch.zeros(len(text), len(vocab), dtype=dtype)
        x[torch.arange(len(text)), torch.tensor([vocab.index(ch) for ch in text])] = 1.0
        labels = tuple(text)
    else:
        g = torch.Generator().manual_seed(config.seed)
        x = torch.randn(config.length, config.input_size, generator=g, dtype=torch.float64).to(dtype)
        labels = tuple(str(t) for t in range(1, config.length + 1))
    return x * config.input_scale, labels


def rescaled(block: torch.Tensor, size: float, kind: str) -> torch.Tensor:
    """``block`` multiplied so that its spectral radius (or largest singular value) is ``size``."""
    if kind == "radius":
        current = torch.linalg.eigvals(block.double()).abs().max()
    else:
        current = torch.linalg.matrix_norm(block.double(), ord=2)
    return block * (size / float(current))


def build_cell(config: FlowConfig, kind: str, input_size: int) -> Cell:
    """PyTorch's initialisation (seeded), then every H x H block of W_hh rescaled, and for the LSTM
    b_f = forget_bias (in b_ih; b_hh's forget block set to 0 so the total is exactly forget_bias)."""
    torch.manual_seed(config.seed)
    cell = make_cell(kind, input_size, config.hidden_size).to(DTYPES[config.dtype])
    H = config.hidden_size
    with torch.no_grad():
        for b, block in enumerate(cell.blocks("weight_hh_l0")):
            cell.weight_hh_l0[b * H:(b + 1) * H] = rescaled(block, config.scale, config.scale_kind)
        if kind == "lstm":  # gate order i, f, g, o: the forget gate is the second block
            cell.bias_ih_l0[H:2 * H] = config.forget_bias
            cell.bias_hh_l0[H:2 * H] = 0.0
    return cell.requires_grad_(False)


@dataclass(frozen=True)
class CellFlow:
    """One cell's measurements, row t - 1 about step t. norms: (T,) ||ds_T/ds_t||. singular: (T-1, S) the
    singular values of J_t = ds_{t+1}/ds_t, largest first. states: (T, S) s_1..s_T. bound: (T,) the Pascanu
    bound sigma_max^(T-t) (RNN) or None. forget_product: (T, H) prod_{j=t+1}^{T} f_j per unit (1 for t = T;
    LSTM) or None: how much of c_t survives to c_T along the cell-state path alone."""

    kind: str
    cell: Cell
    states: torch.Tensor
    norms: np.ndarray
    singular: np.ndarray
    bound: np.ndarray | None
    forget_product: np.ndarray | None

    def jacobian(self, x: torch.Tensor, row: int) -> np.ndarray:
        """J_t = ds_{t+1}/ds_t (S, S) at row = t - 1, 0 <= row <= T-2, computed on demand (one step, microseconds):
        step t + 1 reads x_{t+1} (row t of x) and s_t (row t - 1 of the states)."""
        if not 0 <= row < self.states.shape[0] - 1:
            raise ValueError(f"row must be between 0 and {self.states.shape[0] - 2}, got {row}")
        return jacobians(self.cell, x[row + 1:row + 2], self.states[row:row + 1])[0].double().numpy()


@dataclass(frozen=True)
class FlowStudy:
    """x: (T, I) the input, row t - 1 is x_t.  labels: what each step reads.  cells: kind -> its measurements."""

    config: FlowConfig
    x: torch.Tensor
    labels: tuple[str, ...]
    cells: dict[str, CellFlow]

    @property
    def cache_key(self) -> FlowConfig:
        """A study is named by its config (no training, every cell seeded): shared charts of it are keyed by this."""
        return self.config

    @property
    def T(self) -> int:
        return self.x.shape[0]

    @cached_property
    def rnn_numbers(self) -> dict:
        """``summary`` of the RNN, computed once (a page prints it on every rerun)."""
        return summary(self.cells["rnn"])


def measure(config: FlowConfig, kind: str, x: torch.Tensor) -> CellFlow:
    cell = build_cell(config, kind, x.shape[1])
    s = states(cell, x)
    J = step_jacobians(cell, x)
    norms = norms_to_end(J)
    finite = torch.isfinite(J).all(dim=(-2, -1))
    singular = torch.full(J.shape[:-1], float("nan"), dtype=torch.float64)
    singular[finite] = torch.linalg.svdvals(J[finite]).double()
    bound = pascanu_bound(cell, x.shape[0]) if kind == "rnn" else None
    forget = None
    if kind == "lstm":
        with torch.no_grad():
            f = cell(x).gates["f"].double()  # (T, H)
        after = torch.cat([f[1:], f.new_ones(1, f.shape[1])])  # f_2 .. f_T, then an empty product
        forget = after.flip(0).cumprod(0).flip(0).numpy()
    return CellFlow(kind, cell, s, norms, singular.numpy(), bound, forget)


def study(config: FlowConfig) -> FlowStudy:
    """Everything the lesson's charts show except the T x T maps (see core.gradients.state_jacobian_map)."""
    x, labels = inputs(config)
    return FlowStudy(config, x, labels, {kind: measure(config, kind, x) for kind in KINDS})


def summary(flow: CellFlow) -> dict:
    """Numbers a page prints about the RNN: sigma_max and spectral radius of W_hh, and the largest ratio
    measured / bound over the distances where the bound is finite (1 at distance 0 by definition, left out;
    NaN if there is none). The theory says it never exceeds 1."""
    if flow.kind != "rnn":
        return {}
    W = flow.cell.weight_hh_l0.double()
    measured, bound = flow.norms[:-1], flow.bound[:-1]
    fair = np.isfinite(bound) & (bound > 0) & np.isfinite(measured)
    ratio = float(np.max(measured[fair] / bound[fair])) if fair.any() else float("nan")
    return {"sigma_max": sigma_max(flow.cell), "radius": float(torch.linalg.eigvals(W).abs().max()),
            "bound_ratio": ratio}


def halved_norm(config: FlowConfig, back: int = 20) -> float:
    """The question's answer: the RNN's ||ds_T/ds_(T-back)|| on the learner's inputs, with sigma_max(W_hh) = 0.5."""
    halved = replace(config, scale=0.5, scale_kind="sigma")
    x, _ = inputs(halved)
    norms = state_jacobian_norms(build_cell(halved, "rnn", x.shape[1]), x)
    return float(norms[max(0, len(norms) - 1 - back)])
