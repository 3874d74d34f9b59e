"""Reading a Chromium trace and CPU profile for benchmarks/browser_probe.py: the main thread's work by kind between two
moments, and script time by source file (Plotly, KaTeX, Streamlit's own bundles)."""

from __future__ import annotations

import re
from collections import defaultdict

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink.user_timing", "v8"]
KINDS = {  # trace event name -> kind of main-thread work
    "FunctionCall": "script", "EvaluateScript": "script", "v8.compile": "script", "v8.compileModule": "script",
    "v8.evaluateModule": "script", "TimerFire": "script", "FireAnimationFrame": "script", "EventDispatch": "script",
    "RunMicrotasks": "script", "V8.Execute": "script", "v8.run": "script",
    "UpdateLayoutTree": "style", "RecalculateStyles": "style", "ParseAuthorStyleSheet": "style",
    "Layout": "layout", "PrePaint": "paint", "Paint": "paint", "Layerize": "paint", "UpdateLayer": "paint",
    "Commit": "paint", "PaintImage": "paint", "Decode Image": "paint", "RasterTask": "paint",
    "MinorGC": "gc", "MajorGC": "gc", "V8.GC_SCAVENGER": "gc", "V8.GC_MARK_COMPACTOR": "gc",
    "BlinkGC.AtomicPhase": "gc", "ParseHTML": "html",
}


def _main_thread(events: list, pid: int) -> list:
    names = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("name") == "thread_name"}
    tids = [tid for (p, tid), n in names.items() if p == pid and n == "CrRendererMain"]
    return sorted((e for e in events if e.get("pid") == pid and e.get("tid") in tids and e.get("ph") == "X"
                   and "dur" in e), key=lambda e: (e["ts"], -e["dur"]))


def marks_of(trace) -> tuple[int, dict[str, list[float]]]:
    """The page renderer's pid and its vp-* user-timing marks (trace clock, µs)."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    found: dict[str, list[float]] = defaultdict(list)
    pid = None
    for e in events:
        if e.get("cat", "").startswith("blink.user_timing") and e.get("name", "").startswith("vp-") \
                and e.get("ph") in ("R", "I", "n", "b", "e", "X"):
            found[e["name"]].append(e["ts"])
            pid = e["pid"]
    return pid, {k: sorted(v) for k, v in found.items()}


def main_thread_split(main: list, start: float, end: float) -> dict:
    """The renderer main thread's time in [start, end] (µs) split by kind (self time: an event's time minus the
    nested events' of another kind), and the idle time."""
    self_by_kind: dict[str, float] = defaultdict(float)
    stack: list[list] = []  # [end_ts, kind]
    busy = 0.0
    for e in main:
        while stack and stack[-1][0] <= e["ts"]:
            stack.pop()
        lo, hi = max(e["ts"], start), min(e["ts"] + e["dur"], end)
        parent_kind = next((k for _, k in reversed(stack) if k is not None), None)
        kind = KINDS.get(e["name"])
        if hi > lo:
            if e["name"] == "RunTask" and not stack:
                busy += hi - lo
            if kind is not None and kind != parent_kind:
                self_by_kind[kind] += hi - lo
                if parent_kind is not None:
                    self_by_kind[parent_kind] -= hi - lo
        stack.append([e["ts"] + e["dur"], kind if kind is not None else parent_kind])
    window = (end - start) / 1000
    split = {k: round(v / 1000, 1) for k, v in sorted(self_by_kind.items(), key=lambda kv: -kv[1])}
    split["unclassified"] = round(busy / 1000 - sum(split.values()), 1)
    return {"window_ms": round(window, 1), "busy_ms": round(busy / 1000, 1),
            "idle_ms": round(window - busy / 1000, 1), "by_kind_ms": split}


FILES = [("plotly", re.compile(r"PlotlyChart\.")), ("katex", re.compile(r"katex")),
         ("syntax-highlighter", re.compile(r"SyntaxHighlighter")),
         ("markdown", re.compile(r"StreamlitMarkdown|remark|rehype|micromark|mdast|unified")),
         ("react-dom", re.compile(r"react-dom")), ("streamlit", re.compile(r"/index\.[^/]*\.js")),
         ("emotion", re.compile(r"emotion|styled-components")), ("protobuf", re.compile(r"protobuf\."))]


def _group(url: str) -> str:
    return next((g for g, rx in FILES if rx.search(url)), url.rsplit("/", 1)[-1] or "(no file)")


def script_by_file(profile: dict, start: float, end: float) -> dict:
    """Self time of the CPU profile's samples in [start, end] (µs, the trace's clock) by the file their function
    is in (a built-in function such as getBoundingClientRect counts for the file that called it), and the top
    functions (built-ins named with their caller's file)."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {c: n["id"] for n in profile["nodes"] for c in n.get("children", [])}

    def caller_url(node_id):
        while node_id is not None:
            url = nodes[node_id]["callFrame"].get("url", "")
            if url:
                return url
            node_id = parent.get(node_id)
        return ""

    by_file: dict[str, float] = defaultdict(float)
    by_fn: dict[str, float] = defaultdict(float)
    ts = profile["startTime"]
    for node_id, delta in zip(profile["samples"], profile["timeDeltas"], strict=True):
        ts += delta
        if ts < start or ts > end:
            continue
        frame = nodes[node_id]["callFrame"]
        fn = frame.get("functionName", "")
        if fn in ("(idle)", "(program)", "(root)"):
            continue
        url = frame.get("url", "") or caller_url(node_id)
        group = "(garbage collector)" if fn == "(garbage collector)" else _group(url)
        by_file[group] += delta / 1000
        where = url.rsplit("/", 1)[-1] if frame.get("url") else f"(built-in, from {url.rsplit('/', 1)[-1]})"
        by_fn[f"{fn or '(anonymous)'} @ {where}:{frame.get('lineNumber')}"] += delta / 1000
    top = sorted(by_fn.items(), key=lambda kv: -kv[1])[:10]
    return {"by_file_ms": {k: round(v, 1) for k, v in sorted(by_file.items(), key=lambda kv: -kv[1]) if v >= 0.5},
            "top_functions_ms": {k: round(v, 1) for k, v in top}}


def phases(trace: dict, profile: dict, first_paint: bool) -> dict:
    """Split the window (navigation or key press -> title drawn) at the websocket's messages: before the first
    message out, waiting for the first message in, while messages come in, and after the last message in until
    the title is drawn. For each phase: the main thread's time by kind and the script time by file."""
    events = trace["traceEvents"] if isinstance(trace, dict) else trace
    pid, marks = marks_of(trace)
    if "vp-title" not in marks:
        return {"error": "no vp-title mark in the trace"}
    main = _main_thread(events, pid)
    end = marks["vp-title"][0]
    if first_paint:
        start = min((e["ts"] for e in main if e.get("name") == "RunTask"), default=main[0]["ts"])
    else:
        start = marks["vp-press"][-1]
    outs = [t for t in marks.get("vp-out", []) if start <= t <= end]
    ins = [t for t in marks.get("vp-in", []) if start <= t <= end]
    cuts = [("before_first_message_out", start, outs[0] if outs else end)]
    if outs and ins:
        cuts += [("waiting_for_first_message_in", outs[0], ins[0]), ("messages_coming_in", ins[0], ins[-1]),
                 ("after_last_message_in_to_title", ins[-1], end)]
    out = {"whole": {**main_thread_split(main, start, end), "script": script_by_file(profile, start, end)}}
    for name, lo, hi in cuts:
        out[name] = {**main_thread_split(main, lo, hi), "script": script_by_file(profile, lo, hi)["by_file_ms"]}
    return out
