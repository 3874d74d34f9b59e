"""What benchmarks/load.py reports: the tally the sessions keep, percentiles, the server log's problems, and the
JSON summary with its targets."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

TARGETS = {"p95_ms": 250, "memory_mb": 1536}


def pct(ms, q) -> float | None:
    return round(float(np.percentile(ms, q)), 1) if len(ms) else None


def latency(seconds) -> dict:
    ms = 1000 * np.asarray(seconds, dtype=float)
    return {"n": int(ms.size), "p50_ms": pct(ms, 50), "p90_ms": pct(ms, 90), "p95_ms": pct(ms, 95),
            "p99_ms": pct(ms, 99),
            "max_ms": round(float(ms.max()), 1) if ms.size else None}


class Tally:
    """Everything the sessions saw; problems keep their first few descriptions."""

    def __init__(self):
        self.first_loads, self.reruns, self.kinds = {}, {}, {}
        self.trained, self.reloads, self.settled = {}, 0, 0  # settled: sessions done with their first load
        self.first_round: list[float] = []  # moves before the timed phase (the model scenario's first round)
        self.replicas: dict[str, int] = {}  # sessions per replica, behind the balancer
        self.counts = {"errors": 0, "exceptions": 0, "error_alerts": 0, "disconnects": 0}
        self.details = {name: [] for name in self.counts}

    def problem(self, kind: str, text: str) -> None:
        self.counts[kind] += 1
        if len(self.details[kind]) < 10:
            self.details[kind].append(text)

    def on_replica(self, name: str | None) -> None:
        if name is not None:
            self.replicas[name] = self.replicas.get(name, 0) + 1

    def record(self, page: str, key: str, run, phase: str) -> None:
        where = f"{page} {phase}" + (f" ({key})" if key else "")
        if run.status == "disconnected":
            self.problem("disconnects", where)
        elif not run.ok:
            self.problem("errors", f"{where}: {run.status} after {run.seconds:.1f} s")
        for e in run.exceptions:
            self.problem("exceptions", f"{where}: {e[:300]}")
        for a in run.alerts:
            self.problem("error_alerts", f"{where}: {a[:300]}")


@dataclass
class Measures:
    """The server's side of a load run: times, memory and CPU."""
    burst_s: float = 0.0  # from the burst's start until every session had its page (or gave up)
    rss_loaded: float = 0.0  # server memory once the class had loaded, MB
    rss_end: float = 0.0  # at the end of the moves
    phase_s: float = 0.0  # the moves' wall time
    server_cpu: float = 0.0  # CPU seconds during the moves: the server's ...
    own_cpu: float = 0.0  # ... and this process's (the load generator)
    per_process: dict = field(default_factory=dict)  # cores busy during the moves per server process (r1, haproxy)
    samples: list = field(default_factory=list)  # (seconds since the start, server RSS MB, server CPU s), each second


def server_log_problems(log: Path) -> dict:
    """The server log's error lines, each once with how often it came."""
    lines = log.read_text(errors="replace").splitlines()
    counts: dict[str, int] = {}
    for line in lines:
        if any(w in line for w in ("Error", "ERROR", "Exception", "WARNING")) and not line.startswith(" "):
            counts[line[:300]] = counts.get(line[:300], 0) + 1
    return {"log": str(log), "tracebacks": sum("Traceback" in line for line in lines),
            "lines": dict(list(counts.items())[:15])}


def first_load_burst(tally: Tally, burst_s: float) -> dict:
    loads = [s for v in tally.first_loads.values() for s in v]
    first_ms = {p: 1000 * np.asarray(v) for p, v in tally.first_loads.items()}
    return {**latency(loads), "all_loaded_after_s": round(burst_s, 1), "reloads": tally.reloads,
            "sessions_moving": tally.settled,
            "per_page_p50_ms": {p: pct(v, 50) for p, v in first_ms.items()},
            "per_page_max_ms": {p: round(float(v.max()), 1) for p, v in first_ms.items()},
            "sessions_that_trained": tally.trained}


def summary(sessions: int, seconds: float, seed: int, pages: dict, tally: Tally, m: Measures,
            browser_result: dict | None) -> dict:
    """The JSON report of one load run (``pages``: how many sessions opened each page)."""
    all_runs = [s for v in tally.reruns.values() for s in v]
    rss = [mb for _, mb, _ in m.samples]
    return {
        "sessions": sessions, "duration_s": seconds, "seed": seed,
        "pages": pages,
        "first_load_burst": first_load_burst(tally, m.burst_s),
        "first_round": latency(tally.first_round) if tally.first_round else None,
        "sessions_per_replica": tally.replicas or None,
        "reruns": len(all_runs), "reruns_per_s": round(len(all_runs) / m.phase_s, 1),
        "latency": latency(all_runs),
        "per_page": {p: {**latency(v), "runs": sorted(tally.kinds.get(p, []))} for p, v in tally.reruns.items()},
        **tally.counts, "problem_details": {k: v for k, v in tally.details.items() if v},
        "server_memory_mb": {"start": round(rss[0], 1), "after_first_loads": round(m.rss_loaded, 1),
                             "peak": round(max(rss), 1), "end": round(m.rss_end, 1),
                             "after_sessions_closed": round(rss[-1], 1),
                             "every_5_s": [round(mb) for mb in rss[::5]]},
        "cpu_during_moves": {"server_cores_busy": round(m.server_cpu / m.phase_s, 2),
                             "per_process_cores_busy": m.per_process,
                             "reruns_per_server_core_s": round(len(all_runs) / max(m.server_cpu, 1e-9), 1),
                             "load_generator_cores_busy": round(m.own_cpu / m.phase_s, 2),
                             "browser_tab_cores_busy": (browser_result or {}).get("cores_busy")},
        "browser": browser_result,
    }


def table_row(result: dict) -> dict:
    """One line of the README's table."""
    lat, first = result["latency"], result["first_round"] or {}
    return {"sessions": result["sessions"], "reruns_per_s": result["reruns_per_s"],
            **{k: lat[k] for k in ("p50_ms", "p90_ms", "p95_ms", "p99_ms")},
            "errors": result["errors"] + result["exceptions"] + result["disconnects"] + result["error_alerts"],
            "first_round_p95_ms": first.get("p95_ms"), "first_round_max_ms": first.get("max_ms"),
            "server_cores_busy": result["cpu_during_moves"]["server_cores_busy"],
            "load_generator_cores_busy": result["cpu_during_moves"]["load_generator_cores_busy"],
            "sessions_per_replica": result["sessions_per_replica"]}


def targets_met(result: dict) -> dict:
    return {"zero_errors": result["errors"] + result["exceptions"] + result["disconnects"] == 0,
            "p95_le_250_ms": (result["latency"]["p95_ms"] or 1e9) <= TARGETS["p95_ms"],
            "memory_le_1_5_gb": result["server_memory_mb"]["peak"] <= TARGETS["memory_mb"]}
