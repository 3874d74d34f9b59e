"""The home page's first screen (issue 20): the lab's headline, live. The vanishing lesson's default study gives the
plain RNN's and the LSTM's ||ds_T/ds_k|| on one log axis, and the sentence under it reads its numbers from the
curves. The home page reads that lesson's study module (compute only; tests/test_layering.py allows the home page
this one kind of import) and keeps the result once per server."""

import streamlit as st

from core.gradients import memory_horizon
from core.recurrent import LABELS
from lessons.vanishing.study import FlowConfig, FlowStudy, study
from ui.registry import LESSONS
from ui.store import shared
from viz.vanishing import distance_curves

THRESHOLD = 1e-3  # the vanishing lesson's default threshold
SHOWN = ("rnn", "lstm")


@shared(1)
def studied(config: FlowConfig) -> FlowStudy:
    return study(config)


def numbers() -> dict:
    """The headline's numbers: each cell's memory horizon at THRESHOLD and its gradient at the longest distance."""
    s = studied(FlowConfig())
    out = {"T": s.T, "d": s.T - 1, "threshold": THRESHOLD}
    for kind in SHOWN:
        norms = s.cells[kind].norms
        out[f"{kind}_horizon"] = memory_horizon(norms, THRESHOLD)
        out[f"{kind}_far"] = float(norms[0])  # row 0 is s_1, the farthest back
    return out


@shared(4)
def headline_chart(title: str, caption: str, lang: str):
    s = studied(FlowConfig())
    return distance_curves({kind: s.cells[kind].norms for kind in SHOWN}, None, THRESHOLD, s.config.dtype,
                           caption, lang, title=title)


def headline(S: dict, lang: str) -> None:
    n = numbers()
    c = FlowConfig()
    caption = S["headline_caption"].format(T=n["T"], hidden=c.hidden_size, scale=c.scale, seed=c.seed)
    text = S["headline_title"] + ". " + S["headline_alt"].format(rnn=LABELS["rnn"], lstm=LABELS["lstm"], **n)
    st.plotly_chart(headline_chart(S["headline_title"], caption, lang), key="headline", alt=text)
    st.markdown(S["headline_sentence"].format(rnn=LABELS["rnn"], lstm=LABELS["lstm"], **n))
    vanishing = next(lesson for lesson in LESSONS if lesson.url_path == "vanishing")
    st.page_link(vanishing.path, label=S["headline_link"], icon=":material/arrow_forward:",
                 query_params={"lang": lang})
