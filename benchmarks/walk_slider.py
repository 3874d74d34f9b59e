"""Moving the backward-pass slider on the vanishing lesson (budget: server-side rerun <= 30 ms at p95).

server_fragment: the time inside ``lessons.vanishing.walk.walk_view`` (the st.fragment a browser's slider move
reruns, and nothing else), measured during AppTest reruns at the default settings (T = 60, H = 32) and at the
largest (T = 200, H = 128, where the LSTM's Jacobian is 256 x 256).
server_rerun_full_script: AppTest's whole-script rerun (an upper bound; it reruns every section).
browser_keypress_to_chart: Chromium presses ArrowLeft on the slider and waits for the Jacobian chart's new title.
default_T60_H32_korean: the same slider moves on the Korean page (its charts are cached per language).
language_switch: whole-script reruns that flip 한국어 <-> English against reruns that change nothing (issue 15:
switching costs no more than any rerun; both languages' charts are cached after the first flip).
"""

from __future__ import annotations

from benchmarks.common import fragment_reruns, in_language, keypress_to_text, language_flips

REPEATS = 30
PAGE = "lessons/vanishing/page.py"


def server_rerun(query: dict[str, str], lang: str = "en") -> dict:
    from lessons.vanishing import walk

    T = int(query.get("T", 60))
    moves = [lambda at, k=T - 1 - (i % (T - 1)): at.slider(key="k").set_value(k).run() for i in range(REPEATS)]

    def setup(at) -> None:
        in_language(lang)(at)
        at.radio(key="walk_cell").set_value("LSTM").run()  # the largest Jacobian

    return fragment_reruns(walk, "walk_view", PAGE, moves, query, setup=setup)


def browser_keypress() -> dict:
    presses = [("ArrowLeft", f"∂s_{{{59 - i}}}/∂s_{{{58 - i}}}") for i in range(REPEATS // 2)]
    return keypress_to_text("/vanishing?lang=en", "The local Jacobian", "Back to step k", presses)


def run() -> dict:
    return {"default_T60_H32": server_rerun({}),
            "default_T60_H32_korean": server_rerun({}, lang="ko"),
            "largest_T200_H128": server_rerun({"T": "200", "H": "128"}),
            "language_switch": language_flips(PAGE),
            "browser_keypress_to_chart": browser_keypress()}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
