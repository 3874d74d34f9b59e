"""Moving the timestep slider on "Hello, RNN" (budget: server-side rerun <= 30 ms at the 95th percentile).

server_rerun_full_script: AppTest moves the slider and reruns. AppTest reruns the *whole* script (it does not
run fragments alone), so this is an upper bound on what a slider move costs the server.
server_fragment: the time inside the timestep fragment (``lessons.hello.stepping.step_view``) during those same
reruns: exactly the work a browser's slider move makes the server do (Streamlit reruns only the fragment).
korean: the same two numbers with the page in Korean (its charts are cached per language, as the English ones).
language_switch: whole-script reruns that flip the sidebar's 한국어 | English switch each time, after both languages
have been shown once: a switch should cost no more than any other rerun (the strings are read once per process).
browser_keypress_to_chart: a real Chromium presses ArrowRight on the slider and waits until the heatmap's
title names the new step: the time a learner waits, network and drawing included.
"""

from __future__ import annotations

from benchmarks.common import fragment_reruns, in_language, keypress_to_text, language_flips

REPEATS = 40
PAGE = "lessons/hello/page.py"


def server_rerun(lang: str = "en") -> dict:
    from lessons.hello import stepping

    moves = [lambda at, t=1 + (i + 1) % 4: at.slider(key="t").set_value(t).run() for i in range(REPEATS)]
    return fragment_reruns(stepping, "step_view", PAGE, moves, setup=in_language(lang))


def browser_keypress() -> dict:
    presses = [("ArrowRight", f"step t = {2 + i % 9} boxed") if (i // 9) % 2 == 0
               else ("ArrowLeft", f"step t = {9 - i % 9} boxed") for i in range(REPEATS // 2)]
    return keypress_to_text("/hello?text=hello+world", "step t = 1 boxed", "Time step t", presses, 60_000)


def run() -> dict:
    return server_rerun() | {"korean": server_rerun("ko"), "language_switch": language_flips(PAGE),
                             "browser_keypress_to_chart": browser_keypress()}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
