"""Moving the timestep slider on "Hello, RNN" (budget: server-side rerun <= 30 ms at the 95th percentile).

server_rerun_full_script: AppTest moves the slider and reruns. AppTest reruns the *whole* script (it does not
run fragments alone), so this is an upper bound on what a slider move costs the server.
server_fragment: the time inside the timestep fragment (``lessons.hello.stepping.step_view``) during those same
reruns: exactly the work a browser's slider move makes the server do (Streamlit reruns only the fragment).
browser_keypress_to_chart: a real Chromium presses ArrowRight on the slider and waits until the heatmap's
title names the new step: the time a learner waits, network and drawing included.
"""

from __future__ import annotations

from benchmarks.common import fragment_reruns, keypress_to_text

REPEATS = 40


def server_rerun() -> dict:
    from lessons.hello import stepping

    moves = [lambda at, t=1 + (i + 1) % 4: at.slider(key="t").set_value(t).run() for i in range(REPEATS)]
    return fragment_reruns(stepping, "step_view", "lessons/hello/page.py", moves)


def browser_keypress() -> dict:
    presses = [("ArrowRight", f"step t = {2 + i % 9} boxed") if (i // 9) % 2 == 0
               else ("ArrowLeft", f"step t = {9 - i % 9} boxed") for i in range(REPEATS // 2)]
    return keypress_to_text("/hello?text=hello+world", "step t = 1 boxed", "Time step t", presses, 60_000)


def run() -> dict:
    return server_rerun() | {"browser_keypress_to_chart": browser_keypress()}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
