"""Run every benchmark and print one JSON object. Usage: python benchmarks/run.py"""

from __future__ import annotations

import json
import os
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.chdir(ROOT)

from benchmarks import (  # noqa: E402
    gates,
    labs,
    selfattn,
    server_start,
    slider,
    train_hello,
    train_step,
    translate,
    vanishing,
    walk_slider,
)

if __name__ == "__main__":
    results = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
               "train_hello": train_hello.run(), "slider": slider.run(), "server_start": server_start.run(),
               "vanishing": vanishing.run(), "walk_slider": walk_slider.run(), "labs": labs.run(), "gates": gates.run(),
               "translate": translate.run(), "selfattn": selfattn.run(), "train_step": train_step.run()}
    if "--all" in sys.argv[1:]:  # also a class of 50 (load.py, ~2 min), every slider on the real server (latency.py,
        # ~8 min) and 200 typed texts a page (memory.py, ~17 min)
        from benchmarks import latency, load, memory

        results |= {"load": load.run(), "latency": latency.run(), "memory": memory.run()}
    print(json.dumps(results, indent=2))
