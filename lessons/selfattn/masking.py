"""Self-attention lesson, section 4, why mask: the tiny character model trained on the learner's text with and
without the causal mask, its loss, what each writes and where each looks."""

import numpy as np
import streamlit as st

from core.errors import explain
from lessons.selfattn.study_mask import (
    MAX_TEXT,
    CharAttnConfig,
    CharAttnRun,
    attention_map,
    generate,
    later_share,
    train,
)
from ui.safe import code
from ui.store import shared
from viz.selfattn import loss_curves, panels

MAX_RUNS = 64  # a trained tiny model is ~20 kB; two per text
CHARTS = 32  # per chart: one per pair of models and language


@shared(MAX_RUNS, progress=True)
def trained(config: CharAttnConfig, on_step=None) -> CharAttnRun:
    return train(config, on_step)


@shared(MAX_RUNS)
def generated(config: CharAttnConfig) -> str:
    """Greedy generation from the text's first character."""
    return generate(trained(config))


@shared(MAX_RUNS)
def later(config: CharAttnConfig) -> float:
    return later_share(trained(config))


@shared(CHARTS)
def loss_chart(configs: tuple[CharAttnConfig, ...], names: tuple[str, ...], title: str, caption: str, lang: str):
    return loss_curves({name: trained(c).losses for name, c in zip(names, configs, strict=True)}, title, caption,
                       lang=lang)


@shared(CHARTS)
def maps_chart(configs: tuple[CharAttnConfig, ...], names: tuple[str, ...], title: str, caption: str, lang: str):
    """Each model's attention on the text's own window; the causal mask's cells grey for the masked model."""
    items = []
    for name, c in zip(names, configs, strict=True):
        chars, w = attention_map(trained(c))
        items.append(dict(name=name, z=w, rows=list(chars), cols=list(chars), kind="weights",
                          masked=~np.tril(np.ones_like(w, dtype=bool)) if c.masked else None))
    return panels(items, title, caption, height=360, lang=lang)


def why_mask_section(S: dict, lang: str) -> CharAttnConfig | None:
    """The section; returns the model trained without the mask (None if the text was refused), for the challenges."""
    st.subheader(S["lm_heading"])
    st.markdown(S["lm_intro"])
    text = st.text_input(S["lm_text"], "hello", key="lm_text", bind="query-params", max_chars=MAX_TEXT,
                         help=S["lm_text_help"])
    names = (S["lm_masked"], S["lm_unmasked"])
    try:
        configs = tuple(CharAttnConfig(text=text, masked=masked) for masked in (True, False))
    except ValueError as error:
        st.error(S["bad_input"].format(message=explain(error, lang)), icon=":material/error:")
        return None
    runs = [trained(c, label=S["lm_training"].format(name=name)) for name, c in zip(names, configs, strict=True)]
    caption = S["lm_caption"].format(c=configs[0])
    a, b = st.columns([3, 2])
    a.plotly_chart(loss_chart(configs, names, S["lm_loss_title"], caption, lang), key="lm_loss")
    for name, c, run in zip(names, configs, runs, strict=True):
        b.markdown(S["lm_generation"].format(name=name, start=code(text[0]), text=code(generated(c)),
                                             loss=run.losses[-1]))
    st.plotly_chart(maps_chart(configs, names, S["lm_maps_title"], caption, lang), key="lm_maps")
    st.markdown(S["lm_notice"].format(later=later(configs[1])))
    return configs[1]
