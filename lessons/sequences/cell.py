"""Sequences lesson, section 3: the memory cell unrolled on the sentence's one-hot tokens with the notes' equations
(note 001, row vectors), PyTorch's column form beside them with the same numbers, a check that they agree, and the
parameter count against T (a fragment: the cell's size and seed rerun only this)."""

from __future__ import annotations

import streamlit as st

from lessons.sequences.cell_charts import count_chart, counts, h_chart, unrolled
from lessons.sequences.cell_latex import Lines, lines
from lessons.sequences.study_cell import MAX_T, notes_count
from lessons.sequences.study_files import cell_json
from lessons.sequences.study_tokens import Tokens
from ui.latex import latex
from ui.safe import code

SHOWN = 3  # steps written out as the notes write them (h_1, h_2, h_3); later ones in an expander
SIDE_BY_SIDE = 4  # the weights of both forms fit side by side up to this vocabulary and hidden size


def _weights(S: dict, L: Lines, tokens: Tokens, hidden: int) -> None:
    """The two forms' weights side by side while they fit half the page, else one under the other."""
    left, right = st.columns(2) if max(tokens.V, hidden) <= SIDE_BY_SIDE else (st.container(), st.container())
    left.markdown(f"**{S['form_notes']}**")
    latex(L.notes_weights, left)
    right.markdown(f"**{S['form_torch']}**")
    latex(L.torch_weights, right)
    st.caption(S["weights_link"])


def _step(S: dict, L: Lines, tokens: Tokens, t: int) -> None:
    st.markdown(S["step_token"].format(t=t, token=code(tokens.tokens[t - 1]), id=tokens.ids[t - 1]))
    latex(L.steps[t - 1])


def _steps(S: dict, L: Lines, tokens: Tokens) -> None:
    """h_1, h_2, h_3 as in the notes; the later steps in an expander whose equations are sent only while it is open
    (as "show the code"); then ŷ_T both ways."""
    st.markdown(f"**{S['unrolled_heading']}**")
    for t in range(1, min(tokens.T, SHOWN) + 1):
        _step(S, L, tokens, t)
    if tokens.T > SHOWN:
        box = st.expander(S["later_steps"].format(first=SHOWN + 1, T=tokens.T), key="later_steps",
                          on_change="rerun")
        if box.open:
            with box:
                for t in range(SHOWN + 1, tokens.T + 1):
                    _step(S, L, tokens, t)
    latex(L.outputs)


@st.fragment
def cell_view(tokens: Tokens, S: dict, lang: str) -> None:
    st.subheader(S["cell_heading"])
    st.markdown(S["cell_intro"])
    left, right = st.columns(2)
    hidden = int(left.slider(S["cell_hidden_label"], 1, 4, 2, key="cell_hidden", bind="query-params",
                             help=S["cell_hidden_help"]))
    seed = int(right.number_input(S["cell_seed_label"], 0, 99_999, 0, key="cell_seed", bind="query-params",
                                  help=S["cell_seed_help"]))
    u, L = unrolled(tokens, hidden, seed), lines(tokens, hidden, seed)
    caption = S["cell_caption"].format(H=hidden, V=tokens.V, seed=seed)
    _weights(S, L, tokens, hidden)
    _steps(S, L, tokens)
    st.success(S["forms_agree"].format(gap=u.gap, torch=u.torch_gap), icon=":material/check_circle:")
    st.plotly_chart(h_chart(tokens, hidden, seed, caption, lang), key="cell_h")
    st.markdown(S["stacked_intro"].format(t=L.stacked_t, H=hidden, I=tokens.V, cols=tokens.V + hidden))
    latex(L.stacked)
    st.markdown(S["shared_intro"])
    c = counts(tokens.V, hidden)
    st.markdown(S["shared_numbers"].format(T=tokens.T, rnn=int(c["rnn"][0]), notes=notes_count(tokens.V, hidden),
                                           H=hidden, window=int(c["window"][tokens.T - 1]), max_T=MAX_T,
                                           window_max=int(c["window"][-1])))
    st.plotly_chart(count_chart(tokens.V, hidden, tokens.T, caption, lang), key="cell_counts")
    st.download_button(S["download_cell"], lambda: cell_json(u, tokens), "sequences_cell.json", "application/json",
                       on_click="ignore", key="download_cell")
