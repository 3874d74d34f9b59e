"""The opening lesson, "Sequences and recurrence" (the lecture's start: notes 000-002 and 004): why a recurrent
network, measured; tokens the notes' way; the memory cell unrolled with the notes' equations beside PyTorch's; then
the shapes of recurrence and what a language model is."""

import streamlit as st

from lessons.sequences import cell, challenges, language_model, shapes, tokens, why
from lessons.sequences.question import question
from lessons.sequences.study import BagOfWords, OrderRNN, train
from lessons.sequences.study_cell import row_form, unroll
from lessons.sequences.study_files import lesson_json, order_csv
from lessons.sequences.study_shapes import live_links, lm_data, shapes_data, train_lm
from lessons.sequences.study_tokens import tokenise
from ui import language, later
from ui.skeleton import Download, end, top
from ui.strings import strings
from viz.shapes import shape_diagram, shape_names

lang = language.lang()
S = strings("sequences", lang)
top(S, [S["eq_bag"], S["eq_notes"], S["eq_torch"]])
study, pair = why.why_section(S, lang)
levels = tokens.tokens_section(S, lang)
if levels is not None:
    cell.cell_view(levels["word"], S, lang)
if later.first_screen_only("sequences"):  # the rest follows once this is drawn (ui/later.py)
    st.stop()
shapes.shapes_section(S, lang)
language_model.language_model_section(S, lang)


def later_sections() -> dict:
    """The shapes and the language models, for the JSON download (written when it is clicked)."""
    return {"shapes": shapes_data(S["shapes_rows"], shape_names(lang), S["shapes_recall_key"]),
            "language_model": {level: lm_data(s) for level, s in language_model.models(S).items()}}


end(S, question(study, S),
    code=(BagOfWords, OrderRNN, train, tokenise, row_form, unroll, shape_diagram, live_links, train_lm),
    downloads=(Download("csv", "sequences_order_task.csv", lambda: order_csv(study).encode("utf-8-sig")),
               Download("json", "sequences.json", lambda: lesson_json(study, pair, levels, later_sections()))),
    challenges=challenges.challenges(study, pair, levels, S))
