"""Self-attention lesson: the custom mask editor, the layer on the sentence (shared), and section 1, the stages of
one head (a fragment: the head slider reruns only this)."""

import numpy as np
import streamlit as st

from core.attention import causal_mask
from core.selfattn import MAX_HEADS
from core.seq2seq import pretrained
from core.transformer import Transformer
from lessons.selfattn.study import LayerConfig, LayerStudy, study
from ui.choices import choice
from ui.latex import latex
from ui.models import shipped_translator
from ui.store import shared
from ui.strings import strings
from viz.selfattn import panels

MAX_STUDIES = 64  # a 16-token, 4-head layer with every stage is ~60 kB
STAGE_CHARTS = 96  # per chart: a few studies' worth of heads
RANDOM_HEADS = 2  # the heads slider's default, for random projections


@shared(1)
def shipped_transformer() -> Transformer:
    """The shipped Transformer (assets/models/transformer.pt), loaded once per server. Shared: do not train it."""
    return pretrained("transformer")


@shared(MAX_STUDIES)
def studied(config: LayerConfig) -> LayerStudy:
    """Trained: the shipped Transformer's encoder layer. Random: seeded projections on the shipped translator's word
    vectors (the translation lesson's model with attention)."""
    trained = shipped_transformer() if config.weights == "trained" else None
    return study(config, shipped_translator("attention"), trained)


def x_name(config: LayerConfig, S: dict) -> str:
    """What X is: the translator's word vectors (random), or what the trained layer reads."""
    if config.weights == "random":
        return S["x_panel"]
    return S["x_panel_embedded"] if config.layer == 1 else S["x_panel_previous"].format(n=config.layer - 1)


def asked_heads() -> int:
    """The heads the address asks for (?heads=3), or the default."""
    asked = st.query_params.get("heads", "")
    return int(asked) if asked.isdigit() and 1 <= int(asked) <= MAX_HEADS else RANDOM_HEADS


def random_heads() -> int:
    """The heads slider's value for random projections (kept aside while trained weights pin the slider)."""
    return int(st.session_state.get("heads_random", st.session_state.get("heads", asked_heads())))


def layer_and_heads(column, S: dict, weights: str, transformer: Transformer) -> tuple[int, int]:
    """The trained encoder layer (a radio, disabled with random weights) and the number of heads. Trained: the slider
    is pinned, disabled, at the layer's own count, because its W_o mixes exactly those heads (fewer would be a layer
    the model never computes; the head picker below shows each one), and the random option's choice is kept aside
    until the learner goes back to it. Random: a slider from 1 to 4."""
    L, H, d = len(transformer.encoder), transformer.config.heads, transformer.config.d_model
    layers = {str(n): S["layer_option"].format(n=n) for n in range(1, L + 1)}
    layer = int(choice(column.radio, S["layer_label"], layers, "layer", horizontal=True,
                       disabled=weights != "trained", help=S["layer_help"]))
    state = st.session_state
    if weights == "trained":
        state["heads_random"] = random_heads()
        state["heads"] = H
    else:
        state["heads"] = state.pop("heads_random", None) or state.get("heads", asked_heads())
    help_text = S["heads_trained_help"].format(H=H, d=d, dk=d // H) if weights == "trained" else S["heads_help"]
    n = column.slider(S["heads_label"], 1, max(MAX_HEADS, H), key="heads", bind="query-params",
                      disabled=weights == "trained", help=help_text)
    return layer, H if weights == "trained" else int(n)  # (an old link's ?heads=3 can show on the first paint only)


def custom_mask(tokens: list[str], S: dict) -> np.ndarray:
    """The learner's own mask, edited one query row at a time; it starts as the causal mask."""
    T = len(tokens)
    key = f"custom_grid_{'_'.join(tokens)}"  # one grid per sentence; its widgets are keyed by the sentence too
    grid = st.session_state.setdefault(key, causal_mask(T).copy())
    label = {k: f"{k + 1}. {w}" for k, w in enumerate(tokens)}.get
    a, b = st.columns([1, 3])
    row = a.selectbox(S["custom_row"], range(T), format_func=label, key=f"row_{key}", help=S["custom_help"])
    allowed = b.multiselect(S["custom_allowed"].format(word=tokens[row]), range(T), format_func=label,
                            default=[j for j in range(T) if grid[row, j]], key=f"allow_{row}_{key}")
    grid[row] = [j in allowed for j in range(T)]
    return grid.copy()


@shared(STAGE_CHARTS)
def projections_chart(s: LayerStudy, h: int, title: str, caption: str, lang: str):
    """X and its three projections Q, K, V for head h (0-based)."""
    a, tokens, S = s.stages, s.tokens, strings("selfattn", lang)
    d_k = a.Q.shape[2]
    return panels([dict(name=x_name(s.config, S), z=a.X, rows=tokens, cols=None, kind="signed",
                        xtitle=S["unit_axis"].format(n=a.X.shape[1]))]
                  + [dict(name=n, z=m[h], rows=tokens, cols=None, kind="signed", xtitle=S["unit_axis"].format(n=d_k))
                     for n, m in (("Q = X W_q", a.Q), ("K = X W_k", a.K), ("V = X W_v", a.V))], title, caption,
                  lang=lang)


@shared(STAGE_CHARTS)
def scores_chart(s: LayerStudy, h: int, title: str, caption: str, lang: str):
    """Head h's scores, scaled, masked and softmax weights; masked cells grey."""
    a, tokens, S = s.stages, s.tokens, strings("selfattn", lang)
    hidden = ~a.mask
    return panels([dict(name="Q Kᵀ", z=a.scores[h], rows=tokens, cols=tokens, kind="signed"),
                   dict(name="÷ √d_k", z=a.scaled[h], rows=tokens, cols=tokens, kind="signed"),
                   dict(name=S["masked_panel"], z=a.scaled[h], rows=tokens, cols=tokens, kind="signed",
                        masked=hidden),
                   dict(name="softmax", z=a.weights[h], rows=tokens, cols=tokens, kind="weights", masked=hidden)],
                  title, caption, height=380, lang=lang)


@shared(STAGE_CHARTS)
def output_chart(s: LayerStudy, h: int, title: str, caption: str, lang: str):
    a, S = s.stages, strings("selfattn", lang)
    return panels([dict(name=S["head_output_panel"], z=a.heads_out[h], rows=s.tokens, cols=None, kind="signed",
                        xtitle=S["unit_axis"].format(n=a.Q.shape[2]))], title, caption, lang=lang)


@st.fragment  # the head slider reruns only this section
def stages_section(s: LayerStudy, S: dict, caption: str, lang: str) -> None:
    st.subheader(S["stages_heading"])
    st.markdown(S["stages_intro"])
    H, T, d_k = s.stages.Q.shape
    d = s.stages.X.shape[1]
    h = st.select_slider(S["head_label"], list(range(1, H + 1)), 1, key="head") - 1 if H > 1 else 0
    cap = S["head_caption"].format(caption=caption, h=h + 1, H=H)
    latex(S["stage_projections"].format(T=T, d=d, dk=d_k))
    st.plotly_chart(projections_chart(s, h, S["projections_title"], cap, lang), key="projections")
    latex(S["stage_scores"].format(T=T, dk=d_k, row=S["stage_scores_row"]))
    st.plotly_chart(scores_chart(s, h, S["scores_title"], cap, lang), key="scores")
    latex(S["stage_output"].format(T=T, dk=d_k, d=d, H=H))
    st.plotly_chart(output_chart(s, h, S["output_title"], cap, lang), key="output")
    st.markdown(S["stages_notice"])
