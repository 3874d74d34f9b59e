"""The vanishing-gradient lesson's measurements: how long the curves and the T x T maps take, against the naive way.

Budgets (T = 100, H = 64, float32, one thread as the app runs): the three cells' curves ||ds_T/ds_t|| together
<= 100 ms; the three T x T maps ||ds_t/ds_k|| together <= 1500 ms; and the maps >= 20x faster than the naive way.

The naive way differentiates every pair on its own: for each (t, k), run the cell from s_k (a leaf) over
x[k+1..t], take the full S x S Jacobian ds_t/ds_k with ``torch.func.jacrev``, then its spectral norm. It runs the
cell either with PyTorch's own ``torch.nn.RNN/LSTM/GRU`` (same weights; C++ loops over time, fastest for the RNN
and GRU) or with our cell's step loop (fastest for the LSTM: jacrev's batching of torch's fused LSTM backward
is slow), whichever is faster for that cell, so the speedup is a conservative one.
"""

from __future__ import annotations

import os
import statistics
import time

import numpy as np
import torch

from core.gradients import state_jacobian_map, state_jacobian_norms
from lessons.vanishing.study import KINDS, FlowConfig, build_cell, inputs, study

REPEATS = 5  # medians over this many runs of the fast measurements
MAP_REPEATS = 3
NAIVE_SAMPLES = 60  # sampled (t, k) pairs per cell
NAIVE_REPEATS = 3  # each sampled pair is timed this often; its median counts
BASELINES = ("torch.nn", "core.recurrent")
TORCH_MODULES = {"rnn": lambda i, h: torch.nn.RNN(i, h, nonlinearity="tanh"), "lstm": torch.nn.LSTM,
                 "gru": torch.nn.GRU}
METHOD = (
    "naive: for each cell, {n} (t, k) pairs with distances d = t - k evenly spread over 1..T-1 "
    "(round(linspace(1, T-1, {n}))) and k spread over 0..T-1-d; each pair is timed {r} times (median): the leaf "
    "s_k, run over x[k+1..t] by the faster (timed at d = T/2) of torch.nn.{{RNN,LSTM,GRU}} with the same weights "
    "and our core.recurrent cell's step loop, torch.func.jacrev for ds_t/ds_k, torch.linalg.matrix_norm(ord=2). "
    "Per-cell total = sum over d = 1..T-1 of (T - d) pairs x the "
    "time per pair at distance d, linearly interpolated (np.interp) between the sampled distances' per-pair medians; "
    "the T diagonal pairs (d = 0, the identity) cost nothing. speedup = naive total of the three cells / our "
    "three maps together (median); speedup_curves does the same for the T pairs (T-1, k) of the curves."
)


def _ms(fn, repeats: int) -> float:
    """Median wall time of ``fn()`` in milliseconds."""
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def _torch_module(kind: str, cell) -> torch.nn.Module:
    module = TORCH_MODULES[kind](cell.input_size, cell.hidden_size).to(cell.weight_hh_l0.dtype)
    module.load_state_dict(cell.state_dict())
    return module.requires_grad_(False)


def _naive_runner(kind: str, cell, module, x: torch.Tensor, t: int, k: int):
    """s_k -> s_t, run by torch's module (C++ loop), or by our cell's step (Python loop) if ``module`` is None."""
    H = cell.hidden_size
    if module is not None:
        def run(s_k):
            if kind == "lstm":
                _, (h, c) = module(x[k + 1:t + 1], (s_k[None, :H], s_k[None, H:]))
                return torch.cat([h[0], c[0]])
            _, h = module(x[k + 1:t + 1], s_k[None])
            return h[0]
    else:
        def run(s_k):
            state = (s_k[:H], s_k[H:]) if kind == "lstm" else (s_k,)
            for j in range(k + 1, t + 1):
                state = cell.step(x[j], state).state
            return torch.cat(state)
    return run


def _naive_pair(kind: str, cell, module, x: torch.Tensor, s: torch.Tensor, t: int, k: int) -> float:
    """||ds_t/ds_k||_2 the naive way (t > k): one autograd Jacobian of the run from s_k over x[k+1..t]."""
    J = torch.func.jacrev(_naive_runner(kind, cell, module, x, t, k))(s[k].clone())
    return float(torch.linalg.matrix_norm(J, ord=2))


def _pair_seconds(kind, cell, module, x, s, t, k) -> tuple[float, float]:
    """(median seconds, the norm) of one naive pair."""
    times = []
    for _ in range(NAIVE_REPEATS):
        start = time.perf_counter()
        norm = _naive_pair(kind, cell, module, x, s, t, k)
        times.append(time.perf_counter() - start)
    return statistics.median(times), norm


def _states(cell, x: torch.Tensor) -> torch.Tensor:
    """s_1..s_T (T, S), s = h or [h; c]: row t - 1 is s_t."""
    with torch.no_grad():
        trace = cell(x)
    return trace.h if trace.c is None else torch.cat([trace.h, trace.c], dim=-1)


def _naive(kind: str, cell, x: torch.Tensor, ours: np.ndarray) -> dict:
    """Per-pair times at sampled distances, and the extrapolated totals for the whole map and the curve.
    ``ours`` is our map of the same run: the naive norms must agree with it."""
    T = x.shape[0]
    s = _states(cell, x)
    modules = {"torch.nn": _torch_module(kind, cell), "core.recurrent": None}
    probe = {b: _pair_seconds(kind, cell, modules[b], x, s, T - 1, T // 2)[0] for b in BASELINES}
    baseline = min(probe, key=probe.get)  # the faster one is used
    distances = np.unique(np.round(np.linspace(1, T - 1, NAIVE_SAMPLES)).astype(int))
    per_distance, worst = {}, 0.0
    for i, d in enumerate(distances):
        k = int(round(i * 0.618 * (T - d))) % (T - d)  # spread the start over 0..T-1-d
        per_distance[int(d)], norm = _pair_seconds(kind, cell, modules[baseline], x, s, k + d, k)
        worst = max(worst, abs(norm / ours[k + d, k] - 1))
    d_all = np.arange(1, T)
    t_pair = np.interp(d_all, list(per_distance), list(per_distance.values()))  # seconds per pair at distance d
    return {"baseline": baseline,
            "probe_ms_at_distance_T/2": {b: round(1000 * v, 2) for b, v in probe.items()},
            "sampled_pairs": len(per_distance),
            "max_rel_diff_from_our_map": float(f"{worst:.2g}"),
            "ms_per_pair_at_distance": {d: round(1000 * per_distance[d], 3) for d in (1, T // 2, T - 1)
                                        if d in per_distance},
            "map_total_ms": 1000 * float(np.sum((T - d_all) * t_pair)),
            "curve_total_ms": 1000 * float(np.sum(t_pair))}


def _warm_up(config: FlowConfig, cells: dict, x: torch.Tensor) -> None:
    study(config)
    for kind, cell in cells.items():
        state_jacobian_map(cell, x[:20])
        for module in (_torch_module(kind, cell), None):  # the BASELINES: torch.nn, core.recurrent
            _naive_pair(kind, cell, module, x, _states(cell, x), 5, 2)


def _curves(config: FlowConfig, cells: dict, x: torch.Tensor) -> tuple[dict, float]:
    """(the report: the three curves together, the whole study, each cell's curve; the first in ms)."""
    curves_ms = _ms(lambda: [state_jacobian_norms(cell, x) for cell in cells.values()], REPEATS)
    study_ms = _ms(lambda: study(config), REPEATS)
    per_cell_curve = {kind: round(_ms(lambda c=cell: state_jacobian_norms(c, x), REPEATS), 2)
                      for kind, cell in cells.items()}
    return {"three_cells": round(curves_ms, 2), "budget_ms": 100, "within_budget": curves_ms <= 100,
            "per_cell": per_cell_curve, "study_ms": round(study_ms, 2), "repeats": REPEATS}, curves_ms


def _maps(cells: dict, x: torch.Tensor) -> tuple[dict, float, dict]:
    """(the report, the median of the three maps together in ms, each cell's map of the last run)."""
    map_times, maps = {kind: [] for kind in cells}, {}
    for _ in range(MAP_REPEATS):
        for kind, cell in cells.items():
            start = time.perf_counter()
            maps[kind] = state_jacobian_map(cell, x)
            map_times[kind].append(time.perf_counter() - start)
    maps_ms = 1000 * statistics.median([sum(run) for run in zip(*map_times.values(), strict=True)])
    return ({"three_cells": round(maps_ms, 1), "budget_ms": 1500, "within_budget": maps_ms <= 1500,
             "per_cell": {kind: round(1000 * statistics.median(t), 1) for kind, t in map_times.items()},
             "repeats": MAP_REPEATS}, maps_ms, maps)


def _naive_report(cells: dict, x: torch.Tensor, maps: dict, maps_ms: float, curves_ms: float) -> dict:
    naive = {kind: _naive(kind, cell, x, maps[kind]) for kind, cell in cells.items()}
    naive_map_total, naive_curve_total = (sum(n[k] for n in naive.values()) for k in ("map_total_ms", "curve_total_ms"))
    return {"method": METHOD.format(n=NAIVE_SAMPLES, r=NAIVE_REPEATS),
            "per_cell": {kind: {**n, "map_total_ms": round(n["map_total_ms"], 1),
                                "curve_total_ms": round(n["curve_total_ms"], 1)} for kind, n in naive.items()},
            "pairs_per_cell": x.shape[0] * (x.shape[0] + 1) // 2, "map_total_ms": round(naive_map_total, 1),
            "speedup": round(naive_map_total / maps_ms, 1), "speedup_required": 20,
            "speedup_curves": round(naive_curve_total / curves_ms, 1)}


def _big_maps_ms() -> float:
    big = FlowConfig(length=200, hidden_size=128)  # the largest maps the lesson allows, timed once
    x_big, _ = inputs(big)
    big_cells = [build_cell(big, kind, x_big.shape[1]) for kind in KINDS]
    start = time.perf_counter()
    for cell in big_cells:
        state_jacobian_map(cell, x_big)
    return 1000 * (time.perf_counter() - start)


def run() -> dict:
    torch.set_num_threads(1)  # as the app does
    config = FlowConfig(length=100, hidden_size=64)
    x, _ = inputs(config)
    cells = {kind: build_cell(config, kind, x.shape[1]) for kind in KINDS}
    _warm_up(config, cells, x)  # first calls pay for torch's lazy initialisation
    curves, curves_ms = _curves(config, cells, x)
    maps, maps_ms, last_maps = _maps(cells, x)
    naive = _naive_report(cells, x, last_maps, maps_ms, curves_ms)
    big_ms = _big_maps_ms()
    return {"config": {"T": x.shape[0], "H": config.hidden_size, "dtype": config.dtype, "scale": config.scale,
                       "input_scale": config.input_scale, "threads": torch.get_num_threads(),
                       "load_average_1min_at_end": round(os.getloadavg()[0], 2), "cpus": os.cpu_count()},
            "curves_ms": curves, "maps_ms": maps, "naive": naive, "maps_T200_H128_ms": round(big_ms, 1)}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
