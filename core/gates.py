"""The gates lesson: three cells trained on one text, every gate traced, and the gates broken on purpose."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass

import numpy as np
import torch

from core.analysis import Analysis, analyze
from core.charlm import CharLM, HelloConfig, TrainResult, train
from core.text import CharTask

# The memory text: which bracket closes after "f" depends on the one opened seven steps earlier; every other
# character follows from the one before it. Over seeds 0-3 the LSTM learned it every time, the GRU 3 times in 4
# and the plain RNN 2 in 4 (seed 0: the RNN guesses; measured with the defaults below).
PRESETS = {"brackets": "(abcdef)[abcdef](abcdef)[abcdef]", "hello": "hello"}
KINDS = ("lstm", "gru", "rnn")  # trained in this order; the RNN is there for comparison
MAX_HIDDEN = 32  # every unit gets a heatmap row in seven panels; more would not fit a screen
SIGMOID = {"lstm": ("i", "f", "o"), "gru": ("r", "z")}  # the gates proper (g and n are tanh candidates)
SATURATED = 0.05  # a sigmoid below 0.05 or above 0.95 has slope < 0.05 * 0.95 ~ 0.048 (at most 0.25 at 0.5)
PIN_CHOICES = {"f": (1.0, 0.0), "i": (0.0,), "o": (1.0,)}  # the lesson's "break the gates" overrides


@dataclass(frozen=True)
class GatesConfig:
    text: str = PRESETS["brackets"]  # same rules as the first lesson: 2 to 64 characters
    hidden_size: int = 12  # with 12 units the LSTM carried the bracket at every seed tried (0-3)
    steps: int = 300  # Adam steps per cell; the gated cells get the bracket text right by about step 100
    lr: float = 0.05
    seed: int = 0

    def __post_init__(self):
        if not isinstance(self.hidden_size, int) or not 1 <= self.hidden_size <= MAX_HIDDEN:
            raise ValueError(f"hidden size must be a whole number from 1 to {MAX_HIDDEN} in this lesson, "
                             f"got {self.hidden_size!r}")
        self.cell_config("lstm")  # validates the text, steps, lr and seed with the first lesson's messages

    def cell_config(self, kind: str) -> HelloConfig:
        return HelloConfig(text=self.text, cell=kind, hidden_size=self.hidden_size, lr=self.lr,
                           steps=self.steps, seed=self.seed)


@dataclass(frozen=True)
class GatesStudy:
    """results/analyses: kind -> the training run and every value of the trained model on the text."""

    config: GatesConfig
    task: CharTask
    results: dict[str, TrainResult]
    analyses: dict[str, Analysis]

    def model(self, kind: str) -> CharLM:
        return self.results[kind].model()


def study(config: GatesConfig, on_step=None) -> GatesStudy:
    """Train the three cells (PyTorch's fused kernels, our cells for every number shown) and trace them.
    ``on_step(step, steps, loss, accuracy)`` counts through all three trainings."""
    results = {}
    total = len(KINDS) * config.steps
    for n, kind in enumerate(KINDS):
        report = None if on_step is None else (lambda s, _, *rest, o=n * config.steps: on_step(o + s, total, *rest))
        results[kind] = train(config.cell_config(kind), report, fused=True)
    task = results["lstm"].task
    analyses = {kind: analyze(r.model(), task) for kind, r in results.items()}
    return GatesStudy(config, task, results, analyses)


def traces(a: Analysis) -> dict[str, np.ndarray]:
    """name -> (T, H): every gate, and c, tanh(c) (LSTM) and h, at steps 1..T."""
    out = dict(a.gates)
    if a.c is not None:
        out["c"], out["tanh_c"] = a.c[1:], np.tanh(a.c[1:])
    out["h"] = a.h[1:]
    return out


def step_values(s: GatesStudy, kind: str, t: int, unit: int) -> dict[str, float]:
    """One unit (0-based) at step t (1-based), every value the cell diagram shows, as plain floats."""
    a = s.analyses[kind]
    i, j = t - 1, unit
    v = {name: float(values[i, j]) for name, values in a.gates.items()}
    v["h_prev"], v["h"] = float(a.h[i, j]), float(a.h[t, j])
    if kind == "lstm":
        v["c_prev"], v["c"] = float(a.c[i, j]), float(a.c[t, j])
        v["tanh_c"] = float(np.tanh(a.c[t, j]))
        v["kept"], v["added"] = v["f"] * v["c_prev"], v["i"] * v["g"]
    else:  # the reset multiplies W_hn h_{t-1} + b_hn: the pre-activation of n minus its input part
        w = s.results[kind].state
        H = s.config.hidden_size
        from_x = float(w["cell.weight_ih_l0"][2 * H + j, s.task.inputs[i]] + w["cell.bias_ih_l0"][2 * H + j])
        v["reset_term"] = float(a.pre["n"][i, j]) - from_x
        v["new_part"], v["kept"] = (1 - v["z"]) * v["n"], v["z"] * v["h_prev"]
    return v


def memory_unit(a: Analysis) -> int:
    """The unit (0-based) that keeps the most of its old state on average: the largest mean f (LSTM) or z (GRU)."""
    keep = a.gates["f"] if "f" in a.gates else a.gates["z"]
    return int(keep.mean(axis=0).argmax())


def saturation(a: Analysis, kind: str) -> dict[str, tuple[float, float]]:
    """For each sigmoid gate, the fraction of its values (every unit, every step) below 0.05 and above 0.95."""
    return {name: (float((a.gates[name] < SATURATED).mean()), float((a.gates[name] > 1 - SATURATED).mean()))
            for name in SIGMOID[kind]}


def checked_pins(pins: tuple[tuple[str, float], ...]) -> dict[str, float]:
    """The lesson's overrides only: f to 1 or 0, i to 0, o to 1 (the cell itself accepts any value)."""
    pins = dict(pins)
    for name, value in pins.items():
        if value not in PIN_CHOICES.get(name, ()):
            raise ValueError(f"this lesson pins f to 1 or 0, i to 0 and o to 1; got {name} = {value!r}")
    return pins


def cell_gradient(model: CharLM, task: CharTask, pins: dict[str, float] | None = None) -> np.ndarray:
    """(T+1,) the spectral norm of dc_T/dc_k for k = 0..T (the last entry is 1), by autograd through every
    path (cell highway, and c_k -> h_k -> the next step's gates), with the overrides in ``pins``."""
    cell = model.cell
    x = task.one_hot()  # (T, V)
    H = cell.hidden_size
    c0 = torch.zeros(H, dtype=x.dtype, requires_grad=True)
    state, cs = (torch.zeros(H, dtype=x.dtype), c0), [c0]
    for t in range(task.T):
        state, _ = cell.step(x[t], state, pins or None)
        cs.append(state[1])
    rows = []
    for j in range(H):  # one backward pass per unit of c_T gives row j of every dc_T/dc_k
        grads = torch.autograd.grad(cs[-1][j], cs[:-1], retain_graph=True, allow_unused=True)
        rows.append(torch.stack([torch.zeros(H, dtype=x.dtype) if g is None else g for g in grads]))  # (T, H)
    J = torch.stack(rows, dim=1).detach().numpy()  # (T, H, H): J[k] = dc_T/dc_k
    return np.append(np.linalg.norm(J, 2, axis=(1, 2)), 1.0)


def highway(f: np.ndarray) -> np.ndarray:
    """(T+1,) the largest over units of prod_{j=k+1}^{T} f_j, k = 0..T: dc_T/dc_k along the cell state alone."""
    T, H = f.shape
    products = np.ones((T + 1, H))
    for k in range(T - 1, -1, -1):
        products[k] = products[k + 1] * f[k]  # f[k] is f_{k+1}
    return products.max(axis=1)


@dataclass(frozen=True)
class Broken:
    """The trained LSTM rerun with gates pinned: its trace, ||dc_T/dc_k|| and the forget-gate highway."""

    pins: dict[str, float]
    analysis: Analysis
    gradient: np.ndarray  # (T+1,)
    highway: np.ndarray  # (T+1,)


def break_gates(s: GatesStudy, pins: tuple[tuple[str, float], ...]) -> Broken:
    """Rerun the trained LSTM with ``pins`` (e.g. (("f", 1.0), ("i", 0.0))); no pins gives the model as trained."""
    checked = checked_pins(pins)
    model = s.model("lstm")
    a = analyze(model, s.task, checked or None)
    return Broken(checked, a, cell_gradient(model, s.task, checked), highway(a.gates["f"]))


def accuracy(a: Analysis, task: CharTask) -> float:
    return float((a.probs.argmax(axis=1) == np.asarray(task.targets)).mean())


def predicted_text(a: Analysis, task: CharTask) -> str:
    return "".join(task.vocab[i] for i in a.probs.argmax(axis=1))


def gates_csv(s: GatesStudy) -> str:
    """One row per cell, step and unit: the character read, every gate, c (LSTM) and h."""
    out = io.StringIO()
    writer = csv.writer(out)
    names = ("i", "f", "g", "o", "c", "r", "z", "n", "h")
    writer.writerow(["cell", "t", "input", "target", "unit", *names])
    for kind in ("lstm", "gru"):
        a = s.analyses[kind]
        for t in range(s.task.T):
            read, due = s.task.vocab[s.task.inputs[t]], s.task.vocab[s.task.targets[t]]
            for j in range(a.h.shape[1]):
                values = {**{k: v[t, j] for k, v in a.gates.items()}, "h": a.h[t + 1, j]}
                if a.c is not None:
                    values["c"] = a.c[t + 1, j]
                writer.writerow([kind, t + 1, read, due, j + 1, *[f"{values[n]:.8g}" if n in values else ""
                                                                  for n in names]])
    return out.getvalue()


def config_json(s: GatesStudy) -> str:
    return json.dumps({"lesson": "gates", "config": asdict(s.config), "vocab": list(s.task.vocab),
                       "accuracy": {k: float(r.accuracies[-1]) for k, r in s.results.items()},
                       "final_loss": {k: float(r.losses[-1]) for k, r in s.results.items()},
                       "saturation": {k: saturation(s.analyses[k], k) for k in SIGMOID}},
                      ensure_ascii=False, indent=2)
