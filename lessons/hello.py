"""Lesson 1, "Hello, RNN": train a character model on a word and look inside it."""

import streamlit as st

from core.charlm import HelloConfig
from core.hello import study
from core.recurrent import CELLS, equation
from lessons import hello_extras, hello_gradients, hello_step
from ui.store import cached_run
from ui.strings import strings

S = strings("hello")
CELL_NAMES = {"RNN": "rnn", "LSTM": "lstm", "GRU": "gru"}  # the label is also the URL value: ?cell=LSTM

st.title(f"{S['icon']} {S['title']}")
st.markdown(S["why"])
equation_box = st.container()

st.subheader(S["controls_heading"])
left, middle, right = st.columns([2, 2, 1])
text = left.text_input(S["text_label"], value="hello", key="text", bind="query-params", help=S["text_help"])
cell_name = left.radio(S["cell_label"], list(CELL_NAMES), key="cell", bind="query-params", horizontal=True,
                       help=S["cell_help"])
cell = CELL_NAMES[cell_name]
hidden = middle.slider(S["hidden_label"], 1, 64, 3, key="hidden", bind="query-params", help=S["hidden_help"])
steps = middle.slider(S["steps_label"], 10, 1000, 100, step=10, key="steps", bind="query-params")
lr = right.select_slider(S["lr_label"], [0.003, 0.01, 0.03, 0.1, 0.3], value=0.1, key="lr", bind="query-params")
seed = right.number_input(S["seed_label"], 0, 99_999, 0, key="seed", bind="query-params", help=S["seed_help"])

with equation_box:
    st.subheader(S["equation_heading"])
    st.caption(S["equation_intro"])
    st.latex(equation(CELLS[cell]))
    st.latex(S["readout"])

try:
    config = HelloConfig(text=text, cell=cell, hidden_size=int(hidden), lr=float(lr), steps=int(steps),
                         seed=int(seed))
    s = cached_run(("hello", config), lambda on_step: study(config, on_step), S["training"])
except ValueError as error:  # the core's messages say what to change
    st.error(S["bad_text"].format(message=error), icon=":material/error:")
    st.stop()

caption = S["caption"].format(cell=cell_name, hidden=hidden, seed=seed, steps=steps, lr=lr)
hello_step.train_section(s, S, caption)
hello_step.step_view(s, S, caption)
hello_gradients.loss_section(s, S, caption)
hello_gradients.gradient_section(s, S, caption)
hello_gradients.truncation_view(s, S, caption)
hello_extras.sample_view(s, S, caption)
hello_extras.closing_sections(s, S)
