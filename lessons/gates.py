"""Lesson 3, inside the gates: an LSTM and a GRU trained on one text, every gate at every step, broken on purpose."""

import streamlit as st

from core.gates import MAX_HIDDEN, PRESETS, GatesConfig, study
from core.gru_forms import reset_before
from core.recurrent import GRU, LSTM, equation
from lessons import gates_break, gates_extras, gates_matrix, gates_step
from ui.store import cached_run
from ui.strings import strings

S = strings("gates")
SOURCES = {S["source_brackets"]: "brackets", S["source_hello"]: "hello", S["source_own"]: "own"}

st.title(f"{S['icon']} {S['title']}")
st.markdown(S["why"])
st.subheader(S["equation_heading"])
st.caption(S["equation_intro"])
left, right = st.columns(2)
with left:
    st.markdown(f"**{S['lstm_heading']}**")
    st.latex(S["lstm_notes"])
with right:
    st.markdown(f"**{S['gru_heading']}**")
    st.latex(equation(GRU))
st.caption(S["equation_sources"])
with st.expander(S["pytorch_forms"]):
    st.latex(equation(LSTM))
    st.caption(S["pytorch_forms_note"])
    st.latex(equation(reset_before))

st.subheader(S["controls_heading"])
a, b, c = st.columns([3, 2, 1])
source = SOURCES[a.radio(S["source_label"], list(SOURCES), key="source", bind="query-params", horizontal=True,
                         help=S["source_help"])]
if source == "own":
    text = a.text_input(S["text_label"], "the cat sat on the mat", key="text", bind="query-params",
                        help=S["text_help"])
else:
    text = PRESETS[source]
    a.code(text, language=None)
hidden = b.slider(S["hidden_label"], 2, MAX_HIDDEN, GatesConfig.hidden_size, key="H", bind="query-params",
                  help=S["hidden_help"])
steps = b.select_slider(S["steps_label"], [100, 200, 300, 500, 800], GatesConfig.steps, key="steps",
                        bind="query-params")
seed = c.number_input(S["seed_label"], 0, 99_999, 0, key="seed", bind="query-params")

try:
    config = GatesConfig(text=text, hidden_size=int(hidden), steps=int(steps), seed=int(seed))
    s = cached_run(("gates", config), lambda on_step: study(config, on_step), S["training"])
except ValueError as error:  # the core's messages say what to change
    st.error(S["bad_input"].format(message=error), icon=":material/error:")
    st.stop()

caption = S["caption"].format(hidden=hidden, steps=steps, lr=config.lr, seed=seed)
gates_step.train_summary(s, S)
gates_step.step_view(s, S, caption)
gates_matrix.matrix_section(s, S, caption)
gates_matrix.saturation_section(s, S, caption)
gates_break.break_view(s, S, caption)
gates_break.gru_forms_section(s, S, caption)
gates_extras.cost_section(s, S)
gates_extras.trajectory_section(s, S, caption)
gates_extras.closing_sections(s, S)
