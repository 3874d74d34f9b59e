"""Vanishing lesson, challenges graded live (ui/challenges.py): each check reads the study the page has just measured
(every cell's ||ds_T/ds_k|| on the learner's inputs), at the lesson's default threshold 1e-3."""

from __future__ import annotations

import numpy as np

from core.gradients import memory_horizon
from lessons.vanishing.study import FlowStudy
from ui.challenges import Challenge, Verdict

THRESHOLD = 1e-3  # the curves' default threshold: a gradient this small no longer teaches anything
RNN_GOAL = 30  # steps back the plain RNN must reach (the "memory horizon of 30 steps or more")
LSTM_GOAL = 20  # the LSTM must fall under this ...
LSTM_T = 40  # ... on a sequence at least this long (a short one cannot show a long horizon at all)


def rnn_gain(s: FlowStudy) -> dict:
    """What sets the RNN's horizon: the measured factor per step back, ||ds_T/ds_1||^(1/(T-1)) (the geometric mean
    of the T - 1 steps); W_hh's spectral radius; the mean tanh' = 1 - h_t^2 and mean |h_t| over every step and unit;
    the largest ||ds_T/ds_k|| (above 1: the gradient grows on its way back)."""
    flow = s.cells["rnn"]
    h = flow.states.double().numpy()
    norms = flow.norms
    finite = norms[np.isfinite(norms)]
    far = float(norms[0])
    rate = far ** (1 / (s.T - 1)) if np.isfinite(far) and far > 0 else (0.0 if far == 0 else np.inf)
    return {"rate": rate, "radius": s.rnn_numbers["radius"], "slope": float(np.mean(1 - h**2)),
            "h": float(np.abs(h).mean()), "largest": float(finite.max()) if finite.size else np.inf,
            "need": THRESHOLD ** (1 / RNN_GOAL)}


def rnn_horizon(s: FlowStudy, S: dict) -> Verdict:
    d = s.T - 1
    horizon, lstm = (memory_horizon(s.cells[k].norms, THRESHOLD) for k in ("rnn", "lstm"))
    gain = rnn_gain(s)
    measured = S["ch_rnn_measured"].format(horizon=horizon, d=d, lstm=lstm)
    if d < RNN_GOAL:
        return Verdict(False, measured, S["ch_rnn_short"].format(T=s.T, d=d, need=RNN_GOAL + 1))
    if horizon < RNN_GOAL:
        return Verdict(False, measured, S["ch_rnn_not"].format(**gain))
    return Verdict(True, measured, S["ch_rnn_why"].format(**gain))


def forget_mean(s: FlowStudy) -> tuple[float, float]:
    """The LSTM's most persistent unit (the one whose forget gates multiply to the most over the sequence): its
    forget gate per step (the geometric mean of f_2..f_T), and the share of its c that the cell-state path alone
    carries over the last LSTM_GOAL steps (the product of those steps' f)."""
    product = s.cells["lstm"].forget_product  # (T, H): row t - 1 is prod_{j=t+1}^{T} f_j per unit
    unit = int(np.argmax(product[0]))
    f = float(np.clip(product[0, unit], 1e-300, None) ** (1 / max(s.T - 1, 1)))
    return f, float(product[max(0, s.T - 1 - LSTM_GOAL), unit])


def lstm_forgets(s: FlowStudy, S: dict) -> Verdict:
    horizon = memory_horizon(s.cells["lstm"].norms, THRESHOLD)
    f, kept = forget_mean(s)
    measured = S["ch_lstm_measured"].format(horizon=horizon, d=s.T - 1, f=f, kept=kept)
    if s.T < LSTM_T:
        return Verdict(False, measured, S["ch_lstm_short"].format(T=s.T, need=LSTM_T))
    if horizon >= LSTM_GOAL:
        return Verdict(False, measured, S["ch_lstm_not"].format(f=f, b=s.config.forget_bias))
    return Verdict(True, measured, S["ch_lstm_why"].format(f=f, b=s.config.forget_bias, kept=kept))


def challenges(s: FlowStudy, S: dict) -> tuple[str, list[Challenge]]:
    start = {"input": "random", "T": "60", "H": "32", "scale": "0.8", "measure": "radius", "input_scale": "2.0",
             "forget": "1.0", "seed": "0", "dtype": "float32"}  # the lesson's defaults
    return "vanishing", [
        Challenge("vanishing_rnn_horizon", S["ch_rnn"], lambda: rnn_horizon(s, S), start),
        Challenge("vanishing_lstm_forgets", S["ch_lstm"], lambda: lstm_forgets(s, S), start),
    ]
