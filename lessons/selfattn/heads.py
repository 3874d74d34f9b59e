"""Self-attention lesson, section 2: every head's weights side by side, and the heads put together through W_o."""

import streamlit as st

from lessons.selfattn.study import LayerStudy
from ui.store import shared
from viz.selfattn import panels

HEAD_CHARTS = 64  # per chart: one per study (the heads are all in it)


@shared(HEAD_CHARTS)
def weights_chart(s: LayerStudy, title: str, caption: str):
    """The softmax weights of every head; masked cells grey."""
    a = s.stages
    return panels([dict(name=f"head {h + 1}", z=a.weights[h], rows=s.tokens, cols=s.tokens, kind="weights",
                        masked=~a.mask) for h in range(a.weights.shape[0])], title, caption, height=380)


@shared(HEAD_CHARTS)
def concat_chart(s: LayerStudy, title: str, caption: str):
    """The heads' outputs side by side (T, H d_k), and the layer's output concat W_o (T, d)."""
    a = s.stages
    H, d_k = a.Q.shape[0], a.Q.shape[2]
    return panels([dict(name=f"concat: {H} heads × {d_k} units", z=a.concat, rows=s.tokens, cols=None,
                        kind="signed", xtitle=f"unit (of {a.concat.shape[1]})"),
                   dict(name="output = concat · W_o", z=a.output, rows=s.tokens, cols=None, kind="signed",
                        xtitle=f"unit (of {a.output.shape[1]})")], title, caption)


def heads_section(s: LayerStudy, S: dict, caption: str) -> None:
    a = s.stages
    st.subheader(S["heads_heading"])
    st.markdown(S["heads_intro"])
    H = a.weights.shape[0]
    st.plotly_chart(weights_chart(s, S["heads_title"].format(H=H), caption), key="heads_weights")
    st.latex(S["concat_equation"].format(H=H, dk=a.Q.shape[2], T=len(s.tokens), d=a.output.shape[1],
                                         width=a.concat.shape[1]))
    st.plotly_chart(concat_chart(s, S["concat_title"], caption), key="concat")
