"""The gates lesson (budgets: training the default models <= 3 s; moving the step slider: server-side rerun
<= 30 ms at p95).

train_default: ``lessons.gates.study.study(GatesConfig())`` from scratch (LSTM, GRU and RNN on the bracket text,
300 fused Adam steps each, then every value traced by our own cells), and each cell's training loop on its own.
step_slider: the time inside ``lessons.gates.stepping.step_view`` (the st.fragment a browser's move of the "Step t"
slider reruns) during AppTest reruns, for the LSTM and the GRU view; plus the whole-script AppTest rerun.
break_toggle: the same for ``lessons.gates.breaking.break_view`` when an override is toggled (first time: computed;
then cached).
browser_keypress_to_chart: Chromium presses ArrowRight on "Step t" and waits for the cell diagram's new title.
"""

from __future__ import annotations

import time

from benchmarks.common import fragment_reruns, keypress_to_text, summary

REPEATS = 30
PAGE = "lessons/gates/page.py"


def train_default() -> dict:
    import torch

    from lessons.gates.study import GatesConfig, study

    torch.set_num_threads(1)  # as the app
    totals, cells = [], {"lstm": [], "gru": [], "rnn": []}
    for _ in range(3):
        start = time.perf_counter()
        s = study(GatesConfig())
        totals.append(time.perf_counter() - start)
        for kind, r in s.results.items():
            cells[kind].append(r.seconds)
    return {"study_all_three": summary(totals), **{f"train_{k}": summary(v) for k, v in cells.items()},
            "solved_at_step": {k: r.solved_at for k, r in s.results.items()}}


def step_slider(cell: str) -> dict:
    from lessons.gates import stepping

    T = 31  # the bracket text: 32 characters, 31 steps
    moves = [lambda at, t=1 + (i * 7) % T: at.slider(key="t").set_value(t).run() for i in range(REPEATS)]
    return fragment_reruns(stepping, "step_view", PAGE, moves, {"cell": cell})


def break_toggle() -> dict:
    from lessons.gates import breaking

    options = ["one", "zero", "free"]  # the radio's keys (?pin_f=zero); the labels are in the page's language
    moves = [lambda at, o=options[i % 3]: at.radio(key="pin_f").set_value(o).run() for i in range(REPEATS)]
    return fragment_reruns(breaking, "break_view", PAGE, moves)


def browser_keypress() -> dict:
    presses = [("ArrowRight", f"Inside the LSTM at step t = {8 + i}") for i in range(15)]
    return keypress_to_text("/gates", "Inside the LSTM at step t = 7", "Step t", presses)


def run() -> dict:
    return {"train_default": train_default(), "step_slider_lstm": step_slider("LSTM"),
            "step_slider_gru": step_slider("GRU"), "break_toggle": break_toggle(),
            "browser_keypress_to_chart": browser_keypress()}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
