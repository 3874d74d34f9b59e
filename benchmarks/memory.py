"""Does the server's memory level off when a class types many different texts? (issue 7)

One real server (``streamlit run app.py`` on 127.0.0.1); for each page in turn, one session (benchmarks/client.py)
types ``--texts`` different texts into the page's text input, each a rerun that trains or computes something new:

- /hello: "text" (a new character model each time);
- /gates: "source" = "my text", then "text" (three cells trained each time);
- /translate: "sentence" = "✏️ my own sentence", then "own" (random sentences of the toy grammar, so all valid);
- /self-attention: "sentence" = "✏️ my own words", then "own" (random grammar sentences) together with "lm_text"
  (two tiny attention models trained each time).

The server's memory (VmRSS of it and its children) is read before, every 20 texts and after. Every result cache
is bounded (``max_entries``, ui/store.py's LRU), so memory should grow while the caches fill and then level off:
the JSON compares the growth per 100 texts over the last half of the texts with the first half's.

A text on /gates or /self-attention takes ~2-3 s (models trained), on /hello or /translate ~0.5 s: the defaults
(200 texts on every page) take about 17 minutes; --texts N shortens every page.

Usage: python -m benchmarks.memory [--texts 200] [--heavy-texts 200] [--pages hello,gates,translate,self-attention]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.client import Client  # noqa: E402
from benchmarks.common import free_port, wait_healthy  # noqa: E402
from benchmarks.procs import rss_mb, start_server  # noqa: E402

EVERY = 20  # texts between memory samples
HEAVY = ("gates", "self-attention")  # ~2 s a text (models trained): --heavy-texts can give them fewer
RERUN_TIMEOUT_S = 120
PAGES = ("hello", "gates", "translate", "self-attention")


def char_texts(n: int, rng: np.random.Generator, max_chars: int) -> list[str]:
    """``n`` different short texts of English words (8 to ``max_chars`` characters), like a learner's phrases."""
    from core.grammar import ENGLISH

    out: dict[str, None] = {}
    for _ in range(50 * n):  # bounded; duplicates are skipped
        if len(out) == n:
            break
        words, target = [], int(rng.integers(8, max_chars + 1))
        while len(" ".join(words)) < target:
            words.append(str(rng.choice(ENGLISH)))
        text = " ".join(words)
        text = text if len(text) <= max_chars else text[:max_chars].rstrip()
        if len(text) >= 2:
            out[text] = None
    return list(out)


def sentences(n: int, rng: np.random.Generator, max_words: int) -> list[str]:
    """``n`` different random sentences of the toy grammar (core.grammar.sample), 3 to ``max_words`` words."""
    from core.grammar import MIN_LENGTH, sample

    out: dict[str, None] = {}
    for _ in range(50 * n):
        if len(out) == n:
            break
        out[" ".join(sample(rng, int(rng.integers(MIN_LENGTH, max_words + 1))).english())] = None
    return list(out)


def plan(page: str, n: int, seed: int) -> tuple[dict, list[dict]]:
    """The widget values that open the page's own-text input, and one widget dict per text."""
    from core.selfattn import MAX_TOKENS
    from core.text import MAX_CHARS
    from lessons.selfattn.study_mask import MAX_TEXT
    from ui.strings import strings

    rng = np.random.default_rng(seed)
    if page == "hello":
        return {}, [{"text": t} for t in char_texts(n, rng, MAX_CHARS)]
    if page == "gates":
        return {"source": strings("gates")["source_own"]}, [{"text": t} for t in char_texts(n, rng, 32)]
    if page == "translate":
        return {"sentence": strings("translate")["own_option"]}, [{"own": s} for s in sentences(n, rng, 12)]
    own = [{"own": s} for s in sentences(n, rng, MAX_TOKENS)]
    lm = char_texts(n, rng, MAX_TEXT)
    return {"sentence": strings("selfattn")["own_option"]}, [{**o, "lm_text": t} for o, t in zip(own, lm, strict=True)]


async def type_texts(port: int, pid: int, page: str, n: int, seed: int, deadline: float) -> dict:
    setup, steps = plan(page, n, seed)
    client = Client(port)
    problems: list[str] = []
    times: list[float] = []
    before, series = round(rss_mb(pid), 1), []
    start = time.perf_counter()
    try:
        first = await client.connect(f"/{page}", timeout=RERUN_TIMEOUT_S)
        runs = [first]
        if setup:
            runs.append(await client.set(timeout=RERUN_TIMEOUT_S, **setup))
        series.append((0, round(rss_mb(pid), 1)))  # the page loaded (imports, shipped models) with its own input
        for i, values in enumerate(steps, start=1):
            if time.perf_counter() > deadline:
                problems.append(f"stopped after {i - 1} texts: the time limit")
                break
            run = await client.set(timeout=RERUN_TIMEOUT_S, **values)
            runs.append(run)
            if run.ok:
                times.append(run.seconds)
            if i % EVERY == 0 or i == len(steps):
                series.append((i, round(rss_mb(pid), 1)))
            if run.status == "disconnected":
                break
        for run in runs:
            if not run.ok:
                problems.append(f"{run.status} after {run.seconds:.1f} s")
            problems += [f"exception: {e[:300]}" for e in run.exceptions]
            problems += [f"st.error: {a[:300]}" for a in run.alerts]
    except KeyError as error:
        problems.append(f"no widget {error} on /{page}")
    finally:
        await client.close()
    await asyncio.sleep(2)
    closed = round(rss_mb(pid), 1)
    ms = 1000 * np.asarray(times) if times else np.zeros(1)
    p50, p95 = (round(float(np.percentile(ms, q)), 1) for q in (50, 95))
    return {"texts": len(times), "seconds": round(time.perf_counter() - start, 1), "rerun_p50_ms": p50,
            "rerun_p95_ms": p95, "rerun_max_ms": round(float(ms.max()), 1), "rss_mb_before_page": before,
            "rss_mb_after_texts": series, "rss_mb_session_closed": closed, **levelling(series),
            "problems": problems[:10], "problem_count": len(problems)}


def levelling(series: list[tuple[int, float]]) -> dict:
    """Growth per 100 texts over the first and the last half of the texts; it levels off if the last half's is
    under a quarter of the first half's, or under 10 MB per 100 texts."""
    if len(series) < 3:
        return {}
    n = series[-1][0]
    middle = min(series[1:-1], key=lambda p: abs(p[0] - n / 2))
    first = 100 * (middle[1] - series[0][1]) / max(middle[0] - series[0][0], 1)
    last = 100 * (series[-1][1] - middle[1]) / max(series[-1][0] - middle[0], 1)
    return {"mb_per_100_texts_first_half": round(first, 1), "mb_per_100_texts_last_half": round(last, 1),
            "halves_split_at_text": middle[0], "levels_off": bool(last < max(0.25 * first, 10.0))}


def run(texts: int = 200, heavy_texts: int = 200, pages=PAGES, seed: int = 0, limit_s: float = 1500) -> dict:
    port = free_port()
    log = Path(tempfile.mkdtemp()) / "server.log"
    server = start_server(port, log)
    try:
        wait_healthy(port)
        before = rss_mb(server.pid)
        deadline = time.perf_counter() + limit_s
        per_page = {}
        for page in pages:
            n = min(texts, heavy_texts) if page in HEAVY else texts
            per_page[page] = asyncio.run(type_texts(port, server.pid, page, n, seed, deadline))
        after = rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    errors = [line[:300] for line in log.read_text(errors="replace").splitlines()
              if any(w in line for w in ("Traceback", "Error", "Exception"))][:20]
    return {"server_rss_mb_before": round(before, 1), "server_rss_mb_after": round(after, 1),
            "pages": per_page, "levels_off": all(p.get("levels_off", False) for p in per_page.values()),
            "server_log_problems": errors}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--texts", type=int, default=200, help="texts per page (default 200)")
    parser.add_argument("--heavy-texts", type=int, default=200,
                        help="at most this many on " + " and ".join(HEAVY) + " (default 200)")
    parser.add_argument("--pages", default=",".join(PAGES), help="comma-separated, from " + ", ".join(PAGES))
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--limit-s", type=float, default=1500, help="stop typing after this many seconds in all")
    args = parser.parse_args()
    chosen = [p for p in args.pages.split(",") if p]
    unknown = set(chosen) - set(PAGES)
    if unknown:
        parser.error(f"unknown pages: {', '.join(sorted(unknown))}")
    print(json.dumps(run(args.texts, args.heavy_texts, chosen, args.seed, args.limit_s), indent=2))
