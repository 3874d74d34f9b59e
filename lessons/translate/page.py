"""Lesson 4, toy translation: an encoder-decoder with and without attention, step by step, on English -> Korean."""

import streamlit as st

from core import attention, decoding, seq2seq
from core import transformer as transformer_model
from core.equations import equation
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
from core.seq2seq import Translator
from lessons.translate import accuracy, challenges, encoder, results, saliency, stepping, training, transformer
from lessons.translate.models import decoded, record
from lessons.translate.question import other_sentence, question
from lessons.translate.study import SHIPPED, alignment_csv
from ui import language, later
from ui.choices import choice, legacy
from ui.skeleton import Download, end, top
from ui.strings import strings
from ui.words import checked_words

lang = language.lang()
S = strings("translate", lang)
MAX_CHARS = 300  # the longest sentence (27 words) has about 190 characters
OWN = "own"  # the option key of the learner's own sentence


def sentence_options(S: dict) -> dict[str, str]:
    """The examples are the translator's English input, the same in both languages, and each is its own key in the
    address (?sentence=i+eat+red+apple); OWN is the learner's sentence, the one label that is translated."""
    return {**{example: example for example in S["examples"]}, OWN: S["own_option"]}


top(S, [equation(Translator)])

st.subheader(S["controls_heading"])
left, right = st.columns([3, 2])
# old links carry the English label of the learner's own sentence (?sentence=✏️+my+own+sentence)
picked = choice(left.selectbox, S["sentence_label"], sentence_options(S), "sentence",
                aliases=legacy(sentence_options(strings("translate", "en"))), help=S["sentence_help"])
text = left.text_input(S["own_label"], S["own_default"], key="own", bind="query-params", max_chars=MAX_CHARS,
                       help=S["own_help"]) if picked == OWN else picked
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
decodings = {name: decoded(name, tuple(words)) for name in SHIPPED}
c = record("attention").config
cell = S["encoder_bidirectional" if c.bidirectional else "encoder_one_way"].format(cell=c.encoder.upper())
caption = S["shipped_caption"].format(c=c, enc=cell, dec=c.decoder.upper())
results.results(words, reference, decodings, S)
encoder.encoder_section(words, decodings, S, caption, lang)
stepping.step_view(decodings["attention"], S, lang)
if later.first_screen_only("translate"):  # the rest follows once this is drawn (ui/later.py)
    st.stop()
transformer.transformer_section(words, S, lang)
accuracy.accuracy_section(S, lang)
saliency.saliency_section(words, reference or decodings["attention"].korean, reference is not None, S, lang)
training.train_section(words, S, lang)
asked = other_sentence(words, S["examples"])  # not the page's sentence: its attention map shows the answer
end(S, question(asked, decoded("attention", tuple(asked)), S),
    code=(attention.score_fn, attention.attention, seq2seq.Translator, decoding.decode, decoding.saliency,
          transformer_model.DecoderLayer),
    downloads=(Download("csv", "alignment.csv", lambda: alignment_csv(decodings["attention"])),
               Download("json", "translation_accuracy.json", accuracy.accuracy_json)),
    challenges=challenges.challenges(words, decodings, S))
