"""Self-attention lesson: the custom mask editor, the layer on the sentence (shared), and section 1, the stages of
one head (a fragment: the head slider reruns only this)."""

import numpy as np
import streamlit as st

from core.attention import causal_mask
from lessons.selfattn.study import LayerConfig, LayerStudy, study
from ui.models import shipped_translator
from ui.store import shared
from ui.strings import strings
from viz.selfattn import panels

MAX_STUDIES = 64  # a 16-token, 4-head layer with every stage is ~60 kB
STAGE_CHARTS = 96  # per chart: a few studies' worth of heads


@shared(MAX_STUDIES)
def studied(config: LayerConfig) -> LayerStudy:
    """The layer on the shipped translator's word vectors (the translation lesson's model with attention)."""
    return study(config, shipped_translator("attention"))


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
    return panels([dict(name=S["x_panel"], z=a.X, rows=tokens, cols=None, kind="signed",
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
    st.latex(S["stage_projections"].format(T=T, d=d, dk=d_k))
    st.plotly_chart(projections_chart(s, h, S["projections_title"], cap, lang), key="projections")
    st.latex(S["stage_scores"].format(T=T, dk=d_k, row=S["stage_scores_row"]))
    st.plotly_chart(scores_chart(s, h, S["scores_title"], cap, lang), key="scores")
    st.latex(S["stage_output"].format(T=T, dk=d_k, d=d, H=H))
    st.plotly_chart(output_chart(s, h, S["output_title"], cap, lang), key="output")
    st.markdown(S["stages_notice"])
