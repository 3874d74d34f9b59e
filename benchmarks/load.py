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
their CPU time is reported next to the server's.

Usage: python -m benchmarks.load [--sessions 50] [--seconds 60] [--quick] [--no-browser]
Targets: 0 errors, rerun p95 <= 250 ms, server memory <= 1.5 GB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.client import ROOT, Client, cpu_seconds, rss_mb, start_server  # noqa: E402
from benchmarks.common import CHROMIUM_ARGS, free_port, wait_healthy  # noqa: E402

# page -> (the slider a student moves, the lesson whose title the page must show)
PAGES = {"/hello": ("t", "hello"), "/vanishing": ("k", "vanishing"), "/gates": ("t", "gates"),
         "/translate": ("t", "translate"), "/self-attention": ("head", "selfattn"), "/shapes": ("T", "shapes")}
PERIOD_S = 1.0  # a student moves the slider about once a second
CONNECT_TIMEOUT_S = 300  # a first load on a cold server under a burst of 50
RERUN_TIMEOUT_S = 60
MAX_RELOADS = 2  # a learner who sees a traceback reloads the page, after a moment
RELOAD_AFTER_S = 3
TARGETS = {"p95_ms": 250, "memory_mb": 1536}


def pct(ms, q) -> float | None:
    return round(float(np.percentile(ms, q)), 1) if len(ms) else None


def latency(seconds) -> dict:
    ms = 1000 * np.asarray(seconds, dtype=float)
    return {"n": int(ms.size), "p50_ms": pct(ms, 50), "p95_ms": pct(ms, 95), "p99_ms": pct(ms, 99),
            "max_ms": round(float(ms.max()), 1) if ms.size else None}


def title_of(lesson: str) -> str:
    from ui.strings import strings

    return strings(lesson)["title"]


class Tally:
    """Everything the sessions saw; problems keep their first few descriptions."""

    def __init__(self):
        self.first_loads, self.reruns, self.kinds = {}, {}, {}
        self.trained, self.reloads, self.settled = {}, 0, 0  # settled: sessions done with their first load
        self.counts = {"errors": 0, "exceptions": 0, "error_alerts": 0, "disconnects": 0}
        self.details = {name: [] for name in self.counts}

    def problem(self, kind: str, text: str) -> None:
        self.counts[kind] += 1
        if len(self.details[kind]) < 10:
            self.details[kind].append(text)

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


async def student(port: int, page: str, tally: Tally, rng: random.Random,
                  ready: asyncio.Event, stop_at: list) -> None:
    key, lesson = PAGES[page]
    client = Client(port)
    try:
        for attempt in range(MAX_RELOADS + 1):
            if attempt:
                await client.close()
                await asyncio.sleep(RELOAD_AFTER_S)
                client = Client(port)
                tally.reloads += 1
            try:
                first = await client.connect(page, timeout=CONNECT_TIMEOUT_S)
            except (OSError, TimeoutError) as error:
                tally.problem("errors", f"{page} connect: {type(error).__name__}: {error}")
                return
            tally.record(page, "", first, "first load" if not attempt else f"reload {attempt}")
            if not first.ok:
                return
            tally.first_loads.setdefault(page, []).append(first.seconds)
            tally.trained[page] = tally.trained.get(page, 0) + (first.progress > 0)
            if not first.exceptions:
                break
        else:
            return
        if not any(title_of(lesson) in h for h in first.headings):
            tally.problem("errors", f"{page} first load: the page's title is missing (headings {first.headings[:2]})")
            return
        if key not in client.widgets:
            tally.problem("errors", f"{page}: no widget with key {key!r}")
            return
        tally.settled += 1
        await ready.wait()
        deadline = stop_at[0]
        next_at = time.perf_counter() + rng.uniform(0, PERIOD_S)  # students do not move in step
        for _ in range(int((deadline - time.perf_counter()) / PERIOD_S * 2) + 5):  # bounded by count and time
            await asyncio.sleep(max(0.0, next_at - time.perf_counter()))
            if time.perf_counter() >= deadline:
                break
            w = client.widget(key)
            values = w.values()
            now = client.values.get(key)
            options = [v for v in values if now is None or str(v) != _shown(now)] or values
            run = await client.set(timeout=RERUN_TIMEOUT_S, **{key: rng.choice(options)})
            tally.record(page, key, run, "move")
            if run.status == "disconnected":
                return
            if run.ok:
                tally.reruns.setdefault(page, []).append(run.seconds)
                tally.kinds.setdefault(page, set()).add(run.status)
            next_at += PERIOD_S * rng.uniform(0.8, 1.2)
            next_at = max(next_at, time.perf_counter())  # a slow rerun does not bank moves
    finally:
        await client.close()


def _shown(state) -> str:
    """The value a WidgetState holds, as the widget's options print it."""
    kind = state.WhichOneof("value")
    if kind == "double_array_value":
        v = state.double_array_value.data[0]
        return str(int(v)) if v == int(v) else str(v)
    if kind == "string_array_value":
        return state.string_array_value.data[0]
    return str(getattr(state, kind))


async def sample(pid: int, samples: list, stop: asyncio.Event, t0: float, limit_s: float) -> None:
    for _ in range(int(limit_s) + 1):  # one sample a second, bounded
        samples.append((time.perf_counter() - t0, rss_mb(pid), cpu_seconds(pid)))
        try:
            await asyncio.wait_for(stop.wait(), timeout=1.0)
            return
        except TimeoutError:
            pass


def start_probe(port: int, seconds: float) -> subprocess.Popen:
    """The Chromium tab, in its own process: it opens /hello with the class, prints "ready", waits for a line on
    stdin, then presses keys for ``seconds`` and prints its JSON."""
    return subprocess.Popen([sys.executable, "-m", "benchmarks.load", "--probe-port", str(port), "--seconds",
                             str(seconds)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)


def probe(port: int, seconds: float) -> dict:
    """One Chromium tab on /hello: ArrowRight/ArrowLeft on "Time step t", each press timed until the heatmap
    names the new step (as benchmarks/slider.py), about one press a second for ``seconds``."""
    from playwright.sync_api import sync_playwright

    presses = [("ArrowRight", f"step t = {2 + i % 9} boxed") if (i // 9) % 2 == 0
               else ("ArrowLeft", f"step t = {9 - i % 9} boxed") for i in range(18)]
    times, errors, out = [], [], {}
    with sync_playwright() as p:
        ctx = p.chromium.launch_persistent_context(tempfile.mkdtemp(), executable_path="/usr/bin/chromium",
                                                   headless=True, args=CHROMIUM_ARGS,
                                                   viewport={"width": 1400, "height": 1000})
        try:
            page = ctx.new_page()
            start = time.perf_counter()
            page.goto(f"http://127.0.0.1:{port}/hello?text=hello+world")
            wait_ms = CONNECT_TIMEOUT_S * 1000
            page.wait_for_selector("[data-testid=stApp][data-test-script-state=notRunning]", timeout=wait_ms)
            page.wait_for_selector("text=step t = 1 boxed", timeout=wait_ms)
            out["first_load_s"] = round(time.perf_counter() - start, 2)
            page.get_by_role("slider", name="Time step t").focus()
            print("ready", flush=True)
            sys.stdin.readline()  # the class has loaded: start moving
            cpu, end = cpu_seconds(os.getpid()), time.perf_counter() + seconds
            for i in range(int(seconds / PERIOD_S) + 1):
                if time.perf_counter() >= end:
                    break
                key, text = presses[i % len(presses)]
                t = time.perf_counter()
                page.keyboard.press(key)
                try:
                    page.wait_for_selector(f"text={text}", timeout=30_000)
                except Exception as error:  # a press that never shows its step: report and stop
                    errors.append(f"{key} -> {text!r}: {type(error).__name__}")
                    break
                times.append(time.perf_counter() - t)
                time.sleep(max(0.0, t + PERIOD_S - time.perf_counter()))
            out["cores_busy"] = round((cpu_seconds(os.getpid()) - cpu) / (time.perf_counter() - end + seconds), 2)
        except Exception as error:
            errors.append(f"{type(error).__name__}: {str(error)[:200]}")
        finally:
            ctx.close()
    ms = 1000 * np.asarray(times)
    return {**out, "presses": len(times), "keypress_p50_ms": pct(ms, 50), "keypress_p95_ms": pct(ms, 95),
            "keypress_max_ms": round(float(ms.max()), 1) if ms.size else None, "errors": errors}


def server_log_problems(log: Path) -> dict:
    """The server log's error lines, each once with how often it came."""
    lines = log.read_text(errors="replace").splitlines()
    counts: dict[str, int] = {}
    for line in lines:
        if any(w in line for w in ("Error", "ERROR", "Exception", "WARNING")) and not line.startswith(" "):
            counts[line[:300]] = counts.get(line[:300], 0) + 1
    return {"log": str(log), "tracebacks": sum("Traceback" in line for line in lines),
            "lines": dict(list(counts.items())[:15])}


async def load(port: int, pid: int, sessions: int, seconds: float, seed: int, browser: bool) -> dict:
    pages = list(PAGES)
    assignment = [pages[i % len(pages)] for i in range(sessions)]
    tally, ready, stop = Tally(), asyncio.Event(), asyncio.Event()
    samples: list = []
    t0 = time.perf_counter()
    sampler = asyncio.create_task(sample(pid, samples, stop, t0, CONNECT_TIMEOUT_S + seconds + 120))
    stop_at = [0.0]
    probe_proc = start_probe(port, seconds) if browser else None  # the tab opens with the class
    probe_ready = asyncio.create_task(asyncio.to_thread(probe_proc.stdout.readline)) if browser else None
    tasks = [asyncio.create_task(student(port, page, tally, random.Random(seed * 10_000 + i), ready, stop_at))
             for i, page in enumerate(assignment)]

    # Phase 1: all connect at once; wait until every session has its page (or gave up).
    for _ in range(CONNECT_TIMEOUT_S * (MAX_RELOADS + 1) * 10):
        if tally.settled + sum(t.done() for t in tasks) >= sessions:
            break
        await asyncio.sleep(0.1)
    burst_s = time.perf_counter() - t0
    if probe_ready is not None:  # the tab too (it prints "ready", or nothing if it failed)
        await asyncio.wait([probe_ready], timeout=CONNECT_TIMEOUT_S)
    rss_loaded = rss_mb(pid)

    # Phase 2: every session moves its slider for `seconds`; the Chromium tab moves /hello's.
    browser_result = None
    if probe_ready is not None and probe_ready.done() and probe_ready.result().startswith("{"):
        browser_result = json.loads(probe_ready.result())  # it failed before it was ready
    elif probe_proc is not None and probe_proc.poll() is None:
        probe_proc.stdin.write("go\n")
        probe_proc.stdin.flush()
    phase_t, phase_cpu, own_cpu = time.perf_counter(), cpu_seconds(pid), time.process_time()
    stop_at[0] = phase_t + seconds
    ready.set()
    done, pending = await asyncio.wait(tasks, timeout=seconds + RERUN_TIMEOUT_S + 30)
    for task in pending:
        task.cancel()
    phase_s = time.perf_counter() - phase_t
    server_cpu = cpu_seconds(pid) - phase_cpu
    own_cpu = time.process_time() - own_cpu
    for task in done:
        if task.exception() is not None:
            tally.problem("errors", f"session crashed: {type(task.exception()).__name__}: {task.exception()}")
    rss_end = rss_mb(pid)
    if probe_proc is not None and browser_result is None:
        try:
            stdout, _ = await asyncio.to_thread(probe_proc.communicate, timeout=seconds + 120)
            browser_result = json.loads(stdout.strip().splitlines()[-1])
        except (subprocess.TimeoutExpired, json.JSONDecodeError, IndexError) as error:
            probe_proc.kill()
            browser_result = {"errors": [f"probe failed: {type(error).__name__}"]}
    await asyncio.sleep(5)  # sessions closed: what the server gives back
    stop.set()
    await sampler

    all_runs = [s for v in tally.reruns.values() for s in v]
    loads = [s for v in tally.first_loads.values() for s in v]
    rss = [m for _, m, _ in samples]
    first_ms = {p: 1000 * np.asarray(v) for p, v in tally.first_loads.items()}
    return {
        "sessions": sessions, "duration_s": seconds, "seed": seed,
        "pages": {p: assignment.count(p) for p in pages},
        "first_load_burst": {**latency(loads), "all_loaded_after_s": round(burst_s, 1), "reloads": tally.reloads,
                             "sessions_moving": tally.settled,
                             "per_page_p50_ms": {p: pct(v, 50) for p, v in first_ms.items()},
                             "per_page_max_ms": {p: round(float(v.max()), 1) for p, v in first_ms.items()},
                             "sessions_that_trained": tally.trained},
        "reruns": len(all_runs), "reruns_per_s": round(len(all_runs) / phase_s, 1),
        "latency": latency(all_runs),
        "per_page": {p: {**latency(v), "runs": sorted(tally.kinds.get(p, []))} for p, v in tally.reruns.items()},
        **tally.counts, "problem_details": {k: v for k, v in tally.details.items() if v},
        "server_memory_mb": {"start": round(rss[0], 1), "after_first_loads": round(rss_loaded, 1),
                             "peak": round(max(rss), 1), "end": round(rss_end, 1),
                             "after_sessions_closed": round(rss[-1], 1),
                             "every_5_s": [round(m) for m in rss[::5]]},
        "cpu_during_moves": {"server_cores_busy": round(server_cpu / phase_s, 2),
                             "load_generator_cores_busy": round(own_cpu / phase_s, 2),
                             "browser_tab_cores_busy": (browser_result or {}).get("cores_busy")},
        "browser": browser_result,
    }


def run(sessions: int = 50, seconds: float = 60, seed: int = 0, browser: bool = True) -> dict:
    port = free_port()
    log = Path(tempfile.mkdtemp()) / "server.log"
    server = start_server(port, log)
    try:
        wait_healthy(port)
        result = asyncio.run(load(port, server.pid, sessions, seconds, seed, browser))
    finally:
        server.terminate()
        server.wait(timeout=30)
    result["server_log_problems"] = server_log_problems(log)
    result["targets_met"] = {"zero_errors": result["errors"] + result["exceptions"] + result["disconnects"] == 0,
                             "p95_le_250_ms": (result["latency"]["p95_ms"] or 1e9) <= TARGETS["p95_ms"],
                             "memory_le_1_5_gb": result["server_memory_mb"]["peak"] <= TARGETS["memory_mb"]}
    return result


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--quick", action="store_true", help="5 sessions for 10 s, to try it")
    parser.add_argument("--no-browser", action="store_true", help="skip the Chromium tab")
    parser.add_argument("--probe-port", type=int, help=argparse.SUPPRESS)  # internal: the Chromium tab's process
    args = parser.parse_args()
    if args.probe_port:
        print(json.dumps(probe(args.probe_port, args.seconds)))
    else:
        if args.quick:
            args.sessions, args.seconds = 5, 10
        print(json.dumps(run(args.sessions, args.seconds, args.seed, not args.no_browser), indent=2))
