"""Self-attention lesson: the lecture notes' form with numbers, why mask (two tiny models), distance, closing."""

import json

import numpy as np
import streamlit as st

from core import attention, charattn, selfattn
from core.charattn import CharAttnConfig, attention_map, generate, train
from core.selfattn import Stages, distance_gradients, projections
from lessons.selfattn_stages import WIDTH, embeddings
from ui.safe import code
from ui.store import cached_run
from ui.widgets import show_code
from viz.selfattn import distance_chart, loss_curves, panels

TOP = 4  # terms written out in the sums


def _sum(coefficients: np.ndarray, names: list[str], vector: str) -> str:
    order = [int(j) for j in np.argsort(-np.abs(coefficients))[:TOP]]
    terms = " + ".join(f"({coefficients[j]:.2f})\\, {vector}_{{\\text{{{names[j]}}}}}" for j in order)
    return terms + (r" + \dots" if len(names) > TOP else "")


@st.fragment  # the word slider reruns only this section
def rnn_words_section(s: Stages, tokens: list[str], S: dict) -> None:
    st.subheader(S["notes_heading"])
    st.markdown(S["notes_intro"])
    real = [k for k, w in enumerate(tokens) if w != "<pad>"]
    options = [f"{k + 1}. {tokens[k]}" for k in real]
    pick = st.select_slider(S["notes_word"], options, options[min(1, len(options) - 1)], key="word")
    i = options.index(pick)
    names = [f"{k + 1}\\,{w}" if w != "<pad>" else f"{k + 1}\\,pad" for k, w in enumerate(tokens)]
    me = names[i]
    inner = s.X @ s.X[i]  # <x_i, x_j> for every j, the notes' raw dot products
    st.latex(S["notes_form"].format(word=me, sum=_sum(inner, names, "x")))
    st.latex(S["layer_form"].format(word=me, sum=_sum(s.weights[0, i], names, "v")))
    st.caption(S["notes_caption"])


def why_mask_section(S: dict) -> None:
    st.subheader(S["lm_heading"])
    st.markdown(S["lm_intro"])
    text = st.text_input(S["lm_text"], "hello", key="lm_text", bind="query-params", max_chars=charattn.MAX_TEXT,
                         help=S["lm_text_help"])
    try:
        configs = {name: CharAttnConfig(text=text, masked=masked)
                   for name, masked in ((S["lm_masked"], True), (S["lm_unmasked"], False))}
    except ValueError as error:
        st.error(str(error), icon=":material/error:")
        return
    runs = {name: cached_run(("charattn", c), lambda on_step, c=c: train(c, on_step),
                             S["lm_training"].format(name=name)) for name, c in configs.items()}
    loss, maps, texts, later = lm_views(tuple(configs.items()), runs, S)
    a, b = st.columns([3, 2])
    a.plotly_chart(loss, key="lm_loss")
    for name, run in runs.items():
        b.markdown(S["lm_generation"].format(name=name, start=code(text[0]), text=code(texts[name]),
                                             loss=run.losses[-1]))
    st.plotly_chart(maps, key="lm_maps")
    st.markdown(S["lm_notice"].format(later=later))


@st.cache_resource(max_entries=32, show_spinner=False)
def lm_views(configs: tuple, _runs: dict, _S: dict):
    """The loss chart, the attention maps, each model's generation and the unmasked model's share of attention on
    later positions, made once per pair of trained models (figures are only read by st.plotly_chart)."""
    caption = _S["lm_caption"].format(c=configs[0][1])
    texts = {name: generate(run) for name, run in _runs.items()}
    maps = {name: attention_map(run) for name, run in _runs.items()}
    chars = list(next(iter(maps.values()))[0])
    loss = loss_curves({n: r.losses for n, r in _runs.items()}, _S["lm_loss_title"], caption)
    figure = panels([dict(name=name, z=w, rows=chars, cols=chars, kind="weights",
                          masked=None if "without" in name else ~np.tril(np.ones_like(w, dtype=bool)))
                     for name, (_, w) in maps.items()], _S["lm_maps_title"], caption, height=360)
    _, free = maps[_S["lm_unmasked"]]
    return loss, figure, texts, float(np.triu(free, k=1).sum() / free.sum())


@st.cache_resource(max_entries=64, show_spinner=False)
def cached_distance(words: tuple[str, ...], heads: int, seed: int, _S: dict):
    """The gradients and their chart, once per sentence, heads and seed."""
    grads = distance_gradients(embeddings(words), projections(WIDTH, heads, seed), seed)
    return grads, distance_chart(grads, list(words), _S["distance_title"], _S["distance_caption"].format(seed=seed))


def distance_section(words: tuple[str, ...], heads: int, seed: int, S: dict) -> None:
    st.subheader(S["distance_heading"])
    st.markdown(S["distance_intro"])
    if len(words) < 2:
        st.info(S["distance_short"])
        return
    grads, figure = cached_distance(words, heads, seed, S)
    st.plotly_chart(figure, key="distance")
    rnn, att = grads["tanh RNN"], grads["self-attention"]
    st.markdown(S["distance_notice"].format(first=words[0], rnn=rnn[0] / rnn[-1], att=att[0] / att[-1]))


@st.cache_data(max_entries=64, show_spinner=False)
def weights_csv(tokens: tuple[str, ...], weights: np.ndarray) -> bytes:
    rows = ["head,query,key,weight"] + [f"{h + 1},{tokens[i]},{tokens[j]},{weights[h, i, j]:.6f}"
                                        for h in range(weights.shape[0]) for i in range(len(tokens))
                                        for j in range(len(tokens))]
    return "\n".join(rows).encode("utf-8")


def closing_sections(s: Stages, tokens: list[str], S: dict, max_heads: int) -> None:
    st.subheader(S["notice_heading"])
    st.markdown(S["notice"])
    st.subheader(S["question_heading"])
    verb = tokens[1] if len(tokens) > 1 else tokens[0]
    st.markdown(S["question"].format(word=verb))
    if st.toggle(S["question_reveal"], key="reveal"):
        seen = [tokens[j] for j in np.flatnonzero(attention.causal_mask(len(tokens))[1 if len(tokens) > 1 else 0])]
        st.success(S["question_answer"].format(word=verb, seen=", ".join(f"`{w}`" for w in seen),
                                               n=len(tokens) - len(seen)))
    show_code(S, (attention.attention, selfattn.stages, charattn.CharAttention, selfattn.distance_gradients))
    st.subheader(S["download_heading"])
    a, b = st.columns(2)
    # the files are written when clicked (Streamlit calls these then), not on every rerun
    a.download_button(S["download_csv"], lambda: weights_csv(tuple(tokens), s.weights), "self_attention_weights.csv",
                      "text/csv", on_click="ignore", key="download_csv")
    b.download_button(S["download_json"], lambda: json.dumps({"tokens": tokens, "heads": int(s.weights.shape[0]),
                                                              "max_heads": max_heads, "mask": s.mask.tolist()}),
                      "self_attention.json", "application/json", on_click="ignore", key="download_json")
