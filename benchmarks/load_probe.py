"""The one real Chromium tab of benchmarks/load.py: it presses arrow keys on /hello's time-step slider while the
class moves theirs and times each press until the new step is drawn. It runs in its own process
(``python -m benchmarks.load --probe-port PORT``), so its timing is not held up by the load generator's event loop."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time

import numpy as np

from benchmarks.common import CHROMIUM_ARGS, ROOT
from benchmarks.load_report import pct
from benchmarks.load_sessions import CONNECT_TIMEOUT_S, PERIOD_S
from benchmarks.procs import cpu_seconds


def start_probe(port: int, seconds: float) -> subprocess.Popen:
    """The Chromium tab, in its own process: it opens /hello with the class, prints "ready", waits for a line on
    stdin, then presses keys for ``seconds`` and prints its JSON."""
    return subprocess.Popen([sys.executable, "-m", "benchmarks.load", "--probe-port", str(port), "--seconds",
                             str(seconds)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)


class BrowserTab:
    """The Chromium tab's process as the load generator sees it: started with the class, told to go, read."""

    def __init__(self, port: int, seconds: float):
        self.seconds = seconds
        self.proc = start_probe(port, seconds)  # the tab opens with the class
        self.ready = asyncio.create_task(asyncio.to_thread(self.proc.stdout.readline))
        self.result: dict | None = None

    async def wait_ready(self) -> None:
        """Until the tab has its page (it prints "ready", or nothing if it failed)."""
        await asyncio.wait([self.ready], timeout=CONNECT_TIMEOUT_S)

    def go(self) -> None:
        """Start the key presses; a tab that failed before it was ready has already printed its JSON."""
        if self.ready.done() and self.ready.result().startswith("{"):
            self.result = json.loads(self.ready.result())
        elif self.proc.poll() is None:
            self.proc.stdin.write("go\n")
            self.proc.stdin.flush()

    async def finish(self) -> dict:
        """The tab's JSON, once it is done."""
        if self.result is None:
            try:
                stdout, _ = await asyncio.to_thread(self.proc.communicate, timeout=self.seconds + 120)
                self.result = json.loads(stdout.strip().splitlines()[-1])
            except (subprocess.TimeoutExpired, json.JSONDecodeError, IndexError) as error:
                self.proc.kill()
                self.result = {"errors": [f"probe failed: {type(error).__name__}"]}
        return self.result


def probe(port: int, seconds: float) -> dict:
    """One Chromium tab on /hello: ArrowRight/ArrowLeft on "Time step t", each press timed until the heatmap
    names the new step (as benchmarks/slider.py), about one press a second for ``seconds``."""
    from playwright.sync_api import sync_playwright

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
            press_keys(page, end, seconds, times, errors)
            out["cores_busy"] = round((cpu_seconds(os.getpid()) - cpu) / (time.perf_counter() - end + seconds), 2)
        except Exception as error:
            errors.append(f"{type(error).__name__}: {str(error)[:200]}")
        finally:
            ctx.close()
    ms = 1000 * np.asarray(times)
    return {**out, "presses": len(times), "keypress_p50_ms": pct(ms, 50), "keypress_p95_ms": pct(ms, 95),
            "keypress_max_ms": round(float(ms.max()), 1) if ms.size else None, "errors": errors}


def press_keys(page, end: float, seconds: float, times: list, errors: list) -> None:
    """About one press a second until ``end`` (perf_counter): nine steps right, nine back, and again; each press's
    time until its step is drawn goes to ``times``, a press that never shows its step to ``errors`` (and stops)."""
    presses = [("ArrowRight", f"step t = {2 + i % 9} boxed") if (i // 9) % 2 == 0
               else ("ArrowLeft", f"step t = {9 - i % 9} boxed") for i in range(18)]
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
