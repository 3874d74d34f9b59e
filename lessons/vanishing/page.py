"""Lesson 2, vanishing and exploding gradients: one input, three cells, the gradient measured going back."""

import streamlit as st

from core import gradients, jacobians
from core.errors import explain
from lessons.vanishing import challenges, curves, depth, example, labs, maps, study_notes, walk
from lessons.vanishing.question import question
from lessons.vanishing.study import MAX_HIDDEN, MAX_T, FlowConfig, build_cell
from lessons.vanishing.study_downloads import config_json, curves_csv
from ui import language, later
from ui.choices import choice, legacy
from ui.skeleton import Download, end, top
from ui.strings import strings

lang = language.lang()
S, E = strings("vanishing", lang), strings("vanishing", "en")
SIZE_NAMES = {"radius": "ρ(W_hh)", "sigma": "σ_max(W_hh)"}  # symbols: the same in both languages


# Options are keys, also the address values (?input=text, ?measure=sigma); their labels come from the strings. Links
# from before the translation carried the English label: through the aliases they still open the same view.
def sources(S: dict) -> dict[str, str]:
    return {"random": S["source_random"], "text": S["source_text"]}


def scale_kinds(S: dict) -> dict[str, str]:
    return {"radius": S["scale_radius"], "sigma": S["scale_sigma"]}


top(S, [S["chain"], S["bound"], S["lstm_path"]])
example.example_section(S, lang)  # note 004's dh_3/dh_1, its own controls

st.subheader(S["controls_heading"])
left, middle, right = st.columns(3)
source = choice(left.radio, S["source_label"], sources(S), "input", aliases=legacy(sources(E)), horizontal=True)
if source == "text":
    text = left.text_input(S["text_label"], FlowConfig.text, key="text", bind="query-params", help=S["text_help"])
    length = FlowConfig.length
else:
    text = FlowConfig.text
    length = left.slider(S["length_label"], 2, MAX_T, FlowConfig.length, key="T", bind="query-params")
hidden = left.slider(S["hidden_label"], 1, MAX_HIDDEN, FlowConfig.hidden_size, key="H", bind="query-params")
scale = middle.slider(S["scale_label"], 0.1, 3.0, FlowConfig.scale, step=0.05, key="scale", bind="query-params",
                      help=S["scale_help"])
scale_kind = choice(middle.radio, S["scale_kind_label"], scale_kinds(S), "measure", aliases=legacy(scale_kinds(E)),
                    horizontal=True)
input_scale = middle.slider(S["input_scale_label"], 0.0, 5.0, FlowConfig.input_scale, step=0.1, key="input_scale",
                            bind="query-params", help=S["input_scale_help"])
forget = right.slider(S["forget_label"], 0.0, 5.0, FlowConfig.forget_bias, step=0.25, key="forget",
                      bind="query-params", help=S["forget_help"])
seed = right.number_input(S["seed_label"], 0, 99_999, 0, key="seed", bind="query-params")
dtype = right.radio(S["dtype_label"], ["float32", "float64"], key="dtype", bind="query-params", horizontal=True,
                    help=S["dtype_help"])

try:
    config = FlowConfig(source=source, text=text, length=int(length), hidden_size=int(hidden),
                        scale=float(scale), scale_kind=scale_kind, input_scale=float(input_scale),
                        forget_bias=float(forget), seed=int(seed), dtype=dtype)
    s = curves.studied(config)
except ValueError as error:  # the core's messages say what to change
    st.error(S["bad_input"].format(message=explain(error, lang)), icon=":material/error:")
    st.stop()

caption = S["caption"].format(hidden=hidden, size=SIZE_NAMES[config.scale_kind], scale=scale,
                              input_scale=input_scale, forget=forget, seed=seed, dtype=dtype, T=s.T)

chosen = {}  # the threshold the curves fragment shows, for the JSON download (read when it is clicked)
curves.curves_section(s, S, caption, chosen, lang)
maps.map_section(s, S, caption, lang)
walk.walk_view(s, S, caption, lang)
if later.first_screen_only("vanishing"):  # the rest follows once this is drawn (ui/later.py)
    st.stop()
depth.depth_section(config, S, caption, lang)
labs.clipping_section(S, lang)
labs.recall_section(S, lang)
end(S, question(s, S),
    code=(jacobians.rnn_jacobians, jacobians.lstm_jacobians, gradients.norms_to_end, gradients.norms_from_jacobians,
          gradients.subspace_iteration, gradients.pascanu_bound, build_cell, study_notes.example),
    downloads=(Download("csv", "vanishing_curves.csv", lambda: curves_csv(s).encode("utf-8-sig")),
               Download("json", "vanishing_config.json", lambda: config_json(s, float(chosen["threshold"])))),
    challenges=challenges.challenges(s, S))
