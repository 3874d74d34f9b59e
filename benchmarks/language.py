"""What switching the language costs (issue 15: "no more than any rerun"), measured on the real server.

For each page, a fresh session (benchmarks/client.py, Streamlit's own protocol) opens it in English, switches to
Korean once (the first time builds the Korean charts and reads the Korean strings: reported apart), then switches
back and forth ``--rounds`` times, timing each switch from sending it to ``script_finished``. Beside it, in the same
session, the page's plain rerun (nothing changed): the floor every whole-page rerun pays.

Usage: python -m benchmarks.language [--rounds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.client import Client  # noqa: E402
from benchmarks.common import free_port, summary, wait_healthy  # noqa: E402
from benchmarks.procs import start_server  # noqa: E402

PAGES = ["home", "lecture", "glossary", "sequences", "hello", "vanishing", "gates", "translate", "self-attention"]
TIMEOUT_S = 300
NAMES = {"ko": "한국어", "en": "English"}  # the switch's options as the front end sends them


async def page_row(port: int, page: str, rounds: int) -> dict:
    client = Client(port)
    try:
        await client.connect(f"/{page}", "lang=en", timeout=TIMEOUT_S)
        first = await client.set(timeout=TIMEOUT_S, lang=NAMES["ko"])
        switches, plain = [], []
        for n in range(rounds):
            run = await client.set(timeout=TIMEOUT_S, lang=NAMES["en" if n % 2 == 0 else "ko"])
            if not run.ok or run.exceptions:
                raise RuntimeError(f"/{page}: {run.status} {run.exceptions[:1]}")
            switches.append(run.seconds)
            plain.append((await client.rerun(timeout=TIMEOUT_S)).seconds)
    finally:
        await client.close()
    s, p = summary(switches), summary(plain)
    return {"page": page, "first_switch_ms": round(1000 * first.seconds, 1), "switch_p50_ms": s["p50_ms"],
            "switch_p95_ms": s["p95_ms"], "plain_rerun_p50_ms": p["p50_ms"], "plain_rerun_p95_ms": p["p95_ms"]}


async def rows(rounds: int) -> list[dict]:
    port = free_port()
    server = start_server(port)
    try:
        await asyncio.to_thread(wait_healthy, port)
        return [await page_row(port, page, rounds) for page in PAGES]
    finally:
        server.terminate()
        server.wait(timeout=10)


def table(result: list[dict]) -> str:
    lines = ["| page | first switch to Korean ms | switch p50 / p95 ms | plain rerun p50 / p95 ms |",
             "|---|---|---|---|"]
    lines += [f"| {r['page']} | {r['first_switch_ms']} | {r['switch_p50_ms']} / {r['switch_p95_ms']} | "
              f"{r['plain_rerun_p50_ms']} / {r['plain_rerun_p95_ms']} |" for r in result]
    return "\n".join(lines)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=10, help="switches back and forth per page")
    args = parser.parse_args()
    result = asyncio.run(rows(max(2, args.rounds)))
    print(json.dumps({"pages": result}, indent=2))
    print(table(result))
