"""Sequences lesson, section 2: tokenising the notes' way (note 001), a sentence -> tokens -> ids -> one-hot
vectors, at the word level and the character level side by side, on the notes' 저는 강사 입니다 or the learner's
sentence."""

from __future__ import annotations

import streamlit as st

from core.errors import LabError, explain
from lessons.sequences.study_tokens import MAX_CHARS, MAX_WORDS, NOTES_SENTENCE, Tokens, both, shown, tokenise
from ui.safe import code
from ui.store import shared
from ui.strings import strings
from viz.labels import char_label
from viz.style import MAGNITUDE, axis, figure, layout

MAX_SHOWN = 12  # one-hot vectors written out in the text up to this length; the chart shows every one


@shared(64)
def one_hot_chart(text: str, level: str, lang: str):
    """The (T, V) one-hot matrix: a row per step, a column per vocabulary entry, 1 where the token sits."""
    S = strings("sequences", lang)
    tokens = tokenise(text, level)
    x = [f"{j}·{char_label(shown(v))}" for j, v in enumerate(tokens.vocab)]
    y = [f"t={t}·{char_label(shown(v))}" for t, v in enumerate(tokens.tokens, start=1)]
    small = tokens.T * tokens.V <= 400  # write the 0s and 1s into the cells while they fit
    data = [dict(type="heatmap", z=tokens.one_hot, x=x, y=y, colorscale=MAGNITUDE, zmin=0, zmax=1, showscale=False,
                 xgap=1, ygap=1, texttemplate="%{z:.0f}" if small else None,
                 hovertemplate=S["onehot_hover"])]
    height = 140 + (24 if small else 16) * tokens.T  # every step gets its own readable row
    return figure(data=data, layout=layout(S[f"onehot_title_{level}"], S["onehot_caption"].format(
        T=tokens.T, V=tokens.V), height=height, xaxis=axis(S["onehot_x"], type="category", dtick=1),
        yaxis=axis(S["onehot_y"], autorange="reversed", type="category", dtick=1)))


def notes_line(tokens: Tokens) -> str:
    """The notes' way of writing it: each token with its one-hot vector, 저는 [1,0,0] · 강사 [0,1,0] · ..."""
    if tokens.V > MAX_SHOWN:
        return " · ".join(f"{code(v)} {j}" for j, v in enumerate(tokens.vocab))
    rows = tokens.one_hot[[tokens.tokens.index(v) for v in tokens.vocab]]
    return " · ".join(f"{code(v)} [{','.join(str(int(b)) for b in row)}]" for v, row in
                      zip(tokens.vocab, rows, strict=True))


def _level(column, S: dict, tokens: Tokens, text: str, lang: str) -> None:
    with column:
        st.markdown(f"**{S['level_' + tokens.level]}**")
        st.markdown(S["tokens_line"].format(T=tokens.T, tokens=" ".join(code(t) for t in tokens.tokens)))
        st.markdown(S["ids_line"].format(V=tokens.V, ids=", ".join(str(i) for i in tokens.ids)))
        key = "onehot_line_short" if tokens.V <= MAX_SHOWN else "onehot_line_long"
        st.markdown(S[key].format(line=notes_line(tokens)))
        st.plotly_chart(one_hot_chart(text, tokens.level, lang), key=f"onehot_{tokens.level}")


def tokens_section(S: dict, lang: str) -> dict[str, Tokens] | None:
    """The learner's sentence at both levels, returned by level (None if it cannot be read)."""
    st.subheader(S["tokens_heading"])
    st.markdown(S["tokens_intro"])
    text = st.text_input(S["sentence_label"], NOTES_SENTENCE, key="sentence", bind="query-params",
                         help=S["sentence_help"].format(chars=MAX_CHARS, words=MAX_WORDS))
    try:
        levels = both(text)
    except LabError as error:
        st.error(S["bad_sentence"].format(message=explain(error, lang), chars=MAX_CHARS, words=MAX_WORDS),
                 icon=":material/error:")
        return None
    clean = " ".join(text.split())
    word, char = st.columns(2)
    _level(word, S, levels["word"], clean, lang)
    _level(char, S, levels["char"], clean, lang)
    st.markdown(S["tokens_notice"].format(word=levels["word"].V, char=levels["char"].V))
    return levels
