"""Self-attention lesson, section 3: one word's new vector in the lecture notes' form (raw inner products of the
word vectors) beside what the layer computes (head 1's softmax weights on the values); a fragment, so the word
slider reruns only this. The step player steps through the query words: a head's weights are a step-through view
over its queries (the head slider of section 1 picks a whole matrix, not a time axis)."""

import numpy as np
import streamlit as st

from lessons.selfattn.study import PAD, LayerStudy
from ui.latex import latex
from ui.player import frames, player
from ui.store import shared

TOP = 4  # terms written out in the sums
PLAYERS = 64  # one per study and language: a 16-word sentence's weights and captions, a few kB


def written_sum(coefficients: np.ndarray, names: list[str], vector: str) -> str:
    """LaTeX for the TOP largest terms (by size) of sum_j coefficients[j] vector_j, then dots if there are more."""
    order = [int(j) for j in np.argsort(-np.abs(coefficients))[:TOP]]
    terms = " + ".join(f"({coefficients[j]:.2f})\\, {vector}_{{\\text{{{names[j]}}}}}" for j in order)
    return terms + (r" + \dots" if len(names) > TOP else "")


@shared(PLAYERS)
def player_frames(s: LayerStudy, options: tuple[str, ...], reading: str, grid: str, bars: str) -> dict:
    """Head 1's softmax weights (the head the sums below use) played one query word at a time, for the player
    (ui/player.py): the grid is the weights as the heads chart draws head 1 (a column per query word, a row per
    key; masked cells missing, as its grey), the bars the query's row over the keys. Step i is the real word i and
    the word slider's option ``options[i - 1]``."""
    tokens, a = s.tokens, s.stages
    real = [k for k, w in enumerate(tokens) if w != PAD]
    weights = a.weights[0]  # (T, T): row i is query i's weights over the keys
    keys = [f"{j + 1}·{w}" for j, w in enumerate(tokens)]
    shown = np.where(a.mask, weights, np.nan)[real].T  # keys x queries
    most = [int(np.argmax(weights[i])) for i in real]
    captions = [reading.format(word=keys[i], key=keys[j], w=weights[i, j],
                               masked=int((~a.mask[i]).sum()), T=len(tokens)) for i, j in zip(real, most, strict=True)]
    return frames(tape=[keys[i] for i in real], grid_rows=keys, grid_columns=[keys[i] for i in real],
                  grid_values=shown, grid_range=(0.0, 1.0), grid_title=grid, bar_labels=keys,
                  bar_values=weights[real], marked=most, bar_titles=[bars.format(word=keys[i]) for i in real],
                  captions=captions, initial=False, grid_scale="magnitude", slider=list(options))


@st.fragment  # the word slider reruns only this section
def notes_section(s: LayerStudy, S: dict) -> None:
    st.subheader(S["notes_heading"])
    st.markdown(S["notes_intro"])
    tokens, a = s.tokens, s.stages
    real = [k for k, w in enumerate(tokens) if w != PAD]
    options = [f"{k + 1}. {tokens[k]}" for k in real]
    pick = st.select_slider(S["notes_word"], options, options[min(1, len(options) - 1)], key="word")
    i = options.index(pick)
    if len(options) >= 2:
        st.markdown(S["player_intro"])
        player(player_frames(s, tuple(options), S["player_reading"], S["player_grid"], S["player_bars"]), pick,
               key="word_player", slider_key="word")
    names = [f"{k + 1}\\,{w}" if w != PAD else f"{k + 1}\\,pad" for k, w in enumerate(tokens)]
    me = names[i]
    inner = a.X @ a.X[i]  # <x_i, x_j> for every j, the notes' raw dot products
    latex(S["notes_form"].format(word=me, sum=written_sum(inner, names, "x")))
    latex(S["layer_form"].format(word=me, sum=written_sum(a.weights[0, i], names, "v")))
    st.caption(S["notes_caption"])
