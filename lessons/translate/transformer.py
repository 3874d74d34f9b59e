"""Translation lesson, after the decoder-step section: the shipped Transformer (Vaswani et al. 2017) on the learner's
sentence. A fragment steps through its output words: at step t the masked self-attention over the words written
so far (note 001's S4_new without s5), the same row with the mask off (how much would go to words not yet written),
the cross-attention onto the encoder's self-attended states (C4_new) and the word written; below it, the encoder's
self-attention, every layer and head. Everything is computed once per sentence and shared; the fragment slices."""

import streamlit as st

from core.seq2seq import pretrained
from core.transformer import Transformer
from core.vocab import TARGET
from lessons.translate.study_transformer import TransformerView, transformer_view
from ui.choices import choice
from ui.latex import latex
from ui.store import shared
from ui.widgets import step_slider
from viz.transformer import cross_rows, decoder_rows, encoder_grid, step_equations
from viz.translate import next_word, shown

MAX_SENTENCES = 64  # one sentence's traces: a few 10 kB
MAX_CHARTS = 256  # per chart: one per (sentence, step, layer, language)
NOTE_STEP = 4  # the first step shown: note 001's S4_new, whose s5 the mask hides


@shared(1)
def shipped() -> Transformer:
    """The shipped Transformer, loaded once per server (shared: nobody trains it)."""
    return pretrained("transformer")


@shared(MAX_SENTENCES)
def view_of(words: tuple[str, ...]) -> TransformerView:
    return transformer_view(shipped(), list(words))


@shared(MAX_CHARTS)
def rows_chart(words: tuple[str, ...], t: int, layer: int, title: str, caption: str, lang: str):
    v, k = view_of(words), t - 1
    return decoder_rows(v.masked[layer - 1, :, k], v.unmasked[layer - 1, :, k], list(v.inputs), t, title, caption,
                        lang=lang)


@shared(MAX_CHARTS)
def cross_chart(words: tuple[str, ...], t: int, layer: int, title: str, caption: str, lang: str):
    return cross_rows(view_of(words).cross[layer - 1, :, t - 1], list(words), title, caption, lang=lang)


@shared(MAX_CHARTS)
def next_chart(words: tuple[str, ...], t: int, title: str, caption: str, lang: str):
    return next_word(view_of(words).probs[t - 1], TARGET, title, caption, lang=lang)


@shared(MAX_CHARTS)
def equations(words: tuple[str, ...], t: int, layer: int, head: int, lang: str) -> str:
    v, k, h = view_of(words), t - 1, head - 1
    return step_equations(v.masked[layer - 1, h, k], v.unmasked[layer - 1, h, k], v.cross[layer - 1, h, k],
                          list(v.inputs), list(words), t, head, lang=lang)


@shared(MAX_SENTENCES)
def grid_chart(words: tuple[str, ...], title: str, caption: str, lang: str):
    return encoder_grid(view_of(words).encoder, list(words), title, caption, lang=lang)


def model_caption(S: dict) -> str:
    c = shipped().config
    return S["tf_model_caption"].format(d=c.d_model, heads=c.heads, layers=c.layers, d_k=c.d_k)


@st.fragment
def step_fragment(words: tuple[str, ...], S: dict, lang: str) -> None:
    """The output-step slider and the layer choice rerun only this part; every number is sliced from view_of."""
    v = view_of(words)
    left, right = st.columns([3, 2])
    with left:
        t = step_slider(S["tf_step_label"], "tf_t", v.steps, default=min(NOTE_STEP, v.steps))
    layers = {str(n): S["tf_layer_option"].format(layer=n) for n in range(1, v.layers + 1)}
    layer = int(choice(right.radio, S["tf_layer_label"], layers, "tf_layer", default=str(v.layers), horizontal=True,
                       help=S["tf_layer_help"]))  # the address carries the layer's number, in either language
    said = v.numbers(t, layer)
    read = " ".join(f"`{shown(w, lang)}`" for w in v.inputs[:t])
    said |= dict(word=shown(said["word"], lang), open_word=shown(said["open_word"], lang), read=read)
    st.markdown(S["tf_step_word"].format(**said))
    caption = S["tf_step_caption"].format(model=model_caption(S), t=t, layer=layer)
    st.plotly_chart(rows_chart(words, t, layer, S["tf_rows_title"].format(t=t, layer=layer), caption, lang),
                    key="tf_rows")
    if said["future"]:
        st.markdown(S["tf_leak"].format(**said) + " " + S["tf_open_same" if said["open_word"] == said["word"]
                                                          else "tf_open_other"].format(**said))
    else:
        st.markdown(S["tf_leak_none"].format(**said))
    a, b = st.columns([3, 2])
    a.plotly_chart(cross_chart(words, t, layer, S["tf_cross_title"].format(t=t, layer=layer), caption, lang),
                   key="tf_cross")
    b.plotly_chart(next_chart(words, t, S["tf_next_title"].format(t=t), S["tf_next_caption"].format(t=t), lang),
                   key="tf_next")
    st.markdown(S["tf_eq_intro"].format(**said))
    latex(equations(words, t, layer, said["head"], lang))


def transformer_section(words: list[str], S: dict, lang: str) -> None:
    key = tuple(words)
    st.subheader(S["tf_heading"], anchor="transformer")
    st.markdown(S["tf_intro"])
    v = view_of(key)
    korean = " ".join(shown(w, lang) for w in v.inputs[1:])
    st.markdown(S["tf_translation"].format(korean=korean or S["tf_nothing"], n=len(v.inputs) - 1))
    step_fragment(key, S, lang)
    st.markdown(f"#### {S['tf_encoder_heading']}")
    st.markdown(S["tf_encoder_intro"])
    st.plotly_chart(grid_chart(key, S["tf_encoder_title"], S["tf_encoder_caption"].format(model=model_caption(S)),
                               lang), key="tf_encoder")
    st.markdown(S["tf_notice"])
