"""Sequences and recurrence, section 4: the shapes of recurrence (moved here from the old shapes page). One cell wired
seven ways, each drawn unrolled on the tokens of the task in this lab that uses it, beside the names the lecture notes
give it, the applications they list and links to the views that run it live (set up like the diagram). A fragment:
moving T reruns only the diagrams. Note 000's one-to-many example is checked against the live hello model."""

import streamlit as st

from core.limits import MAX_LAYERS
from core.recall import RecallConfig
from lessons.sequences import study_shapes as study
from lessons.sequences.language_model import models
from ui.callout import notes_say
from ui.registry import LESSONS, icon, title
from ui.store import shared
from viz.shapes import shape_diagram

CHARTS = 128  # seven shapes x seven T, in a language or two
TEXT_WIDTH = 6.0  # the text beside a diagram, in the diagram's columns: a 5-column diagram gets 45 % of the row
KEY = "shapes_T"  # the slider's key and address parameter (the old shapes page's ?T= is moved here by shapes_moved)


@shared(16)
def drawn(T: int, recall_key: str) -> dict[str, study.Tokens]:
    return study.tokens(T, recall_key)


@shared(16)
def linked(T: int) -> dict[str, tuple[study.Link, ...]]:
    return study.live_links(T)


@shared(CHARTS)
def diagram(kind: str, T: int, recall_key: str, caption: str, lang: str):
    inputs, outputs = drawn(T, recall_key)[kind]
    return shape_diagram(kind, list(inputs), list(outputs), caption, lang=lang)


def span(fig) -> float:
    """How many columns (time steps) a diagram spans, so that a wide one gets the room its boxes need."""
    low, high = fig.layout_spec["xaxis"]["range"]
    return high - low


def fields(T: int, found: dict[str, study.Tokens]) -> dict[str, dict]:
    """The numbers each shape's caption, text and link labels are written with, by kind."""
    recall = RecallConfig()
    n = len(found["encoder_decoder"][0])
    english = " ".join(found["encoder_decoder"][0])
    return {"one_to_one": dict(text=study.TEXT[:2]), "one_to_many": dict(text=study.TEXT[:T + 1], T=T),
            "many_to_one": dict(d=len(found["many_to_one"][0]) - 2, K=recall.symbols, first=recall.symbols,
                                last=recall.vocab_size - 2),
            "encoder_decoder": dict(n=n, sentence=english), "synced": dict(text=study.TEXT[:T + 1].strip(), T=T),
            "bidirectional": dict(n=n, sentence=english), "stacked": dict(layers=MAX_LAYERS)}


def links(kind: str, T: int, row: dict, values: dict, lang: str) -> None:
    """Page links to the views that run this shape live, each with the address settings of the diagram."""
    registered = {lesson.key: lesson for lesson in LESSONS}
    for key, settings in linked(T)[kind]:
        if key in registered:  # a lesson left out of a build has no page to link to
            lesson = registered[key]
            label = f"{title(lesson, lang)} · {row['links'][key].format(**values)}"
            st.page_link(lesson.path, label=label, icon=icon(lesson), query_params={**dict(settings), "lang": lang})


def one_shape(row: dict, T: int, values: dict, S: dict, lang: str) -> None:
    """A diagram, and beside it the notes' names, the notes' applications, this lab's use and the live links."""
    kind = row["kind"]
    fig = diagram(kind, T, S["shapes_recall_key"], S[f"shapes_chart_{kind}"].format(**values), lang)
    with st.container(border=True):
        left, right = st.columns([min(max(span(fig), 5.0), 16.0), TEXT_WIDTH], vertical_alignment="center")
        left.plotly_chart(fig, key=f"shape_{kind}")
        right.markdown(f"**{S['shapes_notes_label']}** {row['notes']}\n\n**{S['shapes_apps_label']}** {row['apps']}"
                       f"\n\n**{S['shapes_lab_label']}** {S[f'shapes_lab_{kind}'].format(**values)}")
        links(kind, T, row, values, lang)  # the whole width, so a long label is not cut


def one_to_many_callout(S: dict, lang: str) -> None:
    """Note 000 gives "a sentence in, its next word out" as one to many; the live hello model shows what it is."""
    s = models(S)["char"]
    task, T = s.task, s.task.T
    read = ", ".join(task.vocab[i] for i in task.inputs)
    due = ", ".join(task.vocab[i] for i in task.targets)
    last = task.vocab[task.targets[-1]]
    context = "".join(task.vocab[i] for i in task.inputs)
    measured = S["shapes_callout_measured"].format(T=T, read=read, due=due, right=s.right, last=last,
                                                   context=context, p=s.probs[-1, task.targets[-1]])
    notes_say("000", S["shapes_callout_said"], measured, lang)


def shapes_section(S: dict, lang: str) -> None:
    st.subheader(S["shapes_heading"])
    st.markdown(S["shapes_intro"])
    diagrams(S, lang)
    st.markdown(S["shapes_outro"])


@st.fragment
def diagrams(S: dict, lang: str) -> None:
    """The T slider and the seven shapes: moving it reruns only this."""
    T = int(st.slider(S["shapes_steps_label"], *study.STEPS, 4, key=KEY, bind="query-params",
                      help=S["shapes_steps_help"]))
    st.caption(S["shapes_legend"])
    values = fields(T, drawn(T, S["shapes_recall_key"]))
    for row in S["shapes_rows"]:
        one_shape(row, T, values[row["kind"]], S, lang)
        if row["kind"] == "one_to_many":
            one_to_many_callout(S, lang)
