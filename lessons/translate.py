"""Lesson 4, toy translation: an encoder-decoder with and without attention, step by step, on English -> Korean."""

import streamlit as st

from core.grammar import (
    ADJECTIVES,
    MANNER,
    MAX_LENGTH,
    NOUNS,
    SUBJECTS,
    TIME,
    VERBS,
    parse,
    third_person,
)
from core.recurrent import equation
from core.seq2seq import Translator
from lessons import translate_more, translate_step, translate_train
from lessons.translate_data import SHIPPED, cached_decode, shipped_run
from ui.strings import strings
from ui.words import checked_words

S = strings("translate")
MAX_CHARS = 300  # the longest sentence (27 words) has about 190 characters

st.title(f"{S['icon']} {S['title']}")
st.markdown(S["why"])
st.subheader(S["equation_heading"])
st.latex(equation(Translator))
st.caption(S["equation_sources"])

st.subheader(S["controls_heading"])
left, right = st.columns([3, 2])
own = S["own_option"]
choice = left.selectbox(S["sentence_label"], [*S["examples"], own], key="sentence", bind="query-params",
                        help=S["sentence_help"])
text = left.text_input(S["own_label"], S["own_default"], key="own", bind="query-params", max_chars=MAX_CHARS,
                       help=S["own_help"]) if choice == own else choice
with right.expander(S["vocab_heading"]):
    st.markdown(S["vocab_intro"])
    forms = {v: f"{v} / {third_person(v)}" for v in VERBS}
    for label, table in ((S["vocab_subjects"], SUBJECTS), (S["vocab_verbs"], VERBS), (S["vocab_nouns"], NOUNS),
                         (S["vocab_adjectives"], ADJECTIVES), (S["vocab_adverbs"], {**MANNER, **TIME})):
        st.markdown(f"**{label}:** " + ", ".join(f"`{forms.get(en, en)}` {ko}" for en, ko in table.items()))
    st.markdown(S["vocab_and"])

words = checked_words(text, S, MAX_LENGTH)

sentence = parse(words)
reference = sentence.korean() if sentence else None
decodings = {name: cached_decode(name, tuple(words)) for name in SHIPPED}
c = shipped_run("attention").config
caption = S["shipped_caption"].format(c=c, enc=("bidirectional " if c.bidirectional else "") + c.encoder.upper(),
                                      dec=c.decoder.upper())
translate_step.results(words, reference, decodings, S)
translate_step.encoder_section(words, decodings, S, caption)
translate_step.step_view(decodings["attention"], S)
translate_more.accuracy_section(S)
translate_more.saliency_section(words, reference or decodings["attention"].korean, reference is not None, S)
translate_train.train_section(words, S)
translate_more.closing_sections(words, decodings, S)
