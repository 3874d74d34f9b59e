"""A class opens the app at once (issue 7): the teacher puts the address on the projector and 40-50 students open
it together, then each moves a slider about once a second.

One real server (``streamlit run app.py``, as README's "Running it for a class", on 127.0.0.1). Phase 1: every
session connects at the same moment, spread over the lesson pages, and its first page load is timed (a fresh
server: nothing is cached, so this is the cold start under a burst; a session whose page shows a traceback reloads
it, as a learner would, 3 s later and at most twice, and every load is counted). Phase 2, for ``--seconds``: each
session moves its page's slider to a random other value (seeded) about every second and times the rerun, from
sending it to ``script_finished``; the step sliders live in fragments, so those reruns are fragment runs, as in a
browser; /shapes's "T" reruns the whole page. Meanwhile the server's memory (VmRSS of it and its children) and CPU
are sampled every second, and one real Chromium tab presses arrow keys on /hello's time-step slider and times each
press until the new step is drawn (a separate process, so its timing is not held up by this one's event loop).

The sessions speak Streamlit's protocol (benchmarks/client.py), so no browser renders their pages: the browser
tab's numbers say what drawing adds. The load generator and the Chromium tab share the 2 cores with the server;
their CPU time is reported next to the server's. The students are in benchmarks/load_sessions.py, the Chromium
tab in benchmarks/load_probe.py, the report in benchmarks/load_report.py.

Two scenarios (``--scenario``): "fragment", the above; "model" (issue 18, benchmarks/load_models.py), every
session on /hello moving the hidden-size slider, which changes the trained model and reruns the whole page. Two
targets (``--target``): one server, or the class cluster, ``python -m deploy.cluster --replicas N`` (HAProxy in front;
each session keeps its own cookie jar, so it stays on one replica). ``--sessions 1,10,25,50`` runs one point per
count, one after another against the same target (started once: the later points find the caches warm).

Usage: python -m benchmarks.load [--scenario fragment|model] [--target server|cluster] [--replicas 2]
       [--sessions 50 | 1,10,25,50] [--seconds 60] [--quick] [--no-browser]
Targets: 0 errors, rerun p95 <= 250 ms, server memory <= 1.5 GB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.load_models import model_student  # noqa: E402
from benchmarks.load_probe import BrowserTab, probe  # noqa: E402
from benchmarks.load_report import Measures, Tally, summary, table_row, targets_met  # noqa: E402
from benchmarks.load_sessions import (  # noqa: E402
    CONNECT_TIMEOUT_S,
    MAX_RELOADS,
    PAGES,
    RERUN_TIMEOUT_S,
    sample,
    student,
)
from benchmarks.load_targets import target  # noqa: E402
from benchmarks.procs import cpu_seconds, rss_mb  # noqa: E402

SCENARIOS = {"fragment": (tuple(PAGES), student), "model": (("/hello",), model_student)}


async def first_loads(tally: Tally, tasks: list, sessions: int) -> None:
    """Phase 1: all connect at once; wait until every session has its page (or gave up)."""
    for _ in range(CONNECT_TIMEOUT_S * (MAX_RELOADS + 1) * 10):
        if tally.settled + sum(t.done() for t in tasks) >= sessions:
            break
        await asyncio.sleep(0.1)


async def moves(tally: Tally, tasks: list, pids: dict[str, int], seconds: float, ready: asyncio.Event,
                stop_at: list, m: Measures) -> None:
    """Phase 2: every session moves its slider for ``seconds``; the server processes' and this process's CPU time
    meanwhile (``pids``: the process whose tree holds them all first, then each by name)."""
    before = {name: cpu_seconds(pid) for name, pid in pids.items()}
    phase_t, own_cpu = time.perf_counter(), time.process_time()
    stop_at[0] = phase_t + seconds
    ready.set()
    done, pending = await asyncio.wait(tasks, timeout=seconds + RERUN_TIMEOUT_S + 30)
    for task in pending:
        task.cancel()
    m.phase_s = time.perf_counter() - phase_t
    used = {name: cpu_seconds(pid) - before[name] for name, pid in pids.items()}
    m.server_cpu = used.pop("all")
    m.per_process = {name: round(cpu / m.phase_s, 2) for name, cpu in used.items()}
    m.own_cpu = time.process_time() - own_cpu
    for task in done:
        if task.exception() is not None:
            tally.problem("errors", f"session crashed: {type(task.exception()).__name__}: {task.exception()}")


async def load(t, sessions: int, seconds: float, seed: int, browser: bool, scenario: str) -> dict:
    """One point: ``sessions`` sessions of ``scenario`` against the running target ``t``."""
    pages, make_student = SCENARIOS[scenario]
    assignment = [pages[i % len(pages)] for i in range(sessions)]
    tally, ready, stop, m = Tally(), asyncio.Event(), asyncio.Event(), Measures()
    t0 = time.perf_counter()
    sampler = asyncio.create_task(sample(t.pid, m.samples, stop, t0, CONNECT_TIMEOUT_S + seconds + 120))
    stop_at = [0.0]
    tab = BrowserTab(t.port, seconds) if browser else None  # the tab opens with the class
    tasks = [asyncio.create_task(make_student(t.port, page, tally, random.Random(seed * 10_000 + i), ready, stop_at))
             for i, page in enumerate(assignment)]

    await first_loads(tally, tasks, sessions)
    m.burst_s = time.perf_counter() - t0
    if tab is not None:  # the tab too (it prints "ready", or nothing if it failed)
        await tab.wait_ready()
    m.rss_loaded = rss_mb(t.pid)

    if tab is not None:  # the Chromium tab moves /hello's step slider with the class
        tab.go()
    await moves(tally, tasks, {"all": t.pid, **t.processes()}, seconds, ready, stop_at, m)
    m.rss_end = rss_mb(t.pid)
    browser_result = await tab.finish() if tab is not None else None
    await asyncio.sleep(5)  # sessions closed: what the server gives back
    stop.set()
    await sampler
    result = summary(sessions, seconds, seed, {p: assignment.count(p) for p in pages}, tally, m, browser_result)
    result["targets_met"] = targets_met(result)
    return result


def run(scenario: str = "fragment", kind: str = "server", replicas: int = 2, sessions: tuple[int, ...] = (50,),
        seconds: float = 60, seed: int = 0, browser: bool = True) -> dict:
    """Start the target once, run one point per session count against it, stop it."""
    started = time.strftime("%Y-%m-%d %H:%M:%S %Z")
    with target(kind, replicas) as t:
        points = [asyncio.run(load(t, n, seconds, seed, browser, scenario)) for n in sessions]
        problems = t.problems()
    return {"scenario": scenario, "target": kind, "replicas": replicas if kind == "cluster" else 1,
            "started": started, "cpus": os.cpu_count(),
            "table": [table_row(p) for p in points], "points": points, "server_log_problems": problems}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scenario", choices=sorted(SCENARIOS), default="fragment")
    parser.add_argument("--target", choices=("server", "cluster"), default="server")
    parser.add_argument("--replicas", type=int, default=2, help="with --target cluster")
    parser.add_argument("--sessions", default="50", help="a count, or several: 1,10,25,50")
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="5 sessions for 10 s, to try it")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium tab")
    parser.add_argument("--probe-port", type=int, help=argparse.SUPPRESS)  # internal: the Chromium tab's process
    args = parser.parse_args()
    if args.probe_port:
        print(json.dumps(probe(args.probe_port, args.seconds)))
    else:
        counts = tuple(int(n) for n in args.sessions.split(","))
        if args.quick:
            counts, args.seconds = (5,), 10
        print(json.dumps(run(args.scenario, args.target, args.replicas, counts, args.seconds, args.seed,
                             not args.no_browser), indent=2))
