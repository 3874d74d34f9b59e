"""Self-attention lesson: the custom mask editor, the stages of one head, and every head side by side."""

import numpy as np
import streamlit as st

from core.attention import causal_mask
from core.selfattn import Stages, projections, stages
from core.seq2seq import SOURCE_ID
from lessons.translate_data import model
from viz.selfattn import panels

WIDTH = 32  # the translation lesson's word vectors


@st.cache_data(max_entries=128, show_spinner=False)
def embeddings(tokens: tuple[str, ...]) -> np.ndarray:
    """(T, 32): the shipped translator's learned English word vectors; padding is the zero vector."""
    table = model("attention").source_embed.weight.detach().double().numpy()
    return np.stack([table[SOURCE_ID[w]] if w in SOURCE_ID else np.zeros(WIDTH) for w in tokens])


@st.cache_data(max_entries=256, show_spinner=False)
def cached_stages(tokens: tuple[str, ...], heads: int, seed: int, mask: bytes) -> Stages:
    T = len(tokens)
    allowed = np.frombuffer(mask, dtype=bool).reshape(T, T)
    return stages(embeddings(tokens), projections(WIDTH, heads, seed), allowed)


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


@st.fragment  # the head slider reruns only this section
def stages_section(s: Stages, tokens: list[str], S: dict, caption: str) -> None:
    st.subheader(S["stages_heading"])
    st.markdown(S["stages_intro"])
    H, T, d_k = s.Q.shape
    h = st.select_slider(S["head_label"], list(range(1, H + 1)), 1, key="head") - 1 if H > 1 else 0
    cap = f"{caption}; head {h + 1} of {H}"
    st.latex(S["stage_projections"].format(T=T, d=s.X.shape[1], dk=d_k))
    st.plotly_chart(panels([dict(name="X (word vectors)", z=s.X, rows=tokens, cols=None, kind="signed",
                                 xtitle=f"unit (of {s.X.shape[1]})")]
                           + [dict(name=n, z=m[h], rows=tokens, cols=None, kind="signed", xtitle=f"unit (of {d_k})")
                              for n, m in (("Q = X W_q", s.Q), ("K = X W_k", s.K), ("V = X W_v", s.V))],
                           S["projections_title"], cap), key="projections")
    st.latex(S["stage_scores"].format(T=T, dk=d_k))
    hidden = ~s.mask
    st.plotly_chart(panels([dict(name="Q Kᵀ", z=s.scores[h], rows=tokens, cols=tokens, kind="signed"),
                            dict(name="÷ √d_k", z=s.scaled[h], rows=tokens, cols=tokens, kind="signed"),
                            dict(name="masked", z=s.scaled[h], rows=tokens, cols=tokens, kind="signed", masked=hidden),
                            dict(name="softmax", z=s.weights[h], rows=tokens, cols=tokens, kind="weights",
                                 masked=hidden)], S["scores_title"], cap, height=380), key="scores")
    st.latex(S["stage_output"].format(T=T, dk=d_k, d=s.X.shape[1], H=H))
    st.plotly_chart(panels([dict(name="weights · V", z=s.heads_out[h], rows=tokens, cols=None, kind="signed",
                                 xtitle=f"unit (of {d_k})")], S["output_title"], cap), key="output")
    st.markdown(S["stages_notice"])


def heads_section(s: Stages, tokens: list[str], S: dict, caption: str) -> None:
    st.subheader(S["heads_heading"])
    st.markdown(S["heads_intro"])
    H = s.weights.shape[0]
    st.plotly_chart(panels([dict(name=f"head {h + 1}", z=s.weights[h], rows=tokens, cols=tokens, kind="weights",
                                 masked=~s.mask) for h in range(H)], S["heads_title"].format(H=H), caption,
                           height=380), key="heads_weights")
    st.latex(S["concat_equation"].format(H=H, dk=s.Q.shape[2], T=len(tokens), d=s.output.shape[1],
                                         width=s.concat.shape[1]))
    st.plotly_chart(panels([dict(name=f"concat: {H} heads × {s.Q.shape[2]} units", z=s.concat, rows=tokens,
                                 cols=None, kind="signed", xtitle=f"unit (of {s.concat.shape[1]})"),
                            dict(name="output = concat · W_o", z=s.output, rows=tokens, cols=None, kind="signed",
                                 xtitle=f"unit (of {s.output.shape[1]})")], S["concat_title"], caption),
                    key="concat")
