"""Lesson 6, self-attention: every stage of one layer on a sentence, masks in the learner's hands, why the future
must be masked for next-token prediction, why distance no longer matters, and what "fast" means (measured)."""

import numpy as np
import streamlit as st

from core import attention, selfattn
from core.selfattn import MAX_HEADS, MAX_TOKENS, mask_for
from lessons.selfattn import challenges, distance, heads, masking, notes, speed, stages, study_mask, study_speed
from lessons.selfattn.question import question
from lessons.selfattn.study import (
    PAD,
    WEIGHTS,
    LayerConfig,
    layer_json,
    mask_rows,
    unknown_to_transformer,
    weights_csv,
)
from ui import language, later
from ui.choices import choice, legacy
from ui.skeleton import Download, end, top
from ui.strings import strings
from ui.words import checked_words

lang = language.lang()
S = strings("selfattn", lang)
EN = strings("selfattn", "en")  # the labels old links carry in the address
MASKS = ("none", "causal", "padding", "custom")  # the mask radio's options: keys, in the address as ?mask=causal
OWN = "own"  # the sentence selectbox's option for the learner's own words (the examples are their own keys)


def labels(text: dict) -> tuple[dict[str, str], dict[str, str]]:
    """The sentence and mask options in the language of ``text`` (a lesson's strings): key -> label. The example
    sentences are the model's input, English in both languages."""
    sentences = {example: example for example in text["examples"]} | {OWN: text["own_option"]}
    return sentences, {kind: text[f"mask_{kind}"] for kind in MASKS}


top(S, [S["equation"].format(allowed=S["equation_allowed"], masked=S["equation_masked"],
                              per_head=S["equation_per_head"])])

st.subheader(S["controls_heading"])
a, b, c = st.columns([3, 2, 2])
sentences, masks = labels(S)
english_sentences, english_masks = labels(EN)
picked = choice(a.selectbox, S["sentence_label"], sentences, "sentence", aliases=legacy(english_sentences))
text = a.text_input(S["own_label"], S["own_default"], key="own", bind="query-params", max_chars=200,
                    help=S["own_help"]) if picked == OWN else picked
kind = choice(b.radio, S["mask_label"], masks, "mask", default="causal", aliases=legacy(english_masks),
              help=S["mask_help"])
weights = choice(c.radio, S["weights_label"], {w: S[f"weights_{w}"] for w in WEIGHTS}, "weights",
                 help=S["weights_help"])
transformer = stages.shipped_transformer()
layer, n_heads = stages.layer_and_heads(c, S, weights, transformer)
seed = c.number_input(S["seed_label"], 0, 99_999, 0, key="seed", bind="query-params", help=S["seed_help"],
                      disabled=weights == "trained")

words = checked_words(text, S, MAX_TOKENS)
if weights == "trained" and unknown_to_transformer(words):
    st.warning(S["trained_unknown"].format(words=", ".join(f"`{w}`" for w in unknown_to_transformer(words))),
               icon=":material/swap_horiz:")
    weights, n_heads = "random", stages.random_heads()

tokens = words + [PAD] * (MAX_TOKENS - len(words) if kind == "padding" else 0)
if kind == "padding" and len(words) == MAX_TOKENS:
    st.info(S["no_room"], icon=":material/info:")
custom = stages.custom_mask(tokens, S) if kind == "custom" else None
mask = mask_for(kind, len(tokens), real=len(words), custom=custom)
empty_rows = [tokens[k] for k in np.flatnonzero(~mask.any(axis=1))]
if empty_rows:
    st.error(S["all_masked"].format(words=", ".join(f"`{w}`" for w in empty_rows)), icon=":material/block:")
    st.stop()

trained = weights == "trained"
s = stages.studied(LayerConfig(tuple(tokens), int(n_heads), 0 if trained else int(seed), mask_rows(mask),
                               weights, layer if trained else 1))
caption = (S["caption_trained"].format(layer=layer, layers=len(transformer.encoder), heads=n_heads, mask=masks[kind])
           if trained else S["caption"].format(heads=n_heads, seed=seed, mask=masks[kind]))
stages.stages_section(s, S, caption, lang)
heads.heads_section(s, S, caption, lang)
if later.first_screen_only("selfattn"):  # the rest follows once this is drawn (ui/later.py)
    st.stop()
notes.notes_section(s, S)
unmasked = masking.why_mask_section(S, lang)
far = stages.random_heads()  # the distance section's random projections, which the challenge reads too
distance.distance_section(tuple(words), far, int(seed), S, lang)
speed.speed_section(S, lang)
end(S, question(s, S),
    code=(attention.attention, selfattn.stages, selfattn.trained_projections, selfattn.encoder_input,
          study_mask.CharAttention, selfattn.distance_gradients, study_speed.attention_layer, study_speed.measure),
    downloads=(Download("csv", "self_attention_weights.csv", lambda: weights_csv(s)),
               Download("json", "self_attention.json", lambda: layer_json(s, MAX_HEADS))),
    challenges=challenges.challenges(tuple(words), far, int(seed), unmasked, S))
