"""Lesson 3, inside the gates: an LSTM and a GRU trained on one text, every gate at every step, broken on purpose."""

import streamlit as st

from core.cell import pinned
from core.equations import equation
from core.errors import explain
from core.recurrent import GRU, LSTM
from lessons.gates import (
    breaking,
    challenges,
    cost,
    downloads,
    forms,
    matrix,
    notes,
    path,
    saturation,
    stepping,
    training,
)
from lessons.gates.question import question
from lessons.gates.study import MAX_HIDDEN, PRESETS, GatesConfig
from lessons.gates.study_break import cell_gradient, highway
from lessons.gates.study_forms import ResetBefore
from lessons.gates.study_notes import OutputWithoutTanh
from ui import language, later
from ui.choices import choice, legacy
from ui.latex import latex
from ui.safe import code
from ui.skeleton import Download, end, top
from ui.strings import strings

lang = language.lang()
S = strings("gates", lang)
SOURCES = ("brackets", "hello", "own")  # the address's values: ?source=own


def sources(texts: dict) -> dict[str, str]:
    """key -> the option's label, in the language of ``texts`` (a strings table)."""
    return {key: texts[f"source_{key}"] for key in SOURCES}


slots = {}  # equations() leaves a place under each cell's equations for numbers known once the cells are trained


def equations() -> None:
    """The lecture notes' LSTM; the notes' GRU beside PyTorch's: the GRU's first equations in this lesson."""
    left, right = st.columns(2)
    with left:
        st.markdown(f"**{S['lstm_heading']}**")
        latex(S["lstm_notes"])
        slots["lstm"] = st.container()
    with right:
        st.markdown(f"**{S['gru_notes_heading']}**")
        latex(S["gru_notes"])
        st.markdown(f"**{S['gru_heading']}**")
        latex(equation(GRU))
        slots["gru"] = st.container()


with top(S, equations):
    with st.expander(S["pytorch_forms"]):  # PyTorch's LSTM and the GRU's other reset placement
        latex(equation(LSTM))
        st.caption(S["pytorch_forms_note"])
        latex(equation(ResetBefore))
    with st.expander(S["names_heading"]):  # the notes' names for every part, and ours
        st.markdown(S["names"])

st.subheader(S["controls_heading"])
a, b, c = st.columns([3, 2, 1])
source = choice(a.radio, S["source_label"], sources(S), "source", aliases=legacy(sources(strings("gates", "en"))),
                horizontal=True, help=S["source_help"])
if source == "own":
    text = a.text_input(S["text_label"], "the cat sat on the mat", key="text", bind="query-params",
                        help=S["text_help"])
else:
    text = PRESETS[source]
    a.markdown(code(text))  # a code span, not st.code: see lessons/gates/breaking.aligned
hidden = b.slider(S["hidden_label"], 2, MAX_HIDDEN, GatesConfig.hidden_size, key="H", bind="query-params",
                  help=S["hidden_help"])
steps = b.select_slider(S["steps_label"], [100, 200, 300, 500, 800], GatesConfig.steps, key="steps",
                        bind="query-params")
seed = c.number_input(S["seed_label"], 0, 99_999, 0, key="seed", bind="query-params")

try:
    config = GatesConfig(text=text, hidden_size=int(hidden), steps=int(steps), seed=int(seed))
    s = training.trained(config, label=S["training"])
except ValueError as error:  # the core's messages say what to change
    st.error(S["bad_input"].format(message=explain(error, lang)), icon=":material/error:")
    st.stop()

caption = S["caption"].format(hidden=hidden, steps=steps, lr=config.lr, seed=seed)
notes.under_equations(s, S, slots, lang)
training.train_summary(s, S)
stepping.step_view(s, S, caption, lang)
if later.first_screen_only("gates"):  # the rest follows once this is drawn (ui/later.py)
    st.stop()
matrix.matrix_section(s, S, caption, lang)
saturation.saturation_section(s, S, caption, lang)
breaking.break_view(s, S, caption, lang)
forms.forms_section(s, S, caption, lang)
cost.cost_section(s, S, lang)
path.path_section(s, S, caption, lang)
end(S, question(s, S), code=(pinned, LSTM, GRU, ResetBefore, OutputWithoutTanh, cell_gradient, highway),
    downloads=(Download("csv", "gates_trace.csv", lambda: downloads.csv_file(s)),
               Download("json", "gates_config.json", lambda: downloads.json_file(s))),
    challenges=challenges.challenges(s, S))
