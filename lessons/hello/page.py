"""Lesson 1, "Hello, RNN": train a character model on a word and look inside it."""

import streamlit as st

from core import bptt, numpy_rnn
from core.charlm import HelloConfig
from core.equations import equation
from core.errors import explain
from core.recurrent import CELLS, KIND
from lessons.hello import (
    blurring,
    challenges,
    gradients,
    gru_forms,
    sampling,
    snapshots,
    stepping,
    terms,
    training,
    truncation,
)
from lessons.hello.question import question
from lessons.hello.study import config_json, trace_csv
from ui import language, later
from ui.latex import latex
from ui.skeleton import Download, end, top
from ui.strings import strings

lang = language.lang()
S = strings("hello", lang)
equations = top(S)  # the cell's equations follow the choice of cell, made below

st.subheader(S["controls_heading"])
left, middle, right = st.columns([2, 2, 1])
text = left.text_input(S["text_label"], value="hello", key="text", bind="query-params", help=S["text_help"])
cell_name = left.radio(S["cell_label"], list(KIND), key="cell", bind="query-params", horizontal=True,
                       help=S["cell_help"])  # a name in every language, so also the address value: ?cell=LSTM
cell = KIND[cell_name]
hidden = middle.slider(S["hidden_label"], 1, 64, 3, key="hidden", bind="query-params", help=S["hidden_help"])
steps = middle.slider(S["steps_label"], 10, 1000, 100, step=10, key="steps", bind="query-params")
lr = right.select_slider(S["lr_label"], [0.003, 0.01, 0.03, 0.1, 0.3], value=0.1, key="lr", bind="query-params")
seed = right.number_input(S["seed_label"], 0, 99_999, 0, key="seed", bind="query-params", help=S["seed_help"])

with equations:
    latex(equation(CELLS[cell]))
    latex(S["readout"].format(target=S["readout_target"]))
    logits = st.empty()  # names the logits and the vocabulary's size, once the text is known
    gru_box = st.container()  # the GRU in the notes' form, with the trained model's numbers

try:
    config = HelloConfig(text=text, cell=cell, hidden_size=int(hidden), lr=float(lr), steps=int(steps),
                         seed=int(seed))
    s = training.trained(config, label=S["training"])
except ValueError as error:  # the core's messages say what to change
    st.error(S["bad_text"].format(message=explain(error, lang)), icon=":material/error:")
    st.stop()

logits.caption(S["readout_logit"].format(V=s.result.task.V))
if cell == "gru":
    with gru_box:
        gru_forms.gru_view(s, S, lang)
caption = S["caption"].format(cell=cell_name, hidden=hidden, seed=seed, steps=steps, lr=lr)
training.train_section(s, S, caption, lang)
snapshots.snapshot_section(s, S, caption, lang)
stepping.step_view(s, S, caption, lang)
if later.first_screen_only("hello"):  # the rest follows once this is drawn (ui/later.py)
    st.stop()
gradients.loss_section(s, S, caption, lang)
gradients.gradient_section(s, S, caption, lang)
terms.terms_view(s, S, caption, lang)
blurring.blurring_section(s, S, caption, lang)
truncation.truncation_view(s, S, caption, lang)
sampling.sample_view(s, S, caption, lang)
end(S, question(s, S), code=(CELLS[cell], numpy_rnn.forward_backward, bptt.gradient_flow, bptt.chunked_flow),
    downloads=(Download("csv", "hello_trace.csv", lambda: trace_csv(s).encode("utf-8-sig")),
               Download("json", "hello_config.json", lambda: config_json(s))),
    challenges=challenges.challenges(s, S))
