"""Self-attention lesson, section 2: every head's weights side by side, and the heads put together through W_o."""

import streamlit as st

from lessons.selfattn.study import LayerStudy
from ui.latex import latex
from ui.store import shared
from ui.strings import strings
from viz.selfattn import panels

HEAD_CHARTS = 64  # per chart: one per study (the heads are all in it)


@shared(HEAD_CHARTS)
def weights_chart(s: LayerStudy, title: str, caption: str, lang: str):
    """The softmax weights of every head; masked cells grey."""
    a, S = s.stages, strings("selfattn", lang)
    return panels([dict(name=S["head_panel"].format(h=h + 1), z=a.weights[h], rows=s.tokens, cols=s.tokens,
                        kind="weights", masked=~a.mask) for h in range(a.weights.shape[0])], title, caption,
                  height=380, lang=lang)


@shared(HEAD_CHARTS)
def concat_chart(s: LayerStudy, title: str, caption: str, lang: str):
    """The heads' outputs side by side (T, H d_k), and the layer's output concat W_o (T, d)."""
    a, S = s.stages, strings("selfattn", lang)
    H, d_k = a.Q.shape[0], a.Q.shape[2]
    return panels([dict(name=S["concat_panel"].format(H=H, dk=d_k), z=a.concat, rows=s.tokens, cols=None,
                        kind="signed", xtitle=S["unit_axis"].format(n=a.concat.shape[1])),
                   dict(name=S["output_panel"], z=a.output, rows=s.tokens, cols=None, kind="signed",
                        xtitle=S["unit_axis"].format(n=a.output.shape[1]))], title, caption, lang=lang)


def heads_section(s: LayerStudy, S: dict, caption: str, lang: str) -> None:
    a = s.stages
    st.subheader(S["heads_heading"])
    st.markdown(S["heads_intro"])
    H = a.weights.shape[0]
    st.plotly_chart(weights_chart(s, S["heads_title"].format(H=H), caption, lang), key="heads_weights")
    latex(S["concat_equation"].format(H=H, dk=a.Q.shape[2], T=len(s.tokens), d=a.output.shape[1],
                                         width=a.concat.shape[1]))
    st.plotly_chart(concat_chart(s, S["concat_title"], caption, lang), key="concat")
