"""Vanishing lesson, sections 5-6, the two training labs: gradient clipping, and learning across distance. Each is
a fragment: its own controls rerun only it."""

from functools import lru_cache

import streamlit as st

from core.recall import RecallConfig, RecallResult, chance, train_recall
from core.recurrent import LABELS
from lessons.vanishing.study import KINDS
from lessons.vanishing.study_clipping import ClipConfig, ClipResult, train_pair
from ui.store import shared
from viz.labs import clip_losses, clip_norms, recall_accuracy

RECALL_SWEEP = (2, 5, 10, 20, 40)
MAX_D = 50  # all three cells at d = 50 train in ~11 s (benchmarks/labs.py)
MAX_RUNS = 64  # a clipping pair or a recall run keeps a few kB of curves (no weights)


@shared(MAX_RUNS, progress=True)
def clip_pair(config: ClipConfig, on_step=None) -> ClipResult:
    return train_pair(config, on_step)


@shared(32)
def losses_chart(config: ClipConfig, caption: str, lang: str):
    return clip_losses(clip_pair(config), caption, lang)


@shared(32)
def norms_chart(config: ClipConfig, caption: str, lang: str):
    return clip_norms(clip_pair(config), caption, lang)


@shared(MAX_RUNS, progress=True)
def recalled(config: RecallConfig, on_step=None) -> RecallResult:
    return train_recall(config, on_step)


@st.fragment
def clipping_section(S: dict, lang: str) -> None:
    st.subheader(S["clip_heading"])
    st.caption(S["clip_intro"])
    a, b, c = st.columns(3)
    scale = a.slider(S["clip_scale"], 1.0, 5.0, ClipConfig.recurrent_scale, step=0.5, key="clip_scale",
                     bind="query-params")
    threshold = b.select_slider(S["clip_threshold"], [0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0],
                                value=ClipConfig.threshold, key="clip_at", bind="query-params")
    seed = c.number_input(S["clip_seed"], 0, 99_999, 0, key="clip_seed", bind="query-params")
    config = ClipConfig(recurrent_scale=float(scale), threshold=float(threshold), seed=int(seed))
    result = clip_pair(config, label=S["clip_training"])
    caption = S["clip_caption"].format(scale=scale, threshold=threshold, seed=seed, steps=config.steps, lr=config.lr)
    left, right = st.columns(2)
    left.plotly_chart(losses_chart(config, caption, lang), key="clip_losses")
    right.plotly_chart(norms_chart(config, caption, lang), key="clip_norms")
    plain = result.plain
    fate = (S["clip_diverged"].format(step=plain.diverged_at) if plain.diverged_at
            else S["clip_plain_loss"].format(loss=plain.losses[-1]))
    st.markdown(S["clip_summary"].format(n=result.clipped.n_clipped, steps=config.steps, fate=fate,
                                         loss=result.clipped.losses[-1]))


@lru_cache(maxsize=MAX_RUNS)
def recall_configs(seed: int) -> tuple[tuple[int, str, RecallConfig], ...]:
    """Every (distance, cell, config) the recall chart looks up for ``seed``, built once: checking 150 configs'
    limits at every rerun of the page cost about 5 ms (issue 18)."""
    return tuple((d, kind, RecallConfig(cell=kind, distance=d, seed=seed))
                 for d in range(1, MAX_D + 1) for kind in KINDS)


@st.fragment
def recall_section(S: dict, lang: str) -> None:
    st.subheader(S["recall_heading"])
    st.caption(S["recall_intro"])
    a, b = st.columns([3, 1])
    distance = a.slider(S["recall_distance"], 1, MAX_D, 10, key="d", bind="query-params")
    seed = b.number_input(S["recall_seed"], 0, 99_999, 0, key="recall_seed", bind="query-params")
    one, sweep = st.columns(2)
    wanted = []
    if one.button(S["recall_train_one"].format(d=distance), key="recall_one", icon=":material/play_arrow:"):
        wanted = [int(distance)]
    if sweep.button(S["recall_train_sweep"].format(ds=", ".join(map(str, RECALL_SWEEP))), key="recall_sweep",
                    icon=":material/playlist_play:"):
        wanted = list(RECALL_SWEEP)
    for d in wanted:
        for kind in KINDS:
            recalled(RecallConfig(cell=kind, distance=d, seed=int(seed)),
                     label=S["recall_training"].format(cell=LABELS[kind], d=d))
    results = {kind: {} for kind in KINDS}
    for d, kind, config in recall_configs(int(seed)):
        found = recalled.peek(config)
        if found is not None:
            results[kind][d] = found.accuracy
    if not any(results.values()):
        st.caption(S["recall_waiting"])
        return
    base = RecallConfig(cell="rnn", distance=1, seed=int(seed))
    caption = S["recall_caption"].format(seed=seed, hidden=base.hidden_size, steps=base.steps, lr=base.lr,
                                         bias=base.gate_bias)
    st.plotly_chart(recall_accuracy(results, chance(base), caption, lang), key="recall_chart")
