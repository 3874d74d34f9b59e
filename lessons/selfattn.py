"""Lesson 6, self-attention: every stage of one layer on a sentence, masks in the learner's hands, why the future
must be masked for next-token prediction, and why distance no longer matters."""

import numpy as np
import streamlit as st

from core.selfattn import MAX_HEADS, MAX_TOKENS, mask_for
from lessons import selfattn_more, selfattn_stages
from ui.strings import strings
from ui.words import checked_words

S = strings("selfattn")
PAD = "<pad>"
MASK_LABELS = {S["mask_none"]: "none", S["mask_causal"]: "causal", S["mask_padding"]: "padding",
               S["mask_custom"]: "custom"}

st.title(f"{S['icon']} {S['title']}")
st.markdown(S["why"])
st.subheader(S["equation_heading"])
st.latex(S["equation"])
st.caption(S["equation_sources"])

st.subheader(S["controls_heading"])
a, b, c = st.columns([3, 2, 1])
own = S["own_option"]
choice = a.selectbox(S["sentence_label"], [*S["examples"], own], key="sentence", bind="query-params")
text = a.text_input(S["own_label"], S["own_default"], key="own", bind="query-params", max_chars=200,
                    help=S["own_help"]) if choice == own else choice
kind = MASK_LABELS[b.radio(S["mask_label"], list(MASK_LABELS), index=1, key="mask", bind="query-params",
                           help=S["mask_help"])]
heads = c.slider(S["heads_label"], 1, MAX_HEADS, 2, key="heads", bind="query-params", help=S["heads_help"])
seed = c.number_input(S["seed_label"], 0, 99_999, 0, key="seed", bind="query-params", help=S["seed_help"])

words = checked_words(text, S, MAX_TOKENS)

tokens = words + [PAD] * (MAX_TOKENS - len(words) if kind == "padding" else 0)
if kind == "padding" and len(words) == MAX_TOKENS:
    st.info(S["no_room"], icon=":material/info:")
custom = selfattn_stages.custom_mask(tokens, S) if kind == "custom" else None
mask = mask_for(kind, len(tokens), real=len(words), custom=custom)
empty_rows = [tokens[k] for k in np.flatnonzero(~mask.any(axis=1))]
if empty_rows:
    st.error(S["all_masked"].format(words=", ".join(f"`{w}`" for w in empty_rows)), icon=":material/block:")
    st.stop()

s = selfattn_stages.cached_stages(tuple(tokens), int(heads), int(seed), mask.tobytes())
caption = S["caption"].format(heads=heads, seed=seed, mask=next(k for k, v in MASK_LABELS.items() if v == kind))
selfattn_stages.stages_section(s, tokens, S, caption)
selfattn_stages.heads_section(s, tokens, S, caption)
selfattn_more.rnn_words_section(s, tokens, S)
selfattn_more.why_mask_section(S)
selfattn_more.distance_section(tuple(words), int(heads), int(seed), S)
selfattn_more.closing_sections(s, tokens, S, MAX_HEADS)
