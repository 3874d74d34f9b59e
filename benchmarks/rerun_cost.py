"""What one whole-page rerun costs the server (issue 18): the CPU time of a real ``streamlit run app.py`` process per
rerun, with the messages and bytes it sends, for each lesson's model-changing slider.

One protocol-level session (benchmarks/client.py) opens the page, visits every value once (so every model is trained
and cached), then moves the slider ``--moves`` times in a row, each move waiting for the run to finish. The server's
CPU time (all its threads: the script, the event loop that sends the messages, torch) over those moves, divided by
their number, is the cost a class pays per learner per move; 2 cores hold about 2 / cost such moves a second.

Usage: python -m benchmarks.rerun_cost [--moves 60] [--pages hello,vanishing,gates]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.client import Client  # noqa: E402
from benchmarks.common import free_port, wait_healthy  # noqa: E402
from benchmarks.procs import cpu_seconds, start_server  # noqa: E402

# page: (slider key, values it moves among); each changes the model, so each move reruns the whole page
SLIDERS = {
    "hello": ("hidden", (8, 16, 24, 32)),
    "vanishing": ("T", (40, 50, 60, 70)),
    "gates": ("H", (8, 12, 16, 20)),
}


async def cost(port: int, pid: int, page: str, moves: int) -> dict:
    key, values = SLIDERS[page]
    client = Client(port)
    first = await client.connect(f"/{page}")
    try:
        for value in values:  # train and cache every model first
            await client.set(**{key: value})
        runs, cpu0, t0 = [], cpu_seconds(pid), time.perf_counter()
        for i in range(moves):
            runs.append(await client.set(**{key: values[i % len(values)]}))
        cpu, wall = cpu_seconds(pid) - cpu0, time.perf_counter() - t0
    finally:
        await client.close()
    bad = [r.status for r in runs if r.status != "full"]
    return {"page": page, "slider": key, "moves": moves, "not_full_runs": bad, "first_load_s": round(first.seconds, 2),
            "server_cpu_ms_per_rerun": round(1000 * cpu / moves, 2),
            "wall_ms_per_rerun": round(1000 * wall / moves, 2),
            "messages_per_rerun": round(sum(r.messages for r in runs) / moves, 1),
            "kB_per_rerun": round(sum(r.bytes for r in runs) / moves / 1000, 1),
            "reruns_per_core_second": round(moves / cpu, 1)}


def run(pages: list[str], moves: int) -> dict:
    port = free_port()
    server = start_server(port)
    try:
        wait_healthy(port, 120)
        return {"started": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
                "points": [asyncio.run(cost(port, server.pid, page, moves)) for page in pages]}
    finally:
        server.terminate()
        server.wait(30)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--moves", type=int, default=60)
    parser.add_argument("--pages", default=",".join(SLIDERS))
    args = parser.parse_args()
    print(json.dumps(run(args.pages.split(","), args.moves), indent=2))
