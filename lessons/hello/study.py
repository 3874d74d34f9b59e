"""What the "Hello, RNN" lesson computes: train, then measure everything the page shows; and its downloads."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict, dataclass

import numpy as np

from core.analysis import Analysis, analyze
from core.bptt import GradientFlow, autograd_dh, gradient_flow
from core.charlm import CharLM, HelloConfig, TrainResult, build_model, numpy_params
from core.numpy_rnn import BPTTResult, forward_backward
from lessons.hello.study_snapshots import Snapshots, train_keeping


@dataclass(frozen=True)
class HelloStudy:
    """result: the training run.  analysis: every value at every step.  flow: full BPTT by autograd.
    numpy: the hand-derived BPTT (plain RNN only, else None).  autograd_dh: (T, H) plain-autograd dL/dh_t.
    snapshots: the predictions at kept training steps, from 0 (before training) to the end."""

    result: TrainResult
    analysis: Analysis
    flow: GradientFlow
    numpy: BPTTResult | None
    autograd_dh: np.ndarray
    snapshots: Snapshots

    @property
    def cache_key(self) -> HelloConfig:
        """A study is named by its config (the core is deterministic): shared charts of it are keyed by this."""
        return self.result.config

    @property
    def chars(self) -> list[str]:
        """The T characters read, x_1..x_T."""
        task = self.result.task
        return [task.vocab[j] for j in task.inputs]

    def untrained_model(self) -> CharLM:
        """The model before training: the initial weights its seed gives (training step 0)."""
        return build_model(self.result.config, self.result.task).eval()

    @property
    def bptt_gap(self) -> float | None:
        """max |NumPy dL/dh_t - autograd dL/dh_t| over every t and unit (None for LSTM/GRU)."""
        return None if self.numpy is None else float(np.abs(self.numpy.dh - self.autograd_dh).max())

    @property
    def autograd_gap(self) -> float:
        """max |step-loop autograd dL/dh_t - batched-window autograd dL/dh_t|: two independent computations."""
        return float(np.abs(self.autograd_dh - self.flow.dh).max())


def norms(vectors: np.ndarray) -> np.ndarray:
    """The Euclidean norm of each vector along the last axis: (T, H) -> (T,), (T, T, H) -> (T, T)."""
    return np.linalg.norm(vectors, axis=-1)


def relative_change(full: dict[str, np.ndarray], other: dict[str, np.ndarray]) -> float:
    """||g_other - g_full|| / ||g_full|| over all parameters together."""
    g_full = np.concatenate([g.ravel() for g in full.values()])
    diff = np.concatenate([(other[name] - g).ravel() for name, g in full.items()])
    return float(np.linalg.norm(diff) / np.linalg.norm(g_full))


def study(config: HelloConfig, on_step=None) -> HelloStudy:
    result, snapshots = train_keeping(config, on_step)
    model, task = result.model(), result.task
    numpy_result = None
    if config.cell == "rnn":
        numpy_result = forward_backward(list(task.inputs), list(task.targets), np.zeros(config.hidden_size),
                                        numpy_params(model))
    return HelloStudy(result, analyze(model, task), gradient_flow(model, task), numpy_result,
                      autograd_dh(model, task), snapshots)


def truncated(study_: HelloStudy, window: int) -> GradientFlow:
    """The same trained model's gradients with BPTT truncated to ``window`` steps."""
    return gradient_flow(study_.result.model(), study_.result.task, window)


def trace_csv(study_: HelloStudy) -> str:
    """One row per time step: what was read, what was due, the hidden state, p(target), L_t, ||dL/dh_t||."""
    task, a = study_.result.task, study_.analysis
    H = a.h.shape[1]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["t", "input", "target", *[f"h{j + 1}" for j in range(H)], "p_target", "loss",
                     "grad_norm_autograd"])
    for t in range(1, task.T + 1):
        y = task.targets[t - 1]
        writer.writerow([t, task.vocab[task.inputs[t - 1]], task.vocab[y], *np.round(a.h[t - 1], 10),
                         a.probs[t - 1, y], a.losses[t - 1], np.linalg.norm(study_.autograd_dh[t - 1])])
    return out.getvalue()


def config_json(study_: HelloStudy) -> str:
    r = study_.result
    return json.dumps({"lesson": "hello", "config": asdict(r.config), "vocab": list(r.task.vocab),
                       "final_loss": float(r.losses[-1]), "final_accuracy": float(r.accuracies[-1]),
                       "solved_at_step": r.solved_at}, ensure_ascii=False, indent=2)


def largest_gradient(study_: HelloStudy) -> tuple[int, np.ndarray]:
    """The question's answer: the step t whose state h_t gets the largest gradient from the last loss,
    ||dL_T/dh_t||, and that whole row (T,), row t - 1 for step t."""
    row = norms(study_.flow.contrib[-1])
    return int(np.argmax(row)) + 1, row
