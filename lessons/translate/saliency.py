"""Translation lesson, section 5: attention weights beside the gradient ||dL_t/dx_i|| of both models for one output
word (a fragment: the output-word slider reruns only this section)."""

import streamlit as st

from lessons.translate.models import saliency_of
from lessons.translate.study import SHIPPED, VERB_STEP
from viz.translate_more import saliency_bars


@st.fragment
def saliency_section(words: list[str], target: list[str], is_reference: bool, S: dict, lang: str) -> None:
    st.subheader(S["saliency_heading"])
    st.markdown(S["saliency_intro"])
    if not target:
        st.info(S["saliency_empty"], icon=":material/info:")
        return
    results = {name: saliency_of(name, tuple(words), tuple(target)) for name in SHIPPED}
    options = [f"{k + 1}. {w}" for k, w in enumerate(target)]
    pick = st.select_slider(S["saliency_pick"], options, value=options[VERB_STEP], key="out_word")
    k = options.index(pick)
    gradient = {name: r.gradient[k] for name, r in results.items()}
    caption = S["saliency_caption"].format(source=S["target_reference"] if is_reference else S["target_model"])
    st.plotly_chart(saliency_bars(results["attention"].weights[k], gradient, words,
                                  S["saliency_title"].format(word=target[k]), caption, lang=lang), key="saliency")
    st.markdown(S["saliency_notice"])
