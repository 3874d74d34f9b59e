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
from ui.skeleton import Download, end, top
from ui.strings import strings
from viz.shapes import SHAPE_NAMES, shape_diagram

S = strings("shapes")


def equations() -> None:
    """The notes' form of the cell, then PyTorch's (the first lesson's), with a word on the difference between."""
    st.latex(S["equation"])
    st.caption(S["equation_note"])
    st.latex(equation(RNN))


top(S, equations)
diagrams.diagrams(S)
table.table_section(S)
end(S, question(S), code=(make_task, make_batch, sample, RNN, shape_diagram),
    downloads=(Download("csv", "rnn_shapes.csv", lambda: table_csv(S["rows"], S["table_columns"], SHAPE_NAMES)),
               Download("json", "rnn_shapes.json", lambda: table_json(S["rows"], SHAPE_NAMES, S["recall_key"]))))
