"""Interaction latency of every slider of every page, as one table (issue 7's budget: p95 <= 30 ms server-side).

For each page, every slider and select-slider is moved through its minimum, maximum and middle value, ten times
round, with an AppTest rerun after each move. The time is the whole script's rerun, an upper bound for sliders that
live in an st.fragment (a browser reruns only the fragment): for those the fragment's own time is measured too,
with benchmarks.common.fragment_reruns. The first pass through a setting that trains a model is slow by design
(a progress bar shows it); the table's p50/p95 are over all moves, and the first-time cost is reported apart.
Browser key-press times for the main step sliders are in the per-lesson benchmarks (gates, translate, slider).

Usage: python -m benchmarks.latency [--rounds N]
"""

from __future__ import annotations

import argparse
import time

from benchmarks.common import ROOT, fragment_reruns, summary

PAGES = ["lessons/hello.py", "lessons/vanishing.py", "lessons/gates.py", "lessons/translate.py",
         "lessons/selfattn.py", "lessons/shapes.py"]
# (page, module, fragment function, slider key): sliders whose moves rerun only a fragment
FRAGMENTS = [("lessons/hello.py", "lessons.hello_step", "step_view", "t"),
             ("lessons/hello.py", "lessons.hello_gradients", "truncation_view", "k"),
             ("lessons/hello.py", "lessons.hello_extras", "sample_view", "n"),
             ("lessons/vanishing.py", "lessons.vanishing_views", "walk_view", "k"),
             ("lessons/gates.py", "lessons.gates_step", "step_view", "t"),
             ("lessons/gates.py", "lessons.gates_step", "step_view", "unit"),
             ("lessons/translate.py", "lessons.translate_step", "step_view", "t"),
             ("lessons/translate.py", "lessons.translate_train", "forming_view", "snap"),
             ("lessons/translate.py", "lessons.translate_more", "saliency_section", "out_word"),
             ("lessons/selfattn.py", "lessons.selfattn_more", "rnn_words_section", "word"),
             ("lessons/selfattn.py", "lessons.selfattn_stages", "stages_section", "head")]


def parsed(option: str):
    """AppTest lists a select-slider's options as their labels; numbers are set back as numbers."""
    for kind in (int, float):
        try:
            return kind(option)
        except ValueError:
            pass
    return option


def corners(widget) -> list:
    if hasattr(widget, "options") and widget.options:
        options = [parsed(o) for o in widget.options]
        return [options[0], options[-1], options[len(options) // 2]]
    low, high = widget.min, widget.max
    mid = type(low)((low + high) / 2) if isinstance(low, int) else (low + high) / 2
    return [low, high, mid]


def page_sliders(page: str, rounds: int) -> list[dict]:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600).run()
    at.switch_page(page).run()
    rows = []
    for widget in [*at.slider, *at.select_slider]:
        key = widget.key
        if key is None or widget.disabled:  # e.g. hello's temperature while greedy sampling is chosen
            continue
        values, times = corners(widget), []
        for value in values * rounds:
            target = next(w for w in [*at.slider, *at.select_slider] if w.key == key)
            start = time.perf_counter()
            target.set_value(value).run()
            times.append(time.perf_counter() - start)
            if at.exception:
                raise RuntimeError(f"{page} {key}={value!r}: {at.exception[0].value}")
        rows.append({"page": page.split("/")[-1][:-3], "slider": key, "first_pass_ms": round(1e3 * max(times[:3]), 1),
                     **{k: v for k, v in summary(times[3:]).items() if k != "n"}})
        at.switch_page(page).run()  # back to the defaults for the next slider
    return rows


def fragment_rows(rounds: int) -> list[dict]:
    import importlib

    rows = []
    for page, module, function, key in FRAGMENTS:
        mod = importlib.import_module(module)

        def moves(at, key=key):
            widget = next(w for w in [*at.slider, *at.select_slider] if w.key == key)
            return [lambda a, v=v: next(w for w in [*a.slider, *a.select_slider] if w.key == key).set_value(v).run()
                    for v in corners(widget) * rounds]

        from streamlit.testing.v1 import AppTest

        probe = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600).run()
        probe.switch_page(page).run()
        result = fragment_reruns(mod, function, page, moves(probe))
        rows.append({"page": page.split("/")[-1][:-3], "slider": key, "fragment": function,
                     **{k: v for k, v in result["server_fragment"].items() if k != "n"}})
    return rows


def table(rows: list[dict], fragments: list[dict]) -> str:
    fragment = {(r["page"], r["slider"]): r for r in fragments}
    lines = ["| page | slider | whole script p50 / p95 ms | fragment p50 / p95 ms | first move ms |",
             "|---|---|---|---|---|"]
    for r in rows:
        f = fragment.get((r["page"], r["slider"]))
        part = f"{f['p50_ms']} / {f['p95_ms']}" if f else "–"
        whole = f"{r['p50_ms']} / {r['p95_ms']}"
        lines.append(f"| {r['page']} | {r['slider']} | {whole} | {part} | {r['first_pass_ms']} |")
    return "\n".join(lines)


def run(rounds: int = 10) -> dict:
    rounds = max(2, rounds)  # the first round is the first-time cost, reported apart
    rows = [row for page in PAGES for row in page_sliders(page, rounds)]
    fragments = fragment_rows(rounds)
    return {"sliders": rows, "fragments": fragments, "table": table(rows, fragments)}


if __name__ == "__main__":
    import json

    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=10, help="times round min, max and middle (at least 2)")
    result = run(parser.parse_args().rounds)
    print(json.dumps({k: v for k, v in result.items() if k != "table"}, indent=2))
    print(result["table"])
