"""RNN shapes: one cell, wired six ways, each drawn unrolled on the tokens of the task in this lab that uses it."""

import streamlit as st

from core.equations import equation
from core.grammar import sample
from core.recall import make_batch
from core.recurrent import RNN
from core.text import make_task
from lessons.shapes import diagrams, table
from lessons.shapes.question import question
from lessons.shapes.study import table_csv, table_json
from ui import language
from ui.skeleton import Download, end, top
from ui.strings import strings
from viz.shapes import shape_diagram, shape_names

lang = language.lang()
S = strings("shapes", lang)
COLUMNS = strings("shapes", "en")["table_columns"]  # the CSV's header: one English schema in both languages


def equations() -> None:
    """The notes' form of the cell, then PyTorch's (the first lesson's), with a word on the difference between."""
    st.latex(S["equation"])
    st.caption(S["equation_note"])
    st.latex(equation(RNN))


top(S, equations)
diagrams.diagrams(S, lang)
table.table_section(S, lang)
end(S, question(S, lang), code=(make_task, make_batch, sample, RNN, shape_diagram),
    downloads=(Download("csv", "rnn_shapes.csv", lambda: table_csv(S["rows"], COLUMNS, shape_names(lang))),
               Download("json", "rnn_shapes.json", lambda: table_json(S["rows"], shape_names(lang), S["recall_key"]))))
