"""Lesson 2, vanishing and exploding gradients: one input, three cells, the gradient measured going back."""

import streamlit as st

from core.vanishing import MAX_HIDDEN, MAX_T, FlowConfig, study
from lessons import vanishing_extras, vanishing_labs, vanishing_views
from ui.strings import strings

S = strings("vanishing")
SOURCES = {S["source_random"]: "random", S["source_text"]: "text"}
SCALE_KINDS = {S["scale_radius"]: "radius", S["scale_sigma"]: "sigma"}


@st.cache_resource(max_entries=32, show_spinner=False)
def cached_study(config: FlowConfig):
    return study(config)


st.title(f"{S['icon']} {S['title']}")
st.markdown(S["why"])
st.subheader(S["equation_heading"])
st.caption(S["equation_intro"])
st.latex(S["chain"])
st.latex(S["bound"])
st.latex(S["lstm_path"])
st.caption(S["bound_source"])

st.subheader(S["controls_heading"])
left, middle, right = st.columns(3)
source = left.radio(S["source_label"], list(SOURCES), key="input", bind="query-params", horizontal=True)
if SOURCES[source] == "text":
    text = left.text_input(S["text_label"], FlowConfig.text, key="text", bind="query-params", help=S["text_help"])
    length = FlowConfig.length
else:
    text = FlowConfig.text
    length = left.slider(S["length_label"], 2, MAX_T, FlowConfig.length, key="T", bind="query-params")
hidden = left.slider(S["hidden_label"], 1, MAX_HIDDEN, FlowConfig.hidden_size, key="H", bind="query-params")
scale = middle.slider(S["scale_label"], 0.1, 3.0, FlowConfig.scale, step=0.05, key="scale", bind="query-params",
                      help=S["scale_help"])
scale_kind = middle.radio(S["scale_kind_label"], list(SCALE_KINDS), key="measure", bind="query-params",
                          horizontal=True)
input_scale = middle.slider(S["input_scale_label"], 0.0, 5.0, FlowConfig.input_scale, step=0.1, key="input_scale",
                            bind="query-params", help=S["input_scale_help"])
forget = right.slider(S["forget_label"], 0.0, 5.0, FlowConfig.forget_bias, step=0.25, key="forget",
                      bind="query-params", help=S["forget_help"])
seed = right.number_input(S["seed_label"], 0, 99_999, 0, key="seed", bind="query-params")
dtype = right.radio(S["dtype_label"], ["float32", "float64"], key="dtype", bind="query-params", horizontal=True,
                    help=S["dtype_help"])

try:
    config = FlowConfig(source=SOURCES[source], text=text, length=int(length), hidden_size=int(hidden),
                        scale=float(scale), scale_kind=SCALE_KINDS[scale_kind], input_scale=float(input_scale),
                        forget_bias=float(forget), seed=int(seed), dtype=dtype)
    s = cached_study(config)
except ValueError as error:  # the core's messages say what to change
    st.error(S["bad_input"].format(message=error), icon=":material/error:")
    st.stop()

size_name = "ρ(W_hh)" if config.scale_kind == "radius" else "σ_max(W_hh)"
caption = S["caption"].format(hidden=hidden, size=size_name, scale=scale, input_scale=input_scale, forget=forget,
                              seed=seed, dtype=dtype, T=s.T)

chosen = {}  # the threshold the curves fragment shows, for the JSON download (read when it is clicked)
vanishing_views.curves_section(s, S, caption, chosen)
vanishing_views.map_section(s, S, caption)
vanishing_views.walk_view(s, S, caption)
vanishing_views.depth_section(config, S, caption)
vanishing_labs.clipping_section(S)
vanishing_labs.recall_section(S)
vanishing_extras.closing_sections(s, S, chosen)
