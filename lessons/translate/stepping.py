"""Translation lesson, section 2: the attention model's decoder stepped through one word at a time, the lecture
notes' five steps with the numbers, then note 001's C₄ without the softmax on the same step (a fragment: the step
slider reruns only this part)."""

import streamlit as st

from core.decoding import Decoding
from core.seq2seq import TARGET
from lessons.translate.notes import notes_view
from ui.latex import latex
from ui.player import frames, player
from ui.widgets import step_slider
from viz.translate import alignment, next_word, shown, step_bars, step_equations, weighted_sum


def player_frames(d: Decoding, S: dict, lang: str) -> dict:
    """Every decoder step's attention weights and written word, for the player (ui/player.py): the values the
    charts below draw."""
    written = [shown(w, lang) for w in d.words]
    T = len(written)
    looked = d.weights.argmax(axis=1)
    p = [float(d.probs[k, TARGET.index(w)]) if w in TARGET else float(d.probs[k].max()) for k, w in enumerate(d.words)]
    captions = [S["player_reading"].format(t=k + 1, word=written[k], p=p[k], source=d.source[looked[k]],
                                           w=d.weights[k, looked[k]]) for k in range(T)]
    return frames(tape=written, grid_rows=list(d.source), grid_columns=[f"{k}·{w}" for k, w in enumerate(written, 1)],
                  grid_values=d.weights.T, grid_range=(-1.0, 1.0), grid_title=S["player_grid"],
                  bar_labels=list(d.source), bar_values=d.weights, marked=list(looked),
                  bar_titles=[S["player_bars"].format(t=k + 1) for k in range(T)], captions=captions, initial=False)


@st.fragment
def step_view(d: Decoding, S: dict, lang: str) -> None:
    st.subheader(S["step_heading"])
    st.markdown(S["step_intro"])
    T = len(d.words)
    t = step_slider(S["step_label"], "t", T, default=max(1, T - 1))  # the verb, written last: the headline
    k = t - 1
    if T >= 2 and d.weights is not None:
        st.markdown(S["player_intro"])
        player(player_frames(d, S, lang), t, key="t_player", slider_key="t")
    st.markdown(S["step_word"].format(t=t, word=shown(d.words[k], lang), T=T))
    caption = S["step_caption"].format(t=t)
    a, b = st.columns(2)
    title = S["step_title"].format(t=t)
    a.plotly_chart(step_bars(d.scores[k], d.weights[k], d.source, title, caption, lang=lang), key="step_bars")
    b.plotly_chart(alignment(d.weights, d.source, d.words, S["alignment_title"], caption, t=k, lang=lang),
                   key="alignment")
    latex(step_equations(d.scores[k], d.weights[k], d.source, t, lang=lang))
    a, b = st.columns([3, 2])
    a.plotly_chart(weighted_sum(d.states, d.weights[k], d.context[k], d.source, S["sum_title"].format(t=t),
                                caption, lang=lang), key="weighted_sum")
    b.plotly_chart(next_word(d.probs[k], TARGET, S["next_title"].format(t=t), caption, lang=lang),
                   key="next_word")
    st.markdown(S["step_notice"])
    notes_view(tuple(d.source), t, S, lang)
