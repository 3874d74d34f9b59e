"""The self-attention lesson (budgets: all stages for 16 tokens and 4 heads, server-side rerun <= 30 ms at p95;
training each tiny model <= 5 s).

stages_rerun: AppTest reruns of the page on a 16-word sentence with 4 heads while the head slider moves (the
whole script: every stage, every head, the cached models and gradients), and the same while the mask changes.
head_fragment: the time inside ``lessons.selfattn.stages.stages_section``, the st.fragment a browser's move of the
head slider reruns (every stage of one head for 16 tokens).
language_switch: AppTest reruns of the same page while the language flips between English and Korean (the first
visit to each language draws its charts; after that each flip is a rerun on cached charts, like any other).
core_stages: ``core.selfattn.stages`` alone for 16 tokens and 4 heads.
train_tiny: ``lessons.selfattn.study_mask.train`` with the defaults on "hello", with and without the mask.
"""

from __future__ import annotations

import time

from benchmarks.common import ROOT, fragment_reruns, language_flips, summary

REPEATS = 30
PAGE = "lessons/selfattn/page.py"
SIXTEEN = "they like big red apple and cold water and sweet cake and small old book today"


def stages_rerun() -> dict:
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    at.query_params.update({"sentence": "own", "own": SIXTEEN, "heads": "4"})
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    out = {}
    for name, move in (("head_slider", lambda i: at.select_slider(key="head").set_value(1 + i % 4).run()),
                       ("mask_radio", lambda i: at.radio(key="mask").set_value(
                           ["none", "causal", "padding"][i % 3]).run())):
        times = []
        for i in range(REPEATS):
            start = time.perf_counter()
            move(i)
            times.append(time.perf_counter() - start)
            assert not at.exception, at.exception
        out[name] = summary(times)
    return out


def head_fragment() -> dict:
    from lessons.selfattn import stages

    moves = [lambda at, h=1 + i % 4: at.select_slider(key="head").set_value(h).run() for i in range(REPEATS)]
    return fragment_reruns(stages, "stages_section", PAGE, moves,
                           {"sentence": "own", "own": SIXTEEN, "heads": "4"})


def core_stages() -> dict:
    import numpy as np

    from core.selfattn import mask_for, projections, stages

    X = np.random.default_rng(0).normal(size=(16, 32))
    p = projections(32, 4, 0)
    times = []
    for _ in range(REPEATS):
        start = time.perf_counter()
        stages(X, p, mask_for("causal", 16))
        times.append(time.perf_counter() - start)
    return summary(times)


def train_tiny() -> dict:
    import torch

    from lessons.selfattn.study_mask import CharAttnConfig, train

    torch.set_num_threads(1)
    return {("masked" if m else "unmasked"): summary([train(CharAttnConfig(masked=m)).seconds for _ in range(3)])
            for m in (True, False)}


def run() -> dict:
    flips = language_flips(PAGE, {"sentence": "own", "own": SIXTEEN, "heads": "4"})
    return {"stages_rerun": stages_rerun(), "head_fragment": head_fragment(), "language_switch": flips,
            "core_stages": core_stages(), "train_tiny": train_tiny()}


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
