"""What the gates lesson computes: three cells trained on one text, every gate traced; and its downloads.
Breaking the gates is in study_break, the GRU's other reset placement in study_forms, the cost in study_cost."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass

import numpy as np

from core.analysis import Analysis, analyze
from core.charlm import CharLM, HelloConfig, TrainResult, train
from core.limits import Limit, check
from core.recurrent import CELLS
from core.text import CharTask

# The memory text: which bracket closes after "f" depends on the one opened seven steps earlier; every other
# character follows from the one before it. Over seeds 0-3 the LSTM learned it every time, the GRU 3 times in 4
# and the plain RNN 2 in 4 (seed 0: the RNN guesses; measured with the defaults below).
PRESETS = {"brackets": "(abcdef)[abcdef](abcdef)[abcdef]", "hello": "hello"}
KINDS = ("lstm", "gru", "rnn")  # trained in this order; the RNN is there for comparison
GATED = ("lstm", "gru")  # the cells with gates: the ones the page steps through
MAX_HIDDEN = 32  # every unit gets a heatmap row in seven panels; more would not fit a screen
LIMITS = {"hidden_size": Limit("lesson_hidden_size", 1, MAX_HIDDEN)}
SATURATED = 0.05  # a sigmoid below 0.05 or above 0.95 has slope < 0.05 * 0.95 ~ 0.048 (at most 0.25 at 0.5)


@dataclass(frozen=True)
class GatesConfig:
    text: str = PRESETS["brackets"]  # same rules as the first lesson: 2 to 64 characters
    hidden_size: int = 12  # with 12 units the LSTM carried the bracket at every seed tried (0-3)
    steps: int = 300  # Adam steps per cell; the gated cells get the bracket text right by about step 100
    lr: float = 0.05
    seed: int = 0

    def __post_init__(self):
        check(self, LIMITS)
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

    @property
    def cache_key(self) -> GatesConfig:
        """A study is named by its config (the core is deterministic): shared charts of it are keyed by this."""
        return self.config

    @property
    def chars(self) -> list[str]:
        """The T characters read, x_1..x_T."""
        return [self.task.vocab[i] for i in self.task.inputs]

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
    """name -> (T, H): every gate, and c, tanh(c) (LSTM) and h, at steps 1..T (row t - 1 is step t)."""
    out = dict(a.gates)
    if a.c is not None:
        out["c"], out["tanh_c"] = a.c, np.tanh(a.c)
    out["h"] = a.h
    return out


def step_values(s: GatesStudy, kind: str, t: int, unit: int) -> dict[str, float]:
    """One unit (0-based) at step t (1-based), every value the cell diagram shows, as plain floats."""
    a = s.analyses[kind]
    i, j = t - 1, unit
    v = {name: float(values[i, j]) for name, values in a.gates.items()}
    v["h_prev"], v["h"] = float(a.h_prev[i, j]), float(a.h[i, j])
    if kind == "lstm":
        v["c_prev"], v["c"] = float(a.c_prev[i, j]), float(a.c[i, j])
        v["tanh_c"] = float(np.tanh(a.c[i, j]))
        v["kept"], v["added"] = v["f"] * v["c_prev"], v["i"] * v["g"]
    else:  # the reset gate scales W_hn h_{t-1} + b_hn, which the cell keeps as pre["hn"]
        v["reset_term"] = v["r"] * float(a.pre["hn"][i, j])
        v["new_part"], v["kept"] = (1 - v["z"]) * v["n"], v["z"] * v["h_prev"]
    return v


def memory_unit(a: Analysis) -> int:
    """The unit (0-based) that keeps the most of its old state on average: the largest mean f (LSTM) or z (GRU)."""
    keep = a.gates["f"] if "f" in a.gates else a.gates["z"]
    return int(keep.mean(axis=0).argmax())


def saturation(a: Analysis, kind: str) -> dict[str, tuple[float, float]]:
    """For each sigmoid gate, the fraction of its values (every unit, every step) below 0.05 and above 0.95."""
    return {name: (float((a.gates[name] < SATURATED).mean()), float((a.gates[name] > 1 - SATURATED).mean()))
            for name in CELLS[kind].SIGMOID}


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
    for kind in GATED:
        a = s.analyses[kind]
        for t in range(1, s.task.T + 1):
            read, due = s.task.vocab[s.task.inputs[t - 1]], s.task.vocab[s.task.targets[t - 1]]
            for j in range(a.h.shape[1]):
                values = {**{k: v[t - 1, j] for k, v in a.gates.items()}, "h": a.h[t - 1, j]}
                if a.c is not None:
                    values["c"] = a.c[t - 1, j]
                writer.writerow([kind, t, read, due, j + 1, *[f"{values[n]:.8g}" if n in values else ""
                                                              for n in names]])
    return out.getvalue()


def config_json(s: GatesStudy) -> str:
    return json.dumps({"lesson": "gates", "config": asdict(s.config), "vocab": list(s.task.vocab),
                       "accuracy": {k: float(r.accuracies[-1]) for k, r in s.results.items()},
                       "final_loss": {k: float(r.losses[-1]) for k, r in s.results.items()},
                       "saturation": {k: saturation(s.analyses[k], k) for k in GATED}},
                      ensure_ascii=False, indent=2)
