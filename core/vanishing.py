"""The vanishing-gradient lesson's experiment: one input, a tanh RNN, an LSTM and a GRU, the same physics.

No training: the cells keep their initial weights, with the recurrent matrix rescaled to the learner's size and
the LSTM's forget-gate bias set. What is measured is how the chain rule carries a gradient back through time,
and that depends on exactly these: the size of W_hh, how saturated the units are, and the gates.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass
from functools import cached_property

import numpy as np
import torch

from core.gradients import memory_horizon, norms_to_end, pascanu_bound, sigma_max
from core.jacobians import jacobians, states, step_jacobians
from core.recurrent import CELLS, _Cell, make_cell
from core.text import make_task

MAX_T = 200  # the longest sequence; the T x T maps grow as T^2
MAX_HIDDEN = 128  # the LSTM's state [h; c] is then 256 wide; the backward walk shows its 256 x 256 Jacobian
MAX_INPUT = 64
DTYPES = {"float32": torch.float32, "float64": torch.float64}
KINDS = tuple(CELLS)  # "rnn", "lstm", "gru"


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
        for name in ("length", "input_size", "hidden_size", "seed"):
            value = getattr(self, name)
            if not isinstance(value, int) or isinstance(value, bool):
                raise ValueError(f"{name} must be a whole number, got {value!r}")
        if self.source not in ("random", "text"):
            raise ValueError(f"source must be 'random' or 'text', got {self.source!r}")
        if self.source == "text":
            make_task(self.text, max_chars=MAX_T)  # the learner's text: a message saying what to change
        if not 2 <= self.length <= MAX_T:
            raise ValueError(f"the sequence length must be between 2 and {MAX_T}, got {self.length}")
        if not 1 <= self.input_size <= MAX_INPUT:
            raise ValueError(f"the input size must be between 1 and {MAX_INPUT}, got {self.input_size}")
        if not 1 <= self.hidden_size <= MAX_HIDDEN:
            raise ValueError(f"the hidden size must be between 1 and {MAX_HIDDEN} in this lesson, "
                             f"got {self.hidden_size}")
        if not 0.01 <= self.scale <= 5:
            raise ValueError(f"the recurrent scale must be between 0.01 and 5, got {self.scale}")
        if self.scale_kind not in ("radius", "sigma"):
            raise ValueError(f"scale_kind must be 'radius' or 'sigma', got {self.scale_kind!r}")
        if not 0 <= self.input_scale <= 10:
            raise ValueError(f"the input scale must be between 0 and 10, got {self.input_scale}")
        if not -5 <= self.forget_bias <= 10:
            raise ValueError(f"the forget-gate bias must be between -5 and 10, got {self.forget_bias}")
        if not 0 <= self.seed <= 2**31 - 1:
            raise ValueError(f"the seed must be between 0 and {2**31 - 1}, got {self.seed}")
        if self.dtype not in DTYPES:
            raise ValueError(f"dtype must be one of {', '.join(DTYPES)}, got {self.dtype!r}")


def inputs(config: FlowConfig) -> tuple[torch.Tensor, tuple[str, ...]]:
    """x (T, I) in the config's dtype, already multiplied by input_scale, and a label for each step."""
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


def _rescaled(block: torch.Tensor, size: float, kind: str) -> torch.Tensor:
    """``block`` multiplied so that its spectral radius (or largest singular value) is ``size``."""
    if kind == "radius":
        current = torch.linalg.eigvals(block.double()).abs().max()
    else:
        current = torch.linalg.matrix_norm(block.double(), ord=2)
    return block * (size / float(current))


def build_cell(config: FlowConfig, kind: str, input_size: int) -> _Cell:
    """PyTorch's initialisation (seeded), then every H x H block of W_hh rescaled, and for the LSTM
    b_f = forget_bias (in b_ih; b_hh's forget block set to 0 so the total is exactly forget_bias)."""
    torch.manual_seed(config.seed)
    cell = make_cell(kind, input_size, config.hidden_size).to(DTYPES[config.dtype])
    H = config.hidden_size
    with torch.no_grad():
        for b, block in enumerate(cell.blocks("weight_hh_l0")):
            cell.weight_hh_l0[b * H:(b + 1) * H] = _rescaled(block, config.scale, config.scale_kind)
        if kind == "lstm":  # gate order i, f, g, o: the forget gate is the second block
            cell.bias_ih_l0[H:2 * H] = config.forget_bias
            cell.bias_hh_l0[H:2 * H] = 0.0
    return cell.requires_grad_(False)


@dataclass(frozen=True)
class CellFlow:
    """One cell's measurements. norms: (T,) ||ds_{T-1}/ds_k||. singular: (T-1, S) singular values of each
    J_k = ds_{k+1}/ds_k, largest first. states: (T, S). bound: (T,) Pascanu bound (RNN) or None.
    forget_product: (T, H) prod_{j=k+1}^{T-1} f_j per unit (LSTM) or None: how much of c_k survives to c_{T-1}
    along the cell-state path alone."""

    kind: str
    cell: _Cell
    states: torch.Tensor
    norms: np.ndarray
    singular: np.ndarray
    bound: np.ndarray | None
    forget_product: np.ndarray | None

    def jacobian(self, x: torch.Tensor, k: int) -> np.ndarray:
        """J_k = ds_{k+1}/ds_k (S, S) for 0 <= k <= T-2, computed on demand (one step, microseconds)."""
        if not 0 <= k < self.states.shape[0] - 1:
            raise ValueError(f"k must be between 0 and {self.states.shape[0] - 2}, got {k}")
        return jacobians(self.cell, x[k + 1:k + 2], self.states[k:k + 1])[0].double().numpy()


@dataclass(frozen=True)
class FlowStudy:
    config: FlowConfig
    x: torch.Tensor
    labels: tuple[str, ...]
    cells: dict[str, CellFlow]

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
        after = torch.cat([f[1:], f.new_ones(1, f.shape[1])])  # f_{k+1} .. f_{T-1}, then an empty product
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


def curves_csv(s: FlowStudy) -> str:
    """One row per step k: the input label, the distance T-k, each cell's ||ds_T/ds_k|| and the RNN bound."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["k", "input", "distance", *[f"norm_{kind}" for kind in s.cells], "pascanu_bound_rnn"])
    bound = s.cells["rnn"].bound
    for k in range(s.T):
        writer.writerow([k + 1, s.labels[k], s.T - 1 - k, *[repr(float(f.norms[k])) for f in s.cells.values()],
                         repr(float(bound[k]))])
    return out.getvalue()


def config_json(s: FlowStudy, threshold: float) -> str:
    """The config, the measured horizons at ``threshold`` and the RNN's sigma_max and spectral radius."""
    horizons = {kind: memory_horizon(f.norms, threshold) for kind, f in s.cells.items()}
    return json.dumps({"lesson": "vanishing", "config": asdict(s.config), "T": s.T, "threshold": threshold,
                       "memory_horizon": horizons, "rnn_W_hh": s.rnn_numbers}, ensure_ascii=False,
                      indent=2)
