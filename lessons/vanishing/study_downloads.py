"""The vanishing lesson's downloads: the curves as CSV and the config with its measured horizons as JSON, both
written from a FlowStudy (lessons.vanishing.study)."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import asdict

from core.gradients import memory_horizon
from lessons.vanishing.study import FlowStudy


def curves_csv(s: FlowStudy) -> str:
    """One row per step t (column "k"): the input label, the distance T - t, each cell's ||ds_T/ds_t|| and the
    RNN bound."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["k", "input", "distance", *[f"norm_{kind}" for kind in s.cells], "pascanu_bound_rnn"])
    bound = s.cells["rnn"].bound
    for t in range(1, s.T + 1):
        writer.writerow([t, s.labels[t - 1], s.T - t, *[repr(float(f.norms[t - 1])) for f in s.cells.values()],
                         repr(float(bound[t - 1]))])
    return out.getvalue()


def config_json(s: FlowStudy, threshold: float) -> str:
    """The config, the measured horizons at ``threshold`` and the RNN's sigma_max and spectral radius."""
    horizons = {kind: memory_horizon(f.norms, threshold) for kind, f in s.cells.items()}
    return json.dumps({"lesson": "vanishing", "config": asdict(s.config), "T": s.T, "threshold": threshold,
                       "memory_horizon": horizons, "rnn_W_hh": s.rnn_numbers}, ensure_ascii=False,
                      indent=2)
